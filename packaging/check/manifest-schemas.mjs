// Validation of one rendered object against the OpenAPI schema of its kind: kubernetes-models for the
// built-in kinds, @kubernetes-models/gateway-api and /prometheus-operator for GatewayClass and monitors.
import { importCached } from "./lib.mjs";

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

/** Null when the object is valid, else why not. */
export async function schemaProblem(object) {
    const problem = typeMetaProblem(object);
    if (problem) return problem;
    const modelPackage = MODEL_PACKAGES[object.apiVersion];
    if (!modelPackage) return `no schema known for apiVersion ${object.apiVersion}`;
    let module;
    try {
        module = await importCached(`${modelPackage}/${object.kind}.js`);
    } catch (error) {
        return `no schema known for ${object.apiVersion} ${object.kind}`;
    }
    try {
        new module[object.kind](object).validate();
        return null;
    } catch (error) {
        return error.message;
    }
}

function typeMetaProblem(object) {
    if (typeof object !== "object" || object === null || Array.isArray(object)) return "document is not a mapping";
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
