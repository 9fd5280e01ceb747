# Staff and bed schedules, on-drop, discharge hours (test_schedule.c):
# against exact equality, Erlang B, a birth-death chain and hand-worked cases.
sf_test(test_schedule test_schedule.c)
set_tests_properties(test_schedule PROPERTIES TIMEOUT 300)

# The CLI writes the by-hour and by-month tables, and a scheduled model with
# handover and discharge hours gives byte-identical files on 1 and 2 threads.
set(SCHED_MODEL ${CMAKE_CURRENT_SOURCE_DIR}/data/schedule/seasons.yaml)
set(SCHED_OUT ${CMAKE_CURRENT_BINARY_DIR}/cli-out/schedule)
add_test(NAME cli_schedule_by_time COMMAND sh -c
  "\"$0\" run -r 2 -o \"$1/files\" \"$2\" | grep -q 'by_hour.csv, by_month.csv' && head -1 \"$1/files/by_hour.csv\" | grep -q '^unit,hour,day,time,arrivals_per_hour,' && test $(wc -l < \"$1/files/by_hour.csv\") -eq 337 && test $(wc -l < \"$1/files/by_month.csv\") -eq 25 && grep -q '^w,7,Jul,.*,6,6,6,' \"$1/files/by_month.csv\""
  $<TARGET_FILE:samflyt> ${SCHED_OUT} ${SCHED_MODEL})
add_test(NAME cli_schedule_threads_identical COMMAND sh -c
  "\"$0\" run -q -r 4 -t 1 -o \"$1/t1\" \"$2\" && \"$0\" run -q -r 4 -t 2 -o \"$1/t2\" \"$2\" && cmp \"$1/t1/results.json\" \"$1/t2/results.json\" && cmp \"$1/t1/by_hour.csv\" \"$1/t2/by_hour.csv\" && cmp \"$1/t1/by_month.csv\" \"$1/t2/by_month.csv\""
  $<TARGET_FILE:samflyt> ${SCHED_OUT} ${SCHED_MODEL})

# A planner's mistake in a schedule: file:line:column, what to add, exit 1.
add_test(NAME cli_schedule_bad COMMAND sh -c "\"$0\" check \"$1\" 2>&1 >/dev/null; echo exit=$?"
         $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_SOURCE_DIR}/data/schedule/bad_schedule.yaml)
set_tests_properties(cli_schedule_bad PROPERTIES PASS_REGULAR_EXPRESSION
  "bad_schedule.yaml:9:14: unit 'legevakt': 'servers': no capacity for Monday 00:00-01:00 .*add default: N .*exit=1")
