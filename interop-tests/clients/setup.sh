#!/usr/bin/env bash
# Installs what the client compatibility suite (mvn -B verify -Pclients) needs on a Debian
# machine: Python pika, Celery and kombu, Go with amqp091-go's source (built offline in GOPATH
# mode), Node.js 18+ and amqplib from package-lock.json. Safe to run again.
#
#   interop-tests/clients/setup.sh && mvn -B verify -Pclients
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup.sh: run as root or install sudo" >&2; exit 1; }
    sudo="sudo"
fi

packages=(python3 python3-pika python3-kombu python3-celery golang-go golang-github-rabbitmq-amqp091-go-dev)
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 18 ]; then
    packages+=(nodejs npm)
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q "${packages[@]}"

# amqplib, pinned by package-lock.json
(cd "$here/node" && npm ci --no-audit --no-fund)

echo "clients setup done:"
/usr/bin/python3 -c 'import pika, kombu, celery; print("  pika", pika.__version__, "kombu", kombu.__version__, "celery", celery.__version__)'
amqplib_version="$(node -p "JSON.parse(require('fs').readFileSync('$here/node/node_modules/amqplib/package.json', 'utf8')).version")"
echo "  node $(node --version), amqplib $amqplib_version"
echo "  $(go version)"
