#!/bin/sh
# tests/run_months.sh SAMFLYT MODEL UNIT OUTDIR: checks `samflyt run --months
# UNIT` against the by_month.csv that the same run writes (an independent
# reading of the engine's month tables): for each month the printed
# requests a day and mean wait (and their half-widths) must equal the CSV's
# mean and (hi - lo) / 2, rounded as printed. Exit 1 with the differing
# line when one does not.
set -eu
samflyt=$1 model=$2 unit=$3 out=$4
rm -rf "$out"
"$samflyt" run "$model" -q -r 4 --out "$out" --months "$unit" >"$out.txt"
grep -q "^$unit by month of the year: mean ± 95 % CI half-width over 4 replications" "$out.txt"
booked=0
grep -q 'days to appt$' "$out.txt" && booked=1
awk -F, -v unit="$unit" -v booked="$booked" '
function pm(m, lo, hi, scale, unit_) { return sprintf("%.1f±%.1f%s", m * scale, (hi - lo) / 2 * scale, unit_) }
NR == FNR {
    if (FNR == 1) { for (i = 1; i <= NF; i++) col[$i] = i; next }
    if ($1 != unit) next
    a = pm($col["arrivals_per_day"], $col["arrivals_per_day_lo"], $col["arrivals_per_day_hi"], 1, "")
    w = $col["wait_mean"]; wl = $col["wait_mean_lo"]; wh = $col["wait_mean_hi"]
    if (w == "") ws = "-"
    else if (booked) ws = sprintf("%.2f±%.2f d", w / 24, (wh - wl) / 48)
    else ws = "?"           # non-booked: h/min/d chosen by size; only arrivals checked
    want[$3] = a; wantw[$3] = ws; n++
    next
}
$1 in want {
    seen++
    if ($2 != want[$1]) { print "month " $1 ": printed " $2 ", by_month.csv gives " want[$1]; bad = 1 }
    got = $NF == "d" || $NF == "h" || $NF == "min" ? $(NF - 1) " " $NF : $NF
    if (wantw[$1] != "?" && got != wantw[$1]) { print "month " $1 ": printed wait " got ", by_month.csv gives " wantw[$1]; bad = 1 }
}
END { if (n != 12 || seen != 12) { print "expected 12 months, csv " n ", printed " seen; bad = 1 }; exit bad }
' "$out/by_month.csv" FS=' ' "$out.txt"
echo "months match by_month.csv"
