# The model loader: good files parsed and checked field by field, bad files
# checked for their exact diagnostic.
sf_test(test_model test_model.c)

# `check` is linear in the number of units (name lookup, overflow cycles,
# the way home): 40000 chained units in three shapes, under a timeout that
# the old quadratic checks (11 s a model) could not meet.
add_test(NAME model_check_long_chain
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/model_chain.py
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/model_chain)
# (under the sanitizers everything is several times slower: no guard there)
if(SAMFLYT_SANITIZE)
  set_tests_properties(model_check_long_chain PROPERTIES TIMEOUT 300)
else()
  set_tests_properties(model_check_long_chain PROPERTIES TIMEOUT 20)
endif()

# Warnings (src/model/warn.c): printed on stderr as file:line:col: warning:
# by check, run and compare, which still succeed; a scenario repeats none of
# its base model's.
set(WARN_MODEL ${CMAKE_CURRENT_SOURCE_DIR}/data/model/warnings.yaml)
set(WARN_RE "warnings.yaml:14:48: warning: unit 'gp': 'lists' add up to 3000 patients, 200 % of the 1500 people of 'town'.*\n[^\n]*warnings.yaml:14:3: warning: unit 'gp': 58 requests a week .* more than the 30 slots its 2 doctors.*\n[^\n]*warnings.yaml:16:3: warning: unit 'hospital': travel access counts it as 'ward' with 'kad'.*")
add_test(NAME model_warnings_check
         COMMAND sh -c "\"$0\" check \"$1\" 2>&1 >/dev/null; echo exit=$?" $<TARGET_FILE:samflyt> ${WARN_MODEL})
set_tests_properties(model_warnings_check PROPERTIES PASS_REGULAR_EXPRESSION
  "${WARN_RE}\n[^\n]*warnings.yaml:14:48: warning: scenario 'third-doctor': unit 'gp': 'lists' add up to 4500.*\n[^\n]*warnings.yaml:14:3: warning: scenario 'third-doctor': unit 'gp': 58 requests a week .* 45 slots.*\nexit=0")
add_test(NAME model_warnings_run
         COMMAND sh -c "\"$0\" run -q -r 2 -o \"$2\" \"$1\" 2>&1 >/dev/null; echo exit=$?" $<TARGET_FILE:samflyt> ${WARN_MODEL}
                 ${CMAKE_CURRENT_BINARY_DIR}/model_warnings_run)
set_tests_properties(model_warnings_run PROPERTIES PASS_REGULAR_EXPRESSION "${WARN_RE}\nexit=0")
add_test(NAME model_warnings_compare
         COMMAND sh -c "\"$0\" compare -q -r 2 -o \"$2\" \"$1\" 2>&1 >/dev/null; echo exit=$?" $<TARGET_FILE:samflyt> ${WARN_MODEL}
                 ${CMAKE_CURRENT_BINARY_DIR}/model_warnings_compare)
set_tests_properties(model_warnings_compare PROPERTIES PASS_REGULAR_EXPRESSION "${WARN_RE}\n.*scenario 'third-doctor'.*exit=0")
