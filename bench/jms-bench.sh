#!/usr/bin/env bash
# JMS over AMQP 1.0: Sluice against ActiveMQ Artemis, one broker at a time on this machine, with the
# same Qpid JMS load program (bench/jms/load) and the same settings. Prints a markdown table and
# keeps everything under target/bench/ (jms-<stamp>.log, jms-<stamp>.md, jms-<stamp>/).
# See docs/performance.md, "End-to-end: JMS over AMQP 1.0 against ActiveMQ Artemis".
#
# Usage: bench/jms-bench.sh [MODE...]      (default: nonpersistent persistent persistent-async)
#
# Modes (one producer, one consumer, one queue, 100-byte BytesMessages, consumer AUTO_ACKNOWLEDGE
# with Qpid JMS's default prefetch of 1000):
#   nonpersistent     DeliveryMode.NON_PERSISTENT; Qpid JMS sends these asynchronously by default
#   persistent        DeliveryMode.PERSISTENT; synchronous sends, the JMS default for persistent
#                     messages: each send waits until the broker has the message on disk
#   persistent-async  DeliveryMode.PERSISTENT with the Qpid JMS URI option jms.forceAsyncSend=true
#
# Each mode runs against a fresh Sluice, then a fresh Artemis (so the two see about the same machine
# load), each with an empty data directory: one run of the load program per broker and mode, with
# BENCH_WARMUP seconds of warm-up (sent and received, not counted) followed by BENCH_SECONDS
# measured seconds. The 1-minute load average is read just before each run.
#
# Settings (environment):
#   BENCH_SECONDS      measured seconds per run (default 30)
#   BENCH_WARMUP       warm-up seconds per run (default 10)
#   BENCH_BROKERS      which brokers, in order (default "sluice artemis")
#   SLUICE_PORT        Sluice's AMQP port on 127.0.0.1 (default 5673; its management API gets a free port)
#   SLUICE_JAR         the Sluice jar (default target/sluice.jar, built with `mvn -q -DskipTests package`
#                      when missing; a jar older than src/main is used as it is, with a warning)
#   SLUICE_CONFIG      a Sluice configuration file (default none: Sluice's built-in defaults), e.g. one
#                      with server.storage.commit-interval changed
#   SLUICE_JAVA_OPTS   JVM options for Sluice (default none), e.g. a flight recording:
#                      SLUICE_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/s.jfr,settings=profile'
#   ARTEMIS_PORT       Artemis's AMQP port on 127.0.0.1 (default 5674)
#   ARTEMIS_JOURNAL    auto (default: ASYNCIO when libaio loads, otherwise NIO), ASYNCIO or NIO
#   ARTEMIS_JAVA_OPTS  JVM options for Artemis (default none)
#   JMS_JAVA_OPTS      JVM options for the load program (default -Xmx2g)
#   JMS_URI_OPTIONS    extra Qpid JMS URI options for both brokers, e.g. 'jms.prefetchPolicy.all=100'
#
# Sluice runs with its built-in defaults unless SLUICE_CONFIG is set (its working directory is the
# run directory, so config/sluice.yaml is not read), Artemis with its defaults plus persistence on
# and security off (ArtemisLauncher). Both get the same JVM (the java on PATH) with default options
# unless set above. Both listen on 127.0.0.1 only; a port already in use is reported and that broker skipped. Needs Java 17+ and
# Maven: the first run builds bench/jms/ (Qpid JMS and Artemis come from Maven Central once, then
# from the local Maven repository). Everything started is stopped at the end, also on Ctrl-C.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo_root"
# shellcheck source=bench/bench-lib.sh
. "$repo_root/bench/bench-lib.sh"

