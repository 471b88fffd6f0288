/** Tests of the network-namespace harness itself (root). */
package dev.trellis.testing.netns;
