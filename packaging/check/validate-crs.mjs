// Checks the CRDs' OpenAPI schemas and the example custom resources against them:
//   - each schema is structural as the API server demands (every node typed; anyOf / oneOf / not carry
//     value validations only), so that the CRD would be accepted;
//   - every object in packaging/examples/*.yaml is valid;
//   - every file in packaging/examples/invalid/ is rejected, at the path its "# expect-error: <text>" names.
// Unknown fields are errors here, as with kubectl's default strict field validation.
// Usage: node validate-crs.mjs <crd-dir> <examples-dir>
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv, Report, loadDocuments, readText } from "./lib.mjs";

const [crdDir, examplesDir] = process.argv.slice(2);
const report = new Report("crds");
const validators = new Map();

for (const file of yamlFiles(crdDir)) {
    for (const crd of loadDocuments(readText(join(crdDir, file)))) {
        for (const version of crd.spec.versions) {
            const schema = version.schema.openAPIV3Schema;
            const gvk = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
            report.check(`${gvk} schema is structural`, () => structuralProblem(schema, "openAPIV3Schema"));
            validators.set(gvk, compile(schema));
        }
    }
}
for (const file of yamlFiles(examplesDir)) {
    for (const object of loadDocuments(readText(join(examplesDir, file)))) {
        report.check(`${file}: ${object.kind} ${object.metadata.name} is valid`, () => errorsOf(object));
    }
}
const invalidDir = join(examplesDir, "invalid");
for (const file of yamlFiles(invalidDir)) {
    const text = readText(join(invalidDir, file));
    const expected = /^# expect-error: (.+)$/m.exec(text)?.[1];
    report.check(`invalid/${file} is rejected at ${expected}`, () => {
        if (!expected) return "no '# expect-error:' line";
        const errors = loadDocuments(text).map(errorsOf).filter(Boolean).join("; ");
        if (!errors) return "accepted";
        return errors.includes(expected) ? null : `rejected for another reason: ${errors}`;
    });
}
report.finish();

function yamlFiles(dir) {
    return readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
}

function errorsOf(object) {
    const validate = validators.get(`${object.apiVersion}/${object.kind}`);
    if (!validate) return `no CRD serves ${object.apiVersion} ${object.kind}`;
    if (validate(object)) return null;
    return validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`).join("; ");
}

/** Turns an OpenAPI v3 schema into a JSON schema that also rejects unknown fields. */
function compile(openApi) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    return ajv.compile(closed(openApi, true));
}

function closed(node, root = false) {
    if (Array.isArray(node)) return node.map((n) => closed(n));
    if (node === null || typeof node !== "object") return node;
    const copy = {};
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith("x-kubernetes-") || key === "nullable") continue;
        copy[key] = key === "properties"
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, root && k === "metadata" ? v : closed(v)]))
            : closed(value);
    }
    if (node.type === "object" && node.properties && node.additionalProperties === undefined
        && !node["x-kubernetes-preserve-unknown-fields"] && !root) {
        copy.additionalProperties = false;
    }
    return copy;
}

/** The API server's structural-schema rules, the parts a hand-written schema can break. */
function structuralProblem(node, path) {
    if (node === null || typeof node !== "object") return null;
    const typed = node.type || node["x-kubernetes-int-or-string"] || node["x-kubernetes-preserve-unknown-fields"];
    if (!typed) return `${path} has no type`;
    for (const junction of ["anyOf", "oneOf", "allOf", "not"]) {
        const branches = node[junction] === undefined ? [] : [].concat(node[junction]);
        for (const branch of branches) {
            for (const forbidden of ["type", "properties", "items", "additionalProperties", "default", "description"]) {
                if (branch[forbidden] !== undefined) return `${path}.${junction} sets ${forbidden} (only value validations allowed)`;
            }
        }
    }
    for (const [name, child] of Object.entries(node.properties ?? {})) {
        const problem = structuralProblem(child, `${path}.${name}`);
        if (problem) return problem;
    }
    if (node.items) return structuralProblem(node.items, `${path}[]`);
    if (typeof node.additionalProperties === "object") return structuralProblem(node.additionalProperties, `${path}{}`);
    return null;
}
