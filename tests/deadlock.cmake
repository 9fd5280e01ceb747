# Deadlock from circular blocking (test_deadlock.c): every detection
# confirmed by running on (no ward of the deadlock moves again), no
# deadlock missed, none reported where blocking has no cycle.
sf_test(test_deadlock test_deadlock.c)

# The CLI: each deadlocked replication is named with its day and units,
# and nothing is written unless --allow-deadlock, which leaves them out
# and lists them in results.json.
set(DL ${CMAKE_CURRENT_SOURCE_DIR}/data/deadlock)
set(DL_OUT ${CMAKE_CURRENT_BINARY_DIR}/cli-out/deadlock)
add_test(NAME cli_run_deadlock COMMAND sh -c "\"$0\" run -q -o \"$1/no\" \"$2\" 2>&1; echo exit=$?; test ! -e \"$1/no/results.json\" && echo not-written"
         $<TARGET_FILE:samflyt> ${DL_OUT} ${DL}/two_wards.yaml)
set_tests_properties(cli_run_deadlock PROPERTIES PASS_REGULAR_EXPRESSION
  "replication 1 deadlocked at day [0-9.]+: units ward-a, ward-b\n.*20 of 20 replications deadlocked. no results written.*exit=1\nnot-written")
add_test(NAME cli_run_deadlock_allowed COMMAND sh -c "\"$0\" run --allow-deadlock -r 40 -o \"$1/yes\" \"$2\" 2>/dev/null; echo exit=$?; grep -A2 '\"deadlocks\"' \"$1/yes/results.json\""
         $<TARGET_FILE:samflyt> ${DL_OUT} ${DL}/two_wards_rare.yaml)
set_tests_properties(cli_run_deadlock_allowed PROPERTIES PASS_REGULAR_EXPRESSION
  "NOTE: [0-9]+ of 40 replications DEADLOCKED.*exit=0\n.*\"deadlocks\": \\[\n    {\"replication\": [0-9]+, \"hour\": [0-9.e+]+, \"day\": [0-9.e+]+, \"units\": \\[\"ward-a\", \"ward-b\"\\]}")

# The static warning: wards in a routing cycle with blocking, from
# `check` and `run`, and from `calibrate` when it writes such a model
# (capacity = peak census = 1, A and B transfer to each other); none for a
# model without such a cycle.
add_test(NAME cli_check_deadlock_risk COMMAND sh -c "\"$0\" check \"$1\" 2>&1; echo exit=$?"
         $<TARGET_FILE:samflyt> ${DL}/two_wards.yaml)
set_tests_properties(cli_check_deadlock_risk PROPERTIES PASS_REGULAR_EXPRESSION
  "samflyt check: warning: .*two_wards.yaml: wards ward-a -> ward-b -> ward-a send patients to one another with blocking and can deadlock.*exit=0")
add_test(NAME cli_check_no_deadlock_risk COMMAND sh -c "\"$0\" check \"$1\" 2>&1; echo exit=$?"
         $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/examples/care-chain/model.yaml)
set_tests_properties(cli_check_no_deadlock_risk PROPERTIES PASS_REGULAR_EXPRESSION "ok: model.*exit=0"
  FAIL_REGULAR_EXPRESSION "deadlock")
add_test(NAME cli_calibrate_deadlock_risk COMMAND sh -c "\"$0\" calibrate \"$1\" --tz UTC --profile flat --backtest 0 -q -o \"$2/deadlock_cycle.yaml\" 2>&1; echo exit=$?"
         $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/tests/data/calibrate/cycle.csv ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(cli_calibrate_deadlock_risk PROPERTIES PASS_REGULAR_EXPRESSION
  "samflyt calibrate: warning: .*deadlock_cycle.yaml: wards A -> B -> A send patients to one another with blocking and can deadlock.*exit=0")

# compare: the deadlocks of each variant, and nothing written by default.
add_test(NAME cli_compare_deadlock COMMAND sh -c "\"$0\" compare -q -r 40 -o \"$1/cmp\" \"$2\" 2>&1; echo exit=$?"
         $<TARGET_FILE:samflyt> ${DL_OUT} ${DL}/two_wards_rare.yaml)
set_tests_properties(cli_compare_deadlock PROPERTIES PASS_REGULAR_EXPRESSION
  "samflyt compare: base: replication [0-9]+ deadlocked at day [0-9.]+: units ward-a, ward-b\n.*samflyt compare: [0-9]+ replications deadlocked. nothing written.*exit=1")

# calibrate's backtest: replications that deadlock add no occupancy, and
# that is said (they were left out without a word).
add_test(NAME cli_calibrate_backtest_deadlock COMMAND sh -c "\"$0\" calibrate \"$1\" --tz UTC --profile flat --backtest 40 -q -o \"$2/deadlock_backtest.yaml\" 2>&1; echo exit=$?"
         $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/tests/data/calibrate/cycle.csv ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(cli_calibrate_backtest_deadlock PROPERTIES PASS_REGULAR_EXPRESSION
  "warning: [1-9][0-9]* of 40 backtest replications deadlocked .* left out of the simulated occupancy.*exit=0")
