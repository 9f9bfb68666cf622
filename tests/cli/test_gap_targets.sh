#!/usr/bin/env bash
# End-to-end: gap targets (kind "gap": a disparity across the parts of a partition must fall; the plan's
# "四大板块…相对差距逐步缩小"). First a synthetic plan (a copy of tests/fixtures/plan_mini with made-up figures, this
# test's own) where every number is checked against python3's standard library: a strictly narrowing max/min
# (green: Mann–Kendall exact p = 1/120), a widening population-weighted Theil between the halves (red), a fall of
# three years that no test can call significant (yellow), a series break inside the span (not assessed; assessed
# with --across-breaks and said so), bad rows of targets.csv. Then the shipped Yunnan plan: the four gap targets,
# the prefecture CV of GDP per capita 2020 and 2021 recomputed from observations/prefecture_indicators.csv, the
# blocks' Theil between 2020 recomputed from the observation files, Chinese, `regio needs` (the Yunnan report's gap
# table: tests/cli/test_report.sh).
. "$(dirname "$0")/lib.sh"
P=$WORK/plan
cp -r "$SRC/tests/fixtures/plan_mini" "$P"
rm -f "$P/observations/"*.csv
# synthetic figures, 2020-2024: income of A stays 100, B's rises 50→90; gdp/pop of A and B for the Theil
python3 - "$P/observations/gap.csv" <<'PY'
import csv, sys
w = csv.writer(open(sys.argv[1], 'w', newline=''))
w.writerow(['region', 'indicator', 'year', 'value', 'source'])
for k, y in enumerate(range(2020, 2025)):
    w.writerow(['910000', 'income', y, 100, 'synthetic'])
    w.writerow(['920000', 'income', y, 50 + 10 * k, 'synthetic'])
    w.writerow(['910000', 'gdp', y, 100 + 20 * k, 'synthetic'])
    w.writerow(['910000', 'pop', y, 10, 'synthetic'])
    w.writerow(['920000', 'gdp', y, 100, 'synthetic'])
    w.writerow(['920000', 'pop', y, 20, 'synthetic'])
PY
cat > "$P/targets.csv" <<'CSV'
code,name_zh,name_en,scope,indicator,kind,comparator,value,tolerance,baseline_year,baseline_value,target_year,note,source,measure,weight
inc_gap,收入差距,Income gap,halves,income,gap,<=,1,,2020,,2025,synthetic,synthetic,max_min,
gdp_gap,人均产值差距,GDP per capita gap,halves,gdp_pc,gap,<=,1,,2020,,2025,synthetic,synthetic,theil_between,pop
short_gap,短序列差距,Short gap,halves,income,gap,<=,1,,2022,,2025,synthetic,synthetic,cv,
mixed_gdp,混合组生产总值,Mixed GDP,mixed,gdp,level,>=,100,,2020,50,2025,synthetic,synthetic,,
CSV
DB=$WORK/mini.db
run "init synthetic" 0 init --plan "$P" --db "$DB"
run "targets json" 0 targets --db "$DB" --format json
cp "$WORK/out" "$WORK/mini.json"
# the expected numbers, by python3's standard library: max/min, CV (population sd / mean), Theil T of the halves'
# GDP per capita weighted by population, S by the double loop and the exact p by enumerating permutations
python3 - "$WORK/mini.json" <<'PY' > "$WORK/expect.txt"
import itertools, json, math, statistics
d = json.load(open(__import__('sys').argv[1]))
inc = {y: (100, 50 + 10 * k) for k, y in enumerate(range(2020, 2025))}
def S(x): return sum((x[j] > x[i]) - (x[j] < x[i]) for i in range(len(x)) for j in range(i + 1, len(x)))
def exact(x):
    s = S(x); ps = list(itertools.permutations(range(len(x))))
    return sum(S(p) <= s for p in ps) / len(ps), sum(S(p) >= s for p in ps) / len(ps)
mm = [max(v) / min(v) for v in inc.values()]
def theil(y):
    k = y - 2020; g = [100 + 20 * k, 100]; p = [10, 20]; x = [g[i] / p[i] for i in range(2)]
    m = sum(g) / sum(p); return sum(p[i] / sum(p) * x[i] / m * math.log(x[i] / m) for i in range(2))
th = [theil(y) for y in range(2020, 2025)]
cv = [statistics.pstdev(inc[y]) / statistics.mean(inc[y]) for y in (2022, 2023, 2024)]
print(repr({'mm': mm, 'mm_p': exact(mm), 'th': th, 'th_p': exact(th), 'cv': cv, 'cv_p': exact(cv),
            'sen': statistics.median((mm[j] - mm[i]) / (j - i) for i in range(5) for j in range(i + 1, 5))}))
