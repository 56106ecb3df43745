#!/usr/bin/env bash
# Prints an access token from a KAP Hub in development mode (client kap-dev), for curl or the probe:
#   FHIR_TOKEN=$(scripts/dev-token.sh [base-url] [scope])
# base-url defaults to http://localhost:${SERVER_PORT:-8080}; scope defaults to every scope kap-dev holds.
set -euo pipefail
BASE="${1:-http://localhost:${SERVER_PORT:-8080}}"
SCOPE="${2:-}"
SECRET="${KAP_DEV_CLIENT_SECRET:-kap-dev-secret}"
ARGS=(-sS --fail -u "kap-dev:$SECRET" -d grant_type=client_credentials)
[ -n "$SCOPE" ] && ARGS+=(--data-urlencode "scope=$SCOPE")
curl "${ARGS[@]}" "$BASE/oauth2/token" | sed -E 's/.*"access_token"[[:space:]]*:[[:space:]]*"([^"]+)".*/\1/'
