/** Tests of {@code dev.trellis.core.accesslog}. */
package dev.trellis.core.accesslog;
