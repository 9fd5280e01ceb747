# `samflyt calibrate` and its library half (src/flow/fitdist.c, calibrate.c,
# calib_write.c, backtest.c): hand-worked fixtures, theory, the round trip
# from known parameters, and the fits against scipy.
sf_test(test_calibrate test_calibrate.c)

# The fits against scipy (an independent implementation), through a small
# driver that prints them.
add_executable(calib_fit_tool calib_fit_tool.c)
target_include_directories(calib_fit_tool PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(calib_fit_tool PRIVATE samflyt_static)
add_test(NAME calib_scipy_check
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/calib_scipy_check.py $<TARGET_FILE:calib_fit_tool>)
