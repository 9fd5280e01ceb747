#!/bin/sh
# examples/lappland/make-stays.sh SAMFLYT: regenerates stays.csv.gz, the
# stand-in for "last quarter's export" that the README analyses with
# `samflyt flow`. It simulates the base model four weeks past the quarter
# (so that stays still open at its end are known), keeps replication 1's
# stays that overlap the quarter and clips them to it as an extract for a
# period would. The organisation comes from the units' org: in model.yaml.
set -eu
samflyt=${1:?usage: make-stays.sh SAMFLYT}
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/^horizon: 91d .*/horizon: 119d/' model.yaml >"$tmp/model.yaml"
"$samflyt" run "$tmp/model.yaml" -q --out "$tmp/out" --trace "$tmp/stays.csv"
awk -F, -v OFS=, -v W=2027-04-05T00:00:00 -v E=2027-07-05T00:00:00 '
NR == 1 { print; next }
$6 <= W || $5 >= E { next }   # ended before the quarter, or began after it
{
    if ($4 < W) $4 = W        # arrive, start, end and ready clipped to the quarter
    if ($5 < W) $5 = W
    if ($6 > E) $6 = E
    if ($10 != "" && $10 >= E) $10 = ""
    else if ($10 != "" && $10 < W) $10 = W
    print
}' "$tmp/stays.csv" | gzip -n -9 >stays.csv.gz
