#!/usr/bin/env bash
# End-to-end: `regio report` — the Yunnan report as HTML (129 county shapes, printed to PDF by headless Chromium,
# pages rasterised and not blank), as XLSX read back with GDAL with the same numbers as the JSON, and golden
# tables on the synthetic plan_mini (values checked by hand in the comments).
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db

run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"
SCHEMES=$SRC/data/yunnan/evaluation
# the schemes default to evaluation/ in the plan directory init read
run "report html zh" 0 report --db "$DB" --year 2023 --lang zh --out "$WORK/r.html"
check "html written" test -s "$WORK/r.html"
# the block map is the first figure: its <path data-code=…> elements are the 129 counties
nblock=$(python3 -c "import re,sys; h=open('$WORK/r.html',encoding='utf-8').read(); f=re.search(r'<figure class=\"map\" id=\"block-map\">(.*?)</figure>', h, re.S).group(1); print(len(re.findall(r'<path data-code=\"53[0-9]{4}\"', f)))")
check "block map has 129 county shapes (got $nblock)" test "$nblock" -eq 129
check "six thematic maps (5 indicators/LISA + zone types)" test "$(grep -o 'id="map-[a-z0-9-]*"' "$WORK/r.html" | wc -l)" -eq 6
# for readers (issue 11 item 7): no path, no internal code in the body (tests/cli/report/body_clean.py), zh and en
check "zh body: no path, no internal code" python3 "$SRC/tests/cli/report/body_clean.py" "$WORK/r.html" "$SRC/data/yunnan"
run "report html en" 0 report --db "$DB" --year 2023 --lang en --out "$WORK/re.html" --permutations 99 --uncertainty 100
check "en body: no path, no internal code" python3 "$SRC/tests/cli/report/body_clean.py" "$WORK/re.html" "$SRC/data/yunnan"
sed 's|<h2>|<h2>docs/methods/tracking.md dz_gdp_growth |' "$WORK/re.html" > "$WORK/planted.html"
check "the body check fails on a planted path and code" bash -c "! python3 '$SRC/tests/cli/report/body_clean.py' '$WORK/planted.html' '$SRC/data/yunnan' >/dev/null"
check "codes stand in the annex" python3 -c "import re,sys; h=open('$WORK/re.html',encoding='utf-8').read(); a=h[h.index('<section id=\"annex_codes\">'):]; sys.exit(0 if 'dz_gdp_growth' in a and 'blocks_west' in a else 1)"
check "English units in the English report" python3 -c "import re,sys; h=open('$WORK/re.html',encoding='utf-8').read(); b=h[:h.index('<section id=\"annex_codes\">')]; sys.exit(0 if '100 million yuan' in b and '亿元' not in b and '万人' not in b else 1)"
# maps: prefecture labels inside their polygon with a halo; every county named in a tooltip
check "16 prefecture labels, each inside its polygon, on a white halo" python3 "$SRC/tests/cli/report/map_labels.py" "$WORK/r.html" map-pref-1 16
check "county maps: 129 tooltips with the county's name" python3 -c "import re,sys; h=open('$WORK/r.html',encoding='utf-8').read(); f=re.search(r'<figure class=\"map\" id=\"map-county-1\">(.*?)</figure>', h, re.S).group(1); t=re.findall(r'<title>([^<]*)</title>', f); sys.exit(0 if len(t) == 129 and any(x.startswith('五华区: ') for x in t) else 1)"
check "LISA map: tooltips" python3 -c "import re,sys; h=open('$WORK/r.html',encoding='utf-8').read(); f=re.search(r'<figure class=\"map\" id=\"map-lisa\">(.*?)</figure>', h, re.S).group(1); sys.exit(0 if len(re.findall(r'<title>', f)) == 129 else 1)"
# series breaks (breaks.csv): marked in the gap series, β not run across them
check "gap series marks the economic-census break of 2019" python3 -c "import re,sys; h=open('$WORK/r.html',encoding='utf-8').read(); sys.exit(0 if '经济普查修订' in h[h.index('<section id=\"gaps\">'):h.index('<section id=\"maps\">')] else 1)"
# nine: the data still to find (尚缺的数据) is the last body section since regio needs
check "nine sections" test "$(grep -o '<section id=' "$WORK/r.html" | wc -l)" -eq 9
check "the summary comes first" python3 -c "import re,sys; h=open('$WORK/r.html',encoding='utf-8').read(); sys.exit(0 if re.findall(r'<section id=\"([a-z_]+)\"', h)[:2] == ['summary', 'overview'] else 1)"
check "summary titled 一、总体评价" contains "$WORK/r.html" '<h2>一、总体评价</h2>'
check "table of contents numbered once (titles carry the numbers, the list none)" python3 -c "import re,sys; h=open('$WORK/r.html',encoding='utf-8').read(); n=re.search(r'<nav class=\"toc\"><ul>(.*?)</ul></nav>', h, re.S); sys.exit(0 if n and '<ol' not in h.split('</nav>')[0] and '一、总体评价' in n.group(1) and '二、规划区域' in n.group(1) else 1)"
check "no network references" bash -c "! grep -qE '(src|href)=\"https?:' '$WORK/r.html'"
check "every section says what it covered" test "$(grep -o 'class="covered"' "$WORK/r.html" | wc -l)" -eq 9
check "evaluation says its zone types are provisional" contains "$WORK/r.html" "暂定主体功能区类型"
check "evaluation ranking titled partial" contains "$WORK/r.html" "分类评价排名：重点生态功能区（部分排名：缺少资源能耗消耗、生态效益、生态保护（优先）维度）"
check "evaluation notes carried into the report" contains "$WORK/r.html" "隆阳区（农产品主产区）排第 1（共 84 个县），但仅按 1 个维度计分（该类型已测 3 个）"
check "checksum of the database" contains "$WORK/r.html" "$(sha256sum "$DB" | cut -c1-64)"

