#!/usr/bin/env bash
# End-to-end, the acceptance of issue 11 "no unit is wrong": every target's unit is the same in the report's
# HTML, XLSX, JSON and DOCX and in `regio targets` (the CLI table's target column, which the issue calls right),
# in zh and in en — share targets in %, 翻一番 (doubling) targets as a multiple (× / 倍), levels in the
# indicator's unit (data/yunnan/indicators.csv). Units are compared after one normalisation: %/年, %/yr and a
# growth target's bare % are one annual-rate unit; ×, 倍 and "times" are one multiple.
# In the report's formats the unit column must also agree with the unit written in the target value. Before the
# report's units were fixed (main before f920638) this test failed exactly on the issue's defects: the indicator's
# unit (万人, 亿元) for the four share targets and for the doubling target.
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"
FAST=(--permutations 99 --uncertainty 50 --generated-at "2026-01-01 00:00 UTC")
HAVE_DOCX=0
command -v pandoc >/dev/null && command -v rsvg-convert >/dev/null && HAVE_DOCX=1
for lang in zh en; do
  run "targets $lang" 0 targets --db "$DB" --year 2023 --lang $lang
  cp "$WORK/out" "$WORK/targets-$lang.txt"
  run "targets json $lang" 0 targets --db "$DB" --year 2023 --lang $lang --format json
  cp "$WORK/out" "$WORK/targets-$lang.json"
  for f in html xlsx json; do
    run "report $f $lang" 0 report --db "$DB" --year 2023 --lang $lang --out "$WORK/r-$lang.$f" "${FAST[@]}"
  done
  [ $HAVE_DOCX = 1 ] && run "report docx $lang" 0 report --db "$DB" --year 2023 --lang $lang --out "$WORK/r-$lang.docx" "${FAST[@]}"
  if command -v ogr2ogr >/dev/null; then
    OGR_XLSX_HEADERS=FORCE ogr2ogr -f CSV "$WORK/xlsx-targets-$lang.csv" "$WORK/r-$lang.xlsx" targets 2>>"$WORK/ogr.err"
  fi
  res=$(python3 - "$WORK" "$lang" "$SRC" $HAVE_DOCX <<'PY'
import csv, html, json, re, sys, zipfile
from html.parser import HTMLParser
w, lang, src, have_docx = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == '1'
RATE = {'%/年', '%/yr', '% p.a.', '%/a', '% a year'}
cj = json.load(open(f'{w}/targets-{lang}.json', encoding='utf-8'))
cli = {t['code']: t for t in (cj['targets'] if isinstance(cj, dict) else cj)}
plan_t = {r['code']: r for r in csv.DictReader(open(f'{src}/data/yunnan/targets.csv', encoding='utf-8'))}
plan_i = {r['code']: r for r in csv.DictReader(open(f'{src}/data/yunnan/indicators.csv', encoding='utf-8'))}
NUM = re.compile(r'^\D*?(?:>=|<=|≥|≤|~|≈|=|>|<)?\s*[-+]?[0-9][0-9,.]*(?:\s*±\s*[0-9][0-9,.]*)?\s*(.*?)\s*(?:\((?:19|20)\d\d\))?\s*$')

def is_mult(u): return '倍' in u or '×' in u or re.search(r'\btimes\b', u) is not None

def norm(u, kind):
    u = (u or '').strip()
    if is_mult(u): return '×'
    if u in RATE or (kind == 'growth' and u == '%'): return '%/yr'
    return u

def unit_of(unit_cell, target_cell, kind):
    """the unit a row shows: its unit cell, else what follows the number in the target text (× or 倍: a multiple)"""
    if unit_cell is not None and unit_cell.strip(): return norm(unit_cell, kind)
    t = (target_cell or '').strip()
    if is_mult(t): return '×'
    m = NUM.match(t)
    return norm(m.group(1) if m else '', kind)

# the CLI table: the target column (third) of each target's line
shown = {'cli': {}}
for line in open(f'{w}/targets-{lang}.txt', encoding='utf-8'):
    cols = re.split(r'\s{2,}', line.strip())
    if len(cols) >= 3 and cols[0] in cli:
        # a gap target's value is a disparity (no unit, or × for max/min) and its target text names none ("CV below its
        # 2020 level"): the terminal table shows no unit for it, so the CLI's is its JSON's
        gap = cli[cols[0]]['kind'] == 'gap'
        shown['cli'][cols[0]] = norm(cli[cols[0]]['unit'], 'gap') if gap else unit_of(None, cols[2], cli[cols[0]]['kind'])

by_name = {t['name']: code for code, t in cli.items()}
inner = []
def from_rows(name, rows):
    """rows of a report's target table, found by code (older layout) or by the target's name"""
    d = {}
    for r in rows:
        c = r.get('code') if r.get('code') in cli else by_name.get((r.get('name') or '').strip())
        if c not in cli: continue
        d[c] = unit_of(r.get('unit'), r.get('target'), cli[c]['kind'])
        if cli[c]['kind'] == 'gap':  # no unit in a gap target's text (above): the unit column alone
            d[c] = norm(r.get('unit'), 'gap')
            continue
        in_text = unit_of(None, r.get('target'), cli[c]['kind'])  # the unit written in the target value itself
        if r.get('unit') is not None and in_text != d[c]: inner.append(f'{name} {c}: unit column {d[c]!r}, target value {r.get("target")!r}')
    shown[name] = d

rep = json.load(open(f'{w}/r-{lang}.json', encoding='utf-8'))
tj = rep['tables']['targets']
from_rows('json', tj['rows'])
keys = [c['key'] for c in tj['columns']]

class T(HTMLParser):
    def __init__(s):
        super().__init__(); s.on = False; s.keys = []; s.rows = []; s.cell = None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == 'table': s.on = a.get('data-table') == 'targets'
        elif s.on and tag == 'th': s.keys.append(a.get('data-key'))
        elif s.on and tag == 'tr': s.rows.append([])
        elif s.on and tag == 'td': s.cell = ''
    def handle_endtag(s, tag):
        if tag == 'table': s.on = False
        elif s.on and tag == 'td' and s.cell is not None: s.rows[-1].append(s.cell); s.cell = None
    def handle_data(s, d):
        if s.cell is not None: s.cell += d
p = T(); p.feed(open(f'{w}/r-{lang}.html', encoding='utf-8').read())
from_rows('html', [dict(zip(p.keys, r)) for r in p.rows if r])
try:
    body = list(csv.reader(open(f'{w}/xlsx-targets-{lang}.csv', encoding='utf-8')))[1:]
    from_rows('xlsx', [dict(zip(keys, r)) for r in body])
except OSError:
    print('xlsx sheet targets not read'); sys.exit(0)
if have_docx:
    doc = zipfile.ZipFile(f'{w}/r-{lang}.docx').read('word/document.xml').decode('utf-8')
    text = lambda x: html.unescape(''.join(re.findall(r'<w:t(?: [^>]*)?>([^<]*)</w:t>', x)))
    rows = []
    for t in re.findall(r'<w:tbl>.*?</w:tbl>', doc, re.S):
        trs = [[text(c) for c in re.findall(r'<w:tc>.*?</w:tc>', tr, re.S)] for tr in re.findall(r'<w:tr[ >].*?</w:tr>', t, re.S)]
        if len(trs) > 1 and len(trs[0]) == len(keys) and sum(r[keys.index('name')] in by_name for r in trs[1:]) == len(cli): rows = trs[1:]
    from_rows('docx', [dict(zip(keys, r)) for r in rows])
bad = list(inner)
for f, d in shown.items():
    if set(d) != set(cli): bad.append(f'{f}: {len(d)} of {len(cli)} targets found')
for code, t in cli.items():
    kind, pt = t['kind'], plan_t.get(code, {})
    units = {f: d.get(code) for f, d in shown.items()}
    if len(set(units.values())) != 1: bad.append(f'{code}: ' + ', '.join(f'{f} {u!r}' for f, u in units.items()))
    u = units['cli']
    if kind == 'share' and u != '%': bad.append(f'{code}: a share target shown in {u!r}, not %')
    if '翻一番' in pt.get('name_zh', '') and u != '×':bad.append(f'{code}: a doubling target shown in {u!r}, not as a multiple')
    if kind == 'level' and lang == 'zh' and u != norm(plan_i[t['indicator']]['unit'], kind):
        bad.append(f"{code}: a level target shown in {u!r}, not the indicator's unit {plan_i[t['indicator']]['unit']!r}")
print('ok' if not bad else '; '.join(bad[:10]) + (f' (+{len(bad) - 10} more)' if len(bad) > 10 else ''))
PY
)
  check "units agree across CLI, HTML, XLSX, JSON and DOCX ($lang)" test "$res" = ok
  [ "$res" = ok ] || echo "  $res"
done
finish
