/**
 * The local lab: a simulated cluster on one Linux host. Nodes are network namespaces joined by a bridge; pods
 * are network namespaces wired by the real CNI chain inside their node; everything the lab makes is named
 * with the {@code trl-lab} prefix and recorded in its state directory, so that {@code meshctl lab down}
 * removes it all, also after a crash.
 */
package dev.trellis.ctl.lab;
