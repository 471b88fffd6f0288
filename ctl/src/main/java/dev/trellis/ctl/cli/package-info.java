/**
 * The {@code meshctl} commands (picocli): one class per command, each turning flags into a call on the
 * lab or the cluster and its result into a table, JSON or YAML.
 */
package dev.trellis.ctl.cli;
