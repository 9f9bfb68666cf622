#!/usr/bin/env bash
# End-to-end: the server's answers over a store with more years than a worker thread's cache keeps (64), on the
# synthetic plan_mini plus synthetic series (written here; not real figures): gdp and pop of the five counties in
# every year 1950-2024 (75 years), so /targets holds 75 years at once (a year freed under it would be read after
# free: ASan and valgrind runs of this test catch it) and equals `regio targets --format json` key for key — with a
# target met by a bounded observation ("≥95", as tests/cli/test_report_bounds.sh) and a target whose span crosses a
# declared series break, which the CLI assesses with the bound and leaves unassessed across the break. Also: a
# ratio computed from only some of a prefecture's counties is no value of the prefecture in /map and /regions
# (value null, partial with members used of members), and /disparity's default years include a computed indicator's.
. "$(dirname "$0")/lib.sh"
cp -R "$SRC/tests/fixtures/plan_mini" "$WORK/plan"
PLAN=$WORK/plan
echo "medical_insurance_coverage,基本医疗保险参保率,Basic medical insurance coverage,%,higher,none,,,,,0,100,1,test copy" >>"$PLAN/indicators.csv"
{
  echo "cov95,参保率,Coverage 95,900000,medical_insurance_coverage,level,>=,95,,,,2025,test,test"
  echo "gdp_b,乙市生产总值,GDP of B,920000,gdp,level,>=,1,,2015,,2030,test,test"
} >>"$PLAN/targets.csv"
# a declared break in B's GDP from 2019 (as the 2019 economic census in the Yunnan plan)
printf 'indicator,from_year,level,region,reason_zh,reason_en,source\ngdp,2019,,920000,测试断点,test break,synthetic\n' >"$PLAN/breaks.csv"
cat >"$PLAN/observations/coverage.csv" <<'CSV'
region,indicator,year,value,source,qualifier,source_kind
900000,medical_insurance_coverage,2023,95,synthetic test data,>=,news
CSV
# synthetic series: 1950-2024 for every county, except 910002 (a county of prefecture 910000) in 2024, so that
# 910000's gdp_pc of 2024 is computed from one of its two counties
python3 - "$PLAN/observations/long.csv" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('region,indicator,year,value,source\n')
    for k, c in enumerate(['910001', '910002', '920001', '920002', '920003']):
        for y in range(1950, 2025):
            if c == '910002' and y == 2024: continue
            f.write(f'{c},gdp,{y},{10 + k * 3 + (y - 1950) * 0.5:.1f},synthetic test data\n')
            f.write(f'{c},pop,{y},{2 + k * 0.5 + (y - 1950) * 0.01:.2f},synthetic test data\n')
PY
rm -f "$PLAN/observations/synthetic.csv" "$PLAN/observations/synthetic_2023.csv"
DB=$WORK/c.db
run "init" 0 init --plan "$PLAN" --db "$DB"

. "$(dirname "$0")/serve_lib.sh"
# one worker thread: every request goes through the same cache
SERVE_THREADS=1 start c --no-evaluation
A=/api/v1

# /indicators reads every year: 75 of them, more than the cache keeps
get "indicators" 200 "$A/indicators"
check "75 years of county gdp" json "[i for i in d if i['code']=='gdp'][0]['levels']['county']['years'] == list(range(1950, 2025))"
for lang in en zh; do
  get "targets $lang" 200 "$A/targets?lang=$lang"
  cp "$WORK/out" "$WORK/api.json"
  run "cli targets $lang" 0 targets --db "$DB" --format json --lang $lang
  check "/targets = regio targets --format json ($lang), 75 years held at once" python3 -c "
import json; a=json.load(open('$WORK/api.json')); c=json.load(open('$WORK/out')); assert a == c, (a, c)"
  check "the bounded observation meets cov95 ($lang)" json "[(t['latest_bound'], t['warning']) for t in d['targets'] if t['code']=='cov95'] == [('>=', 'green')]"
  check "gdp_b's span crosses the 2019 break: not assessed ($lang)" json "[t['warning'] for t in d['targets'] if t['code']=='gdp_b'] == ['grey']"
