// Checks the manifests `helm template` rendered for one value set:
//   1. every object validates against the Kubernetes OpenAPI schema of its kind (kubernetes-models, which
//      is generated from the API server's OpenAPI; Gateway API and Prometheus Operator kinds likewise);
//   2. the chart's invariants (least privilege, probes on declared ports, drain covered by the grace
//      period, selectors that select, the environment contract of docs/reference/configuration.md);
//   3. the value set's own expectations, from lines in its header: "# expect-count: Kind=N ..." and
//      "# expect-node-agent-tolerates-every-taint".
// Usage: node validate-manifests.mjs <rendered.yaml> <values.yaml> <configuration.md>
import { Report, importCached, loadDocuments, readText } from "./lib.mjs";
import { invariantChecks } from "./manifest-invariants.mjs";

const [renderedPath, valuesPath, configurationDocPath] = process.argv.slice(2);
const report = new Report(valuesPath.replace(/.*\//, ""));
const objects = loadDocuments(readText(renderedPath));

const MODEL_PACKAGES = {
    "v1": "kubernetes-models/v1",
    "apps/v1": "kubernetes-models/apps/v1",
    "policy/v1": "kubernetes-models/policy/v1",
    "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
    "apiextensions.k8s.io/v1": "kubernetes-models/apiextensions.k8s.io/v1",
    "gateway.networking.k8s.io/v1": "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1",
    "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};
const CLUSTER_SCOPED = new Set(["ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "GatewayClass", "Namespace"]);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

await validateAgainstSchemas();
checkUniqueNames();
for (const [what, check] of invariantChecks(objects, readText(configurationDocPath))) {
    report.check(what, check);
}
checkExpectedCounts();
checkExpectedTolerations();
report.finish();

async function validateAgainstSchemas() {
    for (const object of objects) {
        const id = `${object?.kind}/${object?.metadata?.name}`;
        const problem = typeMetaProblem(object);
        if (problem) {
            report.fail(`schema of ${id}`, problem);
            continue;
        }
        const modelPackage = MODEL_PACKAGES[object.apiVersion];
        if (!modelPackage) {
            report.fail(`schema of ${id}`, `no schema known for apiVersion ${object.apiVersion}`);
            continue;
        }
        try {
            const module = await importCached(`${modelPackage}/${object.kind}.js`);
            new module[object.kind](object).validate();
            report.pass(`schema of ${id}`);
        } catch (error) {
            report.fail(`schema of ${id}`, error.message);
        }
    }
}

function typeMetaProblem(object) {
    if (typeof object !== "object" || Array.isArray(object)) return "document is not a mapping";
    if (typeof object.apiVersion !== "string") return "apiVersion missing";
    if (typeof object.kind !== "string") return "kind missing";
    const name = object.metadata?.name;
    if (typeof name !== "string" || !DNS_SUBDOMAIN.test(name) || name.length > 253) {
        return `metadata.name ${JSON.stringify(name)} is not a DNS subdomain`;
    }
    const namespaced = !CLUSTER_SCOPED.has(object.kind);
    if (namespaced && typeof object.metadata.namespace !== "string") return "namespaced object without metadata.namespace";
    if (!namespaced && object.metadata.namespace !== undefined) return "cluster-scoped object with metadata.namespace";
    return null;
}

function checkUniqueNames() {
    const seen = new Set();
    report.check("no two objects share kind, namespace and name", () => {
        for (const object of objects) {
            const key = `${object.apiVersion}/${object.kind}/${object.metadata?.namespace ?? ""}/${object.metadata?.name}`;
            if (seen.has(key)) return `duplicate ${key}`;
            seen.add(key);
        }
        return null;
    });
}

function checkExpectedCounts() {
    const header = readText(valuesPath).split("\n").filter((line) => line.startsWith("# expect-count:"));
    for (const line of header) {
        for (const pair of line.slice("# expect-count:".length).trim().split(/\s+/)) {
            const [kind, count] = pair.split("=");
            report.check(`renders ${count} ${kind}`, () => {
                const actual = objects.filter((object) => object.kind === kind).length;
                return actual === Number(count) ? null : `found ${actual}`;
            });
        }
    }
}

function checkExpectedTolerations() {
    if (!readText(valuesPath).includes("# expect-node-agent-tolerates-every-taint")) return;
    report.check("node-agent tolerates every taint", () => {
        const agent = objects.find((object) => object.kind === "DaemonSet" && object.metadata.name === "trellis-node-agent");
        const tolerations = agent?.spec.template.spec.tolerations ?? [];
        return tolerations.some((t) => t.operator === "Exists" && !t.key && !t.effect) ? null : `tolerations ${JSON.stringify(tolerations)}`;
    });
}
