# The event loop's fast paths (test_engine_loop.c): a one-source model's
# arrival slot gives the same figures as the heap, to the bit; budget and
# progress tick behave as before the one-test-an-event loop. Short services
# in a heap of their own give the same figures as one heap, ties included.
sf_test(test_engine_loop test_engine_loop.c)

# bench/eventq_bench.c includes the engine's eventq.h three times under other
# names: built here so a new function in the header cannot break `make bench`
# unseen, and run briefly, as it checks every queue's order and FIFO ties.
add_executable(eventq_bench ${PROJECT_SOURCE_DIR}/bench/eventq_bench.c)
target_include_directories(eventq_bench PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(eventq_bench m)
add_test(NAME eventq_bench_order COMMAND eventq_bench 20000 1 8,64)
