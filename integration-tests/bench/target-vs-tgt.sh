#!/usr/bin/env bash
# SnapTarget vs tgt, side by side on loopback, measured with the same client (qemu-img bench over
# qemu's iscsi:// driver). See integration-tests/BENCHMARK.md for what it does and prints.
#
# Usage: integration-tests/bench/target-vs-tgt.sh [--a snaptarget|tgt] [--b snaptarget|tgt]
#            [--size 1G] [--seconds 5] [--pairs 3] [--cases LIST] [--keep]
#   --a/--b    the two targets compared (ratio = a/b); default snaptarget vs tgt.
#              "--a tgt --b tgt" validates the method: its ratios should be ~1.0.
#   --seconds  minimum length of every measured run (default 5).
#   --pairs    alternating (a, b) pairs per case (default 3, minimum 3).
#   --cases    comma list from: rr4k1,rr4k32,rw4k1,rw4k32,sr1m8,sw1m8 (default all).
#   --keep     keep the work directory (LUN files, logs) instead of deleting it.
#   --jar PATH run this SnapTarget server jar (default: target-server/target/snaptarget.jar
#              through the ./snaptarget launcher).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
kind_a=snaptarget kind_b=tgt size=1G min_secs=5 pairs=3 keep=0 jar=""
cases_wanted=rr4k1,rr4k32,rw4k1,rw4k32,sr1m8,sw1m8
while [ $# -gt 0 ]; do
    case $1 in
        --a) kind_a=$2; shift 2;; --b) kind_b=$2; shift 2;;
        --size) size=$2; shift 2;; --seconds) min_secs=$2; shift 2;;
        --pairs) pairs=$2; shift 2;; --cases) cases_wanted=$2; shift 2;;
        --keep) keep=1; shift;;
        --jar) jar=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2;;
    esac
done
[ "$pairs" -ge 3 ] || { echo "--pairs must be at least 3" >&2; exit 2; }
for k in "$kind_a" "$kind_b"; do
    case $k in snaptarget|tgt) ;; *) echo "unknown target kind: $k" >&2; exit 2;; esac
done

need() {  # need BINARY DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$1" >/dev/null 2>&1 \
        || { echo "missing $1: install the Debian package $2" >&2; exit 1; }
}
need qemu-img qemu-utils
need tgtd tgt
need tgtadm tgt
qemu-img --help | grep '^Supported formats:' | grep -qw iscsi \
    || { echo "qemu-img has no iscsi driver: install the Debian package qemu-block-extra" >&2; exit 1; }
PATH=$PATH:/usr/sbin:/sbin

