// Checks the Grafana dashboards and the alert rules against the metrics contract:
//   - each dashboard is JSON with a unique uid, a "Trellis / " title, a datasource variable, panels with
//     unique ids that fit the 24-column grid without overlapping, and queries that use only defined
//     variables;
//   - every metric a dashboard or an alert reads is listed in docs/reference/metrics.md;
//   - every dashboard query, with its Grafana variables replaced, is written as a recording rule to
//     <generated-rules.yaml>, which the calling script hands to `promtool check rules` to parse the PromQL.
// Usage: node validate-dashboards.mjs <grafana-dir> <metrics.md> <alerts.yaml> <generated-rules.yaml>
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Report, loadDocuments, readText, yaml } from "./lib.mjs";

const [grafanaDir, metricsDocPath, alertsPath, generatedRulesPath] = process.argv.slice(2);
const report = new Report("dashboards");
const contract = contractMetrics(readText(metricsDocPath));
const BUILTIN_VARIABLES = new Set(["__rate_interval", "__interval", "__range"]);
const PROMQL_WORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
    "offset", "inf", "nan"]);
const seenUids = new Set();
const generated = [];

report.check("metrics.md lists the contract's metrics", () => contract.size >= 10 ? null : `only ${contract.size} found`);
for (const file of readdirSync(grafanaDir).filter((f) => f.endsWith(".json")).sort()) {
    let dashboard;
    try {
        dashboard = JSON.parse(readText(join(grafanaDir, file)));
        report.pass(`${file} is JSON`);
    } catch (error) {
        report.fail(`${file} is JSON`, error.message);
        continue;
    }
    report.check(`${file} has a unique uid, a title and a datasource variable`, () => dashboardProblem(dashboard));
    report.check(`${file} panels fit the grid without overlapping`, () => layoutProblem(dashboard.panels ?? []));
    const variables = new Set((dashboard.templating?.list ?? []).map((v) => v.name));
    const queries = (dashboard.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
    report.check(`${file} panels all have queries, on defined variables`, () => queriesProblem(dashboard.panels ?? [], queries, variables));
    report.check(`${file} reads only contract metrics`, () => unknownMetrics(queries.map((q) => q.expr)));
    queries.forEach((q, i) => generated.push({ record: `trellis:dashboard_check:${file.replace(/\W/g, "_")}_${i}`, expr: substitute(q.expr) }));
}
const alertExprs = loadDocuments(readText(alertsPath)).flatMap((d) => d.groups.flatMap((g) => g.rules.map((r) => r.expr)));
report.check("alerts.yaml reads only contract metrics", () => alertExprs.length ? unknownMetrics(alertExprs) : "no alert rules");
writeFileSync(generatedRulesPath, yaml.dump({ groups: [{ name: "trellis-dashboard-queries", rules: generated }] }));
report.finish();

function contractMetrics(doc) {
    const names = new Set();
    for (const line of doc.split("\n").filter((l) => l.startsWith("| `"))) {
        const first = line.split("|")[1];
        for (const match of first.matchAll(/`([a-z_:][a-z0-9_:]*)`/g)) names.add(match[1]);
    }
    return names;
}

function dashboardProblem(dashboard) {
    if (!dashboard.uid || seenUids.has(dashboard.uid)) return `uid ${dashboard.uid} missing or repeated`;
    seenUids.add(dashboard.uid);
    if (!/^Trellis \/ /.test(dashboard.title ?? "")) return `title ${dashboard.title}`;
    if (!Number.isInteger(dashboard.schemaVersion)) return "no schemaVersion";
    const datasource = (dashboard.templating?.list ?? []).find((v) => v.type === "datasource" && v.query === "prometheus");
    return datasource ? null : "no prometheus datasource variable";
}

function layoutProblem(panels) {
    const ids = new Set();
    const cells = new Set();
    for (const panel of panels) {
        if (ids.has(panel.id)) return `panel id ${panel.id} repeated`;
        ids.add(panel.id);
        const { x, y, w, h } = panel.gridPos ?? {};
        if (![x, y, w, h].every(Number.isInteger) || x < 0 || w < 1 || x + w > 24 || h < 1) return `"${panel.title}" gridPos`;
        for (let i = x; i < x + w; i++) {
            for (let j = y; j < y + h; j++) {
                if (cells.has(`${i},${j}`)) return `"${panel.title}" overlaps another panel`;
                cells.add(`${i},${j}`);
            }
        }
    }
    return panels.length ? null : "no panels";
}

function queriesProblem(panels, queries, variables) {
    const empty = panels.find((p) => !(p.targets ?? []).length || p.targets.some((t) => !t.expr));
    if (empty) return `"${empty.title}" has no query`;
    for (const { panel, expr } of queries) {
        for (const match of expr.matchAll(/\$\{?(\w+)\}?/g)) {
            if (!variables.has(match[1]) && !BUILTIN_VARIABLES.has(match[1])) return `"${panel}" uses undefined $${match[1]}`;
        }
    }
    return null;
}

function unknownMetrics(exprs) {
    const unknown = new Set();
    for (const expr of exprs) {
        for (const name of metricNames(expr)) {
            const base = name.replace(/_(bucket|sum|count)$/, "");
            if (!contract.has(name) && !contract.has(base)) unknown.add(name);
        }
    }
    return unknown.size ? `not in metrics.md: ${[...unknown].join(", ")}` : null;
}

/** Metric names in a PromQL expression: identifiers outside strings, label matchers, grouping clauses and calls. */
function metricNames(expr) {
    const stripped = expr
        .replace(/"(\\.|[^"\\])*"/g, '""')
        .replace(/\{[^}]*\}/g, " ")
        .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
        .replace(/\[[^\]]*\]/g, " ");
    const names = [];
    for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
        const after = stripped.slice(match.index + match[0].length).trimStart();
        if (after.startsWith("(") || PROMQL_WORDS.has(match[0].toLowerCase())) continue;
        if (/\d/.test(stripped[match.index - 1] ?? "")) continue;
        names.push(match[0]);
    }
    return names;
}

/** Replaces Grafana variables so that promtool can parse the query. */
function substitute(expr) {
    return expr.replace(/\$\{?__rate_interval\}?|\$\{?__interval\}?|\$\{?__range\}?/g, "5m").replace(/\$\{?\w+\}?/g, "x");
}
