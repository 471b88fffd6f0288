/**
 * The CNI specification at our edge: the runtime's environment and JSON turn into {@link
 * dev.trellis.cni.spec.CniRequest} here, and errors leave in the specification's form. JDK only: the launcher the
 * runtime executes loads these classes and nothing else.
 */
package dev.trellis.cni.spec;
