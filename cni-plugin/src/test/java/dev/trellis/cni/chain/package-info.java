/**
 * Root-only tests of the whole chain as a container runtime runs it: the real {@code bridge} and
 * {@code host-local} plugins from /usr/lib/cni, then the installed {@code trellis-cni} launcher, each executed with
 * CNI_* variables and the configuration on stdin, against pods that are real network namespaces. The "node" is a
 * network namespace too, so the bridge and veths never touch the host. Helpers here (netns, chain runner,
 * snapshot, original-destination listener) are local to this module until mesh-testing offers them.
 */
package dev.trellis.cni.chain;
