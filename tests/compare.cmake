# Scenario comparison (src/report/compare.c, cli/compare.c): paired
# statistics and ranking against hand-worked (scipy) figures, CRN against
# independent streams, and the command's output and exit codes.
sf_test(test_compare test_compare.c)

set(CMP ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare.yaml)
set(CMPOUT ${CMAKE_CURRENT_BINARY_DIR}/compare-out)
sf_cli(compare_table 0 "compare: base and 3 scenarios, 20 replications each.*scenario same.*identical in every replication not shown.*scenario more-servers.*desk +mean wait .*\\*\\*.*wrote"
       compare -o ${CMPOUT}/table -w desk.wait_mean=1:2h:0m,ward.turned_away_share=1:100%:0% ${CMP})
sf_cli(compare_bad_weights 2 "samflyt compare: --weights: 'desk.occupancy_mean=1:1:0': more occupancy_mean is neither better nor worse"
       compare -q -o ${CMPOUT}/bad -w desk.occupancy_mean=1:1:0 ${CMP})
# (No ';' in a PASS_REGULAR_EXPRESSION: CMake splits it there into
# alternatives, any of which passes; '.' stands for it.)
# The ranking in the terminal: targets first, the best value, and base and
# same (identical) tied, not ordered.
add_test(NAME cli_compare_table_ranking COMMAND sh -c "\"$0\" compare -o \"$1\" -w desk.wait_mean=1:2h:0m,ward.turned_away_share=1:100%:0% \"$2\" | sed -n '/^rank /,/^tied:/p'"
         $<TARGET_FILE:samflyt> ${CMPOUT}/table-ranking ${CMP})
set_tests_properties(cli_compare_table_ranking PROPERTIES PASS_REGULAR_EXPRESSION
  "^rank  variant +value +vs base +best in  verdict\n   1  more-servers +[0-9.]+ +[+][0-9.]+±[0-9.]+ +100 %  best value. meets all targets\n   2  more-beds [^\n]* meets all targets\n   3  base [^\n]*meets all targets. tied with same\n   3  same [^\n]*tied with base\n")
# The old weights (a bare number, ranked by z-scores) are refused with the
# form to write now, never read the old way: on the command line (usage,
# exit 2) and in the model file (at its line and column, exit 1).
sf_cli(compare_old_weights 2 "--weights: 'desk.wait_mean=1': a bare weight is the old ranking by standardised scores.*such as desk.wait_mean=1:14d:0d"
       compare -q -o ${CMPOUT}/oldw -w desk.wait_mean=1 ${CMP})
sf_cli(compare_old_file_weights 1 "compare_old_weights.yaml:10:19: weights: 'desk.wait_mean': a bare weight \\('2'\\) is the old ranking.*desk.wait_mean: \\{worst: 14d, best: 0d, weight: 2\\}"
       compare -q -o ${CMPOUT}/oldfw ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare_old_weights.yaml)
sf_cli(compare_no_scenarios 1 "the model has no scenarios to compare"
       compare -q -o ${CMPOUT}/none ${PROJECT_SOURCE_DIR}/tests/data/good/minimal.yaml)
sf_cli(compare_one_rep 2 "--replications wants a whole number 2..1000000"
       compare -r 1 ${CMP})
sf_cli(compare_bad_scenario 1 "bad_scenario.yaml:4:73: scenario 'broken': unit 'desk'"
       compare -q -o ${CMPOUT}/broken ${PROJECT_SOURCE_DIR}/tests/data/scenario/bad_scenario.yaml)
# The same seed gives byte-identical files on 1 and on 2 threads.
add_test(NAME cli_compare_threads_identical COMMAND sh -c
  "\"$0\" compare -q -t 1 -w desk.wait_mean=1:2h:0m -o \"$1/t1\" \"$2\" && \"$0\" compare -q -t 2 -w desk.wait_mean=1:2h:0m -o \"$1/t2\" \"$2\" && cmp \"$1/t1/compare.json\" \"$1/t2/compare.json\" && cmp \"$1/t1/compare.csv\" \"$1/t2/compare.csv\""
  $<TARGET_FILE:samflyt> ${CMPOUT} ${CMP})
