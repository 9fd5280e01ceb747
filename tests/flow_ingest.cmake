# Tests of the stays table, time zones, and the ingest readers (src/flow/
# stays.c, tz.c, csv.c, fhir.c, timeparse.c) and of `samflyt flow`.
sf_test(test_stays test_stays.c)
