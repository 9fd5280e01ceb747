# The event loop's fast paths (test_engine_loop.c): a one-source model's
# arrival slot gives the same figures as the heap, to the bit; budget and
# progress tick behave as before the one-test-an-event loop. Short services
# in a heap of their own give the same figures as one heap, ties included.
sf_test(test_engine_loop test_engine_loop.c)
