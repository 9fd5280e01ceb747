#!/bin/sh
# tests/csv_excel.sh SAMFLYT SOURCE_DIR OUT CMD: runs command CMD (run,
# compare, sweep, flow, calibrate) twice, with plain CSV and with
# --csv excel, into OUT/CMD-plain and OUT/CMD-excel, then compares every
# CSV file of the two (tests/csv_excel_check.py). CMD formula: run, compare
# and flow on names Excel would read as formulas (tests/data/csv_excel);
# a fifth argument asks the check to insist on such cells.
set -e
bin=$1 src=$2 out=$3/$4
rm -rf "$out-plain" "$out-excel"
mkdir -p "$out-plain" "$out-excel"
for mode in plain excel; do
    o=$out-$mode
    case $4 in
    run) "$bin" run -q -r 2 --csv $mode "$src/examples/roros/model.yaml" -o "$o" ;;
    compare) "$bin" compare -q -r 2 --csv $mode "$src/examples/roros/model.yaml" -o "$o" ;;
    sweep) "$bin" sweep -q --csv $mode "$src/tests/data/sweep/loss_ward.yaml" \
        --vary units.ward.beds=6..10 --target 'ward.turned_away_share<=5%' -o "$o" ;;
    flow) "$bin" flow -q --csv $mode "$src/tests/data/flow/quoting.csv" -o "$o/a" 2>/dev/null
          "$bin" flow -q --csv $mode "$src/tests/data/flow_metrics/paths.csv" -o "$o/b" ;;
    calibrate) "$bin" calibrate -q --backtest 2 --csv $mode "$src/tests/data/calibrate/hand.csv" \
        -o "$o/model.yaml" ;;
    formula) d=$src/tests/data/csv_excel
        "$bin" run -q --csv $mode "$d/formula.yaml" -o "$o/run"
        "$bin" compare -q --csv $mode "$d/formula.yaml" -o "$o/compare"
        "$bin" flow -q --csv $mode "$d/formula.csv" -o "$o/flow" ;;
    esac >/dev/null
done
exec /usr/bin/python3 "$src/tests/csv_excel_check.py" "$out-plain" "$out-excel" \
    ${5:+--formulas}
