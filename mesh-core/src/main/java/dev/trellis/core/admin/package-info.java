/**
 * The admin HTTP servers a proxy exposes: the admin API on 127.0.0.1:15000 (config dump, log levels, pods),
 * metrics on 15020 and readiness on 15021. Each {@link dev.trellis.core.admin.AdminServer} runs on its own
 * thread, never on a data-plane event loop, and serves pluggable {@link dev.trellis.core.admin.AdminEndpoint}s.
 * {@link dev.trellis.core.admin.Json} renders state trees for {@code /config_dump} and the access log.
 */
package dev.trellis.core.admin;
