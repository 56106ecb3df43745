#!/usr/bin/env bash
# HAPI's JPA starter as the reference (issue 12, bench/delivery/RESULTS.md): the shared FhirBench harness
# (/work/shared/tools/bench) runs W2 (create-clinical) and W5 (transaction) against, in one run, one after the other:
#   1. the starter (its ROOT.war, defaults, on an H2 file database with WRITE_DELAY=0 like KAP Hub's),
#   2. KAP Hub from target/kap-hub.jar on its embedded H2, no receiving partner,
#   3. the same KAP Hub with one receiving FHIR partner (bench/delivery/Receiver.java: the tests' PartnerSimulator in
#      a JVM of its own) named in the registry file, which the server reloads while it runs.
# A benchmark, not a test: RESULT lines, nothing asserted.
#
# usage: bench/delivery/reference.sh STARTER_WAR [DURATION_S=60] [WORKLOADS=W2,W5]
#        (after: mvn -DskipTests package here, and a starter build: mvn -DskipTests package in its checkout)
# env:   KAP_SHARED_DIR (default ../shared), BENCH_OUT (default $WORK/results), BENCH_ARGS (extra FhirBench options),
#        BENCH_WORK (default: a new temp dir, kept)
set -euo pipefail
cd "$(dirname "$0")/../.."
STARTER=$(readlink -f "$1"); DURATION=${2:-60}; WORKLOADS=${3:-W2,W5}
SHARED=${KAP_SHARED_DIR:-$PWD/../shared}
WORK=${BENCH_WORK:-$(mktemp -d -t kaphub-reference-XXXXXX)}
OUT=${BENCH_OUT:-$WORK/results}
mkdir -p "$WORK" "$OUT"
[ -f target/kap-hub.jar ] && [ -d target/test-classes/org/kaphub/support ] || { echo "build first: mvn -DskipTests package" >&2; exit 2; }
cp -r "$SHARED/tools/bench" "$WORK/bench"   # shared/ is read-only
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
echo "work directory: $WORK; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
bench() { # label, base, pid, extra options
  local label=$1 base=$2 pid=$3; shift 3
  echo "$(date -u +%FT%TZ) $label: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  (cd "$WORK/bench" && ./bench.sh "$base" "$DURATION" --label "$label" --workloads "$WORKLOADS" --out "$OUT" --pid "$pid" \
      "$@" ${BENCH_ARGS:-}) | tee -a "$WORK/results.txt"
}
wait_ready() { # url, pid, log
  for _ in $(seq 1 900); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { tail -30 "$3" >&2; exit 1; }
    sleep 1
  done
  echo "not ready: $1" >&2; exit 1
}

# 1. the starter
port=$(free_port)
t0=$(date +%s)
java -Xmx1536m -jar "$STARTER" --server.port="$port" --server.address=127.0.0.1 \
  --spring.datasource.url="jdbc:h2:file:$WORK/starter-db/h2;WRITE_DELAY=0" > "$WORK/starter.log" 2>&1 &
SPID=$!; PIDS+=("$SPID")
wait_ready "http://127.0.0.1:$port/fhir/metadata" "$SPID" "$WORK/starter.log"
echo "STARTUP label=hapi-starter startup_s=$(( $(date +%s) - t0 ))" | tee -a "$WORK/results.txt"
bench hapi-starter "http://127.0.0.1:$port/fhir" "$SPID"
kill "$SPID"; wait "$SPID" 2>/dev/null || true

# 2. and 3. KAP Hub: no partner, then one receiving partner
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
java -Xmx512m -cp "$CP" bench/delivery/Receiver.java > "$WORK/receiver.log" 2>&1 &
RPID=$!; PIDS+=("$RPID")
for _ in $(seq 1 120); do grep -q '^RECEIVER ' "$WORK/receiver.log" && break; sleep 1; done
RECEIVER=$(sed -n 's/^RECEIVER //p' "$WORK/receiver.log")
echo 'partners: []' > "$WORK/partners.yaml"
port=$(free_port); mllp=$(free_port)
t0=$(date +%s)
SERVER_PORT=$port KAP_MLLP_PORT=$mllp KAP_DATADIR="$WORK/kap-data" KAP_PARTNERS_FILE="$WORK/partners.yaml" \
  KAP_SECURITY_TOKENLIFETIME=3h java -Xmx1536m -jar target/kap-hub.jar > "$WORK/kap-hub.log" 2>&1 &
KPID=$!; PIDS+=("$KPID")
wait_ready "http://127.0.0.1:$port/actuator/health/readiness" "$KPID" "$WORK/kap-hub.log"
echo "STARTUP label=kap-hub startup_s=$(( $(date +%s) - t0 ))" | tee -a "$WORK/results.txt"
AUTH=(--token-url "http://127.0.0.1:$port/oauth2/token" --client-id kap-dev --client-secret "${KAP_SECURITY_DEVCLIENTSECRET:-kap-dev-secret}")
bench kap-hub-0-partners "http://127.0.0.1:$port/fhir" "$KPID" "${AUTH[@]}"
cat > "$WORK/partners.yaml.tmp" <<YAML
partners:
  - id: r1
    name: Bench receiver r1
    kind: clinic
    protocol: fhir-rest
    endpoint: $RECEIVER
    receives: [MedicationAdministration, Observation, Patient, QuestionnaireResponse]
    part2: false
    enabled: true
YAML
mv "$WORK/partners.yaml.tmp" "$WORK/partners.yaml"
sleep 10   # the registry file is checked every 5 s
bench kap-hub-1-partner "http://127.0.0.1:$port/fhir" "$KPID" "${AUTH[@]}"
# what the partner still has to get after the load (the harness counted CPU during the load only)
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }   # utime+stime, clock ticks
q0=$(date +%s); c0=$(ticks "$KPID")
TOKEN=$(curl -fsS -u "kap-dev:${KAP_SECURITY_DEVCLIENTSECRET:-kap-dev-secret}" -d grant_type=client_credentials \
  "http://127.0.0.1:$port/oauth2/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
oldest=?
for _ in $(seq 1 600); do   # the gauge: age of r1's oldest queued or in-flight row, 0 when none
  oldest=$(curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/actuator/prometheus" 2>/dev/null \
    | sed -n 's/^kap_delivery_oldest_undelivered_seconds{partner="r1".*} //p') || oldest=?
  [ "$oldest" = 0.0 ] && break; sleep 1
done
echo "DRAIN label=kap-hub-1-partner drain_after_run_s=$(( $(date +%s) - q0 )) oldest_undelivered_s=$oldest srv_cpu_s_during_drain=$(( ($(ticks "$KPID") - c0) / $(getconf CLK_TCK) ))" | tee -a "$WORK/results.txt"
kill "$KPID"; wait "$KPID" 2>/dev/null || true
kill "$RPID"; wait "$RPID" 2>/dev/null || true
cat "$WORK/receiver.log" | grep '^RECEIVED' | tee -a "$WORK/results.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
