#!/usr/bin/env bash
# What the access checks cost: the shared FhirBench read (W3) and search (W4) workloads against ONE running
# target/kap-hub.jar (embedded database), first as the development client (no limits: nothing narrowed, nothing
# filtered), then as an ordinary partner (system/*.cruds, no Part 2 grant, limited to one organisation: every
# query narrowed to its organisation and the Part 2 labels, every resource out checked). Each client seeds its own
# data set through the API (the partner's patients land in its organisation). Same harness, same machine, same run.
# A benchmark, not a test: figures go into notes, nothing asserts them.
#
# usage: bench/access-cost.sh [DURATION_S=30] [WORKLOADS=W3,W4]      (after mvn -DskipTests package)
# Runs dev, partner, dev, partner against the one server; compare the second round.
# env:   KAP_SHARED_DIR (default ../shared), BENCH_OUT (default bench/results), BENCH_ARGS (extra FhirBench options)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
WORKLOADS=${2:-W3,W4}
SHARED=${KAP_SHARED_DIR:-$PWD/../shared}
OUT=${BENCH_OUT:-$PWD/bench/results}
WORK=$(mktemp -d -t kaphub-access-XXXXXX)
PID=
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$OUT"
cp -r "$SHARED/tools/bench" "$WORK/bench"   # shared/ is read-only
[ -f target/kap-hub.jar ] || { echo "build first: mvn -DskipTests package" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cat > "$WORK/partners.yaml" <<'YAML'
partners:
  - id: bench-clinic
    name: Bench clinic
    kind: clinic
    protocol: fhir-rest
    part2: false
    enabled: true
    organizations: [org-bench]
    clients:
      - client-id: bench-partner
        secret: "{noop}bench-partner-secret"
        scopes: [system/*.cruds]
YAML

port=$(free_port); mllp=$(free_port)
SERVER_PORT=$port KAP_MLLP_PORT=$mllp KAP_DATADIR="$WORK/data" KAP_PARTNERS_FILE="$WORK/partners.yaml" \
  java -jar target/kap-hub.jar > "$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null && break
  kill -0 "$PID" 2>/dev/null || { tail -30 "$WORK/server.log"; exit 1; }
  sleep 1
done

run() { # label, client id, secret
  (cd "$WORK/bench" && ./bench.sh "http://127.0.0.1:$port/fhir" "$DURATION" --label "$1" --workloads "$WORKLOADS" \
      --out "$OUT" --pid "$PID" --token-url "http://127.0.0.1:$port/oauth2/token" --client-id "$2" --client-secret "$3" \
      ${BENCH_ARGS:-})
}
# Two rounds in alternating order: the first round also warms the JVM and the database, whoever runs it.
for round in 1 2; do
  run "access-dev-$round" kap-dev "${KAP_SECURITY_DEVCLIENTSECRET:-kap-dev-secret}"
  run "access-partner-$round" bench-partner bench-partner-secret
done
