# Scenario overlays (src/model/scenario.c): edits checked on the loaded
# model, exact diagnostics, streams keyed by unit name.
sf_test(test_scenario test_scenario.c)

# `samflyt check` checks every scenario and names the broken one.
sf_cli(check_scenarios 1 "bad_scenario.yaml:4:73: scenario 'broken': unit 'desk': 'next': unknown unit 'ward'"
       check ${PROJECT_SOURCE_DIR}/tests/data/scenario/bad_scenario.yaml)
