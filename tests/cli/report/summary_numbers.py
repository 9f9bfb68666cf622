"""summary_numbers.py REPORT.json TARGETS.json — the summary's numbers are the targets table's (test_report.sh).

Every line of the summary that speaks of a judged target (it starts with the target's name) must carry only
numbers that the target's row of the report's targets table shows: its cells, its target text and its finding
(the finding prints the rates). And every judged target of the table must have its line, with its latest value,
its as-of year and its CAGR ratio. TARGETS.json is `regio targets --format json` in the same language: the
units of the report's table must be the CLI's. Exits 1 with the differences printed."""
import json
import re
import sys

rep = json.load(open(sys.argv[1], encoding="utf-8"))
cli = json.load(open(sys.argv[2], encoding="utf-8"))
cli = cli["targets"] if isinstance(cli, dict) else cli  # {as_of, targets, monitored}
rows = rep["tables"]["targets"]["rows"]
summary = rep["summary"].splitlines()
NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")
bad = []


def numbers(text):
    return {float(x) for x in NUM.findall(text or "")}


judged = 0
for row in rows:
    if row["warning"] in ("grey", "灰"):
        continue
    judged += 1
    lines = [l for l in summary if re.match(r"\s*\d+\.\s+" + re.escape(row["name"]) + r"[：: ]", l)]
    if not lines:
        bad.append(("no summary line", row["name"]))
        continue
    allowed = set()
    for c, v in row.items():
        if isinstance(v, (int, float)) and v is not None:
            allowed |= {float(v), round(float(v), 2)}
        elif isinstance(v, str):
            allowed |= numbers(v)
    for l in lines:
        text = re.sub(r"^\s*\d+\.\s+", "", l)
        text = re.sub(r"[（(](见第.+?部分|see section \d+)[）)]", "", text)  # the section it points to
        text = re.sub(r"(\d{4})[–-](\d{4})", r"\1 \2", text)  # year spans are two years
        for x in numbers(text):
            if x not in allowed and -x not in allowed and abs(x) not in allowed:
                bad.append(("number not in the table row", row["name"], x, l))
    main = next((l for l in lines if "CAGR" in l or "已达到" in l or "already met" in l), lines[0])
    for want in ("%.2f" % row["cagr_ratio"] if row["cagr_ratio"] is not None else None, str(row["latest_year"])):
        if want and want not in main:
            bad.append(("line lacks", row["name"], want, main))
    # a gap target's disparity (unit "", or 倍 / times for max/min) is printed with 4 (3) decimals
    shown = {"%.2f" % row["latest_value"], "%.4f" % row["latest_value"], "%.3f" % row["latest_value"]}
    if not any(s in main for s in shown) and row["unit"] not in ("%/年", "% a year"):
        bad.append(("line lacks the latest value", row["name"], row["latest_value"], main))
# units: the report's table against the CLI, target by target (both in plan order)
if len(cli) != len(rows):
    bad.append(("target count", len(cli), len(rows)))
for c, row in zip(cli, rows):
    if c["name"] != row["name"] or c["unit"] != row["unit"]:
        bad.append(("unit differs from the CLI", c["name"], c["unit"], row["unit"]))
if judged == 0:
    bad.append(("no judged target: nothing was compared",))
for b in bad[:20]:
    print("summary_numbers:", *b)
sys.exit(1 if bad else 0)
