# Sourced by the bench scripts (they define log and die): Debian's docker-registry on a loopback
# address, without auth, its storage in the run's work folder, so nothing of it outlives the run.

# start_loopback_registry WORK HOST:PORT: starts it, waits until it answers, sets registry_pid.
start_loopback_registry() {
  local work="$1" address="$2"
  mkdir -p "$work/registry/data"
  cat >"$work/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/registry/data
  delete:
    enabled: true
http:
  addr: $address
EOF
  setsid docker-registry serve "$work/registry/config.yml" >"$work/registry/registry.log" 2>&1 </dev/null &
  registry_pid=$!
  for _ in $(seq 1 50); do
    curl -fsS --max-time 1 "http://$address/v2/" >/dev/null 2>&1 && break
    kill -0 "$registry_pid" 2>/dev/null || { cat "$work/registry/registry.log" >&2; die "docker-registry exited during startup"; }
    sleep 0.2
  done
  curl -fsS --max-time 1 "http://$address/v2/" >/dev/null 2>&1 || die "docker-registry did not answer on $address"
  log "registry running on $address (pid $registry_pid)"
}
