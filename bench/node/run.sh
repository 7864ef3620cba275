#!/usr/bin/env bash
# Node.js benchmark: the same TypeScript service built single-stage (FROM the build image, COPY . .,
# npm ci, npm run build) and multi-stage by `dotnet publish -p:ContainerStages=true` from a
# Microsoft.Build.NoTargets project beside its package.json. Prints, side by side, the image sizes
# (whole and above their base image) and the size of node_modules with every dependency and with
# the production dependencies only.
#
# Then times, side by side in each run, a one-line TypeScript edit, a no-op and a package.json edit
# (a version bump: the dependency layers are rebuilt) for both, and prints the medians (min-max) and
# the ratios; the tables are also written to bench/results/node.md.
#
# Usage: bench/node/run.sh [--runs N] [--keep-work]   (N timed runs per scenario, default 5)
# Environment:
#   NODE_BUILD_IMAGE    build stages' image (default containerstages-standin/node:20, see eng/test-env.sh)
#   NODE_RUNTIME_IMAGE  runtime image (default containerstages-standin/node:20-slim)
#
# The app's dev dependencies are the usual ones of such a service: typescript and @types/node (the
# compiler), esbuild (a bundler), uvu (a test runner) and eslint (a linter); its one production
# dependency is 'ms'. npm packages come from the registry this machine's npm reaches. Images are
# named containerstages-bench-node-* and removed at the end.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_image="${NODE_BUILD_IMAGE:-containerstages-standin/node:20}"
runtime_image="${NODE_RUNTIME_IMAGE:-containerstages-standin/node:20-slim}"
keep_work=0
runs=5
while (($#)); do
  case "$1" in
    --keep-work) keep_work=1 ;;
    --runs) runs="${2:?--runs needs a number}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) printf 'unknown argument: %s\n' "$1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { printf -- '--runs needs a positive number\n' >&2; exit 2; }

log() { printf 'bench-node: %s\n' "$*" >&2; }
die() { printf 'bench-node: ERROR: %s\n' "$*" >&2; exit 1; }
command -v dotnet >/dev/null || die "dotnet is required"
command -v npm >/dev/null || die "npm is required (it writes the app's package-lock.json)"
[[ -x /usr/bin/docker ]] || die "/usr/bin/docker (Debian's docker.io CLI) is required for DOCKER_BUILDKIT=1 builds"
export DOCKER_BUILDKIT=1
docker() { /usr/bin/docker "$@"; }
for image in "$build_image" "$runtime_image"; do
  docker image inspect "$image" >/dev/null 2>&1 || die "$image is not on the engine (run eng/test-env.sh)"
done

