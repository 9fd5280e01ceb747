# The fixed cost of a run (bench/startup.sh, bench/README.md "Start-up"):
# `samflyt run` loads no library for features it does not use. The glibc
# loader lists each library it opens (LD_DEBUG=files); libmicrohttpd and
# the GnuTLS it pulls in belong to `samflyt serve` only and cost every
# other command ~5 ms and ~170 page faults when linked.
add_test(NAME startup_run_loads_no_server_libs
         COMMAND sh -c "LD_DEBUG=files \"$0\" run -q \"$1\" --out \"$2\" 2>&1 >/dev/null; echo \"exit=$?\""
                 $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/bench/models/startup.yaml
                 ${CMAKE_CURRENT_BINARY_DIR}/startup-out)
set_tests_properties(startup_run_loads_no_server_libs PROPERTIES
  PASS_REGULAR_EXPRESSION "file=libgsl[^\n]*\n.*exit=0"
  FAIL_REGULAR_EXPRESSION "file=lib(microhttpd|gnutls)")
