/**
 * meshctl's side of the control plane's store API (mesh-api {@code trellis.store.v1}): the connection
 * (TLS verified against the mesh's roots, the admin token as a bearer credential), reading YAML from files,
 * directories or stdin, and turning stored objects into rows for {@code meshctl get}.
 */
package dev.trellis.ctl.store;
