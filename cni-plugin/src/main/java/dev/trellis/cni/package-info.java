/**
 * The chained CNI plugin {@code trellis-cni}: {@link dev.trellis.cni.CniMain}, the small launcher the runtime
 * executes; sub-packages hold the spec edge ({@code spec}), the launcher ↔ node-agent frames ({@code wire}), the
 * redirection rules ({@code rules}), the node-agent side ({@code server}) and the installer ({@code install}).
 */
package dev.trellis.cni;
