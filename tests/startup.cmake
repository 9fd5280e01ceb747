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
  PASS_REGULAR_EXPRESSION "file=libc[^\n]*\n.*exit=0"
  FAIL_REGULAR_EXPRESSION "file=lib(microhttpd|gnutls|gvc|cgraph)")

# Writing the output folder does not wait for the disk: no fsync per file
# (cli/outfile.c says why). Needs strace; without it the test is skipped.
find_program(SF_STRACE strace)
if(SF_STRACE)
  add_test(NAME startup_run_no_fsync
           COMMAND sh -c "\"$0\" -f -qq -e trace=fsync,fdatasync,syncfs,sync \"$1\" run -q \"$2\" --out \"$3\" 2>&1 >/dev/null; echo \"exit=$?\""
                   ${SF_STRACE} $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/bench/models/startup.yaml
                   ${CMAKE_CURRENT_BINARY_DIR}/startup-out-sync)
  # LeakSanitizer cannot run under ptrace (make check SANITIZE=1)
  set_tests_properties(startup_run_no_fsync PROPERTIES
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0"
    PASS_REGULAR_EXPRESSION "^exit=0"
    FAIL_REGULAR_EXPRESSION "sync\\(")
endif()

# -q with --months (or --trace) and no --out: only what was asked for, no
# out/<model> folder; -q alone still writes the folder (its only output).
add_test(NAME startup_run_quiet_months_writes_nothing_else
         COMMAND sh -c "rm -rf \"$1\" && mkdir -p \"$1\" && cd \"$1\" && \"$0\" run -q -r 2 --months legevakt \"$2\" >m.txt && grep -q 'legevakt by month' m.txt && ! test -e out && \"$0\" run -q -r 2 --trace t.csv \"$2\" && test -s t.csv && ! test -e out && \"$0\" run -q -r 2 \"$2\" && test -s out/roros/report.html; echo exit=$?"
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/startup-quiet
                 ${PROJECT_SOURCE_DIR}/examples/roros/model.yaml)
set_tests_properties(startup_run_quiet_months_writes_nothing_else PROPERTIES
  PASS_REGULAR_EXPRESSION "^exit=0")
