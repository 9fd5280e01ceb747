# Help, version, "did you mean" and refused options of the samflyt command
# (cli/main.c, cli/suggest.c; sf_cli from cli_run.cmake).
set(EX ${PROJECT_SOURCE_DIR}/examples)
sf_cli(help_command 0 "usage: samflyt run MODEL.*DIR/report.html" help run)
sf_cli(version_short 0 "^samflyt [0-9]+\\.[0-9]+" -V)
sf_cli(did_you_mean_command 2 "unknown command 'rnu'. did you mean 'run'\\?" rnu)
sf_cli(did_you_mean_option 2 "did you mean --replications\\?"
       run --replicatons 3 ${EX}/care-chain/model.yaml)
sf_cli(did_you_mean_flow_option 2 "did you mean --pathways-shared\\?"
       flow --pathway-shared ${EX}/vesteralen/stays.csv.gz)
sf_cli(trace_rep_without_trace 2 "--trace-rep needs --trace FILE"
       run -q -r 2 --trace-rep 2 ${EX}/care-chain/model.yaml)
sf_cli(compare_trace_rep_without_trace 2 "--trace-rep needs --trace FILE"
       compare -q -r 2 --trace-rep 2 ${EX}/roros/model.yaml)
# a folder name longer than the system takes was once cut at 4095
# characters and the results written there, silently
string(REPEAT "a/" 2100 SF_LONG_DIR)
sf_cli(out_too_long 2 "output folder name too long \\(42[0-9][0-9] characters"
       run -q -r 2 --out ${CMAKE_CURRENT_BINARY_DIR}/${SF_LONG_DIR} ${EX}/care-chain/model.yaml)
sf_cli(calibrate_help_fields 0 "--map F=COL,\\.\\.\\. +column mapping, e\\.g\\. patient=subject_id"
       calibrate --help)
sf_cli(flow_help_report 0 "DIR/report.html" flow --help)
# the README's commands as the build leaves them, on files that exist
add_test(NAME readme_commands COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/readme_commands.py
  ${PROJECT_SOURCE_DIR} $<TARGET_FILE:samflyt>)
set_tests_properties(readme_commands PROPERTIES PASS_REGULAR_EXPRESSION "readme ok [0-9]+")
