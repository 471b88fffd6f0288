/** Waiting between failed attempts: exponential {@link dev.trellis.core.retry.Backoff}. */
package dev.trellis.core.retry;
