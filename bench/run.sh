#!/usr/bin/env bash
# ContainerStages benchmark: ContainerStages vs the .NET SDK's `dotnet publish -t:PublishContainer`
# vs a naive single-stage Dockerfile (and, as the engine-only floor, the Dockerfile ContainerStages
# generates built with `docker build`), measured side by side on the same machine, apps and base images.
#
# Usage: bench/run.sh [--runs N] [--quick] [--apps a,b] [--no-wait-quiet] [--keep-registry] [--keep-work]
#   --runs N          timed runs per scenario (default 5); tables show median [min-max]
#   --quick           smoke run: only the web API app, no waiting for a quiet machine;
#                     writes bench/results/quick.{md,json} instead of latest.{md,json}
#   --apps a,b        subset of: webapi, solution, console-sc (default: all three)
#   --no-wait-quiet   do not wait for the 1-minute load to drop below 0.8 before measuring
#   --no-experiments  skip the warm-edit measurements of Dockerfile variants (evidence for proposals)
#   --experiments-only  only those; writes bench/results/experiments.{md,json}
#   --keep-registry   leave the local registry on 127.0.0.1:5000 running at the end
#   --keep-work       keep the temporary work folder (apps, logs) at the end
#   --without-emulators  disable the enabled binfmt_misc emulators (the test environment registers
#                     qemu-aarch64 for its arm64 stand-in) for the run, and enable them again at the
#                     end: Debian 12's engine (BuildKit before v0.14) runs each of them at the start
#                     of every build, about 0.2 s that a machine without them does not pay
#
# What it does: provisions the engine and stand-in base images (eng/test-env.sh) when missing;
# installs Debian's docker-registry when missing and runs it on 127.0.0.1:5000 without auth from a
# temporary config and storage folder (the SDK's publish reads base images only from a registry);
# pushes the stand-ins there; packs ContainerStages from src/ with a unique version into a local
# feed; then bench/bench.py generates the sample apps into the work folder, runs the scenarios and
# writes the Markdown table and raw samples. Images are named containerstages-bench-* and removed
# at the end; a failed publish aborts its scenario and leaves its log under bench/results/logs/.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="$repo_root/bench"
# shellcheck source=bench/registry.sh
source "$bench_dir/registry.sh"
readonly REGISTRY="127.0.0.1:5000"
readonly STANDIN_PREFIX="containerstages-standin"
# The stand-ins the SDK needs from the registry (its -t:PublishContainer cannot read the engine's images).
readonly REGISTRY_BASES=(aspnet runtime-deps)

keep_registry=0
keep_work=0
without_emulators=0
disabled_emulators=()
bench_args=()
while (($#)); do
  case "$1" in
    --keep-registry) keep_registry=1 ;;
    --keep-work) keep_work=1 ;;
    --without-emulators) without_emulators=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) bench_args+=("$1") ;;
  esac
  shift
done