session="$(date -u +%Y%m%d%H%M%S)"
work="$(mktemp -d "${TMPDIR:-/tmp}/containerstages-bench-node-$session.XXXX")"
prefix="containerstages-bench-node-$session"
cleanup() {
  docker image ls --format '{{.Repository}}:{{.Tag}}' | grep "^$prefix" | xargs -r docker image rm -f >/dev/null 2>&1 || true
  if ((keep_work)); then log "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- pack ContainerStages with a version of its own (as bench/run.sh does) ---------------------
version="0.0.0-benchnode.$session"
mkdir -p "$work/pack-src" "$work/feed"
(cd "$repo_root" && git ls-files -z src build buildTransitive Directory.Build.props Directory.Packages.props global.json docs/nuget-readme.md |
  tar --null -T - -cf -) | tar -xf - -C "$work/pack-src"
log "packing ContainerStages $version"
(cd "$work/pack-src" && dotnet pack src/ContainerStages.Tasks/ContainerStages.Tasks.csproj -c Release \
  -o "$work/feed" -p:Version="$version" -nologo -v:q >"$work/pack.log" 2>&1) ||
  { tail -n 30 "$work/pack.log" >&2; die "dotnet pack failed (log: $work/pack.log)"; }

# --- the app --------------------------------------------------------------------------------------
app="$work/app"
mkdir -p "$app/src" "$app/test"
cp "$repo_root/global.json" "$work/"
printf '<Project />\n' >"$work/Directory.Build.props"
printf '<Project />\n' >"$work/Directory.Build.targets"
cat >"$work/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="containerstages-bench" value="feed" />
  </packageSources>
</configuration>
XML
cat >"$app/Orders.csproj" <<XML
<Project Sdk="Microsoft.Build.NoTargets/3.7.0">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="ContainerStages" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$app/package.json" <<'JSON'
{
  "name": "orders",
  "version": "1.0.0",
  "private": true,
  "main": "dist/server.js",
  "scripts": {
    "build": "tsc -p tsconfig.json",
    "test": "uvu test",
    "lint": "eslint src",
    "start": "node dist/server.js"
  },
  "dependencies": { "ms": "2.1.3" },
  "devDependencies": {
    "@types/node": "20.17.6",
    "esbuild": "0.24.0",
    "eslint": "9.14.0",
    "typescript": "5.6.3",
    "uvu": "0.5.6"
  }
}
JSON
cat >"$app/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "es2022", "module": "commonjs", "rootDir": "src", "outDir": "dist", "strict": true, "types": ["node"] } }
JSON
cat >"$app/src/server.ts" <<'TS'
import { createServer } from "node:http";
const ms: (value: number) => string = require("ms");
const edition = "edit 0"; // BENCH_EDIT
const server = createServer((_req, res) => { res.end(`orders up for ${ms(60000)} (${edition})\n`); });
server.listen(3000);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
TS
cat >"$app/test/server.test.js" <<'JS'
const { test } = require("uvu");
const assert = require("uvu/assert");
test("ms formats a minute", () => { assert.is(require("ms")(60000), "1m"); });
test.run();
JS
cat >"$app/Dockerfile.single" <<DOCKER
FROM $build_image
WORKDIR /app
COPY . .
RUN npm ci && npm run build
ENV NODE_ENV=production
USER node
CMD ["node", "dist/server.js"]
DOCKER
log "writing package-lock.json with the host's npm"
(cd "$app" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund >"$work/npm-lock.log" 2>&1) ||
  { tail -n 20 "$work/npm-lock.log" >&2; die "npm install --package-lock-only failed"; }

# --- the two images -------------------------------------------------------------------------------
multi="$prefix/orders:multi"
single="$prefix/orders:single"
build_multi() {
  (cd "$work" && NUGET_PACKAGES="$work/nuget" dotnet publish app/Orders.csproj -p:ContainerStages=true -p:ContainerStagesTest=true \
    -p:ContainerBaseImage="$runtime_image" -p:ContainerStagesSdkImage="$build_image" \
    -p:ContainerRepository="$prefix/orders" -p:ContainerImageTag=multi -nodeReuse:false -tl:off >"$work/publish-$1.log" 2>&1) ||
    { tail -n 40 "$work/publish-$1.log" >&2; die "dotnet publish failed (log: $work/publish-$1.log)"; }
}
build_single() {
  docker build -q -f "$app/Dockerfile.single" -t "$single" "$app" >"$work/single-$1.log" 2>&1 ||
    { tail -n 40 "$work/single-$1.log" >&2; die "single-stage docker build failed (log: $work/single-$1.log)"; }
}
# Seconds (3 decimals) one build takes; the sample goes to samples.tsv as "tool scenario seconds".
timed() {
  local tool="$1" scenario="$2" label="$3" start end
  start="$(date +%s.%N)"
  "build_$tool" "$label"
  end="$(date +%s.%N)"
  printf '%s\t%s\t%s\n' "$tool" "$scenario" "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')" >>"$work/samples.tsv"
}
: >"$work/samples.tsv"

log "multi-stage: dotnet publish -p:ContainerStages=true -p:ContainerStagesTest=true"
timed multi cold cold
log "single-stage: docker build -f Dockerfile.single"
timed single cold cold
multi_seconds="$(awk -F'\t' '$1 == "multi" && $2 == "cold" { printf "%.0f", $3 }' "$work/samples.tsv")"
single_seconds="$(awk -F'\t' '$1 == "single" && $2 == "cold" { printf "%.0f", $3 }' "$work/samples.tsv")"

size() { docker image inspect -f '{{.Size}}' "$1"; }
node_modules() { docker run --rm --user 0 --entrypoint du "$1" -sb /app/node_modules | cut -f1; }
# MB, or kB below one MB (a production node_modules can be a few kB).
mb() { awk -v b="$1" 'BEGIN { if (b < 1000000 && b > -1000000) printf "%.1f kB", b / 1000; else printf "%.1f MB", b / 1000000 }'; }

multi_size="$(size "$multi")"
single_size="$(size "$single")"
multi_app=$((multi_size - $(size "$runtime_image")))
single_app=$((single_size - $(size "$build_image")))
prod_modules="$(node_modules "$multi")"
all_modules="$(node_modules "$single")"
answer="$(docker run --rm -d -p 127.0.0.1::3000 "$multi")"
sleep 2
port="$(docker port "$answer" 3000/tcp | head -n 1 | sed 's/.*://')"
reply="$(curl -fsS "http://127.0.0.1:$port/" || echo "no answer")"
docker rm -f "$answer" >/dev/null

printf '\n| | single-stage | multi-stage (ContainerStages) |\n|---|---|---|\n'
printf '| image | %s | %s |\n' "$(mb "$single_size")" "$(mb "$multi_size")"
printf '| above its base image | %s (on %s) | %s (on %s) |\n' "$(mb "$single_app")" "$build_image" "$(mb "$multi_app")" "$runtime_image"
printf '| node_modules | %s (all dependencies) | %s (production only) |\n' "$(mb "$all_modules")" "$(mb "$prod_modules")"
printf '| cold build | %d s (docker build) | %d s (dotnet publish, tests run) |\n' "$single_seconds" "$multi_seconds"
printf '\ndev dependencies: %s; multi-stage saves %s above the base; the multi-stage container answers: %s\n' \
  "$(mb $((all_modules - prod_modules)))" "$(mb $((single_app - multi_app)))" "$reply"

# --- timed runs: both tools, one after the other, in each run -----------------------------------------
for run in $(seq 1 "$runs"); do
  sed -i "s/const edition = \"[^\"]*\"/const edition = \"edit $run\"/" "$app/src/server.ts"
  for tool in multi single; do timed "$tool" edit "edit-$run"; done
  for tool in multi single; do timed "$tool" noop "noop-$run"; done
  sed -i "s/\"version\": \"1\.0\.[0-9]*\"/\"version\": \"1.0.$run\"/" "$app/package.json"
  (cd "$app" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund >"$work/npm-lock-$run.log" 2>&1) ||
    die "npm install --package-lock-only failed after the version bump"
  for tool in multi single; do timed "$tool" pkgedit "pkgedit-$run"; done
  log "run $run of $runs done"
done
container="$(docker run --rm -d -p 127.0.0.1::3000 "$multi")"
sleep 2
port="$(docker port "$container" 3000/tcp | head -n 1 | sed 's/.*://')"
after="$(curl -fsS "http://127.0.0.1:$port/" || echo "no answer")"
docker rm -f "$container" >/dev/null
[[ "$after" == *"(edit $runs)"* ]] || die "the multi-stage image after the last edit answers '$after', not edit $runs"

timings="$(python3 - "$work/samples.tsv" "$runs" <<'PY'
import statistics, sys
samples = {}
for line in open(sys.argv[1]):
    tool, scenario, seconds = line.split("\t")
    samples.setdefault((tool, scenario), []).append(float(seconds))
def cell(values):
    if len(values) == 1:
        return f"{values[0]:.1f}"
    return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})"
