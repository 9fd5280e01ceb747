/* simopts.c: the options `samflyt run` and `samflyt compare` share
 * (--replications, --threads, --seed, --trace-rep, --trace-tz), parsed and reported
 * the same way by both. */
#include "cli.h"
#include "flow/tz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static int parse_int(const char *s, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_sim_option(const char *cmd, int c, const char *arg, int min_reps, sf_run_opts *ro) {
    long v;
    switch (c) {
    case 'r':
        if (parse_int(arg, min_reps, 1000000, &v)) {
            fprintf(stderr,
                    "samflyt %s: --replications wants a whole number %d..1000000%s, got '%s'\n",
                    cmd, min_reps, min_reps > 1 ? " (a paired interval needs 2)" : "", arg);
            return 2;
        }
        ro->replications = (int)v;
        return 0;
    case 't':
        if (parse_int(arg, 1, 256, &v)) {
            fprintf(stderr, "samflyt %s: --threads wants a whole number 1..256, got '%s'\n", cmd,
                    arg);
            return 2;
        }
        ro->threads = (int)v;
        return 0;
    case 's': {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(arg, &end, 10);
        if (errno || end == arg || *end || arg[0] == '-') {
            fprintf(stderr, "samflyt %s: --seed wants a whole number >= 0, got '%s'\n", cmd, arg);
            return 2;
        }
        ro->seed = s;
        ro->has_seed = 1;
        return 0;
    }
    case 'K':
        if (parse_int(arg, 1, 1000000, &v)) {
            fprintf(stderr,
                    "samflyt %s: --trace-rep wants a whole number from 1 (the first "
                    "replication), got '%s'\n",
                    cmd, arg);
            return 2;
        }
        ro->trace_rep = (int)v - 1;
        return 0;
    case 'Z': {
        /* checked here, so a wrong name is a usage error before the run */
        sf_tz *tz = malloc(sizeof *tz);
        if (!tz)
            return 2;
        char what[64];
        snprintf(what, sizeof what, "samflyt %s", cmd);
        int rc = cli_tz_load(what, "--trace-tz", arg, tz);
        free(tz);
        ro->trace_tz = arg;
        return rc;
    }
    default: return -1;
    }
}
