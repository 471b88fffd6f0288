/** Time for tests: a clock that moves only when told to. */
package dev.trellis.testing.time;