BENCH_SECONDS="${BENCH_SECONDS:-30}"
BENCH_WARMUP="${BENCH_WARMUP:-10}"
BENCH_BROKERS="${BENCH_BROKERS:-sluice artemis}"
SLUICE_PORT="${SLUICE_PORT:-5673}"
SLUICE_JAR="${SLUICE_JAR:-$repo_root/target/sluice.jar}"
SLUICE_CONFIG="${SLUICE_CONFIG:-}"
if [ -n "$SLUICE_CONFIG" ]; then
    SLUICE_CONFIG="$(realpath "$SLUICE_CONFIG")"
fi
ARTEMIS_PORT="${ARTEMIS_PORT:-5674}"
ARTEMIS_JOURNAL="${ARTEMIS_JOURNAL:-auto}"
JMS_JAVA_OPTS="${JMS_JAVA_OPTS:--Xmx2g}"
JMS_URI_OPTIONS="${JMS_URI_OPTIONS:-}"

if [ $# -gt 0 ]; then
    modes=("$@")
else
    modes=(nonpersistent persistent persistent-async)
fi
for m in "${modes[@]}"; do
    case "$m" in
        nonpersistent|persistent|persistent-async) ;;
        *) echo "jms-bench.sh: unknown mode '$m' (nonpersistent, persistent, persistent-async)" >&2; exit 2 ;;
    esac
done
for b in $BENCH_BROKERS; do
    case "$b" in sluice|artemis) ;; *) echo "jms-bench.sh: unknown broker '$b' (sluice, artemis)" >&2; exit 2 ;; esac
done

out_dir="$repo_root/target/bench"
stamp="$(date +%Y%m%d-%H%M%S)"
run_dir="$out_dir/jms-$stamp"
log="$out_dir/jms-$stamp.log"
table="$out_dir/jms-$stamp.md"
load_cp="$repo_root/bench/jms/load/target/classes:$repo_root/bench/jms/load/target/lib/*"
artemis_cp="$repo_root/bench/jms/artemis/target/classes:$repo_root/bench/jms/artemis/target/lib/*"
mkdir -p "$run_dir"

say() {
    echo "jms-bench.sh: $*" >&2
    echo "== $*" >>"$log"
}

# ---------------------------------------------------------------- processes we own

broker_pid=""
broker_dir=""
load_pid=""

stop_broker() {
    if [ -n "$broker_pid" ]; then
        stop_pid "$broker_pid"
        broker_pid=""
    fi
    if [ -n "$broker_dir" ]; then
        rm -rf "$broker_dir"
        broker_dir=""
    fi
}

cleanup() {
    if [ -n "$load_pid" ]; then
        kill "$load_pid" 2>/dev/null || true
        wait "$load_pid" 2>/dev/null || true
    fi
    stop_broker
}
trap cleanup EXIT
trap 'exit 130' INT TERM

broker_port() {
    case "$1" in
        sluice) echo "$SLUICE_PORT" ;;
        artemis) echo "$ARTEMIS_PORT" ;;
    esac
}

# start_broker BROKER MODE: a fresh broker with an empty data directory; sets broker_pid
start_broker() {
    local broker="$1" mode="$2" port out ready
    port="$(broker_port "$broker")"
    if port_in_use "$port"; then
        say "port $port is in use: not measuring $broker (set ${broker^^}_PORT)"
        return 1
    fi
    broker_dir="$(mktemp -d "${TMPDIR:-/tmp}/$broker-jms-bench.XXXXXX")"
    out="$run_dir/$broker-$mode-stdout.txt"
    : >"$out"
    case "$broker" in
        sluice)
            ready='^sluice ready amqp='
            local config=()
            if [ -n "$SLUICE_CONFIG" ]; then
                config=(--config "$SLUICE_CONFIG")
            fi
            # shellcheck disable=SC2086  # the options are several words
            (cd "$run_dir" && exec java ${SLUICE_JAVA_OPTS:-} -jar "$SLUICE_JAR" start --host 127.0.0.1 \
                --amqp-port "$port" --http-port 0 --data-dir "$broker_dir" "${config[@]+"${config[@]}"}") \
                >"$out" 2>"$run_dir/$broker-$mode-stderr.txt" &
            ;;
        artemis)
            ready='^artemis ready amqp='
            # shellcheck disable=SC2086
            (cd "$run_dir" && exec java ${ARTEMIS_JAVA_OPTS:-} -cp "$artemis_cp" dev.sluice.bench.artemis.ArtemisLauncher \
                --host 127.0.0.1 --port "$port" --data-dir "$broker_dir" --journal "$ARTEMIS_JOURNAL") \
                >"$out" 2>"$run_dir/$broker-$mode-stderr.txt" &
            ;;
    esac
    broker_pid=$!
    for _ in $(seq 1 240); do
        if grep -q "$ready" "$out"; then
            say "$broker ready, pid $broker_pid: $(cat "$out")"
            return 0
        fi
        kill -0 "$broker_pid" 2>/dev/null || break
        sleep 0.5
    done
    say "$broker did not start; see $run_dir/$broker-$mode-stderr.txt"
    stop_broker
    return 1
}

