/**
 * The local store: the cluster's resources (Namespace, Pod, Service, ServiceAccount, Gateway, HTTPRoute,
 * GRPCRoute, AuthorizationPolicy, TrafficPolicy) as typed immutable records, read and validated from YAML,
 * held by {@link dev.trellis.controlplane.store.LocalStore} and fed from a directory of files by
 * {@link dev.trellis.controlplane.store.DirectoryStore}.
 *
 * <p>Every object is validated on the way in: a bad object is refused with a message naming where it came
 * from, which object it is and the field path, and it never replaces the good version the store holds.
 * YAML and its untyped maps stop at this package's edge; what leaves it is records.
 */
package dev.trellis.controlplane.store;
