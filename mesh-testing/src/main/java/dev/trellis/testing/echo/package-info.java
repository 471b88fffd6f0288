/** A TCP echo server: the upstream of tunnel tests and of every load run. */
package dev.trellis.testing.echo;