# ---------------------------------------------------------------- build

build_programs() {
    local build=(-q -B -f bench/jms/pom.xml package)
    say "building bench/jms (mvn ${build[*]})"
    mvn_offline_first "$log" "${build[@]}" || {
        say "could not build bench/jms (see $log)"
        exit 1
    }
}

check_sluice_jar() {
    if [ ! -f "$SLUICE_JAR" ]; then
        if [ "$SLUICE_JAR" != "$repo_root/target/sluice.jar" ]; then
            say "SLUICE_JAR $SLUICE_JAR does not exist"
            exit 1
        fi
        say "building $SLUICE_JAR (mvn -q -B -DskipTests package)"
        mvn -q -B -DskipTests package >>"$log" 2>&1 || { say "could not build Sluice (see $log)"; exit 1; }
    elif [ "$SLUICE_JAR" = "$repo_root/target/sluice.jar" ] \
            && [ -n "$(find "$repo_root/src/main" "$repo_root/pom.xml" -newer "$SLUICE_JAR" -print -quit)" ]; then
        say "warning: $SLUICE_JAR is older than src/main or pom.xml; measuring it as it is"
    fi
}

# ---------------------------------------------------------------- one run

# run_load BROKER MODE -> the load program's RESULT line in $run_dir/BROKER-MODE.result
run_load() {
    local broker="$1" mode="$2"
    local out="$run_dir/$broker-$mode.txt"
    local uri_options=()
    if [ -n "$JMS_URI_OPTIONS" ]; then
        uri_options=(--uri-options "$JMS_URI_OPTIONS")
    fi
    cut -d' ' -f1 /proc/loadavg >"$run_dir/$broker-$mode.load"
    echo "== $broker $mode: load before: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$log"
    # shellcheck disable=SC2086
    timeout --signal=TERM $((BENCH_WARMUP + BENCH_SECONDS + 120)) java $JMS_JAVA_OPTS -cp "$load_cp" \
        dev.sluice.bench.jms.JmsLoad --url "amqp://127.0.0.1:$(broker_port "$broker")" \
        --mode "$mode" --queue "jms-bench-$mode" --size 100 --warmup "$BENCH_WARMUP" --seconds "$BENCH_SECONDS" \
        --broker-pid "$broker_pid" --label "$broker" "${uri_options[@]+"${uri_options[@]}"}" >"$out" 2>&1 &
    load_pid=$!
    local rc=0
    wait "$load_pid" || rc=$?
    load_pid=""
    cat "$out" >>"$log"
    echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg); JmsLoad exit status $rc" >>"$log"
    grep '^RESULT ' "$out" >"$run_dir/$broker-$mode.result" || true
}

# value KEY FILE -> the RESULT line's value for KEY, or "-"
value() {
    local v
    v="$(tr ' ' '\n' <"$2" | sed -n "s/^$1=//p" | head -1)"
    echo "${v:--}"
}

