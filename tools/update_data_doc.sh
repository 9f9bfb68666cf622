#!/usr/bin/env bash
# update_data_doc.sh — regenerate the coverage section of docs/data.md from the shipped plan, so the document
# says what the data really hold. usage: tools/update_data_doc.sh path/to/regio [--check]
# With --check nothing is written: the script fails when docs/data.md is out of date (the test suite runs it).
set -euo pipefail
REGIO=$1
MODE=${2:-write}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOC=$ROOT/docs/data.md
TMP=$(mktemp -d "${TMPDIR:-/tmp}/regio-doc-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

"$REGIO" init --plan "$ROOT/data/yunnan" --db "$TMP/yn.db" 2>/dev/null
"$REGIO" coverage --db "$TMP/yn.db" --format md --lang en > "$TMP/coverage.md"

awk -v gen="$TMP/coverage.md" '
  /<!-- BEGIN GENERATED: coverage -->/ { print; while ((getline line < gen) > 0) print line; skip = 1; next }
  /<!-- END GENERATED -->/ { skip = 0 }
  !skip { print }
' "$DOC" > "$TMP/data.md"

if [ "$MODE" = "--check" ]; then
  if ! diff -u "$DOC" "$TMP/data.md"; then
    echo "docs/data.md is out of date: run tools/update_data_doc.sh build/regio" >&2
    exit 1
  fi
  echo "1 passed, 0 failed"
else
  cp "$TMP/data.md" "$DOC"
fi
