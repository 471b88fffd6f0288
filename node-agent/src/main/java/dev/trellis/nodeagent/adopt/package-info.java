/**
 * Finding pods the CNI plugin never handed over: pods that ran before the node-agent was first installed on
 * the node, and pods the agent skipped before a restart (it forgets them) whose namespace is labelled later.
 * Discovery says which pods are on this node and their addresses; {@link dev.trellis.nodeagent.adopt.NetnsInventory}
 * lists the node's network namespaces, {@link dev.trellis.nodeagent.adopt.PodNetnsFinder} matches addresses to
 * them, and {@link dev.trellis.nodeagent.adopt.PodAdoption} decides which pods are due.
 */
package dev.trellis.nodeagent.adopt;
