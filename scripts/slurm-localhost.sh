#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (munge + slurmctld + slurmd), for testing the
# batch scripts in jobs/. Needs root and Debian's slurm-wlm and munge (installed if missing).
#   bash scripts/slurm-localhost.sh start   # configure and start; waits until the node is idle
#   bash scripts/slurm-localhost.sh stop
# The configuration uses proctrack/linuxproc and task/none, so it works without cgroups (in a
# container or chroot). It overwrites /etc/slurm/slurm.conf: use it on a test machine only.
set -euo pipefail
action=${1:-start}
[ "$(id -u)" -eq 0 ] || { echo "slurm-localhost: must run as root" >&2; exit 1; }

stop() {
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  pkill -x munged 2>/dev/null || true
}

if [ "$action" = stop ]; then stop; exit 0; fi

for p in slurm-wlm munge; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

stop
host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 512 ))

# munge: a key, and a daemon (--force: it refuses root-owned setups in containers otherwise).
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
chmod 0400 /etc/munge/munge.key
if id munge >/dev/null 2>&1; then
  su -s /bin/sh munge -c "munged --force" 2>/dev/null || munged --force
else
  munged --force
fi

mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=xjslink-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF

slurmctld
slurmd
for _ in $(seq 1 60); do
  if sinfo -h -o "%T" 2>/dev/null | grep -qE "idle|mixed"; then
    echo "slurm-localhost: node $host ready ($cpus CPUs, ${mem_mb} MB)"
    exit 0
  fi
  sleep 1
done
echo "slurm-localhost: node did not become idle; see /var/log/slurm/" >&2
sinfo >&2 || true
exit 1
