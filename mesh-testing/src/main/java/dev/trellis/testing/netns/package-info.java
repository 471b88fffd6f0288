/**
 * The network-namespace harness: simulated hosts as namespaces, joined by veth pairs and bridges, with
 * addresses only from 198.18.0.0/15 and fd00:7472::/32, always removed afterwards (also after a crash: names
 * carry the creating process's pid, and namespaces of dead processes are swept on the next run).
 */
package dev.trellis.testing.netns;
