/** The control plane at scale: 100,000 pods, 10,000 services, 1,000 nodes, 1,000 subscriber streams. */
package dev.trellis.bench.controlplane;
