#!/usr/bin/python3
"""flow_charts_check.py DIR [--no-map] [--lang nb|sv]: every diagram of the flow report
`samflyt flow --out DIR` writes, checked against the tables beside it.

- process map (data-chart="process_map"): each arrow's from, to and count
  is a row of dfg.csv; the arrows drawn are exactly the rows with at least
  the stated threshold of episodes, the hidden ones (count and episodes in
  the SVG and the note) exactly the rest; each unit box's stays equal
  units.csv. With --no-map: no map, and a note saying why, with the dfg
  table still there.
- pathway diagram (data-chart="pathways"): rank, episodes, share and
  organisations of each row equal variants.csv; the grouped rest is the
  episodes counted (summary.csv variant_episodes) minus the rows shown.
- length of stay (data-chart="los"): p10, p25, p50, p75, p90 and n of each
  unit equal the length_of_stay rows of los.csv; each unit's histogram
  counts add up to n and equal the counts of stays.csv's completed stays
  (end - start) in the chart's bins, counted here.
- the census charts (the first two): each line's plotted points, read back
  through the y axis's labelled grid lines, are the census.csv means over
  24 hours (or per step) and the census_profile.csv medians, within a
  pixel; one line per unit named in the legend.
- every chart has a <title> and a visible title, and every new chart is
  followed by its reading in words (<p class="reading">).
With --lang nb or sv the report was written in that language (samflyt flow
--lang): the axis numbers are read with their decimal comma, and the
map's note and boxes in that language's words; the figures checked are
the same."""
import bisect
import csv
from datetime import datetime
import html
import html.parser
import os
import re
import sys

d = sys.argv[1]
no_map = "--no-map" in sys.argv[2:]
lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
# the words of the map's note and boxes (phrases.inc)
WORDS = {
    "en": ("fewer than {} episodes are hidden", "{} moves with {} episodes", "stays"),
    "nb": ("flyttinger i færre enn {} forløp er skjult", "{} flyttinger med {} forløp", "opphold"),
    "sv": ("förflyttningar i färre än {} vårdförlopp är dolda",
           "{} förflyttningar med {} vårdförlopp", "vistelser"),
}[lang]


def number(s):
    """A number as the report writes it in lang: U+2212 minus, a narrow
    no-break space between thousands and a decimal comma in nb and sv."""
    s = s.replace("\u2212", "-").replace("\u202f", "")
    return float(s.replace(",", ".") if lang != "en" else s)
text = open(os.path.join(d, "report.html"), encoding="utf-8").read()


def rows(name):
    return list(csv.DictReader(open(os.path.join(d, name + ".csv"), encoding="utf-8")))


class Charts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.charts, self.cur, self.depth, self.titles = {}, None, 0, {}
        self.in_title, self.groups, self.after = False, [], {}
        self.last_chart, self.reading = None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.cur = a.get("data-chart", "svg%d" % len(self.charts))
            self.charts[self.cur] = {"attrs": a, "groups": [], "title": "", "ct": ""}
        elif self.cur and tag == "g":
            self.charts[self.cur]["groups"].append(a)
        elif self.cur and tag == "title" and not self.charts[self.cur]["title"]:
            self.in_title = "title"
        elif self.cur and tag == "text" and a.get("class") == "ct":
            self.in_title = "ct"
        elif tag == "p" and a.get("class") == "reading" and self.last_chart:
            self.reading = True

    def handle_endtag(self, tag):
        if tag == "svg":
            self.last_chart, self.cur = self.cur, None
        if tag in ("title", "text"):
            self.in_title = False
        if tag == "p" and self.reading:
            self.reading = False
            self.last_chart = None
        if tag == "section":
            self.last_chart = None

    def handle_data(self, data):
        if self.in_title and self.cur:
            self.charts[self.cur][self.in_title] += data
        if self.reading:
            self.after[self.last_chart] = self.after.get(self.last_chart, "") + data


p = Charts()
p.feed(text)
fail = []