# ---------------------------------------------------------------- main

say "log: $log"
{
    machine_lines
    echo "BENCH_SECONDS=$BENCH_SECONDS BENCH_WARMUP=$BENCH_WARMUP SLUICE_JAR=$SLUICE_JAR SLUICE_CONFIG=$SLUICE_CONFIG SLUICE_JAVA_OPTS=${SLUICE_JAVA_OPTS:-}"
    if [ -n "$SLUICE_CONFIG" ]; then cat "$SLUICE_CONFIG"; fi
    echo "ARTEMIS_JOURNAL=$ARTEMIS_JOURNAL ARTEMIS_JAVA_OPTS=${ARTEMIS_JAVA_OPTS:-} JMS_JAVA_OPTS=$JMS_JAVA_OPTS JMS_URI_OPTIONS=$JMS_URI_OPTIONS"
} >>"$log"

build_programs
case " $BENCH_BROKERS " in *" sluice "*) check_sluice_jar ;; esac

for mode in "${modes[@]}"; do
    for broker in $BENCH_BROKERS; do
        say "$mode: $broker"
        if start_broker "$broker" "$mode"; then
            run_load "$broker" "$mode"
            stop_broker
        else
            : >"$run_dir/$broker-$mode.result"
        fi
        sleep 2
    done
done

{
    echo "| mode | broker | sent msg/s | received msg/s | latency p50 ms | p99 ms | max ms | backlog at end | broker CPU µs/msg | broker cores | client CPU µs/msg | load |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for mode in "${modes[@]}"; do
        for broker in $BENCH_BROKERS; do
            r="$run_dir/$broker-$mode.result"
            if [ ! -s "$r" ]; then
                echo "| $mode | $broker | failed | | | | | | | | | $(cat "$run_dir/$broker-$mode.load" 2>/dev/null || echo -) |"
                continue
            fi
            cpu="$(value broker_cpu_s "$r")"
            cores="-"
            if [ "$cpu" != "-" ]; then
                cores="$(awk -v c="$cpu" -v s="$(value seconds "$r")" 'BEGIN { printf "%.2f", c / s }')"
            fi
            echo "| $mode | $broker | $(value sent_per_s "$r") | $(value received_per_s "$r") | $(value p50_ms "$r")" \
                 "| $(value p99_ms "$r") | $(value max_ms "$r") | $(value backlog_at_end "$r")" \
                 "| $(value broker_cpu_us_per_msg "$r") | $cores | $(value client_cpu_us_per_msg "$r")" \
                 "| $(cat "$run_dir/$broker-$mode.load") |"
        done
    done
    if [ "$BENCH_BROKERS" = "sluice artemis" ] || [ "$BENCH_BROKERS" = "artemis sluice" ]; then
        echo
        echo "| mode | Sluice ÷ Artemis, received msg/s | Artemis ÷ Sluice, broker CPU per message |"
        echo "|---|---:|---:|"
        for mode in "${modes[@]}"; do
            s="$run_dir/sluice-$mode.result"
            a="$run_dir/artemis-$mode.result"
            if [ -s "$s" ] && [ -s "$a" ]; then
                awk -v m="$mode" -v sr="$(value received_per_s "$s")" -v ar="$(value received_per_s "$a")" \
                    -v sc="$(value broker_cpu_us_per_msg "$s")" -v ac="$(value broker_cpu_us_per_msg "$a")" \
                    'BEGIN {
                        ratio = (ar > 0) ? sprintf("%.2f", sr / ar) : "-"
                        cpu = (sc > 0 && ac != "-") ? sprintf("%.2f", ac / sc) : "-"
                        printf "| %s | %s | %s |\n", m, ratio, cpu
                    }'
            fi
        done
    fi
} | tee "$table"
say "table: $table; raw output: $log and $run_dir/"
