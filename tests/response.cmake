# Response units (kind: response, an ambulance service): response times
# against hand computation and Erlang C, nearest-vehicle dispatch, and the
# loader's messages (test_response.c).
sf_test(test_response test_response.c)
set_tests_properties(test_response PROPERTIES TIMEOUT 300)

# The CLI: `run` prints the response table with the guideline columns and
# a row per class; `compare` shows the paired differences of the shares
# within 12 and 25 minutes when a station moves (tests/data/response).
set(RSP ${CMAKE_CURRENT_SOURCE_DIR}/data/response)
add_test(NAME cli_run_response_table
         COMMAND sh -c "\"$0\" run \"$1\" -o \"$2\" && grep -q '^ambulance,,response_within_12,share,' \"$2/summary.csv\""
                 $<TARGET_FILE:samflyt> ${RSP}/move_station.yaml ${CMAKE_CURRENT_BINARY_DIR}/response_run)
set_tests_properties(cli_run_response_table PROPERTIES PASS_REGULAR_EXPRESSION
  "response unit +mean min +p50 min +p90 min +<=12 min +<=25 min +town 12 +rural 25 +elsewhere +vehicles +st. empty\nambulance +[0-9.]+±[0-9.]+ .*\n  acute ")
add_test(NAME cli_compare_response_move
         COMMAND $<TARGET_FILE:samflyt> compare ${RSP}/move_station.yaml -o ${CMAKE_CURRENT_BINARY_DIR}/response_cmp)
set_tests_properties(cli_compare_response_move PROPERTIES PASS_REGULAR_EXPRESSION
  "scenario move\n.*ambulance +reached within 12 min +53.6 % +35.2 % +-18.42±3.26 % \\*\\*.*ambulance +urban calls within 12 min +88.9 % +1.5 % +-87.35±1.83 % \\*\\*.*scenario day-shift\n.*ambulance +reached within 25 min +91.3 % +93.0 % +\\+1.72±0.43 % \\*\\*")

# Response figures rank scenarios: the shares within 12 and 25 minutes are
# better higher, the response times lower, in --weights and in the model's
# weights:, and a sweep takes a target on the rural 25-minute share.
add_test(NAME cli_compare_response_weights
         COMMAND $<TARGET_FILE:samflyt> compare ${RSP}/move_station.yaml
                 --weights ambulance.response_urban_12=1:0%:100% -o ${CMAKE_CURRENT_BINARY_DIR}/response_w)
set_tests_properties(cli_compare_response_weights PROPERTIES PASS_REGULAR_EXPRESSION
  "ambulance.response_urban_12 +0.0 % +100.0 % +1\n.*\n +1 +day-shift +91.12 .*\n +2 +base +88.86 .*\n +3 +move +1.50 ")
add_test(NAME cli_compare_response_model_weights
         COMMAND $<TARGET_FILE:samflyt> compare ${RSP}/weights.yaml -o ${CMAKE_CURRENT_BINARY_DIR}/response_w2)
set_tests_properties(cli_compare_response_model_weights PROPERTIES PASS_REGULAR_EXPRESSION
  "ambulance.response_rural_25 +- +- +- +>= 85.0 %\nambulance.response_p90 +40.0 min +10.0 min +1\n.*day-shift +64.47 ")
add_test(NAME cli_sweep_response_target
         COMMAND $<TARGET_FILE:samflyt> sweep ${RSP}/move_station.yaml
                 --vary units.ambulance.stations.main.vehicles=1..3
                 --target ambulance.response_rural_25>=95% -o ${CMAKE_CURRENT_BINARY_DIR}/response_sweep)
set_tests_properties(cli_sweep_response_target PROPERTIES PASS_REGULAR_EXPRESSION
  "cheapest: ambulance stations main vehicles 2 .cost 2.: ambulance.response_rural_25 99.[0-9]+ %")

# Per zone and per station: rows in summary.csv (unit column zone or
# station), the lists zones and stations in results.json, and rows in the
# terminal table.
add_test(NAME cli_run_response_zones
         COMMAND sh -c "\"$0\" run \"$1\" -o \"$2\" && grep -q '^zone,b,response_rural_25,share,' \"$2/summary.csv\" && grep -q '^station,ambulance/main,station_empty_share,share,' \"$2/summary.csv\" && grep -q '\"zones\": \\[' \"$2/results.json\" && grep -q '\"guideline\": \"response_urban_12\"' \"$2/results.json\" && echo json-ok"
                 $<TARGET_FILE:samflyt> ${RSP}/move_station.yaml ${CMAKE_CURRENT_BINARY_DIR}/response_zones)
set_tests_properties(cli_run_response_zones PROPERTIES PASS_REGULAR_EXPRESSION
  "\nzone:a +12.5±1.0 .*\nzone:b +24.0±0.7 .*\nst:ambulance/main +- .* 13±0% +13±0%\n.*json-ok")
add_test(NAME cli_run_response_report_zones
         COMMAND sh -c "\"$0\" run -q \"$1\" -o \"$2\" >/dev/null && grep -o 'Zone [ab] ([a-z]*): [0-9]* % of calls reached within [0-9]* minutes (guideline 90 %)\\|Station ambulance/main: vehicles out [0-9]* %' \"$2/report.html\""
                 $<TARGET_FILE:samflyt> ${RSP}/move_station.yaml ${CMAKE_CURRENT_BINARY_DIR}/response_report)
set_tests_properties(cli_run_response_report_zones PROPERTIES PASS_REGULAR_EXPRESSION
  "Zone a .town.: 89 % of calls reached within 12 minutes .guideline 90 %.\nZone b .rural.: 90 % of calls reached within 25 minutes .guideline 90 %.\nStation ambulance/main: vehicles out 13 %")
