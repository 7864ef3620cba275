#!/usr/bin/env bash
# Provisions the environment the ContainerStages integration tests run against:
# a working Docker engine (with BuildKit) and local stand-in .NET and Node.js base images.
#
# The test machines cannot reach any container registry, so the .NET base images
# are rebuilt offline from a debootstrap'ed Debian rootfs plus the host's own
# .NET installation, and imported with `docker import` (no Dockerfile frontend,
# nothing to pull). The stand-ins deliberately carry their own names so nothing
# can mistake them for the upstream images.
#
# The web server stand-in (containerstages-standin/nginx-unprivileged:stable) is Debian's nginx
# set up as nginxinc/nginx-unprivileged is: uid 101, port 8080, pid and temp files in /tmp.
#
# The arm64 stand-in (containerstages-standin/runtime-deps-arm64:10.0) is the runtime-deps image
# for linux/arm64, for the multi-platform tests: an arm64 debootstrap run under qemu-user-static
# (binfmt_misc with the F flag, so containers run arm64 binaries too), built through the Engine
# API's BuildKit /build with platform=linux/arm64 (`docker import` would record the host's
# architecture). No .NET in it: the host's install is of the host's architecture.
#
# The Node.js stand-ins (containerstages-standin/node:<major> for the build stages,
# node:<major>-slim for the runtime) are made the same way from the runtime-deps rootfs
# plus the host's own Node.js install (node, and npm for the build image only).
#
# Idempotent: images that already match the host's .NET installation, CA bundle
# and this recipe are reused, and the debootstrap rootfs is cached, so a second
# run only inspects and takes seconds. Never prompts (safe under CI=true).
#
# Usage: eng/test-env.sh [--only KIND,...] [--rebuild]
#   --only      provision only these stand-ins (runtime-deps, runtime, aspnet, sdk, sdk-aot,
#               runtime-deps-minimal, runtime-deps-arm64, node, node-slim, nginx) and only the
#               host packages they need (eng/sample.sh uses --only sdk,aspnet); a plain run
#               provisions everything the tests use
#   --rebuild   rebuild the stand-in images even if they look current
#               (the cached rootfs is kept; delete CONTAINERSTAGES_CACHE_DIR to redo it).
#
# Each step prints what it does and how long it takes on a fresh 2-core machine before it starts,
# and how long it took once done.
#
# Environment overrides:
#   CONTAINERSTAGES_CACHE_DIR     rootfs/.deb cache (default /var/cache/containerstages)
#   CONTAINERSTAGES_DEBIAN_MIRROR Debian mirror for debootstrap (default: the host's apt mirror)
#   CONTAINERSTAGES_DOCKERD_LOG   where a dockerd started by this script logs
#   CONTAINERSTAGES_DOCKERD_ARGS  extra arguments for a dockerd started by this script
#   CONTAINERSTAGES_BUILD_CACHE_LIMIT  BuildKit cache a dockerd started by this script keeps
#                                 (default 20GB; not applied over /etc/docker/daemon.json)
#   CONTAINERSTAGES_SDK_EXTRA_PACKAGES  extra Debian packages for the SDK stand-in
#                                 (default "git"; empty = reuse the runtime-deps rootfs)

set -euo pipefail

readonly STANDIN_REPO_PREFIX="containerstages-standin"
readonly STANDIN_TAG="10.0"
readonly DOTNET_MAJOR="${STANDIN_TAG%%.*}"
readonly DEBIAN_SUITE="bookworm"
# Bump whenever the way the images are assembled changes, so existing stand-ins
# built by an older recipe are recognised as stale and rebuilt.
readonly RECIPE_VERSION="1"
readonly LABEL_NS="org.containerstages.standin"

# The package set of the upstream runtime-deps image for bookworm.
readonly RUNTIME_DEPS_PACKAGES="ca-certificates,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g"
# The upstream SDK image ships git (and curl/wget); git is what builds actually use
# (SourceLink, versioning tasks). It costs a second debootstrap (~1 min, once) and
# ~90 MB; set CONTAINERSTAGES_SDK_EXTRA_PACKAGES= (empty) to build the SDK stand-in
# on the plain runtime-deps rootfs instead.
readonly SDK_EXTRA_PACKAGES="${CONTAINERSTAGES_SDK_EXTRA_PACKAGES-git}"
# The upstream AOT SDK image is the SDK image plus the native toolchain that ILCompiler
# drives: clang as the linker driver, llvm (objcopy strips the symbols) and zlib's headers.
readonly SDK_AOT_EXTRA_PACKAGES="clang,llvm,zlib1g-dev"
# What a Native AOT app needs at run time when it uses invariant globalization: the C and
# C++ runtimes, zlib, OpenSSL for TLS and the CA bundle -- the package set of the chiseled
# runtime-deps images, without the package manager, shell or anything else.
readonly MINIMAL_LIBRARIES="ld-linux-x86-64.so.2 ld-linux-aarch64.so.1 libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1 libstdc++.so.6 libz.so.1 libssl.so.3 libcrypto.so.3"

readonly STANDIN_KINDS="runtime-deps runtime aspnet sdk sdk-aot runtime-deps-minimal runtime-deps-arm64"
# The stand-in of another architecture than the host's: its rootfs is debootstrapped for this
# Debian architecture (run under qemu-user-static) and its image built for this platform.
readonly ARM64_KIND="runtime-deps-arm64"
readonly ARM64_DEBIAN_ARCH="arm64"
readonly ARM64_PLATFORM="linux/arm64"
readonly NODE_KINDS="node node-slim"
readonly IMAGE_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
readonly APP_UID="1654"

CACHE_DIR="${CONTAINERSTAGES_CACHE_DIR:-/var/cache/containerstages}"
BUILD_CACHE_LIMIT="${CONTAINERSTAGES_BUILD_CACHE_LIMIT:-20GB}"
DOCKERD_LOG="${CONTAINERSTAGES_DOCKERD_LOG:-/var/log/containerstages-dockerd.log}"
FORCE_REBUILD=0
WORK_DIR=""
# Empty: everything (the tests); otherwise the kinds asked for with --only.
ONLY_KINDS=""

# Filled in by detect_host_dotnet.
HOST_DOTNET_ROOT=""
HOST_RUNTIME_VERSION=""
HOST_ASPNETCORE_VERSION=""
HOST_SDK_VERSION=""
HOST_DOTNET_LISTING=""
HOST_CA_DIGEST=""
DEBIAN_MIRROR=""

# The web server stand-in for nginxinc/nginx-unprivileged (the static-site runtime of standalone
# Blazor WebAssembly apps): Debian's nginx on minbase, run as uid 101 on port 8080 like the upstream image.
readonly NGINX_PACKAGES="ca-certificates,nginx"
readonly NGINX_UID="101"
readonly NGINX_REF="$STANDIN_REPO_PREFIX/nginx-unprivileged:stable"

# Filled in by detect_host_node (empty when the host has no Node.js: those stand-ins are skipped).
HOST_NODE=""
HOST_NODE_VERSION=""
HOST_NPM_DIR=""
HOST_NPM_VERSION=""
readonly NODE_UID="1000"

log() { printf 'test-env: %s\n' "$*"; }

# A step of the provisioning: says what it does and how long it takes on a fresh 2-core machine
# before it starts (so no minute passes in silence), and how long it took when it ends.
STEP_STARTED=0
step() {
  local what="$1" expected="$2"
  STEP_STARTED=$SECONDS
  log "$what (about $expected on a fresh 2-core machine) ..."
}
step_done() { log "  done in $((SECONDS - STEP_STARTED)) s"; }

# Whether a stand-in kind is to be provisioned in this run.
wanted() { [[ -z "$ONLY_KINDS" || ",$ONLY_KINDS," == *",$1,"* ]]; }
warn() { printf 'test-env: WARNING: %s\n' "$*" >&2; }
die() { printf 'test-env: ERROR: %s\n' "$*" >&2; exit 1; }

# Shows the end of a tool's log when a step fails, so CI output is enough to diagnose it.
dump_log_tail() {
  local file="$1"
  [[ -f "$file" ]] || return 0
  printf 'test-env: --- last lines of %s ---\n' "$file" >&2
  tail -n 40 "$file" | sed 's/^/test-env: | /' >&2
}

