"""compare_check.py: recomputes every difference in a compare.json with
scipy, independently of samflyt's own statistics (src/report/compare.c):
the mean of each replication's paired difference, the 95 % t half-width,
the two-sided p-value of the paired t-test, the significance flags and the
Bonferroni count. Run by ctest (tests/compare.cmake) with /usr/bin/python3.

usage: compare_check.py compare.json"""
import json
import math
import sys

from scipy import stats


def main(path):
    with open(path) as f:
        doc = json.load(f)
    checked = 0
    tests = 0
    for d in doc["differences"]:
        xs = [x for x in d["paired"] if x is not None]
        n = len(xs)
        assert n == d["n"], (d["unit"], d["metric"], n, d["n"])
        if n < 2:
            continue
        tests += 1
        mean = sum(xs) / n
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
        half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
        scale = max(1.0, abs(mean))
        assert abs(d["diff"] - mean) <= 1e-9 * scale, (d, mean)
        assert abs(d["half"] - half) <= 1e-9 * max(1.0, half), (d, half)
        if sd > 1e-12 * scale:
            p = stats.ttest_1samp(xs, 0.0).pvalue
            assert abs(d["p"] - p) <= 1e-9 + 1e-6 * p, (d["unit"], d["metric"], d["p"], p)
        significant = d["lo"] > 0 or d["hi"] < 0
        assert d["significant"] == significant, d
        checked += 1
    assert tests == doc["bonferroni_tests"], (tests, doc["bonferroni_tests"])
    for d in doc["differences"]:
        if d["n"] >= 2 and d["p"] is not None:
            assert d["bonferroni"] == (d["p"] < 0.05 / tests), d
    assert checked > 50, checked
    print(f"compare_check: {checked} differences agree with scipy")


if __name__ == "__main__":
    main(sys.argv[1])