# --trace on compare traces the base model: the same file as run --trace.
add_test(NAME cli_compare_trace_is_base COMMAND sh -c
  "mkdir -p \"$1\" && \"$0\" compare -q --trace \"$1/c.csv\" --trace-rep 3 -o \"$1/c\" \"$2\" && \"$0\" run -q --trace \"$1/r.csv\" --trace-rep 3 -o \"$1/r\" \"$2\" && cmp \"$1/c.csv\" \"$1/r.csv\""
  $<TARGET_FILE:samflyt> ${CMPOUT}/trace ${CMP})
# Every difference in compare.json recomputed with scipy from its paired
# replications (tests/compare_check.py).
add_test(NAME compare_json_vs_scipy COMMAND sh -c
  "\"$0\" compare -q -r 12 -o \"$1/scipy\" \"$2\" && /usr/bin/python3 \"$3\" \"$1/scipy/compare.json\""
  $<TARGET_FILE:samflyt> ${CMPOUT} ${CMP} ${CMAKE_CURRENT_SOURCE_DIR}/compare_check.py)
set_tests_properties(compare_json_vs_scipy PROPERTIES PASS_REGULAR_EXPRESSION "differences agree with scipy")
# A scenario with its own seed or replications is run with the base's
# (common random numbers need them equal) and the command says so; that
# scenario then differs from the base in nothing.
add_test(NAME cli_compare_reseed COMMAND sh -c
  "\"$0\" compare -o \"$1/reseed\" \"$2\" 2>&1; echo exit=$?"
  $<TARGET_FILE:samflyt> ${CMPOUT} ${PROJECT_SOURCE_DIR}/tests/data/scenario/reseed.yaml)
set_tests_properties(cli_compare_reseed PROPERTIES PASS_REGULAR_EXPRESSION
  "note: scenario 'reseed' sets its own seed or replications. every variant runs with the same \\(seed 4, 20 replications\\).*scenario reseed\n[^\n]*\n\\(15 indicators identical in every replication not shown\\).*exit=0")
# weights: in the model file rank as the same --weights do; --weights takes
# their place; a bad name in the file is reported at its line and column
# (after the runs: metric names come with the results).
set(CMPW ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare_weights.yaml)
add_test(NAME cli_compare_file_weights COMMAND sh -c
  "a=$(\"$0\" compare -r 4 -o \"$1/fw\" \"$2\" | sed -n '/^ranking/,/^the highest/p'); b=$(\"$0\" compare -r 4 -o \"$1/cw\" -w desk.wait_mean=1:2h:0m,ward.turned_away_share=1:100%:0% \"$3\" | sed -n '/^ranking/,/^the highest/p'); c=$(\"$0\" compare -r 4 -o \"$1/ow\" -w desk.wait_mean=1:2h:0m \"$2\" | sed -n '/^ranking/,/^the highest/p'); d=$(\"$0\" compare -r 4 -o \"$1/dw\" -w desk.wait_mean=1:2h:0m \"$3\" | sed -n '/^ranking/,/^the highest/p'); [ -n \"$a\" ] && [ \"$a\" = \"$b\" ] && [ \"$c\" = \"$d\" ] && [ \"$a\" != \"$c\" ] && echo same"
  $<TARGET_FILE:samflyt> ${CMPOUT} ${CMPW} ${CMP})
set_tests_properties(cli_compare_file_weights PROPERTIES PASS_REGULAR_EXPRESSION "^same")
sf_cli(compare_file_bad_weight 1 "samflyt compare: [^ ]*compare_bad_weight.yaml:9:61: weights: 'ward.wait': no metric 'wait' \\(results.json lists the metrics\\)"
       compare -q -r 3 -o ${CMPOUT}/badw ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare_bad_weight.yaml)
# A level must be in the indicator's unit, and best on its better side; the
# message points at the level in the file.
sf_cli(compare_file_bad_level 1 "compare_bad_level.yaml:10:27: weights: 'desk.wait_mean': 'worst': wait_mean is in h. write a duration such as 14d or 30m"
       compare -q -r 3 -o ${CMPOUT}/badl ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare_bad_level.yaml)
sf_cli(compare_best_side 2 "--weights: 'desk.wait_mean=1:0m:2h': 'best' must be lower than 'worst': lower wait_mean is better"
       compare -q -r 3 -o ${CMPOUT}/side -w desk.wait_mean=1:0m:2h ${CMP})
