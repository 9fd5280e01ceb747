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
