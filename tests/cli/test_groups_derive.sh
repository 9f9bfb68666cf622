#!/usr/bin/env bash
# End-to-end: `regio groups derive` — the plan's 1-hour 昆明都市圈 as a derived group — on the synthetic network of
# tests/fixtures/access (hand-computed times in its README.md), with five 昆明 districts placed on its nodes
# (synthetic positions: the test's own, not the districts' real ones); then `regio targets` assesses the two
# 昆明都市圈 targets on synthetic 2022–2023 figures. Also: the refusal without a network, the labelled straight-line
# approximation, the OD file, the refusal to overwrite a membership the plan lists, Chinese output.
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
NET=$SRC/tests/fixtures/access/net.osm
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

run "refuses without a network" 1 groups derive kunming_metro --within 60 --from 530102 --db "$DB"
check "says why" contains "$WORK/err" "a straight line is not a travel time"
run "refuses zh" 1 groups derive kunming_metro --within 60 --from 530102 --db "$DB" --lang zh
check "says why zh" contains "$WORK/err" "直线距离不是通行时间"
run "still no members" 0 groups kunming_metro --db "$DB" --format csv
check "no members" test "$(wc -l < "$WORK/out")" -eq 1

# 五华 on A, 盘龙 on B, 官渡 on C, 西山 on D, 安宁 on F: from A, B 13.3, C 20.8, F 37.4 min, D not reachable (one way)
cat > "$WORK/seats.csv" <<'CSV'
id,lon,lat
530102,100,0
盘龙区,100.1,0
530111,100.2,0
530112,100,0.1
530181,100.2,0.1
CSV
run "derive on the network" 0 groups derive kunming_metro --within 30 --from 五华区 --network "$NET" --places "$WORK/seats.csv" --db "$DB" --format csv
check "times by hand" python3 -c "
import csv; r={x['code']:x for x in csv.DictReader(open('$WORK/out'))}
L=6371008.8*0.1*3.141592653589793/180/1000
assert abs(float(r['530103']['minutes'])-L/50*60)<1e-9 and abs(float(r['530111']['minutes'])-(L/50+L/90)*60)<1e-9, r
assert r['530181']['minutes']=='' and r['530112']['minutes']=='', r   # beyond 30 min / not reachable
assert [k for k,x in r.items() if x['member']=='yes']==['530102','530103','530111'], r
assert len(r)==129   # every county is listed in CSV; those without a position have no time
"
run "members stored" 0 groups kunming_metro --db "$DB"
check "three members" contains "$WORK/out" "3 members, 3 counties"
check "method shown" contains "$WORK/out" "shortest travel times on the network $NET"
check "positions named" contains "$WORK/out" "positions: $WORK/seats.csv"

# synthetic figures (not real): population and GDP of the three districts and the province, 2022 and 2023
cat > "$WORK/synthetic.csv" <<'CSV'
region,indicator,year,value,source
530102,pop,2022,118,synthetic test figure
530103,pop,2022,99,synthetic test figure
530111,pop,2022,108,synthetic test figure
530000,pop,2022,4690,synthetic test figure
530102,pop,2023,120,synthetic test figure
530103,pop,2023,100,synthetic test figure
530111,pop,2023,110,synthetic test figure
530000,pop,2023,4600,synthetic test figure
530102,gdp,2022,1500,synthetic test figure
530103,gdp,2022,1000,synthetic test figure
530111,gdp,2022,1400,synthetic test figure
530000,gdp,2022,29000,synthetic test figure
530102,gdp,2023,1600,synthetic test figure
530103,gdp,2023,1100,synthetic test figure
530111,gdp,2023,1500,synthetic test figure
530000,gdp,2023,30000,synthetic test figure
CSV
run "import synthetic" 0 import "$WORK/synthetic.csv" --replace --db "$DB"
run "targets" 0 targets --db "$DB" --format json
check "both 昆明都市圈 targets assessed" json "(lambda t: t['km_metro_pop_share']['latest_year'] == 2023 and abs(t['km_metro_pop_share']['latest_value'] - 100*330/4600) < 1e-9 and t['km_metro_pop_share']['coverage']['complete'] and t['km_metro_pop_share']['category'] != 'no_data' and t['km_metro_gdp_share']['latest_year'] == 2023 and abs(t['km_metro_gdp_share']['latest_value'] - 100*4200/30000) < 1e-9 and t['km_metro_gdp_share']['category'] != 'no_data')({x['code']: x for x in d['targets']})"
check "json on stdout stays clean; the method goes to stderr" contains "$WORK/err" "kunming_metro: membership derived"
run "targets table" 0 targets --db "$DB"
check "the table says how the group was derived" contains "$WORK/out" "kunming_metro: membership derived"

run "report en" 0 report --db "$DB" --year 2023 --permutations 99 --out "$WORK/r.html"
check "the report says how the group was derived, without codes or paths" python3 -c "
h=open('$WORK/r.html', encoding='utf-8').read(); i=h.index('<section id=\"targets\">'); t=h[i:h.index('</section>', i)]
assert \"Kunming metropolitan area: its members are not listed by the plan but computed by regio (\" in t, t[-3000:]
assert \"within 30 minutes' travel of Wuhua on net.osm; 3 members.\" in t and '$NET' not in t, t[-3000:]"
run "od" 0 groups derive kunming_metro --within 60 --from 530102,530103 --od "$SRC/tests/fixtures/access/km_od.csv" --db "$DB" --format csv
check "od membership" python3 -c "
import csv; r={x['code']:x for x in csv.DictReader(open('$WORK/out'))}
assert sorted(k for k,x in r.items() if x['member']=='yes')==['530102','530103','530114','530181'], [k for k,x in r.items() if x['member']=='yes']
"
run "approximation" 0 groups derive kunming_metro --within 60 --from 五华区 --approx-speed 60 --db "$DB" --lang zh
check "labelled in the title" contains "$WORK/out" "【近似】"
check "labelled on stderr" contains "$WORK/err" "按直线距离近似"
run "targets say approximation" 0 targets --db "$DB"
check "approximation in targets" contains "$WORK/out" "[APPROXIMATION]"
run "report zh says approximation" 0 report --db "$DB" --year 2023 --permutations 99 --lang zh --out "$WORK/rz.html"
check "the report labels the approximation" python3 -c "
h=open('$WORK/rz.html', encoding='utf-8').read(); i=h.index('<section id=\"targets\">'); t=h[i:h.index('</section>', i)]
assert '昆明都市圈的成员不是规划列出的，而是由 regio 计算（' in t and '距五华区 60 分钟以内，按直线距离近似——不是通行时间' in t, t[-3000:]"
run "a listed group is not overwritten" 1 groups derive dianzhong --within 60 --from 530102 --approx-speed 60 --db "$DB"
check "says the plan lists it" contains "$WORK/err" "has members listed by the plan"
run "centre must be a county" 1 groups derive kunming_metro --within 60 --from 530100 --approx-speed 60 --db "$DB"
check "says county" contains "$WORK/err" "must be county-level"
run "help" 0 groups derive --help
check "help lists --approx-speed" contains "$WORK/out" "--approx-speed"
finish
