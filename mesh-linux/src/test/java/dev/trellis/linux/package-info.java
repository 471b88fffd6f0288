/** Tests of the kernel calls in real network namespaces (root; CI runs them as root). */
package dev.trellis.linux;
