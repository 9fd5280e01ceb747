# The model loader: good files parsed and checked field by field, bad files
# checked for their exact diagnostic.
sf_test(test_model test_model.c)
