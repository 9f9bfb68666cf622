#!/usr/bin/env bash
# Hostile input to the readers (issue 13): crafted weights files, wide columns that map to nothing, files that mix
# encodings, decompression and echo bombs, non-regular files. Each case must end with exit 1 and a message naming
# the file (and line, where there is one) — never a crash, a hang, a silent drop or a message the size of the input.
# Every file here is made by this script (synthetic), none is committed.
. "$(dirname "$0")/lib.sh"
PLAN=$WORK/plan
cp -R "$SRC/tests/fixtures/plan_mini" "$PLAN"
DB=$WORK/mini.db
run "init" 0 init --plan "$PLAN" --db "$DB"

# --- issue 13, item 6: a GAL neighbour count near 2^61 overflowed the buffer size and wrote past it (SIGSEGV)
printf '2\n910001 2305843009213693952\n910002\n910002 1\n910001\n' > "$WORK/x.gal"
printf 'id,v\n910001,1\n910002,2\n' > "$WORK/d.csv"
printf '2\n910001 1\n910002\n910002 1\n910001\n' > "$WORK/ok.gal"
run "spatial with a crafted GAL" 1 spatial --data "$WORK/d.csv" --id id --value v --neighbours "$WORK/x.gal" --permutations 0 --db "$DB"
check "names file and line" contains "$WORK/err" "x.gal:2: unit 910001 declares 2305843009213693952 neighbours but the header declares 2 units"
check "no out of memory" bash -c "! grep -q 'out of memory' '$WORK/err'"
# the same file in a plan's boundaries/ stops init cleanly
mkdir -p "$PLAN/boundaries"
cp "$WORK/x.gal" "$PLAN/boundaries/county_queen.gal"
run "init with a crafted GAL" 1 init --plan "$PLAN" --db "$WORK/bad.db"
check "init names the GAL" contains "$WORK/err" "county_queen.gal:2: unit 910001 declares 2305843009213693952 neighbours"
rm -rf "$PLAN/boundaries"

# --- issue 13, item 1: a wide column whose header is no indicator (a typo) was dropped with exit 0
printf 'code,name,gpd,pop,extra\n910001,甲一县,10,20,5\n910002,甲二县,11,21,6\n' > "$WORK/wide.csv"
run "wide import with a typo" 1 import "$WORK/wide.csv" --wide --year 2020 --dry-run --db "$DB"
check "file, line 1 and the column" contains "$WORK/err" "wide.csv:1, column 'gpd': column C 'gpd' holds figures but is no indicator code or name — did you mean gdp?"
check "the other unmapped column too" contains "$WORK/err" "column E 'extra' holds figures"
REGIO_LANG=zh run "wide typo, zh" 1 import "$WORK/wide.csv" --wide --year 2020 --dry-run --db "$DB"
check "zh" contains "$WORK/err" "第 C 列“gpd”有数字，但不是指标编码或名称——是不是“gdp”？"
# --ignore is repeatable (a second --ignore once replaced the first)
run "two --ignore" 0 import "$WORK/wide.csv" --wide --year 2024 --ignore gpd --ignore E --source "synthetic test input" --dry-run --format json --db "$DB"
check "both left out, pop read" json "d[0]['rows'] == 2 and d[0]['ignored_columns'] == 'name, gpd, extra'"
# with --mapping, a data column the mapping leaves out is an error too
printf 'column,indicator,year\npop,pop,2020\n' > "$WORK/map.csv"
run "mapping leaves a column out" 1 import "$WORK/wide.csv" --mapping "$WORK/map.csv" --dry-run --db "$DB"
check "named" contains "$WORK/err" "column C 'gpd' holds figures but the mapping file does not map it"

