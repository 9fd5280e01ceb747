#!/bin/sh
# cli_outputs.sh SAMFLYT SOURCE WORK CASE: how the samflyt command writes its
# outputs (cli/outfile.c). Each CASE makes a failure happen and checks what
# is left on disk: a failed run leaves the previous files as they were and
# no temporary file, an output that is an input is refused before anything
# is written, and every write error names its reason. Prints "ok CASE".
set -u
S=$1 W=$3/$4 CASE=$4
M=$2/examples/care-chain/model.yaml
COMPARE=$2/tests/data/scenario/compare.yaml
HAND=$2/tests/data/calibrate/hand.csv
rm -rf "$W" && mkdir -p "$W" || exit 1
cd "$W" || exit 1

fail() { echo "FAIL $CASE: $*"; exit 1; }
# no temporary file left anywhere under the work folder
no_tmp() { [ -z "$(find . -name '*.tmp-*')" ] || fail "temporary files left: $(find . -name '*.tmp-*')"; }
# runs "$@" expecting exit status $1 and stderr matching $2
expect() {
    want=$1 re=$2
    shift 2
    "$@" >out.txt 2>err.txt
    got=$?
    [ "$got" = "$want" ] || fail "exit $got, expected $want: $(cat err.txt)"
    grep -Eq -- "$re" err.txt || fail "stderr does not match '$re': $(cat err.txt)"
}

case $CASE in
run_full_disk)
    # A previous complete run, then one that cannot write its files (a
    # file size limit: results.json is cut after 100 blocks, as on a full
    # disk): the folder still holds the previous run, whole.
    "$S" run -q -r 2 -s 1 -o res "$M" || fail "first run"
    cp -r res before
    (ulimit -f 100 && trap '' XFSZ && exec "$S" run -q -r 20 -s 2 -o res "$M") >out.txt 2>err.txt
    [ $? = 1 ] || fail "exit $?, expected 1"
    grep -q "cannot write res/results.json: File too large" err.txt || fail "message: $(cat err.txt)"
    diff -r before res || fail "the previous files were changed"
    no_tmp
    ;;
flow_full_disk)
    # the same for flow: stays.csv (365 kB) is cut at 100 blocks
    V=$(dirname "$M")/../vesteralen/stays.csv.gz
    "$S" flow -q "$HAND" -o res || fail "first flow"
    cp -r res before
    (ulimit -f 100 && trap '' XFSZ && exec "$S" flow -q "$V" -o res) >out.txt 2>err.txt
    [ $? = 1 ] || fail "exit $?, expected 1"
    grep -q "cannot write res/.*: File too large" err.txt || fail "message: $(cat err.txt)"
    diff -r before res || fail "the previous files were changed"
    no_tmp
    ;;
run_trace_enospc)
    # /dev/full answers every write with ENOSPC; the device is written
    # directly, never replaced by a file
    expect 1 "cannot write /dev/full: No space left on device" \
        "$S" run -q -r 2 --trace /dev/full -o res "$M"
    [ -c /dev/full ] || fail "/dev/full is no longer a device"
    [ ! -e res ] || fail "the folder was written although the trace failed"
    no_tmp
    ;;
compare_trace_enospc)
    expect 1 "cannot write /dev/full: No space left on device" \
        "$S" compare -q -r 2 --trace /dev/full -o res "$COMPARE"
    no_tmp
    ;;
calibrate_fit_enospc)
    # the model and the fit report go together: a fit report that cannot
    # be written leaves the previous model, not a new one beside it
    "$S" calibrate -q "$HAND" --tz UTC --profile flat --backtest 0 -o m.yaml || fail "first"
    cp m.yaml m.before
    expect 1 "cannot write /dev/full: No space left on device" \
        "$S" calibrate -q "$HAND" --tz UTC --profile day --backtest 0 -o m.yaml --fit /dev/full
    cmp m.yaml m.before || fail "the model was replaced"
    no_tmp
    ;;
calibrate_input)
    cp "$HAND" data.csv && cp data.csv data.before
    expect 2 "refusing to write data.csv: it is the input data.csv" \
        "$S" calibrate -q data.csv --tz UTC --backtest 0 -o data.csv
    cmp data.csv data.before || fail "the input was overwritten"
    expect 2 "refusing to write ./data.csv: it is the input data.csv" \
        "$S" calibrate -q data.csv --tz UTC --backtest 0 -o m.yaml --fit ./data.csv
    cmp data.csv data.before || fail "the input was overwritten"
    expect 2 "must be three different files" \
        "$S" calibrate -q data.csv --tz UTC -o m.yaml --fit m.yaml
    [ ! -e m.yaml ] || fail "a model was written"
    ;;
