/**
 * The access log: one JSON object per line on the dedicated SLF4J logger {@value
 * dev.trellis.core.accesslog.AccessLog#LOGGER_NAME}, so that operators can route it (own appender, own file)
 * apart from the program's log. {@link dev.trellis.core.accesslog.ConnectionLogEntry} holds an L4
 * connection's fields; HTTP request entries will join it for the waypoint.
 */
package dev.trellis.core.accesslog;
