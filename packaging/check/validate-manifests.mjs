// Checks the manifests `helm template` rendered for one value set:
//   1. every object validates against the Kubernetes OpenAPI schema of its kind (kubernetes-models, which
//      is generated from the API server's OpenAPI; Gateway API and Prometheus Operator kinds likewise);
//   2. the chart's invariants (least privilege, probes on declared ports, drain covered by the grace
//      period, selectors that select, the environment contract of docs/reference/configuration.md);
//   3. the value set's own expectations, from lines in its header: "# expect-count: Kind=N ..." and
//      "# expect-node-agent-tolerates-every-taint".
// Usage: node validate-manifests.mjs <rendered.yaml> <values.yaml> <configuration.md>
import { Report, loadDocuments, readText } from "./lib.mjs";
import { schemaProblem } from "./manifest-schemas.mjs";
import { invariantChecks } from "./manifest-invariants.mjs";

const [renderedPath, valuesPath, configurationDocPath] = process.argv.slice(2);
const report = new Report(valuesPath.replace(/.*\//, ""));
const objects = loadDocuments(readText(renderedPath));

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
        const problem = await schemaProblem(object);
        const what = `schema of ${object?.kind}/${object?.metadata?.name}`;
        if (problem) report.fail(what, problem); else report.pass(what);
    }
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
