/**
 * What the node-agent knows: the current {@link dev.trellis.core.model.MeshSnapshot} from discovery and
 * the pods of this node handed over by the CNI plugin, held by {@link dev.trellis.nodeagent.state.ProxyState}.
 */
package dev.trellis.nodeagent.state;
