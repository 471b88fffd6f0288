/**
 * The in-pod redirection rules (DESIGN.md, "Traffic capture"): rendered as text by pure functions
 * ({@link dev.trellis.cni.rules.RedirectionRules}, {@link dev.trellis.cni.rules.RulePlans},
 * {@link dev.trellis.cni.rules.PolicyRoutes}), then written, removed and verified inside a pod's network namespace
 * by {@link dev.trellis.cni.rules.PodRedirection}.
 */
package dev.trellis.cni.rules;
