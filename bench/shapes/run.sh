#!/usr/bin/env bash
# The measured goal of the lean runtime images: for each .NET deployment shape, publish a small app
# with ContainerStages on the offline stand-in bases and compare the image with its base plus the
# app's published output. The framework-dependent images must equal base + published output within 1%.
#
# Usage: bench/shapes/run.sh [--keep-work]
#
# Shapes: framework-dependent web app (aspnet), framework-dependent console app (runtime),
# self-contained trimmed console app (runtime-deps), and Native AOT console app (runtime-deps, built
# on containerstages-standin/sdk-aot:10.0; skipped when that stand-in is not on the engine).
# Each app is published with `dotnet publish -p:ContainerStages=true`; the host publish of the same
# project with the same shape flags is the "published output" (its files' bytes). The image and base
# sizes come from ContainerStages' JSON size report and are checked against `docker image inspect`.
# Writes bench/shapes/results/latest.md (and prints it). Images are named containerstages-shapes-*
# and removed at the end; the stand-ins are kept.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="$repo_root/bench/shapes/results"
readonly STANDIN="containerstages-standin"
readonly AOT_SDK="$STANDIN/sdk-aot:10.0"
# Like the tests: /usr/bin/docker is Debian's CLI, which builds without buildx.
docker() { DOCKER_BUILDKIT=1 /usr/bin/docker "$@"; }

keep_work=0
while (($#)); do
  case "$1" in
    --keep-work) keep_work=1 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) printf 'shapes: unknown argument %s\n' "$1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf 'shapes: %s\n' "$*" >&2; }
