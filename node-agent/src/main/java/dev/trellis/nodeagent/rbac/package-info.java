/**
 * L4 authorization at the destination's node-agent. {@link dev.trellis.nodeagent.rbac.Authorizer} is a pure
 * function from (policies, {@link dev.trellis.nodeagent.rbac.AuthorizationRequest}) to a
 * {@link dev.trellis.nodeagent.rbac.Decision} that names its reason and policy;
 * {@link dev.trellis.nodeagent.rbac.AuthorizationTelemetry} counts and logs decisions.
 */
package dev.trellis.nodeagent.rbac;
