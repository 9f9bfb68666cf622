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
# accessibility: 4 residential places (population, region) and 3 facilities (beds) on the same network
cat > "$WORK/res.csv" <<'CSV'
id,lon,lat,value,region
A,100,0,100,R1
C,100.2,0,50,R1
D,100,0.1,10,R2
F,100.2,0.1,40,R2
CSV
cat > "$WORK/fac.csv" <<'CSV'
id,lon,lat,value
hA,100,0,15
hC,100.2,0,20
hF,100.2,0.1,100
CSV
# by hand, catchment 30 min: hA is reached by A (0) and D (26.7): R = 15/110; hC by A (20.8), C (0), F (16.7):
# R = 20/190; hF by C (16.7) and F (0): R = 100/90 (A→hF 37.4 and D→hC 47.4 are beyond 30)
TWOSFCA="A=15/110+20/190; C=20/190+100/90; D=15/110; F=20/190+100/90"
run "2sfca network" 0 access measure --method 2sfca --network "$NET" --from "$WORK/res.csv" --to "$WORK/fac.csv" --max 30 --format csv
cp "$WORK/out" "$WORK/2sfca_net.csv"
check "2sfca by hand" python3 -c "
import csv; r={x['id']:float(x['access']) for x in csv.DictReader(open('$WORK/out'))}
$TWOSFCA
assert all(abs(r[k]-v)<1e-12 for k,v in dict(A=A,C=C,D=D,F=F).items()), r
"
run "od from the network" 0 access matrix --network "$NET" --from "$WORK/res.csv" --to "$WORK/fac.csv" --format csv
cp "$WORK/out" "$WORK/od.csv"
run "2sfca od" 0 access measure --method 2sfca --od "$WORK/od.csv" --from "$WORK/res.csv" --to "$WORK/fac.csv" --max 30 --format csv
check "the OD file gives the same 2SFCA" python3 -c "
import csv; a={x['id']:float(x['access']) for x in csv.DictReader(open('$WORK/out'))}; b={x['id']:float(x['access']) for x in csv.DictReader(open('$WORK/2sfca_net.csv'))}
assert all(abs(a[k]-b[k])<1e-12 for k in a) and len(a)==4, (a,b)
"
run "by region" 0 access measure --method 2sfca --network "$NET" --from "$WORK/res.csv" --to "$WORK/fac.csv" --max 30 --by-region
check "regional means" python3 -c "
import re; t=open('$WORK/out').read()
$TWOSFCA
m1=(100*A+50*C)/150; m2=(10*D+40*F)/50
assert re.search(r'R1 +2 +0 +150 +%.4f' % m1, t) and re.search(r'R2 +2 +0 +50 +%.4f' % m2, t), t
"
# Gini of two means weighted 150/50: Σ w_i w_j |x_i − x_j| / (2 W² m)
check "disparity between regions" python3 -c "
import re; t=open('$WORK/out').read()
$TWOSFCA
m1=(100*A+50*C)/150; m2=(10*D+40*F)/50; m=(150*m1+50*m2)/200
g=2*150*50*abs(m1-m2)/(2*200**2*m)
assert ('Gini %.4f' % g) in t, (g, t)
"
run "e2sfca zh" 0 access measure --method e2sfca --network "$NET" --from "$WORK/res.csv" --to "$WORK/fac.csv" --lang zh
check "e2sfca labelled with its source in Chinese" contains "$WORK/out" "E2SFCA — 路网"
run "nearest" 0 access measure --method nearest --od "$WORK/od.csv" --from "$WORK/res.csv" --to "$WORK/fac.csv" --format csv
check "D's nearest is hA in L/25 h" python3 -c "
import csv; r={x['id']:x for x in csv.DictReader(open('$WORK/out'))}
L=6371008.8*0.1*3.141592653589793/180/1000
assert r['D']['nearest']=='hA' and abs(float(r['D']['access'])-L/25*60)<1e-9, r
"
run "cumulative needs --max" 1 access measure --method cumulative --od "$WORK/od.csv" --from "$WORK/res.csv" --to "$WORK/fac.csv"
check "says so" contains "$WORK/err" "cumulative needs --max MIN"
run "cumulative" 0 access measure --method cumulative --od "$WORK/od.csv" --from "$WORK/res.csv" --to "$WORK/fac.csv" --max 20 --format csv
check "out of reach said" contains "$WORK/err" "1 places have no facility in reach (access 0)"
check "beds within 20 minutes" python3 -c "
import csv; r={x['id']:float(x['access']) for x in csv.DictReader(open('$WORK/out'))}
assert r=={'A':15.0,'C':120.0,'D':0.0,'F':120.0}, r   # D reaches nothing within 20: 0, not empty
"
printf 'id,lon,lat,value\nhA,100,0,15\nhX,100.1,0,5\n' > "$WORK/fac2.csv"
run "od lacks a destination" 1 access measure --method 2sfca --od "$WORK/od.csv" --from "$WORK/res.csv" --to "$WORK/fac2.csv"
check "names it" contains "$WORK/err" "no travel times to destination hX"
run "bad decay" 1 access measure --method gravity --od "$WORK/od.csv" --from "$WORK/res.csv" --to "$WORK/fac.csv" --decay gauss:0
check "says sigma" contains "$WORK/err" "sigma 0 is invalid"

run "help" 0 access --help
check "help lists --ferries" contains "$WORK/out" "--ferries"
finish
