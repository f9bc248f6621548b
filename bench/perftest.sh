#!/usr/bin/env bash
# End-to-end AMQP 0-9-1 benchmark: RabbitMQ PerfTest against Sluice and, when rabbitmq-server is
# installed, against RabbitMQ on the same machine, one broker at a time, same scenarios.
#
#   bench/perftest.sh                  every scenario, Sluice then RabbitMQ
#   bench/perftest.sh 1 2              only scenarios 1 and 2
#   BENCH_SECONDS=10 bench/perftest.sh a quick run (measured seconds per scenario)
#
# Scenarios (100-byte bodies; PerfTest's defaults otherwise: consumers ack every message, no
# prefetch limit, publishers unthrottled unless said):
#   1  transient, 1 producer, 1 consumer, 1 queue
#   2  transient, 10 producers, 10 consumers, 10 queues (one producer and one consumer per queue)
#   3  fanout: 1 producer to a fanout exchange bound to 10 queues, one consumer on each
#   4  1000 producer connections publishing 10 msg/s each (10,000 msg/s in all), 1 consumer
#   5  persistent messages to a durable queue, publisher confirms with 200 outstanding, 1 -> 1
#
# Each scenario gets a fresh broker (new process, empty data directory), an unmeasured warm-up
# run of BENCH_WARMUP seconds, then the measured run of BENCH_SECONDS. The table printed at the
# end (also saved as target/bench/perftest-<stamp>.md) takes PerfTest's own end-of-run summary:
# average send and receive rates and consumer latency percentiles over the measured run, plus the
# worst one-second consumer p99 seen after its first 5 seconds (a steadiness check), for
# scenario 5 the confirm latency, and the machine's 1-minute load average when the measured run
# started (on a shared 2-core machine, anything much above 2 means other work took CPU time). Everything PerfTest printed, with the machine's load average
# before and after each run, goes to target/bench/perftest-<stamp>.log; PerfTest's per-second CSV
# files to target/bench/perftest-<stamp>/.
#
# Environment:
#   BENCH_SECONDS       measured seconds per scenario (default 30)
#   BENCH_WARMUP        warm-up seconds per scenario, 0 for none (default 10)
#   BENCH_BROKERS       brokers to measure, in order (default "sluice rabbitmq")
#   SLUICE_PORT         Sluice's AMQP port (default 5673)
#   RABBIT_PORT         RabbitMQ's AMQP port (default 5672)
#   SLUICE_CONFIG       a configuration file for Sluice (--config); without it Sluice reads
#                       config/sluice.yaml, the example topology, as bin/sluice start does
#   SLUICE_JAVA_OPTS    JVM options for Sluice (passed through bin/sluice), e.g. a JFR recording
#   SLUICE_JAR          run this jar instead of bin/sluice's target/sluice.jar (e.g. an older build,
#                       to compare before and after a change in one run). Without it, each scenario
#                       starts Sluice through bin/sluice, which rebuilds the jar when a source
#                       changed: do not edit sources during a run.
#   PERFTEST_JAVA_OPTS  JVM options for PerfTest (default -Xmx2g)
#
# Needs: Java 17+, Maven (PerfTest and its dependencies come from Maven Central on the first run
# and from the local Maven repository after that), optionally rabbitmq-server (Debian:
# apt-get install -y rabbitmq-server). RabbitMQ runs as its own node (sluice-bench@localhost,
# listening on 127.0.0.1 only, data in a temporary directory, no plugins) so it never touches the
# machine's default node; a port already in use is reported and that broker skipped. Everything
# this script starts is stopped when it ends, also on Ctrl-C. Load goes to 127.0.0.1 only.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo_root"
# shellcheck source=bench/bench-lib.sh
. "$repo_root/bench/bench-lib.sh"

BENCH_SECONDS="${BENCH_SECONDS:-30}"
BENCH_WARMUP="${BENCH_WARMUP:-10}"
BENCH_BROKERS="${BENCH_BROKERS:-sluice rabbitmq}"
SLUICE_PORT="${SLUICE_PORT:-5673}"
RABBIT_PORT="${RABBIT_PORT:-5672}"
PERFTEST_JAVA_OPTS="${PERFTEST_JAVA_OPTS:--Xmx2g}"
RABBIT_NODE="sluice-bench@localhost"

