#!/usr/bin/env bash
# End-to-end (issue 11 items 7–9): what the plan directory's report.csv says is what the report does, in the
# order it says — on a copy of the synthetic plan_mini whose report.csv lists the sections in another order
# (body sections in the listed order, numbered so, the summary's cross-references numbered so; annexes after the
# body); a section listed twice is an error naming file, line and column. `regio report --help` lists the
# report's formats (html|xlsx|json|docx), not the common table|csv|json|md. The DOCX keeps the targets' row
# colours: every cell of a target's row is shaded with its warning colour (word/document.xml read back).
. "$(dirname "$0")/lib.sh"
cp -R "$SRC/tests/fixtures/plan_mini" "$WORK/plan"
sed -i '/^sections,/d' "$WORK/plan/report.csv"
echo 'sections,targets;summary;needs;overview;annex_codes;gaps;data,"synthetic: a reordered list"' >>"$WORK/plan/report.csv"
DB=$WORK/m.db
run "init" 0 init --plan "$WORK/plan" --db "$DB"
run "report json" 0 report --db "$DB" --format json --lang en
check "sections in report.csv's order, annex last" json "[s['key'] for s in d['sections']] == ['targets', 'summary', 'needs', 'overview', 'gaps', 'data', 'annex_codes']"
check "numbered in that order" json "[s['title'].split(' ')[0] for s in d['sections']] == ['1.', '2.', '3.', '4.', '5.', '6.', 'Annex']"
check "the summary points to the targets as section 1 and the missing data as section 3" json "'(see section 1)' in d['summary'] and 'listed in section 3' in d['summary'] and '(see section 3)' not in d['summary'].split('Regional gaps')[0]"
run "report html zh" 0 report --db "$DB" --lang zh --out "$WORK/r.html"
check "HTML: the same order, the table of contents too" python3 -c "
import re,sys; h=open('$WORK/r.html',encoding='utf-8').read()
secs=re.findall(r'<section id=\"([a-z_]+)\"><h2>([^<]*)</h2>', h)
toc=re.findall(r'<li>(?:<a[^>]*>)?([^<]*)', re.search(r'<nav class=\"toc\"><ul>(.*?)</ul>', h, re.S).group(1))
sys.exit(0 if [k for k, _ in secs] == ['targets', 'summary', 'needs', 'overview', 'gaps', 'data', 'annex_codes'] and secs[0][1] == '一、规划目标进展与预警' and secs[1][1] == '二、总体评价' and toc == [t for _, t in secs] else 1)"
# a section listed twice is refused
sed -i 's/^sections,targets;/sections,targets;targets;/' "$WORK/plan/report.csv"
run "init with a section listed twice" 0 init --plan "$WORK/plan" --db "$WORK/twice.db"
run "report refuses" 1 report --db "$WORK/twice.db" --format json
check "names file, line, column and the section" grep -q "report.csv line [0-9]* column 2: report section listed twice: 'targets'" "$WORK/err"
# --help: the report's own formats
run "report --help" 0 report --help
check "help lists html|xlsx|json|docx" grep -q -- "--format html|xlsx|json|docx" "$WORK/out"
check "help does not list the common formats" bash -c "! grep -q 'table|csv|json|md' '$WORK/out'"
run "report --help zh" 0 report --help --lang zh
check "zh help lists the report's formats" grep -q -- "--format html|xlsx|json|docx.*报告格式" "$WORK/out"
# DOCX: the status colours of the targets table (Mixed GDP at risk: yellow; Province urbanisation: grey)
if command -v pandoc >/dev/null && command -v rsvg-convert >/dev/null; then
  MDB=$WORK/mini.db
  run "init plan_mini" 0 init --plan "$SRC/tests/fixtures/plan_mini" --db "$MDB"
  for lang in en zh; do
    run "report docx $lang" 0 report --db "$MDB" --lang $lang --out "$WORK/r-$lang.docx"
    check "$lang DOCX: each target row shaded with its warning colour, no marker left" python3 - "$WORK/r-$lang.docx" $lang <<'PY'
import re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
names = {"en": ("Mixed GDP", "Province urbanisation"), "zh": ("混合组生产总值", "全省城镇化率")}[sys.argv[2]]
want = {names[0]: "FDF7E1", names[1]: "F4F4F4"}  # yellow, grey: the HTML report's row colours
bad = []
rows = re.findall(r"<w:tr[ >].*?</w:tr>", x, re.S)
for name, fill in want.items():
    mine = [r for r in rows if re.search(r"<w:t[^>]*>%s</w:t>" % re.escape(name), r) and "<w:shd " in r]
    if len(mine) != 1:
        bad.append((name, "shaded rows", len(mine)))
        continue
    cells = re.findall(r"<w:tc>.*?</w:tc>", mine[0], re.S)
    fills = [re.search(r'w:fill="([0-9A-F]+)"', c).group(1) if 'w:fill="' in c else None for c in cells]
    if len(cells) < 10 or set(fills) != {fill}:
        bad.append((name, fills))
if "RGROWCLASS" in x:
    bad.append("marker left in the document")
print(*bad) if bad else None
sys.exit(1 if bad else 0)
PY
  done
else
  echo "SKIP pandoc/rsvg-convert not installed (scripts/setup.sh installs them)"
fi
finish
