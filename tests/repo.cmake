# The repository stands alone: no tracked file refers to the developers'
# folder beside the checkout or to an absolute path of this machine.
add_test(NAME repo_paths COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/repo_paths.sh ${PROJECT_SOURCE_DIR})