names = {"cold": "cold (first build, 1 run)", "edit": "one-line .ts edit", "noop": "no-op", "pkgedit": "package.json edit (version bump)"}
print("| scenario | multi-stage (`dotnet publish`, tests run) | single-stage (`docker build`) | multi / single |")
print("|---|---|---|---|")
for scenario, title in names.items():
    m, s = samples.get(("multi", scenario), []), samples.get(("single", scenario), [])
    if m and s:
        print(f"| {title} | {cell(m)} | {cell(s)} | {statistics.median(m) / statistics.median(s):.2f} |")
print(f"\nWall seconds, median (min–max) of {sys.argv[2]} run(s); both tools measured one after the other in each run.")
PY
)"
printf '\n%s\n\nafter the last run the multi-stage container answers: %s\n' "$timings" "$after"

results="$repo_root/bench/results/node.md"
{
  printf '# Node.js benchmark\n\n'
  printf 'Measured %s UTC by `bench/node/run.sh --runs %s` on %s, %s CPUs; build image %s, runtime image %s; host Node.js %s, npm %s.\n\n' \
    "$(date -u '+%Y-%m-%d %H:%M')" "$runs" "$(. /etc/os-release && echo "$PRETTY_NAME")" "$(nproc)" "$build_image" "$runtime_image" \
    "$(node --version)" "$(npm --version)"
  printf '| | single-stage | multi-stage (ContainerStages) |\n|---|---|---|\n'
  printf '| image | %s | %s |\n' "$(mb "$single_size")" "$(mb "$multi_size")"
  printf '| above its base image | %s (on %s) | %s (on %s) |\n' "$(mb "$single_app")" "$build_image" "$(mb "$multi_app")" "$runtime_image"
  printf '| node_modules | %s (all dependencies) | %s (production only) |\n\n' "$(mb "$all_modules")" "$(mb "$prod_modules")"
  printf '%s\n\nThe multi-stage run includes the .NET host side (`dotnet publish` of the NoTargets project: restore, the plan, the image task) and runs the tests (`npm test`) in its test stage; the single-stage Dockerfile runs no tests. The single-stage build has no npm cache mount, so its `npm ci` downloads every package again whenever `COPY . .` changes.\n' "$timings"
} >"$results"
log "wrote $results"
