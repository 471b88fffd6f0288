/** Load generators that report latency percentiles, throughput and the CPU the measured processes used. */
package dev.trellis.bench.load;
