/** Helpers for tunnel tests and benchmarks: a plain TCP entry point that forwards into HBONE. */
package dev.trellis.testing.hbone;
