#!/usr/bin/env python3
"""prepare_yunnan.py -- build regio's shipped Yunnan plan from the raw source files.

A one-off preparation tool (python3, standard library only). It reads only

    data/yunnan/raw/            unchanged copies of the source data (see data/yunnan/raw/README.md)
    docs/plan/plan-normalized.txt   the plan text, used only to check that every quoted
                                    sentence really stands on the line it is cited from

and writes the plan files that regio loads (data/yunnan/):

    regions.csv         province, 16 prefectures, 129 counties (2023 GB/T 2260 codes)
    partitions.csv      partitions of the 129 counties (blocks_west, blocks_border, prefectures)
    groups.csv          the plan's blocks, special-type areas and the parts of each partition
    group_members.csv   members as the plan states them (prefecture code = whole prefecture)
    indicators.csv      indicators, units, direction and aggregation rule
    targets.csv         every quantified target of the plan, quoted with its line number
    monitored.csv       indicators the plan monitors without a quantified target (baselines in plan_baselines.csv)
    breaks.csv          series breaks of the shipped data (census revisions), each checked on the data here
    where_found.csv     where each needed indicator's figures are usually published (hints for `regio needs`)
    observations/*.csv  long-format values (region,indicator,year,value,source), one file per source table
    (SOURCES.md is written by hand; it documents every file below and the raw licences.)

Run from anywhere:  python3 tools/prepare_yunnan.py
Output is deterministic (fixed row order, exact decimal arithmetic, UTF-8 without BOM, LF line ends), so
re-running it on unchanged raw data gives byte-identical files. It checks its own output with asserts
(counts, partitions, references, population and GDP sums) and prints a summary.

Rules it follows: no figure is made up. Every value comes from a raw file or from the plan's own text;
where data are missing they stay missing (empty cell, or no observation row) and a note says so. Unit
changes are exact decimal operations (persons/10000 -> 万人, 万元/10000 -> 亿元, fraction*100 -> %).
"""

import csv
import io
import os
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal as D

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW = os.path.join(ROOT, "data", "yunnan", "raw")
OUT = os.path.join(ROOT, "data", "yunnan")
OBS = os.path.join(OUT, "observations")
PLAN_TEXT = os.path.join(ROOT, "docs", "plan", "plan-normalized.txt")
PLAN_CITE = "《云南省“十四五”区域协调发展规划》 (docs/plan/plan-normalized.txt"
PROVINCE = "530000"

# ----------------------------------------------------------------------------------------------------
# small helpers

PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def read_csv(rel, encoding="utf-8"):
    """Rows of a raw CSV as dicts (utf-8-sig strips the BOM of the census tables)."""
    with open(os.path.join(RAW, rel), encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def fmt(d):
    """A Decimal as a plain decimal string: no exponent, no trailing zeros."""
    if not isinstance(d, D):
        d = D(d)
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s == "-0":
        s = "0"
    assert PLAIN_NUMBER.match(s), s
    return s


def write_csv(path, header, rows):
    """RFC 4180 CSV, UTF-8 without BOM, LF line ends, header exactly as given."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        assert len(r) == len(header), (path, r)
        w.writerow(["" if v is None else str(v) for v in r])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return len(rows)


with open(PLAN_TEXT, encoding="utf-8") as _f:
    PLAN_LINES = _f.read().split("\n")


def plan(line, quote):
    """A citation of the plan: checks that the quote stands on that line of plan-normalized.txt."""
    assert quote in PLAN_LINES[line - 1], ("quote not on line", line, quote)
    return "%s line %d): “%s”" % (PLAN_CITE, line, quote)


# ----------------------------------------------------------------------------------------------------
# regions

prefs = read_csv("prefectures.csv")
counties = read_csv("counties.csv")
yearbook_rows = []
with open(os.path.join(RAW, "sources", "county_yearbook2021_yunnan_hlghpz.csv"), encoding="utf-8", newline="") as f:
    _r = list(csv.reader(f))
    YB_HEAD, YB_UNITS = _r[0], _r[1]
    yearbook_rows = [dict(zip(YB_HEAD, row)) for row in _r[2:]]
yearbook = {r["code"]: r for r in yearbook_rows}

assert len(prefs) == 16, len(prefs)
assert len(counties) == 129, len(counties)
pref_by_code = {p["code"]: p for p in prefs}
county_by_code = {c["code"]: c for c in counties}
assert len(county_by_code) == 129
for c in counties:
    assert c["prefecture_code"] in pref_by_code, c["code"]
    assert c["code"][:4] == c["prefecture_code"][:4], c["code"]


def pref_kind(name):
    if name.endswith("自治州"):
        return "州"
    if name.endswith("市"):
        return "市"
    raise AssertionError(name)


regions = []  # code,name_zh,name_en,level,parent,kind,area_km2,area_source,source
regions.append([PROVINCE, "云南省", "Yunnan", "province", "", "省", "",
                "no sourced provincial area in the raw data; the sum of the 16 prefecture areas would not be an "
                "official figure, so none is given",
                "GB/T 2260 province code 53 (raw/sources/admin_codes_2023_yunnan.csv, column province2)"])
for p in sorted(prefs, key=lambda p: p["code"]):
    assert PLAIN_NUMBER.match(p["area_km2"]), p
    regions.append([p["code"], p["name_zh"], p["name_en"], "prefecture", PROVINCE, pref_kind(p["name_zh"]),
                    p["area_km2"], p["source_area"], "raw/prefectures.csv (area: its source_area column)"])

area_counts = Counter()
for c in sorted(counties, key=lambda c: c["code"]):
    yb = yearbook.get(c["code"])
    yb_area = yb["行政区域面积"] if yb else ""
    yb_where = ("《中国县域统计年鉴2021（县市卷）》 行政区域面积 %s km² (raw/sources/county_yearbook2021_yunnan_hlghpz.csv, "
                "via github:HLGhpz/Data-Handle-TS %s line %s)" % (yb_area, yb["source_file"], yb["source_line"])
                if yb and yb_area else "")
    if c["area_km2"]:
        area = c["area_km2"]
        src = "raw/counties.csv area_km2: " + c["src_area_km2"]
        if yb_area and D(yb_area) != D(area):
            src += "; differs from " + yb_where
        area_counts["counties.csv"] += 1
    elif yb_area:
        area = yb_area
        src = yb_where
        area_counts["yearbook"] += 1
    else:
        area = c["polygon_area_km2"]
        src = ("polygon area (planar, from boundaries), not an official figure "
               "(raw/counties.csv polygon_area_km2; no sourced area in the raw data)")
        area_counts["polygon"] += 1
    assert PLAIN_NUMBER.match(area), (c["code"], area)
    assert c["kind"] in ("区", "县", "自治县", "市"), c["kind"]
    regions.append([c["code"], c["name_zh"], c["name_pinyin"], "county", c["prefecture_code"], c["kind"], area, src,
                    "raw/counties.csv (code: %s; name_en: %s)" % (c["src_code"], c["src_name_pinyin"])])

region_codes = {r[0] for r in regions}
assert len(region_codes) == len(regions) == 1 + 16 + 129

# ----------------------------------------------------------------------------------------------------
# groups, partitions, members

DZ_PREFS = ["530100", "530300", "530400", "532300"]            # 昆明 曲靖 玉溪 楚雄
DZ_HONGHE = {"蒙自市": None, "个旧市": None, "开远市": None, "建水县": None,
             "石屏县": None, "弥勒市": None, "泸西县": None}
for c in counties:
    if c["prefecture_code"] == "532500" and c["name_zh"] in DZ_HONGHE:
        DZ_HONGHE[c["name_zh"]] = c["code"]
DZ_COUNTIES = sorted(DZ_HONGHE.values())
assert None not in DZ_COUNTIES and len(DZ_COUNTIES) == 7
assert DZ_COUNTIES == sorted(c["code"] for c in counties if c["dianzhong_north_honghe"] == "1")
HONGHE_REST = sorted(c["code"] for c in counties if c["prefecture_code"] == "532500" and c["code"] not in DZ_COUNTIES)
assert len(HONGHE_REST) == 6

BORDER_PREFS = ["530500", "532500", "532600", "530800", "532800", "533100", "533300", "530900"]
WEST_PREFS = ["530500", "532900", "533100", "530700", "533300", "533400"]
OVERLAP = ["530500", "533100", "533300"]                      # 保山 德宏 怒江: 沿边 and 滇西
BORDER_ONLY = ["532600", "530800", "532800", "530900"]        # 文山 普洱 西双版纳 临沧
WEST_ONLY = ["532900", "530700", "533400"]                    # 大理 丽江 迪庆
BORDER_COUNTIES = sorted(c["code"] for c in counties if c["border_county"] == "1")

groups = []   # code,name_zh,name_en,kind,partition,note,source
members = []  # group,member,note


def add_group(code, zh, en, kind, partition, note, source, mem):
    groups.append([code, zh, en, kind, partition, note, source])
    for m, n in mem:
        assert m in region_codes, (code, m)
        members.append([code, m, n])


WHOLE = "whole prefecture"
add_group("dianzhong", "滇中", "Central Yunnan", "block", "",
          "4 whole prefectures + 7 counties of 红河州 (resolves to 49 counties); 红河州 itself is in 沿边",
          plan(47, "空间范围为昆明市、曲靖市、玉溪市、楚雄州等4个州市及红河州北部的蒙自、个旧、开远、建水、石屏、弥勒、泸西等7个县市。"),
          [(p, WHOLE) for p in DZ_PREFS] + [(c, "红河州北部 county named by the plan") for c in DZ_COUNTIES])
add_group("border", "沿边", "Border areas", "block", "",
          "8 whole prefectures; overlaps 滇西 (保山、德宏、怒江) and 滇中 (the 7 红河 counties)",
          plan(74, "空间范围为保山市、红河州、文山州、普洱市、西双版纳州、德宏州、怒江州、临沧市等8个沿边州市。"),
          [(p, WHOLE) for p in BORDER_PREFS])
add_group("northeast", "滇东北", "Northeast Yunnan", "block", "", "1 whole prefecture",
          plan(278, "空间范围为昭通市。"), [("530600", WHOLE)])
add_group("west", "滇西", "West Yunnan", "block", "", "6 whole prefectures; overlaps 沿边 (保山、德宏、怒江)",
          plan(327, "空间范围为保山市、大理州、德宏州、丽江市、怒江州、迪庆州等6个州市。"),
          [(p, WHOLE) for p in WEST_PREFS])
add_group("border_counties", "边境县", "Border counties", "special", "",
          "the 25 counties on the national border; the list is raw/counties.csv border_county, derived from the "
          "boundary polygons (county boundary not shared with any Yunnan or neighbouring-province county, "
          "threshold 5 km) and checked against text evidence (raw/sources/border_text_evidence.csv); "
          "the plan gives the number, not the list",
          plan(81, "以沿边8个州市政府所在地、25个边境县城和磨憨、孟定、畹町、天保、清水河等15个抵边镇为重点"),
          [(c, "raw/counties.csv border_county = 1") for c in BORDER_COUNTIES])
add_group("sanqu_sanzhou", "三区三州", "Three Regions and Three Prefectures (Yunnan part)", "special", "",
          "in Yunnan: 怒江州 and 迪庆州 (whole prefectures)",
          plan(18, "积极推动政策、资金向怒江、迪庆“三区三州”倾斜"),
          [("533300", WHOLE), ("533400", WHOLE)])
add_group("old_industrial", "老工业城市", "Old industrial city", "special", "", "昆明市 (whole prefecture)",
          plan(165, "推动老工业城市(昆明市)重构制造业竞争优势"), [("530100", WHOLE)])
add_group("kunming_metro", "昆明都市圈", "Kunming metropolitan area", "special", "",
          "NO members: the plan defines it as the 1-hour commuting area around 昆明中心城区 and does not list its "
          "counties; regio ships no membership (its two targets cannot be computed until a membership is supplied)",
          plan(139, "以昆明中心城区为中心形成1小时通勤的昆明都市圈"), [])
add_group("dianzhong_new_area", "滇中新区", "Central Yunnan New Area", "special", "",
          "NO members: a new area (新区), not a county-level administrative unit, and the plan does not define it by "
          "counties, so it cannot be built from regio's regions; its two targets need data published for the new "
          "area itself",
          plan(148, "到2025年,滇中新区工业增加值、高新技术产业增加值年均增速分别高于12%、18%。"), [])

PART_SRC = ("derived by regio from the block definitions (docs/plan/plan-normalized.txt lines 47, 74, 278, 327); "
            "a partition is needed because the plan's blocks overlap")
partitions = [
    ["blocks_west", "四大板块（保山、德宏、怒江计入滇西）", "Four blocks (Baoshan, Dehong, Nujiang counted in West Yunnan)",
     "county",
     "the four blocks made disjoint: 滇中 = its 49 counties; 沿边 = 红河州's other 6 counties + 文山、普洱、西双版纳、临沧; "
     "滇东北 = 昭通; 滇西 = 大理、丽江、迪庆 + 保山、德宏、怒江. For Theil/Dagum decompositions; the plan itself lets "
     "the blocks overlap"],
    ["blocks_border", "四大板块（保山、德宏、怒江计入沿边）", "Four blocks (Baoshan, Dehong, Nujiang counted in Border areas)",
     "county",
     "the four blocks made disjoint: 滇中 = its 49 counties; 沿边 = 红河州's other 6 counties + 文山、普洱、西双版纳、临沧 "
     "+ 保山、德宏、怒江; 滇东北 = 昭通; 滇西 = 大理、丽江、迪庆. For Theil/Dagum decompositions; the plan itself lets "
     "the blocks overlap"],
    ["prefectures", "州市", "Prefectures", "county", "the 16 prefectures, each part = the counties of one prefecture"],
]

for pc, assign_overlap in (("blocks_west", "west"), ("blocks_border", "border")):
    border_mem = [(c, "红河州 county outside 滇中") for c in HONGHE_REST] + [(p, WHOLE) for p in BORDER_ONLY]
    west_mem = [(p, WHOLE) for p in WEST_ONLY]
    if assign_overlap == "west":
        west_mem += [(p, WHOLE + " (also 沿边 in the plan)") for p in OVERLAP]
        bz, be = "沿边（不含滇中7县市及保山、德宏、怒江）", "Border areas (without the 7 Central counties and Baoshan, Dehong, Nujiang)"
        wz, we = "滇西（含保山、德宏、怒江）", "West Yunnan (with Baoshan, Dehong, Nujiang)"
    else:
        border_mem += [(p, WHOLE + " (also 滇西 in the plan)") for p in OVERLAP]
        bz, be = "沿边（不含滇中7县市，含保山、德宏、怒江）", "Border areas (without the 7 Central counties; with Baoshan, Dehong, Nujiang)"
        wz, we = "滇西（不含保山、德宏、怒江）", "West Yunnan (without Baoshan, Dehong, Nujiang)"
    add_group(pc + ".dianzhong", "滇中", "Central Yunnan", "part", pc, "same counties as the block dianzhong", PART_SRC,
              [(p, WHOLE) for p in DZ_PREFS] + [(c, "红河州北部 county named by the plan") for c in DZ_COUNTIES])
    add_group(pc + ".border", bz, be, "part", pc, "block border minus the counties given to other parts", PART_SRC,
              border_mem)
    add_group(pc + ".northeast", "滇东北", "Northeast Yunnan", "part", pc, "same counties as the block northeast",
              PART_SRC, [("530600", WHOLE)])
    add_group(pc + ".west", wz, we, "part", pc, "block west minus the counties given to other parts", PART_SRC,
              west_mem)
for p in sorted(prefs, key=lambda p: p["code"]):
    add_group("prefectures." + p["code"], p["name_zh"], p["name_en"], "part", "prefectures", "one prefecture",
              "raw/prefectures.csv", [(p["code"], WHOLE)])


def resolve(group_code):
    """The counties a group covers (prefecture members expand to their counties)."""
    out = []
    for g, m, _ in members:
        if g != group_code:
            continue
        if m in county_by_code:
            out.append(m)
        else:
            out.extend(c["code"] for c in counties if c["prefecture_code"] == m)
    assert len(out) == len(set(out)), ("member counted twice", group_code)
    return set(out)


group_codes = [g[0] for g in groups]
assert len(group_codes) == len(set(group_codes))
dz = resolve("dianzhong")
assert len(dz) == 49, len(dz)
assert dz == {c["code"] for c in counties if c["block_dianzhong"] == "1"}
assert resolve("border") == {c["code"] for c in counties if c["block_yanbian"] == "1"}
assert resolve("northeast") == {c["code"] for c in counties if c["block_diandongbei"] == "1"}
assert resolve("west") == {c["code"] for c in counties if c["block_dianxi"] == "1"}
assert len(resolve("border_counties")) == 25
all_counties = set(county_by_code)
for pc, _, _, _, _ in partitions:
    parts = [g for g in groups if g[3] == "part" and g[4] == pc]
    seen = Counter()
    for g in parts:
        seen.update(resolve(g[0]))
    assert set(seen) == all_counties and all(v == 1 for v in seen.values()), ("partition does not cover once", pc)
for g in groups:
    assert g[3] in ("block", "special", "part")
    assert (g[3] == "part") == (g[4] != "")

# ----------------------------------------------------------------------------------------------------
# indicators

APPROX_POP = ("wmean by pop is an approximation: the exact weight would be %s, which is not shipped")
I = []  # code,name_zh,name_en,unit,direction,aggregate,numerator,denominator,weight,scale,min,max,decimals,note


def ind(code, zh, en, unit, direction, agg, num="", den="", weight="", scale="", lo="", hi="", dec=2, note=""):
    assert direction in ("higher", "lower", "neutral")
    assert agg in ("sum", "ratio", "wmean", "none")
    assert (agg == "ratio") == bool(num and den and scale)
    assert (agg == "wmean") == bool(weight)
    I.append([code, zh, en, unit, direction, agg, num, den, weight, scale, lo, hi, dec, note])


PCT = ("0", "100")
# economy
ind("gdp", "地区生产总值", "Gross regional product (GDP)", "亿元", "higher", "sum", lo="0", dec=2,
    note="current prices, 100 million yuan. Data: prefectures and province 2015-2023 (observations/prefecture_indicators.csv; "
         "2015-2018 before the 2018 economic-census revision), 120 counties 2020 (observations/county_indicators.csv)")
ind("gdp_growth_real", "地区生产总值实际增长率", "Real GDP growth", "%", "higher", "none", dec=1,
    note="growth at comparable prices over the previous year; not aggregable (only published values). "
         "Data: prefectures and province (observations/prefecture_indicators.csv)")
ind("va_primary", "第一产业增加值", "Primary industry value added", "亿元", "higher", "sum", lo="0", dec=2,
    note="current prices. Data: 120 counties 2020 (observations/county_yearbook_2021.csv)")
ind("va_secondary", "第二产业增加值", "Secondary industry value added", "亿元", "higher", "sum", lo="0", dec=2,
    note="current prices. Data: 120 counties 2020 (observations/county_yearbook_2021.csv)")
ind("va_tertiary", "第三产业增加值", "Tertiary industry value added", "亿元", "higher", "sum", lo="0", dec=2,
    note="current prices. Data: 120 counties 2020 (observations/county_yearbook_2021.csv)")
ind("secondary_share", "第二产业增加值占地区生产总值比重", "Secondary industry share of GDP", "%", "neutral", "ratio",
    num="va_secondary", den="gdp", scale="100", lo="0", hi="100", dec=1,
    note="computed from va_secondary and gdp of the same members; direction depends on the evaluation scheme")
ind("tertiary_share", "第三产业增加值占地区生产总值比重", "Tertiary industry share of GDP", "%", "neutral", "ratio",
    num="va_tertiary", den="gdp", scale="100", lo="0", hi="100", dec=1,
    note="computed from va_tertiary and gdp of the same members; direction depends on the evaluation scheme")
ind("gdp_pc", "人均地区生产总值", "GDP per capita", "元/人", "higher", "ratio", num="gdp", den="pop", scale="10000",
    lo="0", dec=0,
    note="gdp (亿元) / pop (万人) × 10000 = yuan per person, same region and year. The 2020 pop values are census "
         "counts (2020-11-01), not the annual average population official per-capita GDP uses, so the result differs "
         "slightly from published per-capita GDP")
ind("budget_revenue", "地方一般公共预算收入", "Local general public budget revenue", "亿元", "higher", "sum", lo="0", dec=2,
    note="Data: 120 counties 2020 (observations/county_indicators.csv)")
ind("budget_expenditure", "地方一般公共预算支出", "Local general public budget expenditure", "亿元", "neutral", "sum",
    lo="0", dec=2, note="Data: 120 counties 2020 (observations/county_yearbook_2021.csv)")
ind("deposits_household", "住户储蓄存款余额", "Household savings deposits (year end)", "亿元", "higher", "sum", lo="0",
    dec=2, note="Data: 120 counties 2020 (observations/county_yearbook_2021.csv)")
ind("industrial_investment", "工业投资", "Industrial investment", "亿元", "higher", "sum", lo="0", dec=2,
    note="needed by target km_industrial_investment; no data shipped")
ind("industrial_va_growth", "工业增加值增速", "Growth of industrial value added", "%", "higher", "none", dec=1,
    note="needed by target dzxq_industrial_va_growth (for 滇中新区); no data shipped")
ind("hightech_va_growth", "高新技术产业增加值增速", "Growth of high-tech industry value added", "%", "higher", "none", dec=1,
    note="needed by target dzxq_hightech_va_growth (for 滇中新区); no data shipped")
# incomes
ind("income_urban", "城镇常住居民人均可支配收入", "Per-capita disposable income of urban residents", "元", "higher", "none",
    lo="0", dec=0,
    note="not aggregable (only published values). Data: province 2018/2020, a few prefectures "
         "(observations/prefecture_indicators.csv, plan_baselines.csv)")
ind("income_rural", "农村常住居民人均可支配收入", "Per-capita disposable income of rural residents", "元", "higher", "none",
    lo="0", dec=0,
    note="not aggregable (only published values). Data: province 2018/2020, a few prefectures "
         "(observations/prefecture_indicators.csv, plan_baselines.csv)")
ind("income_ratio", "城乡居民收入比", "Urban-rural income ratio", "倍", "lower", "ratio", num="income_urban",
    den="income_rural", scale="1", lo="0", dec=2,
    note="income_urban / income_rural of one region and year; both are not aggregable, so a group value exists "
         "only where published incomes do. Published province values 2015 and 2020 are in plan_baselines.csv")
ind("income_growth_real", "居民人均可支配收入实际增长率", "Real growth of per-capita disposable income", "%", "higher",
    "none", dec=1, note="needed by target income_growth_sync; no data shipped")
ind("income_gdp_growth_gap", "居民收入增速与经济增速之差", "Income growth minus GDP growth", "百分点", "neutral", "none",
    dec=1,
    note="= income_growth_real - gdp_growth_real of the same region and year, in percentage points; "
         "target income_growth_sync (基本同步) asks for about 0; no data shipped")
ind("middle_income_share", "中等收入群体比重", "Share of the middle-income group", "%", "higher", "none", lo=PCT[0],
    hi=PCT[1], dec=1, note="needed by target middle_income_share; no data shipped")
# population
ind("pop", "常住人口", "Resident population", "万人", "neutral", "sum", lo="0", dec=2,
    note="10,000 persons. 2020 and 2010 values are census counts (2020-11-01, 2010-11-01); other years are year-end "
         "estimates (2016-2019 before the 2020-census revision except 昆明 and the province). Data: counties 2020 "
         "(observations/census_county_pop.csv), prefectures/province (observations/prefecture_indicators.csv, "
         "census_prefectures_leiii.csv for 2010)")
ind("pop_urban", "城镇人口", "Urban population", "万人", "neutral", "sum", lo="0", dec=2,
    note="census counts 2010 and 2020 for prefectures (observations/census_prefectures_leiii.csv)")
ind("pop_registered", "户籍人口", "Registered (hukou) population", "万人", "neutral", "sum", lo="0", dec=2,
    note="year-end 2020, 120 counties (observations/county_yearbook_2021.csv)")
ind("central_city_pop", "中心城市常住人口", "Resident population of the central city", "万人", "neutral", "none", lo="0",
    dec=1, note="the built-up central city only (for 昭通: the 昭鲁中心城市), not the prefecture; needed by target "
                "zt_central_city_pop; no data shipped")
ind("urban_rate", "常住人口城镇化率", "Urbanisation rate of the resident population", "%", "higher", "wmean",
    weight="pop", lo=PCT[0], hi=PCT[1], dec=2,
    note="urban share of resident population; wmean by pop is exact (pop is its denominator). Data: prefectures and "
         "province 2015-2023 (observations/prefecture_indicators.csv), 129 counties 2020 census "
         "(observations/census2020_population.csv)")
ind("sex_ratio", "性别比（女=100）", "Sex ratio (men per 100 women)", "女=100", "neutral", "wmean", weight="pop", lo="0",
    dec=2, note=APPROX_POP % "the number of women" + ". Data: census 2020 counties, census 2010/2020 prefectures")
ind("ethnic_share", "少数民族人口占比", "Ethnic-minority share of population", "%", "neutral", "wmean", weight="pop",
    lo=PCT[0], hi=PCT[1], dec=2, note="exact wmean (share of total population). Data: census 2020, 129 counties")
ind("age0_14_share", "0-14岁人口占比", "Share of population aged 0-14", "%", "neutral", "wmean", weight="pop", lo=PCT[0],
    hi=PCT[1], dec=2, note="exact wmean (share of total population). Data: census 2020 counties, census 2010/2020 prefectures")
ind("age15_64_share", "15-64岁人口占比", "Share of population aged 15-64", "%", "neutral", "wmean", weight="pop",
    lo=PCT[0], hi=PCT[1], dec=2, note="exact wmean (share of total population). Data: census 2020 counties")
ind("age60_share", "60岁及以上人口占比", "Share of population aged 60 and over", "%", "neutral", "wmean", weight="pop",
    lo=PCT[0], hi=PCT[1], dec=2, note="exact wmean (share of total population). Data: census 2010/2020 prefectures")
ind("age65_share", "65岁及以上人口占比", "Share of population aged 65 and over", "%", "neutral", "wmean", weight="pop",
    lo=PCT[0], hi=PCT[1], dec=2, note="exact wmean (share of total population). Data: census 2020 counties, census 2010/2020 prefectures")
ind("household_size", "平均家庭户规模", "Average household size", "人/户", "neutral", "wmean", weight="pop", lo="0", dec=2,
    note=APPROX_POP % "the number of households" + ". Data: census 2020 counties, census 2010/2020 prefectures")
# education
ind("edu_years", "平均受教育年限", "Average years of schooling", "年", "higher", "wmean", weight="pop", lo="0",
    dec=2, note=APPROX_POP % "the population of the census education table (not the total population)" +
                ". Data: census 2020, 129 counties (EDUC_AVGY)")
ind("college_share", "大专及以上文化程度人口占比", "Share with college education or above", "%", "higher", "wmean",
    weight="pop", lo=PCT[0], hi=PCT[1], dec=2,
    note="大专 + 本科及以上 (EDUC_COLL + EDUC_UNIP) as a share of the census education table's population (its shares, "
         "pre-school included, sum to 1), which is not the total-population base of the NBS '每10万人口中拥有大学文化程度人口'; "
         + APPROX_POP % "that table's population" + ". Data: census 2020, 129 counties")
ind("illiteracy", "文盲率", "Illiteracy rate", "%", "lower", "wmean", weight="pop", lo=PCT[0], hi=PCT[1], dec=2,
    note="EDUC_LITR as tabulated; " + APPROX_POP % "the base population of the rate" + ". Data: census 2020, 129 counties")
ind("compulsory_edu_retention", "九年义务教育巩固率", "Nine-year compulsory education retention rate", "%", "higher",
    "none", lo=PCT[0], hi=PCT[1], dec=2, note="province value stated by the plan (observations/plan_baselines.csv)")
# employment
ind("employment_ratio", "就业人口占16岁及以上人口比重", "Employed share of population aged 16 and over", "%", "neutral",
    "wmean", weight="pop", lo=PCT[0], hi=PCT[1], dec=2,
    note="census long-form sample (EMPL_OCCU); " + APPROX_POP % "the population aged 16+" + ". Data: census 2020, 129 counties")
ind("empl_agri_share", "农林牧渔业就业人员占比", "Share of employed in agriculture/forestry/animal husbandry/fishery",
    "%", "neutral", "wmean", weight="pop", lo=PCT[0], hi=PCT[1], dec=2,
    note="share of the employed, census long-form sample (EMPL_INDU_AGHU); " + APPROX_POP % "the employed population" +
         "; direction depends on the zone type of the evaluation scheme. Data: census 2020, 129 counties")
ind("empl_manu_share", "制造业就业人员占比", "Share of employed in manufacturing", "%", "neutral", "wmean", weight="pop",
    lo=PCT[0], hi=PCT[1], dec=2,
    note="share of the employed, census long-form sample (EMPL_INDU_MANU); " + APPROX_POP % "the employed population" +
         "; direction depends on the zone type of the evaluation scheme. Data: census 2020, 129 counties")
# housing
ind("housing_area_pc", "人均住房建筑面积", "Housing floor area per person", "m²/人", "higher", "wmean", weight="pop",
    lo="0", dec=2, note="household population, census long-form sample (HOUS_SMPP); " +
                        APPROX_POP % "the household population" + ". Data: census 2020, 129 counties")
for code, zh, en, field in (("tap_water_share", "有管道自来水的家庭户比重", "Households with piped tap water", "HOUS_SAMP_WATR"),
                            ("kitchen_share", "有厨房的家庭户比重", "Households with a kitchen", "HOUS_SAMP_KTCH"),
                            ("toilet_share", "有厕所的家庭户比重", "Households with a toilet", "HOUS_SAMP_WC"),
                            ("bath_share", "有洗澡设施的家庭户比重", "Households with bathing facilities", "HOUS_SAMP_BATH")):
    ind(code, zh, en, "%", "higher", "wmean", weight="pop", lo=PCT[0], hi=PCT[1], dec=2,
        note="share of households, census long-form sample (%s); " % field +
             APPROX_POP % "the number of households" + ". Data: census 2020, 129 counties")
# public services and infrastructure
ind("hospital_beds", "医疗卫生机构床位数", "Beds in medical and health institutions", "张", "higher", "sum", lo="0", dec=0,
    note="Data: 120 counties 2020 (observations/county_yearbook_2021.csv)")
ind("beds_per_1000", "每千常住人口医疗卫生机构床位数", "Hospital beds per 1000 residents", "张/千人", "higher", "ratio",
    num="hospital_beds", den="pop", scale="0.1", lo="0", dec=2,
    note="hospital_beds / (pop 万人 × 10000) × 1000 = hospital_beds / pop × 0.1; 2020 pop is the census count")
ind("regional_medical_centres", "建成的省级区域医疗中心数", "Provincial regional medical centres completed", "个", "higher",
    "none", lo="0", dec=0, note="province count; needed by target regional_medical_centres; no data shipped")
ind("county_hospitals_standard", "达到服务能力基本标准的县级综合医院数", "County general hospitals meeting the service-capacity standard",
    "个", "higher", "none", lo="0", dec=0, note="province count stated by the plan (observations/plan_baselines.csv)")
ind("county_tcm_hospitals_standard", "达到服务能力基本标准的县级中医院数",
    "County traditional-Chinese-medicine hospitals meeting the service-capacity standard", "个", "higher", "none", lo="0",
    dec=0, note="province count stated by the plan (observations/plan_baselines.csv)")
ind("expressway_prefectures", "通高速公路的州市数", "Prefectures connected by expressway", "个", "higher", "none", lo="0",
    hi="16", dec=0, note="province count stated by the plan (observations/plan_baselines.csv)")
ind("expressway_counties", "通高速公路的县市区数", "Counties connected by expressway", "个", "higher", "none", lo="0",
    hi="129", dec=0, note="province count stated by the plan (observations/plan_baselines.csv)")
ind("rail_emu_prefectures", "通铁路并开行动车的州市数", "Prefectures with railway and EMU service", "个", "higher", "none",
    lo="0", hi="16", dec=0, note="province count stated by the plan (observations/plan_baselines.csv)")
ind("airports", "运营民用运输机场数", "Civil transport airports in operation", "个", "higher", "none", lo="0", dec=0,
    note="province count stated by the plan (observations/plan_baselines.csv)")
ind("navigable_waterway_km", "通航里程", "Navigable waterways", "km", "higher", "none", lo="0", dec=0,
    note="province figure stated by the plan (observations/plan_baselines.csv)")
ind("built_up_area", "建成区面积", "Built-up area", "km²", "neutral", "none", lo="0", dec=1,
    note="of a city (for 昭通: the central city, not the prefecture); needed by target zt_built_up_area; no data shipped")
# social security and health
ind("pension_coverage", "养老保险参保率", "Pension insurance coverage", "%", "higher", "none", lo=PCT[0], hi=PCT[1], dec=1,
    note="monitored without a quantified target (monitored.csv); the plan's 2020 figure is in "
         "observations/plan_baselines.csv; no later data shipped")
ind("medical_insurance_coverage", "基本医疗保险参保率", "Basic medical insurance coverage", "%", "higher", "none",
    lo=PCT[0], hi=PCT[1], dec=1, note="monitored without a quantified target (monitored.csv); the plan's 2020 figure is "
                                      "in observations/plan_baselines.csv; no later data shipped")
ind("life_expectancy", "人均预期寿命", "Life expectancy at birth", "岁", "higher", "none", lo="0", dec=2,
    note="years; monitored without a quantified target (monitored.csv); the plan's 2020 figure is in "
         "observations/plan_baselines.csv; no later data shipped")

IND = {r[0]: r for r in I}
assert len(IND) == len(I)
for r in I:
    for ref in (r[6], r[7], r[8]):
        assert ref == "" or ref in IND, (r[0], ref)

# ----------------------------------------------------------------------------------------------------
# targets

T = []  # code,name_zh,name_en,scope,indicator,kind,comparator,value,tolerance,baseline_year,baseline_value,target_year,note,source
TOL_NOTE = "tolerance %s is regio's default for '左右' on %s, not the plan's"


def target(code, zh, en, scope, indicator, kind, cmp, value, tol="", by="", bv="", ty="2025", note="", source=""):
    assert kind in ("level", "growth", "share", "ratio", "relation", "count")
    assert cmp in (">=", "<=", "~")
    assert (cmp == "~") == (tol != ""), code
    T.append([code, zh, en, scope, indicator, kind, cmp, value, tol, by, bv, ty, note, source])


SHARE = "share = 100 × %s(scope) / %s(530000), in %%"
target("dz_gdp_growth", "滇中地区生产总值年均增长", "Central Yunnan GDP growth", "dianzhong", "gdp_growth_real", "growth",
       ">=", "9", by="2020",
       note="average annual real growth 2021-2025, % a year (baseline 2020 level); gdp_growth_real is not aggregable, "
            "so the block's growth needs a published block figure or a GDP-weighted chain of member growth rates",
       source=plan(36, "滇中州、市地区生产总值年均增长9%以上"))
target("dz_pop_share", "滇中人口占全省比重", "Central Yunnan share of provincial population", "dianzhong", "pop",
       "share", ">=", "50", by="2020", bv="47",
       note=SHARE % ("pop", "pop") + "; baseline year not stated by the plan: the 发展基础 section describes 2020 (the "
            "shipped 2020 census data give 46.5%)",
       source=plan(36, "集聚全省50%的人口和68%的地区生产总值") + "; baseline " +
              plan(9, "滇中城市群以全省约28.3%的国土面积,集聚了47%的人口和61.5%的地区生产总值"))
target("dz_gdp_share", "滇中地区生产总值占全省比重", "Central Yunnan share of provincial GDP", "dianzhong", "gdp",
       "share", ">=", "68", by="2020", bv="61.5",
       note=SHARE % ("gdp", "gdp") + "; baseline year not stated by the plan: the 发展基础 section describes 2020 (the "
            "shipped 2020 data give 61.47%)",
       source=plan(36, "集聚全省50%的人口和68%的地区生产总值") + "; baseline " +
              plan(9, "滇中城市群以全省约28.3%的国土面积,集聚了47%的人口和61.5%的地区生产总值"))
target("dz_urban_rate", "滇中常住人口城镇化率", "Central Yunnan urbanisation rate", "dianzhong", "urban_rate", "level",
       "~", "65", tol="1",
       note=TOL_NOTE % ("1 (percentage point)", "a rate in %") + "; the plan states no baseline level, only that 滇中's "
            "rate is 10 points above the provincial average (line 9)",
       source=plan(36, "常住人口城镇化率达到65%左右") + "; " + plan(9, "常住人口城镇化率高于全省平均水平10个百分点"))
target("km_metro_pop_share", "昆明都市圈人口占全省比重", "Kunming metropolitan area share of provincial population",
       "kunming_metro", "pop", "share", ">=", "20",
       note=SHARE % ("pop", "pop") + "; the group has no members (the plan does not list them), so the share cannot be "
            "computed until a membership is supplied",
       source=plan(54, "到2025年,昆明都市圈集聚全省20%的人口、40%的地区生产总值。"))
target("km_metro_gdp_share", "昆明都市圈地区生产总值占全省比重", "Kunming metropolitan area share of provincial GDP",
       "kunming_metro", "gdp", "share", ">=", "40",
       note=SHARE % ("gdp", "gdp") + "; the group has no members (the plan does not list them), so the share cannot be "
            "computed until a membership is supplied",
       source=plan(54, "到2025年,昆明都市圈集聚全省20%的人口、40%的地区生产总值。"))
target("km_gdp", "昆明市经济总量", "Kunming GDP", "530100", "gdp", "level", ">=", "10000",
       note="1万亿元 = 10000 亿元; the plan states no baseline for 昆明",
       source=plan(134, "到2025年,昆明市经济总量达到1万亿元"))
target("km_pop", "昆明市常住人口", "Kunming resident population", "530100", "pop", "level", "~", "1000", tol="20",
       note="1000万 = 1000 万人; " + TOL_NOTE % ("20 (2% of the value)", "a level"),
       source=plan(134, "常住人口达到1000万左右"))
target("dzxq_industrial_va_growth", "滇中新区工业增加值年均增速", "Central Yunnan New Area industrial value-added growth",
       "dianzhong_new_area", "industrial_va_growth", "growth", ">=", "12", by="2020",
       note="'高于' (above) read as >=; % a year 2021-2025; the new area is not a county-level unit and no data are shipped",
       source=plan(148, "到2025年,滇中新区工业增加值、高新技术产业增加值年均增速分别高于12%、18%。"))
target("dzxq_hightech_va_growth", "滇中新区高新技术产业增加值年均增速",
       "Central Yunnan New Area high-tech value-added growth", "dianzhong_new_area", "hightech_va_growth", "growth", ">=",
       "18", by="2020",
       note="'高于' (above) read as >=; % a year 2021-2025; the new area is not a county-level unit and no data are shipped",
       source=plan(148, "到2025年,滇中新区工业增加值、高新技术产业增加值年均增速分别高于12%、18%。"))
target("km_industrial_investment", "昆明市工业投资翻一番", "Kunming industrial investment doubles",
       "530100", "industrial_investment", "growth", ">=", "2", by="2020", ty="2023",
       note="value 2 = a multiple of the baseline level (翻一番, ×2), not a rate in %; the plan states no years: '3年' is "
            "read by regio as the first 3 years of the plan period 2021-2025 (line 5), i.e. the 2020 level doubled by 2023 "
            "(about 26% a year); the sentence stands in the 昆明 section (line 121); no data shipped",
       source=plan(122, "实施工业倍增计划和市场主体倍增计划,力争3年实现工业投资翻一番。"))
target("zt_built_up_area", "昭通中心城市建成区面积", "Zhaotong central city built-up area", "530600", "built_up_area",
       "level", ">=", "100",
       note="the central city (昭阳、鲁甸、靖安新区: the 昭鲁中心城市, lines 102-103), not the whole prefecture; km²; no data shipped",
       source=plan(293, "到2025年,中心城市建成区面积达100平方公里,常住人口达100万人,成为全省第三个人口过百万的大城市。"))
target("zt_central_city_pop", "昭通中心城市常住人口", "Zhaotong central city resident population", "530600",
       "central_city_pop", "level", ">=", "100",
       note="the central city (昭阳、鲁甸、靖安新区: the 昭鲁中心城市, lines 102-103), not the whole prefecture (whose pop is ~509 万人), "
            "hence indicator central_city_pop, not pop; 万人; no data shipped",
       source=plan(293, "到2025年,中心城市建成区面积达100平方公里,常住人口达100万人,成为全省第三个人口过百万的大城市。"))
DISPLACED = ("the sentence stands at line 101, displaced into 第五章 by the garbled text extraction; read as one of the "
             "2025 development goals (第三节发展目标)")
target("income_ratio", "城乡居民收入比", "Urban-rural income ratio", PROVINCE, "income_ratio", "ratio", "~", "2.7",
       tol="0.05", by="2020", bv="2.92",
       note="lower is better (缩小到); " + TOL_NOTE % ("0.05", "a ratio") + "; 2015 value 3.2 (line 40, in "
            "observations/plan_baselines.csv); " + DISPLACED,
       source=plan(101, "城乡居民收入比值缩小到2.7左右") + "; baseline " +
              plan(40, "收入比值从2015年的3.2下降到2020年的2.92"))
target("middle_income_share", "中等收入群体比重", "Share of the middle-income group", PROVINCE, "middle_income_share",
       "level", ">=", "30", note="no baseline stated; no data shipped; " + DISPLACED,
       source=plan(101, "全省中等收入群体比重达30%"))
target("regional_medical_centres", "省级区域医疗中心全面建成", "Provincial regional medical centres completed",
       PROVINCE, "regional_medical_centres", "count", ">=", "4",
       note="滇东北、曲靖、滇南、滇西; a 2025 goal: the sentence stands inside 第三节发展目标 (lines 34-42, before the 2035 "
            "vision at line 43); no completed count is stated for the start: all 4 were under construction (全面开工建设 "
            "is the 2020 record, line 11); no data shipped",
       source=plan(38, "滇东北、曲靖、滇南、滇西4个省级区域医疗中心全面建成") + "; start " +
              plan(11, "滇东北、曲靖、滇南、滇西4个省级区域医疗中心全面开工建设"))
target("income_growth_sync", "居民收入增长和经济增长基本同步", "Income growth in step with GDP growth", PROVINCE,
       "income_gdp_growth_gap", "relation", "~", "0", tol="1",
       note="relation: income_growth_real ≈ gdp_growth_real (same region, same year), tracked as their difference "
            "income_gdp_growth_gap ≈ 0 percentage points; tolerance 1 (percentage point) for '基本同步' is regio's "
            "default, not the plan's" +
            "; " + DISPLACED + "; no data shipped",
       source=plan(101, "居民收入增长和经济增长基本同步"))

tcodes = [t[0] for t in T]
assert len(tcodes) == len(set(tcodes)) == 17
for t in T:
    assert t[3] in region_codes or t[3] in group_codes, t[0]
    assert t[4] in IND, t[0]
    for v in (t[7], t[8], t[10]):
        assert v == "" or PLAIN_NUMBER.match(v), (t[0], v)

# ----------------------------------------------------------------------------------------------------
# monitored indicators without a quantified target

# The sentence "覆盖城乡居民的社会保障体系基本建立,养老保险参保率达90%,基本医疗保险参保率达95%,人均预期寿命达到75.26岁"
# (plan-normalized line 45) closes section 五、人民生活保障水平整体提升 of the 发展基础, the record of 2016-2020 in the
# past tense: in plan-original.txt (line 16) it runs straight on into 六、区域协调发展机制不断健全 …印发了…, and it only
# stands beside the 2035 vision because the PDF extraction interleaved the paragraphs. 75.26 is Yunnan's published
# 2020 life expectancy. So the three figures are 2020 baselines; the plan's 2025 goal for social security is the
# qualitative "多层次社会保障体系进一步健全" (line 101). They are monitored without a target: status = trend.
M = []  # code,name_zh,name_en,scope,indicator,baseline_year,until_year,goal,note,source
SOCIAL = "覆盖城乡居民的社会保障体系基本建立,养老保险参保率达90%,基本医疗保险参保率达95%,人均预期寿命达到75.26岁"
BASE_NOTE = ("the plan states the 2020 level only (发展基础 五、人民生活保障水平整体提升, the 2016-2020 record; in "
             "docs/plan/plan-original.txt line 16 the sentence is followed by 六、区域协调发展机制不断健全), no 2025 value: "
             "monitored on the direction and pace of change from the 2020 baseline (observations/plan_baselines.csv)")
SOCIAL_GOAL = "多层次社会保障体系进一步健全"


def monitored(code, zh, en, scope, indicator, by, uy, goal, note, source):
    M.append([code, zh, en, scope, indicator, by, uy, goal, note, source])


monitored("pension_coverage", "养老保险参保率", "Pension insurance coverage", PROVINCE, "pension_coverage", "2020", "2025",
          SOCIAL_GOAL, BASE_NOTE + "; 2025 goal qualitative (line 101)",
          plan(45, SOCIAL) + "; goal " + plan(101, SOCIAL_GOAL))
monitored("medical_insurance_coverage", "基本医疗保险参保率", "Basic medical insurance coverage", PROVINCE,
          "medical_insurance_coverage", "2020", "2025", SOCIAL_GOAL, BASE_NOTE + "; 2025 goal qualitative (line 101)",
          plan(45, SOCIAL) + "; goal " + plan(101, SOCIAL_GOAL))
monitored("life_expectancy", "人均预期寿命", "Life expectancy", PROVINCE, "life_expectancy", "2020", "2025", "",
          BASE_NOTE + "; 75.26 years is Yunnan's published 2020 life expectancy; the plan sets no 2025 goal for it",
          plan(45, SOCIAL))
mcodes = [m[0] for m in M]
assert len(mcodes) == len(set(mcodes)) == 3 and not set(mcodes) & set(tcodes)
for m in M:
    assert m[3] in region_codes or m[3] in group_codes, m[0]
    assert m[4] in IND and IND[m[4]][4] in ("higher", "lower"), m[0]

# ----------------------------------------------------------------------------------------------------
# observations

OBS_HEAD = ["region", "indicator", "year", "value", "source"]
obs_files = {}  # file name -> rows


def add_obs(fname, region, indicator, year, value, source):
    assert region in region_codes, (fname, region)
    assert indicator in IND, (fname, indicator)
    assert re.match(r"^(19|20)[0-9]{2}$", str(year)), (fname, year)
    v = value if isinstance(value, str) else fmt(value)
    assert PLAIN_NUMBER.match(v), (fname, region, indicator, v)
    obs_files.setdefault(fname, []).append([region, indicator, str(year), v, source])


# plan baselines first: other files skip a (region, indicator, year) the plan states itself
PB = "plan_baselines.csv"
YEAR_2020 = ("; the year is not stated: the 发展基础 section reports the state at the end of the 13th Five-Year Plan "
             "period, i.e. 2020")
add_obs(PB, PROVINCE, "income_urban", 2020, "37500", plan(40, "2020年城乡居民人均可支配收入分别达37500元、12842元"))
add_obs(PB, PROVINCE, "income_rural", 2020, "12842", plan(40, "2020年城乡居民人均可支配收入分别达37500元、12842元"))
add_obs(PB, PROVINCE, "income_ratio", 2015, "3.2", plan(40, "收入比值从2015年的3.2下降到2020年的2.92"))
add_obs(PB, PROVINCE, "income_ratio", 2020, "2.92", plan(40, "收入比值从2015年的3.2下降到2020年的2.92"))
NJ = plan(51, "怒江州城镇、农村常住居民人均可支配收入分别为27506元、7810元,均为全省最低,较昆明市相差20512元、9909元")
NJ_YEAR = ("; the year is not stated in the text: 2020 is inferred (the challenges section describes the plan's start, "
           "the plan's other income figures are 2020, and the implied 昆明 figures differ from 昆明's 2019 values)")
add_obs(PB, "533300", "income_urban", 2020, "27506", NJ + NJ_YEAR)
add_obs(PB, "533300", "income_rural", 2020, "7810", NJ + NJ_YEAR)
add_obs(PB, "530100", "income_urban", 2020, D(27506) + D(20512),
        NJ + "; 昆明 = 27506 + 20512, derived from the stated difference" + NJ_YEAR)
add_obs(PB, "530100", "income_rural", 2020, D(7810) + D(9909),
        NJ + "; 昆明 = 7810 + 9909, derived from the stated difference" + NJ_YEAR)
add_obs(PB, PROVINCE, "compulsory_edu_retention", 2020, "96.15", plan(10, "九年义务教育巩固率达96.15%") + YEAR_2020)
add_obs(PB, PROVINCE, "county_hospitals_standard", 2020, "122",
        plan(11, "全省122个县级综合医院达到《县医院医疗服务能力基本标准》") + YEAR_2020)
add_obs(PB, PROVINCE, "county_tcm_hospitals_standard", 2020, "39",
        plan(11, "39个县级中医院达到《县级中医医院医疗服务能力基本标准》") + YEAR_2020)
add_obs(PB, PROVINCE, "expressway_prefectures", 2020, "16", plan(13, "全省16个州市、110个县市区通高速公路") + YEAR_2020)
add_obs(PB, PROVINCE, "expressway_counties", 2020, "110", plan(13, "全省16个州市、110个县市区通高速公路") + YEAR_2020)
add_obs(PB, PROVINCE, "rail_emu_prefectures", 2020, "12", plan(13, "全省12个州、市通铁路并开行动车") + YEAR_2020)
add_obs(PB, PROVINCE, "airports", 2020, "15", plan(13, "共运营民用运输机场15个") + YEAR_2020)
add_obs(PB, PROVINCE, "navigable_waterway_km", 2020, "5108", plan(13, "通航里程达到5108公里") + YEAR_2020)
SOCIAL_YEAR = ("; 2020: the sentence closes 五、人民生活保障水平整体提升 of the 发展基础 (the 2016-2020 record; "
               "docs/plan/plan-original.txt line 16), a baseline, not a 2025 target")
add_obs(PB, PROVINCE, "pension_coverage", 2020, "90", plan(45, "养老保险参保率达90%") + SOCIAL_YEAR)
add_obs(PB, PROVINCE, "medical_insurance_coverage", 2020, "95", plan(45, "基本医疗保险参保率达95%") + SOCIAL_YEAR)
add_obs(PB, PROVINCE, "life_expectancy", 2020, "75.26", plan(45, "人均预期寿命达到75.26岁") + SOCIAL_YEAR +
        "; 75.26 years is Yunnan's published 2020 life expectancy")
plan_keys = {(r[0], r[1], r[2]): r[3] for r in obs_files[PB]}

# prefecture and province series
PI_MAP = {"gdp": "gdp", "gdp_growth_real": "gdp_growth_real", "pop_resident": "pop", "urbanization_rate": "urban_rate",
          "income_urban": "income_urban", "income_rural": "income_rural"}
PI_UNIT = {"gdp": "100 million yuan (亿元)", "gdp_growth_real": "percent", "pop_resident": "10k persons (万人)",
           "urbanization_rate": "percent", "income_urban": "yuan", "income_rural": "yuan"}
skipped_same = []
for r in read_csv("prefecture_indicators.csv"):
    ind_code = PI_MAP[r["indicator"]]
    assert r["unit"] == PI_UNIT[r["indicator"]], r
    assert PLAIN_NUMBER.match(r["value"]), r
    key = (r["region_code"], ind_code, r["year"])
    if key in plan_keys:
        # the same published figure (the raw row quotes the plan itself): keep the line-cited plan row only
        assert D(plan_keys[key]) == D(r["value"]), (key, r["value"])
        skipped_same.append(("prefecture_indicators.csv",) + key)
        continue
    add_obs("prefecture_indicators.csv", r["region_code"], ind_code, r["year"], r["value"],
            "raw/prefecture_indicators.csv: " + r["source"])

# county GDP and budget revenue (2020)
for r in read_csv("county_indicators.csv"):
    assert r["unit"] == "100 million yuan (亿元)" and r["indicator"] in ("gdp", "budget_revenue") and r["year"] == "2020"
    add_obs("county_indicators.csv", r["region_code"], r["indicator"], r["year"], r["value"],
            "raw/county_indicators.csv: " + r["source"])

# more columns of the same county yearbook table (2020)
YB_MAP = [("第一产业增加值", "va_primary", "万元", D(10000)), ("第二产业增加值", "va_secondary", "万元", D(10000)),
          ("第三产业增加值", "va_tertiary", "万元", D(10000)), ("地方一般公共预算支出", "budget_expenditure", "万元", D(10000)),
          ("住户储蓄存款余额", "deposits_household", "万元", D(10000)), ("户籍人口", "pop_registered", "人", D(10000)),
          ("医疗卫生机构床位", "hospital_beds", "床", D(1))]
YB_UNIT = dict(zip(YB_HEAD, YB_UNITS))
ci_vals = {(o[0], o[1]): o[3] for o in obs_files["county_indicators.csv"]}
for r in sorted(yearbook_rows, key=lambda r: r["code"]):
    # the two columns already shipped from county_indicators.csv must be the same figures
    assert D(ci_vals[(r["code"], "gdp")]) == D(r["地区生产总值"]) / 10000, r["code"]
    assert D(ci_vals[(r["code"], "budget_revenue")]) == D(r["地方一般公共预算收入"]) / 10000, r["code"]
    assert D(r["第一产业增加值"]) + D(r["第二产业增加值"]) + D(r["第三产业增加值"]) == D(r["地区生产总值"]), r["code"]
    for col, code, unit, div in YB_MAP:
        assert YB_UNIT[col] == unit, col
        if r[col] == "":
            continue
        conv = "" if div == 1 else " /%s" % div
        add_obs("county_yearbook_2021.csv", r["code"], code, 2020, D(r[col]) / div,
                "《中国县域统计年鉴2021（县市卷）》 表 县(市)社会经济主要指标, data year 2020, via github:%s @ %s %s line %s "
                "(raw/sources/county_yearbook2021_yunnan_hlghpz.csv); %s %s %s%s"
                % (r["source_repo"], r["source_commit"], r["source_file"], r["source_line"], r["yearbook_name"], col,
                   r[col] + " " + unit, conv))

# county census population (counties.csv)
for c in sorted(counties, key=lambda c: c["code"]):
    add_obs("census_county_pop.csv", c["code"], "pop", 2020, D(c["pop_2020_census"]) / 10000,
            "raw/counties.csv pop_2020_census %s persons /10000 (7th census, 2020-11-01): %s"
            % (c["pop_2020_census"], c["src_pop_2020_census"]))

# census tables (cn-county-census-2020), Yunnan rows, census code -> current code
census_to_code = {}
for c in counties:
    census_to_code[c["old_code"]] = c["code"]
    census_to_code.setdefault(c["code"], c["code"])
CENSUS_SRC = ("NBS, Tabulation on the 2020 China Population Census by County (ISBN 978-7-5037-9772-9), via "
              "github:thebamboogrove/tudigong (raw/cn-county-census-2020/%s)")
HUNDRED = D(100)
CENSUS = {
    "population.csv": [("urban_rate", ["POPU_URB"], HUNDRED), ("sex_ratio", ["POPU_WM"], D(1)),
                       ("ethnic_share", ["POPU_ETHNIC"], HUNDRED)],
    "ages.csv": [("age0_14_share", ["AGES_0-14"], HUNDRED), ("age15_64_share", ["AGES_15-64"], HUNDRED),
                 ("age65_share", ["AGES_65P"], HUNDRED)],
    "education.csv": [("edu_years", ["EDUC_AVGY"], D(1)), ("college_share", ["EDUC_COLL", "EDUC_UNIP"], HUNDRED),
                      ("illiteracy", ["EDUC_LITR"], HUNDRED)],
    "employment.csv": [("employment_ratio", ["EMPL_OCCU"], HUNDRED), ("empl_agri_share", ["EMPL_INDU_AGHU"], HUNDRED),
                       ("empl_manu_share", ["EMPL_INDU_MANU"], HUNDRED)],
    "housing.csv": [("housing_area_pc", ["HOUS_SMPP"], D(1)), ("tap_water_share", ["HOUS_SAMP_WATR"], HUNDRED),
                    ("kitchen_share", ["HOUS_SAMP_KTCH"], HUNDRED), ("toilet_share", ["HOUS_SAMP_WC"], HUNDRED),
                    ("bath_share", ["HOUS_SAMP_BATH"], HUNDRED)],
    "households.csv": [("household_size", ["HHLD_S"], D(1))],
}
for table in sorted(CENSUS):
    rows = [r for r in read_csv("cn-county-census-2020/" + table, encoding="utf-8-sig") if r["CODE"].startswith("53")]
    assert len(rows) == 129, (table, len(rows))
    mapped = sorted(((census_to_code[r["CODE"]], r) for r in rows), key=lambda x: x[0])
    assert {m[0] for m in mapped} == set(county_by_code), table
    for code, r in mapped:
        if table == "population.csv":
            assert int(r["POPU"]) == int(county_by_code[code]["pop_2020_census"]), code
        for ind_code, fields, mult in CENSUS[table]:
            val = sum(D(r[f]) for f in fields) * mult
            how = " + ".join("%s %s" % (f, r[f]) for f in fields)
            if len(fields) > 1:
                how = "(" + how + ")"
            if mult != 1:
                how += " ×100"
            recode = "" if code == r["CODE"] else "; census code %s (%s) = current %s" % (r["CODE"], r["NAME"], code)
            add_obs("census2020_" + table, code, ind_code, 2020, val,
                    (CENSUS_SRC % table) + ", " + how + recode)

# prefecture census 2010 and 2020 (leiii/census extract)
pi_pop2020 = {o[0]: o[3] for o in obs_files["prefecture_indicators.csv"] if o[1] == "pop" and o[2] == "2020"}
LEIII = ("github:leiii/census @ 0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087 data/census/census_city_2010-2020_v1.csv "
         "(6th/7th census, county bulletins compiled by Dong et al.; raw/sources/leiii_census_city_2010_2020_yunnan.csv), ")
for r in sorted(read_csv("sources/leiii_census_city_2010_2020_yunnan.csv"), key=lambda r: r["city_code"]):
    code = r["city_code"]
    assert code in pref_by_code and r["city"] == pref_by_code[code]["name_zh"], r["city"]
    # 2020 population is the same census count as prefecture_indicators.csv: not repeated here
    assert D(pi_pop2020[code]) == D(r["popu_2020"]) / 10000, code
    skipped_same.append(("census_prefectures_leiii.csv", code, "pop", "2020"))
    assert int(r["popu_urban_2020"]) + int(r["popu_rural_2020"]) == int(r["popu_2020"]), code
    for year in ("2010", "2020"):
        items = []
        if year == "2010":
            items.append(("pop", D(r["popu_2010"]) / 10000, "popu_2010 %s persons /10000" % r["popu_2010"]))
        items += [("pop_urban", D(r["popu_urban_" + year]) / 10000,
                   "popu_urban_%s %s persons /10000" % (year, r["popu_urban_" + year])),
                  ("sex_ratio", D(r["male_female_" + year]), "male_female_" + year),
                  ("household_size", D(r["household_" + year]), "household_" + year),
                  ("age0_14_share", D(r["age_0_14_" + year]), "age_0_14_%s (%%)" % year),
                  ("age60_share", D(r["age_60_" + year]), "age_60_%s (%%)" % year),
                  ("age65_share", D(r["age_65_" + year]), "age_65_%s (%%)" % year)]
        for ind_code, val, how in items:
            add_obs("census_prefectures_leiii.csv", code, ind_code, year, val, LEIII + how)

# no (region, indicator, year) twice across all files
seen = {}
for fname in sorted(obs_files):
    for o in obs_files[fname]:
        key = (o[0], o[1], o[2])
        assert key not in seen, ("duplicate observation", key, fname, seen[key])
        seen[key] = fname
# every value within its indicator's hard bounds
for fname in sorted(obs_files):
    for o in obs_files[fname]:
        lo, hi = IND[o[1]][10], IND[o[1]][11]
        assert lo == "" or D(o[3]) >= D(lo), (fname, o[:4])
        assert hi == "" or D(o[3]) <= D(hi), (fname, o[:4])
for key in (("530000", "gdp", "2020"),):
    assert key in seen  # the plan's rounded "2.45万亿元" is not shipped: 24521.9 is (see SOURCES.md)

# ----------------------------------------------------------------------------------------------------
# checks on the data

def obs_value(region, indicator, year):
    f = seen.get((region, indicator, str(year)))
    if f is None:
        return None
    for o in obs_files[f]:
        if o[0] == region and o[1] == indicator and o[2] == str(year):
            return D(o[3])


pref_pop = sum(obs_value(p, "pop", 2020) for p in pref_by_code)
assert pref_pop == D("4720.9277"), pref_pop
assert obs_value(PROVINCE, "pop", 2020) == D("4720.9277")
county_pop = sum(obs_value(c, "pop", 2020) for c in county_by_code)
assert county_pop == D("4720.9277"), county_pop
for p in pref_by_code:
    s = sum(obs_value(c["code"], "pop", 2020) for c in counties if c["prefecture_code"] == p)
    assert s == obs_value(p, "pop", 2020), (p, s)

gdp_checks = []
for p in sorted(pref_by_code):
    cs = [c["code"] for c in counties if c["prefecture_code"] == p]
    vals = [obs_value(c, "gdp", 2020) for c in cs]
    if None in vals:
        gdp_checks.append((p, None, obs_value(p, "gdp", 2020), sum(1 for v in vals if v is None)))
        continue
    s = sum(vals)
    gdp_checks.append((p, s, obs_value(p, "gdp", 2020), 0))
    # equal within the published precision (昭通's 2020 GDP is published rounded, as 1289)
    pg = obs_value(p, "gdp", 2020)
    half_unit = D(1).scaleb(pg.as_tuple().exponent) / 2
    assert abs(s - pg) <= half_unit, (p, s, pg)

# 滇中's 2020 shares from whole prefectures + the 7 counties (the plan says 61.5% and 47%)
dz_gdp = sum(obs_value(p, "gdp", 2020) for p in DZ_PREFS) + sum(obs_value(c, "gdp", 2020) for c in DZ_COUNTIES)
dz_pop = sum(obs_value(c, "pop", 2020) for c in dz)
dz_gdp_share = dz_gdp / obs_value(PROVINCE, "gdp", 2020) * 100
dz_pop_share = dz_pop / obs_value(PROVINCE, "pop", 2020) * 100
assert abs(dz_gdp_share - D("61.5")) < D("0.1") and abs(dz_pop_share - D("47")) < D("1")

# the census tables agree with each other: prefecture figures (published) against the pop-weighted mean of
# their counties (county census tables). urban_rate and age shares are exact wmeans (up to the 4-digit rounding of
# the county fractions); sex_ratio and household_size are only approximate wmeans by pop.
census_checks = []
for p in sorted(pref_by_code):
    cs = [c["code"] for c in counties if c["prefecture_code"] == p]
    w = sum(obs_value(c, "pop", 2020) for c in cs)
    pu = obs_value(p, "pop_urban", 2020) / obs_value(p, "pop", 2020) * 100
    assert abs(pu - obs_value(p, "urban_rate", 2020)) < D("0.006"), p   # leiii counts vs published rate
    for ind_code, tol in (("urban_rate", D("0.05")), ("age0_14_share", D("0.05")), ("age65_share", D("0.05")),
                          ("sex_ratio", D("0.5")), ("household_size", D("0.05"))):
        wm = sum(obs_value(c, "pop", 2020) * obs_value(c, ind_code, 2020) for c in cs) / w
        pub = obs_value(p, ind_code, 2020)
        if abs(wm - pub) > tol:
            census_checks.append((p, ind_code, pub, wm.quantize(D("0.01"))))
# known disagreement, kept and flagged in the rows' source text and in SOURCES.md: leiii's household size of
# 丽江 and 临沧 does not match the county census tabulation
assert sorted((c[0], c[1]) for c in census_checks) == [("530700", "household_size"), ("530900", "household_size")], \
    census_checks
for o in obs_files["census_prefectures_leiii.csv"]:
    if o[1] == "household_size" and o[0] in ("530700", "530900"):
        wm = [c[3] for c in census_checks if c[0] == o[0]][0]
        what = "this value" if o[2] == "2020" else "this source's 2020 value for the prefecture"
        o[4] += ("; WARNING: %s disagrees with the population-weighted mean of the prefecture's county values in the "
                 "NBS county census tabulation (%s in 2020); check before use" % (what, fmt(wm)))

# ----------------------------------------------------------------------------------------------------
# series breaks: declared where a census revised a level, and checked on the shipped series here


def series(ind, region):
    return {int(o[2]): D(o[3]) for f in obs_files.values() for o in f if o[1] == ind and o[0] == region}


PREFS = [r[0] for r in regions if r[3] == "prefecture"]


def jump(ind, region, y0, y1):
    s_ = series(ind, region)
    return (s_[y1] / s_[y0] - 1) * 100 if y0 in s_ and y1 in s_ else None


def mean_jump(ind, regs, y0, y1):
    js = [jump(ind, r, y0, y1) for r in regs]
    assert all(j is not None for j in js), (ind, y0, y1)
    return sum(js) / len(js), min(js), max(js)


BREAKS = []  # indicator,from_year,level,region,reason_zh,reason_en,source
g18, g18lo, g18hi = mean_jump("gdp", PREFS, 2018, 2019)
g17, _, _ = mean_jump("gdp", PREFS, 2017, 2018)
g19, _, _ = mean_jump("gdp", PREFS, 2019, 2020)
gp = jump("gdp", PROVINCE, 2018, 2019)
assert g18 > 25 and g17 < 10 and g19 < 10 and gp > 25, (g18, g17, g19, gp)
BREAKS.append(["gdp", "2019", "", "", "经济普查修订：第四次全国经济普查修订了2018年地区生产总值，本数据中2018年及以前为修订前口径",
               "economic-census revision: the fourth national economic census revised 2018 GDP; in these data the "
               "figures up to 2018 are on the pre-census basis",
               "国家统计局关于修订2018年国内生产总值数据的公告 (NBS, 2019-11-22: 2018 GDP revised with the results of the "
               "Fourth National Economic Census; English text at https://www.marketscreener.com/news/NASDAQ-Bulletin-on-the-Revision-of-GDP-Data-in-2018--29626395/); "
               "regional GDP for 2018 recalculated under unified standards at the end of 2019 (Xinhua 2019-01-10, NBS head "
               "Ning Jizhe); the raw rows for 2015-2018 say 'pre-4th-economic-census figure'. Checked on the shipped data: "
               "prefecture GDP rises %.1f%% on average from 2018 to 2019 (%.1f%% to %.1f%%), against %.1f%% from 2017 to "
               "2018 and %.1f%% from 2019 to 2020; the province %.1f%%" % (g18, g18lo, g18hi, g17, g19, gp)])
# population: the 15 prefectures other than 昆明 carry 2016-2019 annual estimates not revised to the 2020 census
POP_REV = [r for r in PREFS if r != "530100"]
p19, p19lo, p19hi = mean_jump("pop", POP_REV, 2019, 2020)
p18, _, _ = mean_jump("pop", POP_REV, 2018, 2019)
p20, _, _ = mean_jump("pop", POP_REV, 2020, 2021)
km19, km18 = jump("pop", "530100", 2019, 2020), jump("pop", "530100", 2018, 2019)
pv19 = jump("pop", PROVINCE, 2019, 2020)
assert p19 < -4 and abs(p18) < 1 and abs(p20) < 1 and abs(km19 - km18) < 0.5 and abs(pv19) < 0.5, (p19, p18, p20, km19, pv19)
for r in POP_REV:
    BREAKS.append(["pop", "2020", "prefecture", r,
                   "人口普查修订：2020年为第七次全国人口普查数，2016–2019年为未按普查回溯修订的年度推算数",
                   "population-census revision: 2020 is the seventh national population census; 2016-2019 are annual "
                   "estimates not revised back to the census",
                   "云南省第七次全国人口普查主要数据公报 (云南省统计局, 2021-05-14: 2020-11-01 resident population 47209277); "
                   "raw/README.md ('2016-2019 before the 2020-census revision except 昆明 and the province'). Checked on the "
                   "shipped data: the 15 prefectures other than 昆明 change %.2f%% on average from 2019 to 2020 (%.2f%% to "
                   "%.2f%%), against %.2f%% from 2018 to 2019 and %.2f%% from 2020 to 2021; 昆明 (%.2f%%) and the province "
                   "(%.2f%%) run on; this region %.2f%%" % (p19, p19lo, p19hi, p18, p20, km19, pv19, jump("pop", r, 2019, 2020))])

# ----------------------------------------------------------------------------------------------------
# where figures are usually published: hints for `regio needs` (the kind of table or paragraph, not a
# citation; the publication named is the usual one for that level in Yunnan, the table number changes by edition)

WHERE = []  # indicator,level,where_zh,where_en
YB = "《云南统计年鉴》"
GB_P, GB_C, GB_S = "各州（市）国民经济和社会发展统计公报", "各县（市、区）国民经济和社会发展统计公报", "云南省国民经济和社会发展统计公报"


def where(ind, level, zh, en):
    assert ind in IND, ind
    assert level in ("", "province", "prefecture", "county"), level
    WHERE.append([ind, level, zh, en])


where("gdp", "province", GB_S + "第一部分“综合”首段（地区生产总值）；" + YB + "“国民经济核算”篇",
      "the Yunnan statistical communiqué, part 1 (综合), first paragraph; Yunnan Statistical Yearbook, national accounts chapter")
where("gdp", "prefecture", YB + "“国民经济核算”篇分州（市）地区生产总值表；" + GB_P + "“综合”首段",
      "Yunnan Statistical Yearbook, national accounts chapter, GDP by prefecture; the prefecture's statistical communiqué, 综合, first paragraph")
where("gdp", "county", GB_C + "“综合”首段；" + YB + "县（市、区）主要经济指标表；《中国县域统计年鉴》",
      "the county's statistical communiqué, 综合, first paragraph; Yunnan Statistical Yearbook, main indicators by county; China County Statistical Yearbook")
where("gdp_growth_real", "", "统计公报“综合”首段（“按可比价格计算，比上年增长…%”）；" + YB + "地区生产总值指数表",
      "the statistical communiqué of the region, 综合, first paragraph (growth at comparable prices); Yunnan Statistical Yearbook, GDP index table")
where("pop", "", "统计公报“人口”段（年末常住人口）；" + YB + "“人口”篇分地区常住人口表；普查年份：人口普查公报",
      "the statistical communiqué, population paragraph (year-end resident population); Yunnan Statistical Yearbook, population chapter; census years: the census communiqué")
where("urban_rate", "", "统计公报“人口”段（常住人口城镇化率）；" + YB + "“人口”篇",
      "the statistical communiqué, population paragraph (urbanisation rate of the resident population); Yunnan Statistical Yearbook, population chapter")
where("income_ratio", "", "统计公报“人民生活”段：城镇、农村常住居民人均可支配收入（两者之比即为收入比）",
      "the statistical communiqué, living-standards paragraph: urban and rural per-capita disposable income (their ratio is the income ratio)")
where("income_urban", "", "统计公报“人民生活”段；" + YB + "“人民生活”篇", "the statistical communiqué, living-standards paragraph; Yunnan Statistical Yearbook, living-standards chapter")
where("income_rural", "", "统计公报“人民生活”段；" + YB + "“人民生活”篇", "the statistical communiqué, living-standards paragraph; Yunnan Statistical Yearbook, living-standards chapter")
where("income_growth_real", "", "统计公报“人民生活”段（全体居民人均可支配收入“扣除价格因素实际增长…%”）",
      "the statistical communiqué, living-standards paragraph (per-capita disposable income, real growth after prices)")
where("income_gdp_growth_gap", "", "不单独发布：由 income_growth_real 与 gdp_growth_real 相减，二者见统计公报",
      "not published as such: income_growth_real minus gdp_growth_real, both in the statistical communiqué")
where("industrial_investment", "", "统计公报“固定资产投资”段（工业投资及其增速）", "the statistical communiqué, fixed-asset investment paragraph (industrial investment and its growth)")
where("industrial_va_growth", "", "滇中新区管委会年度统计数据或工作报告（规模以上工业增加值增速）",
      "the Central Yunnan New Area administration's yearly statistics or work report (industrial value added growth)")
where("hightech_va_growth", "", "滇中新区管委会年度统计数据或工作报告（高新技术产业增加值增速）",
      "the Central Yunnan New Area administration's yearly statistics or work report (high-tech value added growth)")
where("built_up_area", "", "《中国城市建设统计年鉴》（城区建成区面积）；市政府工作报告",
      "China Urban Construction Statistical Yearbook (built-up area of the urban district); the city's government work report")
where("central_city_pop", "", "《中国城市建设统计年鉴》（城区人口）；昭通市统计公报“人口”段（中心城市口径须核对）",
      "China Urban Construction Statistical Yearbook (urban-district population); Zhaotong's statistical communiqué (check the central-city definition)")
where("middle_income_share", "", "无例行公布：省统计局住户调查专题分析或规划中期评估材料",
      "not routinely published: a household-survey analysis of the provincial statistics bureau, or the plan's mid-term review papers")
where("regional_medical_centres", "", "省卫生健康委员会公告、云南省政府工作报告（区域医疗中心建成情况）",
      "announcements of the provincial health commission; the Yunnan government work report (regional medical centres completed)")
where("pension_coverage", "", "云南省人力资源和社会保障事业发展统计公报（参保人数、参保率）",
      "the Yunnan human resources and social security statistical bulletin (insured persons, coverage)")
where("medical_insurance_coverage", "", "云南省医疗保障事业发展统计公报（基本医疗保险参保人数、参保率）",
      "the Yunnan medical security statistical bulletin (basic medical insurance, insured persons and coverage)")
where("life_expectancy", "", "云南省卫生健康事业发展统计公报；云南省政府工作报告",
      "the Yunnan health statistical bulletin; the Yunnan government work report")

# ----------------------------------------------------------------------------------------------------
# figures found later (2020-2025), with their qualifiers, vintages and source kinds

# The plan's own figures are a release of their own: the plan was issued on 2022-04-14, so a 2020 figure it
# states is newer than a press release of 2020 or 2021 about the same key (docs/methods/qualifiers.md).
PLAN_ISSUED = "2022-04-14"
QUAL_HEAD = OBS_HEAD + ["qualifier", "vintage", "source_kind"]
for o in obs_files[PB]:
    o.extend(["", PLAN_ISSUED, "plan"])

# raw/found_2021_2025.csv is the list as found (every row with its page, quoted words and note);
# raw/found_2021_2025_review.csv is the reviewed decision per row: the plan indicator it maps to, its qualifier
# (bound, provisional, revised, low reliability, partial year), its vintage (the page's date; empty when the page
# is undated), the kind of publication and whether it is imported or skipped, and why.
FD = "found_2021_2025.csv"
found = read_csv("found_2021_2025.csv")
review = read_csv("found_2021_2025_review.csv")
assert len(found) == len(review) == 112, (len(found), len(review))
found_skipped = []
for raw_row, rv in zip(found, review):
    for a, b in (("region_code", "region_code"), ("indicator", "indicator"), ("year", "year"), ("value", "value")):
        assert raw_row[a] == rv[b], (rv["line"], a, raw_row[a], rv[b])
    assert rv["decision"] in ("import", "skip") and (rv["decision"] == "import") == (rv["reason"] == ""), rv["line"]
    assert rv["source_kind"] in ("bulletin", "yearbook", "census", "work_report", "plan", "official_press", "news",
                                 "encyclopedia", "self_media", "dataset"), rv["line"]
    assert rv["vintage"] == "" or re.match(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", rv["vintage"]), rv["line"]
    if rv["decision"] == "skip":
        found_skipped.append(rv)
        continue
    assert rv["plan_indicator"] in IND, rv["line"]
    src = "raw/found_2021_2025.csv line %s: %s" % (rv["line"], raw_row["source"])
    if raw_row["source_date"]:
        src += "; page dated %s" % raw_row["source_date"]
    if raw_row["note"]:
        src += "; note: %s" % raw_row["note"]
    add_obs(FD, rv["region_code"], rv["plan_indicator"], rv["year"], raw_row["value"], src)
    obs_files[FD][-1].extend([rv["qualifier"], rv["vintage"], rv["source_kind"]])
# a key may appear once per vintage and period across all files: a revision stands beside its first release
qseen = {}
for fname in sorted(obs_files):
    for o in obs_files[fname]:
        q = o[5] if len(o) > 5 else ""
        months = re.search(r"ytd([0-9]+)", q)
        key = (o[0], o[1], o[2], months.group(1) if months else "12", o[6] if len(o) > 6 else "")
        assert key not in qseen, ("duplicate observation of one vintage", key, fname, qseen[key])
        qseen[key] = fname
        lo, hi = IND[o[1]][10], IND[o[1]][11]
        assert lo == "" or D(o[3]) >= D(lo), (fname, o[:4])
        assert hi == "" or D(o[3]) <= D(hi), (fname, o[:4])

# ----------------------------------------------------------------------------------------------------
# write

n = {}
n["regions.csv"] = write_csv(os.path.join(OUT, "regions.csv"),
                             ["code", "name_zh", "name_en", "level", "parent", "kind", "area_km2", "area_source", "source"],
                             regions)
n["partitions.csv"] = write_csv(os.path.join(OUT, "partitions.csv"), ["code", "name_zh", "name_en", "level", "note"],
                                partitions)
n["groups.csv"] = write_csv(os.path.join(OUT, "groups.csv"),
                            ["code", "name_zh", "name_en", "kind", "partition", "note", "source"], groups)
n["group_members.csv"] = write_csv(os.path.join(OUT, "group_members.csv"), ["group", "member", "note"], members)
n["indicators.csv"] = write_csv(os.path.join(OUT, "indicators.csv"),
                                ["code", "name_zh", "name_en", "unit", "direction", "aggregate", "numerator",
                                 "denominator", "weight", "scale", "min", "max", "decimals", "note"], I)
n["targets.csv"] = write_csv(os.path.join(OUT, "targets.csv"),
                             ["code", "name_zh", "name_en", "scope", "indicator", "kind", "comparator", "value",
                              "tolerance", "baseline_year", "baseline_value", "target_year", "note", "source"], T)
n["breaks.csv"] = write_csv(os.path.join(OUT, "breaks.csv"),
                            ["indicator", "from_year", "level", "region", "reason_zh", "reason_en", "source"], BREAKS)
n["where_found.csv"] = write_csv(os.path.join(OUT, "where_found.csv"), ["indicator", "level", "where_zh", "where_en"],
                                 WHERE)
n["monitored.csv"] = write_csv(os.path.join(OUT, "monitored.csv"),
                               ["code", "name_zh", "name_en", "scope", "indicator", "baseline_year", "until_year", "goal",
                                "note", "source"], M)
if os.path.isdir(OBS):
    for old in os.listdir(OBS):
        if old.endswith(".csv") and old not in obs_files:
            os.remove(os.path.join(OBS, old))
for fname in sorted(obs_files):
    head = QUAL_HEAD if any(len(o) > len(OBS_HEAD) for o in obs_files[fname]) else OBS_HEAD
    n["observations/" + fname] = write_csv(os.path.join(OBS, fname), head, obs_files[fname])

# ----------------------------------------------------------------------------------------------------
# summary

levels = Counter(r[3] for r in regions)
print("regions: %d province, %d prefectures, %d counties (areas: %d counties.csv, %d yearbook, %d polygon)"
      % (levels["province"], levels["prefecture"], levels["county"], area_counts["counties.csv"],
         area_counts["yearbook"], area_counts["polygon"]))
print("groups: %s; 滇中 resolves to %d counties; %d border counties"
      % (dict(Counter(g[3] for g in groups)), len(dz), len(resolve("border_counties"))))
for pc, *_ in partitions:
    parts = [g[0] for g in groups if g[4] == pc]
    print("partition %s: %d parts, each of the 129 counties exactly once (%s)"
          % (pc, len(parts), ", ".join("%s=%d" % (p.split(".")[1], len(resolve(p))) for p in parts[:4])))
print("indicators: %d (%s)" % (len(I), dict(Counter(r[5] for r in I))))
print("targets: %d; every target's scope (region or group) and indicator exist" % len(T))
print("monitored without a target: %d (%s)" % (len(M), ", ".join(mcodes)))
print("series breaks: gdp from 2019 (prefectures %+.1f%% 2018->2019), pop from 2020 in %d prefectures (%+.2f%% 2019->2020)"
      % (g18, len(POP_REV), p19))
print("observations: %d rows in %d files; every region and indicator exists; no (region, indicator, year) twice"
      % (sum(len(v) for v in obs_files.values()), len(obs_files)))
for fname in sorted(obs_files):
    print("  %-34s %5d  indicators: %s" % (fname, len(obs_files[fname]),
                                            " ".join(sorted({o[1] for o in obs_files[fname]}))))
print("skipped as the same published figure kept elsewhere: %s" % ", ".join("/".join(s) for s in skipped_same[:3])
      + " ... (%d)" % len(skipped_same))
print("pop 2020: 16 prefectures sum to %s 万人; 129 counties sum to %s 万人 (47,209,277 persons)"
      % (fmt(pref_pop), fmt(county_pop)))
print("county GDP 2020 vs prefecture GDP 2020:")
for p, s, pg, missing in gdp_checks:
    if s is None:
        print("  %s %-8s prefecture %s, %d county value(s) missing: not checked" % (p, pref_by_code[p]["name_zh"][:4], pg, missing))
    else:
        print("  %s %-8s county sum %s = prefecture %s (to its published precision)"
              % (p, pref_by_code[p]["name_zh"][:4], fmt(s), fmt(pg)))
print("census prefecture figures vs pop-weighted county census values: agree (urban_rate, age shares within 0.05; "
      "sex_ratio within 0.5) except %s" % "; ".join("%s %s published %s vs county wmean %s" % c for c in census_checks))
print("滇中 2020: GDP share %.2f%% (plan: 61.5%%), census population share %.2f%% (plan: 47%%)"
      % (dz_gdp_share, dz_pop_share))
print("found 2020-2025: %d of %d rows imported (%s), %d skipped (reasons in raw/found_2021_2025_review.csv)"
      % (len(obs_files[FD]), len(found), dict(Counter(o[7] for o in obs_files[FD])), len(found_skipped)))
for k in sorted(n):
    print("wrote data/yunnan/%s (%d rows)" % (k, n[k]))
