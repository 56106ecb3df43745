#!/usr/bin/env bash
# What KAP profile validation costs: the shared FhirBench W2 workload (clinical creates: PHQ-9
# QuestionnaireResponses and ketamine MedicationAdministrations), run against the built jar on the embedded
# database twice — validation on (the default) and off (KAP_PROFILES_ENFORCE=false) — each on a fresh
# data directory. A benchmark, not a test: figures go into notes, nothing asserts them.
#
# usage: bench/validation-cost.sh [DURATION_S=60] [both|on|off]      (after mvn -DskipTests package)
# env:   KAP_SHARED_DIR (default ../shared), BENCH_OUT (default bench/results)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60}
WHICH=${2:-both}
SHARED=${KAP_SHARED_DIR:-$PWD/../shared}
OUT=${BENCH_OUT:-$PWD/bench/results}
WORK=$(mktemp -d -t kaphub-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
cp -r "$SHARED/tools/bench" "$WORK/bench"   # shared/ is read-only
[ -f target/kap-hub.jar ] || { echo "build first: mvn -DskipTests package" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run() { # label, validation on/off
  local label=$1 validation=$2 port mllp pid
  port=$(free_port); mllp=$(free_port)
  # A long token lifetime so one development token lasts the whole run.
  SERVER_PORT=$port KAP_MLLP_PORT=$mllp KAP_DATADIR="$WORK/data-$label" KAP_PROFILES_ENFORCE=$validation \
    KAP_SECURITY_TOKENLIFETIME=3h java -jar target/kap-hub.jar > "$WORK/$label.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null && break
    sleep 1
  done
  token=$(scripts/dev-token.sh "http://127.0.0.1:$port")
  (cd "$WORK/bench" && ./bench.sh "http://127.0.0.1:$port/fhir" "$DURATION" --label "$label" --workloads W2 \
      --out "$OUT" --pid "$pid" --header "Authorization: Bearer $token" ${BENCH_ARGS:-}) || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
[ "$WHICH" = off ] || run validation-on true
[ "$WHICH" = on ] || run validation-off false