PY
E=$(cat "$WORK/expect.txt")
T="(lambda c: [t for t in d['targets'] if t['code'] == c][0])"
check "inc_gap: max/min series by hand" json "all(abs(a['value'] - b) < 1e-9 for a, b in zip($T('inc_gap')['series'], $E['mm'])) and len($T('inc_gap')['series']) == 5"
check "inc_gap: strictly narrowing, exact p = 1/120 → green" json "(lambda t, e: t['category'] == 'on_track' and t['warning'] == 'green' and t['gap_test']['mann_kendall_s'] == -10 and abs(t['gap_test']['p_decrease'] - e['mm_p'][0]) < 1e-12 and abs(e['mm_p'][0] - 1/120) < 1e-12 and t['gap_test']['exact'] and t['gap_test']['significant_fall'] and abs(t['gap_test']['sen_slope'] - e['sen']) < 1e-9)($T('inc_gap'), $E)"
check "inc_gap: baseline 2020 2.0, latest 2024 1.1111, −44.4%" json "(lambda t: t['baseline_year'] == 2020 and t['baseline_value'] == 2 and t['latest_year'] == 2024 and abs(t['latest_value'] - 100/90) < 1e-12 and abs(t['gap_test']['change_pct'] + 44.4444444) < 1e-6 and t['gap_test']['measure'] == 'max_min' and t['gap_test']['partition'] == 'halves' and t['scope_name'] == 'Halves')($T('inc_gap'))"
check "gdp_gap: Theil between by hand, widening → red (moving away)" json "(lambda t, e: all(abs(a['value'] - b) < 1e-12 for a, b in zip(t['series'], e['th'])) and t['category'] == 'moving_away' and t['warning'] == 'red' and abs(t['gap_test']['p_increase'] - e['th_p'][1]) < 1e-12 and t['gap_test']['weight'] == 'pop')($T('gdp_gap'), $E)"
check "short_gap: 3 years falling, no test possible → yellow" json "(lambda t, e: t['category'] == 'moderate' and t['warning'] == 'yellow' and t['gap_test']['n'] == 3 and abs(t['gap_test']['p_decrease'] - e['cv_p'][0]) < 1e-12 and abs(t['latest_value'] - e['cv'][2]) < 1e-12 and not t['gap_test']['significant_fall'])($T('short_gap'), $E)"
check "the other targets are untouched" json "$T('mixed_gdp')['kind'] == 'level' and 'gap_test' not in $T('mixed_gdp')"
run "targets table" 0 targets --db "$DB"
check "finding: test and verdict" contains "$WORK/out" "inc_gap: Income gap (max/min ratio): 2020 2.000× → 2024 1.111× (-44.4%); Mann–Kendall n=5, S=-10, one-sided p (decrease) = 0.008 (exact); Sen's slope -0.2153 a year → green (the gap narrowed and the fall is not noise (Mann–Kendall one-sided p < 0.05))"
check "finding: short series" contains "$WORK/out" "n=3, S=-3, one-sided p (decrease) = 0.167 (exact); Sen's slope -0.0619 a year (with fewer than 4 years no test can reach 5%) → yellow"
run "targets zh" 0 targets --db "$DB" --lang zh
check "finding zh" contains "$WORK/out" "inc_gap: 收入差距（最大/最小比）：2020年 2.000 倍 → 2024年 1.111 倍（-44.4%）；Mann–Kendall 检验 n=5，S=-10，下降单侧 p=0.008（精确）"
check "verdict zh" contains "$WORK/out" "差距扩大，且不是波动"
run "targets csv" 0 targets --db "$DB" --format csv
check "csv row" python3 -c "
import csv; r={x['code']:x for x in csv.DictReader(open('$WORK/out'))}
assert r['inc_gap']['category'] == 'on_track' and r['inc_gap']['warning'] == 'green' and r['inc_gap']['scope'] == 'halves', r['inc_gap']"

run "report json" 0 report --db "$DB" --year 2024 --format json --out "$WORK/r.json"
check "the report's gaps section: the gap targets with their test" python3 -c "
import json; d=json.load(open('$WORK/r.json')); t={r['name']: r for r in d['tables']['gap_targets']['rows']}
assert list(t) == ['Income gap', 'GDP per capita gap', 'Short gap'], t
r=t['Income gap']; assert r['baseline_value'] == 2 and abs(r['latest_value'] - 100/90) < 1e-12 and r['n'] == 5 and abs(r['p_decrease'] - 1/120) < 1e-12 and r['warning'] == 'green' and r['coverage'] == '2/2 parts', r
assert t['GDP per capita gap']['warning'] == 'red' and t['Short gap']['warning'] == 'yellow' and 'inc_gap' not in json.dumps(d['tables']['gap_targets'])"
run "report html zh" 0 report --db "$DB" --year 2024 --lang zh --out "$WORK/r.html"
check "report zh: the gap-target rule and table" python3 -c "
h=open('$WORK/r.html', encoding='utf-8').read(); g=h[h.index('<section id=\"gaps\">'):]
assert '差距目标' in g and 'Mann–Kendall 检验在 5% 单侧水平显著下降' in g and '收入差距' in g and 'warn-green' in g"

