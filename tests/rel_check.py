"""rel_check.py: one relative-error check for the tests that compare
samflyt's numbers with an independent computation (scipy), counting the
failures; `done()` exits 1 if any check failed."""
import sys

failures = 0


def check(what, ours, theirs, rel):
    """ours within rel (relative) of theirs; prints one line either way."""
    err = abs(ours - theirs) / max(abs(theirs), 1e-300)
    ok = err <= rel
    print(f"{'ok  ' if ok else 'FAIL'} {what}: samflyt {ours:.12g} scipy {theirs:.12g} (rel {err:.2e} <= {rel:g})")
    if not ok:
        fail()
    return ok


def fail(msg=None):
    """Counts a failure found some other way (and prints msg)."""
    global failures
    if msg:
        print(f"FAIL {msg}")
    failures += 1


def done():
    print(f"{failures} failure(s)")
    sys.exit(1 if failures else 0)
