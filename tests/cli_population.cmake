# CLI tests of the population tables (cli/access.c): the travel-access table
# of `samflyt check` and `samflyt run` against the shares worked out by hand
# in data/population/access.yaml, and results.json checked by an
# independent script (population_json.py, Debian's python3).
set(POP ${CMAKE_CURRENT_SOURCE_DIR}/data/population)
add_test(NAME cli_population_check_access
         COMMAND $<TARGET_FILE:samflyt> check ${POP}/access.yaml)
set_tests_properties(cli_population_check_access PROPERTIES PASS_REGULAR_EXPRESSION
  "travel access: share of each population within 20 / 45 / 90 min.*walk-in +ward.*\na +1000 +80% / 80% / 80% +0% / 0% / 50% *\nb +500 +- / - / - +0% / 0% / 0% *\nall +1500 +80% / 80% / 80% +0% / 0% / 33%")
add_test(NAME cli_population_run
         COMMAND sh -c "\"$0\" run \"$1\" --out \"$2\" && /usr/bin/python3 \"$3\" \"$2/results.json\""
                 $<TARGET_FILE:samflyt> ${POP}/access.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/cli-out/population
                 ${CMAKE_CURRENT_SOURCE_DIR}/population_json.py)
set_tests_properties(cli_population_run PROPERTIES PASS_REGULAR_EXPRESSION
  "population +contacts a year/1000 +contacts +travel per visit\na +0±0 +0±0 +- *\nb +[0-9]+±[0-9]+ +[0-9]+±[0-9]+ +100.0±0.0 min.*travel access.*population json ok")
# samflyt compare lists the access shares a scenario changes, and only those
add_test(NAME cli_population_compare_access
         COMMAND $<TARGET_FILE:samflyt> compare ${POP}/access.yaml
                 --out ${CMAKE_CURRENT_BINARY_DIR}/cli-out/population-compare)
set_tests_properties(cli_population_compare_access PROPERTIES
  PASS_REGULAR_EXPRESSION "travel access that scenarios change \\(share within 20 / 45 / 90 min\\)\n +\\(scenario\\) +\\(population\\) +\\(kind\\) +base +scenario *\n +move-hospital +a +ward +0% / 0% / 50% +0% / 20% / 70% *\n +move-hospital +b +ward +0% / 0% / 0% +0% / 100% / 100% *\n +move-hospital +all +ward +0% / 0% / 33% +0% / 47% / 80% *\n\nwrote")