# a series break inside the span: not assessed; --across-breaks assesses it and says so
cat > "$P/breaks.csv" <<'CSV'
indicator,from_year,level,region,reason_zh,reason_en,source
income,2022,,,口径调整：合成数据,basis change: synthetic,synthetic
CSV
DB2=$WORK/mini2.db
run "init with a break" 0 init --plan "$P" --db "$DB2"
run "targets with a break" 0 targets --db "$DB2" --format json
check "across a break: not assessed" json "(lambda t: t['category'] == 'no_data' and 'crosses the series break' in t['finding'] and t['gap_test']['p_decrease'] is None)($T('inc_gap'))"
check "short_gap after the break: assessed" json "$T('short_gap')['category'] == 'moderate'"
run "targets across the break" 0 targets --db "$DB2" --format json --across-breaks
check "--across-breaks: assessed and said" json "(lambda t: t['category'] == 'on_track' and 'across the series break of Income from 2022' in t['finding'])($T('inc_gap'))"
rm -f "$P/breaks.csv"

# bad rows name file, line and column
bad() { # NAME ROW EXPECTED-MESSAGE
  head -1 "$SRC/tests/fixtures/plan_mini/targets.csv" | sed 's/$/,measure,weight/' > "$P/targets.csv"
  echo "$2" >> "$P/targets.csv"
  run "bad: $1" 1 init --plan "$P" --db "$WORK/bad.db"
  check "bad: $1 says so" contains "$WORK/err" "$3"
}
bad "scope" "g,甲,G,mixed,income,gap,<=,1,,2020,,2025,,,cv," "targets.csv line 2, column 'scope': the scope of a gap target must be a partition code (partitions.csv) ('mixed')"
bad "measure" "g,甲,G,halves,income,gap,<=,1,,2020,,2025,,,sd," "targets.csv line 2, column 'measure': must be cv, cv_w, gini, gini_w, theil_between or max_min ('sd')"
bad "weight missing" "g,甲,G,halves,income,gap,<=,1,,2020,,2025,,,cv_w," "targets.csv line 2, column 'weight': this measure needs a weight indicator (e.g. pop) ('')"
bad "weight not wanted" "g,甲,G,halves,income,gap,<=,1,,2020,,2025,,,gini,pop" "targets.csv line 2, column 'weight': this measure takes no weight ('pop')"
bad "comparator" "g,甲,G,halves,income,gap,>=,1,,2020,,2025,,,cv," "targets.csv line 2, column 'comparator': a gap target must be <= with a value"
bad "measure on a level target" "g,甲,G,mixed,gdp,level,>=,1,,2020,,2025,,,cv," "targets.csv line 2, column 'measure': only a gap target has a measure ('cv')"

# ---- the shipped Yunnan plan ----
DB=$WORK/yn.db
run "init yunnan" 0 init --plan "$SRC/data/yunnan" --db "$DB"
run "yunnan targets" 0 targets --db "$DB" --format json
cp "$WORK/out" "$WORK/yn.json"
check "four gap targets, each citing its sentence" json "[t['code'] for t in d['targets'] if t['kind'] == 'gap'] == ['blocks_gdp_pc_gap', 'prefecture_gdp_pc_gap', 'prefecture_income_urban_gap', 'prefecture_income_rural_gap']"
# prefecture GDP per capita = gdp / pop × 10^4 (亿元 / 万人 → 元/人) of the 16 prefectures, from the observation file
python3 - "$SRC/data/yunnan/observations/prefecture_indicators.csv" <<'PY' > "$WORK/cv.txt"
import csv, statistics, sys
v = {}
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
    if r['region'].endswith('00') and r['region'] != '530000' and r['indicator'] in ('gdp', 'pop') and r['year'] in ('2020', '2021'):
        v[(r['region'], r['indicator'], r['year'])] = float(r['value'])
out = {}
for y in ('2020', '2021'):
    x = [v[(c, 'gdp', y)] / v[(c, 'pop', y)] * 1e4 for c in sorted({k[0] for k in v})]
    assert len(x) == 16
    out[int(y)] = statistics.pstdev(x) / statistics.mean(x)
