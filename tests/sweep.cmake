# samflyt sweep (cli/sweep.c, src/report/sweep.c): the Erlang-B bed-sizing
# rule reproduced by sweeping a loss ward, monotone pruning against the
# exhaustive grid, thread-independence, and the command's errors.
sf_test(test_sweep test_sweep.c)
set(SWD ${PROJECT_SOURCE_DIR}/tests/data/sweep)
set(SWOUT ${CMAKE_CURRENT_BINARY_DIR}/sweep-out)

# Four loads and targets, beds 1..15: the answer is the smallest c with
# Erlang B <= target, with the whole grid and with pruning (4 of 15 runs).
add_test(NAME sweep_erlang_b_sizing COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_erlang_check.py $<TARGET_FILE:samflyt>
         ${SWD}/loss_ward.yaml ${SWOUT}/erlang)

# Two wards, 12 x 10 = 120 configurations, 10 replications each (--fixed):
# pruning runs at most 20 and gives the grid's answer (8 and 6 beds, Erlang
# B) and the grid's verdict everywhere.
set(SW2 --fixed --vary units.a.beds=1..12 --vary units.b.beds=1..10 --cost units.b.beds=2
        --target a.turned_away_share<=5% --target b.turned_away_share<=2%)
add_test(NAME sweep_prune_equals_grid COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_prune_check.py $<TARGET_FILE:samflyt> ${SWOUT}/two 20
         ${SWD}/two_wards.yaml ${SW2})

# The same seed gives byte-identical files on 1 and on 3 threads.
add_test(NAME sweep_threads_identical COMMAND sh -c
  "\"$0\" sweep -q -t 1 \"$2\" --vary units.ward.beds=6..10 --target 'ward.turned_away_share<=5%' -o \"$1/t1\" && \"$0\" sweep -q -t 3 \"$2\" --vary units.ward.beds=6..10 --target 'ward.turned_away_share<=5%' -o \"$1/t3\" && cmp \"$1/t1/sweep.json\" \"$1/t3/sweep.json\" && cmp \"$1/t1/sweep.csv\" \"$1/t3/sweep.csv\""
  $<TARGET_FILE:samflyt> ${SWOUT}/threads ${SWD}/loss_ward.yaml)

# The answer comes first, with its interval and the target; the count of
# runs against the grid follows.
sf_cli(sweep_answer 0 "^cheapest: ward beds 9 \\(cost 10.8\\): ward.turned_away_share 3.68 % \\(3.31 % to 4.05 %\\), target <= 5.00 %\n\n[^\n]*2 of 15 configurations run \\(the rest settled by monotonicity\\), 10 replications each.*not run, settled by monotonicity: 6 meet every target, 7 do not"
       sweep ${SWD}/loss_ward.yaml --fixed --vary units.ward.beds=1..15 --cost units.ward.beds=1.2 --target ward.turned_away_share<=5%)
sf_cli(sweep_step 0 "cheapest: ward beds 12 .cost 12.*2 of 3 configurations run"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=4..12:4 --target ward.turned_away_share<=5%)
sf_cli(sweep_not_prunable 0 "note: running the whole grid: 'ward.utilisation>=50%' is not known to improve with capacity.*3 of 3 configurations run \\(the whole grid\\)"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3 --target ward.utilisation>=50%)
sf_cli(sweep_none_meets 1 ""
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3 --target ward.turned_away_share<=5%)
add_test(NAME cli_sweep_none_meets_says COMMAND $<TARGET_FILE:samflyt> sweep -q ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3 --target ward.turned_away_share<=5%)
set_tests_properties(cli_sweep_none_meets_says PROPERTIES WILL_FAIL TRUE)
sf_cli(sweep_no_unit 2 "target 'kad.turned_away_share<=5%': no unit 'kad' in the model. units: ward, network"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3 --target kad.turned_away_share<=5%)
sf_cli(sweep_level_unit 2 "turned_away_share is in share. write a share such as 80% \\(or 0.8\\)"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3 --target ward.turned_away_share<=5d)
sf_cli(sweep_no_metric 2 "no metric 'turned_away_shar'"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3 --target ward.turned_away_shar<=5%)
sf_cli(sweep_empty_range 2 "--vary: 'units.ward.beds=3..1': the range is empty"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=3..1 --target ward.turned_away_share<=5%)
sf_cli(sweep_bad_range 2 "--vary: 'units.ward.beds=4-12': the range must be whole numbers"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=4-12 --target ward.turned_away_share<=5%)
sf_cli(sweep_cost_no_vary 2 "--cost units.kad.beds: no decision of that path"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3 --cost units.kad.beds=2 --target ward.turned_away_share<=5%)
sf_cli(sweep_no_target 2 "give at least one target"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3)
sf_cli(sweep_bad_path 1 "ward bedz 1: scenario 'sweep': unit 'ward': unknown key 'bedz'. did you mean 'beds'"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.bedz=1..2 --target ward.turned_away_share<=5%)

