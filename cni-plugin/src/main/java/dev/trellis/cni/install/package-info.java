/**
 * Installs {@code trellis-cni} on a node from the DaemonSet: the launcher script into the CNI bin directory and
 * our entry last in the primary network's conflist, kept there while the primary CNI rewrites the file, and
 * removed cleanly on uninstall.
 */
package dev.trellis.cni.install;
