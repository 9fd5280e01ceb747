# The worked examples under examples/ (one per situation in
# docs/sources.md): each model must load, and each README's answer
# tables must equal what samflyt prints now (scripts/example_tables.sh runs
# the command named in each table's marker). When a change to the engine
# moves the numbers on purpose, `make examples` rewrites the tables; then
# re-read the README's prose, which quotes some of them.
set(SF_EXAMPLES roros karlskoga lappland vesteralen orebro)
foreach(ex ${SF_EXAMPLES})
  # check loads the model and every scenario; the exit status is part of
  # the output so that a broken scenario after the "ok: model" line fails.
  add_test(NAME example_${ex}_check
           COMMAND sh -c "\"$0\" check \"$1\" 2>&1; echo exit=$?"
                   $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/examples/${ex}/model.yaml)
  set_tests_properties(example_${ex}_check PROPERTIES PASS_REGULAR_EXPRESSION "ok: model '${ex}'.*exit=0")
  add_test(NAME example_${ex}_table
           COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/example_tables.sh $<TARGET_FILE:samflyt>
                   ${PROJECT_SOURCE_DIR}/examples/${ex}/README.md)
endforeach()

# The checker itself must catch a stale table and a malformed block: a test
# that cannot fail is a defect.
set(EXT ${CMAKE_CURRENT_SOURCE_DIR}/data/examples)
add_test(NAME example_tables_stale
         COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/example_tables.sh $<TARGET_FILE:samflyt> ${EXT}/stale/README.md)
set_tests_properties(example_tables_stale PROPERTIES WILL_FAIL TRUE)
add_test(NAME example_tables_stale_diff
         COMMAND sh -c "sh \"$0\" \"$1\" \"$2\" 2>&1; echo exit=$?"
                 ${PROJECT_SOURCE_DIR}/scripts/example_tables.sh $<TARGET_FILE:samflyt> ${EXT}/stale/README.md)
set_tests_properties(example_tables_stale_diff PROPERTIES
  PASS_REGULAR_EXPRESSION "answer table differs.*-tiny-stale: 1 replications.*exit=1")
add_test(NAME example_tables_fresh
         COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/example_tables.sh $<TARGET_FILE:samflyt> ${EXT}/fresh/README.md)
add_test(NAME example_tables_unterminated
         COMMAND sh -c "sh \"$0\" \"$1\" \"$2\" 2>&1; echo exit=$?"
                 ${PROJECT_SOURCE_DIR}/scripts/example_tables.sh $<TARGET_FILE:samflyt> ${EXT}/unterminated/README.md)
set_tests_properties(example_tables_unterminated PROPERTIES
  PASS_REGULAR_EXPRESSION "README.md:[0-9]+: expected <!-- /samflyt:table --> after the closing fence.*exit=2")

# Days to appointment and continuity can be weighed in a ranking (their
# direction is known: fewer days, more continuity are better); a metric
# without a direction cannot, and says so.
add_test(NAME example_roros_weights
         COMMAND sh -c "\"$0\" compare -q -r 3 -o \"$1\" --weights gp-office.appt_days_mean=2:14d:0d,gp-office.continuity_upc=1:50%:100%,gp-office.travel_mean=1:60m:5m \"$2\" 2>/dev/null && grep -c . \"$1/compare.json\""
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/examples-out/weights ${PROJECT_SOURCE_DIR}/examples/roros/model.yaml)
set_tests_properties(example_roros_weights PROPERTIES PASS_REGULAR_EXPRESSION "^[1-9]")
add_test(NAME example_roros_weights_neutral
         COMMAND sh -c "\"$0\" compare -q -r 3 -o \"$1\" --weights gp-office.slot_utilisation=1:50%:90% \"$2\" 2>&1; echo exit=$?"
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/examples-out/neutral ${PROJECT_SOURCE_DIR}/examples/roros/model.yaml)
set_tests_properties(example_roros_weights_neutral PROPERTIES PASS_REGULAR_EXPRESSION "slot_utilisation.*neither better nor worse.*exit=2")

# The shipped examples give no warnings, but for the scenarios that remove
# GP time to show a clinic overloaded (its demand above its slots): there
# the warning is the point of the scenario; and for the readmission loops of
# vesteralen and orebro, which can deadlock in principle (their READMEs say why
# it is shown and why their runs do not).
foreach(ex ${SF_EXAMPLES} care-chain)
  add_test(NAME example_${ex}_no_warnings
           COMMAND sh -c "\"$0\" check \"$1\" 2>&1 >/dev/null | grep -v -e \"warning: scenario 'gp-vacancy': unit 'gp-office': [0-9]* requests a week\" -e \"warning: scenario 'move-doctor': unit 'vc-centrum': [0-9]* requests a week\" -e \"wards hospital -> short-term -> hospital send patients\" -e \"wards korttid -> ovriga -> korttid send patients\"; echo done"
                   $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/examples/${ex}/model.yaml)
  set_tests_properties(example_${ex}_no_warnings PROPERTIES PASS_REGULAR_EXPRESSION "^done\n$")
endforeach()
