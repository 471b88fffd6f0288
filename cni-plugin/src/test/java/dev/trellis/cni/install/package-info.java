/** Tests of the installer on real directories: conflist edits, launcher script, the watcher, uninstall. */
package dev.trellis.cni.install;
