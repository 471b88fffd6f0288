/** Tests of the local store: YAML decoding and validation, the store's change rules, the watched directory. */
package dev.trellis.controlplane.store;
