#!/usr/bin/env bash
# End-to-end (issue 11 item 1): a figure published as a lower bound ("参保率稳定在95%以上", qualifier >=) meets a
# "≥95%" target and is shown as "≥" wherever the target's latest value stands: `regio targets` (table and JSON),
# the report's targets table in HTML, DOCX (the cell text), XLSX (the number, with the number format "≥"0.00) and
# JSON ("latest_value_bound": "≥" beside the number), and the summary line; zh and en. The plan is a copy of the
# synthetic plan_mini with one indicator, one target and one observation added (as tests/test_qualifier.c does):
# the words are real (云南网 2020-11-17), the region and the plan synthetic.
. "$(dirname "$0")/lib.sh"
cp -R "$SRC/tests/fixtures/plan_mini" "$WORK/plan"
echo "medical_insurance_coverage,基本医疗保险参保率,Basic medical insurance coverage,%,higher,none,,,,,0,100,1,test copy" >>"$WORK/plan/indicators.csv"
echo "cov95,参保率,Coverage 95,900000,medical_insurance_coverage,level,>=,95,,,,2025,test,test" >>"$WORK/plan/targets.csv"
cat >"$WORK/plan/observations/coverage.csv" <<'CSV'
region,indicator,year,value,source,qualifier,source_kind
900000,medical_insurance_coverage,2023,95,"http://www.xgll.com.cn/xwzx/2020-11/17/content_369885.htm ('参保率稳定在95%以上'; real words, synthetic region and year)",>=,news
CSV
DB=$WORK/b.db
run "init" 0 init --plan "$WORK/plan" --db "$DB"
run "targets" 0 targets --db "$DB"
check "CLI table: the latest value as a lower bound" grep -q "2023: ≥95" "$WORK/out"
run "targets json" 0 targets --db "$DB" --format json
check "CLI JSON: latest_bound >=" json "[t['latest_bound'] for t in d['targets'] if t['code'] == 'cov95'] == ['>=']"
HAVE_DOCX=0
command -v pandoc >/dev/null && command -v rsvg-convert >/dev/null && HAVE_DOCX=1
for lang in en zh; do
  for f in html json xlsx; do
    run "report $f $lang" 0 report --db "$DB" --lang $lang --out "$WORK/r-$lang.$f" --generated-at "2026-01-01 00:00 UTC"
  done
  name=$([ $lang = zh ] && echo 参保率 || echo "Coverage 95")
  check "$lang HTML: ≥95.00 in the target's row" python3 -c "
import re,sys; h=open('$WORK/r-$lang.html',encoding='utf-8').read()
t=re.search(r'<table[^>]*data-table=\"targets\".*?</table>', h, re.S).group(0)
row=[r for r in re.findall(r'<tr[^>]*>(.*?)</tr>', t, re.S) if '<td>$name</td>' in r]
sys.exit(0 if len(row) == 1 and '<td class=\"num\">≥95.00</td>' in row[0] else 1)"
  check "$lang HTML: met, not grey" grep -q 'class="warn-green"' "$WORK/r-$lang.html"
  check "$lang JSON: latest_value 95 with latest_value_bound ≥; a point value has none" python3 -c "
import json,sys; d=json.load(open('$WORK/r-$lang.json')); rows=d['tables']['targets']['rows']
c=[r for r in rows if r['name'] == '$name']; o=[r for r in rows if r['name'] != '$name']
sys.exit(0 if len(c) == 1 and c[0]['latest_value'] == 95 and c[0]['latest_value_bound'] == '≥' and all('latest_value_bound' not in r for r in o) else 1)"
  check "$lang summary: the line says ≥95" python3 -c "
import json,sys; s=json.load(open('$WORK/r-$lang.json'))['summary']
sys.exit(0 if any(l.strip().split(' ',1)[-1].startswith('$name') and '≥95.0%' in l for l in s.splitlines()) else 1)"
  check "$lang XLSX: the cell is the number 95 with the format \"≥\"0.00" python3 - "$WORK/r-$lang.xlsx" "$name" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read('xl/workbook.xml').decode()
sheets = re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="rId(\d+)"', wb)
sid = [i for n, i in sheets if n == 'targets'][0]
ws = z.read('xl/worksheets/sheet%s.xml' % sid).decode()
shared = [re.sub(r'<[^>]+>', '', s) for s in re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode(), re.S)]
styles = z.read('xl/styles.xml').decode()
numfmt = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
xfs = re.findall(r'<xf [^>]*numFmtId="(\d+)"', re.search(r'<cellXfs[^>]*>(.*?)</cellXfs>', styles, re.S).group(1))
row = [r for r in re.findall(r'<row [^>]*>(.*?)</row>', ws, re.S)
       if any(t == 's' and shared[int(v)] == sys.argv[2] for t, v in re.findall(r'<c [^>]*t="(s)"[^>]*><v>(\d+)</v>', r))]
cells = re.findall(r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="\w+")?><v>([^<]*)</v>', row[0])
h = [c for c in cells if c[0] == 'H']  # column 8: latest_value
fmt = numfmt.get(xfs[int(h[0][1])], '') if h and h[0][1] else ''
ok = h and float(h[0][2]) == 95 and fmt.replace('&quot;', '"') == '"≥"0.00'
print('xlsx latest_value cell:', h, 'format:', fmt) if not ok else None
sys.exit(0 if ok else 1)
PY
  if [ $HAVE_DOCX = 1 ]; then
    run "report docx $lang" 0 report --db "$DB" --lang $lang --out "$WORK/r-$lang.docx" --generated-at "2026-01-01 00:00 UTC"
    check "$lang DOCX: the table cell reads ≥95.00" python3 -c "
import re,sys,zipfile; x=zipfile.ZipFile('$WORK/r-$lang.docx').read('word/document.xml').decode()
rows=[re.sub(r'<[^>]+>','|',r) for r in re.findall(r'<w:tr[ >].*?</w:tr>', x, re.S)]
row=[re.sub(r'\|+','|',r) for r in rows if '|$name|' in r]  # the targets table's row (the annex repeats the name)
sys.exit(0 if sum('|≥95.00|' in r for r in row) == 1 else 1)"
  fi
done
finish
