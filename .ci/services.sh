# shellcheck shell=bash
# Services for the integration tests: a Slurm cluster of 3 emulated nodes on this host
# (Debian slurm-wlm + munge) and moto's S3 server. Recipe: ../shared/docs/distributed.md.
#
#   . .ci/services.sh && services_start    # installs if needed, starts, exports, traps EXIT
#   services_stop                          # stops every daemon it started, by PID (also from the trap),
#                                          # and removes the folder (WINNOW_KEEP_SERVICES_DIR=1 keeps it)
#
# Everything lives in a private folder ($WINNOW_SERVICES_DIR, a fresh /tmp/winnow-services.*):
# the Slurm config (SLURM_CONF points at it, /etc/slurm is not touched), state, logs, PID
# files and munge's socket, so a second cluster or a leftover one cannot collide with this one.
# Exports for the tests: SLURM_CONF, AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, WINNOW_S3_PATH_STYLE=1. Meant to be sourced: no `set -e`, every step checked.

_svc_log() { printf '[services] %s\n' "$*" >&2; }
_svc_now() { date +%s.%N; }
_svc_since() { awk -v a="$1" -v b="$(_svc_now)" 'BEGIN { printf "%.1f", b - a }'; }
_svc_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
_svc_pid() { [ -s "$1" ] && cat "$1"; }

_svc_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

_svc_install() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    _svc_log "slurm-wlm and munge already installed"
    return 0
  fi
  local t; t=$(_svc_now)
  _svc_log "installing slurm-wlm and munge from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends slurm-wlm munge >&2 || {
    _svc_log "apt-get install slurm-wlm munge failed"; return 1; }
  _svc_log "install_s=$(_svc_since "$t")"
}

_svc_start_munge() {
  local d="$WINNOW_SERVICES_DIR/munge"
  mkdir -p "$d" && chown munge:munge "$d" && chmod 0755 "$d" || return 1
  [ -s /etc/munge/munge.key ] || mungekey -c -f || { _svc_log "cannot create /etc/munge/munge.key"; return 1; }
  runuser -u munge -- /usr/sbin/munged --socket="$d/munge.socket" --pid-file="$d/munged.pid" \
    --log-file="$d/munged.log" --seed-file="$d/munged.seed" || { _svc_log "munged did not start (see $d/munged.log)"; return 1; }
  _SVC_PIDS+=("$d/munged.pid")
}

_svc_write_slurm_conf() {
  local w="$WINNOW_SERVICES_DIR" h; h=$(hostname -s)
  local ctld_port; ctld_port=$(_svc_free_port)
  local node_ports=() i
  for i in $(seq 1 "$_SVC_NODES"); do node_ports+=("$(_svc_free_port)"); done
  mkdir -p "$w/state" "$w/log" || return 1
  for i in $(seq 1 "$_SVC_NODES"); do mkdir -p "$w/spool/n$i" || return 1; done
  {
    cat <<EOF
ClusterName=winnow
SlurmctldHost=${h}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=${w}/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=${w}/log/jobcomp.log
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
DependencyParameters=kill_invalid_depend
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
StateSaveLocation=${w}/state
SlurmdSpoolDir=${w}/spool/%n
SlurmctldPidFile=${w}/slurmctld.pid
SlurmdPidFile=${w}/slurmd-%n.pid
SlurmctldLogFile=${w}/log/slurmctld.log
SlurmdLogFile=${w}/log/slurmd-%n.log
EOF
    # One line per node: each emulated slurmd listens on its own free port.
    for i in $(seq 1 "$_SVC_NODES"); do
      echo "NodeName=n$i NodeHostname=${h} NodeAddr=127.0.0.1 Port=${node_ports[$((i - 1))]} CPUs=1 RealMemory=2000 State=UNKNOWN"
    done
    echo "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP"
  } >"$w/slurm.conf"
  export SLURM_CONF="$w/slurm.conf"
}

_svc_start_slurm() {
  local t i; t=$(_svc_now)
  _svc_write_slurm_conf || { _svc_log "cannot write the Slurm config"; return 1; }
  _svc_start_munge || return 1
  slurmctld || { _svc_log "slurmctld did not start (see $WINNOW_SERVICES_DIR/log/slurmctld.log)"; return 1; }
  _SVC_PIDS+=("$WINNOW_SERVICES_DIR/slurmctld.pid")
  for i in $(seq 1 "$_SVC_NODES"); do
    slurmd -N "n$i" || { _svc_log "slurmd n$i did not start (see $WINNOW_SERVICES_DIR/log/slurmd-n$i.log)"; return 1; }
    _SVC_PIDS+=("$WINNOW_SERVICES_DIR/slurmd-n$i.pid")
  done
  for _ in $(seq 1 240); do
    [ "$(sinfo -h -N -t idle -o %N 2>/dev/null | wc -l)" = "$_SVC_NODES" ] && break
    sleep 0.25
  done
  if [ "$(sinfo -h -N -t idle -o %N 2>/dev/null | wc -l)" != "$_SVC_NODES" ]; then
    _svc_log "the $_SVC_NODES Slurm nodes did not become idle in 60 s:"; sinfo -N >&2; return 1
  fi
  _svc_log "slurm_up_s=$(_svc_since "$t") ($_SVC_NODES nodes idle, SLURM_CONF=$SLURM_CONF)"
}

