"""map_labels.py REPORT.html FIGURE_ID [N] — every label of a map lies inside its own unit, and carries a halo.

Each <text data-code=C x= y=> of the figure's labels group is tested against the <path data-code=C d=…> of the
same figure (its rings "M x y L x y … Z", even-odd rule). N: the number of labels expected. test_report.sh."""
import re
import sys

page = open(sys.argv[1], encoding="utf-8").read()
fig = re.search(r'<figure class="map" id="%s">(.*?)</figure>' % re.escape(sys.argv[2]), page, re.S)
if not fig:
    print("map_labels: no figure", sys.argv[2]); sys.exit(1)
f = fig.group(1)
paths = {c: d for c, d in re.findall(r'<path data-code="([^"]+)" fill="[^"]*" d="([^"]+)"', f)}
group = re.search(r'<g class="labels"([^>]*)>(.*?)</g>', f, re.S)
bad = []
if not group:
    print("map_labels: no labels"); sys.exit(1)
if 'paint-order="stroke"' not in group.group(1) or 'stroke="#fff"' not in group.group(1):
    bad.append("labels have no white halo")
labels = re.findall(r'<text data-code="([^"]+)" x="([-0-9.]+)" y="([-0-9.]+)"', group.group(2))


def rings(d):
    out = []
    for part in re.findall(r"M[^MZ]*", d):
        pts = [tuple(map(float, p.split())) for p in re.findall(r"[-0-9.]+ [-0-9.]+", part)]
        if len(pts) >= 3:
            out.append(pts)
    return out


def inside(x, y, rs):
    n = False
    for pts in rs:
        j = len(pts) - 1
        for i in range(len(pts)):
            (xi, yi), (xj, yj) = pts[i], pts[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                n = not n
            j = i
    return n


for code, x, y in labels:
    if code not in paths:
        bad.append(f"label {code} has no unit"); continue
    if not inside(float(x), float(y), rings(paths[code])):
        bad.append(f"label {code} at {x},{y} lies outside its unit")
if len(sys.argv) > 3 and len(labels) != int(sys.argv[3]):
    bad.append(f"{len(labels)} labels, expected {sys.argv[3]}")
for b in bad:
    print("map_labels:", b)
sys.exit(1 if bad else 0)
