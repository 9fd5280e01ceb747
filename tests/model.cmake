# The model loader: good files parsed and checked field by field, bad files
# checked for their exact diagnostic.
sf_test(test_model test_model.c)

# `check` is linear in the number of units (name lookup, overflow cycles,
# the way home): 40000 chained units in three shapes, under a timeout that
# the old quadratic checks (11 s a model) could not meet.
add_test(NAME model_check_long_chain
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/model_chain.py
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/model_chain)
set_tests_properties(model_check_long_chain PROPERTIES TIMEOUT 20)
