# Tests of the flow metrics (src/flow/metrics*.c, pathways.c, continuity.c):
# hand-worked fixtures for every figure.
sf_test(test_flow_metrics test_flow_metrics.c)

# Independent cross-check of census (hourly, peak, hour-of-week profile in
# Europe/Oslo) and length of stay / waits against pandas (Debian
# python3-pandas, run by /usr/bin/python3) on a generated table.
add_executable(flow_metrics_xcheck flow_metrics_xcheck.c)
target_include_directories(flow_metrics_xcheck PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(flow_metrics_xcheck PRIVATE samflyt_static)
add_test(NAME flow_metrics_pandas COMMAND sh -c "\"$0\" \"$1\" && /usr/bin/python3 \"$2\" \"$1\""
  $<TARGET_FILE:flow_metrics_xcheck> ${CMAKE_CURRENT_BINARY_DIR}/flow-xcheck
  ${CMAKE_CURRENT_SOURCE_DIR}/flow_metrics_xcheck.py)
set_tests_properties(flow_metrics_pandas PROPERTIES PASS_REGULAR_EXPRESSION "pandas agrees")
