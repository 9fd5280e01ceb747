# `samflyt calibrate` and its library half (src/flow/fitdist.c, calibrate.c,
# calib_write.c, backtest.c): hand-worked fixtures, theory, the round trip
# from known parameters, and the fits against scipy.
sf_test(test_calibrate test_calibrate.c)
