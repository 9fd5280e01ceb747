# Tests of the flow metrics (src/flow/metrics*.c, pathways.c, continuity.c):
# hand-worked fixtures for every figure.
sf_test(test_flow_metrics test_flow_metrics.c)

# Independent cross-check of census (hourly, peak, hour-of-week profile in
# Europe/Oslo) and length of stay / waits against pandas (Debian
# python3-pandas, run by /usr/bin/python3) on a generated table.
add_executable(flow_metrics_xcheck flow_metrics_xcheck.c)
target_include_directories(flow_metrics_xcheck PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(flow_metrics_xcheck PRIVATE samflyt_static)
add_test(NAME flow_metrics_pandas COMMAND sh -c "\"$0\" \"$1\" && /usr/bin/python3 \"$2\" \"$1\""
  $<TARGET_FILE:flow_metrics_xcheck> ${CMAKE_CURRENT_BINARY_DIR}/flow-xcheck
  ${CMAKE_CURRENT_SOURCE_DIR}/flow_metrics_xcheck.py)
set_tests_properties(flow_metrics_pandas PROPERTIES PASS_REGULAR_EXPRESSION "pandas agrees")

# `samflyt flow` with the indicators (cli/flow_metrics.c) on the paths
# fixture of test_flow_metrics.c as CSV (tests/data/flow_metrics/paths.csv;
# P1's KAD notice is at d4 12 here, 1 ready day, and P3's late notice is
# gone, since ingest rejects notices outside the stay). Hand-worked:
# hospital readmissions 2 of 6 discharges, median (166 + 52) / 2 h = 4.5 d;
# shared 2 of 3; pathways touching 2 organisations: ED > MED > KAD and
# MED > KAD > MED; ready days 1 + 0.5 + 1 = 2.5 in 3 stays of 2 patients,
# 1.25 per 1,000 of 2,000; residents {roros}: 3 of 8 stays non-resident.
set(FMD ${PROJECT_SOURCE_DIR}/tests/data/flow_metrics)
set(FMOUT ${CMAKE_CURRENT_BINARY_DIR}/flow-metrics-out)
sf_cli(flow_metrics_summary 0
       "readmissions \\(8 h to 30 days after a discharge\\): 2 of 6 discharges \\(33.3 %\\), median 4.5 days.*shared patients \\(2\\+ organisations within 30 days\\): 2 of 3 \\(66.7 %\\).*2 distinct in 2 episodes \\(touching 2\\+ organisations\\).*1. ED > MED > KAD .*2. MED > KAD > MED.*ready for discharge: 2.5 bed-days in 3 stays of 2 patients, mean 0.83 days; 1.25 per 1,000.*non-residents: 37.5 % of 8 stays"
       flow --tz UTC --readmit-org hosp --population 2000 --resident-zones roros --pathways-shared ${FMD}/paths.csv)
# Without the organisation filter: 1 of 5 (P1 after KAD, 116 h); with a
# window of 8h..2d none (P3's 52 h is longer).
sf_cli(flow_metrics_readmit_any 0 "readmissions .*: 1 of 5 discharges \\(20.0 %\\), median 4.8 days"
       flow --tz UTC ${FMD}/paths.csv)
sf_cli(flow_metrics_readmit_window 0 "readmissions \\(8 h to 2 days after a discharge\\): 0 of 6"
       flow --tz UTC --readmit 8h..2d --readmit-org hosp ${FMD}/paths.csv)
sf_cli(flow_metrics_readmit_class 0 "readmissions .*: 1 of 6 discharges"
       flow --tz UTC --readmit-org hosp --readmit-class acute ${FMD}/paths.csv)
sf_cli(flow_metrics_out 0 "wrote .*report.html, metrics.json and 13 tables"
       flow -o ${FMOUT}/a --tz UTC ${FMD}/paths.csv)
# Wrong values: usage errors (2) for malformed options, input errors (1)
# for names the data do not have, each naming what is expected.
sf_cli(flow_metrics_bad_window 2 "--readmit '30d..8h': the window ends before it starts"
       flow --readmit 30d..8h ${FMD}/paths.csv)
sf_cli(flow_metrics_bad_window_form 2 "--readmit wants a window such as 8h..30d, got '30d'"
       flow --readmit 30d ${FMD}/paths.csv)
sf_cli(flow_metrics_bad_duration 2 "--shared-window wants a duration such as 8h or 30d, got 'soon'"
       flow --shared-window soon ${FMD}/paths.csv)
sf_cli(flow_metrics_bad_top 2 "--top wants a number 0..1000, got 'ten'"
       flow --top ten ${FMD}/paths.csv)
sf_cli(flow_metrics_bad_population 2 "--population wants a number 1..1e\\+10, got '-5'"
       flow --population -5 ${FMD}/paths.csv)
sf_cli(flow_metrics_unknown_org 1 "--readmit-org 'hospital' is not an organisation in the data \\(muni, hosp\\)"
       flow --readmit-org hospital ${FMD}/paths.csv)
sf_cli(flow_metrics_unknown_unit 1 "--continuity-unit 'GP' is not a unit in the data"
       flow --continuity-unit GP ${FMD}/paths.csv)
sf_cli(flow_metrics_bad_zone_pop 1 "--zone-population wants zone=inhabitants"
       flow --zone-population roros ${FMD}/paths.csv)
# metrics.json parses and its units table agrees with units.csv; roros
# (P1's zone) has 1 + 1 ready days: 2 / 1,500 inhabitants = 1.333 per 1,000
add_test(NAME cli_flow_metrics_json COMMAND sh -c
  "\"$0\" flow -q -o \"$1/j\" --population 2000 --zone-population roros=1500,oslo=500 --resident-zones roros \"$2/paths.csv\" && /usr/bin/python3 -c \"import json,csv,sys; j=json.load(open(sys.argv[1]+'/j/metrics.json')); c=list(csv.DictReader(open(sys.argv[1]+'/j/units.csv'))); z=list(csv.DictReader(open(sys.argv[1]+'/j/zones.csv'))); assert [r['unit'] for r in j['units']]==[r['unit'] for r in c]; assert abs(j['units'][-1]['ready_days']-2.5)<1e-9; r={x['zone']:x for x in z}; assert r['roros']['ready_days_per_1000']=='1.33333333333', r; print('json ok')\" \"$1\""
  $<TARGET_FILE:samflyt> ${FMOUT} ${FMD})
set_tests_properties(cli_flow_metrics_json PROPERTIES PASS_REGULAR_EXPRESSION "json ok")

# Round trip: simulate the care chain (a ward with bed-blocking) with
# --trace, read the trace with `samflyt flow`, and get the simulator's own
# per-unit figures back (tests/flow_metrics_roundtrip.py says which).
add_test(NAME flow_metrics_roundtrip COMMAND sh -c
  "mkdir -p \"$1\" && \"$0\" run -q -r 1 --seed 3 --trace \"$1/trace.csv\" -o \"$1/run\" \"$2\" && \"$0\" flow -q --tz UTC -o \"$1/flow\" \"$1/trace.csv\" && /usr/bin/python3 \"$3\" \"$1/run\" \"$1/flow\" 365"
  $<TARGET_FILE:samflyt> ${FMOUT}/roundtrip ${PROJECT_SOURCE_DIR}/examples/care-chain/model.yaml
  ${CMAKE_CURRENT_SOURCE_DIR}/flow_metrics_roundtrip.py)
set_tests_properties(flow_metrics_roundtrip PROPERTIES PASS_REGULAR_EXPRESSION "round trip agrees")

# --places: KAD has 2 places; its two stays (d3 12 - d5 12, d4 00 - d6 00)
# are 96 bed-hours in a series of 952 hours (2024-01-01 10:00 to 02-10
# 02:00 UTC): mean census 96 / 952, occupancy 100 * 96 / 952 / 2 = 5.042 %;
# both present d4 00 - d5 12: 36 of 952 hours full = 0.0378.
add_test(NAME cli_flow_metrics_places_table COMMAND sh -c
  "\"$0\" flow -q --tz UTC --places KAD=2 -o \"$1/p2\" \"$2/paths.csv\" && cut -d, -f1,24- \"$1/p2/units.csv\""
  $<TARGET_FILE:samflyt> ${FMOUT} ${FMD})
set_tests_properties(cli_flow_metrics_places_table PROPERTIES PASS_REGULAR_EXPRESSION
  "unit,places,occupancy_pct,full_hours_share.KAD,2,5.04201680672,0.0378151260504")
sf_cli(flow_metrics_places_unknown 1 "--places: 'kad' is not a unit in the data \\(KAD, ED, MED\\)"
       flow --places kad=2 ${FMD}/paths.csv)
sf_cli(flow_metrics_places_bad 1 "--places wants unit=places,... such as kad=4,ward=16, got 'KAD'"
       flow --places KAD ${FMD}/paths.csv)

# The HTML report beside the tables (tests/flow_report_check.py): one
# self-contained page, well formed, its tables equal to the CSV files.
add_test(NAME cli_flow_report COMMAND sh -c
  "\"$0\" flow -q --tz UTC -o \"$1/report\" \"$2\" && /usr/bin/python3 \"$3\" \"$1/report\""
  $<TARGET_FILE:samflyt> ${FMOUT} ${PROJECT_SOURCE_DIR}/examples/vesteralen/stays.csv.gz
  ${CMAKE_CURRENT_SOURCE_DIR}/flow_report_check.py)
set_tests_properties(cli_flow_report PROPERTIES PASS_REGULAR_EXPRESSION "report ok")

# The report's diagrams (tests/flow_charts_check.py): the process map's
# arrows, the pathway rows and the length-of-stay marks equal dfg.csv,
# variants.csv and los.csv, the hidden arrows are the rows under the
# stated threshold, each chart has a title and a reading in words. On
# Vesterålen, on the paths fixture with --pathways-shared (the diagram of
# shared patients), and without Graphviz (SAMFLYT_NO_GRAPHVIZ): a note and
# the table, no map.
add_test(NAME cli_flow_charts COMMAND sh -c
  "\"$0\" flow -q --tz UTC -o \"$1/charts\" \"$2\" && /usr/bin/python3 \"$3\" \"$1/charts\""
  $<TARGET_FILE:samflyt> ${FMOUT} ${PROJECT_SOURCE_DIR}/examples/vesteralen/stays.csv.gz
  ${CMAKE_CURRENT_SOURCE_DIR}/flow_charts_check.py)
set_tests_properties(cli_flow_charts PROPERTIES PASS_REGULAR_EXPRESSION "charts ok: .*process_map")
add_test(NAME cli_flow_charts_shared COMMAND sh -c
  "\"$0\" flow -q --pathways-shared -o \"$1/charts-shared\" \"$2\" && /usr/bin/python3 \"$3\" \"$1/charts-shared\" && grep -o 'Most common pathways of patients shared between organisations' \"$1/charts-shared/report.html\" | head -1"
  $<TARGET_FILE:samflyt> ${FMOUT} ${FMD}/paths.csv ${CMAKE_CURRENT_SOURCE_DIR}/flow_charts_check.py)
set_tests_properties(cli_flow_charts_shared PROPERTIES PASS_REGULAR_EXPRESSION
  "charts ok: .*process_map.*\nMost common pathways of patients shared")
add_test(NAME cli_flow_charts_no_graphviz COMMAND sh -c
  "SAMFLYT_NO_GRAPHVIZ=1 \"$0\" flow -q -o \"$1/charts-nogv\" \"$2\" && /usr/bin/python3 \"$3\" \"$1/charts-nogv\" --no-map"
  $<TARGET_FILE:samflyt> ${FMOUT} ${FMD}/paths.csv ${CMAKE_CURRENT_SOURCE_DIR}/flow_charts_check.py)
set_tests_properties(cli_flow_charts_no_graphviz PROPERTIES PASS_REGULAR_EXPRESSION "charts ok")
# --lang nb and sv (tests/flow_lang_check.py): the CSV tables, metrics.json
# and ingest.json byte-identical to English; report.html with no English
# phrase left, decimal commas and no decimal point; the charts still read
# back to the tables (flow_charts_check.py --lang). On Vesterålen and on
# the paths fixture (organisations, shared pathways).
add_test(NAME cli_flow_lang COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/flow_lang_check.py
  $<TARGET_FILE:samflyt> ${PROJECT_SOURCE_DIR}/examples/vesteralen/stays.csv.gz ${FMOUT}/lang)
set_tests_properties(cli_flow_lang PROPERTIES PASS_REGULAR_EXPRESSION "flow lang ok")
add_test(NAME cli_flow_lang_paths COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/flow_lang_check.py
  $<TARGET_FILE:samflyt> ${FMD}/paths.csv ${FMOUT}/lang-paths)
set_tests_properties(cli_flow_lang_paths PROPERTIES PASS_REGULAR_EXPRESSION "flow lang ok")
add_test(NAME cli_flow_lang_bad COMMAND sh -c "\"$0\" flow -q --lang de \"$1\" 2>&1 >/dev/null; echo \"exit=$?\""
  $<TARGET_FILE:samflyt> ${FMD}/paths.csv)
set_tests_properties(cli_flow_lang_bad PROPERTIES PASS_REGULAR_EXPRESSION
  "samflyt flow: --lang de: the languages are en, nb and sv.*exit=2")
# More than the charts draw (tests/flow_many_units.py, generated in the
# build folder): 40 units, 860 moves, --top 50 pathways.
add_test(NAME cli_flow_charts_many COMMAND sh -c
  "/usr/bin/python3 \"$2\" \"$1/many.csv\" && \"$0\" flow -q --top 50 -o \"$1/charts-many\" \"$1/many.csv\" && /usr/bin/python3 \"$3\" \"$1/charts-many\" && grep -o 'The 24 units with the most stays are drawn. all 40' \"$1/charts-many/report.html\""
  $<TARGET_FILE:samflyt> ${FMOUT} ${CMAKE_CURRENT_SOURCE_DIR}/flow_many_units.py
  ${CMAKE_CURRENT_SOURCE_DIR}/flow_charts_check.py)
set_tests_properties(cli_flow_charts_many PROPERTIES PASS_REGULAR_EXPRESSION
  "charts ok: .*process_map.*\nThe 24 units with the most stays")

# variants.csv's organisations: the most organisations one of the
# variant's episodes touched, whatever the order of the rows (patient pb,
# whose episode touches one organisation, comes first in the file).
add_test(NAME cli_flow_variant_orgs
         COMMAND sh -c "\"$0\" flow -q -o \"$1\" \"$2\" && cat \"$1/variants.csv\""
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/flow-variant-orgs
                 ${PROJECT_SOURCE_DIR}/tests/data/flow/variant_orgs.csv)
set_tests_properties(cli_flow_variant_orgs PROPERTIES PASS_REGULAR_EXPRESSION
                     "1,surg > med,2,3,2,1,72")

# A few stays spread over a century (MIMIC's shifted dates): the census
# goes in steps of a week, every other figure is computed, and metrics.json
# stays in proportion (it was 726 MB for these 238 stays).
sf_cli(flow_long_span 0
       "census in steps of 168 hours.*hour-of-week profile from the 8736 hours.*\\(all\\) +238 +1001.0"
       flow ${PROJECT_SOURCE_DIR}/tests/data/flow/long_span.csv)
add_test(NAME cli_flow_long_span_size
         COMMAND sh -c "\"$0\" flow -q -o \"$1\" \"$2\" && echo bytes $(cat \"$1/metrics.json\" \"$1\"/*.csv | wc -c) total"
                 $<TARGET_FILE:samflyt> ${CMAKE_CURRENT_BINARY_DIR}/flow-long-span
                 ${PROJECT_SOURCE_DIR}/tests/data/flow/long_span.csv)
set_tests_properties(cli_flow_long_span_size PROPERTIES PASS_REGULAR_EXPRESSION
                     "bytes [0-9]?[0-9]?[0-9]?[0-9]?[0-9]?[0-9]?[0-9] total")
