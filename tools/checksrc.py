#!/usr/bin/env python3
"""checksrc.py — the house rules a compiler does not check, in the manner of curl's checksrc (run as a test).

  python3 tools/checksrc.py SOURCE_DIR            check; exit 1 naming file, line and rule of every breach
  python3 tools/checksrc.py SOURCE_DIR --update   lower the allowances in tools/checksrc_allow.txt to today's counts
  python3 tools/checksrc.py --self-test           show that each rule catches what it should

Rules, over the C files of src/, include/, tests/ and bench/ (*.c, *.h, *.h.in):
  long   a line wider than 120 columns (display width: a CJK character is two, as a terminal shows it and
         clang-format measures it). Lines written before the rule are counted per file in the allowlist; a file
         may not exceed its count, so the number can only go down (--update lowers it, never raises it).
  parse  strtod, strtof, strtold, atoi, atol, atoll, atof in src/ outside the strict parsers of src/core/util.c
         (regio_parse_number, regio_parse_long: whole string, no locale, no silent garbage). An allowed file has a
         count and a reason.
  code   one of the shipped plan's codes (data/*/regions.csv, indicators.csv, groups.csv, partitions.csv,
         targets.csv, monitored.csv: 530000, gdp_pc, dianzhong …) in the code of src/: in a string literal (a code
         of letters only, such as pop or border, when it is the whole literal, since it is also a word) or, for a
         region code, as a number; comments may give examples. The library works for any plan; the allowlist
         names every exception with its reason.
"""
import collections
import csv
import glob
import os
import re
import sys
import tempfile
import unicodedata

WIDTH = 120
PARSERS = re.compile(r"\b(strtod|strtof|strtold|atoi|atol|atoll|atof)\s*\(")
STRICT = {"src/core/util.c"}
ALLOW = "tools/checksrc_allow.txt"


