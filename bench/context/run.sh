#!/usr/bin/env bash
# The build context at scale (issue 3): ContainerStages' BuildContextTar.Write against GNU tar of the
# same selection, on a generated repository of ~20,000 files / ~500 MB where node_modules/, src/*/bin/,
# src/*/obj/ and .git/ hold almost all the bytes. Writes bench/context/results/latest.md.
#
# Usage: bench/context/run.sh [--clean] [--runs N] [--cold-runs N] [--no-wait]
#   --clean        delete the cached repository and build output first (they are kept between runs)
#   --runs N       timed runs per mode and scenario, after 3 warm-up rounds (default 7, at least 5)
#   --cold-runs N  fresh processes per scenario for the first-Write (JIT) figure (default 5)
#   --no-wait      do not wait for the 1-minute load average to drop below 1.0 (waits at most 5 minutes)
#
# The cache lives in $CONTEXT_BENCH_CACHE (default /tmp/containerstages-context-bench), never in the
# repository. Needs the .NET 10 SDK and GNU tar and find.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
cache="${CONTEXT_BENCH_CACHE:-/tmp/containerstages-context-bench}"
runs=7
cold_runs=5
wait_quiet=1
clean=0
while (($#)); do
  case "$1" in
    --clean) clean=1 ;;
    --runs) runs="$2"; shift ;;
    --cold-runs) cold_runs="$2"; shift ;;
    --no-wait) wait_quiet=0 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "context-bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf 'context-bench: %s\n' "$*"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
cache="$(realpath -m "$cache")"
case "$cache/" in
  / | "$repo_root"/*) echo "context-bench: refusing cache folder $cache (inside the repository or /)" >&2; exit 2 ;;
esac

if ((clean)); then
  log "removing $cache"
  rm -rf -- "$cache"
fi
mkdir -p "$cache" "$here/results"

project="$here/ContextBench.csproj"
build="$cache/build"
output="$here/results/latest.md"

log "building $project (output in $build)"
dotnet build "$project" -c Release --nologo -v:q --artifacts-path "$build" >"$cache/build.log" 2>&1 \
  || { cat "$cache/build.log" >&2; exit 1; }
bench=("$build/bin/ContextBench/release/ContextBench")

# Generate (only when missing) before waiting, so the generator's own load has time to decay.
"${bench[@]}" generate --repo "$cache/repo"

wait_note="Did not wait for a quiet machine (--no-wait)."
if ((wait_quiet)); then
  waited=0
  while awk -v l="$(load1)" 'BEGIN { exit !(l >= 1.0) }' && ((waited < 300)); do
    ((waited % 60 == 0)) && log "waiting for the 1-minute load ($(load1)) to drop below 1.0 (${waited}s of at most 300s)"
    sleep 10
    waited=$((waited + 10))
  done
  if awk -v l="$(load1)" 'BEGIN { exit !(l >= 1.0) }'; then
    wait_note="Waited ${waited} s for the 1-minute load to drop below 1.0; it did not ($(load1)): other work was running, so times are noisy."
  else
    wait_note="Waited ${waited} s for the 1-minute load to drop below 1.0 (it was $(load1))."
  fi
  log "$wait_note"
fi

variant="ContainerStages as in src/"
"${bench[@]}" run --repo "$cache/repo" --runs "$runs" --cold-runs "$cold_runs" \
  --out "$output" --load-start "$load_at_start" --wait-note "$wait_note" --variant "$variant"
log "wrote ${output#"$repo_root"/}"
