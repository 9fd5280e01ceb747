# Populations, demand, zones and travel: rates, counts against the
# integrated rate, travel per visit, access shares, diagnostics.
sf_test(test_population test_population.c)
# Persons and return behaviour (src/sim/persons.c): contacts per person
# against Poisson and negative-binomial theory, age bands, samples, the
# listed doctor, returns against lambda / (1 - p), frailty rising.
sf_test(test_persons test_persons.c)
# Validation: a model with return probability 0.25 (delay inside 8 h-30 d);
# the readmission rate's interval over 10 replications (each measured on
# its trace by samflyt flow's code) covers 0.25, replication 1 equals
# `samflyt flow` on its trace, -t 1 and -t 2 give the same results.json,
# and probabilities 0.3 and 0 give intervals that exclude 0.25.
add_test(NAME persons_readmit_validation
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/persons_readmit_check.py
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_SOURCE_DIR}/data/persons/readmit.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/cli-out/persons-readmit)
# samflyt run's persons summary: every replication measured on its trace
# by samflyt flow's code, mean and 95 % interval over the 2 replications;
# the own doctor always (UPC = COC = SECON = 1) with unlimited tolerance,
# less when any doctor will do.
sf_cli(run_persons_continuity 0
       "persons and returns: each replication measured on its trace as samflyt flow does \\(docs/metrics.md\\).\nmean over 2 replications \\[95 % interval\\]\nunit of discharge +discharges +readmitted +readmission rate, 8 h to 30 d after\ngp +4270.5 +1097.5 +25.7 % \\[24.6, 26.8\\]\nall units +4270.5 +1097.5 +25.7 % \\[24.6, 26.8\\]\ncontinuity at booked clinics, 1274 patients with 2\\+ visits:\n +UPC 1.000 \\[1.000, 1.000\\] +COC 1.000 \\[1.000, 1.000\\] +SECON 1.000 \\[1.000, 1.000\\]"
       run ${CMAKE_CURRENT_SOURCE_DIR}/data/persons/clinic.yaml --out ${CMAKE_CURRENT_BINARY_DIR}/cli-out/persons-clinic)
sf_cli(run_persons_continuity_any 0
       "continuity at booked clinics, 1274 patients with 2\\+ visits:\n +UPC 0.744 \\[0.611, 0.877\\] +COC 0.525 \\[0.274, 0.776\\] +SECON 0.528 \\[0.243, 0.812\\]"
       run ${CMAKE_CURRENT_SOURCE_DIR}/data/persons/clinic.yaml --scenario any-doctor
       --out ${CMAKE_CURRENT_BINARY_DIR}/cli-out/persons-clinic-any)
# samflyt compare: the people figures' paired differences against the base
# (any doctor instead of the own one: continuity falls, readmissions stay)
sf_cli(compare_persons_changes 0
       "persons and returns, paired differences against the base.*\nany-doctor +all units +readmission_rate +25.7% +25.7% +\\+0.0 \\[-0.1, \\+0.1\\] pp\nany-doctor +all units +upc_mean +100.0% +74.7% +-25.3 \\[-26.9, -23.8\\] pp \\*\nany-doctor +all units +coc_mean +1.000 +0.529 +-0.471 \\[-0.501, -0.440\\] \\*"
       compare ${CMAKE_CURRENT_SOURCE_DIR}/data/persons/clinic.yaml -r 4
       --out ${CMAKE_CURRENT_BINARY_DIR}/cli-out/persons-compare)
# a model without persons prints no persons section
add_test(NAME cli_run_no_persons_section
         COMMAND sh -c "\"$0\" run \"$1\" --out \"$2\" | grep -c 'persons and returns'; true"
                 $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/examples/care-chain/model.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/cli-out/no-persons)
set_tests_properties(cli_run_no_persons_section PROPERTIES PASS_REGULAR_EXPRESSION "^0\n$")
