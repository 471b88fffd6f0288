// Proves that the manifest checks can fail: each mutation breaks one rule in a copy of a good rendering,
// and the check named for that rule must then report a problem (and must pass on the unbroken rendering).
// Usage: node self-test.mjs <rendered-defaults.yaml> <configuration.md>
import { Report, loadDocuments, readText } from "./lib.mjs";
import { invariantChecks } from "./manifest-invariants.mjs";
import { schemaProblem } from "./manifest-schemas.mjs";

const [renderedPath, configurationDocPath] = process.argv.slice(2);
const pristine = loadDocuments(readText(renderedPath));
const configurationDoc = readText(configurationDocPath);
const report = new Report("self-test");

const find = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const agentPod = (objects) => find(objects, "DaemonSet", "trellis-node-agent").spec.template.spec;
const agent = (objects) => agentPod(objects).containers.find((c) => c.name === "node-agent");
const controlPlane = (objects) => find(objects, "Deployment", "trellis-control-plane").spec.template.spec.containers[0];

const INVARIANT_MUTATIONS = [
    ["a privileged container", "read-only root and is not privileged", (o) => { controlPlane(o).securityContext.privileged = true; }],
    ["an extra capability", "only the node-agent container adds", (o) => { agent(o).securityContext.capabilities.add.push("SYS_MODULE"); }],
    ["a capability on the installer", "only the node-agent container adds", (o) => {
        agentPod(o).initContainers[0].securityContext.capabilities.add = ["NET_ADMIN"];
    }],
    ["hostNetwork on the agent", "neither the host network", (o) => { agentPod(o).hostNetwork = true; }],
    ["an API token in the agent", "neither the host network", (o) => { agentPod(o).automountServiceAccountToken = true; }],
    ["a grace period shorter than the drain", "covers TRELLIS_DRAIN_SECONDS", (o) => { agentPod(o).terminationGracePeriodSeconds = 10; }],
    ["the installer as a plain init container", "native sidecar", (o) => { delete agentPod(o).initContainers[0].restartPolicy; }],
    ["a wildcard verb", "no RBAC rule uses a wildcard", (o) => { find(o, "Role", "trellis-control-plane").rules[0].verbs = ["*"]; }],
    ["secrets cluster-wide", "no cluster-wide rights", (o) => {
        find(o, "ClusterRole", "trellis-control-plane-trellis-system").rules.push({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] });
    }],
    ["unnamed secret reads", "no cluster-wide rights", (o) => { delete find(o, "Role", "trellis-control-plane").rules[1].resourceNames; }],
    ["a binding for the agent", "bound to no role", (o) => {
        find(o, "RoleBinding", "trellis-control-plane").subjects.push({ kind: "ServiceAccount", name: "trellis-node-agent", namespace: "trellis-system" });
    }],
    ["no TokenReview right", "may create TokenReviews", (o) => {
        const role = find(o, "ClusterRole", "trellis-control-plane-trellis-system");
        role.rules = role.rules.filter((r) => !r.resources.includes("tokenreviews"));
    }],
    ["a probe on an undeclared port", "name declared container ports", (o) => { agent(o).readinessProbe.httpGet.port = "http-readiness"; }],
    ["a Service selecting nothing", "name declared container ports", (o) => {
        find(o, "Service", "trellis-control-plane").spec.selector["app.kubernetes.io/component"] = "controlplane";
    }],
    ["a PDB selecting nothing", "monitors select", (o) => {
        find(o, "PodDisruptionBudget", "trellis-control-plane").spec.selector.matchLabels["app.kubernetes.io/name"] = "x";
    }],
    ["the admin port exposed", "admin 15000 never exposed", (o) => { agent(o).ports.push({ name: "admin", containerPort: 15000 }); }],
    ["TRELLIS_NODE_NAME missing", "environment of the configuration contract", (o) => {
        agent(o).env = agent(o).env.filter((e) => e.name !== "TRELLIS_NODE_NAME");
    }],
    ["an undocumented variable", "documented in docs/reference/configuration.md", (o) => {
        agent(o).env.push({ name: "TRELLIS_SECRET_KNOB", value: "1" });
    }],
    ["a wrong control-plane address", "reaches the rendered control-plane Service", (o) => {
        agent(o).env.find((e) => e.name === "TRELLIS_CONTROL_PLANE_ADDRESS").value = "trellis-control-plane:15010";
    }],
    ["a token for another audience", "reaches the rendered control-plane Service", (o) => {
        agentPod(o).volumes.find((v) => v.projected).projected.sources[0].serviceAccountToken.audience = "kubernetes";
    }],
];

const SCHEMA_MUTATIONS = [
    ["replicas as a string", (o) => find(o, "Deployment", "trellis-control-plane"), (d) => { d.spec.replicas = "two"; }],
    ["a container without a name", (o) => find(o, "DaemonSet", "trellis-node-agent"), (d) => { delete agent([d]).name; }],
    ["a Service port that is no number", (o) => find(o, "Service", "trellis-control-plane"), (d) => { d.spec.ports[0].port = "grpc"; }],
    ["a namespaced object without namespace", (o) => find(o, "Role", "trellis-control-plane"), (d) => { delete d.metadata.namespace; }],
    ["a name that is no DNS subdomain", (o) => find(o, "ServiceAccount", "trellis-node-agent"), (d) => { d.metadata.name = "Node_Agent"; }],
];

const checkByName = (objects, fragment) => {
    const found = invariantChecks(objects, configurationDoc).find(([what]) => what.includes(fragment));
    if (!found) throw new Error(`no invariant check named like "${fragment}"`);
    return found[1];
};
const outcome = (check) => {
    try {
        return check();
    } catch (error) {
        return error.message;
    }
};

for (const [mutation, fragment, mutate] of INVARIANT_MUTATIONS) {
    report.check(`"${fragment}" catches ${mutation}`, () => {
        const before = outcome(checkByName(pristine, fragment));
        if (before) return `fails on the good rendering already: ${before}`;
        const broken = structuredClone(pristine);
        mutate(broken);
        return outcome(checkByName(broken, fragment)) ? null : "the check still passes";
    });
}
for (const [mutation, pick, mutate] of SCHEMA_MUTATIONS) {
    const object = structuredClone(pick(pristine));
    const before = await schemaProblem(object);
    mutate(object);
    const after = await schemaProblem(object);
    if (before) report.fail(`schema validation catches ${mutation}`, `fails on the good object already: ${before}`);
    else if (!after) report.fail(`schema validation catches ${mutation}`, "the broken object validates");
    else report.pass(`schema validation catches ${mutation}`);
}
report.finish();