print(repr(out))
PY
CV=$(cat "$WORK/cv.txt")
check "prefecture CV 2020 and 2021 by hand (0.3394 → 0.3460)" json "(lambda t, e: abs(t['baseline_value'] - e[2020]) < 1e-9 and abs(t['latest_value'] - e[2021]) < 1e-9 and t['baseline_year'] == 2020 and t['latest_year'] == 2021 and round(e[2020], 4) == 0.3394 and round(e[2021], 4) == 0.3460)($T('prefecture_gdp_pc_gap'), $CV)"
check "prefecture CV: risen, two years only → red, not significant" json "(lambda t: t['category'] == 'insufficient' and t['warning'] == 'red' and t['gap_test']['n'] == 2 and t['gap_test']['p_decrease'] == 1 and t['coverage']['members_used'] == 16)($T('prefecture_gdp_pc_gap'))"
check "the 2015-2019 values are listed, not used (before the baseline; across the 2019 GDP and 2020 census breaks)" json "(lambda s: [p['year'] for p in s] == list(range(2015, 2022)) and [p['used'] for p in s] == [False] * 5 + [True] * 2)($T('prefecture_gdp_pc_gap')['series'])"
# the four blocks in 2020: each block's Σ gdp / Σ pop over its members as group_members.csv lists them (published
# prefecture figures; the 红河 counties' own), Theil T of the blocks weighted by population
python3 - "$SRC/data/yunnan" <<'PY' > "$WORK/theil.txt"
import csv, math, sys, glob
d = sys.argv[1]
obs = {}
for f in sorted(glob.glob(d + '/observations/*.csv')):
    for r in csv.DictReader(open(f, encoding='utf-8')):
        if r['year'] == '2020' and r['indicator'] in ('gdp', 'pop') and not r.get('vintage'):
            obs.setdefault((r['region'], r['indicator']), float(r['value']))
parts = {}
for r in csv.DictReader(open(d + '/group_members.csv', encoding='utf-8')):
    if r['group'].startswith('blocks_west.'):
        parts.setdefault(r['group'], []).append(r['member'])
g = {k: sum(obs[(m, 'gdp')] for m in ms) for k, ms in parts.items()}
p = {k: sum(obs[(m, 'pop')] for m in ms) for k, ms in parts.items()}
m = sum(g.values()) / sum(p.values())
print(sum(p[k] / sum(p.values()) * (g[k] / p[k]) / m * math.log(g[k] / p[k] / m) for k in parts))
PY
TH=$(cat "$WORK/theil.txt")
check "blocks: Theil between 2020 by hand ($TH)" json "abs($T('blocks_gdp_pc_gap')['baseline_value'] - $TH) < 1e-9"
# the sentence names the first 5 members without data and counts the rest (24 of the blocks' 27 members lack 2022)
check "blocks: one complete year → no data, needs the 红河 counties" json "(lambda t: t['category'] == 'no_data' and t['warning'] == 'grey' and '532501 Gejiu' in t['needs'] and t['needs'].endswith('and 19 more (regio needs)') and t['series'][-1]['complete'] is False)($T('blocks_gdp_pc_gap'))"
check "income gaps: no data, all 16 prefectures (5 named, 11 more)" json "all($T(c)['category'] == 'no_data' and '530100 Kunming' in $T(c)['needs'] and $T(c)['needs'].endswith('and 11 more (regio needs)') for c in ('prefecture_income_urban_gap', 'prefecture_income_rural_gap'))"
check "the sentence cited" json "'相对差距逐步缩小' in $T('blocks_gdp_pc_gap')['source'] if 'source' in $T('blocks_gdp_pc_gap') else True"
run "yunnan zh" 0 targets --db "$DB" --lang zh
check "zh finding" contains "$WORK/out" "prefecture_gdp_pc_gap: 州市间人均地区生产总值差距（变异系数）：2020年 0.3394 → 2021年 0.3460（+1.9%）；只有 2 个年份，无法检验"
run "needs" 0 needs --db "$DB" --format json
check "needs lists the blocks' members" python3 -c "
import json; d=json.load(open('$WORK/out'))
n=[x for x in d['items'] if x['code'] == 'blocks_gdp_pc_gap'][0]
assert any(c['region'] == '532523' and c['indicator'] in ('gdp_pc', 'pop') for c in n['cells']), n
u=[x for x in d['items'] if x['code'] == 'prefecture_income_rural_gap'][0]
assert {c['region'] for c in u['cells'] if c['year'] == d['year']} >= {'530100', '533300'} and all(c['indicator'] == 'income_rural' for c in u['cells']), u
" 
finish
