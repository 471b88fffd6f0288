/** Per-proxy views: sharing between proxies and between successive views. */
package dev.trellis.controlplane.views;
