#!/usr/bin/env bash
# End-to-end: `regio targets` on the shipped Yunnan plan — every target with its assessment fields in JSON,
# then the indicators monitored without a target with their trend status, --year, --group, CSV/Markdown/table,
# Chinese, and exit codes. The JSON is {as_of, targets, monitored}: 21 targets (17 and the 4 gap targets, tests/cli/test_gap_targets.sh; 20 before pension and medical
# insurance coverage and life expectancy were read, correctly, as 2020 baselines: plan-original.txt line 16).
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db

run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

run "targets json" 0 targets --db "$DB" --format json
cp "$WORK/out" "$WORK/full.json"
check "all 21 targets, 3 monitored" json "len(d['targets']) == 21 and len({t['code'] for t in d['targets']}) == 21 and len(d['monitored']) == 3 and d['as_of'] is None"
check "the 2020 baselines are not targets" json "not {'pension_coverage','medical_insurance_coverage','life_expectancy'} & {t['code'] for t in d['targets']}"
check "monitored: plan baselines, no data yet, no warning colour" json "[(m['code'], m['baseline_year'], m['baseline_value'], m['status']) for m in d['monitored']] == [('pension_coverage', 2020, 90, 'no_data'), ('medical_insurance_coverage', 2020, 95, 'no_data'), ('life_expectancy', 2020, 75.26, 'no_data')] and all('warning' not in m and m['needs'] and '养老保险参保率达90%' in d['monitored'][0]['source'] for m in d['monitored'])"
python3 -c "import json; d=json.load(open('$WORK/full.json')); json.dump(d['targets'], open('$WORK/out','w'))"
FIELDS="code name scope scope_name indicator unit comparator target tolerance target_year baseline_year baseline_value latest_year latest_value gap method rate_unit required_rate actual_rate remaining_rate cagr_ratio category warning projected_value projected_gap year_reached coverage finding needs note series"
check "every field in every target" json "all(k in t for t in d for k in '$FIELDS'.split())"
check "categories and warnings are known words" json "all(t['category'] in ('on_track','moderate','insufficient','moving_away','met','no_data') and t['warning'] in ('green','yellow','red','grey') for t in d)"
check "no-data targets say which data would answer them" json "all((t['category'] == 'no_data') == (t['needs'] is not None) and t['warning'] == ('grey' if t['category'] == 'no_data' else t['warning']) for t in d)"
check "coverage fields" json "all(set(t['coverage']) == {'complete','members_used','members_total'} for t in d)"
# 昆明 GDP: (10000/6733.79)^(1/5)-1 = 8.23 %, (8275.22/6733.79)^(1/4)-1 = 5.29 % (2024, found_2021_2025.csv) → ratio 0.643, moderate
check "km_gdp moderate, yellow" json "[t for t in d if t['code'] == 'km_gdp'][0]['category'] == 'moderate' and [t for t in d if t['code'] == 'km_gdp'][0]['warning'] == 'yellow'"
check "km_gdp rates" json "abs([t for t in d if t['code'] == 'km_gdp'][0]['required_rate'] - 8.2302) < 1e-3 and abs([t for t in d if t['code'] == 'km_gdp'][0]['actual_rate'] - 5.2883) < 1e-3 and [t for t in d if t['code'] == 'km_gdp'][0]['latest_year'] == 2024"
# the latest vintage of the province's 2020 GDP is the revised 25200 (the prefectures' 2020 figures are first releases)
check "dz_gdp_share: 2020 59.82% (latest vintage) complete, 2021 incomplete" json "(lambda s: abs(s[2020]['value'] - 59.8172) < 1e-3 and s[2020]['complete'] and not s[2021]['complete'])({p['year']: p for p in [t for t in d if t['code'] == 'dz_gdp_share'][0]['series']})"
check "shares in points a year" json "[t for t in d if t['code'] == 'dz_gdp_share'][0]['rate_unit'] == 'points/yr'"
check "the old listing's fields survive" json "any(t['scope'] == 'dianzhong' and t['indicator'] == 'gdp' for t in d)"

run "as of 2021" 0 targets --db "$DB" --format json --year 2021
check "km_gdp latest 2021" json "d['as_of'] == 2021 and [t for t in d['targets'] if t['code'] == 'km_gdp'][0]['latest_year'] == 2021"
run "as of 2019" 0 targets --db "$DB" --format json --year 2019
check "before the baseline: no assessment" json "all(t['category'] == 'no_data' for t in d['targets']) and all(m['baseline_year'] is None for m in d['monitored'])"