cleanup() {
  if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
    rm -rf "$WORK_DIR"
  fi
}

parse_args() {
  while (($#)); do
    case "$1" in
      --rebuild) FORCE_REBUILD=1 ;;
      --only)
        (($# >= 2)) || die "--only needs a list of kinds, such as --only sdk,aspnet"
        ONLY_KINDS="$2"
        shift
        local kind
        for kind in ${ONLY_KINDS//,/ }; do
          [[ " $STANDIN_KINDS $NODE_KINDS nginx " == *" $kind "* ]] || die "unknown stand-in kind '$kind' (known: $STANDIN_KINDS $NODE_KINDS nginx)"
        done
        ;;
      --only=*)
        set -- "--only" "${1#--only=}" "${@:2}"
        continue
        ;;
      -h | --help)
        sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
        exit 0
        ;;
      *) die "unknown argument: $1 (try --help)" ;;
    esac
    shift
  done
}

require_root() {
  # debootstrap, chroot, apt-get and starting dockerd all need root; failing early
  # beats failing halfway through a bootstrap.
  [[ "$(id -u)" == "0" ]] || die "must run as root (debootstrap/chroot/apt-get/dockerd need it)"
}

# Serialises concurrent runs (parallel CI jobs on one machine) so two of them never
# bootstrap into the same cache directory or race on `docker import`.
acquire_lock() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/.lock"
  if ! flock -n 9; then
    log "another test-env run holds $CACHE_DIR/.lock; waiting for it"
    flock 9
  fi
}

