#!/usr/bin/env bash
# End-to-end: the endpoints the dashboard's honest views rest on, against the CLI and the plan files —
# /indicators' per-level coverage (gdp_pc computed for 16 of 16 prefectures 2015-2021, complete counts, the breaks a
# prefecture cross-section crosses), /breaks (breaks.csv), /series (each value as /value gives it, breaks per unit),
# /needs (as `regio needs --format json`, in both languages, less the CLI's evaluation_indicators, which come from the
# plan directory's evaluation/ the server does not read), /needs/template (as `regio needs --template`), /report
# (the file given with --report, 404 without), and their errors. Bounded: every curl has a timeout.
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
. "$(dirname "$0")/serve_lib.sh"

run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

printf '<!doctype html><title>stand-in report</title>\n' >"$WORK/report.html"
start a --no-evaluation --report "$WORK/report.html"
A=/api/v1

# every indicator, computed ones too, with its coverage per level
get "indicators" 200 "$A/indicators"
check "every indicator of the plan" json "len(d) == $(python3 -c "import csv; print(sum(1 for _ in csv.DictReader(open('$SRC/data/yunnan/indicators.csv'))))")"
check "gdp_pc has no stored year but 16 of 16 prefectures 2015-2021" \
  json "[c for c in d if c['code']=='gdp_pc'][0]['years'] == [] and [(c['year'], c['n'], c['complete']) for c in [i for i in d if i['code']=='gdp_pc'][0]['levels']['prefecture']['coverage'] if c['year'] <= 2021] == [(y, 16, 16) for y in range(2015, 2022)]"
check "gdp_pc prefecture units and breaks (gdp 2019, pop 2020 in 15 prefectures)" \
  json "(lambda l: l['units'] == 16 and [(b['year'], b['indicator'], b['regions']) for b in l['breaks']] == [(2019, 'gdp', 0), (2020, 'pop', 15)])([i for i in d if i['code']=='gdp_pc'][0]['levels']['prefecture'])"
check "a total offers its rate form" json "[i for i in d if i['code']=='gdp'][0]['total'] and [i for i in d if i['code']=='gdp'][0]['rate_forms'] == ['gdp_pc'] and not [i for i in d if i['code']=='gdp_pc'][0]['total']"
check "a ratio names its parts, a weighted mean its weight" json "[i for i in d if i['code']=='gdp_pc'][0]['computed_from'] == ['gdp', 'pop'] and [i for i in d if i['code']=='urban_rate'][0]['weight'] == 'pop'"
check "coverage counts: complete <= n <= units" \
  json "all(c['complete'] <= c['n'] <= i['levels'][l]['units'] and c['n'] > 0 for i in d for l in i['levels'] for c in i['levels'][l]['coverage'])"
# the 2023 prefecture GDP: as many units as the CLI finds values for (16 calls of regio value, run without
# REGIO_WRAP: they give the expected numbers, and valgrind would take minutes over them for no new code path)
N23=$(for p in $(python3 -c "import csv; print(' '.join(r['code'] for r in csv.DictReader(open('$SRC/data/yunnan/regions.csv')) if r['level']=='prefecture'))"); do
        "$REGIO_BIN" value gdp --region "$p" --year 2023 --format json --db "$DB" | python3 -c "import json,sys; d=json.load(sys.stdin); print(1 if d.get('value') is not None else 0)"; done | python3 -c "import sys; print(sum(int(x) for x in sys.stdin))")
check "gdp 2023 prefecture coverage = regio value ($N23)" json "[c['n'] for c in [i for i in d if i['code']=='gdp'][0]['levels']['prefecture']['coverage'] if c['year'] == 2023] == [$N23]"

# the declared breaks
get "breaks" 200 "$A/breaks"
check "every row of breaks.csv" json "len(d) == $(python3 -c "import csv; print(sum(1 for _ in csv.DictReader(open('$SRC/data/yunnan/breaks.csv'))))") and all(b['reason'] and b['source'] for b in d)"
get "breaks of gdp_pc" 200 "$A/breaks?indicator=gdp_pc&lang=zh"
check "gdp_pc inherits the breaks of gdp and pop" json "set(b['indicator'] for b in d) == {'gdp', 'pop'} and d[0]['reason'] == d[0]['reason_zh']"
get "breaks of an unknown indicator" 404 "$A/breaks?indicator=nope"

