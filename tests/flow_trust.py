#!/usr/bin/python3
"""flow_trust.py SAMFLYT DIR CASE: `samflyt flow` (and `calibrate`) on
damaged or unusual inputs, generated into DIR (the build tree). Each case
checks the exit code and what the planner is told; a hang fails through
the timeout. Cases:

  gzip     a gzip cut at half, or missing its 8-byte trailer, or with a
           bad CRC (CSV and NDJSON, flow and calibrate): exit 1, the file
           named and said to be cut/damaged; the whole file reads fine.
  quote    an unclosed quote on line 5 of 1001 eats the rest of the file
           (or up to the next quote): exit 1 naming line 5 to line N, with
           --skip-bad exit 0 and the lines counted; a quoted field over
           two lines still reads.
  control  NUL, ESC, DEL and a tab inside a name (CSV and FHIR \\u0000):
           the row is skipped as "control character" (--strict names the
           byte and column); a quoted line break and a tab delimiter read.
  bundle1  a FHIR Bundle of 100 entries on one line (a server's answer)
           with one broken entry: read as a Bundle, entry by entry, and
           only that entry is lost; a one-line array the same; NDJSON with
           a broken first line still reads its other lines.
  pipe     `-` (standard input, plain and gzip, CSV and NDJSON) and a FIFO
           read like the file (same summary); a directory is "is a
           directory", a missing file gives the system's reason.
  messages a header-only file says so (not "see the skipped rows"); CR-only
           line ends are read (flow and --guess); a binary file (.xlsx)
           is refused as "not a text file", --guess prints no binary.
  dups     the same file given twice (by another path) is read once with a
           warning; 100 exact duplicate rows are dropped with a warning
           that counts them, flow and calibrate: the totals are the
           unique ones.
  guess    a log of complete events only (the Sepsis log's columns):
           --guess suggests instants (start = end = time), not the
           lifecycle pairing that keeps 0 stays, and flow reads it so,
           saying what it means; the zone applied is named, and times
           with a foreign offset (-05:00) bring a --tz hint.
"""
import gzip
import os
import subprocess
import sys
import threading

samflyt, d, case = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(d, exist_ok=True)
failed = []