# The model's own values through the overlay give exactly run's figures
# (Vesterålen: a period's beds, a mapping with a default and a summer).
add_test(NAME sweep_overlay_equals_run COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_overlay_check.py $<TARGET_FILE:samflyt>
         ${PROJECT_SOURCE_DIR}/examples/vesteralen/model.yaml ${SWOUT}/overlay hospital blocked_bed_days
         --fixed --vary units.short-term.beds.default=20..20 --vary units.short-term.beds.summer=17..17)

# decisions:, cost: and targets (weights: ... target) in the model file give
# the command line's answer; the command line overrides each of them.
sf_cli(sweep_file_decisions 0 "^cheapest: ward beds 9 \\(cost 10.8\\): ward.turned_away_share [^\n]*target <= 5.00 %"
       sweep ${SWD}/loss_ward_decisions.yaml)
sf_cli(sweep_file_overridden 0 "^cheapest: ward beds 10 \\(cost 20\\): ward.turned_away_share [^\n]*target <= 2.00 %.*ward beds  *cost"
       sweep ${SWD}/loss_ward_decisions.yaml --vary units.ward.beds=8..12 --cost units.ward.beds=2 --target ward.turned_away_share<=2%)
sf_cli(sweep_file_bad_range 1 "decisions_bad_range.yaml:8:20: 'decisions': 'units.ward.beds': expected a range of whole numbers LO..HI or LO..HI:STEP"
       check ${SWD}/decisions_bad_range.yaml)
sf_cli(sweep_file_bad_cost 1 "decisions_bad_cost.yaml:10:3: 'cost': 'units.ward.bed' is not one of the 'decisions'"
       check ${SWD}/decisions_bad_cost.yaml)
sf_cli(sweep_file_bad_path 1 "decisions_bad_path.yaml:8:3: decisions: units.ward.bedz at 1: scenario 'sweep': unit 'ward': unknown key 'bedz'. did you mean 'beds'"
       sweep ${SWD}/decisions_bad_path.yaml)
sf_cli(sweep_file_no_target 2 "give at least one target: --target UNIT.METRIC<=LEVEL, such as --target kad.turned_away_share<=5%, or a target in the model's weights:"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..3)

# The sequential procedure (default): the Erlang-B rule within the
# indifference zone for 16 loads and targets, near ties included, and the
# same answer as the whole grid with 40 replications each, from fewer
# replications (the counts are printed).
add_test(NAME sweep_sequential_erlang_and_grid COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_seq_check.py $<TARGET_FILE:samflyt>
         ${SWD}/loss_ward.yaml ${SWD}/two_wards.yaml ${SWOUT}/seq)
# The analytic layer seeds the search: after the first configuration (8
# beds, bisection's middle), the Erlang-B rule's 9 beds run next and settle
# the grid; the sequential procedure says how it decided.
sf_cli(sweep_sequential_answer 0 "^cheapest: ward beds 9 .*2 of 15 configurations run \\(the rest settled by monotonicity\\), 20 replications in all.*with 95 % confidence every verdict is right to within 10 % of each target.*ward beds  *cost  *reps"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..15 --target ward.turned_away_share<=5%)
sf_cli(sweep_bad_confidence 2 "--confidence: '120%': write a share such as 95% \\(or 0.95\\)"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=1..15 --target ward.turned_away_share<=5% --confidence 120%)
sf_cli(sweep_first_stage 2 "2 replications. the sequential procedure's first stage needs at least 5 \\(use -r N\\)"
       sweep ${SWD}/loss_ward.yaml -r 2 --vary units.ward.beds=1..15 --target ward.turned_away_share<=5%)

