#!/usr/bin/env bash
# test_symbols.sh — libregio.so exports its public interface and nothing else. The library is compiled with
# -fvisibility=hidden and only declarations marked REGIO_API (include/regio/export.h) are visible, so:
#   - every defined dynamic symbol of libregio.so is a public regio_<module>_<verb> (no rep_, serve_, api_ …
#     helpers, no regio__ internals, not even the linker's _edata/_end/__bss_start: cmake/libregio.map);
#   - the exported set equals the set of functions the public headers declare (gcc -aux-info lists every
#     prototype with its file), so a declaration that lost REGIO_API (a public function missing from the .so) or a
#     stray export fails here.
. "$(dirname "$0")/lib.sh"
BUILD=$(cd "$(dirname "$REGIO_BIN")" && pwd)
SO="$BUILD/libregio.so"
check "libregio.so built" test -e "$SO"
FLAGS=$(python3 - "$BUILD" <<'PY'
import json, shlex, sys
e = json.load(open(sys.argv[1] + "/compile_commands.json"))[0]
args = shlex.split(e["command"]) if "command" in e else e["arguments"]
print(" ".join(shlex.quote(a) for a in args if a.startswith(("-I", "-isystem", "-D")) or a.startswith("/usr/include")))
PY
)

nm -D --defined-only "$SO" | awk '{print $3}' | sed 's/@.*//' | sort -u >"$WORK/exported"
n=$(wc -l <"$WORK/exported")
check "libregio.so exports a public interface (at least 300 functions, $n found)" test "$n" -ge 300

# bad_symbols FILE: prints the names of FILE that are not public regio_<module>_… names (regio__ is internal)
bad_symbols() { grep -v -E '^regio_[a-z0-9]' "$1"; true; }
bad_symbols "$WORK/exported" >"$WORK/bad"
check "only regio_ symbols exported ($(wc -l <"$WORK/bad") others: $(head -5 "$WORK/bad" | tr '\n' ' '))" \
  test ! -s "$WORK/bad"

# the functions the public headers declare: every non-static prototype that gcc reports in include/regio/
{
  for h in "$SRC"/include/regio/*.h "$BUILD"/include/regio/*.h; do
    [ -f "$h" ] && printf '#include "regio/%s"\n' "$(basename "$h")"
  done
} >"$WORK/all.c"
# shellcheck disable=SC2086
eval "${CC:-cc}" $FLAGS -std=c11 -fsyntax-only -aux-info "$WORK/aux.txt" "$WORK/all.c" 2>"$WORK/aux.err"
check "gcc -aux-info lists the public prototypes" test -s "$WORK/aux.txt"
grep -E '^/\* [^ ]*/include/regio/[a-z_0-9]+\.h:[0-9]+:' "$WORK/aux.txt" | grep -v -E '\*/ static ' \
  | sed -E 's/^.*\*\/ //; s/ \(.*$//; s/^.*[ *]([A-Za-z_][A-Za-z_0-9]*)$/\1/' | sort -u >"$WORK/declared"
nd=$(wc -l <"$WORK/declared")
check "the headers declare as many functions as are exported ($nd declared, $n exported)" test "$nd" -eq "$n"
comm -23 "$WORK/declared" "$WORK/exported" >"$WORK/hidden"
comm -13 "$WORK/declared" "$WORK/exported" >"$WORK/extra"
check "every public declaration is exported (missing REGIO_API: $(head -5 "$WORK/hidden" | tr '\n' ' '))" \
  test ! -s "$WORK/hidden"
check "nothing exported that no public header declares ($(head -5 "$WORK/extra" | tr '\n' ' '))" test ! -s "$WORK/extra"
check "every public declaration carries REGIO_API" \
  bash -c "! grep -n -E '^(const |unsigned |struct )*[a-z_0-9]+[ *]+regio_[a-z_0-9]+\\(' '$SRC'/include/regio/*.h"

# the checks fail on what they guard against: a helper's name, an internal and the linker's symbols are caught
printf 'regio_ineq_gini\nrep_col\nregio__gdal_init\n_edata\n' >"$WORK/fake"
bad_symbols "$WORK/fake" >"$WORK/fake_bad"
check "a list with rep_col, regio__gdal_init and _edata is rejected (3 names)" test "$(wc -l <"$WORK/fake_bad")" -eq 3
finish