def near(a, b):
    a, b = float(a), float(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


for name, c in p.charts.items():
    if not c["title"].strip():
        fail.append(f"chart {name}: no <title>")
    if name in ("process_map",):
        continue  # the map's heading is the section's; its title is the <title>
    if not c["ct"].strip():
        fail.append(f"chart {name}: no visible title")

new = ["svg0", "svg1", "pathways", "los"] + ([] if no_map else ["process_map"])
for name in new:
    if name not in p.charts:
        fail.append(f"no {name} chart")
    elif not p.after.get(name, "").strip():
        fail.append(f"{name}: no reading in words after the chart")

# ---- process map ----
dfg = {(r["from"], r["to"]): int(r["count"]) for r in rows("dfg")}
units = {r["unit"]: int(r["stays"]) for r in rows("units")}
if no_map:
    if "process_map" in p.charts:
        fail.append("a process map drawn without Graphviz")
    if 'id="map-missing"' not in text or "Graphviz" not in text:
        fail.append("no note saying the process map needs Graphviz")
    if "<section id=\"dfg\">" not in text:
        fail.append("no dfg table")
elif "process_map" in p.charts:
    m = p.charts["process_map"]
    thr = int(m["attrs"]["data-threshold"])
    drawn = {}
    for g in m["groups"]:
        if g.get("class") == "edge":
            key = (g["data-from"], g["data-to"])
            drawn[key] = int(g["data-count"])
            if dfg.get(key) != drawn[key]:
                fail.append(f"map edge {key}: {drawn[key]}, dfg.csv {dfg.get(key)}")
    want = {k for k, v in dfg.items() if v >= thr}
    if set(drawn) != want:
        fail.append(f"map edges {sorted(set(drawn) ^ want)} differ from dfg.csv rows >= {thr}")
    hidden = [v for k, v in dfg.items() if v < thr]
    hn, he = int(m["attrs"]["data-hidden-edges"]), int(m["attrs"]["data-hidden-episodes"])
    if (hn, he) != (len(hidden), sum(hidden)):
        fail.append(f"map hides {hn} edges / {he} episodes, dfg.csv {len(hidden)} / {sum(hidden)}")
    if WORDS[0].format(thr) not in re.sub(r"\s+", " ", text) or \
            WORDS[1].format(hn, he) not in re.sub(r"\s+", " ", text):
        fail.append("map: the note does not state the threshold and what is hidden")
    boxes = re.findall(r'<g class="node"><rect[^>]*/><title>([^<]*): ([0-9]+) ' + WORDS[2] +
                       '</title>', text)
    for unit, n in boxes:
        unit = html.unescape(unit) if hasattr(html, "unescape") else unit
        if units.get(unit) != int(n):
            fail.append(f"map box {unit}: {n} stays, units.csv {units.get(unit)}")
    if not boxes:
        fail.append("map: no unit boxes")

# ---- pathways ----
var = rows("variants")
summ = {r["metric"]: r["value"] for r in rows("summary")}
if "pathways" in p.charts:
    c = p.charts["pathways"]
    shown = [g for g in c["groups"] if g.get("class") == "pw"]
    var = var[:20]  # at most 20 rows drawn, the rest grouped
    if len(shown) != len(var):
        fail.append(f"pathways: {len(shown)} rows, variants.csv {len(var)}")
    for g, r in zip(shown, var):
        if (g["data-rank"], g["data-episodes"], g["data-organisations"]) != \
                (r["rank"], r["episodes"], r["organisations"]) or \
                not near(g["data-share"], r["share"]):
            fail.append(f"pathway {r['rank']}: {g}, variants.csv {r}")
    rest = int(float(summ["variant_episodes"])) - sum(int(r["episodes"]) for r in var)
    if int(c["attrs"]["data-rest"]) != rest:
        fail.append(f"pathways: rest {c['attrs']['data-rest']}, expected {rest}")
    grp = [g for g in c["groups"] if g.get("class") == "pw rest"]
    if rest and (len(grp) != 1 or int(grp[0]["data-episodes"]) != rest):
        fail.append(f"pathways: the grouped rest is not drawn as {rest} episodes")

# ---- length of stay ----
los = {r["unit"]: r for r in rows("los") if r["measure"] == "length_of_stay"
       and r["unit"] != "(all)" and int(r["n"]) > 0}
if "los" in p.charts:
    got = {g["data-unit"]: g for g in p.charts["los"]["groups"] if g.get("class") == "los"}
    # the 24 units with the most stays
    order = list(los)
    most = sorted(order, key=lambda u: (-int(los[u]["n"]), order.index(u)))[:24]
    if set(got) != set(most):
        fail.append(f"los chart units {sorted(got)}, los.csv's most stays {sorted(most)}")
    for u, g in got.items():
        r = los.get(u)
        if not r:
            continue
        if g["data-n"] != r["n"]:
            fail.append(f"los {u}: n {g['data-n']}, los.csv {r['n']}")
        for q in ("p10", "p25", "p50", "p75", "p90"):
            if not near(g["data-" + q], r[q + "_h"]):
                fail.append(f"los {u}: {q} {g['data-' + q]}, los.csv {r[q + '_h']}")
    # the histograms, counted again from stays.csv
    edges = [float(e) for e in p.charts["los"]["attrs"]["data-edges"].split()]
    mine, edge_hits = {}, 0
    for r in rows("stays"):
        if not r["start"] or not r["end"]:
            continue  # open stays have no length yet
        h = (datetime.fromisoformat(r["end"].replace("Z", "+00:00")) -
             datetime.fromisoformat(r["start"].replace("Z", "+00:00"))).total_seconds() / 3600
        if h < 0:
            continue
        b = max(0, min(len(edges) - 2, bisect.bisect_right(edges, h) - 1))
        edge_hits += any(abs(h - e) <= 1e-9 * max(1, e) for e in edges)
        mine.setdefault(r["unit"], [0] * (len(edges) - 1))[b] += 1
    for u, g in got.items():
        counts = [int(c) for c in g["data-counts"].split()]
        if sum(counts) != int(g["data-n"]):
            fail.append(f"los {u}: histogram of {sum(counts)} stays, n {g['data-n']}")
        want = mine.get(u, [])
        diff = sum(abs(a - b) for a, b in zip(counts, want)) if len(want) == len(counts) else -1
        if diff < 0 or diff > 2 * edge_hits:
            fail.append(f"los {u}: histogram {counts}, stays.csv {want}")

# ---- census charts: plotted values read back from the pixels ----
def plotted(chunk):
    """Legend names and, per name, the values of its points (a line with
    gaps is several polylines of one colour and dash)."""
    grid = re.findall(r'<line x1="[-\d.]+" y1="([-\d.]+)" x2="[-\d.]+" y2="[-\d.]+" '
                      r'class="grid"/><text x="[-\d.]+" y="[-\d.]+" class="yl">([^<]+)</text>',
                      chunk)
    (y0, v0), (y1, v1) = [(float(a), number(b)) for a, b in (grid[0], grid[-1])]
    per_px = (v1 - v0) / (y1 - y0)
    lines = {}
    for style, pts in re.findall(r'<polyline fill="none" (stroke="[^"]*" stroke-width="1.5"'
                                 r'[^>]*?) points="([^"]+)"', chunk):
        lines.setdefault(style.replace(' stroke-width="1.5"', ""), []).extend(
            v0 + (float(pt.split(",")[1]) - y0) * per_px for pt in pts.split())
    legend = re.findall(r'<line [^>]*(stroke="[^"]*") stroke-width="3"([^/]*)/><text [^>]*'
                        r'class="lg">([^<]*)</text>', chunk)
    series = {html.unescape(n): lines.get(st + dash.rstrip(), []) for st, dash, n in legend}
    return series, abs(per_px)


chunks = text.split("<svg")[1:3]
if len(chunks) == 2:
    cen = rows("census")
    summ = {r["metric"]: r["value"] for r in rows("summary")}
    step = float(summ.get("census_step_h") or 1)
    series = {}
    for r in cen:
        series.setdefault(r["unit"], []).append(float(r["census_mean"]))
    lines, px = plotted(chunks[0])
    for name, line in lines.items():
        h = series.get(name, [])
        per = 24 if step == 1 and len(h) > 24 * 14 else 1
        want = [sum(h[i:i + per]) / len(h[i:i + per]) for i in range(0, len(h), per)]
        want = [v for v in want if v == v]
        bad = [i for i, (a, b) in enumerate(zip(line, want)) if abs(a - b) > px]
        if len(line) != len(want) or bad:
            fail.append(f"census chart {name}: {len(line)} points, {len(want)} expected, "
                        f"{len(bad)} off by more than a pixel")
    if not lines or any(not v for v in lines.values()):
        fail.append(f"census chart: a unit in the legend without a line")
    prof = {}
    for r in rows("census_profile"):
        if r["p50"]:  # an hour of the week the data never had: a gap
            prof.setdefault(r["unit"], []).append(float(r["p50"]))
    lines, px = plotted(chunks[1])
    for name, line in lines.items():
        want = prof.get(name, [])
        bad = [i for i, (a, b) in enumerate(zip(line, want)) if abs(a - b) > px]
        if len(line) != len(want) or bad:
            fail.append(f"profile chart {name}: {len(line)} points, {len(want)} expected, "
                        f"{len(bad)} off by more than a pixel")

for f in fail:
    print("FAIL", f)
if not fail:
    print(f"charts ok: {', '.join(p.charts)}")
sys.exit(1 if fail else 0)