if [ $# -gt 0 ]; then
    scenarios=("$@")
else
    scenarios=(1 2 3 4 5)
fi

out_dir="$repo_root/target/bench"
stamp="$(date +%Y%m%d-%H%M%S)"
run_dir="$out_dir/perftest-$stamp"
log="$out_dir/perftest-$stamp.log"
table="$out_dir/perftest-$stamp.md"
perftest_lib="$out_dir/perf-test"
mkdir -p "$run_dir"

say() {
    echo "perftest.sh: $*" >&2
    echo "== $*" >>"$log"
}

# ---------------------------------------------------------------- scenarios

scenario_title() {
    case "$1" in
        1) echo "1: transient, 1 producer -> 1 queue -> 1 consumer" ;;
        2) echo "2: transient, 10 producers -> 10 queues -> 10 consumers" ;;
        3) echo "3: fanout, 1 producer -> 10 queues -> 10 consumers" ;;
        4) echo "4: 1000 connections x 10 msg/s -> 1 queue -> 1 consumer" ;;
        5) echo "5: persistent, durable queue, confirms (200 outstanding), 1 -> 1" ;;
        *) return 1 ;;
    esac
}

# PerfTest options of a scenario (the broker URI, duration and output file are added later).
scenario_args() {
    case "$1" in
        1) echo "--producers 1 --consumers 1 --size 100" ;;
        2) echo "--producers 10 --consumers 10 --size 100 --queue-pattern perf-s2-%d
                 --queue-pattern-from 1 --queue-pattern-to 10" ;;
        3) echo "--producers 1 --consumers 10 --size 100 --exchange perf-s3 --type fanout
                 --queue-pattern perf-s3-%d --queue-pattern-from 1 --queue-pattern-to 10" ;;
        4) echo "--producers 1000 --consumers 1 --size 100 --publishing-interval 0.1
                 --producer-random-start-delay 5 --nio-threads 4 --producer-scheduler-threads 8
                 --heartbeat-sender-threads 2" ;;
        5) echo "--producers 1 --consumers 1 --size 100 --flag persistent --confirm 200
                 --queue perf-s5 --auto-delete true" ;;
        *) return 1 ;;
    esac
}

for s in "${scenarios[@]}"; do
    scenario_title "$s" >/dev/null || { echo "perftest.sh: unknown scenario '$s' (1-5)" >&2; exit 2; }
done

# ---------------------------------------------------------------- processes we own

sluice_pid=""
sluice_dir=""
rabbit_started=""
rabbit_dir=""
epmd_was_running=""
perftest_pid=""

stop_sluice() {
    if [ -n "$sluice_pid" ]; then
        stop_pid "$sluice_pid"
        sluice_pid=""
    fi
    if [ -n "$sluice_dir" ]; then
        rm -rf "$sluice_dir"
        sluice_dir=""
    fi
}

as_rabbitmq() {
    if [ "$(id -u)" = 0 ]; then
        # su keeps the RABBITMQ_* variables; the file limit is raised for 1000 connections
        su rabbitmq -s /bin/sh -c "cd '${rabbit_dir:-/tmp}' && ulimit -n 20000 2>/dev/null; $*"
    else
        (cd "${rabbit_dir:-/tmp}" && sh -c "$*")
    fi
}

rabbit_bin() {
    if [ -x "/usr/lib/rabbitmq/bin/$1" ]; then
        echo "/usr/lib/rabbitmq/bin/$1"
    else
        command -v "$1"
    fi
}

stop_rabbit() {
    if [ -n "$rabbit_started" ]; then
        as_rabbitmq "$(rabbit_bin rabbitmqctl) -n $RABBIT_NODE stop" >>"$log" 2>&1 || true
        rabbit_started=""
        # epmd is started by the first Erlang node; end it when we started it and no node is left
        if [ -z "$epmd_was_running" ] && command -v epmd >/dev/null \
                && ! epmd -names 2>/dev/null | grep -q "^name "; then
            epmd -kill >/dev/null 2>&1 || true
        fi
    fi
    if [ -n "$rabbit_dir" ]; then
        rm -rf "$rabbit_dir"
        rabbit_dir=""
    fi
}