run_trace_input)
    cp "$M" m.yaml && cp m.yaml m.before
    expect 2 "refusing to write m.yaml: it is the input m.yaml" \
        "$S" run -q -r 2 -o res m.yaml --trace m.yaml
    cmp m.yaml m.before || fail "the model was overwritten"
    ln -s m.yaml link.yaml
    expect 2 "refusing to write link.yaml: it is the input m.yaml" \
        "$S" compare -q -r 2 -o res m.yaml --trace link.yaml
    cmp m.yaml m.before || fail "the model was overwritten"
    [ ! -e res ] || fail "an output folder was written"
    ;;
run_out_input)
    # the model inside the output folder under an output's name
    mkdir res && cp "$M" res/summary.csv && cp "$M" m.before
    expect 2 "refusing to write res/summary.csv: it is the input res/summary.csv" \
        "$S" run -q -r 2 -o res res/summary.csv
    cmp res/summary.csv m.before || fail "the model was overwritten"
    ;;
flow_input)
    "$S" flow -q "$HAND" -o res || fail "first"
    cp res/stays.csv stays.before
    expect 2 "refusing to write res/stays.csv: it is the input res/stays.csv" \
        "$S" flow -q res/stays.csv -o res
    cmp res/stays.csv stays.before || fail "the input was overwritten"
    ;;
trace_rep_keep)
    # --trace-rep beyond the replications: refused before the trace opens
    echo "keep me" >keep.csv
    expect 2 "--trace-rep 100: the run has 2 replications; choose 1..2" \
        "$S" run -q -r 2 --trace keep.csv --trace-rep 100 -o res "$M"
    [ "$(cat keep.csv)" = "keep me" ] || fail "keep.csv was truncated"
    expect 2 "--trace-rep 100: the run has 2 replications" \
        "$S" compare -q -r 2 --trace keep.csv --trace-rep 100 -o res "$COMPARE"
    [ "$(cat keep.csv)" = "keep me" ] || fail "keep.csv was truncated"
    ;;
out_of_memory)
    # 1000000 replications do not fit in 200 MB of address space: the
    # library says so, and run must print it (SF_ERR_NOMEM once collided
    # with the command's "already printed" sentinel)
    (ulimit -v 200000 && exec "$S" run -q -r 1000000 -o res "$M") >out.txt 2>err.txt
    [ $? = 1 ] || fail "exit $?, expected 1"
    grep -q "out of memory" err.txt || fail "no message: '$(cat err.txt)'"
    ;;
unsafe_name)
    # a model named "../../escaped" writes under out/, not two folders up
    mkdir -p a/b && cd a/b || exit 1
    sed 's/^name: .*/name: "..\/..\/escaped"/' "$M" >m.yaml
    "$S" run -q -r 2 m.yaml >../../out.txt 2>&1 || fail "run: $(cat ../../out.txt)"
    sed 's/^name: .*/name: "."/' "$M" >dot.yaml
    "$S" run -q -r 2 dot.yaml >../../out.txt 2>&1 || fail "run: $(cat ../../out.txt)"
    cd ../.. || exit 1
    [ ! -e escaped ] && [ ! -e a/escaped ] || fail "results written outside out/"
    [ -f a/b/out/_._.._escaped/results.json ] || fail "no out/_._.._escaped/results.json: $(find a)"
    [ -f a/b/out/_/results.json ] || fail "no out/_/results.json: $(find a)"
    ;;
interrupted)
    # Ctrl-C or kill during a long run: the previous trace stays, and the
    # temporary file goes with the process
    echo "keep me" >keep.csv
    "$S" run -q -r 100000 --trace keep.csv -o res "$M" >out.txt 2>&1 &
    pid=$!
    sleep 1
    kill -TERM $pid
    wait $pid
    [ "$(cat keep.csv)" = "keep me" ] || fail "keep.csv was replaced or truncated"
    [ ! -e res ] || fail "an output folder was written"
    no_tmp
    ;;
*) fail "unknown case" ;;
esac
echo "ok $CASE"
