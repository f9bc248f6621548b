# Helpers shared by the end-to-end benchmark scripts (bench/perftest.sh, bench/jms-bench.sh).
# Sourced, not run: it defines functions and changes nothing else.

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# stop_pid PID: SIGTERM, up to 15 s to exit, then SIGKILL; reaps it (PID must be a child of this shell)
stop_pid() {
    kill "$1" 2>/dev/null || true
    for _ in $(seq 1 150); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# machine_lines: the run's date, machine, JVM and commit, one per line, for the top of a log
machine_lines() {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: nproc=$(nproc), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo),"\
         "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    java -version 2>&1 | head -1
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (modified)')"
}

# mvn_offline_first LOG ARGS...: mvn ARGS from the local repository, else with downloads; output to LOG
mvn_offline_first() {
    local log="$1"
    shift
    mvn -o "$@" >>"$log" 2>&1 || mvn "$@" >>"$log" 2>&1
}
