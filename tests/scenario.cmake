# Scenario overlays (src/model/scenario.c): edits checked on the loaded
# model, exact diagnostics, streams keyed by unit name.
sf_test(test_scenario test_scenario.c)

# `samflyt check` checks every scenario and names the broken one.
sf_cli(check_scenarios 1 "bad_scenario.yaml:4:73: scenario 'broken': unit 'desk': 'next': unknown unit 'ward'"
       check ${PROJECT_SOURCE_DIR}/tests/data/scenario/bad_scenario.yaml)
# The scenarios of docs/model.md all load (the doc quotes this file).
sf_cli(check_doc_scenarios 0 "ok: scenario 'same-as-base', 4 units.*'no-kad', 3 units.*'extra-ima', 5 units.*'olav', 5 units"
       check ${PROJECT_SOURCE_DIR}/tests/data/scenario/doc_example.yaml)
