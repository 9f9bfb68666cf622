#!/usr/bin/env bash
# End-to-end on the synthetic plan tests/fixtures/plan_mini: re-running init after an observation file was
# edited replaces that file's import; an Excel workbook and a wide yearbook table import with the right values.
. "$(dirname "$0")/lib.sh"
PLAN=$WORK/plan
cp -R "$SRC/tests/fixtures/plan_mini" "$PLAN"
DB=$WORK/mini.db

run "init" 0 init --plan "$PLAN" --db "$DB"
run "value before edit" 0 value gdp --region 910001 --year 2020 --format json --db "$DB"
check "10 as in the file" json "d['value'] == 10"

# edit the file: one value changes, one row goes
sed -i -e 's/^910001,gdp,2020,10,/910001,gdp,2020,12,/' -e '/^920003,gdp,2020,/d' "$PLAN/observations/synthetic.csv"
run "re-init after edit" 0 init --plan "$PLAN" --db "$DB"
check "says it replaced" contains "$WORK/err" "replaces batch 1"
run "value after edit" 0 value gdp --region 910001 --year 2020 --format json --db "$DB"
check "12 now" json "d['value'] == 12"
run "removed row" 0 value gdp --region 920003 --year 2020 --format json --db "$DB"
check "gone" json "d['value'] is None"
run "one live batch" 0 batches --format json --db "$DB"
check "only the new batch of synthetic.csv" json "(lambda s: len(s) == 1 and s[0] != 1)([b['batch'] for b in d if b['file'].endswith('/synthetic.csv')])"

# an Excel workbook (made here from CSV with GDAL's ogr2ogr, numbers as numeric cells)
cat > "$WORK/book.csv" <<'CSV'
region,indicator,year,value,source
910001,gdp,2021,11.5,synthetic test row
920002,pop,2021,26,synthetic test row
CSV
ogr2ogr -q -f XLSX "$WORK/book.xlsx" "$WORK/book.csv" -oo AUTODETECT_TYPE=YES -nln data
run "xlsx import" 0 import "$WORK/book.xlsx" --format json --db "$DB"
check "2 rows from XLSX" json "d[0]['rows'] == 2 and d[0]['encoding'] == 'XLSX'"
run "xlsx value" 0 value gdp --region 910001 --year 2021 --format json --db "$DB"
check "11.5" json "d['value'] == 11.5"

# a wide yearbook table: one column per year, a placeholder for a missing figure, a name column ignored
cat > "$WORK/wide.csv" <<'CSV'
代码,地区,2018年,2019年
910002,甲二县,25,-
920001,乙一区,18,19.5
CSV
run "wide import" 0 import "$WORK/wide.csv" --indicator gdp --source "synthetic yearbook table" --format json --db "$DB"
check "3 values, 1 placeholder, name ignored" json "d[0]['rows'] == 3 and d[0]['skipped_empty'] == 1 and d[0]['ignored_columns'] == '地区'"
run "wide value" 0 value gdp --region 920001 --year 2019 --format json --db "$DB"
check "19.5" json "d['value'] == 19.5"

# a mapping with a scale: persons → 万人
printf 'code,POPU\n910001,123456\n' > "$WORK/census.csv"
printf 'column,indicator,year,scale\nPOPU,pop,2010,0.0001\n' > "$WORK/map.csv"
run "mapping import" 0 import "$WORK/census.csv" --mapping "$WORK/map.csv" --source "synthetic census table" --db "$DB"
run "scaled value" 0 value pop --region 910001 --year 2010 --format json --db "$DB"
check "12.3456 万人" json "abs(d['value'] - 12.3456) < 1e-12"

# out of bounds and half-written rows are refused, naming the line
printf 'region,indicator,year,value,source\n910001,urban_rate,2021,120,x\n910002,gdp,2021' > "$WORK/bad.csv"
run "refused" 1 import "$WORK/bad.csv" --db "$DB"
check "bounds named" contains "$WORK/err" "bad.csv:2, column 'value': value 120 of urban_rate is outside the indicator's bounds [0, 100]"
check "short row named" contains "$WORK/err" "bad.csv:3: expected 5 fields, found only 3 (a half-written row?)"

finish
