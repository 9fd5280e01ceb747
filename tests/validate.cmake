# Validation of the simulator against queueing theory (test_validate.c).
sf_test(test_validate test_validate.c)
set_tests_properties(test_validate PROPERTIES TIMEOUT 600)
