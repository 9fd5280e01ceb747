# The repository stands alone: no tracked file refers to the developers'
# folder beside the checkout or to an absolute path of this machine.
add_test(NAME repo_paths COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/repo_paths.sh ${PROJECT_SOURCE_DIR})
# src/flow computes, src/report formats: no writer in the analysis layer.
add_test(NAME repo_layers COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/repo_layers.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(repo_layers PROPERTIES PASS_REGULAR_EXPRESSION "src/flow computes, src/report writes")
