/** The Trellis side of the tunnel benchmark: an HBONE client (entry) and server (exit), one process each. */
package dev.trellis.bench.tunnel;