log() { printf 'bench: %s\n' "$*"; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$(id -u)" == "0" ]] || die "must run as root (apt-get, the registry and the engine socket need it)"
command -v python3 >/dev/null || die "python3 is required"
command -v dotnet >/dev/null || die "dotnet is required"

# The session id names everything this run creates: the work folder, the package version, the images.
session="$(date -u +%Y%m%d%H%M%S)"
work="$(mktemp -d "${TMPDIR:-/tmp}/containerstages-bench-$session.XXXX")"
registry_pid=""

cleanup() {
  local status=$?
  local entry
  for entry in "${disabled_emulators[@]}"; do
    echo 1 >"/proc/sys/fs/binfmt_misc/$entry" || log "could not enable the binfmt emulator $entry again: echo 1 > /proc/sys/fs/binfmt_misc/$entry"
  done
  if [[ -n "$registry_pid" ]]; then
    if ((keep_registry)); then
      log "registry left running on $REGISTRY (pid $registry_pid; stop it with: kill $registry_pid)"
    else
      kill "$registry_pid" 2>/dev/null || true
      wait "$registry_pid" 2>/dev/null || true
    fi
  fi
  # bench.py removes what it built; this catches what a crash left behind (tags under our prefix only).
  local leftovers
  leftovers="$(docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "^containerstages-bench-$session/" || true)"
  if [[ -n "$leftovers" ]]; then
    xargs -r docker rmi -f <<<"$leftovers" >/dev/null 2>&1 || true
  fi
  if ((keep_work)); then
    log "work folder kept: $work"
  elif ((keep_registry)); then
    # The registry's storage lives in the work folder: keep that part while it runs.
    find "$work" -mindepth 1 -maxdepth 1 ! -name registry -exec rm -rf {} + 2>/dev/null || true
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT

# --- the engine and the stand-in base images --------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  log "no Docker engine answers: provisioning one with eng/test-env.sh"
  "$repo_root/eng/test-env.sh"
fi
for kind in runtime-deps runtime aspnet sdk; do
  if ! docker image inspect "$STANDIN_PREFIX/$kind:10.0" >/dev/null 2>&1; then
    log "stand-in $STANDIN_PREFIX/$kind:10.0 missing: building them with eng/test-env.sh"
    "$repo_root/eng/test-env.sh"
    break
  fi
done
# `docker build` with BuildKit must be the Debian CLI: the newer one on PATH needs buildx, which is absent.
[[ -x /usr/bin/docker ]] || die "/usr/bin/docker (Debian's docker.io CLI) is required for DOCKER_BUILDKIT=1 builds"

# --- binfmt emulators ------------------------------------------------------------------------------
if ((without_emulators)) && [[ -d /proc/sys/fs/binfmt_misc ]]; then
  for entry in /proc/sys/fs/binfmt_misc/*; do
    name="$(basename "$entry")"
    [[ "$name" == register || "$name" == status ]] && continue
    if [[ "$(head -n 1 "$entry")" == enabled ]]; then
      echo 0 >"$entry"
      disabled_emulators+=("$name")
    fi
  done
  log "binfmt emulators disabled for this run: ${disabled_emulators[*]:-none}"
fi

# --- a local registry for the SDK's base images -------------------------------------------------
if ! command -v docker-registry >/dev/null 2>&1; then
  log "installing Debian's docker-registry"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-registry >"$work/apt.log" 2>&1 || {
    apt-get update >>"$work/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-registry >>"$work/apt.log" 2>&1 ||
      { tail -n 20 "$work/apt.log" >&2; die "apt-get install docker-registry failed"; }
  }
fi
if curl -fsS --max-time 2 "http://$REGISTRY/v2/" >/dev/null 2>&1; then
  # Something already serves the registry API there (a --keep-registry run): use it, leave it alone.
  log "a registry already answers on $REGISTRY: using it (this run will not stop it)"
else
  start_loopback_registry "$work" "$REGISTRY"
fi
for kind in "${REGISTRY_BASES[@]}"; do
  # The engine treats 127.0.0.0/8 as an insecure registry by default, so a plain push works.
  docker tag "$STANDIN_PREFIX/$kind:10.0" "$REGISTRY/$STANDIN_PREFIX/$kind:10.0"
  docker push -q "$REGISTRY/$STANDIN_PREFIX/$kind:10.0" >/dev/null
  docker rmi "$REGISTRY/$STANDIN_PREFIX/$kind:10.0" >/dev/null
  log "pushed $STANDIN_PREFIX/$kind:10.0 to $REGISTRY"
done

# --- pack ContainerStages with a version of its own ---------------------------------------------
# Packed from a copy of the sources: the checkout's bin/ and obj/ belong to whoever builds there at
# the same time, and packing from a working directory outside the repository root makes NuGet
# report NU5129 for build/ContainerStages.props (a path-normalisation quirk), so pack runs in the copy.
version="0.1.0-bench$session"
mkdir -p "$work/pack-src" "$work/feed"
(cd "$repo_root" && tar --exclude=bin --exclude=obj -cf - src build buildTransitive buildMultiTargeting \
  Directory.Build.props Directory.Packages.props global.json docs/nuget-readme.md) | tar -xf - -C "$work/pack-src"
log "packing ContainerStages $version"
(cd "$work/pack-src" && dotnet pack src/ContainerStages.Tasks/ContainerStages.Tasks.csproj -c Release \
  -o "$work/feed" -p:Version="$version" -nologo -v:q >"$work/pack.log" 2>&1) ||
  { tail -n 30 "$work/pack.log" >&2; die "dotnet pack failed (log: $work/pack.log)"; }

# --- measure ------------------------------------------------------------------------------------
# -B: no __pycache__ in the checkout.
python3 -B "$bench_dir/bench.py" \
  --repo "$repo_root" --work "$work" --session "$session" \
  --package "$work/feed/ContainerStages.$version.nupkg" --package-version "$version" \
  --registry "$REGISTRY" "${bench_args[@]}"
