// The chart's invariants: what must hold for every valid value set. Each entry is [description, check];
// a check returns null when it holds and a reason when it does not.

const NODE_AGENT_CAPABILITIES = ["NET_ADMIN", "SYS_ADMIN", "NET_RAW"];
const CONTROL_PLANE_ENV = ["TRELLIS_STORE", "TRELLIS_POD_NAME", "TRELLIS_POD_NAMESPACE", "TRELLIS_TRUST_DOMAIN",
    "TRELLIS_CA_SECRET", "TRELLIS_LEADER_ELECTION_LEASE", "TRELLIS_TOKEN_AUDIENCE", "TRELLIS_NODE_AGENT_SERVICE_ACCOUNT",
    "TRELLIS_LOG_LEVEL"];
const NODE_AGENT_ENV = ["TRELLIS_NODE_NAME", "TRELLIS_CONTROL_PLANE_ADDRESS", "TRELLIS_TRUST_DOMAIN", "TRELLIS_CNI_SOCKET",
    "TRELLIS_DRAIN_SECONDS", "TRELLIS_LOG_LEVEL", "TRELLIS_TOKEN_PATH"];
const ADMIN_PORT = 15000;

export function invariantChecks(objects, configurationDoc) {
    const byKind = (kind) => objects.filter((object) => object.kind === kind);
    const one = (kind, name) => {
        const found = byKind(kind).find((object) => object.metadata.name === name);
        if (!found) throw new Error(`no ${kind} ${name} rendered`);
        return found;
    };
    const workloads = objects.filter((object) => ["Deployment", "DaemonSet"].includes(object.kind));
    const controlPlane = () => one("Deployment", "trellis-control-plane");
    const nodeAgent = () => one("DaemonSet", "trellis-node-agent");
    const container = (workload, name) => {
        const found = allContainers(workload).find((c) => c.name === name);
        if (!found) throw new Error(`${workload.metadata.name} has no container ${name}`);
        return found;
    };

    return [
        ["every container requests resources, has a read-only root and is not privileged", () =>
            firstProblem(workloads.flatMap((w) => allContainers(w).map((c) => [w, c])), ([w, c]) => {
                const where = `${w.metadata.name}/${c.name}`;
                if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) return `${where} has no cpu/memory requests`;
                if (c.securityContext?.readOnlyRootFilesystem !== true) return `${where} has a writable root filesystem`;
                if (c.securityContext?.privileged === true) return `${where} is privileged`;
                if (!(c.securityContext?.capabilities?.drop ?? []).includes("ALL")) return `${where} does not drop ALL capabilities`;
                return null;
            })],
        ["every pod runs under the RuntimeDefault seccomp profile", () =>
            firstProblem(workloads.flatMap((w) => allContainers(w).map((c) => [w, c])), ([w, c]) => {
                const profile = c.securityContext?.seccompProfile?.type ?? podSpec(w).securityContext?.seccompProfile?.type;
                return profile === "RuntimeDefault" ? null : `${w.metadata.name}/${c.name} seccomp is ${profile}`;
            })],
        ["only the node-agent container adds capabilities: NET_ADMIN, SYS_ADMIN, NET_RAW (+ SYS_PTRACE with host /proc)", () => {
            const agent = container(nodeAgent(), "node-agent");
            const added = agent.securityContext?.capabilities?.add ?? [];
            const hostProc = (agent.volumeMounts ?? []).some((m) => m.mountPath === "/host/proc");
            const expected = hostProc ? [...NODE_AGENT_CAPABILITIES, "SYS_PTRACE"] : NODE_AGENT_CAPABILITIES;
            if ([...added].sort().join() !== [...expected].sort().join()) return `node-agent adds [${added}], expected [${expected}]`;
            return firstProblem(workloads.flatMap((w) => allContainers(w).map((c) => [w, c])), ([w, c]) =>
                c === agent || !(c.securityContext?.capabilities?.add?.length) ? null : `${w.metadata.name}/${c.name} adds capabilities`);
        }],
        ["node-agent uses neither the host network nor the host PID namespace, and mounts no API token", () => {
            const spec = podSpec(nodeAgent());
            if (spec.hostNetwork === true) return "hostNetwork is true";
            if (spec.hostPID === true) return "hostPID is true";
            if (spec.automountServiceAccountToken !== false) return "automountServiceAccountToken is not false";
            const account = one("ServiceAccount", spec.serviceAccountName);
            return account.automountServiceAccountToken === false ? null : "its ServiceAccount automounts tokens";
        }],
        ["node-agent's terminationGracePeriodSeconds covers TRELLIS_DRAIN_SECONDS", () => {
            const drain = Number(envValue(container(nodeAgent(), "node-agent"), "TRELLIS_DRAIN_SECONDS"));
            const grace = podSpec(nodeAgent()).terminationGracePeriodSeconds;
            return Number.isInteger(grace) && grace >= drain + 5 ? null : `grace ${grace}s, drain ${drain}s`;
        }],
        ["CNI installer is a native sidecar running the node-agent image's installer command", () => {
            const spec = podSpec(nodeAgent());
            const installer = (spec.initContainers ?? []).find((c) => c.name === "cni-installer");
            if (!installer) return "no cni-installer init container";
            if (installer.restartPolicy !== "Always") return "cni-installer is not a native sidecar (restartPolicy Always)";
            if (installer.image !== container(nodeAgent(), "node-agent").image) return "cni-installer runs another image";
            return JSON.stringify(installer.command) === JSON.stringify(["/opt/trellis/bin/trellis-cni", "install", "--watch"])
                ? null : `command is ${JSON.stringify(installer.command)}`;
        }],
        ["no RBAC rule uses a wildcard", () =>
            firstProblem(rbacRules(objects), ({ owner, rule }) =>
                [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...(rule.verbs ?? [])].includes("*")
                    ? `${owner} has a wildcard rule` : null)],
        ["the node-agent's ServiceAccount is bound to no role", () =>
            firstProblem([...byKind("RoleBinding"), ...byKind("ClusterRoleBinding")], (binding) =>
                (binding.subjects ?? []).some((s) => s.name === "trellis-node-agent") ? `${binding.metadata.name} binds it` : null)],
        ["Secrets, ConfigMaps and Leases: no cluster-wide rights; namespaced rights beyond create name their object", () =>
            firstProblem(rbacRules(objects), ({ owner, kind, rule }) => {
                const sensitive = (rule.resources ?? []).filter((r) => ["secrets", "configmaps", "leases"].includes(r));
                if (sensitive.length === 0) return null;
                if (kind === "ClusterRole") return `${owner} grants ${sensitive} cluster-wide`;
                const beyondCreate = rule.verbs.filter((verb) => verb !== "create");
                return beyondCreate.length > 0 && !(rule.resourceNames?.length) ? `${owner} grants ${beyondCreate} on any ${sensitive}` : null;
            })],
        ["the control plane may create TokenReviews and patch Gateway and HTTPRoute status, and write no workload", () => {
            const rules = rbacRules(objects).filter(({ owner }) => owner.includes("trellis-control-plane")).map(({ rule }) => rule);
            const allows = (group, resource, verb) => rules.some((r) =>
                r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
            if (!allows("authentication.k8s.io", "tokenreviews", "create")) return "cannot create tokenreviews";
            for (const resource of ["gateways/status", "httproutes/status"]) {
                if (!allows("gateway.networking.k8s.io", resource, "patch")) return `cannot patch ${resource}`;
            }
            const writes = ["create", "update", "patch", "delete", "deletecollection"];
            return firstProblem(rules, (r) => r.resources.some((res) => ["pods", "services", "deployments", "daemonsets", "namespaces"]
                .includes(res)) && r.verbs.some((v) => writes.includes(v)) ? `may write ${r.resources}` : null);
        }],
        ["probes and Service target ports name declared container ports", () =>
            firstProblem(workloads.flatMap((w) => allContainers(w).map((c) => [w, c])), ([w, c]) => {
                const names = new Set((c.ports ?? []).map((p) => p.name));
                for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
                    const port = c[probe]?.httpGet?.port;
                    if (port !== undefined && !names.has(port)) return `${w.metadata.name}/${c.name} ${probe} uses undeclared port ${port}`;
                }
                return null;
            }) ?? firstProblem(byKind("Service"), (service) => {
                const pods = workloads.filter((w) => selects(service.spec.selector, podLabels(w)));
                if (pods.length === 0) return `Service ${service.metadata.name} selects no pods`;
                const names = new Set(pods.flatMap((w) => allContainers(w).flatMap((c) => (c.ports ?? []).map((p) => p.name))));
                return firstProblem(service.spec.ports, (p) => names.has(p.targetPort) ? null : `targetPort ${p.targetPort} undeclared`);
            })],
        ["PodDisruptionBudgets and monitors select their component's pods", () =>
            firstProblem(byKind("PodDisruptionBudget"), (pdb) =>
                workloads.some((w) => selects(pdb.spec.selector.matchLabels, podLabels(w))) ? null : `${pdb.metadata.name} selects nothing`)
            ?? firstProblem(byKind("ServiceMonitor"), (monitor) => {
                const service = byKind("Service").find((s) => selects(monitor.spec.selector.matchLabels, s.metadata.labels));
                if (!service) return `${monitor.metadata.name} selects no Service`;
                return monitor.spec.endpoints.every((e) => service.spec.ports.some((p) => p.name === e.port)) ? null : "unknown port";
            })
            ?? firstProblem(byKind("PodMonitor"), (monitor) => {
                const workload = workloads.find((w) => selects(monitor.spec.selector.matchLabels, podLabels(w)));
                if (!workload) return `${monitor.metadata.name} selects no pods`;
                const names = new Set(allContainers(workload).flatMap((c) => (c.ports ?? []).map((p) => p.name)));
                return monitor.spec.podMetricsEndpoints.every((e) => names.has(e.port)) ? null : "unknown port";
            })],
        ["ports follow DESIGN.md: control plane 15010 + 15020, node-agent 15020 + 15021, admin 15000 never exposed", () => {
            const service = one("Service", "trellis-control-plane");
            const servicePorts = service.spec.ports.map((p) => p.port).sort().join();
            if (servicePorts !== "15010,15020") return `control-plane Service ports ${servicePorts}`;
            const agentPorts = container(nodeAgent(), "node-agent").ports.map((p) => p.containerPort).sort().join();
            if (agentPorts !== "15020,15021") return `node-agent ports ${agentPorts}`;
            const exposed = workloads.flatMap((w) => allContainers(w).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)));
            return exposed.includes(ADMIN_PORT) ? "admin port 15000 is declared as a container port" : null;
        }],
        ["control plane and node-agent receive the environment of the configuration contract", () => {
            const cp = container(controlPlane(), "control-plane");
            const agent = container(nodeAgent(), "node-agent");
            const missing = [...CONTROL_PLANE_ENV.filter((n) => !hasEnv(cp, n)), ...NODE_AGENT_ENV.filter((n) => !hasEnv(agent, n))];
            if (missing.length) return `missing ${missing}`;
            const nodeName = agent.env.find((e) => e.name === "TRELLIS_NODE_NAME");
            if (nodeName.valueFrom?.fieldRef?.fieldPath !== "spec.nodeName") return "TRELLIS_NODE_NAME is not from spec.nodeName";
            return envValue(cp, "TRELLIS_STORE") === "kubernetes" ? null : "TRELLIS_STORE is not kubernetes";
        }],
        ["every TRELLIS_* variable rendered is documented in docs/reference/configuration.md", () => {
            const names = new Set(workloads.flatMap((w) => allContainers(w).flatMap((c) => (c.env ?? []).map((e) => e.name))));
            const undocumented = [...names].filter((n) => n.startsWith("TRELLIS_") && !configurationDoc.includes("`" + n + "`"));
            return undocumented.length ? `undocumented: ${undocumented}` : null;
        }],
        ["the node-agent reaches the rendered control-plane Service, with the token audience the control plane checks", () => {
            const service = one("Service", "trellis-control-plane");
            const agent = container(nodeAgent(), "node-agent");
            const expected = `${service.metadata.name}.${service.metadata.namespace}.svc:15010`;
            const address = envValue(agent, "TRELLIS_CONTROL_PLANE_ADDRESS");
            if (address !== expected) return `TRELLIS_CONTROL_PLANE_ADDRESS ${address}, expected ${expected}`;
            const token = podSpec(nodeAgent()).volumes.flatMap((v) => v.projected?.sources ?? []).find((s) => s.serviceAccountToken);
            if (!token) return "no projected token volume";
            const audience = envValue(container(controlPlane(), "control-plane"), "TRELLIS_TOKEN_AUDIENCE");
            if (token.serviceAccountToken.audience !== audience) return `token audience ${token.serviceAccountToken.audience} vs ${audience}`;
            const account = envValue(container(controlPlane(), "control-plane"), "TRELLIS_NODE_AGENT_SERVICE_ACCOUNT");
            const agentAccount = `${nodeAgent().metadata.namespace}/${podSpec(nodeAgent()).serviceAccountName}`;
            return account === agentAccount ? null : `TRELLIS_NODE_AGENT_SERVICE_ACCOUNT ${account}, agent runs as ${agentAccount}`;
        }],
    ];
}

function podSpec(workload) {
    return workload.spec.template.spec;
}

function podLabels(workload) {
    return workload.spec.template.metadata?.labels ?? {};
}

function allContainers(workload) {
    return [...(podSpec(workload).initContainers ?? []), ...podSpec(workload).containers];
}

function hasEnv(container, name) {
    return (container.env ?? []).some((e) => e.name === name);
}

function envValue(container, name) {
    return (container.env ?? []).find((e) => e.name === name)?.value;
}

function selects(selector, labels) {
    const entries = Object.entries(selector ?? {});
    return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
}

function rbacRules(objects) {
    return objects.filter((o) => o.kind === "Role" || o.kind === "ClusterRole")
        .flatMap((o) => (o.rules ?? []).map((rule) => ({ owner: `${o.kind} ${o.metadata.name}`, kind: o.kind, rule })));
}

function firstProblem(items, check) {
    for (const item of items) {
        const problem = check(item);
        if (problem) return problem;
    }
    return null;
}