done
get "targets as of 2000" 200 "$A/targets?year=2000"
cp "$WORK/out" "$WORK/api.json"
run "cli targets --year 2000" 0 targets --db "$DB" --format json --year 2000
check "/targets?year=2000 = regio targets --year 2000" python3 -c "import json; assert json.load(open('$WORK/api.json')) == json.load(open('$WORK/out'))"
# the same again from the filled cache, and a region page and series over every year
get "targets again" 200 "$A/targets"
cp "$WORK/out" "$WORK/api.json"
run "cli targets again" 0 targets --db "$DB" --format json
check "/targets from the cache = regio targets" python3 -c "import json; assert json.load(open('$WORK/api.json')) == json.load(open('$WORK/out'))"
get "series over 75 years" 200 "$A/series?units=910001,920000&indicator=gdp"
check "910001's gdp 1950-2024 as written" json "[(v['year'], v['value']) for v in d['units'][0]['series']['gdp']['values']] == [(y, round(10 + (y - 1950) * 0.5, 1)) for y in range(1950, 2025)]"
check "920000's gdp is the sum of its three counties" json "d['units'][1]['series']['gdp']['values'][0]['value'] == 16 + 19 + 22 and d['units'][1]['series']['gdp']['breaks'] == [2019]"
get "observations over 75 years" 200 "$A/observations?indicator=pop&region=920003&years=1950:2024"
check "75 observations" json "d['count'] == 75 and d['observations'][-1]['value'] == round(2 + 4 * 0.5 + 74 * 0.01, 2)"

# a ratio from one of two counties is no value of the prefecture
get "map of gdp_pc 2024" 200 "$A/map?indicator=gdp_pc&year=2024&level=prefecture"
check "910000: value null, partial 1 of 2 counties" json "[(v['value'], v['partial'], v['complete'], v.get('members_used'), v.get('members')) for v in d['values'] if v['code']=='910000'] == [(None, True, False, 1, 2)]"
check "920000: complete, its value" json "[(round(v['value'], 6), v['partial']) for v in d['values'] if v['code']=='920000'] == [(round((53 + 56 + 59) / (3.74 + 4.24 + 4.74) * 10000, 6), False)]"
check "coverage counts the complete value only" json "d['coverage'] == {'with_value': 1, 'partial': 1, 'units': 2} and d['min'] == d['max']"
get "map of gdp_pc 2023" 200 "$A/map?indicator=gdp_pc&year=2023&level=prefecture"
check "2023: both complete" json "d['coverage'] == {'with_value': 2, 'partial': 0, 'units': 2} and all(v['value'] is not None and 'members_used' not in v for v in d['values'])"
get "region page of 910000" 200 "$A/regions/910000?lang=zh"
check "gdp_pc: the latest complete year (2023), the partial 2024 said, not shown" json "[(i['year'], i['complete'], i['partial']) for i in d['indicators'] if i['code']=='gdp_pc'] == [(2023, True, {'year': 2024, 'members_used': 1, 'members': 2})]"
check "its 2023 value" json "[round(i['value'], 6) for i in d['indicators'] if i['code']=='gdp_pc'] == [round((46.5 + 49.5) / (2.73 + 3.23) * 10000, 6)]"
get "region page of 910000 in 2024" 200 "$A/regions/910000?year=2024"
check "as of 2024 too" json "[(i['year'], i['partial']['year']) for i in d['indicators'] if i['code']=='gdp_pc'] == [(2023, 2024)]"

# /disparity without years: a computed indicator's years (gdp_pc has no stored row)
get "disparity of gdp_pc, default years" 200 "$A/disparity?indicator=gdp_pc&level=county"
check "every year 1950-2024 (2024 on 4 counties)" json "[y['year'] for y in d['years']] == list(range(1950, 2025)) and d['years'][-1]['n'] == 4 and d['years'][0]['n'] == 5 and d['skipped'] == []"
run "cli disparity gdp_pc 1990" 0 disparity gdp_pc --level county --year 1990 --db "$DB" --format json
cp "$WORK/out" "$WORK/cli.json"
get "disparity 1990" 200 "$A/disparity?indicator=gdp_pc&level=county"
check "1990 = regio disparity" python3 -c "
import json; a=[y for y in json.load(open('$WORK/out'))['years'] if y['year']==1990]; c=json.load(open('$WORK/cli.json'))['years']
assert [y['measures'] for y in a] == [y['measures'] for y in c], (a, c)"
get "disparity of gdp_pc at prefecture level" 200 "$A/disparity?indicator=gdp_pc&level=prefecture"
check "2024 (one complete prefecture) skipped" json "d['years'][-1]['year'] == 2023 and d['skipped'] == [{'year': 2024, 'n': 1}]"
get "too many years asked" 400 "$A/disparity?indicator=gdp&years=1950:2024"

kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
check "the server stopped cleanly (exit 0; under valgrind no error)" test $? -eq 0
PIDS=()
finish
