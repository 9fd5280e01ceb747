# The stays trace (`samflyt run --trace`): recounted from the CSV against
# the run's own figures and Little's law; times from the calendar; the same
# trace on 1 and 2 threads.
sf_test(test_trace test_trace.c)

set(TRACEOUT ${CMAKE_CURRENT_BINARY_DIR}/trace-out)
sf_cli(run_trace_bad_rep 2 "--trace-rep 3: the run has 2 replications. choose 1..2"
       run -q -r 2 --trace-rep 3 --trace ${TRACEOUT}-bad.csv -o ${TRACEOUT}/bad ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)
sf_cli(run_trace_rep_usage 2 "--trace-rep wants a whole number from 1"
       run -q --trace-rep 0 --trace x.csv ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)
sf_cli(run_trace_unwritable 1 "cannot write /proc/nope/t.csv"
       run -q -r 2 --trace /proc/nope/t.csv ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)
add_test(NAME cli_run_trace_threads_identical COMMAND sh -c
  "mkdir -p \"$1\" && \"$0\" run -q -r 4 -t 1 --trace \"$1/t1.csv\" --trace-rep 3 -o \"$1/t1\" \"$2\" && \"$0\" run -q -r 4 -t 2 --trace \"$1/t2.csv\" --trace-rep 3 -o \"$1/t2\" \"$2\" && cmp \"$1/t1.csv\" \"$1/t2.csv\" && test $(wc -l < \"$1/t1.csv\") -gt 1000"
  $<TARGET_FILE:samflyt> ${TRACEOUT} ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)

# Across the spring change of summer time (Oslo, 2027-03-28 02:00 ->
# 03:00) the trace reads back through `samflyt flow` with every stay kept:
# times carry their UTC offset, so none comes back out of order, and no
# time in the skipped hour is written.
add_test(NAME trace_dst_roundtrip COMMAND sh -c
  "mkdir -p \"$1\" && \"$0\" run -q --trace \"$1/dst.csv\" -o \"$1/dst\" \"$2\" && n=$(($(wc -l < \"$1/dst.csv\") - 1)) && test $n -gt 1000 && \"$0\" flow \"$1/dst.csv\" > \"$1/dst.txt\" && cat \"$1/dst.txt\" && grep -q \"$n rows read, $n stays kept, 0 skipped\" \"$1/dst.txt\" && grep -q 2027-03-28T03:..:..+02:00 \"$1/dst.csv\" && ! grep -q 2027-03-28T02: \"$1/dst.csv\""
  $<TARGET_FILE:samflyt> ${TRACEOUT} ${PROJECT_SOURCE_DIR}/tests/data/trace/dst_spring.yaml)
sf_cli(run_trace_bad_tz 2 "--trace-tz: unknown time zone 'Mars/Olympus'"
       run -q --trace ${TRACEOUT}-tz.csv --trace-tz Mars/Olympus ${PROJECT_SOURCE_DIR}/tests/data/trace/dst_spring.yaml)
# A model without a calendar start and a horizon of 8000 years: its trace
# would write five-digit years that no reader takes back; refused, nothing
# written.
sf_cli(run_trace_past_9999 1 "the trace's dates would run past the year 9999.*from 2027"
       run ${PROJECT_SOURCE_DIR}/tests/data/trace/eight_thousand_years.yaml -q -r 1
       --trace ${CMAKE_CURRENT_BINARY_DIR}/trace-past-9999.csv)
