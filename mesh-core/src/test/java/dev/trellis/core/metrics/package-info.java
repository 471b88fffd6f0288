/** Tests of {@code dev.trellis.core.metrics}. */
package dev.trellis.core.metrics;
