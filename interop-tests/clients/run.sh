#!/usr/bin/env bash
# Runs one client compatibility program (or all of them) against an AMQP 0-9-1 broker.
#
#   interop-tests/clients/run.sh python|node|go|celery|all HOST PORT
#
# Each program connects as guest/guest to vhost "/", prints PASS/FAIL per check and a closing
# "N passed, N failed" line. Exit status: 0 all passed, 1 a check failed, 2 bad usage,
# 3 the client's toolchain is missing (run interop-tests/clients/setup.sh).
# OtherClientsIT (mvn -B verify -Pclients) runs this script against Sluice; run it by hand
# against RabbitMQ to check that the checks state RabbitMQ's behaviour.
#
# Environment: SLUICE_CLIENTS_PYTHON, the Python that has Debian's pika, kombu and celery
# (default /usr/bin/python3, not whatever python3 comes first on PATH).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${SLUICE_CLIENTS_PYTHON:-/usr/bin/python3}"

usage() {
    echo "usage: $0 python|node|go|celery|all HOST PORT" >&2
    exit 2
}

missing() {
    echo "MISSING TOOLCHAIN: $1; run interop-tests/clients/setup.sh (it installs every client's toolchain)" >&2
    exit 3
}

have_python_modules() {
    [ -x "$python" ] && "$python" -c "import $1" >/dev/null 2>&1
}

run_python() {
    have_python_modules pika || missing "$python with the pika module (Debian package python3-pika)"
    exec "$python" "$here/python/pika_check.py" "$1" "$2"
}

run_celery() {
    have_python_modules "celery, kombu" || missing "$python with the celery and kombu modules (python3-celery, python3-kombu)"
    exec "$python" "$here/celery/celery_check.py" "$1" "$2"
}

run_node() {
    command -v node >/dev/null 2>&1 || missing "node (Node.js 18 or newer)"
    local major
    major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
    [ "$major" -ge 18 ] 2>/dev/null || missing "Node.js 18 or newer (found $(node --version 2>/dev/null))"
    [ -f "$here/node/node_modules/amqplib/package.json" ] || missing "amqplib in $here/node/node_modules (npm ci)"
    exec node "$here/node/check.js" "$1" "$2"
}

run_go() {
    command -v go >/dev/null 2>&1 || missing "go (Debian package golang-go)"
    local gopath=/usr/share/gocode
    [ -f "$gopath/src/github.com/rabbitmq/amqp091-go/channel.go" ] \
        || missing "amqp091-go under $gopath (Debian package golang-github-rabbitmq-amqp091-go-dev)"
    local out
    out="$(mktemp -d)"
    # Offline, in GOPATH mode, against Debian's packaged source: no module proxy is needed.
    export GO111MODULE=off GOPATH="$gopath" GOPROXY=off GOFLAGS=
    export GOCACHE="${GOCACHE:-${TMPDIR:-/tmp}/sluice-clients-gocache}"
    if ! (cd "$here/go" && go build -o "$out/amqp091check" main.go); then
        rm -rf "$out"
        echo "FAIL: the Go check program did not build"
        exit 1
    fi
    "$out/amqp091check" "$1" "$2"
    local status=$?
    rm -rf "$out"
    exit "$status"
}

[ $# -eq 3 ] || usage
client="$1" host="$2" port="$3"
case "$client" in
    python) run_python "$host" "$port" ;;
    node) run_node "$host" "$port" ;;
    go) run_go "$host" "$port" ;;
    celery) run_celery "$host" "$port" ;;
    all)
        failed=()
        for each in python node go celery; do
            echo "=== $each"
            "$0" "$each" "$host" "$port"
            status=$?
            [ "$status" -eq 0 ] || failed+=("$each (exit $status)")
        done
        if [ ${#failed[@]} -gt 0 ]; then
            echo "=== failed: ${failed[*]}"
            exit 1
        fi
        echo "=== every client passed"
        ;;
    *) usage ;;
esac
