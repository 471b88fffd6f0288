/**
 * The node-agent's side of the CNI plugin, hosted in the node-agent process: {@link
 * dev.trellis.cni.server.CniServer} receives forwarded requests, {@link dev.trellis.cni.server.CniRequestHandler}
 * carries them out, {@link dev.trellis.cni.server.PodCapture} installs or removes a pod's redirection and hands it
 * over. The node-agent implements {@link dev.trellis.cni.server.CaptureDecider} and {@link
 * dev.trellis.cni.server.PodHandoff}.
 */
package dev.trellis.cni.server;