# Launches moto in the background (it takes ~2 s to come up, so Slurm starts meanwhile).
_svc_launch_moto() {
  local cmd
  _SVC_MOTO_PORT=$(_svc_free_port)
  if command -v moto_server >/dev/null; then cmd=(moto_server)
  elif python3 -c 'import moto.server' 2>/dev/null; then cmd=(python3 -m moto.server)
  else
    _svc_log "moto's S3 server is not available: neither moto_server on the PATH nor python3 -m moto.server (moto is preinstalled with the image's Python; PyPI is not reachable)"
    return 1
  fi
  _SVC_MOTO_CMD="${cmd[*]}"
  "${cmd[@]}" -H 127.0.0.1 -p "$_SVC_MOTO_PORT" >"$WINNOW_SERVICES_DIR/log/moto.log" 2>&1 &
  _SVC_MOTO_PID=$!
}

_svc_wait_moto() {
  local t="$1" url="http://127.0.0.1:$_SVC_MOTO_PORT/"
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$url" && break
    _svc_alive "$_SVC_MOTO_PID" || break
    sleep 0.1
  done
  if ! curl -sf -o /dev/null "$url"; then
    _svc_log "moto ($_SVC_MOTO_CMD) did not answer on $url:"; tail -n 20 "$WINNOW_SERVICES_DIR/log/moto.log" >&2; return 1
  fi
  export AWS_ENDPOINT_URL="http://127.0.0.1:$_SVC_MOTO_PORT" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=winnow-test AWS_SECRET_ACCESS_KEY=winnow-test WINNOW_S3_PATH_STYLE=1
  _svc_log "moto_up_s=$(_svc_since "$t") ($_SVC_MOTO_CMD, AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL)"
}

# Starts everything; returns non-zero (after saying why) when something could not start.
services_start() {
  local t; t=$(_svc_now)
  _SVC_NODES=${WINNOW_SLURM_NODES:-3}
  _SVC_PIDS=()
  _SVC_MOTO_PID=
  WINNOW_SERVICES_DIR=$(mktemp -d /tmp/winnow-services.XXXXXX) && chmod 0755 "$WINNOW_SERVICES_DIR" || return 1
  mkdir -p "$WINNOW_SERVICES_DIR/log"
  export WINNOW_SERVICES_DIR
  # Stop on any exit of the calling script, after whatever EXIT trap it already had.
  local prev; prev=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
  # shellcheck disable=SC2064
  trap "services_stop; ${prev:-:}" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  _svc_launch_moto || return 1
  local tm; tm=$(_svc_now)
  _svc_install || return 1
  _svc_start_slurm || return 1
  _svc_wait_moto "$tm" || return 1
  _svc_log "services_up_s=$(_svc_since "$t") (logs in $WINNOW_SERVICES_DIR/log)"
}

# Cancels leftover jobs, then stops every daemon started above by its PID; safe to call twice.
services_stop() {
  local f pid pids=() t; t=$(_svc_now)
  if [ -n "${SLURM_CONF:-}" ] && [ -n "${_SVC_PIDS[*]:-}" ] && scancel --user="$(id -un)" 2>/dev/null; then
    for _ in $(seq 1 40); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.25; done
  fi
  for f in "${_SVC_PIDS[@]:-}"; do
    pid=$(_svc_pid "$f") || continue
    _svc_alive "$pid" && kill "$pid" 2>/dev/null && pids+=("$pid")
  done
  _svc_alive "${_SVC_MOTO_PID:-}" && kill "$_SVC_MOTO_PID" 2>/dev/null && pids+=("$_SVC_MOTO_PID")
  for _ in $(seq 1 50); do
    local any=
    for pid in "${pids[@]:-}"; do _svc_alive "$pid" && any=1; done
    [ -z "$any" ] && break
    sleep 0.1
  done
  for pid in "${pids[@]:-}"; do _svc_alive "$pid" && kill -9 "$pid" 2>/dev/null; done
  [ "${#pids[@]}" -gt 0 ] && _svc_log "stopped ${#pids[@]} daemon(s) by PID: ${pids[*]} in $(_svc_since "$t") s"
  # The private folder (config, state, logs) goes too, unless asked to keep it for a look.
  if [ -n "${WINNOW_SERVICES_DIR:-}" ] && [ -z "${WINNOW_KEEP_SERVICES_DIR:-}" ]; then
    case "$WINNOW_SERVICES_DIR" in /tmp/winnow-services.*) rm -rf "$WINNOW_SERVICES_DIR" ;; esac
  fi
  _SVC_PIDS=()
  _SVC_MOTO_PID=
  return 0
}
