# The label table (src/report/labels.c): every key of the examples' output
# has a display name in three languages (tests/labels_cover.py); numbers as
# each language writes them; the dashboard's language from Accept-Language.
add_executable(labels_tool labels_tool.c)
target_include_directories(labels_tool PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(labels_tool PRIVATE samflyt_static)
add_test(NAME labels_cover COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/labels_cover.py
  $<TARGET_FILE:samflyt> $<TARGET_FILE:labels_tool> ${PROJECT_SOURCE_DIR}/examples
  ${CMAKE_CURRENT_BINARY_DIR}/labels-out)
set_tests_properties(labels_cover PROPERTIES PASS_REGULAR_EXPRESSION "labels ok" TIMEOUT 300)
# 1234567.891 with 2 decimals: en as printf writes it; nb and sv with a
# decimal comma and a narrow no-break space (U+202F) between thousands
add_test(NAME labels_number_format COMMAND $<TARGET_FILE:labels_tool> num -1234567.891 2)
set_tests_properties(labels_number_format PROPERTIES PASS_REGULAR_EXPRESSION
  "en\t-1234567.89\t-1234568.nb\t−1 234 567,89\t−1 234 568.sv\t−1 234 567,89\t−1 234 568")
add_test(NAME labels_accept_language COMMAND sh -c
  "for h in 'sv-SE,sv|q=0.9,en|q=0.8' 'en-GB,nb|q=0.9' 'da, nn|q=0.5, sv|q=0.4' 'de-DE' '' 'nb|q=x,sv' 'EN|q=0.1,SV|q=0.2'; do \"$0\" accept \"$(echo \"$h\" | tr '|' ';')\"; done | tr '\\n' ' ' && echo ="
  $<TARGET_FILE:labels_tool>)
set_tests_properties(labels_accept_language PROPERTIES PASS_REGULAR_EXPRESSION "^sv en nb en en sv sv =")
# every fixed word of the reports translated, with the same printf
# conversions in every language (tests/labels_phrases.py)
add_test(NAME labels_phrases COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/labels_phrases.py
  ${PROJECT_SOURCE_DIR}/src $<TARGET_FILE:labels_tool>)
set_tests_properties(labels_phrases PROPERTIES PASS_REGULAR_EXPRESSION "phrases ok")
# --lang on run and compare: the report in bokmål or Swedish (names from
# the label table, decimal commas), while results.json, summary.csv and
# compare.csv stay byte for byte what English writes; a language samflyt
# does not have is a usage error.
add_test(NAME cli_run_lang COMMAND sh -c
  "\"$0\" run -q -r 2 -o \"$1/en\" \"$2\" && \"$0\" run -q -r 2 --lang nb -o \"$1/nb\" \"$2\" && cmp \"$1/en/results.json\" \"$1/nb/results.json\" && cmp \"$1/en/summary.csv\" \"$1/nb/summary.csv\" && grep -c '<html lang=\"nb\">' \"$1/nb/report.html\" && grep -o 'Belegg mot kapasitet\\|gjennomsnittlig ventetid\\|dager til time\\|kad: 2 senger' \"$1/nb/report.html\" | sort -u | tr '\\n' '|' && grep -o '[0-9],[0-9]' \"$1/nb/report.html\" | head -1 && grep -c '[0-9],[0-9] %' \"$1/en/report.html\"; echo exit=$?"
  $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/lang ${PROJECT_SOURCE_DIR}/examples/roros/model.yaml)
set_tests_properties(cli_run_lang PROPERTIES PASS_REGULAR_EXPRESSION
  "^1\nBelegg mot kapasitet.dager til time.gjennomsnittlig ventetid.kad: 2 senger.[0-9],[0-9]\n0\nexit=1")
add_test(NAME cli_compare_lang COMMAND sh -c
  "\"$0\" compare -q -r 2 -o \"$1/cen\" \"$2\" && \"$0\" compare -q -r 2 --lang sv -o \"$1/csv\" \"$2\" && cmp \"$1/cen/compare.csv\" \"$1/csv/compare.csv\" && cmp \"$1/cen/compare.json\" \"$1/csv/compare.json\" && grep -o '<html lang=\"sv\">\\|I korthet\\|dagar till besökstid\\|scenarier jämförda' \"$1/csv/report.html\" | sort -u | tr '\\n' '|'; echo exit=$?"
  $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/lang ${PROJECT_SOURCE_DIR}/examples/roros/model.yaml)
set_tests_properties(cli_compare_lang PROPERTIES PASS_REGULAR_EXPRESSION
  "<html lang=\"sv\">.I korthet.dagar till besökstid.scenarier jämförda.exit=0")
sf_cli(run_lang_bad 2 "--lang de: the languages are en, nb and sv" run --lang de ${PROJECT_SOURCE_DIR}/examples/roros/model.yaml)
sf_cli(compare_lang_bad 2 "--lang english: the languages are en, nb and sv" compare --lang english ${PROJECT_SOURCE_DIR}/examples/roros/model.yaml)
# the summary on the terminal in bokmål: column names and decimal commas
sf_cli(run_lang_terminal 0 "replikasjoner av 365,0 d.*enhet +per dag +utnyttelse +belegg +ventetid.*gp-office +[0-9]+,[0-9]±[0-9],[0-9] +[0-9]+,[0-9]±"
       run -r 2 --lang nb -o ${CMAKE_CURRENT_BINARY_DIR}/lang/term ${PROJECT_SOURCE_DIR}/examples/roros/model.yaml)
