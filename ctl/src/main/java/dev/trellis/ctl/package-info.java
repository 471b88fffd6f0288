/**
 * {@code meshctl}, the command line that installs, inspects and drives Trellis, and runs the local lab.
 */
package dev.trellis.ctl;
