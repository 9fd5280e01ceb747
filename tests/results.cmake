sf_test(test_results test_results.c)
