# The booked-clinic unit (GP office): hand-worked books, the slot queue
# against M/D/1 theory, continuity, overflow, urgent slots, diagnostics.
sf_test(test_booked test_booked.c)
set_tests_properties(test_booked PROPERTIES TIMEOUT 300)
