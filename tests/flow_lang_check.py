#!/usr/bin/python3
"""flow_lang_check.py SAMFLYT DATA OUT: `samflyt flow --lang en|nb|sv` on
DATA into OUT/en, OUT/nb and OUT/sv.
- the machine outputs (every CSV, metrics.json, ingest.json) are
  byte-identical across the languages: only report.html changes;
- report.html in nb and sv is <html lang="nb"> / "sv" and its visible
  text (tags stripped, <title> tooltips kept) has none of the English
  phrases the flow report used to write (moved to src/report/phrases.inc)
  and none of the common English words; its numbers carry decimal commas
  and none a decimal point (dates aside);
- the charts still read back to the tables in each language
  (tests/flow_charts_check.py --lang)."""
import filecmp
import html
import os
import re
import subprocess
import sys

bin_, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
fail = []
for lang in ("en", "nb", "sv"):
    subprocess.run([bin_, "flow", "-q", "--lang", lang, data, "-o", os.path.join(out, lang)],
                   check=True, stdout=subprocess.DEVNULL)

machine = sorted(n for n in os.listdir(os.path.join(out, "en")) if n != "report.html")
if len(machine) < 10:
    fail.append(f"only {len(machine)} machine outputs: {machine}")
for lang in ("nb", "sv"):
    for n in machine:
        if not filecmp.cmp(os.path.join(out, "en", n), os.path.join(out, lang, n), shallow=False):
            fail.append(f"{lang}/{n} differs from en/{n}")

# Phrases of the English flow report (flow_html.c, flow_charts.c,
# flow_out.c) that must not be left in a translated page.
ENGLISH = [
    "stays of", "patients at", "Written by samflyt flow", "every table is in full",
    "Summary", "Occupancy over time", "Occupancy by hour", "Arrivals by", "Length of stay",
    "Transitions between units", "Directly-follows graph", "Pathway variants",
    "Patients shared between", "Home zones", "Continuity of care", "Census",
    "patients present", "has the most patients present", "the median census",
    "Process map", "The busiest move", "Arrows are moves", "episodes", "other pathways",
    "The most common pathway", "median episode", "after arrival", "Stays are longest",
    "length of stay (", "bars: share", "units in order", "crossing organisations",
    "The table:", "The first", "Nothing to show", "(all)", "(outside)", "(home)", " stays",
    "rows read", "bed-days", "readmission", "census_mean", "weekday",
]
WORDS = re.compile(r"\b(the|of|and|with|are|is|was|were|at|on)\b")
for lang in ("nb", "sv"):
    page = open(os.path.join(out, lang, "report.html"), encoding="utf-8").read()
    if f'<html lang="{lang}">' not in page:
        fail.append(f"{lang}: no <html lang=\"{lang}\">")
    body = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    body = body.split("</h1>", 1)[-1]  # the title names the files read
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))
    for p in ENGLISH:
        if p in text:
            i = text.index(p)
            fail.append(f"{lang}: English left: {p!r} in ...{text[max(0, i - 60):i + 60]}...")
    for w in sorted(set(WORDS.findall(text))):
        i = WORDS.search(text).start()
        fail.append(f"{lang}: English word {w!r}: ...{text[max(0, i - 60):i + 60]}...")
    commas = re.findall(r"\d,\d", text)
    no_dates = re.sub(r"\b\d\d\.\d\d\.\d{4}\b", " ", text)
    points = re.findall(r"\S*\d\.\d\S*", no_dates)
    if not commas:
        fail.append(f"{lang}: no number with a decimal comma")
    if points:
        fail.append(f"{lang}: numbers with a decimal point: {points[:5]}")
    r = subprocess.run(["/usr/bin/python3", os.path.join(here, "flow_charts_check.py"),
                        os.path.join(out, lang), "--lang", lang], capture_output=True, text=True)
    if r.returncode:
        fail.append(f"{lang}: flow_charts_check: {r.stdout.strip()}")
    else:
        commas = len(commas)
        print(f"{lang}: {commas} decimal commas, {len(ENGLISH)} English phrases absent")

for f in fail[:30]:
    print("FAIL", f)
if not fail:
    print(f"flow lang ok: {len(machine)} machine outputs identical in en, nb, sv")
sys.exit(1 if fail else 0)
