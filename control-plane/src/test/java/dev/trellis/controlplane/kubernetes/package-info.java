/** Tests of Kubernetes mode against fabric8's mock API server in CRUD mode. */
package dev.trellis.controlplane.kubernetes;
