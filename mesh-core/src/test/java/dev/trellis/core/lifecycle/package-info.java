/** Tests of {@code dev.trellis.core.lifecycle}. */
package dev.trellis.core.lifecycle;