# The Karlskoga case (issue 12): cooperate's 5 seconds of travel cannot
# rank it below move-doctor's week of waiting; targets missed are named.
add_test(NAME compare_karlskoga_ranking COMMAND sh -c
  "\"$0\" compare -q -t 2 -o \"$1/karlskoga\" \"$2\" && /usr/bin/python3 \"$3\" \"$1/karlskoga\""
  $<TARGET_FILE:samflyt> ${CMPOUT} ${PROJECT_SOURCE_DIR}/examples/karlskoga/model.yaml
  ${CMAKE_CURRENT_SOURCE_DIR}/compare_karlskoga_check.py)
set_tests_properties(compare_karlskoga_ranking PROPERTIES PASS_REGULAR_EXPRESSION "karlskoga ranking ok")
# --weights replaces the model's trade-offs but keeps its targets; a mean
# beyond the stated worst level is pointed out (it scores below 0 there).
add_test(NAME cli_compare_weights_keep_targets COMMAND sh -c
  "\"$0\" compare -t 2 -o \"$1/keep\" -w network.travel_mean=1:30m:5m \"$2\" | grep -E '^(network.travel_mean|vc-ost.appt_days_p90) |^ +[45]  '"
  $<TARGET_FILE:samflyt> ${CMPOUT} ${PROJECT_SOURCE_DIR}/examples/karlskoga/model.yaml)
set_tests_properties(cli_compare_weights_keep_targets PROPERTIES PASS_REGULAR_EXPRESSION
  "network.travel_mean +30.0 min +5.0 min +1\nvc-ost.appt_days_p90 +- +- +-  <= 3.00 d\n   4  named-doctor .* misses target vc-ost.appt_days_p90 <= 3.00 d")
sf_cli(compare_beyond_worst 0 "note: more-servers's desk.wait_mean \\([0-9.]+ min\\) is beyond the best level \\(10.0 min\\): it scores above 1 there"
       compare -o ${CMPOUT}/beyond -w desk.wait_mean=1:2h:10m ${CMP})
# report.html beside compare.csv (tests/compare_report_check.py): self-
# contained, the ranking when weighted, each scenario's table equal to
# compare.csv; with weights from the file and without any.
add_test(NAME cli_compare_report COMMAND sh -c
  "\"$0\" compare -q -r 4 -o \"$1/rw\" \"$2\" && /usr/bin/python3 \"$4\" \"$1/rw\" && \"$0\" compare -q -r 4 -o \"$1/rn\" \"$3\" && /usr/bin/python3 \"$4\" \"$1/rn\""
  $<TARGET_FILE:samflyt> ${CMPOUT} ${CMPW} ${CMP} ${CMAKE_CURRENT_SOURCE_DIR}/compare_report_check.py)
set_tests_properties(cli_compare_report PROPERTIES PASS_REGULAR_EXPRESSION "report ok.*ranking True.*report ok.*ranking False")

# Weights are checked against the models before anything is simulated
# (a comparison can take minutes): this one would take several, so the
# timeout fails a check that waits for the results. check reads weights:
# as compare will.
set(CMPSLOW ${PROJECT_SOURCE_DIR}/tests/data/scenario/compare_slow.yaml)
sf_cli(compare_weights_before_run 2 "samflyt compare: --weights: 'nosuch.wait_mean=1:2h:0h': no unit 'nosuch'. units: desk, ward, network"
       compare -q --weights desk.wait_mean=1:2h:0h,nosuch.wait_mean=1:2h:0h ${CMPSLOW})
sf_cli(compare_weights_booked_only 2 "samflyt compare: --weights: 'ward.appt_days_mean=1:14d:0d': appt_days_mean is a figure of booked clinics, and 'ward' is a ward unit. weight indicators every variant has"
       compare -q --weights ward.appt_days_mean=1:14d:0d ${CMPSLOW})
set_tests_properties(cli_compare_weights_before_run cli_compare_weights_booked_only PROPERTIES TIMEOUT 10)
sf_cli(check_model_weights 1 "check_bad_weight.yaml:8:3: weights: 'ward.appt_days_mean': appt_days_mean is a figure of booked clinics, and 'ward' is a ward unit. weight indicators every variant has"
       check ${PROJECT_SOURCE_DIR}/tests/data/scenario/check_bad_weight.yaml)
