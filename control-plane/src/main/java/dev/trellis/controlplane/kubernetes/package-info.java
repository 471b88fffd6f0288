/**
 * Kubernetes mode of the control plane: informers on the API server whose objects are converted at the edge
 * into the same {@link dev.trellis.controlplane.store.Resource} model the local store holds and applied to
 * that store, so translation and discovery run unchanged. fabric8 types do not leave this package.
 */
package dev.trellis.controlplane.kubernetes;
