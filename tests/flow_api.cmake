# The public flow API (include/samflyt/flow.h) as a user sees it: a program
# compiled with the public headers only (samflyt_static's include path, no
# src/), run on small files; it checks figures worked out by hand.
add_executable(flow_api_use flow_api_use.c)
target_link_libraries(flow_api_use PRIVATE samflyt_static)
add_test(NAME flow_api_use COMMAND flow_api_use ${PROJECT_SOURCE_DIR}/tests/data
         ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(flow_api_use PROPERTIES PASS_REGULAR_EXPRESSION "flow api ok")