# OpenMPI (the samflyt-mpi.so plugin): mpirun -n 2 and -n 3 on this machine
# give byte for byte the single-process answer, table and files, for the
# sequential search over two wards (the work dealt over the processes)
# and for the whole grid. Skipped when the plugin is not built.
if(SF_MPI_BUILT AND SF_MPIRUN)
  set(SF_MPIRUN_ARG ${SF_MPIRUN})
else()
  set(SF_MPIRUN_ARG "")
endif()
foreach(n 2 3)
  add_test(NAME sweep_mpi_${n} COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/sweep_mpi_check.sh
           $<TARGET_FILE:samflyt> "${SF_MPIRUN_ARG}" ${n} ${SWOUT}/mpi${n} ${SWD}/two_wards.yaml
           --vary units.a.beds=1..12 --vary units.b.beds=1..10 --cost units.b.beds=2
           --target a.turned_away_share<=5% --target b.turned_away_share<=2%)
  add_test(NAME sweep_mpi_${n}_grid COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/sweep_mpi_check.sh
           $<TARGET_FILE:samflyt> "${SF_MPIRUN_ARG}" ${n} ${SWOUT}/mpigrid${n} ${SWD}/loss_ward.yaml
           --no-prune --vary units.ward.beds=5..12 --target ward.turned_away_share<=5%)
  set_tests_properties(sweep_mpi_${n} sweep_mpi_${n}_grid PROPERTIES SKIP_RETURN_CODE 77
                       PROCESSORS ${n})
endforeach()
# Started by mpirun without the plugin: a clear error, not N processes each
# running the whole sweep and printing it.
add_test(NAME sweep_mpi_no_plugin COMMAND sh -c
  "mkdir -p \"$(dirname \"$1\")\" && cp \"$0\" \"$1\" && OMPI_COMM_WORLD_SIZE=2 \"$1\" sweep \"$2\" --vary units.ward.beds=5..6 --target 'ward.turned_away_share<=5%'; echo exit=$?"
  $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/sweep-nompi/samflyt ${SWD}/loss_ward.yaml)
set_tests_properties(sweep_mpi_no_plugin PROPERTIES
  PASS_REGULAR_EXPRESSION "started by mpirun or srun, but this samflyt has no MPI plugin .*exit=2")
# A run without mpirun does not load libmpi (start-up, bench/README.md).
add_test(NAME sweep_no_mpi_loaded COMMAND sh -c
  "LD_DEBUG=files \"$0\" sweep -q \"$1\" --vary units.ward.beds=8..9 --target 'ward.turned_away_share<=5%' 2>&1 >/dev/null; echo exit=$?"
  $<TARGET_FILE:samflyt> ${SWD}/loss_ward.yaml)
set_tests_properties(sweep_no_mpi_loaded PROPERTIES
  PASS_REGULAR_EXPRESSION "file=libc[^\n]*\n.*exit=0" FAIL_REGULAR_EXPRESSION "file=[^ ]*mpi")

# report.html: the heat map, the Pareto front and the cost of each target,
# every figure checked against sweep.json (two wards, sequential, pruned;
# and one decision, the whole grid, fixed).
add_test(NAME sweep_report_matches_json COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_report_check.py $<TARGET_FILE:samflyt>
         ${SWOUT}/report2 ${SWD}/two_wards.yaml ${SW2})
add_test(NAME sweep_report_one_decision COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_report_check.py $<TARGET_FILE:samflyt>
         ${SWOUT}/report1 ${SWD}/loss_ward.yaml --fixed --no-prune --vary units.ward.beds=5..12
         --target ward.turned_away_share<=5%)
add_test(NAME sweep_report_sequential COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_report_check.py $<TARGET_FILE:samflyt>
         ${SWOUT}/report3 ${SWD}/two_wards.yaml --vary units.a.beds=1..12 --vary units.b.beds=1..10
         --cost units.b.beds=2 --target a.turned_away_share<=5% --target b.turned_away_share<=2%)

