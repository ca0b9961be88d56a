#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the Slurm launcher's tests (issue 18) and for trying it by hand.
#   scripts/slurm-local.sh start DIR   writes DIR/slurm.conf, starts munged (if not running), slurmctld and slurmd,
#                                      waits until the node is idle; prints `export SLURM_CONF=DIR/slurm.conf`
#   scripts/slurm-local.sh stop DIR    stops the daemons that start started (their pid files are in DIR)
# Needs root and Debian's slurmctld, slurmd, slurm-client and munge. Nothing is written outside DIR except munge's
# socket (/run/munge), which munged owns.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?folder}
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
case "$cmd" in
start)
    node=$(hostname -s)
    cpus=$(nproc)
    # two free ports, so that this cluster never collides with another one on the machine
    read -r ctld_port slurmd_port < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
    mkdir -p "$dir/state" "$dir/spool" "$dir/logs"
    cat > "$dir/slurm.conf" <<CONF
ClusterName=locus-local
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/logs/slurmctld.log
SlurmdLogFile=$dir/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SchedulerParameters=sched_interval=1
MinJobAge=300
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF=$dir/slurm.conf
    if ! pgrep -x munged >/dev/null || [ ! -S /run/munge/munge.socket.2 ]; then
        mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
        if id munge >/dev/null 2>&1; then runuser -u munge -- /usr/sbin/munged; else /usr/sbin/munged --force; fi
        touch "$dir/started-munged"
    fi
    /usr/sbin/slurmctld -f "$dir/slurm.conf"
    /usr/sbin/slurmd -f "$dir/slurm.conf"
    for _ in $(seq 1 60); do
        state=$(sinfo -h -N -o %t 2>/dev/null | head -1 || true)
        [ "$state" = idle ] && break
        sleep 1
    done
    if [ "$state" != idle ]; then
        echo "slurm-local: node not idle after 60 s (state '${state:-none}'); logs in $dir/logs" >&2
        tail -n 5 "$dir/logs/"*.log >&2 || true
        exit 1
    fi
    echo "export SLURM_CONF=$dir/slurm.conf"
    ;;
stop)
    pids=()
    for d in slurmd slurmctld; do
        if [ -f "$dir/$d.pid" ]; then pids+=("$(cat "$dir/$d.pid")"); fi
    done
    pids+=($(pgrep -f -- "-f $dir/slurm.conf" || true))   # the daemons of this folder's config, pid files or not
    if [ -f "$dir/started-munged" ]; then pids+=($(pgrep -x munged || true)); rm -f "$dir/started-munged"; fi
    [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 20); do   # gone before a next start looks for them
        alive=0
        for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.5
    done
    ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
