/** Tests of finding pods nobody handed over: the decision with a scripted node, the search in real namespaces. */
package dev.trellis.nodeagent.adopt;
