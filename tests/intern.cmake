# Tests of the interner's numbered-name fast path (src/flow/stays.c): ids
# against a naive first-appearance list, for names of the numbered form and
# near misses (other prefix, other width, trailing letters) interleaved.
sf_test(test_intern_num test_intern_num.c)
# The interner's arena (32-bit offsets, one-byte lengths): names of every
# length class while the arena moves, and its limit.
sf_test(test_intern_arena test_intern_arena.c)
