#!/usr/bin/env bash
# validate.sh — validate everything SUSHI generated (profiles, terminology, Questionnaires,
# examples) with the official HL7 FHIR validator, using this guide as the IG package.
# usage: ./validate.sh [validator options, e.g. --strict] [PATH...]
#        PATH defaults to fsh-generated/resources; e.g. ./validate.sh test-cases/invalid
#        (there every file is expected to FAIL).
# env:   FHIR_VALIDATOR  path to the shared validator wrapper
#        (default: $(dirname "$0")/../../shared/tools/fhir-validator/validate.sh)
# exit:  0 no errors; 1 some resource has errors; 2 the validator could not run.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
FHIR_VALIDATOR="${FHIR_VALIDATOR:-$(dirname "$0")/../../shared/tools/fhir-validator/validate.sh}"
RES="$HERE/fsh-generated/resources"
OPTS=(); PATHS=()
for a in "$@"; do if [ -e "$a" ]; then PATHS+=("$a"); else OPTS+=("$a"); fi; done
[ ${#PATHS[@]} -gt 0 ] || PATHS=("$RES")
[ -x "$FHIR_VALIDATOR" ] || { echo "validator not found: $FHIR_VALIDATOR (set FHIR_VALIDATOR)" >&2; exit 2; }
ls "$RES"/*.json >/dev/null 2>&1 || { echo "no resources in $RES: run SUSHI first" >&2; exit 2; }

# The validator takes an IG as a package: build a throw-away npm-style package
# (package/package.json + package/*.json) in a temp dir; it is never committed.
# Only hl7.fhir.r4.core is declared as a dependency: the validator CLI always loads
# hl7.terminology.r4 and hl7.fhir.uv.extensions.r4 itself (offline, the seeded cache serves the
# same content as our sushi-config pins), and declaring the pins again would make it chase
# hl7.terminology.r4#6.5.0 (a dependency of the extensions ballot) on the network.
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
mkdir "$TMP/package"
cp "$RES"/*.json "$TMP/package/"
python3 - "$HERE/sushi-config.yaml" "$TMP/package/package.json" <<'PY'
import json, re, sys
cfg, out = open(sys.argv[1], encoding='utf-8').read(), sys.argv[2]
def key(k):
    m = re.search(rf'^{k}:\s*(\S+)', cfg, re.M)
    return m.group(1) if m else None
json.dump({"name": key('id'), "version": key('version'), "canonical": key('canonical'),
           "fhirVersions": [key('fhirVersion')], "type": "IG",
           "dependencies": {"hl7.fhir.r4.core": "4.0.1"}}, open(out, 'w'), indent=2)
PY
NAME="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["name"]+"-"+d["version"])' "$TMP/package/package.json")"
tar -czf "$TMP/$NAME.tgz" -C "$TMP" package
RC=0; "$FHIR_VALIDATOR" -ig "$TMP/$NAME.tgz" "${OPTS[@]}" "${PATHS[@]}" || RC=$?
exit $RC
