# Staff and bed schedules, on-drop, discharge hours (test_schedule.c):
# against exact equality, Erlang B, a birth-death chain and hand-worked cases.
sf_test(test_schedule test_schedule.c)
set_tests_properties(test_schedule PROPERTIES TIMEOUT 300)