ensure_host_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  # debootstrap only recommends the keyring, but without it the Release files
  # cannot be verified and the bootstrap aborts.
  [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] || missing+=(debian-archive-keyring)
  if [[ -z "$ONLY_KINDS" ]]; then
    # The push tests run a registry on loopback with bcrypt htpasswd auth and TLS from a CA they make.
    command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
    command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    # The SSH engine tests run a private sshd on loopback and reach the engine through ssh, as the CLI does.
    [[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
    command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
  fi
  if wanted "$ARM64_KIND"; then
    # qemu runs the arm64 debootstrap and the arm64 containers, binfmt-support registers it with
    # the kernel; curl posts the arm64 build to the engine and jq reads the answer.
    command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu-user-static)
    command -v update-binfmts >/dev/null 2>&1 || missing+=(binfmt-support)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v jq >/dev/null 2>&1 || missing+=(jq)
  fi
  if ((${#missing[@]} == 0)); then
    log "host packages present"
    return 0
  fi

  local expected="15 s"
  # qemu-user-static is a big download (about 20 MB).
  if [[ " ${missing[*]} " == *" qemu-user-static "* ]]; then expected="25 s"; fi
  step "installing host packages: ${missing[*]}" "$expected"
  local apt_log="$CACHE_DIR/logs/apt-get.log"
  mkdir -p "$(dirname "$apt_log")"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update >"$apt_log" 2>&1; then
    dump_log_tail "$apt_log"
    die "apt-get update failed"
  fi
  if ! apt-get install -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}" >>"$apt_log" 2>&1; then
    dump_log_tail "$apt_log"
    die "apt-get install ${missing[*]} failed"
  fi
  step_done
}

# The arm64 debootstrap and the arm64 containers run arm64 binaries through qemu-user-static. The
# F flag (fix binary) makes the kernel open the interpreter when the entry is enabled, so it is found
# inside chroots and containers too, which have no /usr/libexec/qemu-binfmt of their own.
readonly BINFMT_DIR="/proc/sys/fs/binfmt_misc"
readonly BINFMT_ARM64_ENTRY="$BINFMT_DIR/qemu-aarch64"

binfmt_arm64_ready() {
  [[ -f "$BINFMT_ARM64_ENTRY" ]] &&
    grep -qx 'enabled' "$BINFMT_ARM64_ENTRY" &&
    grep -Eq '^flags: [A-Z]*F' "$BINFMT_ARM64_ENTRY"
}

binfmt_arm64_flags() { sed -n 's/^flags: //p' "$BINFMT_ARM64_ENTRY" 2>/dev/null; }

ensure_binfmt_arm64() {
  wanted "$ARM64_KIND" || return 0
  if binfmt_arm64_ready; then
    log "binfmt_misc runs arm64 binaries through qemu (qemu-aarch64 enabled, flags $(binfmt_arm64_flags))"
    return 0
  fi
  local binfmt_log="$CACHE_DIR/logs/binfmt.log"
  mkdir -p "$CACHE_DIR/logs"
  step "enabling qemu-aarch64 in binfmt_misc (log: $binfmt_log)" "1 s"
  if [[ ! -f "$BINFMT_DIR/register" ]] &&
    ! mount -t binfmt_misc binfmt_misc "$BINFMT_DIR" >>"$binfmt_log" 2>&1; then
    dump_log_tail "$binfmt_log"
    die "cannot mount binfmt_misc on $BINFMT_DIR, so arm64 binaries cannot run here (the $ARM64_KIND stand-in needs it):" \
      "run on a host, VM or privileged container where 'mount -t binfmt_misc binfmt_misc $BINFMT_DIR' works," \
      "or leave $ARM64_KIND out with --only"
  fi
  # Says "already enabled" (and fails) when it is; the state of the entry below is what counts.
  update-binfmts --enable qemu-aarch64 >>"$binfmt_log" 2>&1 || true
  if ! binfmt_arm64_ready; then
    dump_log_tail "$binfmt_log"
    if [[ -f "$BINFMT_ARM64_ENTRY" ]] && grep -qx 'enabled' "$BINFMT_ARM64_ENTRY"; then
      die "qemu-aarch64 is registered in binfmt_misc without the F flag (flags: $(binfmt_arm64_flags)), so containers" \
        "cannot find the interpreter: remove the entry (echo -1 > $BINFMT_ARM64_ENTRY) and run again, or register" \
        "it with F yourself (update-binfmts from qemu-user-static does)"
    fi
    die "could not enable qemu-aarch64 in binfmt_misc ($BINFMT_ARM64_ENTRY: $(tr '\n' ' ' <"$BINFMT_ARM64_ENTRY" 2>/dev/null || echo missing));" \
      "the $ARM64_KIND stand-in needs the kernel to run arm64 binaries through qemu-user-static" \
      "(try 'update-binfmts --enable qemu-aarch64'; log: $binfmt_log)"
  fi
  step_done
  log "binfmt_misc runs arm64 binaries through qemu (flags $(binfmt_arm64_flags))"
}

wait_for_docker() {
  local timeout="$1" pid="${2:-}" waited=0
  while ((waited < timeout)); do
    docker info >/dev/null 2>&1 && return 0
    # Stop waiting as soon as the daemon we started has died: the log says why.
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  return 1
}

ensure_dockerd() {
  command -v docker >/dev/null 2>&1 || die "no docker CLI on PATH even after installing docker.io"
  if docker info >/dev/null 2>&1; then
    log "docker engine is answering"
    return 0
  fi

  # A daemon that is still initialising must not get a second one racing for
  # /var/lib/docker; give it time instead.
  local running_pid
  running_pid="$(pidof dockerd 2>/dev/null || true)"
  if [[ -n "$running_pid" ]]; then
    log "dockerd (pid $running_pid) is running but not answering yet; waiting up to 30 s"
    if wait_for_docker 30; then return 0; fi
    die "dockerd (pid $running_pid) is running but 'docker info' keeps failing; see its log"
  fi

  # On machines booted with systemd the packaged unit is the right owner of the daemon.
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    log "starting docker.service via systemd"
    if systemctl start docker >/dev/null 2>&1 && wait_for_docker 30; then
      return 0
    fi
    warn "systemctl start docker did not produce a working engine; starting dockerd directly"
  fi

  mkdir -p "$(dirname "$DOCKERD_LOG")"
  step "starting dockerd in the background (log: $DOCKERD_LOG)" "5 s"
  local -a extra_args=()
  if [[ -n "${CONTAINERSTAGES_DOCKERD_ARGS:-}" ]]; then
    read -r -a extra_args <<<"$CONTAINERSTAGES_DOCKERD_ARGS"
  fi
  # Every test and benchmark run leaves BuildKit cache behind (new layers, cache mounts of projects
  # with new names); on a machine that lives on it grew to tens of GB and filled the disk. A daemon
  # this script starts keeps at most BUILD_CACHE_LIMIT of it, unless the machine has its own
  # daemon.json or the arguments name a configuration.
  if [[ ! -e /etc/docker/daemon.json && " ${extra_args[*]} " != *" --config-file"* ]]; then
    mkdir -p "$CACHE_DIR"
    printf '{ "builder": { "gc": { "enabled": true, "defaultKeepStorage": "%s" } } }\n' "$BUILD_CACHE_LIMIT" >"$CACHE_DIR/dockerd.json"
    extra_args+=(--config-file "$CACHE_DIR/dockerd.json")
  fi
  # setsid + nohup: the daemon must outlive this script and its terminal/CI step. It must not
  # inherit the lock's descriptor (9), or it would hold the lock for as long as it runs.
  setsid nohup dockerd "${extra_args[@]}" >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
  local pid=$!
  if ! wait_for_docker 30 "$pid"; then
    dump_log_tail "$DOCKERD_LOG"
    if kill -0 "$pid" 2>/dev/null; then
      die "dockerd (pid $pid) did not answer within 30 s (log: $DOCKERD_LOG)"
    fi
    die "dockerd exited during startup (log: $DOCKERD_LOG)"
  fi
  step_done
  log "dockerd is up (pid $pid)"
}

# Prints the first http(s) URI that apt uses for "$DEBIAN_SUITE ... main", from both
# the one-line sources.list format and the deb822 *.sources format.
host_apt_mirror() {
  local -a list_files=() deb822_files=()
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    if [[ -f "$f" ]]; then list_files+=("$f"); fi
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    if [[ -f "$f" ]]; then deb822_files+=("$f"); fi
  done

  local found=""
  if ((${#deb822_files[@]})); then
    # mawk-compatible (Debian's default awk): no ENDFILE, so a new file also ends a stanza.
    found="$(awk -v suite="$DEBIAN_SUITE" '
      function flush(   n, i, u) {
        if (!found && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") &&
            (" " comps " ") ~ / main / && tolower(enabled) != "no" && uris != "") {
          n = split(uris, u, " ")
          for (i = 1; i <= n; i++) if (u[i] ~ /^https?:\/\//) { print u[i]; found = 1; break }
        }
        types = suites = comps = uris = enabled = last = ""
      }
      FNR == 1 && NR > 1 { flush() }
      found { exit }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ {
        line = $0; sub(/^[ \t]+/, "", line)
        if (last == "types") types = types " " line
        else if (last == "suites") suites = suites " " line
        else if (last == "components") comps = comps " " line
        else if (last == "uris") uris = uris " " line
        next
      }
      {
        key = tolower(substr($0, 1, index($0, ":") - 1))
        val = substr($0, index($0, ":") + 1); gsub(/^[ \t]+|[ \t]+$/, "", val)
        last = key
        if (key == "types") types = val
        else if (key == "suites") suites = val
        else if (key == "components") comps = val
        else if (key == "uris") uris = val
        else if (key == "enabled") enabled = val
      }
      END { flush() }
    ' "${deb822_files[@]}" 2>/dev/null || true)"
  fi
  if [[ -n "$found" ]]; then
    printf '%s\n' "$found"
    return 0
  fi

  if ((${#list_files[@]})); then
    sed -e 's/#.*//' -e 's/\[[^]]*\]//g' "${list_files[@]}" |
      awk -v suite="$DEBIAN_SUITE" '
        $1 == "deb" && $3 == suite && $2 ~ /^https?:\/\// {
          for (i = 4; i <= NF; i++) if ($i == "main") { print $2; exit }
        }'
  fi
}

detect_debian_mirror() {
  if [[ -n "${CONTAINERSTAGES_DEBIAN_MIRROR:-}" ]]; then
    DEBIAN_MIRROR="$CONTAINERSTAGES_DEBIAN_MIRROR"
  else
    DEBIAN_MIRROR="$(host_apt_mirror || true)"
  fi
  [[ -n "$DEBIAN_MIRROR" ]] ||
    die "could not find an http(s) apt source for '$DEBIAN_SUITE main' in /etc/apt; set CONTAINERSTAGES_DEBIAN_MIRROR"
  DEBIAN_MIRROR="${DEBIAN_MIRROR%/}"
  log "debian mirror for debootstrap: $DEBIAN_MIRROR"
}

detect_host_dotnet() {
  local dotnet_cmd
  dotnet_cmd="$(command -v dotnet || true)"
  if [[ -n "${DOTNET_ROOT:-}" && -x "${DOTNET_ROOT}/dotnet" ]]; then
    HOST_DOTNET_ROOT="$DOTNET_ROOT"
  elif [[ -n "$dotnet_cmd" ]]; then
    HOST_DOTNET_ROOT="$(dirname "$(readlink -f "$dotnet_cmd")")"
  else
    die "no .NET installation on the host (dotnet not on PATH, DOTNET_ROOT unset); the stand-ins are built from it"
  fi
  HOST_DOTNET_ROOT="$(readlink -f "$HOST_DOTNET_ROOT")"

  # Run from / so a global.json in the caller's directory cannot pin or reject an SDK.
  local runtimes sdks
  runtimes="$(cd / && "$HOST_DOTNET_ROOT/dotnet" --list-runtimes)"
  sdks="$(cd / && "$HOST_DOTNET_ROOT/dotnet" --list-sdks)"
  HOST_DOTNET_LISTING="$runtimes"$'\n'"$sdks"

  HOST_RUNTIME_VERSION="$(awk -v m="$DOTNET_MAJOR" '$1 == "Microsoft.NETCore.App" && index($2, m ".") == 1 { print $2 }' <<<"$runtimes" | sort -V | tail -n 1)"
  HOST_ASPNETCORE_VERSION="$(awk -v m="$DOTNET_MAJOR" '$1 == "Microsoft.AspNetCore.App" && index($2, m ".") == 1 { print $2 }' <<<"$runtimes" | sort -V | tail -n 1)"
  HOST_SDK_VERSION="$(awk -v m="$DOTNET_MAJOR" 'index($1, m ".") == 1 { print $1 }' <<<"$sdks" | sort -V | tail -n 1)"

  [[ -n "$HOST_RUNTIME_VERSION" ]] || die "host .NET at $HOST_DOTNET_ROOT has no Microsoft.NETCore.App $DOTNET_MAJOR.x runtime"
  [[ -n "$HOST_ASPNETCORE_VERSION" ]] || die "host .NET at $HOST_DOTNET_ROOT has no Microsoft.AspNetCore.App $DOTNET_MAJOR.x runtime"
  [[ -n "$HOST_SDK_VERSION" ]] || die "host .NET at $HOST_DOTNET_ROOT has no $DOTNET_MAJOR.x SDK"
  log "host .NET: $HOST_DOTNET_ROOT (runtime $HOST_RUNTIME_VERSION, aspnetcore $HOST_ASPNETCORE_VERSION, sdk $HOST_SDK_VERSION)"
}

# The images embed the host's CA bundle (this machine's egress re-signs TLS), so a
# changed bundle must make them stale just like a new .NET version does.
detect_host_ca() {
  [[ -f /etc/ssl/certs/ca-certificates.crt ]] || die "host has no /etc/ssl/certs/ca-certificates.crt to copy into the images"
  HOST_CA_DIGEST="$(
    {
      sha256sum /etc/ssl/certs/ca-certificates.crt
      find /usr/local/share/ca-certificates -type f -name '*.crt' -exec sha256sum {} + 2>/dev/null | sort
    } | sha256sum | cut -c1-16
  )"
}

image_ref() { printf '%s/%s:%s' "$STANDIN_REPO_PREFIX" "$1" "$STANDIN_TAG"; }

sdk_has_own_rootfs() { [[ -n "$SDK_EXTRA_PACKAGES" ]]; }

rootfs_packages_for() {
  if [[ "$1" == "nginx" ]]; then
    printf '%s' "$NGINX_PACKAGES"
  elif [[ "$1" == "sdk-aot" ]]; then
    printf '%s,%s' "$RUNTIME_DEPS_PACKAGES" "${SDK_EXTRA_PACKAGES:+$SDK_EXTRA_PACKAGES,}$SDK_AOT_EXTRA_PACKAGES"
  elif [[ "$1" == "sdk" ]] && sdk_has_own_rootfs; then
    printf '%s,%s' "$RUNTIME_DEPS_PACKAGES" "$SDK_EXTRA_PACKAGES"
  else
    printf '%s' "$RUNTIME_DEPS_PACKAGES"
  fi
}

rootfs_dir_for() {
  if [[ "$1" == "nginx" ]]; then
    printf '%s/rootfs-%s-minbase-nginx' "$CACHE_DIR" "$DEBIAN_SUITE"
  elif [[ "$1" == "sdk-aot" ]]; then
    printf '%s/rootfs-%s-minbase-sdk-aot' "$CACHE_DIR" "$DEBIAN_SUITE"
  elif [[ "$1" == "sdk" ]] && sdk_has_own_rootfs; then
    printf '%s/rootfs-%s-minbase-sdk' "$CACHE_DIR" "$DEBIAN_SUITE"
  elif [[ "$1" == "$ARM64_KIND" ]]; then
    printf '%s/rootfs-%s-minbase-%s' "$CACHE_DIR" "$DEBIAN_SUITE" "$ARM64_DEBIAN_ARCH"
  else
    printf '%s/rootfs-%s-minbase' "$CACHE_DIR" "$DEBIAN_SUITE"
  fi
}

# The Debian architecture a kind's rootfs is bootstrapped for; empty for the host's own.
rootfs_arch_for() {
  if [[ "$1" == "$ARM64_KIND" ]]; then printf '%s' "$ARM64_DEBIAN_ARCH"; fi
}

# The platform a kind's image is built for; empty for the host's own (those are imported).
image_platform_for() {
  if [[ "$1" == "$ARM64_KIND" ]]; then printf '%s' "$ARM64_PLATFORM"; fi
}

# Everything that, when changed, should produce a different image. Only the inputs an
# image actually contains are included, so e.g. an SDK update leaves runtime-deps alone.
image_fingerprint() {
  local kind="$1"
  {
    printf 'recipe=%s\nkind=%s\nsuite=%s\nmirror=%s\npackages=%s\nca=%s\n' \
      "$RECIPE_VERSION" "$kind" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$(rootfs_packages_for "$kind")" "$HOST_CA_DIGEST"
    case "$kind" in
      runtime) printf 'runtime=%s\n' "$HOST_RUNTIME_VERSION" ;;
      aspnet) printf 'runtime=%s\naspnetcore=%s\n' "$HOST_RUNTIME_VERSION" "$HOST_ASPNETCORE_VERSION" ;;
      sdk | sdk-aot) printf 'dotnet=%s\n' "$HOST_DOTNET_LISTING" ;;
      runtime-deps-minimal) printf 'libraries=%s\n' "$MINIMAL_LIBRARIES" ;;
      "$ARM64_KIND") printf 'platform=%s\n' "$(image_platform_for "$kind")" ;;
    esac
  } | sha256sum | cut -c1-16
}

image_label() {
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

image_is_current() {
  local ref="$1" fingerprint="$2"
  [[ "$(image_label "$ref" "$LABEL_NS")" == "1" ]] || return 1
  [[ "$(image_label "$ref" "$LABEL_NS.fingerprint")" == "$fingerprint" ]]
}

# The upstream images start from debian:*-slim, which drops docs, man pages and
# translations (~50 MB here) and tells dpkg to keep dropping them for packages that
# derived images install. Doing the same keeps sizes and layouts comparable.
slim_rootfs() {
  local rootfs="$1"
  mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/containerstages-slim" <<'EOF'
# Written by ContainerStages eng/test-env.sh (same idea as the debian:*-slim images).
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
  find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$rootfs/usr/share/locale" -mindepth 1 ! -type d ! -path "$rootfs/usr/share/locale/locale.alias" -delete
  local d
  for d in info groff linda lintian man; do
    if [[ -d "$rootfs/usr/share/$d" ]]; then
      find "$rootfs/usr/share/$d" -mindepth 1 ! -type d -delete
    fi
  done
}

# Debootstraps into a scratch directory and only then moves it into place and writes
# the completion marker, so an interrupted run can never leave a half-built rootfs
# that a later run would trust.
ensure_rootfs() {
  local kind="$1"
  local dir packages spec marker arch
  dir="$(rootfs_dir_for "$kind")"
  packages="$(rootfs_packages_for "$kind")"
  arch="$(rootfs_arch_for "$kind")"
  marker="$dir.complete"
  spec="recipe=$RECIPE_VERSION suite=$DEBIAN_SUITE variant=minbase mirror=$DEBIAN_MIRROR packages=$packages"
  # Only a foreign architecture is named, so the host's own root file systems keep their cache.
  if [[ -n "$arch" ]]; then spec+=" arch=$arch"; fi

  if [[ -d "$dir" && -f "$marker" && "$(head -n 1 "$marker")" == "$spec" ]]; then
    log "reusing cached rootfs $dir"
    return 0
  fi

  # The SDK root file systems are the base one plus a few packages: a copy of it and an apt-get
  # install inside, instead of a second and third bootstrap of the same base (a minute each).
  local base_kind=""
  case "$kind" in
    sdk) base_kind="runtime-deps" ;;
    sdk-aot) if sdk_has_own_rootfs; then base_kind="sdk"; else base_kind="runtime-deps"; fi ;;
  esac
  if [[ -n "$base_kind" && "$(rootfs_dir_for "$base_kind")" != "$dir" ]]; then
    derive_rootfs "$kind" "$base_kind" "$dir" "$spec"
    return 0
  fi

  local partial="$dir.partial" bootstrap_log="$CACHE_DIR/logs/debootstrap-$(basename "$dir").log"
  rm -rf "$partial" "$dir" "$marker" "$dir.ca"
  mkdir -p "$CACHE_DIR/debs" "$CACHE_DIR/logs"
  # A foreign architecture runs its second stage (every maintainer script) under qemu.
  local -a arch_args=()
  local expected="50 s"
  if [[ -n "$arch" ]]; then
    arch_args=(--arch="$arch")
    expected="3 min under qemu"
  fi
  step "debootstrapping $DEBIAN_SUITE ${arch:+for $arch }(minbase + $packages) into $dir (log: $bootstrap_log)" "$expected"
  local started=$SECONDS
  # --cache-dir shares the downloaded .debs between the base and the SDK rootfs (and the
  # architecture-independent ones with the arm64 rootfs; the others differ by name).
  if ! debootstrap "${arch_args[@]}" --variant=minbase --merged-usr \
    --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    --cache-dir="$CACHE_DIR/debs" \
    --include="$packages" \
    "$DEBIAN_SUITE" "$partial" "$DEBIAN_MIRROR" >"$bootstrap_log" 2>&1; then
    dump_log_tail "$bootstrap_log"
    die "debootstrap failed (log: $bootstrap_log)"
  fi

  # The upstream images create this user so apps can run with `USER $APP_UID`.
  chroot "$partial" groupadd --gid="$APP_UID" app
  chroot "$partial" useradd -l --uid="$APP_UID" --gid="$APP_UID" --create-home app

  # Drop what the upstream images do not ship: package lists and archives, bootstrap
  # logs, and host identity files that Docker bind-mounts at run time anyway.
  rm -rf "$partial"/var/lib/apt/lists/* "$partial"/var/cache/apt/*.bin \
    "$partial"/var/cache/apt/archives/*.deb "$partial"/debootstrap
  find "$partial/var/log" -type f -delete
  rm -f "$partial/etc/hostname" "$partial/etc/resolv.conf"
  : >"$partial/etc/machine-id"
  slim_rootfs "$partial"

  mv "$partial" "$dir"
  printf '%s\ncreated=%s\n' "$spec" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$marker"
  step_done
  log "rootfs ready in $((SECONDS - started)) s"
}

# A root file system made from another one plus packages: a copy, then apt-get inside it (the
# base keeps its debootstrap'ed sources.list for the same mirror). Same scratch-then-move as above.
derive_rootfs() {
  local kind="$1" base_kind="$2" dir="$3" spec="$4"
  local base extra partial="$dir.partial" apt_log="$CACHE_DIR/logs/apt-$(basename "$dir").log"
  ensure_rootfs "$base_kind"
  base="$(rootfs_dir_for "$base_kind")"
  extra="$(rootfs_packages_for "$kind")"
  extra="${extra#"$(rootfs_packages_for "$base_kind"),"}"
  rm -rf "$partial" "$dir" "$dir.complete" "$dir.ca"
  mkdir -p "$CACHE_DIR/logs"
  step "adding ${extra//,/ } to a copy of $base for the $kind stand-in (log: $apt_log)" "15 s"
  cp -a "$base" "$partial"
  # apt-get inside needs name resolution; the file is dropped again below, as the images never ship it.
  cp -L /etc/resolv.conf "$partial/etc/resolv.conf"
  if ! chroot "$partial" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
    "apt-get update && apt-get install -y --no-install-recommends ${extra//,/ }" >"$apt_log" 2>&1; then
    dump_log_tail "$apt_log"
    rm -rf "$partial"
    die "apt-get install ${extra//,/ } in the $kind root file system failed (log: $apt_log)"
  fi

  rm -rf "$partial"/var/lib/apt/lists/* "$partial"/var/cache/apt/*.bin "$partial"/var/cache/apt/archives/*.deb
  find "$partial/var/log" -type f -delete
  rm -f "$partial/etc/resolv.conf"
  slim_rootfs "$partial"
  mv "$partial" "$dir"
  printf '%s\ncreated=%s\n' "$spec" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$dir.complete"
  step_done
}

# Installs the host's trust store into a rootfs. The bundle itself is copied verbatim
# (TLS from containers goes through this machine's egress, which re-signs it); the
# host's local CAs are also registered as local certificates, so a later
# `update-ca-certificates` inside a derived image keeps trusting them. `<rootfs>.ca` records the
# CA digest registered and the rootfs's completion marker (a new bootstrap writes a new one), so an
# unchanged trust store is not registered again: under qemu (the arm64 rootfs)
# update-ca-certificates takes minutes.
install_host_ca() {
  local rootfs="$1" local_dir="$1/usr/local/share/ca-certificates/containerstages-host"
  local ca_state
  ca_state="$HOST_CA_DIGEST $(sha256sum <"$rootfs.complete" | cut -c1-16)"
  if [[ "$(cat "$rootfs.ca" 2>/dev/null || true)" == "$ca_state" ]]; then
    cp -f /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    return 0
  fi
  rm -f "$rootfs.ca"
  rm -rf "$local_dir"
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null ||
    [[ -n "$(find /usr/local/share/ca-certificates -mindepth 2 -name '*.crt' -print -quit 2>/dev/null)" ]]; then
    mkdir -p "$local_dir"
    find /usr/local/share/ca-certificates -type f -name '*.crt' -exec cp -f {} "$local_dir/" \;
    local emulated=0
    if [[ "$rootfs" == "$(rootfs_dir_for "$ARM64_KIND")" ]]; then
      emulated=1
      step "registering the host's CAs in $rootfs (update-ca-certificates under qemu)" "1 min"
    fi
    chroot "$rootfs" update-ca-certificates --fresh >/dev/null 2>&1 ||
      warn "update-ca-certificates failed inside $rootfs; relying on the copied bundle only"
    if ((emulated)); then step_done; fi
  fi
  cp -f /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  printf '%s\n' "$ca_state" >"$rootfs.ca"
}

# Emits the tar stream for an image on stdout: the rootfs, then the chosen part of
# the host's .NET installation under /usr/share/dotnet, then /usr/bin/dotnet.
# Only these explicit members are added on top of the rootfs, so no entry can
# replace the merged-/usr symlinks (/bin, /lib, /sbin) with directories.
image_tar_stream() {
  local kind="$1" rootfs="$2"
  local dotnet_rel=".${HOST_DOTNET_ROOT}"
  local -a args=(--create --file=- --numeric-owner --anchored
    --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* --exclude=./tmp/* --exclude=./var/tmp/*)

  # Host installs outside /usr/share/dotnet (e.g. /usr/lib/dotnet) are relocated to
  # where the upstream images keep it; hardlink targets follow, symlink targets keep.
  if [[ "$HOST_DOTNET_ROOT" != "/usr/share/dotnet" ]]; then
    args+=("--transform=s,^${dotnet_rel//./\\.}\(/\|\$\),./usr/share/dotnet\1,S")
  fi

  if [[ "$kind" == "runtime-deps-minimal" ]]; then
    minimal_tar_stream "$rootfs"
    return
  fi

  args+=(-C "$rootfs" .)
  if [[ "$kind" == "runtime-deps" || "$kind" == "$ARM64_KIND" ]]; then
    tar "${args[@]}"
    return
  fi

  args+=(-C /)
  case "$kind" in
    sdk | sdk-aot)
      args+=("$dotnet_rel")
      ;;
    runtime | aspnet)
      # Same layout as the upstream runtime images: muxer, hostfxr and the shared
      # framework(s), without the SDK, packs, templates or workload metadata.
      args+=(--no-recursion "$dotnet_rel" "$dotnet_rel/shared" --recursion
        "$dotnet_rel/dotnet" "$dotnet_rel/host" "$dotnet_rel/shared/Microsoft.NETCore.App")
      if [[ "$kind" == "aspnet" ]]; then
        args+=("$dotnet_rel/shared/Microsoft.AspNetCore.App")
      fi
      local f
      for f in LICENSE.txt ThirdPartyNotices.txt; do
        if [[ -e "$HOST_DOTNET_ROOT/$f" ]]; then args+=("$dotnet_rel/$f"); fi
      done
      ;;
  esac

  # Absolute like the upstream images' symlink, so it resolves in any working directory.
  mkdir -p "$WORK_DIR/links/usr/bin"
  ln -sfn /usr/share/dotnet/dotnet "$WORK_DIR/links/usr/bin/dotnet"
  args+=(-C "$WORK_DIR/links" ./usr/bin/dotnet)

  tar "${args[@]}"
}

# The image's metadata as Dockerfile instructions: `docker import --change` takes them, and the
# Dockerfile of an Engine API build (the arm64 stand-in) has them after its ADD.
image_changes_for() {
  local kind="$1" fingerprint="$2"
  local -a changes=(
    "ENV PATH=$IMAGE_PATH"
    # Same as upstream runtime-deps (inherited by every other upstream image).
    "ENV APP_UID=$APP_UID ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true"
    "LABEL $LABEL_NS=1"
    "LABEL $LABEL_NS.kind=$kind"
    "LABEL $LABEL_NS.fingerprint=$fingerprint"
    "LABEL $LABEL_NS.recipe=$RECIPE_VERSION"
    "LABEL $LABEL_NS.debian-suite=$DEBIAN_SUITE"
  )
  # Like the chiseled images, the minimal one has no shell to start by default.
  if [[ "$kind" != "runtime-deps-minimal" ]]; then
    changes+=('CMD ["bash"]')
  fi
  case "$kind" in
    runtime)
      changes+=("ENV DOTNET_VERSION=$HOST_RUNTIME_VERSION"
        "LABEL $LABEL_NS.dotnet-runtime=$HOST_RUNTIME_VERSION")
      ;;
    aspnet)
      changes+=("ENV DOTNET_VERSION=$HOST_RUNTIME_VERSION ASPNETCORE_VERSION=$HOST_ASPNETCORE_VERSION"
        "LABEL $LABEL_NS.dotnet-runtime=$HOST_RUNTIME_VERSION"
        "LABEL $LABEL_NS.aspnetcore-runtime=$HOST_ASPNETCORE_VERSION")
      ;;
    sdk | sdk-aot)
      # Mirrors the upstream SDK image, plus the restore settings the host's own SDK
      # runs with: offline revocation keeps package-signature checks from depending on
      # CRL/OCSP endpoints that the egress may not let through.
      changes+=("ENV DOTNET_VERSION=$HOST_RUNTIME_VERSION ASPNETCORE_VERSION=$HOST_ASPNETCORE_VERSION DOTNET_SDK_VERSION=$HOST_SDK_VERSION"
        "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=true DOTNET_USE_POLLING_FILE_WATCHER=true NUGET_XMLDOC_MODE=skip NUGET_CERT_REVOCATION_MODE=offline"
        "LABEL $LABEL_NS.dotnet-runtime=$HOST_RUNTIME_VERSION"
        "LABEL $LABEL_NS.aspnetcore-runtime=$HOST_ASPNETCORE_VERSION"
        "LABEL $LABEL_NS.dotnet-sdk=$HOST_SDK_VERSION")
      ;;
    "$ARM64_KIND")
      changes+=("LABEL $LABEL_NS.platform=$(image_platform_for "$kind")")
      ;;
  esac
  printf '%s\n' "${changes[@]}"
}

# Cheap proof that a freshly imported image is usable, run only after a (re)build.
smoke_test_image() {
  local kind="$1" ref="$2"
  local -a cmd run_args=(--rm --network none)
  case "$kind" in
    # Runs under qemu: the kernel hands the arm64 binaries to it (binfmt_misc, F flag).
    "$ARM64_KIND")
      run_args+=(--platform "$(image_platform_for "$kind")")
      cmd=(sh -c 'uname -m; id -u app; test "$(uname -m)" = aarch64 && test "$(id -u app)" = 1654 && test -L /bin && test -s /etc/ssl/certs/ca-certificates.crt')
      ;;
    runtime-deps) cmd=(sh -c 'id app && test "$(id -u app)" = 1654 && test -L /bin && test -s /etc/ssl/certs/ca-certificates.crt') ;;
    runtime | aspnet) cmd=(dotnet --list-runtimes) ;;
    sdk) cmd=(dotnet --version) ;;
    sdk-aot) cmd=(sh -c 'dotnet --version && clang --version | head -n 1 && test -e /usr/include/zlib.h') ;;
    # No shell in it: the dynamic loader itself proves that the C runtime is usable.
    runtime-deps-minimal) cmd=("/lib64/$(minimal_loader_name)" --version) ;;
  esac
  local out
  if ! out="$(docker run "${run_args[@]}" "$ref" "${cmd[@]}" 2>&1)"; then
    printf '%s\n' "$out" | sed 's/^/test-env: | /' >&2
    die "smoke test of $ref failed"
  fi
  printf '%s\n' "$out" | sed "s/^/test-env:   [$kind] /"
}

# The loader's name depends on the machine's architecture.
minimal_loader_name() {
  case "$(uname -m)" in
    aarch64) printf 'ld-linux-aarch64.so.1' ;;
    *) printf 'ld-linux-x86-64.so.2' ;;
  esac
}

# The runtime-deps rootfs cut down to the libraries a Native AOT app loads, the CA bundle and
# the app user: a stand-in for the chiseled runtime-deps image, which has no shell either.
# Only regular files and the merged-/usr symlinks are taken, each listed explicitly.
minimal_tar_stream() {
  local rootfs="$1" staging="$WORK_DIR/minimal"
  rm -rf "$staging"
  mkdir -p "$staging/etc/ssl/certs" "$staging/tmp" "$staging/home/app"
  chmod 1777 "$staging/tmp"
  grep -E '^(root|app):' "$rootfs/etc/passwd" >"$staging/etc/passwd"
  grep -E '^(root|app):' "$rootfs/etc/group" >"$staging/etc/group"
  cp "$rootfs/etc/ssl/certs/ca-certificates.crt" "$staging/etc/ssl/certs/"
  chown "$APP_UID:$APP_UID" "$staging/home/app"
  local multiarch lib
  multiarch="$(uname -m)-linux-gnu"
  mkdir -p "$staging/usr/lib/$multiarch" "$staging/usr/lib64"
  for lib in $MINIMAL_LIBRARIES; do
    if [[ -e "$rootfs/usr/lib/$multiarch/$lib" ]]; then
      # Dereferenced: the soname links become the files themselves, so no dangling link remains.
      cp -L "$rootfs/usr/lib/$multiarch/$lib" "$staging/usr/lib/$multiarch/$lib"
    fi
  done
  ln -s "/lib/$multiarch/$(minimal_loader_name)" "$staging/usr/lib64/$(minimal_loader_name)"
  ln -s usr/lib "$staging/lib"
  ln -s usr/lib64 "$staging/lib64"
  tar --create --file=- --numeric-owner -C "$staging" .
}

# What importing each stand-in takes on a fresh 2-core machine (measured: see README's test environment).
expected_import_time() {
  case "$1" in
    sdk | sdk-aot) printf '15 s' ;;
    "$ARM64_KIND") printf '10 s' ;;
    *) printf '5 s' ;;
  esac
}

# The path of the engine's unix socket, from DOCKER_HOST as the CLI reads it.
docker_socket() {
  local host="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  [[ "$host" == unix://* ]] || die "DOCKER_HOST=$host: the arm64 stand-in is built through the engine's unix socket; unset DOCKER_HOST or point it at a unix:// socket"
  printf '%s' "${host#unix://}"
}

uri_component() { jq -rn --arg v "$1" '$v | @uri'; }

# An image for another platform than the host's, built by BuildKit through the Engine API's /build
# (version=2) with platform=...: `docker import --platform` records the host's architecture on this
# engine. The context holds the root file system's tar, which ADD unpacks with its owners and modes,
# and a Dockerfile with the same instructions the imported stand-ins get. FROM scratch pulls nothing
# and no RUN needs qemu, so the build takes seconds. The answer is a stream of JSON objects; an
# "error" in it is the build's failure (the HTTP status is 200 once the stream has started).
api_build_image() {
  local kind="$1" rootfs="$2" fingerprint="$3" ref="$4" platform="$5"
  local ctx="$WORK_DIR/context-$kind" ctx_tar="$WORK_DIR/context-$kind.tar"
  local build_log="$CACHE_DIR/logs/build-$kind.log" socket api status errors arch
  socket="$(docker_socket)"
  rm -rf "$ctx"
  mkdir -p "$ctx" "$CACHE_DIR/logs"
  {
    printf 'FROM scratch\nADD rootfs.tar /\n'
    image_changes_for "$kind" "$fingerprint"
  } >"$ctx/Dockerfile"
  image_tar_stream "$kind" "$rootfs" >"$ctx/rootfs.tar"
  tar --create --file="$ctx_tar" -C "$ctx" Dockerfile rootfs.tar
  rm -rf "$ctx"

  # The engine's own API version: an older engine refuses a newer client version outright.
  api="$(docker version -f '{{.Server.APIVersion}}')"
  # --upload-file streams the context from the file (--data-binary @file would read it all into
  # memory first); "Expect:" skips curl's wait for a 100 Continue before sending it.
  if ! status="$(curl --silent --show-error --unix-socket "$socket" -X POST \
    -H 'Content-Type: application/x-tar' -H 'Expect:' --upload-file "$ctx_tar" \
    --output "$build_log" --write-out '%{http_code}' \
    "http://localhost/v$api/build?version=2&platform=$(uri_component "$platform")&t=$(uri_component "$ref")" 2>"$WORK_DIR/curl.err")"; then
    rm -f "$ctx_tar"
    dump_log_tail "$build_log"
    die "posting the build of $ref to the engine ($socket) failed: $(cat "$WORK_DIR/curl.err") (log: $build_log)"
  fi
  rm -f "$ctx_tar"
  if [[ "$status" != "200" ]]; then
    dump_log_tail "$build_log"
    die "the engine answered the build of $ref with HTTP $status: $(jq -r '.message // empty' "$build_log" 2>/dev/null || true) (log: $build_log)"
  fi
  if ! errors="$(jq -r 'select(type == "object") | (.error // .errorDetail.message // empty)' "$build_log")"; then
    dump_log_tail "$build_log"
    die "the engine's answer to the build of $ref is not a stream of JSON objects (log: $build_log)"
  fi
  if [[ -n "$errors" ]]; then
    die "BuildKit failed to build $ref: $errors (log: $build_log)"
  fi
  arch="$(docker image inspect -f '{{.Os}}/{{.Architecture}}' "$ref" 2>/dev/null || true)"
  [[ "$arch" == "$platform" ]] || die "the build of $ref made an image for '$arch', not $platform (log: $build_log)"
  log "  $ref is $arch ($(jq -r 'select(.id? == "moby.image.id") | .aux.ID' "$build_log"))"
}

build_image() {
  local kind="$1" fingerprint="$2"
  local ref rootfs old_id started
  ref="$(image_ref "$kind")"
  started=$SECONDS
  if [[ "$kind" == "runtime-deps-minimal" ]]; then
    # Cut from the runtime-deps rootfs, which has the same libraries.
    ensure_rootfs runtime-deps
    rootfs="$(rootfs_dir_for runtime-deps)"
  else
    ensure_rootfs "$kind"
    rootfs="$(rootfs_dir_for "$kind")"
  fi
  install_host_ca "$rootfs"

  local -a change_args=()
  local change
  while IFS= read -r change; do
    change_args+=(--change "$change")
  done < <(image_changes_for "$kind" "$fingerprint")

  old_id="$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)"
  local platform
  platform="$(image_platform_for "$kind")"
  if [[ -n "$platform" ]]; then
    step "building $ref for $platform through the Engine API" "$(expected_import_time "$kind")"
    api_build_image "$kind" "$rootfs" "$fingerprint" "$ref" "$platform"
  else
    step "importing $ref" "$(expected_import_time "$kind")"
    image_tar_stream "$kind" "$rootfs" |
      docker import "${change_args[@]}" \
        --message "ContainerStages stand-in $kind (host .NET $HOST_RUNTIME_VERSION / SDK $HOST_SDK_VERSION)" \
        - "$ref" >/dev/null
  fi
  smoke_test_image "$kind" "$ref"
  step_done

  # The replaced image is now untagged; drop it unless something still uses it.
  if [[ -n "$old_id" && "$old_id" != "$(docker image inspect -f '{{.Id}}' "$ref")" ]]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true
  fi
  log "built $ref in $((SECONDS - started)) s"
}

ensure_standin_images() {
  local kind ref fingerprint
  for kind in $STANDIN_KINDS; do
    wanted "$kind" || continue
    ref="$(image_ref "$kind")"
    fingerprint="$(image_fingerprint "$kind")"
    if ((FORCE_REBUILD == 0)) && image_is_current "$ref" "$fingerprint"; then
      log "$ref is current (fingerprint $fingerprint)"
      continue
    fi
    if ((FORCE_REBUILD)); then
      log "$ref: rebuild requested"
    else
      log "$ref is missing or stale; building"
    fi
    build_image "$kind" "$fingerprint"
  done
}

# The Node.js stand-ins mirror the official node images: node in /usr/local/bin, npm in
# /usr/local/lib/node_modules/npm, a 'node' user with uid 1000. Node reads no system trust
# store, so NODE_EXTRA_CA_CERTS points it (and npm) at the bundle copied from the host.
detect_host_node() {
  local node_cmd npm_cmd
  node_cmd="$(command -v node || true)"
  npm_cmd="$(command -v npm || true)"
  if [[ -z "$node_cmd" || -z "$npm_cmd" ]]; then
    warn "no node/npm on the host: the Node.js stand-ins are not built"
    return 0
  fi
  HOST_NODE="$(readlink -f "$node_cmd")"
  HOST_NODE_VERSION="$("$HOST_NODE" --version)"
  HOST_NODE_VERSION="${HOST_NODE_VERSION#v}"
  # npm's launcher is a symlink to <npm>/bin/npm-cli.js.
  HOST_NPM_DIR="$(dirname "$(dirname "$(readlink -f "$npm_cmd")")")"
  [[ -f "$HOST_NPM_DIR/package.json" ]] || die "cannot find npm's package folder from $npm_cmd (got $HOST_NPM_DIR)"
  HOST_NPM_VERSION="$(cd / && "$HOST_NODE" -p "require('$HOST_NPM_DIR/package.json').version")"
  log "host Node.js: $HOST_NODE (v$HOST_NODE_VERSION), npm $HOST_NPM_VERSION at $HOST_NPM_DIR"
}

node_image_ref() {
  local major="${HOST_NODE_VERSION%%.*}"
  if [[ "$1" == "node-slim" ]]; then
    printf '%s/node:%s-slim' "$STANDIN_REPO_PREFIX" "$major"
  else
    printf '%s/node:%s' "$STANDIN_REPO_PREFIX" "$major"
  fi
}

node_image_fingerprint() {
  local kind="$1"
  {
    printf 'recipe=%s\nkind=%s\nsuite=%s\nmirror=%s\npackages=%s\nca=%s\nnode=%s\n' \
      "$RECIPE_VERSION" "$kind" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$RUNTIME_DEPS_PACKAGES" "$HOST_CA_DIGEST" "$HOST_NODE_VERSION"
    if [[ "$kind" == "node" ]]; then printf 'npm=%s\n' "$HOST_NPM_VERSION"; fi
  } | sha256sum | cut -c1-16
}

build_node_image() {
  local kind="$1" fingerprint="$2"
  local ref base rootfs old_id started
  ref="$(node_image_ref "$kind")"
  started=$SECONDS
  ensure_rootfs runtime-deps
  base="$(rootfs_dir_for runtime-deps)"
  install_host_ca "$base"

  # A private copy, so the node user and files never leak into the cached .NET rootfs.
  rootfs="$WORK_DIR/rootfs-$kind"
  rm -rf "$rootfs"
  cp -a "$base" "$rootfs"
  chroot "$rootfs" groupadd --gid="$NODE_UID" node
  chroot "$rootfs" useradd -l --uid="$NODE_UID" --gid="$NODE_UID" --shell /bin/bash --create-home node
  install -m 0755 "$HOST_NODE" "$rootfs/usr/local/bin/node"
  if [[ "$kind" == "node" ]]; then
    mkdir -p "$rootfs/usr/local/lib/node_modules"
    cp -a "$HOST_NPM_DIR" "$rootfs/usr/local/lib/node_modules/npm"
    rm -rf "$rootfs/usr/local/lib/node_modules/npm/man" "$rootfs/usr/local/lib/node_modules/npm/docs"
    ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
    ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  fi

  local -a change_args=()
  local change
  while IFS= read -r change; do
    change_args+=(--change "$change")
  done < <(printf '%s\n' \
    "ENV PATH=$IMAGE_PATH" \
    "ENV NODE_VERSION=$HOST_NODE_VERSION NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" \
    'CMD ["node"]' \
    "LABEL $LABEL_NS=1" \
    "LABEL $LABEL_NS.kind=$kind" \
    "LABEL $LABEL_NS.fingerprint=$fingerprint" \
    "LABEL $LABEL_NS.recipe=$RECIPE_VERSION" \
    "LABEL $LABEL_NS.debian-suite=$DEBIAN_SUITE" \
    "LABEL $LABEL_NS.node=$HOST_NODE_VERSION")

  old_id="$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)"
  step "importing $ref" "5 s"
  tar --create --file=- --numeric-owner --anchored \
    --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* --exclude=./tmp/* --exclude=./var/tmp/* \
    -C "$rootfs" . |
    docker import "${change_args[@]}" \
      --message "ContainerStages stand-in $kind (host Node.js $HOST_NODE_VERSION)" \
      - "$ref" >/dev/null
  rm -rf "$rootfs"

  local out
  local -a cmd=(sh -c 'test "$(id -u node)" = 1000 && node --version')
  if [[ "$kind" == "node" ]]; then cmd=(sh -c 'test "$(id -u node)" = 1000 && node --version && npm --version'); fi
  if ! out="$(docker run --rm --network none "$ref" "${cmd[@]}" 2>&1)"; then
    printf '%s\n' "$out" | sed 's/^/test-env: | /' >&2
    die "smoke test of $ref failed"
  fi
  printf '%s\n' "$out" | sed "s/^/test-env:   [$kind] /"
  step_done

  if [[ -n "$old_id" && "$old_id" != "$(docker image inspect -f '{{.Id}}' "$ref")" ]]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true
  fi
  log "built $ref in $((SECONDS - started)) s"
}

ensure_node_standin_images() {
  [[ -n "$HOST_NODE" ]] || return 0
  local kind ref fingerprint
  for kind in $NODE_KINDS; do
    wanted "$kind" || continue
    ref="$(node_image_ref "$kind")"
    fingerprint="$(node_image_fingerprint "$kind")"
    if ((FORCE_REBUILD == 0)) && image_is_current "$ref" "$fingerprint"; then
      log "$ref is current (fingerprint $fingerprint)"
      continue
    fi
    log "$ref is missing, stale or to be rebuilt; building"
    build_node_image "$kind" "$fingerprint"
  done
}

nginx_image_fingerprint() {
  printf 'recipe=%s\nkind=nginx\nsuite=%s\nmirror=%s\npackages=%s\nca=%s\nuid=%s\n' \
    "$RECIPE_VERSION" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$NGINX_PACKAGES" "$HOST_CA_DIGEST" "$NGINX_UID" | sha256sum | cut -c1-16
}

# The layout of nginxinc/nginx-unprivileged: nginx.conf with its pid and temp files in /tmp and
# logs to stdout/stderr, the site in /etc/nginx/conf.d/default.conf (listen 8080, root
# /usr/share/nginx/html), and the whole image running as uid 101, so a derived image that replaces
# default.conf and the html folder works the same on both.
build_nginx_image() {
  local fingerprint="$1"
  local base rootfs old_id started
  started=$SECONDS
  ensure_rootfs nginx
  base="$(rootfs_dir_for nginx)"
  install_host_ca "$base"

  # A private copy, so the nginx user and its files never leak into the cached rootfs.
  rootfs="$WORK_DIR/rootfs-nginx"
  rm -rf "$rootfs"
  cp -a "$base" "$rootfs"
  chroot "$rootfs" groupadd --system --gid="$NGINX_UID" nginx
  chroot "$rootfs" useradd --system -l --uid="$NGINX_UID" --gid="$NGINX_UID" --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin nginx
  rm -rf "$rootfs/etc/nginx/sites-enabled" "$rootfs/etc/nginx/sites-available" "$rootfs/etc/nginx/modules-enabled"
  mkdir -p "$rootfs/etc/nginx/conf.d" "$rootfs/usr/share/nginx/html" "$rootfs/var/log/nginx" "$rootfs/var/lib/nginx"
  cat >"$rootfs/etc/nginx/nginx.conf" <<'NGINXCONF'
# Written by ContainerStages eng/test-env.sh: the layout of nginxinc/nginx-unprivileged.
worker_processes auto;
error_log /dev/stderr notice;
pid /tmp/nginx.pid;

events {
    worker_connections 1024;
}

http {
    proxy_temp_path /tmp/proxy_temp;
    client_body_temp_path /tmp/client_temp;
    fastcgi_temp_path /tmp/fastcgi_temp;
    uwsgi_temp_path /tmp/uwsgi_temp;
    scgi_temp_path /tmp/scgi_temp;

    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log /dev/stdout;
    sendfile on;
    keepalive_timeout 65;

    include /etc/nginx/conf.d/*.conf;
}
NGINXCONF
  cat >"$rootfs/etc/nginx/conf.d/default.conf" <<'NGINXCONF'
server {
    listen 8080;
    server_name localhost;
    location / {
        root /usr/share/nginx/html;
        index index.html index.htm;
    }
}
NGINXCONF
  printf '<!DOCTYPE html>\n<title>nginx stand-in</title>\n<p>ContainerStages nginx stand-in.</p>\n' >"$rootfs/usr/share/nginx/html/index.html"
  # nginx opens its compiled-in error log and temp folders before it reads nginx.conf.
  ln -sfn /dev/stderr "$rootfs/var/log/nginx/error.log"
  ln -sfn /dev/stdout "$rootfs/var/log/nginx/access.log"
  chown -R "$NGINX_UID:$NGINX_UID" "$rootfs/var/log/nginx" "$rootfs/var/lib/nginx"

  local -a change_args=()
  local change
  while IFS= read -r change; do
    change_args+=(--change "$change")
  done < <(printf '%s\n' \
    "ENV PATH=$IMAGE_PATH" \
    "EXPOSE 8080" \
    "USER $NGINX_UID" \
    'CMD ["nginx", "-g", "daemon off;"]' \
    "LABEL $LABEL_NS=1" \
    "LABEL $LABEL_NS.kind=nginx" \
    "LABEL $LABEL_NS.fingerprint=$fingerprint" \
    "LABEL $LABEL_NS.recipe=$RECIPE_VERSION" \
    "LABEL $LABEL_NS.debian-suite=$DEBIAN_SUITE")

  old_id="$(docker image inspect -f '{{.Id}}' "$NGINX_REF" 2>/dev/null || true)"
  log "importing $NGINX_REF"
  tar --create --file=- --numeric-owner --anchored \
    --exclude=./dev/* --exclude=./proc/* --exclude=./sys/* --exclude=./tmp/* --exclude=./var/tmp/* \
    -C "$rootfs" . |
    docker import "${change_args[@]}" --message "ContainerStages stand-in nginx-unprivileged (Debian nginx)" - "$NGINX_REF" >/dev/null
  rm -rf "$rootfs"

  local out
  if ! out="$(docker run --rm --network none "$NGINX_REF" sh -c 'test "$(id -u)" = 101 && nginx -t 2>&1 && nginx -v 2>&1' 2>&1)"; then
    printf '%s\n' "$out" | sed 's/^/test-env: | /' >&2
    die "smoke test of $NGINX_REF failed"
  fi
  printf '%s\n' "$out" | sed "s/^/test-env:   [nginx] /"

  if [[ -n "$old_id" && "$old_id" != "$(docker image inspect -f '{{.Id}}' "$NGINX_REF")" ]]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true
  fi
  log "built $NGINX_REF in $((SECONDS - started)) s"
}

ensure_nginx_standin_image() {
  wanted nginx || return 0
  local fingerprint
  fingerprint="$(nginx_image_fingerprint)"
  if ((FORCE_REBUILD == 0)) && image_is_current "$NGINX_REF" "$fingerprint"; then
    log "$NGINX_REF is current (fingerprint $fingerprint)"
    return 0
  fi
  log "$NGINX_REF is missing, stale or to be rebuilt; building"
  build_nginx_image "$fingerprint"
}

print_summary() {
  local engine api
  engine="$(docker version -f '{{.Server.Version}}' 2>/dev/null || echo unknown)"
  api="$(docker version -f '{{.Server.APIVersion}}' 2>/dev/null || echo unknown)"
  log "summary:"
  log "  docker engine $engine, API $api"
  local kind ref size
  for kind in $STANDIN_KINDS; do
    wanted "$kind" || continue
    ref="$(image_ref "$kind")"
    size="$(docker image inspect -f '{{.Size}}' "$ref")"
    log "$(printf '  %-45s %6d MB' "$ref" $((size / 1000 / 1000)))"
  done
  if [[ -n "$HOST_NODE" ]]; then
    for kind in $NODE_KINDS; do
      wanted "$kind" || continue
      ref="$(node_image_ref "$kind")"
      size="$(docker image inspect -f '{{.Size}}' "$ref")"
      log "$(printf '  %-45s %6d MB' "$ref" $((size / 1000 / 1000)))"
    done
  fi
  if wanted nginx; then
    size="$(docker image inspect -f '{{.Size}}' "$NGINX_REF")"
    log "$(printf '  %-45s %6d MB' "$NGINX_REF" $((size / 1000 / 1000)))"
  fi
}

main() {
  local started=$SECONDS
  parse_args "$@"
  require_root
  trap cleanup EXIT
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/containerstages-test-env.XXXXXX")"
  acquire_lock
  ensure_host_packages
  ensure_binfmt_arm64
  ensure_dockerd
  detect_debian_mirror
  detect_host_dotnet
  detect_host_ca
  if wanted node || wanted node-slim; then
    detect_host_node
  fi
  ensure_standin_images
  ensure_node_standin_images
  ensure_nginx_standin_image
  print_summary
  log "provisioned in $((SECONDS - started)) s"
}

main "$@"