# headless Chromium prints it; pdftoppm rasterises; each page has ink
if command -v chromium >/dev/null && command -v pdftoppm >/dev/null; then
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$WORK/chrome" --no-pdf-header-footer --print-to-pdf="$WORK/r.pdf" "file://$WORK/r.html" \
    >"$WORK/chrome.log" 2>&1
  check "chromium printed a PDF" test -s "$WORK/r.pdf"
  pdftoppm -r 30 "$WORK/r.pdf" "$WORK/page" 2>"$WORK/pdftoppm.err"
  check "pdftoppm without errors" test ! -s "$WORK/pdftoppm.err"
  npages=$(ls "$WORK"/page-*.ppm 2>/dev/null | wc -l)
  check "several pages ($npages)" test "$npages" -ge 6
  # non-white pixels per page (binary PPM, P6)
  blank=$(python3 - "$WORK"/page-*.ppm <<'PY'
import sys
blank = 0
for p in sys.argv[1:]:
    b = open(p, 'rb').read()
    parts = b.split(maxsplit=4)
    w, h, px = int(parts[1]), int(parts[2]), parts[4]
    ink = sum(1 for i in range(0, len(px) - 2, 3) if px[i] < 200 or px[i + 1] < 200 or px[i + 2] < 200)
    if ink < 0.005 * w * h: blank += 1
print(blank)
PY
)
  check "no blank page ($blank blank)" test "$blank" -eq 0
  # the summary is one printed page (tests/cli/report/summary_page.py: its last line on page 1, section 2 opens page 2)
  check "zh summary fits page 1 of the PDF" python3 "$SRC/tests/cli/report/summary_page.py" "$WORK/r.html" "$WORK/r.pdf"
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$WORK/chrome" --no-pdf-header-footer --print-to-pdf="$WORK/re.pdf" "file://$WORK/re.html" \
    >"$WORK/chrome.log" 2>&1
  check "en summary fits page 1 of the PDF" python3 "$SRC/tests/cli/report/summary_page.py" "$WORK/re.html" "$WORK/re.pdf"
  # the annex lists sources by publication: a few pages, not the 76 of a list by source text (annex_pages.py)
  check "zh annex at most 12 pages" python3 "$SRC/tests/cli/report/annex_pages.py" "$WORK/r.pdf" "附件一 编码、所需数据与复现信息" 12
  check "en annex at most 12 pages" python3 "$SRC/tests/cli/report/annex_pages.py" "$WORK/re.pdf" "Annex A. Codes, data needs and reproducibility" 12
