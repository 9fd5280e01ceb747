# How the command writes its outputs (cli/outfile.c): atomic files and
# folders, inputs never overwritten, write errors with their reason.
# tests/cli_outputs.sh runs one case each and prints "ok CASE".
set(SF_OUTPUT_CASES run_full_disk flow_full_disk run_trace_enospc compare_trace_enospc calibrate_fit_enospc
    calibrate_input run_trace_input run_out_input flow_input trace_rep_keep unsafe_name
    interrupted)
# an address-space limit does not mix with the sanitizers' shadow memory
if(NOT SAMFLYT_SANITIZE)
  list(APPEND SF_OUTPUT_CASES out_of_memory)
endif()
foreach(case ${SF_OUTPUT_CASES})
  add_test(NAME cli_outputs_${case} COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli_outputs.sh
    $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/outputs ${case})
  set_tests_properties(cli_outputs_${case} PROPERTIES PASS_REGULAR_EXPRESSION "ok ${case}")
endforeach()

# --csv excel on every command that writes CSV (cli/outfile.c rewrites
# each *.csv on its way out): read back with ';', every figure equals the
# default CSV's with a decimal comma; BOM and CRLF (tests/csv_excel.sh,
# csv_excel_check.py). flow includes names with ';', quotes and a line
# break (tests/data/flow/quoting.csv).
foreach(cmd run compare sweep flow calibrate)
  add_test(NAME cli_csv_excel_${cmd} COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/csv_excel.sh
    $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/csv-excel ${cmd})
  set_tests_properties(cli_csv_excel_${cmd} PROPERTIES PASS_REGULAR_EXPRESSION "excel csv ok")
endforeach()
# Formula injection: unit, scenario and data-file names that begin with =,
# +, -, @ are written as text (a leading ' inside quotes), while negative
# numbers (compare's differences) stay numbers (tests/data/csv_excel).
add_test(NAME cli_csv_excel_formula COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/csv_excel.sh
  $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/csv-excel formula strict)
set_tests_properties(cli_csv_excel_formula PROPERTIES PASS_REGULAR_EXPRESSION "excel csv ok")
add_test(NAME cli_csv_bad_value COMMAND sh -c "\"$0\" flow --csv xlsx \"$1\" 2>&1 >/dev/null; echo \"exit=$?\""
  $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/tests/data/flow_metrics/paths.csv)
set_tests_properties(cli_csv_bad_value PROPERTIES PASS_REGULAR_EXPRESSION
  "samflyt flow: --csv wants excel or plain, got 'xlsx'.*exit=2")
