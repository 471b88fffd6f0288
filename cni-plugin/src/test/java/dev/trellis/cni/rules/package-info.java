/** Table tests of the rule text and plans, and root-only tests that apply them in real network namespaces. */
package dev.trellis.cni.rules;
