#!/usr/bin/env bash
# End-to-end: `regio access matrix` on the synthetic OSM network of tests/fixtures/access (hand-computed times
# in its README.md): the OD matrix in CSV (which regio reads back as an OD file), one-way streets, ferries off
# and on, a time limit, places from a file, errors naming file, line and field, in English and Chinese.
. "$(dirname "$0")/lib.sh"
NET=$SRC/tests/fixtures/access/net.osm
cat > "$WORK/places.csv" <<'CSV'
id,lon,lat,value
A,100,0,10
C,100.2,0,20
D,100,0.1,30
H,100.3,0,5
CSV

run "matrix csv" 0 access matrix --network "$NET" --from "$WORK/places.csv" --format csv
# H has no road (ferry only): it snaps to C, 11.1 km away, and is said to
check "header" contains "$WORK/out" "origin,destination,minutes"
check "A to C = L/50 + L/90 h" python3 -c "
import csv; r={(x['origin'],x['destination']):float(x['minutes']) for x in csv.DictReader(open('$WORK/out'))}
L=6371008.8*0.1*3.141592653589793/180/1000
assert abs(r[('A','C')]-(L/50+L/90)*60)<1e-9, r
assert abs(r[('D','A')]-L/25*60)<1e-9 and abs(r[('D','C')]-(L/25+L/50+L/90)*60)<1e-9
assert ('A','D') not in r and ('C','A') not in r   # one way D->A; motorway B->C only
assert abs(r[('A','H')]-r[('A','C')])<1e-12        # H snapped to C
"
check "left-out ways are said" contains "$WORK/err" "left out: 1 ways of a class not in the speed table, 1 ferries"
check "snapping distance is said" contains "$WORK/err" "the farthest is H, 11120 m from the network"
check "unreachable pairs are said" contains "$WORK/err" "pairs are not connected and are not listed"

run "ferries on" 0 access matrix --network "$NET" --from "$WORK/places.csv" --ferries --format csv
check "A to H by ferry" python3 -c "
import csv; r={(x['origin'],x['destination']):float(x['minutes']) for x in csv.DictReader(open('$WORK/out'))}
L=6371008.8*0.1*3.141592653589793/180/1000
assert abs(r[('A','H')]-(L/50+L/90+L/5)*60)<1e-9, r
"
run "limit" 0 access matrix --network "$NET" --from "$WORK/places.csv" --max 25 --format json
# D→A takes 26.7 minutes; H sits on C's node (0 minutes apart)
check "only pairs within 25 minutes" json "sorted((x['origin'],x['destination']) for x in d if x['origin']!=x['destination']) == [('A','C'),('A','H'),('C','H'),('H','C')]"

printf 'id,lon,lat\nA,100,0\nB,200,0\n' > "$WORK/bad.csv"
run "bad place" 1 access matrix --network "$NET" --from "$WORK/bad.csv"
check "names line and field" contains "$WORK/err" "bad.csv line 3, field lon: '200' is invalid"
run "bad place zh" 1 access matrix --network "$NET" --from "$WORK/bad.csv" --lang zh
check "zh names line and field" contains "$WORK/err" "第 3 行 lon 字段"
run "no network" 1 access matrix --from "$WORK/places.csv"
check "says --network" contains "$WORK/err" "--network FILE is required"
run "line layer without a field" 1 access matrix --network "$WORK/places.csv" --from "$WORK/places.csv"
check "says which field" contains "$WORK/err" "give --speed-field or --time-field"
run "help" 0 access --help
check "help lists --ferries" contains "$WORK/out" "--ferries"
finish
