# Populations, demand, zones and travel: rates, counts against the
# integrated rate, travel per visit, access shares, diagnostics.
sf_test(test_population test_population.c)
# Persons and return behaviour (src/sim/persons.c): contacts per person
# against Poisson and negative-binomial theory, age bands, samples, the
# listed doctor, returns against lambda / (1 - p), frailty rising.
sf_test(test_persons test_persons.c)
# Validation: a model with return probability 0.25 (delay inside 8 h-30 d);
# `samflyt flow` on its trace recovers 0.25 within the binomial interval,
# and without returns measures almost none.
add_test(NAME persons_readmit_validation
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/persons_readmit_check.py
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_SOURCE_DIR}/data/persons/readmit.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/cli-out/persons-readmit)
# samflyt run's persons summary: continuity measured on replication 1's
# trace by samflyt flow's code; the own doctor always (UPC = COC = SECON =
# 1) with unlimited tolerance, less when any doctor will do.
sf_cli(run_persons_continuity 0
       "persons and returns, replication 1, measured on its trace as samflyt flow does.*\ngp +4291 +1099 +25.6 % ± 1.3\ncontinuity at booked clinics, 1276 patients with 2\\+ visits: UPC 1.000, COC 1.000, SECON 1.000"
       run ${CMAKE_CURRENT_SOURCE_DIR}/data/persons/clinic.yaml --out ${CMAKE_CURRENT_BINARY_DIR}/cli-out/persons-clinic)
sf_cli(run_persons_continuity_any 0
       "continuity at booked clinics, 1276 patients with 2\\+ visits: UPC 0.755, COC 0.545, SECON 0.550"
       run ${CMAKE_CURRENT_SOURCE_DIR}/data/persons/clinic.yaml --scenario any-doctor
       --out ${CMAKE_CURRENT_BINARY_DIR}/cli-out/persons-clinic-any)
# a model without persons prints no persons section
add_test(NAME cli_run_no_persons_section
         COMMAND sh -c "\"$0\" run \"$1\" --out \"$2\" | grep -c 'persons and returns'; true"
                 $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/examples/care-chain/model.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/cli-out/no-persons)
set_tests_properties(cli_run_no_persons_section PROPERTIES PASS_REGULAR_EXPRESSION "^0\n$")
