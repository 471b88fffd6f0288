/**
 * The local store's API for meshctl (mesh-api {@code trellis.store.v1}): apply, delete, list, pod status
 * from the lab's runtime, and waiting for proxies. Stored objects are shown in Kubernetes' JSON shape by
 * {@link dev.trellis.controlplane.api.ResourceJson}.
 */
package dev.trellis.controlplane.api;
