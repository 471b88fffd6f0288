/** The upstream of every load run: a TCP echo server on loopback. */
package dev.trellis.bench.echo;
