# Unit tests of the analytic queueing formulas (include/samflyt/analytic.h).
sf_test(test_analytic ${PROJECT_SOURCE_DIR}/tests/test_analytic.c)
