# Tests of the flow metrics (src/flow/metrics*.c, pathways.c, continuity.c):
# hand-worked fixtures for every figure.
sf_test(test_flow_metrics test_flow_metrics.c)
