#!/usr/bin/env bash
# test_headers.sh — every public header of include/regio/ compiles alone: a generated .c that includes only that
# header (twice, so its include guard is tested too) passes `cc -fsyntax-only` with the project's warnings as
# errors and -pedantic, with no other project header before it. A header that leans on something its includer
# happened to include first fails here. The include paths of the system libraries (GDAL, …) are the library's own
# (compile_commands.json), so a header may include a dependency's header it needs.
. "$(dirname "$0")/lib.sh"
BUILD=$(cd "$(dirname "$REGIO_BIN")" && pwd)
CC=${CC:-cc}
FLAGS=$(python3 - "$BUILD" <<'PY'
import json, shlex, sys
e = json.load(open(sys.argv[1] + "/compile_commands.json"))[0]
args = shlex.split(e["command"]) if "command" in e else e["arguments"]
print(" ".join(shlex.quote(a) for a in args if a.startswith(("-I", "-isystem", "-D")) or a.startswith("/usr/include")))
PY
)
check "include paths read from compile_commands.json" test -n "$FLAGS"
n=0
for h in "$SRC"/include/regio/*.h "$BUILD"/include/regio/*.h; do
  [ -f "$h" ] || continue
  name=$(basename "$h")
  printf '#include "regio/%s"\n#include "regio/%s"\nint regio_header_test_%d;\n' "$name" "$name" "$n" >"$WORK/h_$n.c"
  # shellcheck disable=SC2086
  eval "$CC" $FLAGS -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -pedantic -Werror -fsyntax-only \
    "$WORK/h_$n.c" >"$WORK/h_$n.log" 2>&1
  rc=$?
  check "regio/$name compiles alone" test "$rc" -eq 0
  [ "$rc" -eq 0 ] || head -5 "$WORK/h_$n.log"
  n=$((n + 1))
done
check "every public header tried (at least 30, version.h included)" test "$n" -ge 30
check "version.h is among them" test -f "$BUILD/include/regio/version.h"

# the check itself fails on a header that needs an include it does not make
mkdir -p "$WORK/bad/regio"
printf '#ifndef BAD_H\n#define BAD_H\nsize_t bad_len(const char *s);\n#endif\n' >"$WORK/bad/regio/bad.h"
printf '#include "regio/bad.h"\n' >"$WORK/bad.c"
"$CC" -I"$WORK/bad" -std=c11 -Werror -fsyntax-only "$WORK/bad.c" >/dev/null 2>&1
check "a header without its own includes fails" test $? -ne 0
finish