# series: each value equals /value for the same unit and year
get "series" 200 "$A/series?units=530100,530000,dianzhong&indicator=gdp_pc"
check "three units, 昆明 2015-2024, its breaks" json "[u['code'] for u in d['units']] == ['530100', '530000', 'dianzhong'] and d['units'][0]['series']['gdp_pc']['breaks'] == [2019] and d['units'][0]['series']['gdp_pc']['values'][0]['year'] == 2015"
cp "$WORK/out" "$WORK/series.json"
get "value 昆明 gdp_pc 2020" 200 "$A/value?indicator=gdp_pc&region=530100&year=2020"
check "series value = /value" python3 -c "import json; s=json.load(open('$WORK/series.json')); v=json.load(open('$WORK/out')); p=[x for x in s['units'][0]['series']['gdp_pc']['values'] if x['year']==2020][0]; exit(0 if p['value']==v['value'] and p['complete']==v['complete'] else 1)"
get "value 滇中 gdp_pc 2020" 200 "$A/value?indicator=gdp_pc&group=dianzhong&year=2020"
check "group series value = /value" python3 -c "import json; s=json.load(open('$WORK/series.json')); v=json.load(open('$WORK/out')); p=[x for x in s['units'][2]['series']['gdp_pc']['values'] if x['year']==2020][0]; exit(0 if p['value']==v['value'] and p['members_used']==v['coverage']['used'] else 1)"
get "series of every indicator" 200 "$A/series?units=530102"
check "only indicators with values" json "'pop' in d['units'][0]['series'] and all(len(s['values']) > 0 for s in d['units'][0]['series'].values())"
get "series without units" 400 "$A/series?indicator=gdp"
get "series of an unknown unit" 404 "$A/series?units=530100,999999"
get "series of too many units" 400 "$A/series?units=530100,530300,530400,530500,530600,530700,530800,530900,532300"

# needs: the same answer as the CLI, in both languages; the template as the CLI writes it
for L in en zh; do
  get "needs $L" 200 "$A/needs?lang=$L"
  regio needs --format json --lang "$L" --db "$DB" >"$WORK/cli-needs.json"
  check "needs $L = regio needs --format json" python3 -c "import json; c=json.load(open('$WORK/cli-needs.json')); c.pop('evaluation_indicators', None); exit(0 if json.load(open('$WORK/out')) == c else 1)"
done
get "needs 2024" 200 "$A/needs?year=2024"
regio needs --year 2024 --format json --lang en --db "$DB" >"$WORK/cli-needs.json"
check "needs --year 2024" python3 -c "import json; c=json.load(open('$WORK/cli-needs.json')); c.pop('evaluation_indicators', None); exit(0 if json.load(open('$WORK/out')) == c else 1)"
regio needs --format json --lang zh --db "$DB" >"$WORK/cli-needs.json"
OUT="$WORK/t.csv" get "template csv" 200 "$A/needs/template?format=csv&lang=zh"
regio needs --template "$WORK/cli.csv" --lang zh --db "$DB" >/dev/null 2>&1
check "template csv = regio needs --template" cmp -s "$WORK/t.csv" "$WORK/cli.csv"
OUT="$WORK/t.xlsx" get "template xlsx" 200 "$A/needs/template"
check "template xlsx is a zip" python3 -c "import zipfile; z=zipfile.ZipFile('$WORK/t.xlsx'); exit(0 if 'xl/workbook.xml' in z.namelist() else 1)"
NCELLS=$(python3 -c "import json; d=json.load(open('$WORK/cli-needs.json')); print(len({(c['region'], c['indicator'], c['year']) for x in d['items'] for c in x['cells']}))")
NT=$(($(wc -l <"$WORK/t.csv") - 1))
check "one template row per distinct missing cell ($NCELLS)" test "$NT" -eq "$NCELLS"
run "an unfilled xlsx template is read as one and imports nothing" 1 import "$WORK/t.xlsx" --dry-run --db "$DB"
check "its $NCELLS empty rows are named" contains "$WORK/err" "all $NCELLS rows still have an empty value"
check "template headers" test "$(curl -s -m 30 -D - -o /dev/null "http://127.0.0.1:$PORT$A/needs/template?format=csv" | tr -d '\r' | grep -i '^content-disposition')" = 'Content-Disposition: attachment; filename="regio_needs.csv"'
get "template format" 400 "$A/needs/template?format=pdf"

# the report
OUT="$WORK/r.html" get "report" 200 "/report"
check "report = the file" cmp -s "$WORK/r.html" "$WORK/report.html"
get "index names the report" 200 "$A"
check "index report" json "d['report'] == '/report'"
start b --no-evaluation
get "no report" 404 "/report"
check "no report: JSON error" json "d['error']['status'] == 404 and d['error']['zh'] and d['error']['en']"
get "index without report" 200 "$A"
check "index report null" json "d['report'] is None"
finish
