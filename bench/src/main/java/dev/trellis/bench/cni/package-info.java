/**
 * CNI latency benchmark: ADD and DEL of {@code trellis-cni} in the real chain (bridge + host-local, then the
 * installed launcher) over many pod network namespaces, with the node-agent's CNI endpoint running.
 */
package dev.trellis.bench.cni;
