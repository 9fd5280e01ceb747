# `samflyt calibrate` and its library half (src/flow/fitdist.c, calibrate.c,
# backtest.c, src/report/calib_out.c): hand-worked fixtures, theory, the round trip
# from known parameters, and the fits against scipy.
sf_test(test_calibrate test_calibrate.c)

# The fits against scipy (an independent implementation), through a small
# driver that prints them.
add_executable(calib_fit_tool calib_fit_tool.c)
target_include_directories(calib_fit_tool PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(calib_fit_tool PRIVATE samflyt_static)
add_test(NAME calib_scipy_check
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/calib_scipy_check.py $<TARGET_FILE:calib_fit_tool>)
add_test(NAME calib_censored_check
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/calib_censored_check.py $<TARGET_FILE:calib_fit_tool>)

# `samflyt calibrate`: exit code and output in one regex (for failures the
# regex sees stderr only), like sf_cli in cli_run.cmake, which is included
# after this file. The hand-worked table of
# test_calibrate.c as a CSV: 3 arrivals at A and 1 at B over 24 h (3/d and
# 1/d with a flat profile), both walk-ins (medians 2 h and 10.5 h) with a
# peak of 2; A's stays all 2 h (no parametric fit); observed census after
# the skipped half window: A 0, B 1.
function(sf_cli_calib name rc regex)
  if(rc EQUAL 0)
    set(script "\"$0\" \"$@\"; echo \"exit=$?\"")
  else()
    set(script "\"$0\" \"$@\" 2>&1 >/dev/null; echo \"exit=$?\"")
  endif()
  add_test(NAME cli_${name} COMMAND sh -c "${script}" $<TARGET_FILE:samflyt> ${ARGN})
  set_tests_properties(cli_${name} PROPERTIES PASS_REGULAR_EXPRESSION "${regex}.*exit=${rc}")
endfunction()

set(CD ${PROJECT_SOURCE_DIR}/tests/data/calibrate)
set(COUT ${CMAKE_CURRENT_BINARY_DIR})
sf_cli_calib(calibrate_hand 0
       "read .*hand.csv \\(csv\\): 5 rows, 5 stays.*5 stays of 4 patients over 24 h.*A +3 +3.000/d.*B +1 +1.000/d.*A +walk-in +2 +2.0h +empirical \\(3 points\\) +B 0.33 home 0.67.*B +walk-in +2 +10.5h.*home 1.00.*backtest, 2 replications.*A +0.00 / .*B +1.00 / .*wrote .*calib_hand.yaml, .*calib_hand.fit.csv, .*calib_hand.backtest.csv"
       calibrate ${CD}/hand.csv --tz UTC --profile flat --backtest 2 -o ${COUT}/calib_hand.yaml)
set_tests_properties(cli_calibrate_hand PROPERTIES FIXTURES_SETUP calib_hand)
sf_cli_calib(calibrate_hand_check 0 "calib_hand.yaml: ok: model 'calibrated', 2 units"
       check ${COUT}/calib_hand.yaml)
set_tests_properties(cli_calibrate_hand_check PROPERTIES FIXTURES_REQUIRED calib_hand)
sf_cli_calib(calibrate_no_out 2 "-o MODEL.yaml is required" calibrate ${CD}/hand.csv)
sf_cli_calib(calibrate_no_file 2 "no data file given" calibrate -o x.yaml)
sf_cli_calib(calibrate_bad_profile 2 "--profile: expected week, day or flat, found 'hourly'"
       calibrate ${CD}/hand.csv --profile hourly -o ${COUT}/x.yaml)
sf_cli_calib(calibrate_bad_alpha 2 "--alpha: expected a level between 0 and 1 such as 0.05, found '5'"
       calibrate ${CD}/hand.csv --alpha 5 -o ${COUT}/x.yaml)
sf_cli_calib(calibrate_bad_ward 2 "--ward-median: expected a duration such as 12h or 30m, found '12'"
       calibrate ${CD}/hand.csv --ward-median 12 -o ${COUT}/x.yaml)
sf_cli_calib(calibrate_bad_tz 2 "--tz: unknown time zone 'Mars/Olympus'"
       calibrate ${CD}/hand.csv --tz Mars/Olympus -o ${COUT}/x.yaml)
sf_cli_calib(calibrate_missing 1 "no-such.csv"
       calibrate ${CD}/no-such.csv -o ${COUT}/x.yaml)
sf_cli_calib(calibrate_one_instant 1 "every stay arrives at the same instant"
       calibrate ${CD}/one_instant.csv --tz UTC -o ${COUT}/x.yaml)
sf_cli_calib(calibrate_unwritable 1 "cannot write ${COUT}/no-such-dir/x.yaml"
       calibrate ${CD}/hand.csv --tz UTC -o ${COUT}/no-such-dir/x.yaml)

# The round trip through files: gen_stays (the benchmark's generator, known
# parameters) -> CSV -> samflyt calibrate -> parameters within their
# intervals, model accepted, backtest against M/G/inf variance.
add_executable(calib_gen_stays ${PROJECT_SOURCE_DIR}/bench/gen_stays.c)
target_link_libraries(calib_gen_stays PRIVATE m)
add_test(NAME calib_cli_roundtrip
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/calib_cli_check.py
                 $<TARGET_FILE:samflyt> $<TARGET_FILE:calib_gen_stays> ${COUT}/calib-roundtrip)

# The round trip of the issue: a known model simulated with --trace, the
# trace calibrated, the known parameters recovered within their intervals.
add_test(NAME calib_trace_roundtrip
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/calib_trace_check.py
                 $<TARGET_FILE:samflyt> ${CD}/known.yaml ${COUT}/calib-trace)

# A stated window: from 02:00 on the first day to 2 days later (46 h): A's
# arrivals at 02:00 and 05:00 count (2 / 46 h = 1.043/d), p1's at 01:00 not.
sf_cli_calib(calibrate_window 0 "over 46 h.*A +2 +1.043/d.*B +1 +0.522/d"
       calibrate ${CD}/hand.csv --tz UTC --profile flat --from 2027-01-04T02:00 --to 2027-01-06
       --backtest 0 -o ${COUT}/calib_window.yaml)
sf_cli_calib(calibrate_window_bad 2 "--from: expected a date or time such as 2027-04-01 or 2027-04-01T08:00, found '2027-13-01'"
       calibrate ${CD}/hand.csv --from 2027-13-01 --to 2027-01-06 -o ${COUT}/x.yaml)
sf_cli_calib(calibrate_window_half 2 "--from and --to go together"
       calibrate ${CD}/hand.csv --from 2027-01-01 -o ${COUT}/x.yaml)
sf_cli_calib(calibrate_window_empty 1 "the observation window needs a start and an end after the start"
       calibrate ${CD}/hand.csv --from 2027-01-06 --to 2027-01-04 -o ${COUT}/x.yaml)

# Return behaviour: a generated log (a ward with return probability 0.2,
# delay 2-10 d) calibrated; the written return rule, the sources without
# the readmissions and the backtest's readmission rate checked.
add_test(NAME calib_return_roundtrip
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/calib_return_check.py
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_SOURCE_DIR}/data/persons/calib_return.yaml
                 ${COUT}/calib-return)