def run(args, stdin=None, timeout=60, data=None):
    try:
        r = subprocess.run([samflyt] + args, capture_output=True, stdin=stdin, input=data,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "", "timed out after %d s (a hang)" % timeout
    return (r.returncode, r.stdout.decode(errors="replace"),
            r.stderr.decode(errors="replace"))


def expect(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failed.append(what)
        if detail:
            print("     " + detail.replace("\n", "\n     ")[-1500:])


def write(name, data):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


def stays_csv(n):
    rows = ["patient,unit,start,end"]
    rows += ["p%d,u%d,2024-03-%02dT08:00:00,2024-03-%02dT20:00:00" % (i, i % 3, 1 + i % 27,
                                                                      1 + i % 27)
             for i in range(n)]
    return "\n".join(rows) + "\n"


def case_gzip():
    csv = gzip.compress(stays_csv(20000).encode())
    nd = gzip.compress(b"".join(
        b'{"resourceType":"Encounter","subject":{"reference":"Patient/%d"},'
        b'"class":{"code":"IMP"},"period":{"start":"2024-03-01T08:00:00Z",'
        b'"end":"2024-03-02T08:00:00Z"}}\n' % i for i in range(5000)))
    for kind, g in (("csv", csv), ("ndjson", nd)):
        good = write("whole.%s.gz" % kind, g)
        rc, out, err = run(["flow", "-q", good])
        expect("%s: the whole gzip reads (exit 0)" % kind, rc == 0, err)
        crc = bytearray(g)
        crc[-7] ^= 0xFF
        for how, data, msg in (("half", g[:len(g) // 2], "cut short"),
                               ("no-trailer", g[:-8], "cut short"),
                               ("bad-crc", bytes(crc), "damaged")):
            p = write("%s.%s.gz" % (how, kind), data)
            for cmd in (["flow", "-q", p],
                        ["calibrate", "-q", "--backtest", "0", "-o",
                         os.path.join(d, "m.yaml"), p]):
                rc, out, err = run(cmd)
                expect("%s %s %s: exit 1, '%s' named" % (cmd[0], kind, how, msg),
                       rc == 1 and msg in err and os.path.basename(p) in err,
                       "exit %d\n%s" % (rc, err))


def case_quote():
    rows = stays_csv(1000).splitlines()
    rows[4] = rows[4].replace(",u", ',"u', 1)
    eof = write("unclosed.csv", "\n".join(rows) + "\n")
    rows[500] = rows[500].replace(",u", ',"u', 1).replace(",2024", '",2024', 1)
    mid = write("unclosed_mid.csv", "\n".join(rows) + "\n")
    for p, last, kept in ((eof, 1001, 3), (mid, 501, 503)):
        name = os.path.basename(p)
        n = last - 5 + 1
        rc, out, err = run(["flow", "-q", p])
        expect("%s: exit 1, line 5 to line %d" % (name, last),
               rc == 1 and "%s:5:" % name in err and
               "from line 5 to line %d (%d lines" % (last, n) in err and "--skip-bad" in err,
               "exit %d\n%s" % (rc, err))
        rc, out, err = run(["calibrate", "-q", "--backtest", "0", "-o",
                            os.path.join(d, "m.yaml"), p])
        expect("calibrate %s: exit 1" % name, rc == 1 and "from line 5" in err, err)
        rc, out, err = run(["flow", "--no-metrics", "--skip-bad", p])
        expect("%s --skip-bad: exit 0, %d kept, %d lines told" % (name, kept, n),
               rc == 0 and "%d stays kept" % kept in out and
               "over %d lines skipped" % n in out and "from line 5 to line %d" % last in out,
               out + err)
        rc, out, err = run(["flow", "--strict", "--skip-bad", p])
        expect("%s --strict: exit 1" % name, rc == 1 and "line 5" in err, err)
    ok = write("multiline_ok.csv", 'patient,unit,start,end\np1,"k\nad",2024-03-01T08:00:00,'
               '2024-03-02T08:00:00\np2,kad,2024-03-01T08:00:00,2024-03-02T08:00:00\n')
    rc, out, err = run(["flow", "--no-metrics", ok])
    expect("a quoted field over two lines reads", rc == 0 and "2 stays kept" in out, out + err)


def case_control():
    t = ",2024-03-01T08:00:00,2024-03-02T08:00:00\n"
    p = write("control.csv", b"patient,unit,start,end\n" + b"".join(
        (b"p%d,%s" % (i, u)) + t.encode()
        for i, u in enumerate([b"kad", b"kad\0x", b'"k\tad"', b'"k\nad"', b"kad\x1b",
                               b"kad\x7f"])))
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("control.csv: 4 rows skipped as control character (lines 3, 4, 7, 8), 1 unit + "
           "the quoted line break",
           rc == 0 and "2 stays kept, 4 skipped" in out and
           "control character: 4 (lines 3, 4, 7, 8)" in out and "2 units" in out, out + err)
    rc, out, err = run(["flow", "--strict", "--no-metrics", p])
    expect("control.csv --strict: line 3 column 7, byte 0x00",
           rc == 1 and "control.csv:3:7: a control character (byte 0x00) in column 'unit'" in err,
           err)
    tab = write("tab.csv", "patient\tunit\tstart\tend\np1\tkad\t2024-03-01T08:00:00\t"
                "2024-03-02T08:00:00\n")
    rc, out, err = run(["flow", "--no-metrics", tab])
    expect("a tab delimiter reads", rc == 0 and "1 stays kept, 0 skipped" in out, out + err)
    enc = ('{"resourceType":"Encounter","subject":{"reference":"Patient/1"},"class":{"code":'
           '"%s"},"period":{"start":"2024-03-01T08:00:00Z","end":"2024-03-02T08:00:00Z"}}\n')
    nd = write("control.ndjson", enc % "IMP" + enc % "IMP\\u0000x" + enc % "IMP\\tx")
    rc, out, err = run(["flow", "--no-metrics", nd])
    expect("control.ndjson: \\u0000 and \\t in a name skipped",
           rc == 0 and "control character: 2 (lines 2, 3)" in out and "1 units" in out, out + err)


def encounter(i):
    return ('{"resourceType":"Encounter","subject":{"reference":"Patient/%d"},"class":{"code":'
            '"IMP"},"period":{"start":"2024-03-01T08:00:00Z","end":"2024-03-02T08:00:00Z"}}' % i)


def case_bundle1():
    entries = ['{"fullUrl":"urn:uuid:%d","resource":%s}' % (i, encounter(i)) for i in range(100)]
    entries[50] = entries[50].replace('"Patient/50"}', '"Patient/50" BAD}')
    p = write("bundle1.json", '{"resourceType":"Bundle","type":"searchset","entry":[%s]}'
              % ",".join(entries))
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("one-line Bundle, one bad entry: read as a Bundle, 99 kept, 1 bad JSON",
           rc == 0 and "fhir-bundle" in out and "100 rows read, 99 stays kept, 1 skipped" in out
           and "bad JSON: 1 (line 1)" in out, out + err)
    res = [encounter(i) for i in range(10)]
    res[3] = res[3].replace('"IMP"', '"IMP" "x"')
    p = write("array1.json", "[%s]\n" % ",".join(res))
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("one-line array, one bad resource: 9 kept",
           rc == 0 and "10 rows read, 9 stays kept, 1 skipped" in out, out + err)
    p = write("bad_first.ndjson", "{\"resourceType\": oops}\n" +
              "".join(encounter(i) + "\n" for i in range(5)))
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("NDJSON with a broken first line: 5 kept",
           rc == 0 and "fhir-ndjson" in out and "6 rows read, 5 stays kept, 1 skipped" in out,
           out + err)


def case_pipe():
    # big enough that the time-format sample outruns the first read
    csvdata = stays_csv(60000).encode()
    p = write("piped.csv", csvdata)
    nd = write("piped.ndjson", "".join(encounter(i) + "\n" for i in range(50)))
    for path, data in ((p, csvdata), (nd, open(nd, "rb").read())):
        rc, ref, err = run(["flow", "--no-metrics", path])
        ref = ref.split("\n", 1)[1]
        for how, inp in (("stdin", data), ("stdin gzip", gzip.compress(data))):
            rc, out, err = run(["flow", "--no-metrics", "-"], data=inp, timeout=20)
            expect("%s through %s: exit 0, same as the file" % (os.path.basename(path), how),
                   rc == 0 and out.split("\n", 1)[1] == ref and out.startswith("-: "),
                   "exit %d\n%s\n%s" % (rc, out[:400], err))
    fifo = os.path.join(d, "fifo.csv")
    if os.path.exists(fifo):
        os.unlink(fifo)
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write(csvdata)
    threading.Thread(target=feed, daemon=True).start()
    rc, out, err = run(["flow", "--no-metrics", fifo], timeout=20)
    rc2, ref, err2 = run(["flow", "--no-metrics", p])
    expect("a FIFO reads like the file (no hang)",
           rc == 0 and out.split("\n", 1)[1] == ref.split("\n", 1)[1], "exit %d\n%s" % (rc, err))
    rc, out, err = run(["flow", d])
    expect("a directory: 'is a directory'", rc == 1 and "is a directory" in err, err)
    rc, out, err = run(["flow", os.path.join(d, "no-such.csv")])
    expect("a missing file: the system's reason",
           rc == 1 and "no-such.csv: cannot open the file: No such file or directory" in err, err)


def case_messages():
    p = write("header_only.csv", "patient,unit,start,end\n")
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("header only: 'no data rows', not 'see the skipped rows'",
           rc == 1 and "no data rows" in err and "skipped rows" not in err, err)
    rows = stays_csv(5).splitlines()
    p = write("cr_only.csv", "\r".join(rows) + "\r")
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("CR-only line ends: 5 stays, said in the summary",
           rc == 0 and "5 rows read, 5 stays kept" in out and "CR alone" in out, out + err)
    rc, out, err = run(["flow", "--guess", p])
    expect("CR-only --guess: 4 columns, preset samflyt",
           rc == 0 and "4 columns" in out and "preset samflyt" in out, out + err)
    xlsx = (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00"
            b"\x90\x04\x00\x00\x13\x00\x08\x02[Content_Types].xml \xa2\x04\x02(\xa0\n")
    p = write("export.xlsx", xlsx)
    for cmd in (["flow", "--guess", p], ["flow", p]):
        rc, out, err = run(cmd)
        expect("%s of an .xlsx: 'not a text file', nothing binary printed" % " ".join(cmd[:2]),
               rc == 1 and "not a text file: byte 0x03" in err and
               all(c >= " " or c in "\n\t" for c in out + err), repr(out + err))


def case_dups():
    data = stays_csv(1000)
    p = write("once.csv", data)
    rc, ref, err = run(["flow", "--no-metrics", p])
    total = [ln for ln in ref.splitlines() if ln.startswith("total:")]
    other = os.path.join(d, ".", "once.csv")
    rc, out, err = run(["flow", "--no-metrics", p, other])
    expect("the same file twice: read once, warned, totals as once",
           rc == 0 and "is the same file as" in err and
           [ln for ln in out.splitlines() if ln.startswith("total:")] == total, out + err)
    lines = data.splitlines()
    p2 = write("doubled.csv", "\n".join(lines + lines[1:101]) + "\n")
    rc, out, err = run(["flow", "--no-metrics", p2])
    expect("100 duplicate rows: dropped, warned with the count, totals as the unique rows",
           rc == 0 and "warning: 100 exact duplicate stays dropped" in err and
           "total: 1000 stays" in out, out + err)
    rc, out, err = run(["calibrate", "-q", "--backtest", "0", "-o", os.path.join(d, "m.yaml"),
                        p2])
    expect("calibrate: duplicates warned",
           rc == 0 and "warning: 100 exact duplicate stays dropped" in err, err)


def case_guess():
    acts = ["ER Registration", "ER Triage", "IV Antibiotics", "Admission NC", "Release A"]
    rows = ["case_id,activity,lifecycle:transition,time:timestamp,org:group"]
    for c in range(40):
        for k, a in enumerate(acts):
            rows.append("C%d,%s,complete,2014-10-%02d %02d:%02d:00,G%d" % (c, a, 1 + c % 28,
                                                                        8 + k, c, k))
    p = write("sepsis.csv", "\n".join(rows) + "\n")
    rc, out, err = run(["flow", "--guess", p])
    expect("complete-only log: --guess suggests instants, no lifecycle",
           rc == 0 and "--map patient=case_id,unit=activity,start=time:timestamp,"
           "end=time:timestamp" in out and "instant" in out and "lifecycle=" not in out,
           out + err)
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("complete-only log: flow keeps 200 instant stays and says so",
           rc == 0 and "200 stays kept" in out and "instant stay" in out, out + err)
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("the zone applied is named", "zone: Europe/Oslo, for times without an offset" in out, out)
    p = write("us.csv", "patient,unit,start,end\np1,er,2024-03-01T08:00:00-05:00,"
              "2024-03-01T12:00:00-05:00\n")
    rc, out, err = run(["flow", "--no-metrics", p])
    expect("a foreign offset: --tz hint", rc == 0 and "offset -05:00, which Europe/Oslo" in out
           and "--tz" in out, out + err)
    rc, out, err = run(["flow", "--no-metrics", "--tz", "-05:00", p])
    expect("no hint with the right --tz", rc == 0 and "does not have" not in out, out + err)


globals()["case_" + case]()
sys.exit(1 if failed else 0)
