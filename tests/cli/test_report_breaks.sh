#!/usr/bin/env bash
# End-to-end (issue 11 item 5): series breaks on the report's charts, in its JSON, and in target tracking.
# Yunnan: the prefecture GDP-per-capita gap chart spans 2015–2021 and the plan declares two breaks in it (GDP
# 2019, the economic census; population 2020, the population census, for 15 prefectures): each is a dashed
# marker at its year with its reason (SVG <g class="series-break">, the full reason as tooltip), zh and en; the
# JSON lists every break of breaks.csv by indicator (table "breaks"). Targets: on a copy of the synthetic plan_mini
# with a synthetic GDP break in 2022, "Mixed GDP" (baseline 2020, latest 2023) is not assessed across it unless
# --across-breaks, and then its finding says which break it crosses; the report follows `regio targets`.
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"
FAST=(--permutations 99 --uncertainty 50)
for lang in zh en; do
  run "report html $lang" 0 report --db "$DB" --year 2023 --lang $lang --out "$WORK/r-$lang.html" "${FAST[@]}"
  check "$lang gap chart: break markers at 2019 and 2020 with their reasons" python3 - "$WORK/r-$lang.html" $lang <<'PY'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
gaps = h[h.index('<section id="gaps">'):h.index('<section id="maps">')]
chart = re.search(r'<svg[^>]*class="chart".*?</svg>', gaps, re.S).group(0)
marks = re.findall(r'<g class="series-break" data-year="(\d+)"><title>([^<]*)</title><line [^>]*stroke-dasharray[^>]*/><text [^>]*>([^<]*)</text></g>', chart)
want = {"zh": [("2019", "经济普查修订"), ("2020", "人口普查修订")], "en": [("2019", "economic-census revision"), ("2020", "population-census revision")]}[sys.argv[2]]
got = [(y, label) for y, _, label in marks]
ok = got == [(y, "%s %s" % (y, r)) for y, r in want] and all(t.startswith(r) for (_, t, _), (_, r) in zip(marks, want))
if not ok: print("markers:", marks)
sys.exit(0 if ok else 1)
PY
done
run "report json" 0 report --db "$DB" --year 2023 --format json "${FAST[@]}"
check "JSON: the breaks by indicator (1 GDP, 15 population), in the annex" json "(lambda b: len(b) == 16 and b[0]['indicator'] == 'gdp' and b[0]['from_year'] == 2019 and b[0]['applies_to'] == 'every level' and sum(x['indicator'] == 'pop' and x['from_year'] == 2020 for x in b) == 15)(d['tables']['breaks']['rows']) and 'breaks' in [s for s in d['sections'] if s['key'] == 'annex_codes'][0]['tables']"
# targets across a break (synthetic plan and break)
cp -R "$SRC/tests/fixtures/plan_mini" "$WORK/plan"
printf 'indicator,from_year,level,region,reason_zh,reason_en,source\ngdp,2022,,,经济普查修订：合成的测试断点,economic-census revision: a synthetic test break,synthetic\n' >"$WORK/plan/breaks.csv"
MDB=$WORK/mini.db
run "init mini with a break" 0 init --plan "$WORK/plan" --db "$MDB"
run "targets" 0 targets --db "$MDB" --format json
check "Mixed GDP 2020–2023 crosses the 2022 break: not assessed, says why" json "(lambda t: t['warning'] == 'grey' and t['cagr_ratio'] is None and '2020–2023 crosses the series break of GDP from 2022' in t['finding'])([x for x in d['targets'] if x['code'] == 'mixed_gdp'][0])"
run "targets --across-breaks" 0 targets --db "$MDB" --format json --across-breaks
check "--across-breaks: assessed (ratio 0.80, yellow) and the finding says which break" json "(lambda t: t['warning'] == 'yellow' and abs(t['cagr_ratio'] - 0.80) < 0.005 and 'across the series break of GDP from 2022' in t['finding'])([x for x in d['targets'] if x['code'] == 'mixed_gdp'][0])"
run "targets table zh" 0 targets --db "$MDB" --lang zh
check "zh table: the finding names the break" grep -q "跨越地区生产总值 2022年起的统计口径变化（经济普查修订），前后不可比，不作评估" "$WORK/out"
run "targets --help" 0 targets --help
check "targets --help lists --across-breaks" grep -q -- "--across-breaks" "$WORK/out"
run "report json mini" 0 report --db "$MDB" --format json --lang en
check "report: grey like the CLI, the summary says a break keeps one target unjudged" json "[r['warning'] for r in d['tables']['targets']['rows'] if r['name'] == 'Mixed GDP'] == ['grey'] and '1 not assessed because their span crosses a series break' in d['summary']"
run "report json mini zh" 0 report --db "$MDB" --format json --lang zh
check "zh summary: 跨越统计口径变化而不作评估" json "'1 个因基期以来跨越统计口径变化而不作评估' in d['summary']"
finish
