# samflyt serve (cli/serve*.c, docs/api.md): the server is started on a free
# loopback port and driven over a real socket by tests/serve_check.py, one
# check a test: listing and model info (api), what-ifs and their equality
# with samflyt compare on the exported model (whatif), paths that lead out
# of the served folder (paths), oversize, malformed and refused requests
# (bad), the access token off loopback (token), the bound on concurrent
# runs (busy), and the model page, whose charts must be report.html's
# (page).
foreach(check api whatif paths bad token busy page)
  add_test(NAME serve_${check} COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/serve_check.py
           $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/tests/data/serve
           ${CMAKE_CURRENT_BINARY_DIR}/serve-out ${check})
  set_tests_properties(serve_${check} PROPERTIES PASS_REGULAR_EXPRESSION "serve ${check} ok"
                       TIMEOUT 180)
endforeach()
