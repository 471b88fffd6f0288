/** Tests of the proxy-side mesh model. */
package dev.trellis.core.model;
