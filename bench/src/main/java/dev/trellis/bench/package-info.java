/**
 * Benchmarks of Trellis against peers (JMH and load runs).
 */
package dev.trellis.bench;
