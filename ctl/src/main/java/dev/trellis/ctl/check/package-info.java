/**
 * {@code meshctl check}: whether this host (a lab host or a cluster node) has what Trellis needs, each check
 * a small class returning a {@link dev.trellis.ctl.check.CheckResult} with a hint when it fails.
 */
package dev.trellis.ctl.check;
