#!/usr/bin/env bash
# A two-platform publish next to a one-platform publish (issue 18): the same self-contained web API,
# `dotnet publish -p:ContainerStages=true` for linux-x64 alone and for linux-x64;linux-arm64, both
# pushed to a loopback registry, side by side in every run. bench/platforms/report.py then writes
# bench/platforms/results.md (machine, load, medians with min-max, ratios, where the time goes, from
# the arrival time of each log line) and results.json (every sample); the method is in README.md.
#
# Usage: bench/platforms/run.sh [--runs N] [--keep-work]
#   --runs N      timed runs per scenario (default 3); each run times both contenders, the order
#                 alternating from run to run
#   --keep-work   keep the temporary work folder (app, logs, registry storage) at the end
#
# Scenarios (after one untimed plain publish fills the host's NuGet packages folder):
# cold (before each cold publish: the app's bin/ and obj/ removed, the images it built
# removed, the registry's copy of the app deleted and `docker builder prune -af`, which also drops
# other builds' caches on this engine) and one-line edit (Program.cs changed before each publish,
# after one untimed publish of each contender).
#
# What it needs and does: root; the engine and the stand-ins containerstages-standin/sdk:10.0,
# runtime-deps:10.0 and runtime-deps-arm64:10.0 with qemu's arm64 binfmt handler (eng/test-env.sh);
# Debian's docker-registry, started on 127.0.0.1:<free port> without auth from a temporary config
# and storage folder; the two runtime-deps stand-ins pushed there as bench/runtime-deps:10.0-amd64 and
# -arm64 under a manifest list bench/runtime-deps:10.0 (as the .NET images are indexes); ContainerStages
# packed from this checkout with a version of its own into a feed inside the app. Removes the images
# named bench-plat/* (and their registry tags), the registry and the work folder at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/registry.sh
source "$here/../registry.sh"
repo_root="$(cd "$here/../.." && pwd)"
readonly STANDIN="containerstages-standin"
readonly REPOSITORY="bench-plat/app"
runs=3
keep_work=0
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --keep-work) keep_work=1 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "platforms-bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "platforms-bench: --runs needs a positive number" >&2; exit 2; }

log() { printf 'platforms-bench: %s\n' "$*"; }
die() { printf 'platforms-bench: ERROR: %s\n' "$*" >&2; exit 1; }
load1() { cut -d' ' -f1 /proc/loadavg; }

[[ "$(id -u)" == "0" ]] || die "must run as root (the registry, the engine socket and builder prune need it)"
for tool in dotnet python3 curl jq docker-registry; do
  command -v "$tool" >/dev/null || die "$tool is required (docker-registry: apt-get install docker-registry)"
done
[[ -x /usr/bin/docker ]] || die "/usr/bin/docker (Debian's docker.io CLI) is required"
docker info >/dev/null 2>&1 || die "no Docker engine answers: run eng/test-env.sh"
for image in "$STANDIN/sdk:10.0" "$STANDIN/runtime-deps:10.0" "$STANDIN/runtime-deps-arm64:10.0"; do
  docker image inspect "$image" >/dev/null 2>&1 || die "stand-in $image is missing: run eng/test-env.sh"
done
[[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] || die "qemu's arm64 binfmt handler is not registered: run eng/test-env.sh"

session="$(date -u +%Y%m%d%H%M%S)"
work="$(mktemp -d "${TMPDIR:-/tmp}/containerstages-bench-platforms-$session.XXXX")"
registry_pid=""
registry=""

remove_images() {
  # Only the images this benchmark names: bench-plat/* locally and under the registry's host.
  local refs
  refs="$(docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null |
    grep -E "^(${registry:-no-registry}/)?(bench-plat/|bench/runtime-deps:)" || true)"
  [[ -z "$refs" ]] || xargs -r docker rmi -f <<<"$refs" >/dev/null 2>&1 || true
}

