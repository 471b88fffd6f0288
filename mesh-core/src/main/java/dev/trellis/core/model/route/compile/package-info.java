/**
 * Compiles Gateway API {@code HTTPRoute} and {@code GRPCRoute} objects (plain YAML/JSON trees) into the
 * route model of {@code dev.trellis.core.model.route}, validating every field. A route that fails is
 * reported with its name and the path of the offending field, and compiles to nothing: the caller keeps what
 * it served before.
 */
package dev.trellis.core.model.route.compile;