die() { printf 'shapes: ERROR: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "dotnet is required"
command -v python3 >/dev/null || die "python3 is required (reads the JSON report)"
docker version >/dev/null 2>&1 || die "no Docker engine answers: run eng/test-env.sh"
for base in sdk aspnet runtime runtime-deps; do
  docker image inspect "$STANDIN/$base:10.0" >/dev/null 2>&1 || die "$STANDIN/$base:10.0 is missing: run eng/test-env.sh"
done

session="$(date -u +%Y%m%d%H%M%S)"
prefix="containerstages-shapes-$session"
work="$(mktemp -d "${TMPDIR:-/tmp}/containerstages-shapes-$session.XXXX")"
cleanup() {
  local leftovers
  leftovers="$(docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "^$prefix/" || true)"
  [[ -z "$leftovers" ]] || xargs -r /usr/bin/docker rmi -f <<<"$leftovers" >/dev/null 2>&1 || true
  if ((keep_work)); then log "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

version="0.1.0-shapes$session"
log "packing ContainerStages $version"
dotnet pack "$repo_root/src/ContainerStages.Tasks/ContainerStages.Tasks.csproj" -c Release -o "$work/feed" "-p:Version=$version" -nologo -v:q >"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log" >&2; die "pack failed"; }

export NUGET_PACKAGES="$work/nuget-packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

# app <name> <sdk> <extra properties> <Program.cs>
app() {
  local dir="$work/$1"
  mkdir -p "$dir/app" "$dir/feed"
  # The feed lives inside the build context: the restore inside the build reads it too.
  cp "$work"/feed/*.nupkg "$dir/feed/"
  cp "$repo_root/global.json" "$dir/global.json"
  printf '<Project />\n' >"$dir/Directory.Build.props"
  printf '<Project />\n' >"$dir/Directory.Build.targets"
  cat >"$dir/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="containerstages-local" value="feed" />
  </packageSources>
</configuration>
XML
  cat >"$dir/app/App.csproj" <<XML
<Project Sdk="$2">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <AssemblyName>$1</AssemblyName>
    $3
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="ContainerStages" Version="$version" />
  </ItemGroup>
</Project>
XML
  printf '%s\n' "$4" >"$dir/app/Program.cs"
}

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2], {}, {"d": d}); print("" if v is None else v)' "$@"; }

rows=()
notes=()
# measure <shape label> <name> <base image> <host publish?> <extra publish arguments...> (a later -p wins)
measure() {
  local label="$1" name="$2" base="$3" host_publish="$4"
  shift 4
  local dir="$work/$name" image="$prefix/$name" report="$work/$name/report.json"
  log "publishing $label"
  local target=(publish)
  ((host_publish)) || target=(build -t:ContainerStagesPublish)
  if ! (cd "$dir" && dotnet "${target[@]}" app/App.csproj -c Release -o "$work/out-$name" -p:ContainerStages=true \
    "-p:ContainerBaseImage=$base" "-p:ContainerRepository=$image" -p:ContainerImageTag=1 \
    "-p:ContainerStagesSdkImage=$STANDIN/sdk:10.0" "-p:ContainerStagesReportFile=$report" -nodeReuse:false -tl:off "$@") >"$dir/publish.log" 2>&1; then
    tail -40 "$dir/publish.log" >&2
    rows+=("| $label | \`${base#"$STANDIN/"}\` | failed (see the log) | | | |")
    return
  fi

  local size base_size inspect_size published
  size="$(json "$report" 'd["size"]')"
  base_size="$(json "$report" 'd["baseImage"]["size"]')"
  inspect_size="$(docker image inspect -f '{{.Size}}' "$image:1")"
  [[ "$size" == "$inspect_size" ]] || die "$label: the report says $size bytes, docker image inspect $inspect_size"
  if ((host_publish)); then
    published="$(bytes_of "$work/out-$name")"
  else
    # No host publish (it would need the native toolchain on this machine): the image's own /app.
    local container
    container="$(docker create "$image:1")"
    published="$(docker export "$container" | python3 -c '
import sys, tarfile
print(sum(m.size for m in tarfile.open(fileobj=sys.stdin.buffer, mode="r|") if m.isfile() and m.name.startswith("app/")))')"
    docker rm "$container" >/dev/null
    notes+=("$label: published output measured as the files under /app in the image (no host publish).")
  fi
  local over=$((size - base_size - published))
  local percent
  percent="$(python3 -c "print(f'{abs($over) * 100 / $size:.3f}')")"
  rows+=("| $label | \`${base#"$STANDIN/"}\` | $(mb "$size") | $(mb "$base_size") | $(fmt "$published") | $(fmt "$over") ($percent%) |")
  printf '%s %s %s %s %s\n' "$name" "$size" "$base_size" "$published" "$over" >>"$work/sizes.txt"
}
mb() { python3 -c "print(f'{$1 / 1e6:.1f} MB')"; }
fmt() { python3 -c "print(f'{$1:,}')"; }

console_program='Console.WriteLine($"Hello from {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");'

app web-fd Microsoft.NET.Sdk.Web "" 'var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "Hello");
app.Run();'
measure "framework-dependent web app" web-fd "$STANDIN/aspnet:10.0" 1 -p:UseAppHost=false

app console-fd Microsoft.NET.Sdk "<OutputType>Exe</OutputType>" "$console_program"
measure "framework-dependent console app" console-fd "$STANDIN/runtime:10.0" 1 -p:UseAppHost=false

app console-trimmed Microsoft.NET.Sdk "<OutputType>Exe</OutputType><RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>true</SelfContained><PublishTrimmed>true</PublishTrimmed><InvariantGlobalization>true</InvariantGlobalization>" "$console_program"
measure "self-contained trimmed console app" console-trimmed "$STANDIN/runtime-deps:10.0" 1

if docker image inspect "$AOT_SDK" >/dev/null 2>&1; then
  app console-aot Microsoft.NET.Sdk "<OutputType>Exe</OutputType><RuntimeIdentifier>linux-x64</RuntimeIdentifier><PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization>" "$console_program"
  measure "Native AOT console app" console-aot "$STANDIN/runtime-deps:10.0" 0 "-p:ContainerStagesSdkImage=$AOT_SDK"
else
  rows+=("| Native AOT console app | \`runtime-deps:10.0\` | not measured: no \`$AOT_SDK\` on this engine | | | |")
fi

# The goal: framework-dependent images are base + published output, within 1% of the image size.
verdicts=()
while read -r name size base_size published over; do
  case "$name" in
    web-fd | console-fd)
      if python3 -c "import sys; sys.exit(0 if abs($over) <= $size / 100 else 1)"; then
        verdicts+=("- $name: image = base + published output within 1% ($over bytes apart): **met**")
      else
        verdicts+=("- $name: image differs from base + published output by $over bytes, more than 1%: **not met**")
      fi ;;
  esac
done <"$work/sizes.txt"

sdk_version="$(dotnet --version)"
engine="$(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
mkdir -p "$results"
{
  printf '# Image sizes by deployment shape\n\n'
  printf 'Measured by `bench/shapes/run.sh` on %s (package from %s; .NET SDK %s; Docker %s), with the offline stand-in bases.\n\n' \
    "$(date -u +%Y-%m-%d)" "$(git -C "$repo_root" rev-parse --short HEAD)" "$sdk_version" "$engine"
  printf '| shape | base | image | base size | published output (bytes) | bytes over base + app |\n|---|---|---:|---:|---:|---:|\n'
  printf '%s\n' "${rows[@]}"
  printf '\n'
  printf '%s\n' "${verdicts[@]}"
  if ((${#notes[@]})); then printf '\n'; printf -- '- %s\n' "${notes[@]}"; fi
  printf '\nImage and base sizes are the engine'"'"'s (`docker image inspect`, decimal MB as `docker images` shows), read from ContainerStages'"'"' JSON size report and checked against inspect; the published output is the host `dotnet publish` of the same project with the same shape properties (framework-dependent with `UseAppHost=false`, as the container builds it).\n'
} >"$results/latest.md"
cat "$results/latest.md"