cleanup() {
  local status=$?
  remove_images
  if [[ -n "$registry_pid" ]]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  if ((keep_work)); then log "work folder kept: $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT

# --- a loopback registry without auth ----------------------------------------------------------
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
registry="127.0.0.1:$port"
start_loopback_registry "$work" "$registry"

# --- the base: an index of the amd64 and arm64 runtime-deps stand-ins ---------------------------
base="$registry/bench/runtime-deps:10.0"
entries="[]"
for pair in "runtime-deps:amd64" "runtime-deps-arm64:arm64"; do
  standin="$STANDIN/${pair%%:*}:10.0" arch="${pair##*:}"
  # The engine treats 127.0.0.0/8 as an insecure registry, so a plain-HTTP push works.
  docker tag "$standin" "$base-$arch"
  docker push -q "$base-$arch" >/dev/null || die "docker push $base-$arch failed"
  docker rmi "$base-$arch" >/dev/null
  manifest="$work/registry/manifest-$arch.json"
  curl -fsS -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' -o "$manifest" \
    "http://$registry/v2/bench/runtime-deps/manifests/10.0-$arch" || die "GET manifest 10.0-$arch failed"
  entries="$(jq -c --arg digest "sha256:$(sha256sum "$manifest" | cut -d' ' -f1)" --argjson size "$(stat -c %s "$manifest")" \
    --arg arch "$arch" '. + [{mediaType: "application/vnd.docker.distribution.manifest.v2+json", digest: $digest, size: $size,
      platform: {architecture: $arch, os: "linux"}}]' <<<"$entries")"
done
jq -n --argjson manifests "$entries" \
  '{schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.list.v2+json", manifests: $manifests}' \
  >"$work/registry/index.json"
curl -fsS -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.list.v2+json' \
  --data-binary "@$work/registry/index.json" "http://$registry/v2/bench/runtime-deps/manifests/10.0" >/dev/null ||
  die "PUT of the manifest list $base failed"
log "base index $base: linux/amd64 and linux/arm64"

# --- pack ContainerStages with a version of its own ----------------------------------------------
# From a copy of the sources, as bench/run.sh does: the checkout's bin/ and obj/ belong to whoever
# builds there, and packing outside the repository root makes NuGet report NU5129.
version="0.1.0-benchplat$(date +%s)"
app="$work/app"
mkdir -p "$work/pack-src" "$app/feed"
(cd "$repo_root" && tar --exclude=bin --exclude=obj -cf - src build buildTransitive buildMultiTargeting \
  Directory.Build.props Directory.Packages.props global.json docs/nuget-readme.md) | tar -xf - -C "$work/pack-src"
log "packing ContainerStages $version"
(cd "$work/pack-src" && dotnet pack src/ContainerStages.Tasks/ContainerStages.Tasks.csproj -c Release \
  -o "$app/feed" -p:Version="$version" -nologo -v:q >"$work/pack.log" 2>&1) ||
  { tail -n 30 "$work/pack.log" >&2; die "dotnet pack failed"; }

# --- the app -----------------------------------------------------------------------------------
# As the integration tests' TestProjectRoot: its own global.json, empty Directory.Build.*, the feed
# inside the root (the restore inside the container finds it too) and the machine's NuGet sources.
cp "$repo_root/global.json" "$app/global.json"
echo '<Project />' >"$app/Directory.Build.props"
echo '<Project />' >"$app/Directory.Build.targets"
cat >"$app/NuGet.config" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="containerstages-local" value="feed" />
  </packageSources>
</configuration>
EOF
mkdir -p "$app/App"
cat >"$app/App/App.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <SelfContained>true</SelfContained>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="ContainerStages" Version="$version" />
  </ItemGroup>
