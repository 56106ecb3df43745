#!/usr/bin/env bash
# Prints an access token from a KAP Hub (client_credentials), for curl or the probe:
#   FHIR_TOKEN=$(scripts/dev-token.sh [base-url] [scope])
# The client is the development client kap-dev (development mode) unless KAP_CLIENT_ID / KAP_CLIENT_SECRET name
# another registered client with a secret. base-url defaults to http://localhost:${SERVER_PORT:-8080}; scope
# defaults to every scope the client is registered for.
set -euo pipefail
BASE="${1:-http://localhost:${SERVER_PORT:-8080}}"
SCOPE="${2:-}"
CLIENT="${KAP_CLIENT_ID:-kap-dev}"
SECRET="${KAP_CLIENT_SECRET:-${KAP_SECURITY_DEVCLIENTSECRET:-kap-dev-secret}}"
ARGS=(-sS --fail -u "$CLIENT:$SECRET" -d grant_type=client_credentials)
[ -n "$SCOPE" ] && ARGS+=(--data-urlencode "scope=$SCOPE")
curl "${ARGS[@]}" "$BASE/oauth2/token" | sed -E 's/.*"access_token"[[:space:]]*:[[:space:]]*"([^"]+)".*/\1/'