# Named decisions on one path add up (5 + 4 beds give the 9 beds' figures,
# the same random numbers); --set edits every configuration (10 arrivals a
# day: Erlang B's 13 beds for 10 %); a month's target names its metric.
sf_cli(sweep_named_add_up 0 "^cheapest: base 5, extra 4 \\(cost 9\\): ward.turned_away_share 3.68 % \\(3.31 % to 4.05 %\\)"
       sweep ${SWD}/loss_ward.yaml --fixed --vary base:units.ward.beds=5..5 --vary extra:units.ward.beds=3..4 --target ward.turned_away_share<=5%)
sf_cli(sweep_set 0 "^cheapest: ward beds 13 \\(cost 13\\)"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=5..15 --set arrivals.acute.rate=10/d --target ward.turned_away_share<=10%)
sf_cli(sweep_month_target_bad 2 "a month's figure is METRIC@MON with METRIC wait_mean, utilisation or occupancy_mean"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=5..6 --target ward.wait_mean@foo<=2d)
sf_cli(sweep_month_target 0 "ward.occupancy_mean@mar +verdict"
       sweep ${SWD}/loss_ward.yaml --vary units.ward.beds=5..6 --target ward.occupancy_mean@mar<=9)

# An objective (--minimize, --max-cost, --delta): two loss wards under a
# budget, the network's turned-away share against its analytic value
# (Erlang B) for 8 budgets and targets, the exhaustive grid's answer from
# fewer replications, and a tie within delta reported as a tie.
add_test(NAME sweep_objective_erlang COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_objective_check.py $<TARGET_FILE:samflyt>
         ${SWD}/two_wards.yaml ${SWOUT}/objective)
set(SWOBJ --vary units.a.beds=1..12 --vary units.b.beds=1..10 --max-cost 12
          --minimize network.turned_away_share --delta 0.25% --target b.turned_away_share<=5%)
add_test(NAME sweep_objective_threads_identical COMMAND sh -c
  "exe=$0 && out=$1 && m=$2 && shift 2 && \"$exe\" sweep -q -t 1 \"$m\" \"$@\" -o \"$out/t1\" && \"$exe\" sweep -q -t 2 \"$m\" \"$@\" -o \"$out/t2\" && cmp \"$out/t1/sweep.json\" \"$out/t2/sweep.json\" && cmp \"$out/t1/sweep.csv\" \"$out/t2/sweep.csv\""
  $<TARGET_FILE:samflyt> ${SWOUT}/objthreads ${SWD}/two_wards.yaml ${SWOBJ})
foreach(n 2 3)
  add_test(NAME sweep_mpi_${n}_objective COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/sweep_mpi_check.sh
           $<TARGET_FILE:samflyt> "${SF_MPIRUN_ARG}" ${n} ${SWOUT}/mpiobj${n} ${SWD}/two_wards.yaml
           ${SWOBJ})
  set_tests_properties(sweep_mpi_${n}_objective PROPERTIES SKIP_RETURN_CODE 77 PROCESSORS ${n})
endforeach()
sf_cli(sweep_objective_answer 0 "^best: a beds 8, b beds 4 \\(cost 12\\): lowest network.turned_away_share [^\n]*, among [0-9]+ configurations within the budget \\(cost at most 12\\), told apart to 0.25 %\n.*min network.turned_away_share.*over the budget: [0-9]+ that cost more than 12.*pareto front \\(cost against the mean of network.turned_away_share"
       sweep ${SWD}/two_wards.yaml --vary units.a.beds=1..12 --vary units.b.beds=1..10 --max-cost 12 --minimize network.turned_away_share --delta 0.25%)
sf_cli(sweep_objective_no_delta 2 "--minimize network.turned_away_share: give --delta, the smallest difference in turned_away_share worth telling apart \\(in share"
       sweep ${SWD}/two_wards.yaml --vary units.a.beds=1..3 --minimize network.turned_away_share)
sf_cli(sweep_objective_bad_delta 2 "--delta '3d': turned_away_share is in share. write a share"
       sweep ${SWD}/two_wards.yaml --vary units.a.beds=1..3 --minimize network.turned_away_share --delta 3d)
