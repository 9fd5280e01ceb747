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