def width(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def strip_comments(text):
    """The text with comments blanked (strings kept), line structure unchanged."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def files(root):
    pats = ["src/**/*.c", "src/**/*.h", "include/**/*.h", "include/**/*.h.in", "tests/**/*.c", "tests/**/*.h",
            "bench/**/*.c", "bench/**/*.h"]
    seen = set()
    for p in pats:
        for f in glob.glob(os.path.join(root, p), recursive=True):
            rel = os.path.relpath(f, root)
            if rel not in seen and "/build" not in "/" + rel:
                seen.add(rel)
    return sorted(seen)


def plan_codes(root):
    codes = set()
    for d in glob.glob(os.path.join(root, "data", "*")):
        for name in ("regions", "indicators", "groups", "partitions", "targets", "monitored"):
            p = os.path.join(d, name + ".csv")
            if os.path.exists(p):
                with open(p, encoding="utf-8") as fh:
                    codes.update(r["code"] for r in csv.DictReader(fh) if r.get("code"))
    return codes


def read_allow(root):
    allow = {"long": {}, "parse": {}, "code": {}}
    path = os.path.join(root, ALLOW)
    if not os.path.exists(path):
        return allow
    with open(path, encoding="utf-8") as fh:
        for ln, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            f = line.split(None, 3)
            if f[0] == "long" and len(f) >= 3:
                allow["long"][f[1]] = int(f[2])
            elif f[0] == "parse" and len(f) == 4:
                allow["parse"][f[1]] = int(f[2])
            elif f[0] == "code" and len(f) == 4:
                allow["code"][(f[1], f[2])] = f[3]
            else:
                sys.exit(f"{path}:{ln}: not 'long FILE N', 'parse FILE N REASON' or 'code FILE CODE REASON': {line}")
    return allow


def scan(root):
    """Per file: the long lines, the parser calls and the plan codes found (each a list of (line, text))."""
    codes = plan_codes(root)
    found = {"long": collections.defaultdict(list), "parse": collections.defaultdict(list),
             "code": collections.defaultdict(list)}
    for rel in files(root):
        with open(os.path.join(root, rel), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        for i, line in enumerate(lines, 1):
            if width(line) > WIDTH:
                found["long"][rel].append((i, f"{width(line)} columns"))
        code = strip_comments(text).split("\n")
        for i, line in enumerate(code, 1):
            if rel.startswith("src/") and rel not in STRICT:
                for m in PARSERS.finditer(line):
                    found["parse"][rel].append((i, m.group(1)))
            if not rel.startswith("src/"):
                continue
            for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', line):
                for tok in re.findall(r"[A-Za-z0-9_]+", m.group(1)):
                    # a code of letters only (gdp, pop, border) is also an English word: only the whole literal
                    if tok in codes and (tok == m.group(1) or re.search(r"[0-9_]", tok)):
                        found["code"][(rel, tok)].append((i, f'"{tok}" in a string'))
            nocode = re.sub(r'"((?:[^"\\\n]|\\.)*)"', '""', line)
            for tok in re.findall(r"\b\d{6}\b", nocode):
                if tok in codes:
                    found["code"][(rel, tok)].append((i, f"the region code {tok}"))
    return found


def check(root):
    allow, found, bad = read_allow(root), scan(root), []
    for rel, hits in sorted(found["long"].items()):
        n = allow["long"].get(rel, 0)
        if len(hits) > n:
            bad += [f"{rel}:{ln}: long: {t} (over {WIDTH}; this file may have {n} such lines, has {len(hits)})"
                    for ln, t in hits]
    for rel, hits in sorted(found["parse"].items()):
        n = allow["parse"].get(rel, 0)
        if len(hits) > n:
            bad += [f"{rel}:{ln}: parse: {t} outside the strict parsers (use regio_parse_number / regio_parse_long;"
                    f" allowed here: {n}, found {len(hits)})" for ln, t in hits]
    for (rel, tok), hits in sorted(found["code"].items()):
        if (rel, tok) not in allow["code"]:
            bad += [f"{rel}:{ln}: code: {t} — a plan's code in the library (read it from the plan, or allow it in"
                    f" {ALLOW} with the reason)" for ln, t in hits]
    lower = [f"{k} {rel}: allowed {n}, now {len(found[k].get(rel, []))}"
             for k in ("long", "parse") for rel, n in sorted(allow[k].items()) if len(found[k].get(rel, [])) < n]
    stale = [f"code {rel} {tok}" for (rel, tok) in sorted(allow["code"]) if (rel, tok) not in found["code"]]
    for line in bad:
        print(line)
    if lower or stale:
        print(f"note: allowances above today's use (python3 tools/checksrc.py . --update lowers them): "
              + "; ".join(lower + stale))
    print(f"checksrc: {len(files(root))} files, {len(bad)} breaches")
    return 1 if bad else 0


def update(root):
    """Lowers the counts of the allowlist to what is found (never raises one, never adds a file) and drops the code
    entries no longer needed."""
    found = scan(root)
    path = os.path.join(root, ALLOW)
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.split(None, 3)
            if f and f[0] in ("long", "parse") and len(f) >= 3:
                now = len(found[f[0]].get(f[1], []))
                if now == 0:
                    continue
                if now < int(f[2]):
                    line = " ".join([f[0], f[1], str(now)] + f[3:]).rstrip("\n") + "\n"
            elif f and f[0] == "code" and len(f) == 4 and (f[1], f[2]) not in found["code"]:
                continue
            out.append(line)
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(out)
    return 0


def self_test():
    """A tree with one breach of each rule (and one allowed of each) must report exactly the breaches."""
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "src/x"))
        os.makedirs(os.path.join(d, "data/p"))
        os.makedirs(os.path.join(d, "tools"))
        with open(os.path.join(d, "data/p/regions.csv"), "w") as fh:
            fh.write("code,name\n530000,Yunnan\n")
        with open(os.path.join(d, "data/p/indicators.csv"), "w") as fh:
            fh.write("code,name\ngdp_pc,GDP per head\n")
        with open(os.path.join(d, "data/p/groups.csv"), "w") as fh:
            fh.write("code,name\nborder,Border areas\n")
        with open(os.path.join(d, "src/x/a.c"), "w") as fh:
            fh.write("/* 530000 and gdp_pc in a comment are examples */\n"
                     "int f(const char *s) { return atoi(s); }\n"
                     'const char *c = "gdp_pc", *css = "border: 0", *w = "border";\n'
                     "long r = 530000;\n"
                     "/* " + "长" * 59 + " */\n")          # 59 wide characters + 6 = 124 columns
        with open(os.path.join(d, "src/x/b.c"), "w") as fh:
            fh.write("double g(const char *s) { return strtod(s, 0); }\n" + "x" * 121 + "\n")
        with open(os.path.join(d, ALLOW), "w") as fh:
            fh.write("parse src/x/b.c 1 a test\nlong src/x/b.c 1\n")
        f = scan(d)
        got = (sorted(f["long"]), sorted(f["parse"]), sorted(f["code"]))
        want = (["src/x/a.c", "src/x/b.c"], ["src/x/a.c", "src/x/b.c"], [("src/x/a.c", "530000"), ("src/x/a.c", "border"),
                                                                ("src/x/a.c", "gdp_pc")])
        if got != want:
            print(f"self-test: found {got}, expected {want}")
            return 1
        import contextlib
        import io
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            rc = check(d)
        rep = buf.getvalue()
        need = ["src/x/a.c:2: parse: atoi", "src/x/a.c:3: code", "src/x/a.c:4: code", "src/x/a.c:5: long: 124 columns"]
        if rc != 1 or any(n not in rep for n in need) or "src/x/b.c" in rep:
            print("self-test: the check reported\n" + rep)
            return 1
    print("self-test: each rule caught its breach and let the allowed ones pass")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    if len(sys.argv) == 3 and sys.argv[2] == "--update":
        sys.exit(update(sys.argv[1]))
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(check(sys.argv[1]))
