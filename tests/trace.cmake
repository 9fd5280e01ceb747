# The stays trace (`samflyt run --trace`): recounted from the CSV against
# the run's own figures and Little's law; times from the calendar; the same
# trace on 1 and 2 threads.
sf_test(test_trace test_trace.c)

set(TRACEOUT ${CMAKE_CURRENT_BINARY_DIR}/trace-out)
sf_cli(run_trace_bad_rep 2 "--trace-rep 3: the run has 2 replications; choose 1..2"
       run -q -r 2 --trace-rep 3 --trace ${TRACEOUT}-bad.csv -o ${TRACEOUT}/bad ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)
sf_cli(run_trace_rep_usage 2 "--trace-rep wants a whole number from 1"
       run -q --trace-rep 0 --trace x.csv ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)
sf_cli(run_trace_unwritable 1 "cannot write /proc/nope/t.csv"
       run -q -r 2 --trace /proc/nope/t.csv ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)
add_test(NAME cli_run_trace_threads_identical COMMAND sh -c
  "mkdir -p \"$1\" && \"$0\" run -q -r 4 -t 1 --trace \"$1/t1.csv\" --trace-rep 3 -o \"$1/t1\" \"$2\" && \"$0\" run -q -r 4 -t 2 --trace \"$1/t2.csv\" --trace-rep 3 -o \"$1/t2\" \"$2\" && cmp \"$1/t1.csv\" \"$1/t2.csv\" && test $(wc -l < \"$1/t1.csv\") -gt 1000"
  $<TARGET_FILE:samflyt> ${TRACEOUT} ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)