cleanup() {
    if [ -n "$perftest_pid" ]; then
        kill "$perftest_pid" 2>/dev/null || true
        wait "$perftest_pid" 2>/dev/null || true
    fi
    stop_sluice
    stop_rabbit
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_sluice() {
    if port_in_use "$SLUICE_PORT"; then
        say "port $SLUICE_PORT is in use: not measuring Sluice (set SLUICE_PORT)"
        return 1
    fi
    local data out
    data="$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")"
    sluice_dir="$data"
    out="$run_dir/sluice-stdout.txt"
    : >"$out"
    if [ -n "${SLUICE_JAR:-}" ]; then
        # shellcheck disable=SC2086
        java ${SLUICE_JAVA_OPTS:-} -jar "$SLUICE_JAR" start --host 127.0.0.1 --amqp-port "$SLUICE_PORT" \
            --data-dir "$data" ${SLUICE_CONFIG:+--config "$SLUICE_CONFIG"} >"$out" 2>>"$run_dir/sluice-stderr.txt" &
    else
        # bin/sluice rebuilds target/sluice.jar when sources changed and applies SLUICE_JAVA_OPTS
        bin/sluice start --host 127.0.0.1 --amqp-port "$SLUICE_PORT" --data-dir "$data" \
            ${SLUICE_CONFIG:+--config "$SLUICE_CONFIG"} >"$out" 2>>"$run_dir/sluice-stderr.txt" &
    fi
    sluice_pid=$!
    for _ in $(seq 1 600); do
        if grep -q '^sluice ready amqp=' "$out"; then
            say "Sluice ready ($(cat "$out")), pid $sluice_pid"
            return 0
        fi
        kill -0 "$sluice_pid" 2>/dev/null || break
        sleep 0.5
    done
    say "Sluice did not start; see $run_dir/sluice-stderr.txt"
    stop_sluice
    return 1
}

start_rabbit() {
    if ! command -v rabbitmq-server >/dev/null && [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
        say "rabbitmq-server is not installed (Debian: apt-get install -y rabbitmq-server): no RabbitMQ column"
        return 1
    fi
    if port_in_use "$RABBIT_PORT"; then
        say "port $RABBIT_PORT is in use (another broker?): not measuring RabbitMQ, and not touching it"
        return 1
    fi
    if epmd -names >/dev/null 2>&1; then epmd_was_running=1; fi
    rabbit_dir="$(mktemp -d "${TMPDIR:-/tmp}/rabbit-bench.XXXXXX")"
    echo "[]." >"$rabbit_dir/enabled_plugins"
    if [ "$(id -u)" = 0 ]; then chown -R rabbitmq "$rabbit_dir"; fi
    export RABBITMQ_NODENAME="$RABBIT_NODE"
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT="$RABBIT_PORT"
    export RABBITMQ_DIST_PORT=$((RABBIT_PORT + 20000))
    export RABBITMQ_MNESIA_BASE="$rabbit_dir/mnesia"
    export RABBITMQ_LOG_BASE="$rabbit_dir/log"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$rabbit_dir/enabled_plugins"
    as_rabbitmq "$(rabbit_bin rabbitmq-server) -detached" >>"$log" 2>&1
    rabbit_started=1
    # await_startup gives up at once while the node has not registered yet: ask again
    local up=""
    for _ in $(seq 1 60); do
        if as_rabbitmq "$(rabbit_bin rabbitmqctl) -n $RABBIT_NODE --timeout 120 await_startup" >>"$log" 2>&1; then
            up=1
            break
        fi
        sleep 2
    done
    if [ -z "$up" ]; then
        say "RabbitMQ did not start; its logs were in $rabbit_dir/log"
        cp -r "$rabbit_dir/log" "$run_dir/rabbit-log" 2>/dev/null || true
        stop_rabbit
        return 1
    fi
    say "RabbitMQ ready on 127.0.0.1:$RABBIT_PORT (node $RABBIT_NODE)"
}

start_broker() {
    case "$1" in
        sluice) start_sluice ;;
        rabbitmq) start_rabbit ;;
    esac
}

stop_broker() {
    case "$1" in
        sluice) stop_sluice ;;
        rabbitmq) stop_rabbit ;;
    esac
}

broker_port() {
    case "$1" in
        sluice) echo "$SLUICE_PORT" ;;
        rabbitmq) echo "$RABBIT_PORT" ;;
    esac
}

# ---------------------------------------------------------------- PerfTest

fetch_perftest() {
    if compgen -G "$perftest_lib/perf-test-*.jar" >/dev/null; then
        return 0
    fi
    say "copying PerfTest and its dependencies to $perftest_lib"
    local copy=(-q -B -f bench/pom.xml dependency:copy-dependencies -DincludeScope=runtime
                "-DoutputDirectory=$perftest_lib")
    mvn_offline_first "$log" "${copy[@]}" || {
        say "could not fetch PerfTest (see $log)"
        exit 1
    }
}

