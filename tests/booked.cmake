# The booked-clinic unit (GP office): hand-worked books, the slot queue
# against M/D/1 theory, continuity, overflow, urgent slots, diagnostics.
sf_test(test_booked test_booked.c)
set_tests_properties(test_booked PROPERTIES TIMEOUT 300)

# `samflyt run` prints the booked-clinic table; `check` names the line and
# column of a booked clinic's mistake. sh appends exit=N so one regex
# checks output and exit status (as in cli_run.cmake).
set(BK_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data/booked)
add_test(NAME cli_booked_run COMMAND sh -c "\"$0\" \"$@\"; echo \"exit=$?\""
         $<TARGET_FILE:samflyt> run -o ${CMAKE_CURRENT_BINARY_DIR}/cli-out/booked ${BK_DATA}/gp.yaml)
set_tests_properties(cli_booked_run PROPERTIES PASS_REGULAR_EXPRESSION
  "booked clinic +days to appt +p50 d +p90 d +TNAA d +continuity +slot use +urgent 0d +overflowed +list max\ngp-office +[0-9.]+±[0-9.]+ .* 1100\n.*exit=0")
add_test(NAME cli_booked_check_bad COMMAND sh -c "\"$0\" \"$@\" 2>&1 >/dev/null; echo \"exit=$?\""
         $<TARGET_FILE:samflyt> check ${BK_DATA}/bad.yaml)
set_tests_properties(cli_booked_check_bad PROPERTIES PASS_REGULAR_EXPRESSION
  "bad.yaml:5:31: unit 'gp-office': 'overflow-after' needs 'overflow'.*exit=1")
