#!/usr/bin/env bash
# Installs on Debian 12 (as root) what ./test-all needs, skipping whatever is already there:
#   a JDK 17+                 openjdk-17-jdk-headless: the Maven wrapper and the build
#   a Docker engine and CLI   docker.io (.ci/start-docker.sh starts the daemon)
#   debootstrap               the stand-in base image, built only when the real base image cannot be pulled
#   Node.js 20+ and npm       deploy/install-tools.sh (osls, the workflow validator, kubectl); Debian 12 has
#                             Node.js 18, so Node.js 22 comes from the npm package "node", which ships its binary
#   unzip                     deploy/install-tools.sh unpacks kubectl with it
#   chromium, chromium-driver the browser tests (com.example.browser) drive headless Chromium through WebDriver
# A JDK 25 for the stand-in is not in Debian 12; docker/stand-in/build-base.sh says what to install if it needs one.
#   .ci/install-prerequisites.sh
set -euo pipefail
[[ $(id -u) == 0 ]] || { echo "install-prerequisites: run as root" >&2; exit 1; }

major() { sed -n 's/^[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -n 1; }
javac_major() { { javac -version 2>&1 || echo 0; } | major; }
node_major() { { node --version 2>/dev/null || echo 0; } | major; }

packages=()
(($(javac_major) >= 17)) || packages+=(openjdk-17-jdk-headless)
{ command -v docker && command -v dockerd; } >/dev/null || packages+=(docker.io)
command -v debootstrap >/dev/null || packages+=(debootstrap)
command -v unzip >/dev/null || packages+=(unzip)
{ command -v chromium && command -v chromedriver; } >/dev/null || packages+=(chromium chromium-driver)
command -v npm >/dev/null || packages+=(nodejs npm)

if ((${#packages[@]} > 0)); then
    echo "install-prerequisites: apt-get install ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi
if (($(node_major) < 20)); then
    echo "install-prerequisites: Node.js $(node --version) is too old for osls; npm install --global node@22"
    npm install --global --no-audit --no-fund --loglevel=error node@22
    hash -r
fi
echo "install-prerequisites: $(javac -version 2>&1), docker $(docker --version | major).x, node $(node --version)," \
    "npm $(npm --version), $(chromium --version 2>/dev/null), $(command -v debootstrap unzip chromedriver | tr '\n' ' ')"
