"""report_values.py: every plotted value and every figure of a report.html
checked against the files beside it (run_report_check.py,
compare_report_check.py, serve_check.py).

The reports put on each chart the axis in data-* attributes (values at
two pixel positions) and on each mark the key of the figure it draws
(data-key) and the factor from the files' unit to the one shown
(data-scale). This module reads the marks back through the axis: a point
at pixel y shows y0 + (bottom - y) / (bottom - top) * (y1 - y0), which must
be the figure of results.json or compare.json times the scale, within
what the pixel rounding (0.01 px) allows."""
import html.parser
import json
import math
import re


class Marks(html.parser.HTMLParser):
    """svgs: [(attrs of <svg>, [(tag, attrs)] of its keyed marks)];
    cells: [(attrs of the keyed td or tr, [cell texts])]."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.svgs, self.cells = [], []
        self.in_svg, self.tr, self.td, self.texts, self.text = False, None, None, [], None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svgs.append((a, []))
            self.in_svg = True
        elif self.in_svg and "data-key" in a:
            self.svgs[-1][1].append((tag, a))
        if tag == "tr":
            self.tr, self.texts = (a if "data-key" in a else None), []
        if tag == "td":
            self.td, self.text = a, ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.in_svg = False

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg = False
        if tag == "td" and self.text is not None:
            if "data-key" in self.td:
                self.cells.append((self.td, [self.text]))
            elif self.tr is not None:
                self.texts.append(self.text)
            self.text = None
        if tag == "tr" and self.tr is not None:
            self.cells.append((self.tr, self.texts))
            self.tr = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def shown(x):
    """A number as the reports print it (sf_fmt_num, English)."""
    if x is None or not math.isfinite(x):
        return ""
    s = "%.0f" % x if x == math.floor(x) or abs(x) >= 1000 else "%.4g" % x
    if "e" in s:
        s = "%.6f" % x
    return s


def same_shown(text, x):
    """text is x as the reports print it, but for the last digit of a
    number the files hold to 12 digits (113.75 may round either way)."""
    if text == shown(x):
        return True
    try:
        return abs(float(text) - x) <= 5e-4 * abs(x) + 1e-12
    except ValueError:
        return False


def points(a):
    return [tuple(map(float, p.split(","))) for p in a["points"].split()]


def close(got, want, span):
    return abs(got - want) <= 0.0005 * span + 1e-9 * abs(want)


def check_panels(page, results, fail):
    """The small multiples of a run report: every mean line, band and
    capacity line against results.json's by_hour / by_month (or the
    year's estimate). Returns the number of values checked."""
    units = {u["name"]: u for u in results["units"]}
    n_checked = 0
    for svg, marks in page.svgs:
        if "panel" not in svg.get("class", ""):
            continue
        y0, y1 = float(svg["data-y0"]), float(svg["data-y1"])
        top, bottom = float(svg["data-top"]), float(svg["data-bottom"])
        x0, x1 = float(svg["data-x0"]), float(svg["data-x1"])
        scale = float(svg["data-scale"])
        for tag, a in marks:
            unit, metric, part = a["data-key"].split("/")
            u = units.get(unit)
            if u is None:
                fail.append(f"chart of unknown unit {unit}")
                continue
            if part == "year":
                year = u["estimates"][metric]["mean"]
                series, k = {"mean": [year] * 12}, 1
            else:
                series, k = u[part][metric], scale if a.get("class") != "ref" else 1
            n = len(series["mean"])
            pts = points(a)
            if tag == "polygon":  # the band: hi forward, then lo backward
                half = len(pts) // 2
                runs = [("hi", pts[:half]), ("lo", pts[half:][::-1])]
            else:
                runs = [("mean", pts)]
            for field, ps in runs:
                for x, y in ps:
                    i = round((x - x0) / (x1 - x0) * (n - 1)) if n > 1 else 0
                    want = series[field][i]
                    got = y0 + (bottom - y) / (bottom - top) * (y1 - y0)
                    if want is None:
                        fail.append(f"{a['data-key']} point {i} drawn where results.json has none")
                        continue
                    want = max(want * k, y0)  # a band below the axis is drawn to it
                    if not close(got, want, y1 - y0):
                        fail.append(f"{a['data-key']} {field}[{i}]: drawn {got:.6g}, "
                                    f"results.json {want:.6g} (x{k:g})")
                    n_checked += 1
    return n_checked


def check_forests(page, cmp, fail):
    """The forest plots of a compare report: every dot at the scenario's
    level (base + mean difference) and the dashed line at the base,
    against compare.json. Returns the number of values checked."""
    rows = {(d["scenario"], d["unit"], d["metric"]): d for d in cmp["differences"]}
    n_checked = 0
    for svg, marks in page.svgs:
        if "forest" not in svg.get("class", ""):
            continue
        a0, a1 = float(svg["data-x0v"]), float(svg["data-x1v"])
        x0, x1 = float(svg["data-x0"]), float(svg["data-x1"])
        scale = float(svg["data-scale"])
        for tag, a in marks:
            scen, unit, metric = a["data-key"].split("/")
            d = rows.get((scen, unit, metric))
            if d is None:
                fail.append(f"forest dot {a['data-key']} not in compare.json")
                continue
            got = a0 + (float(a["cx"]) - x0) / (x1 - x0) * (a1 - a0)
            want = (d["base_mean"] + d["diff"]) * scale
            if not close(got, want, a1 - a0):
                fail.append(f"{a['data-key']}: drawn at {got:.6g}, compare.json base + diff "
                            f"{want:.6g}")
            base = float(svg["data-base"])
            if not close(base, d["base_mean"] * scale, a1 - a0):
                fail.append(f"{a['data-key']}: base line at {base:.6g}, compare.json "
                            f"{d['base_mean'] * scale:.6g}")
            if d["n"] >= 2 and d["diff"] == 0 and d["sd"] == 0:
                fail.append(f"{a['data-key']}: drawn, but the same in every replication")
            n_checked += 1
    return n_checked


def number(text):
    """The leading number of a cell ("3.442 days (3.3–3.5)" -> "3.442")."""
    m = re.match(r"\s*(-?[0-9.]+(?:e-?\d+)?)", text)
    return m.group(1) if m else ""


def load(path):
    return json.load(open(path, encoding="utf-8"))
