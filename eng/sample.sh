#!/usr/bin/env bash
# The README's main command: packs ContainerStages, publishes samples/HelloApi with
# -p:ContainerStages=true, runs the image it built, calls it over HTTP and prints its size.
# Where the upstream .NET images cannot be pulled (as on machines without registry access), it
# uses the offline stand-ins that eng/test-env.sh builds (only the two the sample needs), and says so.
# Every step says how long it takes on a fresh 2-core machine before it starts.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples="$repo_root/samples"
image="containerstages-sample/hello-api"
upstream_runtime="mcr.microsoft.com/dotnet/aspnet:10.0"
# The version samples/HelloApi references; the restore inside the build reads it from the project file.
version="0.1.0-sample"
started=$SECONDS
log() { echo "sample: $*"; }
step() { step_started=$SECONDS; log "$1 (about $2 on a fresh 2-core machine) ..."; }
step_done() { log "  done in $((SECONDS - step_started)) s"; }

if ! docker info >/dev/null 2>&1; then
  log "no Docker engine answers; provisioning one with eng/test-env.sh"
  "$repo_root/eng/test-env.sh" --only sdk,aspnet
fi

# Whether the engine can pull from mcr.microsoft.com, decided within 10 s: a pull that has not said
# "Pulling from" by then is waiting on a registry it cannot reach (a pull that did is let finish).
upstream_reachable() {
  docker image inspect "$upstream_runtime" >/dev/null 2>&1 && return 0
  local output pull
  output="$(mktemp)"
  docker pull "$upstream_runtime" >"$output" 2>&1 &
  pull=$!
  for _ in $(seq 1 20); do
    if ! kill -0 "$pull" 2>/dev/null; then
      wait "$pull" && { rm -f "$output"; return 0; }
      rm -f "$output"
      return 1
    fi
    if grep -q "Pulling from" "$output"; then
      log "pulling $upstream_runtime"
      wait "$pull" && { rm -f "$output"; return 0; }
      rm -f "$output"
      return 1
    fi
    sleep 0.5
  done
  kill "$pull" 2>/dev/null || true
  wait "$pull" 2>/dev/null || true
  rm -f "$output"
  return 1
}

base_args=()
step "checking whether the engine can pull $upstream_runtime" "10 s at most"
if upstream_reachable; then
  step_done
  log "using the upstream images mcr.microsoft.com/dotnet/sdk:10.0 and aspnet:10.0"
else
  step_done
  log "mcr.microsoft.com cannot be reached from here: using the offline stand-in base images instead"
  "$repo_root/eng/test-env.sh" --only sdk,aspnet
  base_args=(-p:ContainerBaseImage=containerstages-standin/aspnet:10.0 -p:ContainerStagesSdkImage=containerstages-standin/sdk:10.0)
fi

step "packing ContainerStages $version into samples/packages" "15 s"
rm -rf "$samples/packages"
dotnet pack "$repo_root/src/ContainerStages.Tasks/ContainerStages.Tasks.csproj" -c Release -o "$samples/packages" \
  -p:Version="$version" -nologo -v:q
step_done

# A private packages folder, so a freshly packed ContainerStages is never shadowed by a cached one.
export NUGET_PACKAGES="$repo_root/artifacts/sample-nuget"
rm -rf "$NUGET_PACKAGES"
publish_log="$repo_root/artifacts/sample-publish.log"
mkdir -p "$repo_root/artifacts"
step "dotnet publish samples/HelloApi -p:ContainerStages=true: restore, compile and publish on this machine, then the image build puts that publish folder on the runtime base" "40 s"
dotnet publish "$samples/HelloApi/HelloApi.csproj" -p:ContainerStages=true \
  -p:ContainerImageTag=latest "${base_args[@]}" -tl:off -nologo | tee "$publish_log"
step_done

container="$(docker run -d --rm -p 127.0.0.1::8080 "$image:latest")"
trap 'docker rm -f "$container" >/dev/null 2>&1 || true' EXIT
port="$(docker port "$container" 8080/tcp | head -n1 | sed 's/.*://')"
for _ in $(seq 1 60); do
  if answer="$(curl -fsS "http://127.0.0.1:$port/" 2>/dev/null)"; then break; fi
  sleep 0.5
done
log "GET http://127.0.0.1:$port/ -> ${answer:-no answer}"
log "image user: $(docker image inspect -f '{{.Config.User}}' "$image:latest")"
log "$(grep -oE 'ContainerStages: (built|kept) .*' "$publish_log" | tail -n1)"
log "the Dockerfile it wrote: samples/HelloApi/Dockerfile"
log "the sample took $((SECONDS - started)) s"
