#!/usr/bin/env bash
# Prints one of the policy documents next to this script with its placeholders filled in from the environment:
# ACCOUNT_ID <- $ACCOUNT, REGION <- $REGION, OWNER/REPO <- $REPO (docs/deploy.md sets the three).
#
#   deploy/iam/fill.sh github-deploy-policy.json > /tmp/github-deploy-policy.json
set -euo pipefail
: "${ACCOUNT:?set ACCOUNT to the AWS account id}" "${REGION:?set REGION}" "${REPO:?set REPO to owner/name}"
[[ $ACCOUNT =~ ^[0-9]{12}$ ]] || { echo "fill.sh: ACCOUNT must be 12 digits" >&2; exit 1; }
[[ $REPO =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "fill.sh: REPO must be owner/name" >&2; exit 1; }
sed -e "s/ACCOUNT_ID/${ACCOUNT}/g" -e "s/REGION/${REGION}/g" -e "s|OWNER/REPO|${REPO}|g" \
    "$(dirname "$0")/${1:?usage: fill.sh FILE.json}"
