"""body_clean.py REPORT.html PLAN_DIR — the report's body is for readers (issue 11 item 7; test_report.sh).

The body is every <section> but the annexes (id starting with "annex"). Its visible text — tags stripped, SVG
<title> tooltips and figure text included, attributes not — must hold no file path (a/b.csv, docs/…, data/…),
no machine path (/work/…, /tmp/…, /home/…), no store table name (region_geometry, region_point), and none of
the plan's internal codes: the codes of its groups, partitions, targets and monitored indicators, the indicator
codes that carry an underscore (gdp_pc, urban_rate; plain words such as "pop" are left alone), stored weight
names (county_queen) and the plan directory's own name. Codes may stand in annex tables only. Exits 1 with each
offending excerpt printed."""
import csv
import html
import os
import re
import sys

page = open(sys.argv[1], encoding="utf-8").read()
plan = sys.argv[2]


def codes(name, need_underscore=False):
    path = os.path.join(plan, name)
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8-sig") as f:
        return {r["code"] for r in csv.DictReader(f) if r.get("code") and (not need_underscore or "_" in r["code"])}


internal = codes("groups.csv") | codes("partitions.csv") | codes("targets.csv") | codes("monitored.csv")
internal |= codes("indicators.csv", need_underscore=True)
internal |= {os.path.basename(os.path.normpath(plan)), "county_queen", "county_rook"}
# a code that is also a word of the plan's own English names ("border", "prefectures") is a word in English text
words = set()
for name in ("groups.csv", "partitions.csv", "targets.csv", "monitored.csv", "indicators.csv", "regions.csv"):
    path = os.path.join(plan, name)
    if os.path.exists(path):
        with open(path, encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                words |= {w.lower() for w in re.findall(r"[A-Za-z]+", r.get("name_en") or "")}
internal = {c for c in internal if "_" in c or c.lower() not in words}
bad = []
sections = re.findall(r'<section id="([^"]+)">(.*?)</section>', page, re.S)
if not sections:
    bad.append("no sections found")
body = "\n".join(text for key, text in sections if not key.startswith("annex"))
head = re.sub(r"<(style|title)>.*?</\1>", " ", page.split("<section", 1)[0], flags=re.S)
visible = html.unescape(re.sub(r"<[^>]+>", " ", head + body))
patterns = [
    (r"(?:[A-Za-z0-9_.-]+/)+[A-Za-z0-9_.-]+\.(?:md|csv|txt|json|geojson|xlsx|db|html|shp|gpkg)\b", "file path"),
    (r"(?<![A-Za-z0-9])(?:docs|data|tests|src|raw|observations|evaluation|boundaries)/", "file path"),
    (r"(?<![A-Za-z0-9])/(?:work|tmp|home|usr|root|var|mnt)/", "machine path"),
    (r"\bregion_(?:geometry|point)\b", "store table"),
]
for pat, what in patterns:
    for m in re.finditer(pat, visible):
        bad.append(f"{what}: …{visible[max(0, m.start() - 40):m.end() + 40]}…")
for c in sorted(internal):
    for m in re.finditer(r"(?<![A-Za-z0-9_])" + re.escape(c) + r"(?![A-Za-z0-9_])", visible):
        bad.append(f"internal code {c}: …{visible[max(0, m.start() - 40):m.end() + 40]}…")
        break
for b in bad[:30]:
    print("body_clean:", " ".join(b.split()))
if len(bad) > 30:
    print(f"body_clean: … {len(bad) - 30} more")
sys.exit(1 if bad else 0)
