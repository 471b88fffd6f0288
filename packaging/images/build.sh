#!/usr/bin/env bash
# Builds the Trellis container images (control-plane, node-agent, waypoint) with the first container engine
# that works here: docker, podman or buildah. Tags: trellis/<component>:<chart appVersion>, or
# $TRELLIS_IMAGE_REGISTRY/trellis/<component>:<tag> when that is set. With no working engine it says so and
# builds nothing; set TRELLIS_IMAGES_REQUIRED=1 to make that an error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
components=(control-plane node-agent waypoint)
tag="${TRELLIS_IMAGE_TAG:-$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$root/packaging/helm/trellis/Chart.yaml")}"
prefix="${TRELLIS_IMAGE_REGISTRY:+${TRELLIS_IMAGE_REGISTRY%/}/}trellis"

engine=""
reasons=()
for candidate in docker podman buildah; do
  if ! command -v "$candidate" >/dev/null 2>&1; then
    reasons+=("$candidate: not installed"); continue
  fi
  if output="$("$candidate" info 2>&1 >/dev/null)"; then
    engine="$candidate"; break
  fi
  reasons+=("$candidate: installed, but '$candidate info' fails: $(printf '%s' "$output" | grep -v '^\s*$' | tail -1)")
done

if [[ -z "$engine" ]]; then
  echo "images: no working container engine on this machine, so no image was built."
  printf '  %s\n' "${reasons[@]}"
  echo "  Start a Docker daemon or install podman/buildah, then run 'make images' again."
  [[ "${TRELLIS_IMAGES_REQUIRED:-0}" == 1 ]] && exit 1
  exit 0
fi

for component in "${components[@]}"; do
  image="$prefix/$component:$tag"
  echo "images: building $image with $engine"
  if [[ "$engine" == buildah ]]; then
    buildah bud --layers -f "packaging/images/$component/Dockerfile" -t "$image" "$root"
  else
    DOCKER_BUILDKIT=1 "$engine" build -f "$root/packaging/images/$component/Dockerfile" -t "$image" "$root"
  fi
done
echo "images: built ${components[*]} as $prefix/<component>:$tag"
