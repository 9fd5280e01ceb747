# Response units (kind: response, an ambulance service): response times
# against hand computation and Erlang C, nearest-vehicle dispatch, and the
# loader's messages (test_response.c).
sf_test(test_response test_response.c)
set_tests_properties(test_response PROPERTIES TIMEOUT 300)
