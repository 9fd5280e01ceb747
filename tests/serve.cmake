# samflyt serve (cli/serve*.c, docs/api.md): the server is started on a free
# loopback port and driven over a real socket by tests/serve_check.py, one
# check a test: listing and model info (api), what-ifs and their equality
# with samflyt compare on the exported model (whatif), paths that lead out
# of the served folder (paths), oversize, malformed and refused requests
# (bad), the access token off loopback (token), the bound on concurrent
# runs (busy), the model page, whose charts must be report.html's (page),
# 400 seeded random malformed requests (fuzz), a what-if whose client
# closes its socket, which must free its slot long before the run's end
# (cancel), and the data pages: the flow indicators for a period and a unit
# equal to samflyt flow's, the data kept read between filters, and JSON
# errors for a bad mapping, a cut gzip file and bad filters (flow), and the
# report of the variants tried, equal to samflyt compare's (report); the
# data page in the browser's language (Accept-Language: nb, sv; flow_lang);
# a data request on a large file (800000 rows, generated in the build
# folder) whose client closes its socket, which must free its slot long
# before the read's end (flow_cancel); and the sweep folders: listed, each
# page report.html's, a damaged sweep.json (cut, inconsistent, 200 seeded
# random damages) a JSON error (sweep).
foreach(check api whatif paths bad token busy page fuzz cancel flow report flow_lang flow_cancel sweep)
  add_test(NAME serve_${check} COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/serve_check.py
           $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/tests/data/serve
           ${CMAKE_CURRENT_BINARY_DIR}/serve-out ${check})
  set_tests_properties(serve_${check} PROPERTIES PASS_REGULAR_EXPRESSION "serve ${check} ok"
                       TIMEOUT 180)
endforeach()

# In a real browser: Debian's chromium driven by puppeteer-core, pinned by
# tests/browser/package-lock.json and installed into the build folder with
# npm ci (again only when the lock file changes; no browser is downloaded).
# Not skipped when chromium or node is missing: scripts/deps.sh check
# installs them, and CI runs it.
set(SF_BROWSER ${CMAKE_CURRENT_BINARY_DIR}/browser)
add_test(NAME serve_browser_npm COMMAND sh -c
  "mkdir -p \"$1\" && if ! cmp -s \"$0/package-lock.json\" \"$1/package-lock.json\" || [ ! -d \"$1/node_modules/puppeteer-core\" ]; then cp \"$0/package.json\" \"$0/package-lock.json\" \"$1/\" && cd \"$1\" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund; fi"
  ${CMAKE_CURRENT_SOURCE_DIR}/browser ${SF_BROWSER})
set_tests_properties(serve_browser_npm PROPERTIES FIXTURES_SETUP sf_browser TIMEOUT 600)
add_test(NAME serve_browser_whatif COMMAND sh -c
  "NODE_PATH=\"$0/node_modules\" exec node \"$1\" \"$2\" \"$3\" ward.yaml units.ward.beds 6 5"
  ${SF_BROWSER} ${CMAKE_CURRENT_SOURCE_DIR}/browser/whatif.js $<TARGET_FILE:samflyt>
  ${PROJECT_SOURCE_DIR}/tests/data/serve)
set_tests_properties(serve_browser_whatif PROPERTIES FIXTURES_REQUIRED sf_browser TIMEOUT 180
  PASS_REGULAR_EXPRESSION "browser what-if ok")
# A data file's page: another period in the form gives other figures.
add_test(NAME serve_browser_data COMMAND sh -c
  "NODE_PATH=\"$0/node_modules\" exec node \"$1\" \"$2\" \"$3\" paths.csv 2024-01-10 2024-01-20"
  ${SF_BROWSER} ${CMAKE_CURRENT_SOURCE_DIR}/browser/data.js $<TARGET_FILE:samflyt>
  ${PROJECT_SOURCE_DIR}/tests/data/flow_metrics)
set_tests_properties(serve_browser_data PROPERTIES FIXTURES_REQUIRED sf_browser TIMEOUT 180
  PASS_REGULAR_EXPRESSION "browser data page ok")

# The sweep.json reader's fuzz corpus (fuzz/fuzz_sweep.c), replayed by the
# plain driver.
add_executable(fuzz_sweep_regress ${PROJECT_SOURCE_DIR}/fuzz/fuzz_sweep.c
               ${PROJECT_SOURCE_DIR}/fuzz/regress_main.c)
target_include_directories(fuzz_sweep_regress PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(fuzz_sweep_regress PRIVATE samflyt_static)
add_test(NAME fuzz_sweep_corpus COMMAND fuzz_sweep_regress ${PROJECT_SOURCE_DIR}/fuzz/corpus/sweep)

# The command's own errors (sf_cli: tests/cli_run.cmake).
sf_cli(serve_bad_port 2 "samflyt serve: --port 99999: expected a port 0..65535" serve --port 99999)
sf_cli(serve_no_dir 1 "samflyt serve: [^\n]*nonexistent: No such file or directory"
       serve ${CMAKE_CURRENT_BINARY_DIR}/nonexistent)
sf_cli(serve_not_dir 1 "samflyt serve: [^\n]*ward.yaml: not a folder"
       serve ${PROJECT_SOURCE_DIR}/tests/data/serve/ward.yaml)
sf_cli(serve_bad_listen 2 "--listen nonsense: expected an IP address" serve --listen nonsense)
sf_cli(serve_short_token 2 "--token: give 8 to 128 characters" serve --token short --port 0)

# The server is built on the public API (include/samflyt/*.h) only: no
# cli/serve*.c includes a header of src/ (docs/api.md, "C API").
add_test(NAME serve_public_api COMMAND sh -c
  "if grep -nE '^#include \"(core|model|sim|flow|report|analytic)/' \"$0\"/serve*.c \"$0\"/serve.h; then exit 1; fi; echo public only"
  ${PROJECT_SOURCE_DIR}/cli)
set_tests_properties(serve_public_api PROPERTIES PASS_REGULAR_EXPRESSION "public only")
