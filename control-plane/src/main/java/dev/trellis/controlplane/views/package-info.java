/**
 * What each proxy is sent, cut from one translated mesh model: {@link
 * dev.trellis.controlplane.views.ProxyViews} encodes the model once (workloads and services are shared by
 * every node-agent) and memoizes each proxy's resource set, so a change reaches 1,000 proxies at the cost
 * of one translation plus one small per-proxy selection.
 */
package dev.trellis.controlplane.views;
