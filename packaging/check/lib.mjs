// Shared by the packaging checks: loading the check's npm packages from the cache directory that
// scripts/packaging-check.sh filled, reading multi-document YAML, and reporting results as lines that the
// script counts ("PASS <what>" / "FAIL <what>: <why>").
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const modulesDir = process.env.TRELLIS_CHECK_NODE_MODULES;
if (!modulesDir) {
    console.error("TRELLIS_CHECK_NODE_MODULES is not set (expected: the node_modules directory packaging-check.sh installed)");
    process.exit(2);
}
const require = createRequire(join(modulesDir, "package.json"));

export const yaml = require("js-yaml");
export const Ajv = require("ajv");

/** Imports an ES module file from the cached node_modules, e.g. "kubernetes-models/apps/v1/Deployment.js". */
export function importCached(relativePath) {
    return import(pathToFileURL(join(modulesDir, relativePath)).href);
}

/** Every non-empty document of a YAML file or string. */
export function loadDocuments(text) {
    return yaml.loadAll(text).filter((doc) => doc !== null && doc !== undefined);
}

export function readText(path) {
    return readFileSync(path, "utf8");
}

/** Collects results; `finish` exits non-zero when anything failed. */
export class Report {
    constructor(prefix) {
        this.prefix = prefix;
        this.failures = 0;
    }

    pass(what) {
        console.log(`PASS ${this.prefix}: ${what}`);
    }

    fail(what, why) {
        this.failures++;
        console.log(`FAIL ${this.prefix}: ${what}: ${why}`);
    }

    /** Runs `check`; a thrown error or a returned string is a failure with that reason. */
    check(what, check) {
        try {
            const problem = check();
            if (typeof problem === "string" && problem.length > 0) {
                this.fail(what, problem);
            } else {
                this.pass(what);
            }
        } catch (error) {
            this.fail(what, error.message);
        }
    }

    finish() {
        process.exit(this.failures === 0 ? 0 : 1);
    }
}
