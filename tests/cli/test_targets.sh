#!/usr/bin/env bash
# End-to-end: `regio targets` on the shipped Yunnan plan — every target with its assessment fields in JSON,
# --year, --group, CSV/Markdown/table, Chinese, and exit codes.
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db

run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

run "targets json" 0 targets --db "$DB" --format json
check "all 20 targets" json "len(d) == 20 and len({t['code'] for t in d}) == 20"
FIELDS="code name scope scope_name indicator unit comparator target tolerance target_year baseline_year baseline_value latest_year latest_value gap method rate_unit required_rate actual_rate remaining_rate cagr_ratio category warning projected_value projected_gap year_reached coverage finding needs note series"
check "every field in every target" json "all(k in t for t in d for k in '$FIELDS'.split())"
check "categories and warnings are known words" json "all(t['category'] in ('on_track','moderate','insufficient','moving_away','met','no_data') and t['warning'] in ('green','yellow','red','grey') for t in d)"
check "no-data targets say which data would answer them" json "all((t['category'] == 'no_data') == (t['needs'] is not None) and t['warning'] == ('grey' if t['category'] == 'no_data' else t['warning']) for t in d)"
check "coverage fields" json "all(set(t['coverage']) == {'complete','members_used','members_total'} for t in d)"
# 昆明 GDP: (10000/6733.79)^(1/5)-1 = 8.23 %, (7541.37/6733.79)^(1/2)-1 = 5.83 % → ratio 0.708, moderate (test_track.c)
check "km_gdp moderate, yellow" json "[t for t in d if t['code'] == 'km_gdp'][0]['category'] == 'moderate' and [t for t in d if t['code'] == 'km_gdp'][0]['warning'] == 'yellow'"
check "km_gdp rates" json "abs([t for t in d if t['code'] == 'km_gdp'][0]['required_rate'] - 8.2302) < 1e-3 and abs([t for t in d if t['code'] == 'km_gdp'][0]['actual_rate'] - 5.8267) < 1e-3"
check "dz_gdp_share: 2020 61.47% complete, 2021 incomplete" json "(lambda s: abs(s[2020]['value'] - 61.4718) < 1e-3 and s[2020]['complete'] and not s[2021]['complete'])({p['year']: p for p in [t for t in d if t['code'] == 'dz_gdp_share'][0]['series']})"
check "shares in points a year" json "[t for t in d if t['code'] == 'dz_gdp_share'][0]['rate_unit'] == 'points/yr'"
check "the old listing's fields survive" json "any(t['scope'] == 'dianzhong' and t['indicator'] == 'gdp' for t in d)"

run "as of 2021" 0 targets --db "$DB" --format json --year 2021
check "km_gdp latest 2021" json "[t for t in d if t['code'] == 'km_gdp'][0]['latest_year'] == 2021"
run "as of 2019" 0 targets --db "$DB" --format json --year 2019
check "before the baseline: no assessment" json "all(t['category'] == 'no_data' for t in d)"

run "group filter" 0 targets --db "$DB" --format json --group dianzhong
check "4 dianzhong targets" json "len(d) == 4 and all(t['scope'] == 'dianzhong' for t in d)"
run "region filter" 0 targets --db "$DB" --format json --group 530100
check "3 Kunming targets" json "len(d) == 3 and all(t['scope'] == '530100' for t in d)"

run "csv" 0 targets --db "$DB" --format csv
check "header and 20 rows" test "$(python3 -c "import csv; print(len(list(csv.reader(open('$WORK/out')))))")" -eq 21
check "csv has cagr_ratio" grep -q "cagr_ratio" "$WORK/out"
run "markdown" 0 targets --db "$DB" --format md
check "markdown table" grep -q "^| code |" "$WORK/out"
run "table" 0 targets --db "$DB"
check "table has findings" contains "$WORK/out" "km_gdp: Kunming GDP 2022: 7541.37 亿元 (target ≥10000 亿元 by 2025); needs +8.23% a year, achieved +5.83% a year since 2020"
run "table zh" 0 targets --db "$DB" --lang zh
check "finding in Chinese" contains "$WORK/out" "需每年 +8.23%，实际每年 +5.83%（2020年以来）"

run "unknown group" 1 targets --db "$DB" --group nowhere
check "names the code" contains "$WORK/err" "nowhere"
run "bad year" 1 targets --db "$DB" --year 20x1
run "bad format" 1 targets --db "$DB" --format xml
run "missing db" 1 targets --db "$WORK/none.db"
run "help" 0 targets --help
check "help lists --year" contains "$WORK/out" "--year"

finish