else
  echo "SKIP chromium/pdftoppm not installed (scripts/setup.sh installs them)"
fi

# the same content as JSON and XLSX; the workbook reads back with GDAL's XLSX driver with the same numbers
run "report json" 0 report --db "$DB" --year 2023 --format json --schemes "$SCHEMES" --permutations 199 --uncertainty 200
cp "$WORK/out" "$WORK/r.json"
# the summary's numbers are the targets table's, and the table's units the CLI's (tests/cli/report/summary_numbers.py)
run "targets json en" 0 targets --db "$DB" --year 2023 --format json
cp "$WORK/out" "$WORK/t.json"
check "summary numbers = targets table (en), units = CLI" python3 "$SRC/tests/cli/report/summary_numbers.py" "$WORK/r.json" "$WORK/t.json"
check "share target in % and multiple target in × (en)" python3 -c "import json,sys; d=json.load(open('$WORK/r.json')); u={r['name']: r['unit'] for r in d['tables']['targets']['rows']}; sys.exit(0 if u['Central Yunnan share of provincial population'] == '%' and u['Kunming industrial investment doubles'] == '× baseline' and u['Kunming GDP'] == '100 million yuan' else 1)"
check "the gaps section lists the 4 gap targets with their test (prefecture CV 0.3394 → 0.3460, two years: red)" python3 -c "
import json; d=json.load(open('$WORK/r.json')); t=d['tables']['gap_targets']['rows']
assert [r['name'] for r in t] == ['Relative gap in GDP per capita between the four blocks', 'Gap in GDP per capita between the prefectures', \"Gap in urban residents' income between the prefectures\", \"Gap in rural residents' income between the prefectures\"], t
r=t[1]; assert abs(r['baseline_value'] - 0.339429) < 1e-6 and abs(r['latest_value'] - 0.346013) < 1e-6 and r['n'] == 2 and r['warning'] == 'red', r
assert t[0]['warning'] == 'grey' and t[0]['latest_value'] is None, t[0]"
run "report json zh" 0 report --db "$DB" --year 2023 --format json --lang zh --permutations 99 --uncertainty 100
cp "$WORK/out" "$WORK/rz.json"
run "targets json zh" 0 targets --db "$DB" --year 2023 --format json --lang zh
check "summary numbers = targets table (zh), units = CLI" python3 "$SRC/tests/cli/report/summary_numbers.py" "$WORK/rz.json" "$WORK/out"
check "zh summary: Kunming GDP needs +9.86% a year, not reachable on the trend" python3 -c "import json,sys; s=json.load(open('$WORK/rz.json'))['summary']; sys.exit(0 if '昆明市经济总量：2023–2025年需每年 +9.86%，而2020–2022年实际每年 +5.83%；按2020–2022年趋势，2025年达不到目标' in s and '【存在问题】' in s and '【下一步建议】' in s else 1)"
check "as of per target: Kunming GDP's latest figure is 2022 in a 2023 report" python3 -c "import json,sys; d=json.load(open('$WORK/rz.json')); r=[r for r in d['tables']['targets']['rows'] if r['name'] == '昆明市经济总量'][0]; sys.exit(0 if r['latest_year'] == 2022 and d['year'] == 2023 else 1)"
run "report --summary prints the summary" 0 report --db "$DB" --year 2023 --lang zh --summary --permutations 99 --uncertainty 100
check "summary on the terminal" contains "$WORK/out" "【存在问题】"
check "--summary without --out prints text, not the HTML report" bash -c "! grep -q '<html' '$WORK/out'"
cp "$WORK/r.json" "$WORK/out"
check "evaluation ranks every county once, per zone type" json "sum(len(d['tables']['eval_' + z]['rows']) for z in ('urban','agricultural','ecological')) == 129"
check "rank intervals p5 <= median <= p95" json "all(r['rank_p05'] <= r['rank_median'] <= r['rank_p95'] for z in ('urban','agricultural','ecological') for r in d['tables']['eval_' + z]['rows'] if r['rank'] is not None)"
check "the plan's mandated dimensions, measured or not" json "[(r['dimension'], r['plan_line'], r['measured']) for r in d['tables']['eval_mandate']['rows'] if r['zone'] == 'key ecological area'] == [('economic development', 340, 'yes'), ('resource and energy consumption', 340, 'no: no data'), ('ecological benefits', 340, 'no: no data'), ('ecological protection (the priority)', 288, 'no: no data')]"
check "partial ranking titles (en)" json "all(d['tables']['eval_' + z]['title_en'].startswith('evaluation ranks: ') and 'partial ranking: resource and energy consumption, ecological benefits' in d['tables']['eval_' + z]['title_en'] for z in ('urban','agricultural','ecological'))"
check "every ranked county marked partial, 隆阳区 on 1 of 3" json "all(r['marks'].startswith('partial ranking') for z in ('urban','agricultural','ecological') for r in d['tables']['eval_' + z]['rows'] if r['rank'] is not None) and [(r['plan_dims'], r['marks']) for r in d['tables']['eval_agricultural']['rows'] if r['code'] == '530502'] == [('0/5', 'partial ranking; scored on only 1 of 3 measured dimensions')]"
check "ranks 1..n within each zone type" json "all(sorted(r['rank'] for r in d['tables']['eval_' + z]['rows'] if r['rank'] is not None) == list(range(1, 1 + sum(r['rank'] is not None for r in d['tables']['eval_' + z]['rows']))) for z in ('urban','agricultural','ecological'))"
check "json tables" json "all(k in d['tables'] for k in ('blocks','targets','target_codes','codes','gap_trend','gap_county','theil_blocks','beta','lisa','sources','coverage','batches','reproduce'))"
check "β-convergence over the comparable span only (after the 2019 and 2020 breaks)" json "d['tables']['beta']['rows'][0]['period'] == '2020–2021' and [r['year'] for r in d['tables']['gap_trend']['rows'] if r['break']] == [2019, 2020]"
# 17, not 20: the three 2020 social-security/life-expectancy baselines are monitored indicators, not targets; and the 4 gap targets
check "21 targets" json "len(d['tables']['targets']['rows']) == 21"
# the last body section: the data still to find, the list of regio needs (tests/cli/test_needs.sh checks the cells)
check "needs section last before the annexes" json "(lambda k: k[k.index('needs') + 1:] == [x for x in k if x.startswith('annex')] and 'needs' in d['tables'])([s['key'] for s in d['sections']])"
# 59 cells with the figures found later (observations/found_2021_2025.csv fills 6 of the 65 the plan lacked before)
# 15 targets and 3 monitored indicators, 59 cells; and the 3 grey gap targets, 102 cells (the four blocks: gdp_pc and pop
# 2023 of the 22 members without them, 44; each income gap: the 16 prefectures' 2023 figure and 13 missing 2020 baselines)
check "needs table: 18 targets and 3 monitored indicators, 161 cells" json "(lambda t: len({r['name'] for r in t['rows'] if r['name']}) == 21 and sum(r['count'] for r in t['rows']) == 161)(d['tables']['needs'])"
check "gap trend 2015 on" json "d['tables']['gap_trend']['rows'][0]['year'] == 2015 and len(d['tables']['gap_trend']['rows']) >= 7"
check "blocks_west has 4 parts" json "len(d['tables']['theil_blocks']['rows']) == 4"
run "report xlsx" 0 report --db "$DB" --year 2023 --format xlsx --out "$WORK/r.xlsx" --schemes "$SCHEMES" --permutations 199 --uncertainty 200
if command -v ogr2ogr >/dev/null; then
  ogrinfo -ro -so "$WORK/r.xlsx" >"$WORK/ogrinfo.txt" 2>&1
  check "xlsx opens with GDAL, one sheet per table (25: with the needs, monitored, source_kinds, source_list, breaks and gap_targets tables)" test "$(grep -cE '^[0-9]+: ' "$WORK/ogrinfo.txt")" -eq 25
  for sheet in gap_trend gap_county targets beta eval_urban; do
    OGR_XLSX_HEADERS=FORCE ogr2ogr -f CSV "$WORK/$sheet.csv" "$WORK/r.xlsx" "$sheet" 2>>"$WORK/ogr.err"
  done
  same=$(python3 - "$WORK" <<'PY'
import csv, json, sys, math
w = sys.argv[1]
d = json.load(open(w + '/r.json'))
bad = 0
for sheet in ('gap_trend', 'gap_county', 'targets', 'beta', 'eval_urban'):
    t = d['tables'][sheet]
    rows = list(csv.reader(open(f'{w}/{sheet}.csv', encoding='utf-8')))
    head, body = rows[0], rows[1:]
    if len(body) != len(t['rows']): bad += 1; continue
    for j, c in enumerate(t['columns']):
        if c['type'] == 'text':
            if c['key'] == 'unit':  # the units, as text, are the JSON's
                bad += sum(1 for r, row in zip(t['rows'], body) if (r['unit'] or '') != row[j])
            continue
        for r, row in zip(t['rows'], body):
            v, x = r[c['key']], row[j]
            if v is None: bad += x != ''
            elif x == '' or abs(float(x) - v) > 1e-9 * max(1, abs(v)): bad += 1
print(bad)
PY
)
  check "xlsx numbers equal the json ($same differ)" test "$same" = 0
  check "xlsx headers are Chinese with units" python3 -c "import csv; h=next(csv.reader(open('$WORK/gap_trend.csv', encoding='utf-8'))); import sys; sys.exit(0 if h[0]=='年份' and '（' in h[1] else 1)"
fi

# without the schemes (plan files, not in the database) the evaluation section says so and shows nothing
REGIO_SCHEMES=$WORK/no-schemes run "report without schemes" 0 report --db "$DB" --year 2023 --format json --permutations 99
check "no schemes: no evaluation tables" json "not any(k.startswith('eval_') for k in d['tables']) and [x for x in d['sections'] if x['key'] == 'evaluation'][0]['covered'].startswith('none')"

# golden tables on plan_mini (synthetic): urban_rate of the counties 50, 40, 80, 20, 30 → mean 44,
# Gini Σ|xi−xj|/(2n²m) = 560/2200 = 0.254545…; half A (pop 20, 30) weighted mean (1000+1200)/50 = 44, share 50/85
MDB=$WORK/mini.db
run "init mini" 0 init --plan "$SRC/tests/fixtures/plan_mini" --db "$MDB"
# plan_mini has no evaluation schemes: the body says so in words, with no path or file name (zh and en)
for lang in zh en; do
  run "report mini html $lang" 0 report --db "$MDB" --lang $lang --out "$WORK/mini-$lang.html"
  check "mini $lang body: no path, no internal code" python3 "$SRC/tests/cli/report/body_clean.py" "$WORK/mini-$lang.html" "$SRC/tests/fixtures/plan_mini"
  check "mini $lang body: no docs/ reference, no .md or .csv name" python3 - "$WORK/mini-$lang.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
body = re.sub(r"<[^>]+>", " ", h[h.index('<section id="summary">'):h.index('<section id="annex_codes">')])
bad = re.findall(r"\S*(?:docs/|\.md\b|\.csv\b)\S*", body)
if bad: print(*bad[:5])
sys.exit(1 if bad else 0)
PY
done
# where the missing figures are published (where_found.csv): English texts in English, no indicator code
check "where_found.csv: where_en has no Chinese and no indicator code" python3 -c "
import csv,re,sys
codes={r['code'] for r in csv.DictReader(open('$SRC/data/yunnan/indicators.csv',encoding='utf-8'))}
bad=[r['where_en'] for r in csv.DictReader(open('$SRC/data/yunnan/where_found.csv',encoding='utf-8'))
     if re.search(r'[\u3400-\u9fff]', r['where_en']) or any(re.search(r'\b%s\b' % re.escape(c), r['where_en']) for c in codes if '_' in c)]
print(*bad, sep='\n'); sys.exit(1 if bad else 0)"
run "report mini json" 0 report --db "$MDB" --format json --lang en
check "report works without boundaries" json "'no boundaries' in [x for x in d['sections'] if x['key'] == 'maps'][0]['covered']"
check "hand-checked gaps" json "(lambda r: r['n'] == 5 and abs(r['mean'] - 44) < 1e-12 and abs(r['gini'] - 560/2200) < 1e-12)(d['tables']['gap_county']['rows'][0])"
check "hand-checked block" json "(lambda r: r['block'] == 'Half A' and abs(r['mean'] - 44) < 1e-12 and abs(r['pop_share'] - 50/85) < 1e-12)(d['tables']['theil_blocks']['rows'][0])"
check "summary first, numbered" json "d['sections'][0]['key'] == 'summary' and d['sections'][0]['title'] == '1. Summary'"
run "targets mini json" 0 targets --db "$MDB" --format json
cp "$WORK/out" "$WORK/mt.json"
run "report mini json again" 0 report --db "$MDB" --format json --lang en
cp "$WORK/out" "$WORK/mr.json"
check "mini: summary numbers = targets table, units = CLI" python3 "$SRC/tests/cli/report/summary_numbers.py" "$WORK/mr.json" "$WORK/mt.json"
run "report mini json zh" 0 report --db "$MDB" --format json --lang zh
cp "$WORK/out" "$WORK/mrz.json"
run "targets mini json zh" 0 targets --db "$MDB" --format json --lang zh
check "mini: summary numbers = targets table (zh)" python3 "$SRC/tests/cli/report/summary_numbers.py" "$WORK/mrz.json" "$WORK/out"
cp "$WORK/mr.json" "$WORK/out"
check "golden tables" python3 - "$WORK/out" "$SRC/tests/fixtures/plan_mini/report_golden.json" <<'PY'
import json, sys, math
got = json.load(open(sys.argv[1]))['tables']
gold = json.load(open(sys.argv[2]))
def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) <= 1e-9 * max(1, abs(b))
    return a == b