size_bytes=$(numfmt --from=iec "${size%B}")
work=$(mktemp -d /tmp/target-vs-tgt.XXXXXX)
pids=() sockets=() controls=()
cleanup() {
    local p c
    for c in "${controls[@]}"; do   # tgtd ignores SIGTERM while it has targets
        tgtadm -C "$c" --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1 || true
        tgtadm -C "$c" --lld iscsi --op delete --mode system >/dev/null 2>&1 || true
    done
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${pids[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null || true
    done
    rm -f "${sockets[@]}" 2>/dev/null || true
    if [ "$keep" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {  # a loopback port nothing answers on
    local port
    while :; do
        port=$(( 20000 + RANDOM % 30000 ))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

find_java() {  # the newest JDK >= 21: JAVA_HOME, then /usr/lib/jvm/*
    local cand v best="" bestv=0
    for cand in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java; do
        [ -x "$cand" ] || continue
        v=$("$cand" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1)
        if [ -n "$v" ] && [ "$v" -gt "$bestv" ]; then best=$cand; bestv=$v; fi
    done
    [ "$bestv" -ge 21 ] || { echo "no JDK 21 or newer found" >&2; exit 1; }
    echo "$best"
}

# start_target NAME KIND: starts one target with a $size LUN; sets url_NAME and pid.
start_target() {
    local name=$1 kind=$2 port dir="$work/$1"
    mkdir -p "$dir"
    port=$(free_port)
    case $kind in
    snaptarget)
        local args=(serve --portal "127.0.0.1:$port" --data-dir "$dir/data" --size "$size_bytes")
        if [ -n "$jar" ]; then
            [ -f "$jar" ] || { echo "no $jar" >&2; exit 1; }
            "$(find_java)" -jar "$jar" "${args[@]}" >"$dir/server.log" 2>&1 &
        else
            [ -f "$root/target-server/target/snaptarget.jar" ] \
                || { echo "no target-server/target/snaptarget.jar: build it first (mvn -B -DskipTests package)" >&2; exit 1; }
            # The launcher execs java, so $! is the server's own PID.
            "$root/snaptarget" "${args[@]}" >"$dir/server.log" 2>&1 &
        fi
        pids+=($!)
        for _ in $(seq 1 600); do
            grep -qs "SnapTarget ready" "$dir/server.log" && break
            kill -0 "${pids[-1]}" 2>/dev/null || { echo "SnapTarget exited:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
            sleep 0.1
        done
        grep -qs "SnapTarget ready" "$dir/server.log" || { echo "SnapTarget not ready after 60 s" >&2; exit 1; }
        printf -v "url_$name" '%s' "iscsi://127.0.0.1:$port/iqn.2026-11.org.snaptarget:default/0"
        ;;
    tgt)
        local ctl
        while :; do ctl=$(( 1000 + RANDOM % 31000 )); [ -e "/var/run/tgtd/socket.$ctl" ] || break; done
        truncate -s "$size_bytes" "$dir/lun.img"
        tgtd -f --iscsi "portal=127.0.0.1:$port" -C "$ctl" >"$dir/tgtd.log" 2>&1 &
        pids+=($!)
        sockets+=("/var/run/tgtd/socket.$ctl" "/var/run/tgtd/socket.$ctl.lock")
        controls+=("$ctl")
        for _ in $(seq 1 100); do tgtadm -C "$ctl" --op show --mode sys >/dev/null 2>&1 && break; sleep 0.1; done
        tgtadm -C "$ctl" --lld iscsi --op new --mode target --tid 1 -T iqn.2026-11.org.snaptarget:default
        tgtadm -C "$ctl" --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 -b "$dir/lun.img"
        tgtadm -C "$ctl" --lld iscsi --op bind --mode target --tid 1 -I ALL
        printf -v "url_$name" '%s' "iscsi://127.0.0.1:$port/iqn.2026-11.org.snaptarget:default/1"
        ;;
    esac
    echo "started $kind as '$name' (pid ${pids[-1]}, port $port)"
}

# Both LUNs are written once end to end (64 MiB WRITEs of 0xa5 bytes, the pattern the write cases
# use too: qemu-img bench writes zeros unless told --pattern) so both backing files are fully
# allocated and every read returns real data, in every case and pair. Not zeros:
# a target that reports zero ranges as deallocated (GET LBA STATUS with LBPRZ=1, as SnapTarget's
# thin LUNs do) lets qemu's iscsi driver skip READs of them entirely and fill in zeros itself.
prefill() {
    local url=$1 cmds=() off=0 chunk=$((64 * 1024 * 1024))
    while [ "$off" -lt "$size_bytes" ]; do
        cmds+=(-c "write -P 0xa5 $off $chunk"); off=$((off + chunk))
    done
    qemu-io -f raw "${cmds[@]}" "$url" >/dev/null
}

# Case table: name, label, qemu-img bench options. Random 4 KiB I/O: qemu-img bench has no random
# mode, so the step is an odd number of 4 KiB blocks (40503 x 4 KiB, ~158 MiB); offsets wrap modulo
# the LUN size, which visits every 4 KiB block once per cycle in a scattered order.
stride=$((4096 * 40503))
declare -A label opts
label[rr4k1]="4 KiB random read QD1";    opts[rr4k1]="-d 1 -s 4096 -S $stride"
label[rr4k32]="4 KiB random read QD32";  opts[rr4k32]="-d 32 -s 4096 -S $stride"
label[rw4k1]="4 KiB random write QD1";   opts[rw4k1]="-d 1 -s 4096 -S $stride -w --pattern=0xa5"
label[rw4k32]="4 KiB random write QD32"; opts[rw4k32]="-d 32 -s 4096 -S $stride -w --pattern=0xa5"
label[sr1m8]="1 MiB sequential read QD8";  opts[sr1m8]="-d 8 -s 1048576"
label[sw1m8]="1 MiB sequential write QD8"; opts[sw1m8]="-d 8 -s 1048576 -w --pattern=0xa5"
bufsize() { case $1 in sr1m8|sw1m8) echo 1048576;; *) echo 4096;; esac; }

# bench URL CASE COUNT: prints the elapsed seconds of one qemu-img bench run. Every run starts
# after a sync, so write-back left by the previous run (of either target) does not land in it.
bench() {
    local out
    sync
    # shellcheck disable=SC2086
    out=$(qemu-img bench -f raw -c "$3" ${opts[$2]} "$1" 2>&1) || { echo "qemu-img bench failed on $1: $out" >&2; exit 1; }
    echo "$out" | sed -n 's/^Run completed in \([0-9.]*\) seconds\./\1/p'
}

# measure URL CASE: one run of at least $min_secs seconds; sets m_iops, m_secs, m_count.
# The request count comes from a short calibration run, then grows until a run lasts long enough.
declare -A count
measure() {
    local url=$1 c=$2 key="$1 $2" secs n
    if [ -z "${count[$key]:-}" ]; then
        n=500
        while :; do
            secs=$(bench "$url" "$c" "$n")
            [ -n "$secs" ] || { echo "no timing from qemu-img bench ($c on $url)" >&2; exit 1; }
            if awk -v s="$secs" 'BEGIN { exit !(s >= 0.5) }'; then break; fi
            n=$((n * 4))
        done
        count[$key]=$(awk -v n="$n" -v s="$secs" -v m="$min_secs" 'BEGIN { printf "%d", n * (m * 1.2) / s + 1 }')
    fi
    while :; do
        secs=$(bench "$url" "$c" "${count[$key]}")
        [ -n "$secs" ] || { echo "no timing from qemu-img bench ($c on $url)" >&2; exit 1; }
        if awk -v s="$secs" -v m="$min_secs" 'BEGIN { exit !(s >= m) }'; then break; fi
        count[$key]=$(awk -v n="${count[$key]}" -v s="$secs" -v m="$min_secs" 'BEGIN { printf "%d", n * (m * 1.25) / s + 1 }')
    done
    m_iops=$(awk -v n="${count[$key]}" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
    m_secs=$secs m_count=${count[$key]}
    # Aim the next run of this target and case at 1.2 x the minimum again (a busy machine can make
    # the calibration run fast and later runs slow, or the other way round).
    count[$key]=$(awk -v n="$m_count" -v s="$secs" -v m="$min_secs" 'BEGIN { printf "%d", n * (m * 1.2) / s + 1 }')
}

echo "work directory: $work; LUN size $size; runs >= ${min_secs} s; $pairs pairs per case"
start_target a "$kind_a"
start_target b "$kind_b"
name_a=$kind_a name_b=$kind_b
[ "$kind_a" = "$kind_b" ] && { name_a="$kind_a#1"; name_b="$kind_b#2"; }
echo "prefilling both LUNs with 0xa5 data ..."
prefill "$url_a"
prefill "$url_b"
sync   # the prefill's dirty pages must not be written back during the first measured runs

results="$work/results.txt"   # case pair side iops seconds count
: >"$results"
IFS=, read -r -a cases <<<"$cases_wanted"
for c in "${cases[@]}"; do
    [ -n "${opts[$c]:-}" ] || { echo "unknown case $c" >&2; exit 2; }
    for p in $(seq 1 "$pairs"); do
        # Alternate which target goes first, so neither always runs on a warmer machine.
        if [ $((p % 2)) = 1 ]; then order="a b"; else order="b a"; fi
        for side in $order; do
            url_var="url_$side"
            measure "${!url_var}" "$c"
            iops=$m_iops secs=$m_secs n=$m_count
            echo "$c $p $side $iops $secs $n" >>"$results"
            name_var="name_$side"
            printf '  %-28s pair %d  %-14s %8d IOPS  %8.1f MB/s  (%d requests in %s s)\n' \
                "${label[$c]}" "$p" "${!name_var}" "$iops" "$(awk -v i="$iops" -v b="$(bufsize "$c")" 'BEGIN { print i * b / 1e6 }')" "$n" "$secs"
        done
    done
done

# Every block must still hold 0xa5: then no READ above could have been answered from a
# "deallocated" shortcut, and no write case wrote anything else.
for side in a b; do
    url_var="url_$side"
    qemu-io -f raw -c "read -P 0xa5 0 1M" -c "read -P 0xa5 $((size_bytes / 2)) 1M" \
        -c "read -P 0xa5 $((size_bytes - 1048576)) 1M" "${!url_var}" >"$work/verify-$side.txt" 2>&1 \
        && ! grep -qi fail "$work/verify-$side.txt" \
        || { echo "WARNING: LUN $side no longer reads back 0xa5; the read figures are suspect:" >&2
             cat "$work/verify-$side.txt" >&2; }
done

echo
echo "Summary ($name_a / $name_b; IOPS and MB/s are medians of $pairs runs; ratio per pair, then median and min-max)"
printf '%-28s %18s %18s %8s %14s\n' "case" "$name_a" "$name_b" "ratio" "spread"
for c in "${cases[@]}"; do
    awk -v c="$c" -v label="${label[$c]}" -v bs="$(bufsize "$c")" '
        function median(arr, n,   i, j, t) {
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
            return n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2
        }
        $1 == c && $3 == "a" { a[$2] = $4 }
        $1 == c && $3 == "b" { b[$2] = $4 }
        END {
            n = 0; min = 1e18; max = 0
            for (p in a) { n++; r[n] = a[p] / b[p]; ia[n] = a[p]; ib[n] = b[p]
                           if (r[n] < min) min = r[n]; if (r[n] > max) max = r[n] }
            ma = median(ia, n); mb = median(ib, n)
            printf "%-28s %9d (%5.0fMB/s) %9d (%5.0fMB/s) %7.2fx %6.2f-%.2fx\n", label, ma, ma * bs / 1e6, mb, mb * bs / 1e6, median(r, n), min, max
        }' "$results"
done
