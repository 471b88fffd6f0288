/** Tests of the CNI spec edge: JSON, request parsing, error documents. */
package dev.trellis.cni.spec;