</Project>
EOF
edit=0
write_program() {
  cat >"$app/App/Program.cs" <<EOF
using System.Runtime.InteropServices;

var app = WebApplication.Create(args);
app.MapGet("/", () => \$"edit $edit, arch={RuntimeInformation.ProcessArchitecture}");
app.Run();
EOF
}
write_program
export NUGET_PACKAGES="$work/nuget-packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# --- one publish -------------------------------------------------------------------------------
mkdir -p "$work/logs"
samples="$work/samples.jsonl"
: >"$samples"
tag_number=0
# publish <contender: one|two> <scenario> <run> <position in the run>
publish() {
  local contender=$1 scenario=$2 run=$3 position=$4 rids expected
  tag_number=$((tag_number + 1))
  local tag="$tag_number" logfile="$work/logs/$scenario-$run-$contender.log"
  if [[ "$contender" == one ]]; then rids="linux-x64" expected=1; else rids="linux-x64%3Blinux-arm64" expected=2; fi
  local load start end status
  load="$(load1)"
  start=$(date +%s%N)
  # Every line stamped with the seconds since the start, for where the time goes.
  set +e
  (cd "$app" && dotnet publish App/App.csproj -c Release -p:ContainerStages=true \
    -p:ContainerBaseImage="$base" -p:ContainerStagesSdkImage="$STANDIN/sdk:10.0" \
    -p:ContainerRegistry="$registry" -p:ContainerRepository="$REPOSITORY" -p:ContainerImageTag="$tag" \
    -p:ContainerRuntimeIdentifiers="$rids" -nodeReuse:false -tl:off -v:n -clp:PerformanceSummary 2>&1) |
    python3 -u -c 'import sys, time
t0 = time.monotonic()
for line in sys.stdin:
    sys.stdout.write(f"{time.monotonic() - t0:8.2f} {line}")' >"$logfile"
  status=${PIPESTATUS[0]}
  set -e
  end=$(date +%s%N)
  [[ "$status" == 0 ]] || { tail -n 40 "$logfile" >&2; die "publish ($contender, $scenario, run $run) failed: $logfile"; }

  # What the publish did: one image per platform, and for two platforms the pushed index.
  local built index platforms task
  built="$(grep -oE 'ContainerStages: built \S+ from stage .[^ ]+ [0-9.]+ MB' "$logfile" || true)"
  [[ "$(grep -c . <<<"$built")" -ge "$expected" ]] ||
    { tail -n 40 "$logfile" >&2; die "publish ($contender, $scenario, run $run) built $(grep -c . <<<"$built") images, not $expected: $logfile"; }
  index="$(grep -oE 'CSTG1125: Pushed the image index .*' "$logfile" || true)"
  platforms="$(grep -oE 'CSTG1117: Building [0-9]+ platforms' "$logfile" || true)"
  if [[ "$contender" == two ]]; then
    [[ "$index" == *"linux/amd64 sha256:"*"linux/arm64 sha256:"* ]] ||
      { tail -n 40 "$logfile" >&2; die "two-platform publish pushed no index of both platforms: $logfile"; }
  else
    [[ -z "$index" && -z "$platforms" ]] || die "the one-platform publish built several platforms: $logfile"
    grep -q "CSTG1029: Pushed $registry/$REPOSITORY" "$logfile" || die "the one-platform publish pushed nothing: $logfile"
  fi
  task="$(grep -E '^ *[0-9.]+ +[0-9]+ ms +BuildContainerStagesImage ' "$logfile" | awk '{print $2}' | head -n1)"
  jq -nc --arg contender "$contender" --arg scenario "$scenario" --argjson run "$run" --argjson position "$position" \
    --argjson wall_ms $(((end - start) / 1000000)) --argjson load1 "$load" --argjson task_ms "${task:-null}" \
    --arg built "$built" --arg index "$index" --arg log "${logfile#"$work"/}" \
    '{scenario: $scenario, run: $run, position: $position, contender: $contender, wall_ms: $wall_ms,
      build_image_task_ms: $task_ms, load1_before: $load1, built: ($built | split("\n")), index: $index, log: $log}' >>"$samples"
  log "$scenario run $run $contender: $(((end - start) / 1000000)) ms (load $load)"
}

cold_reset() {
  remove_images
  rm -rf "$app/App/bin" "$app/App/obj"
  # The app's earlier pushes: gone from the registry, so a cold push uploads every layer again.
  rm -rf "$work/registry/data/docker/registry/v2/repositories/bench-plat"
  /usr/bin/docker builder prune -af >/dev/null
}

# The host's packages folder filled once, untimed: otherwise the first cold publish alone would pay
# for downloading ContainerStages and the runtime packs.
log "priming the host's NuGet packages folder (untimed plain publish)"
(cd "$app" && dotnet publish App/App.csproj -c Release -p:ContainerStages=false -o "$work/prime" -nodeReuse:false -tl:off -v:q \
  >"$work/logs/prime.log" 2>&1) || { tail -n 40 "$work/logs/prime.log" >&2; die "the priming publish failed"; }

load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_utc="$(date -u '+%Y-%m-%d %H:%M')"
order() { if (($1 % 2)); then echo "one two"; else echo "two one"; fi; }

for run in $(seq 1 "$runs"); do
  position=0
  for contender in $(order "$run"); do
    position=$((position + 1))
    cold_reset
    publish "$contender" cold "$run" "$position"
  done
done

log "edit: one untimed publish of each contender first"
for contender in one two; do publish "$contender" warmup 0 0; done
for run in $(seq 1 "$runs"); do
  position=0
  for contender in $(order "$run"); do
    position=$((position + 1))
    edit=$((edit + 1))
    write_program
    publish "$contender" edit "$run" "$position"
  done
done
load_at_end="$(cut -d' ' -f1-3 /proc/loadavg)"
finished_utc="$(date -u '+%H:%M')"

# --- results -----------------------------------------------------------------------------------
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 -B "$here/report.py" --work "$work" --out "$here" --runs "$runs" --load-start "$load_at_start" \
  --load-end "$load_at_end" --started "$started_utc" --finished "$finished_utc" --commit "$commit" --version "$version"
