# Tests of the stays table, time zones, and the ingest readers (src/flow/
# stays.c, tz.c, csv.c, fhir.c, timeparse.c) and of `samflyt flow`.
sf_test(test_stays test_stays.c)
sf_test(test_tz test_tz.c)
sf_test(test_ingest test_ingest.c)

# `samflyt flow` on the fixtures (sf_cli from cli_run.cmake: exit code and
# output in one regex; for failures the regex sees stderr only).
set(FD ${PROJECT_SOURCE_DIR}/tests/data/flow)
set(FOUT ${CMAKE_CURRENT_BINARY_DIR}/flow-out)
# tests writing a file directly into it (calibrate -o) must not depend on
# another test having made it first (ctest -j runs them in any order)
file(MAKE_DIRECTORY ${FOUT})
sf_cli(flow_summary 0
       "bad_rows.csv: csv, delimiter ',', mapping: samflyt.*13 rows read, 3 stays kept, 10 skipped.*wrong number of fields: 1 \\(line 3\\).*bad time: 3 \\(lines 7, 11, 14\\).*times out of order: 2 \\(lines 8, 10\\).*1 open stay \\(no end.*total: 3 stays, 3 patients, 1 units"
       flow ${FD}/bad_rows.csv)
sf_cli(flow_strict 1 "bad_rows.csv:3:1: 3 fields, expected 5 like the header.*--strict"
       flow --strict ${FD}/bad_rows.csv)
sf_cli(flow_presets 0
       "mimic_transfers.csv: csv, delimiter ',', mapping: mimic-transfers.*2 not stays.*synthea_encounters.csv: csv, delimiter ',', mapping: synthea-encounters.*time start \\(START\\): ISO 8601.*with offsets.*encounters.ndjson: fhir-ndjson.*bundle.json: fhir-bundle.*samflyt_stays.csv.gz: csv \\(gzip\\).*2 open stays.*total: 18 stays"
       flow ${FD}/mimic_transfers.csv ${FD}/synthea_encounters.csv ${FD}/encounters.ndjson ${FD}/bundle.json ${FD}/samflyt_stays.csv.gz)
sf_cli(flow_guess 0
       "mimic_transfers.csv: 7 columns, delimiter ',': subject_id,hadm_id.*matches preset mimic-transfers.*--map patient=subject_id,unit=careunit,start=intime,end=outtime.*unmapped: org arrive from to class ready zone provider instance lifecycle time"
       flow --guess ${FD}/mimic_transfers.csv)
sf_cli(flow_guess_partial 0 "--map patient=pid.*still needed: unit start end"
       flow --guess ${FD}/guess_partial.csv)
sf_cli(flow_bupar 0 "5442 rows read, 2721 stays kept, 0 skipped.*total: 2721 stays, 500 patients, 7 units"
       flow ${PROJECT_SOURCE_DIR}/tests/data/bupar-patients/patients.csv)
sf_cli(flow_no_mapping 1 "no column for unit .*--map unit=COLUMN.*--guess"
       flow ${FD}/guess_partial.csv)
sf_cli(flow_bad_map 1 "--map: column 'nope' for unit is not in the header"
       flow --map patient=subject_id,unit=nope ${FD}/mimic_transfers.csv)
sf_cli(flow_bad_tz 2 "--tz: unknown time zone 'Mars/Olympus': not in the tz database" flow --tz Mars/Olympus ${FD}/bad_rows.csv)
sf_cli(flow_bad_delim 2 "--delim wants one of" flow --delim xx ${FD}/bad_rows.csv)
sf_cli(flow_bad_preset 2 "unknown --preset 'epic'" flow --preset epic ${FD}/bad_rows.csv)
sf_cli(flow_usage 2 "usage: samflyt flow FILE" flow)
sf_cli(flow_missing_file 1 "no-such.csv: cannot open the file" flow no-such.csv)
sf_cli(flow_nothing_kept 1 "no stays could be read" flow ${FD}/all_bad.csv)
sf_cli(flow_out 0 "wrote .*stays.csv, ingest.json" flow -o ${FOUT}/q ${FD}/quoting.csv)
# the written stays.csv reads back (preset samflyt) to the same stays
add_test(NAME cli_flow_roundtrip COMMAND sh -c
  "\"$0\" flow -q -o \"$1/r1\" \"$2/samflyt_stays.csv.gz\" \"$2/encounters.ndjson\" && \"$0\" flow -q -o \"$1/r2\" \"$1/r1/stays.csv\" && cmp \"$1/r1/stays.csv\" \"$1/r2/stays.csv\""
  $<TARGET_FILE:samflyt> ${FOUT} ${FD})

