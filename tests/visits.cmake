# Visits per patient (test_visits.c): the load-time bound against a
# hand-worked chain and the simulation, and the run-time cap on moves.
sf_test(test_visits test_visits.c)
set_tests_properties(test_visits PROPERTIES TIMEOUT 60)

# A zero-duration loop that almost never leads home: refused by check and
# run at the place of its `next:` (it hung `run` before).
foreach(cmd check run)
  add_test(NAME cli_${cmd}_visit_bound COMMAND sh -c "\"$0\" ${cmd} \"$1\" 2>&1 >/dev/null; echo exit=$?"
           $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_SOURCE_DIR}/data/visits/zero_loop.yaml)
  set_tests_properties(cli_${cmd}_visit_bound PROPERTIES TIMEOUT 20 PASS_REGULAR_EXPRESSION
    "zero_loop.yaml:11:11: unit 'u': 'next' sends patients back so often that one who comes to 'u' asks units for a place 1e\\+10 times on average; expected at most 1e\\+04.*exit=1")
endforeach()
