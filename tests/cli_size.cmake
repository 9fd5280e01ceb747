# CLI tests of `samflyt size` (cli/size.c). Each runs the command through
# sh, which appends "exit=N", so one regular expression checks both the
# output and the exit status. For a success (rc 0) the regex sees stdout;
# for a failure it sees stderr only, so error messages must go there.
#
# sf_cli_size(NAME RC REGEX ARGS...)
function(sf_cli_size name rc regex)
  if(rc EQUAL 0)
    set(script "\"$0\" size \"$@\"; echo \"exit=$?\"")
  else()
    set(script "\"$0\" size \"$@\" 2>&1 >/dev/null; echo \"exit=$?\"")
  endif()
  add_test(NAME cli_size_${name} COMMAND sh -c "${script}" $<TARGET_FILE:samflyt> ${ARGN})
  set_tests_properties(cli_size_${name} PROPERTIES PASS_REGULAR_EXPRESSION "${regex}.*exit=${rc}")
endfunction()

# Answers. 4.5 arrivals per hour, one hour each: a = 4.5 erlang.
sf_cli_size(block 0 "Erlang B.*insensitivity.*11 servers: blocking 0.427 %.*> +11 +40.7 % +0.427 %"
            --rate 4.5/h --service 1h --block 1%)
sf_cli_size(block_days 0 "Offered load 240 erlang.*240 servers: blocking 4.98 %"
            --rate 30/d --service 8d --block 0.05)
sf_cli_size(wait 0 "Erlang C.*7 servers: mean wait 5.2 min, P\\(wait\\) 0.22, utilisation 64.3 %.*P\\(W <= 10 min\\)"
            --rate 4.5/h --service 1h --wait 10m)
sf_cli_size(wait_prob 0 "6 servers: mean wait 16.9 min, P\\(wait\\) 0.42"
            --rate 4.5/h --service 1h --wait-prob 0.5)
sf_cli_size(service_level 0 "8 servers: .*95.7 % wait at most 15 min.*> +8 +56.2 % +0.104 +1.8 +0.957"
            --rate 4.5/h --service 1h --within 15m --share 90%)
sf_cli_size(unstable_rows 0 " 3 +100.0 % +1.000 +unstable +0.000.*> +5 +90.0 % +0.762 +91.5 +0.298"
            --rate 4.5/h --service 1h --wait-prob 0.9 --within 10m)
sf_cli_size(json_unstable 0 "\"servers\": 3, \"utilisation\": 1, \"stable\": false, \"p_wait\": 1, \"mean_wait_minutes\": null"
            --rate 4.5/h --service 1h --wait-prob 0.9 --json)
sf_cli_size(one_server 0 "1 server: mean wait 6.7 min"
            --rate 0.1/h --service 1h --wait-prob 0.5)
sf_cli_size(json 0 "\"method\": \"erlang_c\".*\"servers\": 7,.*\"table\": \\[.*\"servers\": 9"
            --rate 4.5/h --service 1h --wait 10m --json)
sf_cli_size(json_block 0 "\"method\": \"erlang_b\".*\"servers\": 11,.*\"blocking\": 0.00427"
            --rate 4.5/h --service 1h --block 0.01 --json)
sf_cli_size(help 0 "usage: samflyt size" --help)

# Usage errors: exit 2, one line on stderr.
sf_cli_size(bad_rate 2 "samflyt size: --rate 'fast': expected a rate"
            --rate fast --service 1h --block 1%)
sf_cli_size(bad_service 2 "samflyt size: --service '1 hour': expected"
            --rate 4.5/h --service "1 hour" --block 1%)
sf_cli_size(zero_service 2 "--service '0m': the mean service time must be above 0"
            --rate 4.5/h --service 0m --block 1%)
sf_cli_size(bad_block 2 "--block '1.5': expected a probability"
            --rate 4.5/h --service 1h --block 1.5)
sf_cli_size(no_target 2 "samflyt size: no target" --rate 4.5/h --service 1h)
sf_cli_size(two_targets 2 "more than one target"
            --rate 4.5/h --service 1h --block 1% --wait 5m)
sf_cli_size(share_alone 2 "--share needs --within"
            --rate 4.5/h --service 1h --share 0.9)
sf_cli_size(no_rate 2 "--rate is missing" --service 1h --block 1%)
sf_cli_size(unknown_option 2 "unknown option '--beds'"
            --rate 4.5/h --service 1h --beds 4)
sf_cli_size(missing_value 2 "--wait needs a value" --rate 4.5/h --service 1h --wait)

# Targets out of reach: exit 1.
sf_cli_size(unstable 1 "unstable: an offered load of 4.5 erlang needs more than --servers-max 4"
            --rate 4.5/h --service 1h --wait 10m --servers-max 4)
sf_cli_size(servers_max 1 "the target needs 13 servers, more than --servers-max 5"
            --rate 4.5/h --service 1h --block 0.001 --servers-max 5)
