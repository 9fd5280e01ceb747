"""html_page.py: what the report checks share (flow_report_check.py,
run_report_check.py): a parser that collects tables by section (or by
<h3> heading), counts charts and their lines, and fails on unbalanced
tags and on anything a self-contained page must not have; and the
number format the reports print."""
import html.parser
import math
import re

VOID = {"meta", "line", "br"}


class Page(html.parser.HTMLParser):
    """tables[key]: rows (lists of cell texts) of the tables under the
    last <section id> or <h3> seen; svgs, polylines per chart; fail: what
    is wrong."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.stack, self.tables, self.sections, self.svgs = [], {}, [], 0
        self.key, self.cell, self.row, self.h3 = None, None, None, None
        self.polylines, self.fail = [], []
        self.feed(text)
        self.close()
        if self.stack:
            self.fail.append(f"unclosed: {self.stack}")
        urls = set(re.findall(r"https?://[^\"' <>]+", text))
        if urls - {"http://www.w3.org/2000/svg"}:
            self.fail.append(f"URLs in the page: {urls}")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            if k in a and not a[k].startswith("#"):
                self.fail.append(f"<{tag} {k}={a[k]}> fetches something")
        if tag in ("script", "link", "iframe", "img", "object", "embed"):
            self.fail.append(f"<{tag}> in a self-contained report")
        if tag == "svg":
            self.svgs += 1
            self.polylines.append(0)
        if tag == "polyline":
            self.polylines[-1] += 1
        if tag == "section":
            self.key = a.get("id")
            self.sections.append(self.key)
            self.tables.setdefault(self.key, [])
        if tag == "h3":
            self.h3 = ""
        if tag == "tr":
            self.row = []
        if tag in ("td", "th"):
            self.cell = ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag == "polyline" and self.polylines:
            self.polylines[-1] += 1

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.fail.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()
        if tag == "h3":
            self.key = self.h3
            self.tables.setdefault(self.key, [])
            self.h3 = None
        if tag in ("td", "th"):
            self.row.append(self.cell)
            self.cell = None
        if tag == "tr" and self.key is not None:
            self.tables[self.key].append(self.row)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.h3 is not None:
            self.h3 += data


def shown(v):
    """A CSV value as the reports print it: whole numbers and those from
    1000 on without decimals, others to 4 significant digits."""
    if v == "":
        return ""
    try:
        x = float(v)
    except ValueError:
        return v
    if not math.isfinite(x):
        return ""
    if x == math.floor(x) or abs(x) >= 1000:
        return "%.0f" % x
    return "%.4g" % x
