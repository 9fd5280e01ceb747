# `samflyt run --months UNIT` and `--scenario NAME` (cli/run.c): the month
# table a README quotes (examples/roros: July against November at the GP
# office from one run) and a scenario run on its own. sf_cli is defined in
# cli_run.cmake (included before this file).
set(EX ${PROJECT_SOURCE_DIR}/examples)
set(OUT ${CMAKE_CURRENT_BINARY_DIR}/cli-out)

# The printed months equal by_month.csv of the same run (read by awk); a
# booked clinic in days to the appointment, a walk-in unit's arrivals.
add_test(NAME cli_run_months_booked
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/run_months.sh $<TARGET_FILE:samflyt>
                 ${EX}/roros/model.yaml gp-office ${OUT}/months-booked)
add_test(NAME cli_run_months_walkin
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/run_months.sh $<TARGET_FILE:samflyt>
                 ${EX}/roros/model.yaml legevakt ${OUT}/months-walkin)
sf_cli(run_months_unknown_unit 2 "--months: no unit 'gp' in .*units: gp-office legevakt"
       run -q -r 2 -o ${OUT}/months-bad --months gp ${EX}/roros/model.yaml)
sf_cli(run_scenario_unknown 1 "no scenario 'nope' in the model. scenarios: extra-gp"
       run -q -r 2 -o ${OUT}/scenario-bad --scenario nope ${EX}/roros/model.yaml)
# A scenario run uses the model's seed, so its replications pair with the
# base's: more short-term places cannot change the GP office, whose months
# must then be identical to the base run's (and the header names the scenario).
add_test(NAME cli_run_scenario_pairs
         COMMAND sh -c "\"$0\" run -q -r 2 -o \"$1/b\" --months gp-office \"$2\" | tail -n +3 >\"$1.b\" && \"$0\" run -q -r 2 -o \"$1/s\" --months gp-office --scenario more-short-term \"$2\" >\"$1.s\" && grep -q 'gp-office, scenario more-short-term by month' \"$1.s\" && tail -n +3 \"$1.s\" | cmp - \"$1.b\" && ! \"$0\" run -q -r 2 -o \"$1/e\" --months gp-office --scenario extra-gp \"$2\" | tail -n +3 | cmp -s - \"$1.b\"; echo exit=$?"
                 $<TARGET_FILE:samflyt> ${OUT}/scenario-pairs ${EX}/roros/model.yaml)
# (and extra-gp, which changes the office, must differ: the comparison can fail)
set_tests_properties(cli_run_scenario_pairs PROPERTIES PASS_REGULAR_EXPRESSION "exit=0")
