#!/usr/bin/env bash
# check-drift.sh — fail when the committed fsh-generated/resources differ from what the FSH
# sources compile to. Compiles a temporary copy of the project (the working tree is untouched).
# usage: ./check-drift.sh
# env:   SUSHI_RUNNER  path to run-sushi.sh
#        (default: $(dirname "$0")/../../shared/tools/sushi/run-sushi.sh)
# exit:  0 no drift; 1 drift (summary printed); 2 SUSHI failed or could not run.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
SUSHI_RUNNER="${SUSHI_RUNNER:-$(dirname "$0")/../../shared/tools/sushi/run-sushi.sh}"
[ -x "$SUSHI_RUNNER" ] || { echo "run-sushi.sh not found: $SUSHI_RUNNER (set SUSHI_RUNNER)" >&2; exit 2; }
COMMITTED="$HERE/fsh-generated/resources"

TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
mkdir "$TMP/proj"
cp "$HERE/sushi-config.yaml" "$TMP/proj/"
cp -r "$HERE/input" "$TMP/proj/"
if ! "$SUSHI_RUNNER" "$TMP/proj" > "$TMP/sushi.log" 2>&1; then
  echo "SUSHI failed on the FSH sources:" >&2
  grep -E -A3 '^error' "$TMP/sushi.log" | head -40 >&2 || tail -20 "$TMP/sushi.log" >&2
  exit 2
fi
FRESH="$TMP/proj/fsh-generated/resources"
mkdir -p "$COMMITTED"   # a missing folder counts as "everything added"

added=(); removed=(); changed=()
while IFS= read -r f; do
  if [ ! -e "$COMMITTED/$f" ]; then added+=("$f")
  elif ! cmp -s "$COMMITTED/$f" "$FRESH/$f"; then changed+=("$f"); fi
done < <(cd "$FRESH" && find . -type f | sed 's|^\./||' | sort)
while IFS= read -r f; do
  [ -e "$FRESH/$f" ] || removed+=("$f")
done < <(cd "$COMMITTED" && find . -type f | sed 's|^\./||' | sort)

total=$(( ${#added[@]} + ${#removed[@]} + ${#changed[@]} ))
if [ "$total" -eq 0 ]; then
  echo "no drift: $(ls "$FRESH" | wc -l) resources in fsh-generated/resources match the FSH sources"
  exit 0
fi
echo "DRIFT: fsh-generated/resources does not match the FSH sources ($total file(s))"
for f in "${added[@]}";   do echo "  missing (FSH produces it, not committed): $f"; done
for f in "${removed[@]}"; do echo "  stray   (committed, FSH no longer produces it): $f"; done
for f in "${changed[@]}"; do echo "  changed: $f"; done
for f in "${changed[@]:0:5}"; do
  echo "--- diff $f (committed vs. compiled, first 20 lines)"
  diff -u "$COMMITTED/$f" "$FRESH/$f" | sed -n '3,22p' || true
done
echo "fix: /work/shared/tools/sushi/run-sushi.sh $(basename "$HERE")  (or \$SUSHI_RUNNER), then commit fsh-generated/resources"
exit 1