run "group filter" 0 targets --db "$DB" --format json --group dianzhong
check "4 dianzhong targets" json "len(d['targets']) == 4 and all(t['scope'] == 'dianzhong' for t in d['targets']) and d['monitored'] == []"
run "region filter" 0 targets --db "$DB" --format json --group 530100
check "3 Kunming targets" json "len(d['targets']) == 3 and all(t['scope'] == '530100' for t in d['targets'])"
run "province filter" 0 targets --db "$DB" --format json --group 530000
check "the province's monitored indicators" json "len(d['monitored']) == 3"

run "csv" 0 targets --db "$DB" --format csv
check "header, 21 target rows, 3 monitored rows" python3 -c "import csv,sys; r=list(csv.DictReader(open('$WORK/out'))); sys.exit(0 if [x['type'] for x in r] == ['target']*21 + ['monitored']*3 and r[21]['category'] == 'no_data' and r[21]['warning'] == '' else 1)"
check "csv has cagr_ratio" grep -q "cagr_ratio" "$WORK/out"
run "markdown" 0 targets --db "$DB" --format md
check "markdown table" grep -q "^| code |" "$WORK/out"
run "table" 0 targets --db "$DB"
check "table has findings" contains "$WORK/out" "km_gdp: Kunming GDP 2024: 8275.22 100 million yuan (target ≥10000 100 million yuan by 2025); needs +8.23% a year, achieved +5.29% a year since 2020"
check "table lists the monitored indicators after the targets" contains "$WORK/out" "monitored indicators (no quantified target in the plan: judged on the direction and pace of change, no warning colour)"
check "monitored finding" contains "$WORK/out" "pension_coverage: Pension insurance coverage (Yunnan): baseline 2020: 90.0%, no usable data after it → no data"
run "table zh" 0 targets --db "$DB" --lang zh
check "finding in Chinese" contains "$WORK/out" "需每年 +8.23%，实际每年 +5.29%（2020年以来）"
check "monitored in Chinese" contains "$WORK/out" "人均预期寿命（云南省）：2020年基期 75.26 岁，之后尚无可用数据 → 无数据"

# a trend on clearly synthetic values (not data): pension coverage 90 (2020, the plan) → 93 (2022):
# CAGR (93/90)^(1/2) − 1 = 1.6530 % a year ≥ 1.5 → significant progress; life expectancy 75.26 → 75 (2022):
# (75/75.26)^(1/2) − 1 = −0.1729 % a year → moving away (docs/methods/tracking.md, Open SDG thresholds)
printf 'region,indicator,year,value,source\n530000,pension_coverage,2022,93,synthetic test value\n530000,life_expectancy,2022,75,synthetic test value\n' > "$WORK/syn.csv"
run "import synthetic" 0 import "$WORK/syn.csv" --db "$DB"
run "targets after" 0 targets --db "$DB" --format json
check "pension: significant progress" json "(lambda m: m['status'] == 'significant_progress' and abs(m['cagr'] - 1.6530) < 1e-4 and abs(m['change_per_year'] - 1.5) < 1e-12 and m['trend'] == 'rising' and m['needs'] is None)(d['monitored'][0])"
check "life expectancy: moving away" json "(lambda m: m['status'] == 'moving_away' and abs(m['cagr'] + 0.1729) < 1e-4 and m['trend'] == 'falling')(d['monitored'][2])"
run "table zh after" 0 targets --db "$DB" --lang zh
check "trend finding in Chinese" contains "$WORK/out" "养老保险参保率（云南省）2022年：93.0%（2020年基期 90.0%）；年均 +1.65%（+1.50 个百分点/年），上升 → 显著改善"
run "markdown after" 0 targets --db "$DB" --format md
check "markdown has the monitored rows" grep -q "| pension_coverage | Pension insurance coverage |.*significant_progress" "$WORK/out"

run "unknown group" 1 targets --db "$DB" --group nowhere
check "names the code" contains "$WORK/err" "nowhere"
run "bad year" 1 targets --db "$DB" --year 20x1
run "bad format" 1 targets --db "$DB" --format xml
run "missing db" 1 targets --db "$WORK/none.db"
run "help" 0 targets --help
check "help lists --year" contains "$WORK/out" "--year"

finish
