#!/usr/bin/env bash
# RAS^O17 delivery over MLLP beside FHIR push (bench/hl7v2-out/README.md): the delivery benchmark's harness
# (bench/delivery/DeliveryBench.java) with its FHIR receiver r1 and its HL7 v2 receiver m1 (the tests'
# Hl7v2PartnerSimulator: HAPI HL7 v2's own server on 127.0.0.1, answering AA), lag and drain for each on one server.
# Further options (e.g. --lag-duration 120 --backlog 20000) go to bench/delivery/run.sh; BENCH_WORK as there.
set -euo pipefail
exec "$(dirname "$0")/../delivery/run.sh" --scenarios lag,drain --partners r1,m1 --rate 5,15 "$@"
