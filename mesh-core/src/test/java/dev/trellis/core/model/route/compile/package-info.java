/** Table tests of the route compiler with YAML inputs: what compiles to what, and every error message. */
package dev.trellis.core.model.route.compile;
