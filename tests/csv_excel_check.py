#!/usr/bin/python3
"""csv_excel_check.py PLAIN EXCEL: every *.csv under folder PLAIN (the
default CSV) has a twin under EXCEL (written with --csv excel) that a
Nordic Excel opens as meant: UTF-8 with a byte-order mark, CRLF line ends
(none bare), ';' between fields; read back with Python's csv module
(delimiter ';') it has the same rows and columns, text cells equal, and
every number equal to the plain file's, written with a decimal comma.
A text cell that begins with =, +, -, @, TAB or CR is read back with a
leading ' (OWASP CSV injection: Excel then shows it as text, not as a
formula). With --formulas the run must have had such cells and negative
numbers (tests/data/csv_excel: unit names such as =HYPERLINK("x") and
-1+1), and each negative number must be a number cell, not guarded."""
import csv
import io
import os
import re
import sys

args = [a for a in sys.argv[1:] if a != "--formulas"]
formulas = "--formulas" in sys.argv
plain_dir, excel_dir = args[0], args[1]
NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
fail, files, cells, numbers, guarded, negative = [], 0, 0, 0, 0, 0
for root, _, names in os.walk(plain_dir):
    for name in sorted(names):
        if not name.endswith(".csv"):
            continue
        p = os.path.join(root, name)
        x = os.path.join(excel_dir, os.path.relpath(p, plain_dir))
        files += 1
        raw = open(x, "rb").read()
        if not raw.startswith(b"\xef\xbb\xbf"):
            fail.append(f"{x}: no UTF-8 byte-order mark")
        text = raw.decode("utf-8-sig")
        # line ends outside quotes are CRLF: a bare LF only inside a quoted field
        outside = re.sub(r'"(?:[^"]|"")*"', "", text)
        if re.search(r"(?<!\r)\n", outside):
            fail.append(f"{x}: a line ends with LF alone")
        if text and not text.endswith("\r\n"):
            fail.append(f"{x}: does not end with CRLF")
        want = list(csv.reader(open(p, encoding="utf-8", newline="")))
        got = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        if len(got) != len(want):
            fail.append(f"{x}: {len(got)} rows, plain {len(want)}")
            continue
        for i, (g, w) in enumerate(zip(got, want)):
            if len(g) != len(w):
                fail.append(f"{x} row {i + 1}: {len(g)} fields, plain {len(w)}: {g} / {w}")
                continue
            for a, b in zip(g, w):
                cells += 1
                if NUM.match(b):
                    numbers += 1
                    negative += b.startswith("-")
                    if "." in a or a != b.replace(".", ",") or \
                            float(a.replace(",", ".")) != float(b):
                        fail.append(f"{x} row {i + 1}: {a!r} for the number {b!r}")
                elif b[:1] in ("=", "+", "-", "@", "\t", "\r") and b:
                    guarded += 1
                    if a != "'" + b:
                        fail.append(f"{x} row {i + 1}: {a!r} for the text {b!r} "
                                    "(a formula to Excel)")
                elif a != b:
                    fail.append(f"{x} row {i + 1}: {a!r}, plain {b!r}")
if not files:
    fail.append(f"no CSV files under {plain_dir}")
if formulas and not (guarded and negative):
    fail.append(f"{guarded} text cells like formulas, {negative} negative numbers: "
                "the test data should give both")
for f in fail[:20]:
    print("FAIL", f)
if not fail:
    print(f"excel csv ok: {files} files, {cells} cells, {numbers} numbers "
          f"({negative} negative), {guarded} text cells guarded")
sys.exit(1 if fail else 0)
