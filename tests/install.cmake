# `make install` and pkg-config, as a user of the library sees them. Not in
# sanitizer builds: the installed library would need the sanitizer runtime.
if(NOT SAMFLYT_SANITIZE)
  add_test(NAME install_pkgconfig COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install_test.sh
           ${CMAKE_BINARY_DIR} ${CMAKE_C_COMPILER} ${PROJECT_SOURCE_DIR})
  set_tests_properties(install_pkgconfig PROPERTIES
    PASS_REGULAR_EXPRESSION "invalid model 0.1217\ninvalid model 0.1217")
endif()