# --- issue 13, item 5: a workbook that unpacks a thousandfold (one shared string of 40 M characters; the report
# that found it used 300 M) took 1.8 GB and wrote a message as long as the string
python3 - "$WORK/bomb.xlsx" <<'PY'
import sys, zipfile
Z = zipfile.ZIP_DEFLATED
with zipfile.ZipFile(sys.argv[1], "w", Z) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
        f.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
        chunk = b"A" * (1 << 20)
        for _ in range(40):
            f.write(chunk)
        f.write(b"</t></si></sst>")
PY
check "the bomb is small" test "$(stat -c %s "$WORK/bomb.xlsx")" -lt 200000
run "import a decompression bomb" 1 import "$WORK/bomb.xlsx" --db "$DB"
check "names the part and the ratio" contains "$WORK/err" "bomb.xlsx: its part xl/sharedStrings.xml unpacks from"
check "says what it looks like" contains "$WORK/err" "it looks like a decompression bomb"
check "the message is short" test "$(stat -c %s "$WORK/err")" -lt 2000
REGIO_LANG=zh run "bomb, in Chinese" 1 import "$WORK/bomb.xlsx" --db "$DB"
check "zh message" contains "$WORK/err" "压缩炸弹"

# a 10 MB header cell: refused by the cell limit, named by line and column, never echoed
python3 -c "import sys; open(sys.argv[1],'w').write('region,' + 'H'*10000000 + '\n910001,1\n')" "$WORK/wide_head.csv"
run "10 MB header cell" 1 import "$WORK/wide_head.csv" --wide --year 2020 --db "$DB"
check "line 1, column 2, the limit" contains "$WORK/err" "wide_head.csv:1: column 2 holds a cell of more than 32767 characters"
check "not echoed" test "$(stat -c %s "$WORK/err")" -lt 2000

# --- issue 13, item 9: /dev/zero and a FIFO were read forever
run "import /dev/zero" 1 import /dev/zero --db "$DB"
check "a device" contains "$WORK/err" "/dev/zero: this is a device, not a regular file"
mkfifo "$WORK/pipe.csv"
run "import a FIFO" 1 import "$WORK/pipe.csv" --db "$DB"
check "a pipe" contains "$WORK/err" "pipe.csv: this is a pipe (FIFO), not a regular file"
run "import a directory" 1 import "$WORK" --db "$DB"
check "a directory" contains "$WORK/err" "this is a directory, not a regular file"
REGIO_LANG=zh run "FIFO, in Chinese" 1 import "$WORK/pipe.csv" --db "$DB"
check "zh FIFO" contains "$WORK/err" "这是管道（FIFO），不是普通文件"

# --- issue 13, item 9: a repeated year in --years was analysed twice
run "repeated year" 1 disparity gdp --years 2020,2021,2020 --db "$DB"
check "named" contains "$WORK/err" "year 2020 is given twice in --years"

# --- null and self-crossing geometries: accepted, each named in a warning
cat > "$WORK/b.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"910001"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
{"type":"Feature","properties":{"id":"910002"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,1],[2,0],[1,1],[1,0]]]}},
{"type":"Feature","properties":{"id":"920001"},"geometry":null}]}
JSON
printf 'id,v\n910001,1\n910002,2\n920001,3\n' > "$WORK/d3.csv"
run "boundaries with a bow tie and a null geometry" 0 spatial --data "$WORK/d3.csv" --id id --value v --boundaries "$WORK/b.geojson" --permutations 0 --db "$DB"
check "the bow tie named" contains "$WORK/err" "b.geojson: feature 910002 (FID 1) is not a valid polygon (it crosses itself or the like, as GEOS sees it): its neighbours may be wrong"
check "the null geometry named" contains "$WORK/err" "b.geojson: feature 920001 (FID 2) has no geometry: it is a unit without neighbours"
REGIO_LANG=zh run "geometry warnings, zh" 0 spatial --data "$WORK/d3.csv" --id id --value v --boundaries "$WORK/b.geojson" --permutations 0 --db "$DB"
check "zh warning" contains "$WORK/err" "要素 920001（FID 2）没有几何"

finish
