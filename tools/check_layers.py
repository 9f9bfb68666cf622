#!/usr/bin/env python3
"""check_layers.py — the layers of docs/architecture.md, kept by the code.

Usage: check_layers.py SOURCE_DIR BUILD_DIR

Reads BUILD_DIR/compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS) and asks the compiler (-MM) for every
header each library source file includes, directly or through other headers, then fails on a forbidden
arrow (the "never" list of docs/architecture.md):

  1. SQLite only in src/store/: no file outside it includes <sqlite3.h> (directly or through a header) or
     names a sqlite3 function or type; no public header names one either. Inside src/store/, only the SQLite
     backend (src/store/store_sqlite.c) calls a sqlite3_ function: the queries go through the statement layer
     (regio_stmt_*, store_internal.h), which the PostgreSQL backend implements too.
  2. Engines never see a store: nothing under src/engine/ reaches a store or analysis header, or calls a
     regio_store_ function.
  3. The plan model stands alone: nothing under src/plan/ reaches a store, analysis or engine header, or calls
     a regio_store_ function.
  4. Below the program: the library (src/ other than src/cli/) never includes a header of src/cli/.
  5. One GDAL adapter: only src/io/gdal.c calls GDALAllRegister or keeps a pthread_once for GDAL; every other
     reader calls regio__gdal_init (io/gdal_internal.h).

Prints one line per violation (file: what it reaches, through which rule) and exits 1 if there is any.
"""
import json
import os
import re
import shlex
import subprocess
import sys

# public headers of the store and of the analysis layer (they take a regio_store)
STORE_HEADERS = {"store.h", "geometry.h"}
ANALYSIS_HEADERS = {"track_store.h", "xsection.h", "evaluation.h", "needs.h", "import.h", "report.h", "serve.h"}
ENGINE_HEADERS = {"aggregate.h", "track.h", "ineq.h", "dynamics.h", "weights.h", "weights_build.h", "autocorr.h",
                  "composite.h", "uncertainty.h", "rng.h"}
ABOVE_DIRS = ("src/store/", "src/analysis/", "src/serve/", "src/report/", "src/cli/", "src/import/")


def deps(entry, src):
    """Project headers (relative to src) that entry's file includes, directly or not."""
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    cc, out = [args[0]], []
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c"):
            skip = True
            continue
        if a == entry["file"] or a.startswith("-W") or a.startswith("-f") or a.startswith("-O") or a == "-g":
            continue
        cc.append(a)
    r = subprocess.run(cc + ["-MM", "-MT", "x", entry["file"]], cwd=entry.get("directory", "."),
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("check_layers: cannot list the includes of %s:\n%s" % (entry["file"], r.stderr))
    text = r.stdout.replace("\\\n", " ")
    for path in text.split(":", 1)[1].split():
        path = os.path.realpath(os.path.join(entry.get("directory", "."), path))
        out.append(path)
    # -MM leaves out system headers: ask again with -M for <sqlite3.h> only
    r = subprocess.run(cc + ["-M", "-MT", "x", entry["file"]], cwd=entry.get("directory", "."),
                       capture_output=True, text=True)
    if any(p.endswith("/sqlite3.h") for p in r.stdout.replace("\\\n", " ").split()):
        out.append("<sqlite3.h>")
    return out


def rel(path, src, build):
    for root, tag in ((src, ""), (build, "build/")):
        root = os.path.realpath(root) + os.sep
        if path.startswith(root):
            return tag + path[len(root):]
    return path


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, build = sys.argv[1], sys.argv[2]
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        entries = json.load(f)
    bad = []
    seen = set()
    sql_word = re.compile(r"\bsqlite3(_\w+)?\b")
    sql_call = re.compile(r"\bsqlite3_\w+\s*\(")
    store_call = re.compile(r"\bregio_store_\w+\s*\(")
    gdal_init = re.compile(r"\bGDALAllRegister\b|\bOGRRegisterAll\b")
    for e in entries:
        f = rel(os.path.realpath(os.path.join(e.get("directory", "."), e["file"])), src, build)
        if not f.startswith("src/") or f in seen:
            continue
        seen.add(f)
        reached = [rel(p, src, build) for p in deps(e, src)]
        code = open(os.path.join(src, f), encoding="utf-8").read()
        code_nc = re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.S)
        code_nc = re.sub(r'"(\\.|[^"\\\n])*"', '""', code_nc)
        pub = {os.path.basename(p) for p in reached if p.startswith("include/regio/") or p.startswith("build/include/regio/")}
        inner = [p for p in reached if p.startswith("src/")]
        if not f.startswith("src/store/"):
            if "<sqlite3.h>" in reached:
                bad.append("%s: reaches <sqlite3.h> (rule 1: SQLite only in src/store/)" % f)
            if sql_word.search(code_nc):
                bad.append("%s: names %s (rule 1: SQLite only in src/store/)" % (f, sql_word.search(code_nc).group(0)))
        elif f != "src/store/store_sqlite.c" and sql_call.search(code_nc):
            bad.append("%s: calls %s (rule 1: in the store only store_sqlite.c calls SQLite; use regio_stmt_*)"
                       % (f, sql_call.search(code_nc).group(0)))
        if f.startswith("src/engine/"):
            for h in sorted(pub & (STORE_HEADERS | ANALYSIS_HEADERS)):
                bad.append("%s: reaches regio/%s (rule 2: engines never see a store)" % (f, h))
            for p in inner:
                if p.startswith(ABOVE_DIRS):
                    bad.append("%s: reaches %s (rule 2: engines never see a store)" % (f, p))
            if store_call.search(code_nc):
                bad.append("%s: calls %s (rule 2: engines never see a store)" % (f, store_call.search(code_nc).group(0)))
        if f.startswith("src/plan/"):
            for h in sorted(pub & (STORE_HEADERS | ANALYSIS_HEADERS | ENGINE_HEADERS)):
                bad.append("%s: reaches regio/%s (rule 3: the plan model stands alone)" % (f, h))
            for p in inner:
                if p.startswith(ABOVE_DIRS + ("src/engine/",)):
                    bad.append("%s: reaches %s (rule 3: the plan model stands alone)" % (f, p))
            if store_call.search(code_nc):
                bad.append("%s: calls %s (rule 3: the plan model stands alone)" % (f, store_call.search(code_nc).group(0)))
        if f != "src/io/gdal.c" and gdal_init.search(code_nc):
            bad.append("%s: calls %s (rule 5: GDAL is initialised only by src/io/gdal.c)" % (f, gdal_init.search(code_nc).group(0)))
        if not f.startswith("src/cli/"):
            for p in inner:
                if p.startswith("src/cli/"):
                    bad.append("%s: reaches %s (rule 4: the library never includes the program's headers)" % (f, p))
    # public headers: no SQLite type or function in the interface a second backend must implement
    inc = os.path.join(src, "include", "regio")
    for h in sorted(os.listdir(inc)):
        text = open(os.path.join(inc, h), encoding="utf-8").read()
        text = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)
        if sql_word.search(text) or "<sqlite3.h>" in text:
            bad.append("include/regio/%s: names SQLite (rule 1: no sqlite3 type in a public header)" % h)
    if not seen:
        sys.exit("check_layers: no library source in %s/compile_commands.json" % build)
    for b in bad:
        print(b)
    print("%d files checked, %d forbidden arrows" % (len(seen), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
