#!/usr/bin/python3
"""labels_phrases.py SRC LABELS_TOOL: the reports' (and the run summary's) fixed words
(src/report/phrases.inc, sf_tr) are complete and safe: every text the
report code passes to sf_tr (a literal, or either branch of a ?: of two
literals) has a row, each row has bokmål and Swedish texts, and a
translation has the same printf conversions in the same order as the
English (a format that differs would print garbage or crash)."""
import glob
import os
import re
import subprocess
import sys

src, tool = sys.argv[1:3]
rows = {}
for line in subprocess.run([tool, "phrases"], capture_output=True, text=True, check=True).stdout.splitlines():
    en, nb, sv = line.split("\t")
    rows[en] = (nb, sv)
STR = r'"(?:[^"\\]|\\.)*"'
fail = []
used = set()
for p in sorted(glob.glob(os.path.join(src, "report", "*.c")) +
                glob.glob(os.path.join(src, "..", "cli", "*.c"))):
    s = open(p, encoding="utf-8").read()
    for m in re.finditer(r"sf_tr\(\s*((?:%s\s*)+|[^,]*\?\s*(?:%s)\s*:\s*(?:%s))\s*," % (STR, STR, STR), s):
        arg = m.group(1)
        if "?" in arg:
            texts = [x[1:-1] for x in re.findall(STR, arg)]
        else:
            texts = ["".join(x[1:-1] for x in re.findall(STR, arg))]
        for t in texts:
            t = t.replace('\\"', '"')
            used.add(t)
            if t not in rows:
                fail.append(f"{os.path.basename(p)}: no translation of {t!r}")
conv = re.compile(r"%(?:%|[-+#0]*\d*(?:\.\d+)?(?:ll|l|z|h)?[a-zA-Z])")
for en, (nb, sv) in rows.items():
    want = conv.findall(en)
    for lang, t in (("nb", nb), ("sv", sv)):
        if not t.strip() and en.strip():
            fail.append(f"{lang}: empty translation of {en!r}")
        if conv.findall(t) != want:
            fail.append(f"{lang}: {t!r} has conversions {conv.findall(t)}, the English {want}")
for f in fail:
    print("FAIL", f)
if not fail:
    print(f"phrases ok: {len(used)} texts used, {len(rows)} rows, formats agree")
sys.exit(1 if fail else 0)
