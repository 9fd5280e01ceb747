# CLI tests of `samflyt check` and `samflyt run` (cli/run.c), in the style
# of cli_size.cmake: sh appends "exit=N" so one regex checks output and
# exit status; for failures the regex sees stderr only.
#
# sf_cli(NAME RC REGEX ARGS...)
function(sf_cli name rc regex)
  if(rc EQUAL 0)
    set(script "\"$0\" \"$@\"; echo \"exit=$?\"")
  else()
    set(script "\"$0\" \"$@\" 2>&1 >/dev/null; echo \"exit=$?\"")
  endif()
  add_test(NAME cli_${name} COMMAND sh -c "${script}" $<TARGET_FILE:samflyt> ${ARGN})
  set_tests_properties(cli_${name} PROPERTIES PASS_REGULAR_EXPRESSION "${regex}.*exit=${rc}")
endfunction()

set(EX ${PROJECT_SOURCE_DIR}/examples)
set(OUT ${CMAKE_CURRENT_BINARY_DIR}/cli-out)

sf_cli(check_example 0 "model.yaml: ok: model 'care-chain', 4 units, 20 replications"
       check ${EX}/care-chain/model.yaml)
sf_cli(check_bad 1 "bad_unknown_unit.yaml:[0-9]+:[0-9]+: .*'nowhere'"
       check ${CMAKE_CURRENT_SOURCE_DIR}/data/cli/bad_unknown_unit.yaml)
sf_cli(check_missing_file 1 "no-such-file.yaml: .*No such file"
       check no-such-file.yaml)
sf_cli(check_usage 2 "usage: samflyt check MODEL" check)
sf_cli(unknown_command 2 "unknown command 'frobnicate'" frobnicate)
sf_cli(run_bad_threads 2 "--threads wants a whole number 1..256, got 'two'"
       run --threads two ${EX}/care-chain/model.yaml)
sf_cli(run_bad_seed 2 "--seed wants a whole number >= 0, got '-3'"
       run --seed -3 ${EX}/care-chain/model.yaml)
sf_cli(run_summary 0 "care-chain: 3 replications of 365.0 d after 60.0 d warm-up, seed 5.*legevakt.*hospital.*network.*wrote"
       run --replications 3 --seed 5 --out ${OUT}/summary ${EX}/care-chain/model.yaml)
sf_cli(run_bad_out 1 "cannot create folder"
       run -q --replications 2 --out /proc/nope/x ${EX}/care-chain/model.yaml)

# The same seed gives byte-identical results.json on 1 and on 2 threads.
add_test(NAME cli_run_threads_identical COMMAND sh -c
  "\"$0\" run -q -r 6 -t 1 -o \"$1/t1\" \"$2\" && \"$0\" run -q -r 6 -t 2 -o \"$1/t2\" \"$2\" && cmp \"$1/t1/results.json\" \"$1/t2/results.json\" && cmp \"$1/t1/replications.csv\" \"$1/t2/replications.csv\""
  $<TARGET_FILE:samflyt> ${OUT} ${EX}/care-chain/model.yaml)

# report.html beside the tables (tests/run_report_check.py): self-contained,
# well formed, the answers first, every plotted value equal to results.json,
# its table of every figure equal to summary.csv; on a model whose
# replications all deadlock (--allow-deadlock), the headline says so
# instead of nothing.
add_test(NAME cli_run_report COMMAND sh -c
  "\"$0\" run -q -r 3 -o \"$1/report\" \"$2\" && /usr/bin/python3 \"$3\" \"$1/report\""
  $<TARGET_FILE:samflyt> ${OUT} ${EX}/roros/model.yaml ${CMAKE_CURRENT_SOURCE_DIR}/run_report_check.py)
set_tests_properties(cli_run_report PROPERTIES PASS_REGULAR_EXPRESSION "report ok")
# A booked clinic's TNAA and continuity by month (results.json and
# by_month.csv), weighted by clinic days and listed visits, give the
# year's figures exactly (tests/booked_months_check.py).
add_test(NAME cli_run_booked_months
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/booked_months_check.py
                 $<TARGET_FILE:samflyt> ${EX}/roros/model.yaml ${OUT}/booked-months)
# the same for a model with persons: its "persons" section equal to
# results.json's persons figures
add_test(NAME cli_run_report_persons COMMAND sh -c
  "\"$0\" run -q -r 3 -o \"$1/report-persons\" \"$2\" && /usr/bin/python3 \"$3\" \"$1/report-persons\""
  $<TARGET_FILE:samflyt> ${OUT} ${PROJECT_SOURCE_DIR}/tests/data/persons/clinic.yaml ${CMAKE_CURRENT_SOURCE_DIR}/run_report_check.py)
set_tests_properties(cli_run_report_persons PROPERTIES PASS_REGULAR_EXPRESSION "report ok.* [1-9][0-9]* people figures")
add_test(NAME cli_run_report_deadlock COMMAND sh -c
  "\"$0\" run -q -r 2 --allow-deadlock -o \"$1/report-dl\" \"$2\" 2>/dev/null && /usr/bin/python3 \"$3\" \"$1/report-dl\" && grep -o '2 of 2 replications deadlocked' \"$1/report-dl/report.html\""
  $<TARGET_FILE:samflyt> ${OUT} ${PROJECT_SOURCE_DIR}/tests/data/deadlock/two_wards.yaml ${CMAKE_CURRENT_SOURCE_DIR}/run_report_check.py)
set_tests_properties(cli_run_report_deadlock PROPERTIES PASS_REGULAR_EXPRESSION "report ok.*2 of 2 replications deadlocked")
