#!/usr/bin/env bash
# The README's main command: packs ContainerStages, publishes samples/HelloApi with
# -p:ContainerStages=true, runs the image it built, calls it over HTTP and prints its size.
# Where the upstream .NET images cannot be pulled (as on machines without registry access), it
# uses the offline stand-ins that eng/test-env.sh builds, and says so.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples="$repo_root/samples"
image="containerstages-sample/hello-api"
# The version samples/HelloApi references; the restore inside the build reads it from the project file.
version="0.1.0-sample"
log() { echo "sample: $*"; }

if ! docker info >/dev/null 2>&1; then
  log "no Docker engine answers; provisioning one with eng/test-env.sh"
  "$repo_root/eng/test-env.sh"
fi

base_args=()
if docker image inspect mcr.microsoft.com/dotnet/aspnet:10.0 >/dev/null 2>&1 \
   || timeout 60 docker pull -q mcr.microsoft.com/dotnet/aspnet:10.0 >/dev/null 2>&1; then
  log "using the upstream images mcr.microsoft.com/dotnet/sdk:10.0 and aspnet:10.0"
else
  log "mcr.microsoft.com cannot be reached from here: using the offline stand-in base images instead"
  "$repo_root/eng/test-env.sh" >/dev/null
  base_args=(-p:ContainerBaseImage=containerstages-standin/aspnet:10.0 -p:ContainerStagesSdkImage=containerstages-standin/sdk:10.0)
fi

log "packing ContainerStages $version into samples/packages"
rm -rf "$samples/packages"
dotnet pack "$repo_root/src/ContainerStages.Tasks/ContainerStages.Tasks.csproj" -c Release -o "$samples/packages" \
  -p:Version="$version" -nologo -v:q

# A private packages folder, so a freshly packed ContainerStages is never shadowed by a cached one.
export NUGET_PACKAGES="$repo_root/artifacts/sample-nuget"
rm -rf "$NUGET_PACKAGES"
publish_log="$repo_root/artifacts/sample-publish.log"
mkdir -p "$repo_root/artifacts"
log "dotnet publish samples/HelloApi -p:ContainerStages=true"
dotnet publish "$samples/HelloApi/HelloApi.csproj" -p:ContainerStages=true \
  -p:ContainerImageTag=latest "${base_args[@]}" -tl:off -nologo | tee "$publish_log"

container="$(docker run -d --rm -p 127.0.0.1::8080 "$image:latest")"
trap 'docker rm -f "$container" >/dev/null 2>&1 || true' EXIT
port="$(docker port "$container" 8080/tcp | head -n1 | sed 's/.*://')"
for _ in $(seq 1 60); do
  if answer="$(curl -fsS "http://127.0.0.1:$port/" 2>/dev/null)"; then break; fi
  sleep 0.5
done
log "GET http://127.0.0.1:$port/ -> ${answer:-no answer}"
log "image user: $(docker image inspect -f '{{.Config.User}}' "$image:latest")"
log "$(grep -o 'ContainerStages: built .*' "$publish_log" | tail -n1)"
log "the Dockerfile it wrote: samples/HelloApi/Dockerfile"
