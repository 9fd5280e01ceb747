# The ISO fast path of the time parser (sf_time_parse_iso19, timeparse.c)
# against the general parser on generated and edge-case timestamps.
sf_test(test_time_fast test_time_fast.c)