# The ingest and tz fuzz targets' corpora, replayed by the plain driver.
foreach(t csv fhir tz)
  add_executable(fuzz_${t}_regress ${PROJECT_SOURCE_DIR}/fuzz/fuzz_${t}.c ${PROJECT_SOURCE_DIR}/fuzz/regress_main.c)
  target_include_directories(fuzz_${t}_regress PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(fuzz_${t}_regress PRIVATE samflyt_static)
  add_test(NAME fuzz_${t}_corpus COMMAND fuzz_${t}_regress ${PROJECT_SOURCE_DIR}/fuzz/corpus/${t})
endforeach()

# Independent check of time parsing, DST rules and kept rows against pandas
# and the system tz database (Debian python3-pandas in /usr/bin/python3).
add_test(NAME flow_pandas_times COMMAND /usr/bin/python3
         ${CMAKE_CURRENT_SOURCE_DIR}/flow_pandas_times.py $<TARGET_FILE:samflyt> ${FOUT}/pandas)

# Memory does not grow with the file (rows skipped are not held).
if(NOT SAMFLYT_SANITIZE)
  add_test(NAME flow_memory_streaming COMMAND /usr/bin/python3
           ${CMAKE_CURRENT_SOURCE_DIR}/flow_memory.py $<TARGET_FILE:samflyt> ${FOUT}/memory)
endif()
sf_cli(flow_guess_fhir 0 "encounters.ndjson: JSON: read as HL7 FHIR R4 Encounter" flow --guess ${FD}/encounters.ndjson)
# a Windows-1252 export: the header is refused with advice, a body row is
# skipped as invalid UTF-8
sf_cli(flow_latin1_header 1 "latin1_header.csv:1:9: the header is not valid UTF-8.*iconv"
       flow ${FD}/latin1_header.csv)
sf_cli(flow_latin1_body 1 "latin1_body.csv:2:1: text that is not valid UTF-8.*iconv.*--strict"
       flow --strict ${FD}/latin1_body.csv)
sf_cli(flow_bad_slash 2 "--slash wants dmy or mdy, got 'ymd'" flow --slash ymd ${FD}/bad_rows.csv)

# Zones from the tz database: Norway's summer time before 1996 (none
# 1966-79, ending in September 1980-95), which the old EU rule put from
# March to October in every year; any IANA name; the zone in the summary.
add_test(NAME flow_tz_history COMMAND sh -c
  "\"$0\" flow -q -o \"$1/tzh\" \"$2/tz_history.csv\" && cmp \"$1/tzh/stays.csv\" \"$2/tz_history_stays.csv\""
  $<TARGET_FILE:samflyt> ${FOUT} ${FD})
sf_cli(flow_tz_iana 0 "total: 3 stays.*\\(America/New_York\\).zone: America/New_York, for times without an offset"
       flow --tz america/new_york ${FD}/bad_rows.csv)
sf_cli(flow_tz_default 0 "zone: Europe/Oslo, for times" flow ${FD}/bad_rows.csv)
# Damaged and unusual inputs (tests/flow_trust.py CASE): generated into the
# build tree, each run under a timeout so a hang fails.
foreach(case gzip quote control bundle1 pipe messages dups guess)
  add_test(NAME flow_trust_${case} COMMAND /usr/bin/python3
           ${CMAKE_CURRENT_SOURCE_DIR}/flow_trust.py $<TARGET_FILE:samflyt> ${FOUT}/trust-${case} ${case})
  set_tests_properties(flow_trust_${case} PROPERTIES TIMEOUT 120)
endforeach()
# MIMIC-III TRANSFERS (upper- or lower-case names): the preset is found by
# --guess and used by flow; eventtype is not offered as a class
sf_cli(flow_guess_mimic3 0
       "13 columns.*the header matches preset mimic3-transfers.*--map patient=subject_id,unit=curr_wardid,start=intime,end=outtime"
       flow --guess ${FD}/mimic3_transfers.csv)
sf_cli(flow_mimic3 0
       "mapping: mimic3-transfers.*3 rows read, 2 stays kept, 0 skipped, 1 not stays"
       flow --no-metrics ${FD}/mimic3_transfers.csv)
# Open stays (an empty end: still in care at the extract's end) are kept,
# counted in the census until --until (or the latest time) and left out of
# the length of stay: med has 3 stays, 13.7 bed-days to 2024-03-10.
sf_cli(flow_open_stays 0
       "1 open stay \\(no end.*until 2024-03-10 00:00 \\(--until\\).*1 still open at 2024-03-10T00:00.*med +3 +13.7 +1.58 +3 +72.0"
       flow --until 2024-03-10 ${FD}/open_stays.csv)
sf_cli(calibrate_open_stays 0 "med +ward +3 +3.0d +gamma"
       calibrate ${FD}/open_stays.csv -o ${FOUT}/open_stays.yaml --backtest 0)
# One year typo'd as 2204 among 200 stays of 2001: named by file and line,
# left out, and the mean census is that of 2001 (200 x 12 h over the year),
# not of 203 years; --keep-outliers keeps it (with the warning).
sf_cli(flow_outlier_named 0
       "typo_year.csv:102: 2001-06-01 08:00 to 2204-06-02 08:00.*left out of every figure"
       flow -q ${FD}/typo_year.csv)
sf_cli(flow_outlier_census 0 "\\(all\\) +200 +100.0 +0.28 "
       flow ${FD}/typo_year.csv)
sf_cli(flow_outlier_kept 0 "typo_year.csv:102.*kept \\(--keep-outliers\\)"
       flow -q --keep-outliers --no-metrics ${FD}/typo_year.csv)
sf_cli(calibrate_outlier 0 "typo_year.csv:102: .*2204.*med +200 +0.554/d"
       calibrate ${FD}/typo_year.csv -o ${FOUT}/typo_year.yaml --backtest 0)
# --from/--to: the stays in care in the window, the census over it only
sf_cli(flow_window 0 "183 stays not in care in the window left out.*17 stays of 17 patients"
       flow --from 2001-03-01 --to 2001-04-01 ${FD}/typo_year.csv)
sf_cli(flow_window_bad 2 "--from and --to go together"
       flow --from 2001-03-01 ${FD}/typo_year.csv)
# --unit: the stays at those units (MED's 4 of 11), from/to still naming
# the others; a name not in the data is an error that lists the units
sf_cli(flow_unit 0 "--unit: 7 stays at other units left out.*4 stays of 2 patients"
       flow --unit MED ${PROJECT_SOURCE_DIR}/tests/data/flow_metrics/paths.csv)
# ... without calling the units left out "only a from/to value" (a typo?)
sf_cli(flow_unit_no_typo_hint 0 "4 stays of 2 patients"
       flow --unit MED ${PROJECT_SOURCE_DIR}/tests/data/flow_metrics/paths.csv)
set_tests_properties(cli_flow_unit_no_typo_hint PROPERTIES
                     FAIL_REGULAR_EXPRESSION "not a unit of any stay")
sf_cli(flow_unit_unknown 2 "--unit: 'ICU' is not a unit in the data \\(KAD, ED, MED\\)"
       flow --unit ICU ${PROJECT_SOURCE_DIR}/tests/data/flow_metrics/paths.csv)
# Home as a from/to value ("Hjem", "home", NUBC "01"/"1") is no unit; --home
# adds words (here the nursing home counts as outside too).
sf_cli(flow_home_words 0
       "read as home \\(outside the network\\), not as units: Hjem \\(1\\), home \\(1\\), 01 \\(1\\).*total: 5 stays, 3 patients, 3 units"
       flow ${FD}/home_words.csv)
sf_cli(flow_home_phantom 0 "only a from/to value: Sykehjem.*--home NAME"
       flow ${FD}/home_words.csv)
sf_cli(flow_home_extra 0 "Sykehjem \\(1\\).*total: 5 stays, 3 patients, 2 units"
       flow --home Sykehjem,other ${FD}/home_words.csv)
sf_cli(flow_home_nubc 0 "not as units: 01 \\(1\\), 1 \\(1\\).*total: 3 stays, 3 patients, 2 units"
       flow ${FD}/nubc_home.ndjson)
# An ongoing FHIR encounter: the first location ended when the second
# began, the second is open until the latest time (r2's end, 4 March 09:00
# local): Med 2 stays, 4.8 bed-days (r1 2.8 days so far, r2 2 days).
sf_cli(flow_open_encounter 0
       "1 open stay \\(no end.*until 2024-03-04 09:00.*ED +1 +0.2 .*Med +2 +4.8 "
       flow ${FD}/open_encounter.ndjson)
# With two files the line is named in the right one.
sf_cli(flow_outlier_two_files 0 "typo_year.csv:102: 2001-06-01 08:00 to 2204"
       flow --no-metrics ${FD}/open_stays.csv ${FD}/typo_year.csv)
