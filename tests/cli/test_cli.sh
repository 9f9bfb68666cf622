#!/usr/bin/env bash
# End-to-end: a new user's tour on the shipped Yunnan plan — init (twice), listings, values with coverage,
# the consistency check, imports that must be rejected without changing anything, a GB18030 file, undo.
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db

run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"
run "init again is safe" 0 init --plan "$SRC/data/yunnan" --db "$DB"
check "re-init imports nothing twice" contains "$WORK/err" "0 files imported"

run "overview" 0 overview --db "$DB"
check "overview lists 129 counties" grep -qE "county +129" "$WORK/out"

run "counties json" 0 regions --level county --format json --db "$DB"
check "129 counties" json "len(d) == 129 and all(r['level'] == 'county' for r in d)"
run "prefectures csv" 0 regions --level prefecture --format csv --db "$DB"
check "16 prefectures + header" test "$(wc -l < "$WORK/out")" -eq 17

run "groups" 0 groups --db "$DB" --format json
check "dianzhong has 49 counties" json "[g for g in d if g['code'] == 'dianzhong'][0]['counties'] == 49"
run "group members" 0 groups dianzhong --db "$DB" --lang zh
check "members table names 蒙自" contains "$WORK/out" "蒙自"

run "indicators" 0 indicators --db "$DB" --format json
check "gdp_pc is a ratio" json "[i for i in d if i['code'] == 'gdp_pc'][0]['rule'] == 'gdp / pop × 10000'"
run "targets" 0 targets --db "$DB" --format json
check "targets listed" json "len(d['targets']) == 21 and any(t['scope'] == 'dianzhong' and t['indicator'] == 'gdp' for t in d['targets'])"

# the acceptance example: 滇中 2020 population with coverage; 46.5% of the province (data README); the sum
# 2195.381 万人 = 4 prefectures + 7 红河 counties of data/yunnan/observations, added up independently
run "value pop dianzhong" 0 value pop --group dianzhong --year 2020 --share-of 530000 --format json --db "$DB"
check "value, coverage and share" json "d['complete'] and d['coverage']['used'] == 11 and abs(d['value'] - 2195.381) < 1e-9 and abs(d['share']['percent'] - 46.50) < 0.01"
run "value gdp dianzhong" 0 value gdp --group dianzhong --year 2020 --share-of 530000 --db "$DB" --vintage first
check "61.47% GDP share on first releases (data README)" contains "$WORK/out" "61.47%"
# the latest vintage of the province's 2020 GDP is the revision 25200 (2.52万亿元): the share moves, and says so
run "value gdp dianzhong, latest" 0 value gdp --group dianzhong --year 2020 --share-of 530000 --db "$DB"
check "59.82% against the revised province total" contains "$WORK/out" "share of Yunnan (25200.00 亿元): 59.82%"
run "value region with published and computed" 0 value gdp --region 530300 --year 2020 --format json --db "$DB"
check "曲靖 published 2959.35" json "abs(d['published'] - 2959.35) < 1e-9 and d['origin'] == 'published'"

run "check" 0 check --db "$DB" --year 2020 --format json
check "2020 census population adds up" json "any(r['region'] == '530000' and r['indicator'] == 'pop' and r['status'] == 'ok' for r in d)"

# errors: exit 1 with a message, never a crash
run "unknown command" 1 frobnicate
run "unknown indicator" 1 value nosuch --group dianzhong --year 2020 --db "$DB"
check "names the code" contains "$WORK/err" "nosuch"
run "unknown group" 1 value gdp --group nowhere --year 2020 --db "$DB"
run "missing db" 1 overview --db "$WORK/none.db"
check "hints at init" contains "$WORK/err" "regio init"
run "bad format" 1 regions --format xml --db "$DB"
run "help" 0 value --help
check "help lists --share-of" contains "$WORK/out" "--share-of"

# a file with one bad row is rejected whole and the store answers exactly as before
regio batches --db "$DB" --format csv > "$WORK/before-batches"
regio value gdp --region 530100 --year 2023 --format json --db "$DB" > "$WORK/before-value"
cat > "$WORK/bad.csv" <<'CSV'
region,indicator,year,value,source
530100,gdp,2023,7864.76,test row (synthetic)
530300,gdp,2023,3x,test row (synthetic)
530400,gdp,2023,2500,test row (synthetic)
CSV
run "bad row rejected" 1 import "$WORK/bad.csv" --db "$DB"
cp "$WORK/err" "$WORK/err-en"
run "bad row rejected (zh)" 1 import "$WORK/bad.csv" --db "$DB" --lang zh
check "message in Chinese" contains "$WORK/err" "第 3 行，列 “value”: “3x” 不是数字"
cp "$WORK/err-en" "$WORK/err"
check "line and column named" contains "$WORK/err" "bad.csv:3, column 'value': '3x' is not a number"
regio batches --db "$DB" --format csv > "$WORK/after-batches"
regio value gdp --region 530100 --year 2023 --format json --db "$DB" > "$WORK/after-value"
check "batches unchanged" cmp -s "$WORK/before-batches" "$WORK/after-batches"
check "values unchanged" cmp -s "$WORK/before-value" "$WORK/after-value"

# GB18030 with Chinese text, as exported by a statistics office (synthetic figures)
printf 'region,indicator,year,value,source\n530100,budget_revenue,2030,1.5,测试用合成数据（非真实数据）\n' | iconv -f UTF-8 -t GB18030 > "$WORK/gb.csv"
run "gb18030 import" 0 import "$WORK/gb.csv" --db "$DB" --format json
check "detected GB18030" json "d[0]['encoding'] == 'GB18030' and d[0]['rows'] == 1"
BATCH=$(python3 -c "import json; print(json.load(open('$WORK/out'))[0]['batch'])")
run "value from gb18030 file" 0 value budget_revenue --region 530100 --year 2030 --format json --db "$DB"
check "value imported" json "d['value'] == 1.5"
run "undo" 0 undo "$BATCH" --db "$DB"
run "value gone after undo" 0 value budget_revenue --region 530100 --year 2030 --format json --db "$DB"
check "value missing" json "d['value'] is None"
run "undo unknown batch" 1 undo 99999 --db "$DB"

finish