bad = [(k, i, c) for k, rows in gold.items() for i, row in enumerate(rows) for c, v in row.items()
       if len(got[k]['rows']) != len(rows) or not same(got[k]['rows'][i].get(c), v)]
for b in bad[:10]: print('golden differs:', b)
sys.exit(1 if bad else 0)
PY
# report.csv: what the gap and map sections show comes from the plan directory; a bad code is named with its line
check "mini: gaps from plan_mini/report.csv (partition halves, census 2020)" json "[x for x in d['sections'] if x['key'] == 'gaps'][0]['covered'].startswith('county indicators 2020, decomposed by Halves')"
cp -R "$SRC/tests/fixtures/plan_mini" "$WORK/plan_bad"
printf 'key,value,note\ngap_indicator,gdp_pcc,typo\n' > "$WORK/plan_bad/report.csv"
run "init bad report.csv plan" 0 init --plan "$WORK/plan_bad" --db "$WORK/bad.db"
run "report with a bad report.csv" 1 report --db "$WORK/bad.db" --format json
check "error names file, line, column and code" contains "$WORK/err" "report.csv line 2 column 2: unknown indicator code: 'gdp_pcc'"
rm "$WORK/plan_bad/report.csv"
run "report without report.csv" 0 report --db "$WORK/bad.db" --format json
check "without report.csv: gaps say nothing is configured" json "'no report settings' in [x for x in d['sections'] if x['key'] == 'gaps'][0]['covered'] and 'gap_trend' not in d['tables']"
run "bad format" 1 report --db "$MDB" --format pdf
run "xlsx needs --out" 1 report --db "$MDB" --format xlsx
finish
