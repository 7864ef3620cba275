#!/usr/bin/env bash
# Node.js benchmark: the same TypeScript service built single-stage (FROM the build image, COPY . .,
# npm ci, npm run build) and multi-stage by `dotnet publish -p:ContainerStages=true` from a
# Microsoft.Build.NoTargets project beside its package.json. Prints, side by side, the image sizes
# (whole and above their base image) and the size of node_modules with every dependency and with
# the production dependencies only.
#
# Usage: bench/node/run.sh [--keep-work]
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
case "${1:-}" in
  --keep-work) keep_work=1 ;;
  -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; exit 0 ;;
  "") ;;
  *) printf 'unknown argument: %s\n' "$1" >&2; exit 2 ;;
esac

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
(cd "$repo_root" && git ls-files -z src build buildTransitive Directory.Build.props Directory.Packages.props global.json README.md |
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
const server = createServer((_req, res) => { res.end(`orders up for ${ms(60000)}\n`); });
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
log "multi-stage: dotnet publish -p:ContainerStages=true -p:ContainerStagesTest=true"
started=$SECONDS
(cd "$work" && NUGET_PACKAGES="$work/nuget" dotnet publish app/Orders.csproj -p:ContainerStages=true -p:ContainerStagesTest=true \
  -p:ContainerBaseImage="$runtime_image" -p:ContainerStagesSdkImage="$build_image" \
  -p:ContainerRepository="$prefix/orders" -p:ContainerImageTag=multi -nodeReuse:false -tl:off >"$work/publish.log" 2>&1) ||
  { tail -n 40 "$work/publish.log" >&2; die "dotnet publish failed (log: $work/publish.log)"; }
multi_seconds=$((SECONDS - started))
log "single-stage: docker build -f Dockerfile.single"
started=$SECONDS
docker build -q -f "$app/Dockerfile.single" -t "$single" "$app" >"$work/single.log" 2>&1 ||
  { tail -n 40 "$work/single.log" >&2; die "single-stage docker build failed"; }
single_seconds=$((SECONDS - started))

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
