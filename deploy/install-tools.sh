#!/usr/bin/env bash
# Installs the pinned deployment tools (osls, the GitHub workflow validator) into deploy/node_modules from the
# committed package-lock.json. The deploy tests under src/test/java/com/example/deploy/ run them from there;
# with CI=true a missing tool fails those tests instead of skipping them.
#
#   deploy/install-tools.sh        # then: ./mvnw test -Dtest='com.example.deploy.**'
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "install-tools: npm (Node.js 20.19+) is required" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
./node_modules/.bin/osls --version
test -x ./node_modules/.bin/action-validator && echo "action-validator: installed (@action-validator/cli 0.6.0)"