sf_cli(sweep_objective_no_unit 2 "objective 'kad.blocked_bed_days': no unit 'kad' in the model"
       sweep ${SWD}/two_wards.yaml --vary units.a.beds=1..3 --minimize kad.blocked_bed_days --delta 1)
sf_cli(sweep_bad_budget 2 "--max-cost: 'lots': write the budget"
       sweep ${SWD}/two_wards.yaml --vary units.a.beds=1..3 --max-cost lots --target a.turned_away_share<=5%)
add_test(NAME cli_sweep_over_budget_none COMMAND sh -c "\"$0\" \"$@\"; echo exit=$?"
  $<TARGET_FILE:samflyt> sweep ${SWD}/two_wards.yaml --vary units.a.beds=1..12 --max-cost 2
  --target a.turned_away_share<=5%)
set_tests_properties(cli_sweep_over_budget_none PROPERTIES PASS_REGULAR_EXPRESSION
  "no configuration of the grid meets every target within the budget \\(cost at most 2\\).*over the budget: 10 that cost more than 2, not run.*exit=1")
# The question in the file (objective: {minimize, delta, max-cost}) gives the
# command line's answer; its mistakes are reported at their line and column.
sf_cli(sweep_file_objective 0 "^best: a beds 8, b beds 4 \\(cost 12\\): lowest network.turned_away_share [^\n]*, among 65 configurations within the budget \\(cost at most 12\\), told apart to 0.25 %"
       sweep -q ${SWD}/two_wards_objective.yaml)
sf_cli(sweep_file_objective_bad_delta 1 "objective_bad_delta.yaml:13:57: objective: delta: '3d': turned_away_share is in share. write a share"
       sweep -q ${SWD}/objective_bad_delta.yaml)
sf_cli(sweep_file_objective_bad_key 1 "objective_bad_key.yaml:13:78: 'objective': unknown key 'budget'. the keys are minimize \\(or maximize\\), delta and max-cost"
       check ${SWD}/objective_bad_key.yaml)
# report.html with an objective: the headline names it (and a tie within
# delta), the Pareto front is cost against its mean, checked against
# sweep.json.
add_test(NAME sweep_report_objective COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_report_check.py $<TARGET_FILE:samflyt>
         ${SWOUT}/report4 ${SWD}/two_wards.yaml --vary units.a.beds=1..12 --vary units.b.beds=1..10
         --max-cost 14 --minimize network.turned_away_share --delta 1% --target b.turned_away_share<=5%)
# --help is printed as it is (fputs): no doubled per-cent signs.
add_test(NAME cli_sweep_help COMMAND $<TARGET_FILE:samflyt> sweep --help)
set_tests_properties(cli_sweep_help PROPERTIES PASS_REGULAR_EXPRESSION
  "--minimize UNIT.METRIC.*the 95 % interval lies.*guarantee \\(95%, 10%\\)" FAIL_REGULAR_EXPRESSION "%%")
# The examples' READMEs show their sweep command quoted for a shell (the
# table's HTML comment is hidden and unquoted), and it is the table's.
add_test(NAME sweep_readme_commands COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/sweep_readme_command.py
         ${PROJECT_SOURCE_DIR}/examples/roros/README.md
         ${PROJECT_SOURCE_DIR}/examples/vesteralen/README.md)
# A budget that leaves nothing: the answer says so and the procedure's
# constant stays a number (not the Bonferroni count of zero configurations).
add_test(NAME sweep_budget_empty_h2 COMMAND sh -c
  "\"$0\" sweep -q \"$2\" --vary units.a.beds=1..12 --max-cost 0.5 --target 'a.turned_away_share<=5%' -o \"$1\" && echo exit=0 || echo exit=$? && cat \"$1/sweep.json\""
  $<TARGET_FILE:samflyt> ${SWOUT}/budget0 ${SWD}/two_wards.yaml)
set_tests_properties(sweep_budget_empty_h2 PROPERTIES
  PASS_REGULAR_EXPRESSION "exit=1.*\"h2\": [0-9].*\"within_budget\": 0" FAIL_REGULAR_EXPRESSION "\"h2\": -")