# run_perftest BROKER SCENARIO SECONDS LABEL -> PerfTest's output in $run_dir/BROKER-sN-LABEL.txt
run_perftest() {
    local broker="$1" scenario="$2" seconds="$3" label="$4"
    local out="$run_dir/$broker-s$scenario-$label.txt"
    local args
    # shellcheck disable=SC2207
    args=($(scenario_args "$scenario"))
    cut -d' ' -f1 /proc/loadavg >"$run_dir/$broker-s$scenario-$label.load"
    echo "== $broker scenario $scenario ($label, ${seconds}s): load before: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$log"
    # shellcheck disable=SC2086
    timeout --signal=TERM $((seconds + 180)) java $PERFTEST_JAVA_OPTS -cp "$perftest_lib/*" com.rabbitmq.perf.PerfTest \
        --uri "amqp://guest:guest@127.0.0.1:$(broker_port "$broker")" --time "$seconds" \
        --id "$broker-s$scenario-$label" --output-file "$run_dir/$broker-s$scenario-$label.csv" \
        "${args[@]}" >"$out" 2>&1 &
    perftest_pid=$!
    local rc=0
    wait "$perftest_pid" || rc=$?
    perftest_pid=""
    cat "$out" >>"$log"
    echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg); PerfTest exit status $rc" >>"$log"
    return 0
}

# summary FILE -> "sent received p50 p95 p99 worst1s confirm_p99" (latencies in ms, "-" when absent)
summary() {
    awk '
        function ms(us) { return sprintf("%.1f", us / 1000) }
        /sending rate avg:/   { for (i = 1; i <= NF; i++) if ($i == "avg:") sent = $(i + 1) }
        /receiving rate avg:/ { for (i = 1; i <= NF; i++) if ($i == "avg:") recv = $(i + 1) }
        / consumer latency min\/median\/75th\/95th\/99th / && !/time /{
            for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+\/[0-9]+\/[0-9]+\/[0-9]+$/) split($i, c, "/")
        }
        /confirm latency min\/median\/75th\/95th\/99th / && !/time / {
            for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+\/[0-9]+\/[0-9]+\/[0-9]+$/) split($i, f, "/")
        }
        # per-second lines: "time 12.003 s, ... consumer latency: a/b/c/d/e µs"
        / time [0-9.]+ s, / {
            t = 0
            for (i = 1; i <= NF; i++) if ($i == "time") t = $(i + 1) + 0
            if (t > 5 && match($0, /consumer latency: [0-9]+\/[0-9]+\/[0-9]+\/[0-9]+\/[0-9]+/)) {
                split(substr($0, RSTART + 18, RLENGTH - 18), p, "/")
                if (p[5] + 0 > worst) worst = p[5] + 0
            }
        }
        END {
            printf "%s %s %s %s %s %s %s\n", (sent == "" ? "-" : sent), (recv == "" ? "-" : recv),
                (c[2] == "" ? "-" : ms(c[2])), (c[4] == "" ? "-" : ms(c[4])), (c[5] == "" ? "-" : ms(c[5])),
                (worst == 0 ? "-" : ms(worst)), (f[5] == "" ? "-" : ms(f[5]))
        }' "$1"
}

# ---------------------------------------------------------------- main

say "log: $log"
{
    machine_lines
    echo "BENCH_SECONDS=$BENCH_SECONDS BENCH_WARMUP=$BENCH_WARMUP SLUICE_JAVA_OPTS=${SLUICE_JAVA_OPTS:-}"
} >>"$log"

fetch_perftest

results=()
for broker in $BENCH_BROKERS; do
    case "$broker" in sluice|rabbitmq) ;; *) echo "perftest.sh: unknown broker '$broker'" >&2; exit 2 ;; esac
    for s in "${scenarios[@]}"; do
        say "$broker, scenario $(scenario_title "$s")"
        if ! start_broker "$broker"; then
            break
        fi
        if [ "$BENCH_WARMUP" -gt 0 ]; then
            run_perftest "$broker" "$s" "$BENCH_WARMUP" warmup
            sleep 2
        fi
        run_perftest "$broker" "$s" "$BENCH_SECONDS" measured
        stop_broker "$broker"
        results+=("$s $broker $(summary "$run_dir/$broker-s$s-measured.txt") $(cat "$run_dir/$broker-s$s-measured.load")")
        sleep 2
    done
done

{
    echo "| scenario | broker | sent msg/s | received msg/s | latency p50 ms | p95 ms | p99 ms | worst 1-s p99 ms | confirm p99 ms | load |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for s in "${scenarios[@]}"; do
        for r in "${results[@]+"${results[@]}"}"; do
            read -r rs rb sent recv p50 p95 p99 worst cp99 load <<<"$r"
            if [ "$rs" = "$s" ]; then
                echo "| $(scenario_title "$s") | $rb | $sent | $recv | $p50 | $p95 | $p99 | $worst | $cp99 | $load |"
            fi
        done
    done
} | tee "$table"
say "table: $table; raw output: $log and $run_dir/"
