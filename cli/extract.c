/* extract.c: the extract's edges for `samflyt flow` and `samflyt
 * calibrate` (flow_metrics.h): stays far outside the bulk of the time
 * range are named by file and line and left out (or kept with
 * --keep-outliers), --from/--to select the stays in care in a window,
 * open stays (no end) are given the extract's end (--until, else the
 * latest time in the data left), and from/to values that mean home are
 * no units (--home adds words). docs/ingest.md. */
#include "flow/extract.h"
#include "flow_metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Local "YYYY-MM-DD HH:MM" of a UTC instant. */
static void local_text(const sf_tz *tz, int64_t utc, char *buf, size_t n) {
    int64_t l = sf_tz_local(tz, utc), days = sf_floor_div(l, 86400), s = l - days * 86400, y;
    int m, d;
    sf_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04" PRId64 "-%02d-%02d %02d:%02d", y, m, d, (int)(s / 3600),
             (int)(s / 60 % 60));
}

static int parse_time(const char *prog, const char *opt, const char *text, const sf_tz *tz,
                      int64_t *v) {
    size_t col;
    if (!sf_time_parse(text, strlen(text), SF_TF_ISO, tz, v, &col))
        return 0;
    fprintf(stderr,
            "samflyt %s: %s: expected a date or time such as 2027-04-01 or 2027-04-01T08:00, "
            "found '%s'\n",
            prog, opt, text);
    return 2;
}

/* The file and line of table row i (rows in the order read, none
 * removed yet: the outliers are looked for before the window). */
static void where(const sf_stays *t, const sf_flow_read_report *reps, char *const *files,
                  int nfiles, size_t i, char *buf, size_t n) {
    size_t row = i;
    int f = 0;
    while (f + 1 < nfiles && row >= reps[f].stays) {
        row -= reps[f].stays;
        f++;
    }
    if (t->line)
        snprintf(buf, n, "%s:%" PRIu32, files[f], t->line[i]);
    else
        snprintf(buf, n, "%s, stay %zu", files[f], row + 1);
}

int cli_flow_extract(sf_stays *t, const sf_flow_read_report *reps, char *const *files, int nfiles,
                     const sf_tz *tz, const cli_extract_opts *x, const char *prog, int quiet,
                     int64_t *from, int64_t *to) {
    int64_t until = SF_T_NONE;
    *from = *to = 0;
    if ((x->until && parse_time(prog, "--until", x->until, tz, &until)) ||
        (x->from && parse_time(prog, "--from", x->from, tz, from)) ||
        (x->to && parse_time(prog, "--to", x->to, tz, to)))
        return 2;
    if (!x->from != !x->to) {
        fprintf(stderr, "samflyt %s: --from and --to go together\n", prog);
        return 2;
    }
    if (x->from && *to <= *from) {
        fprintf(stderr, "samflyt %s: --to must come after --from\n", prog);
        return 2;
    }

    /* "home", "Hjem", NUBC "01" as a destination: no unit */
    char *names[8];
    uint64_t counts[8];
    int nh = sf_stays_drop_home(t, x->home, names, counts, 8);
    if (nh < 0) {
        fprintf(stderr, "samflyt %s: out of memory\n", prog);
        return 1;
    }
    if (nh && !quiet) {
        printf("from/to values read as home (outside the network), not as units:");
        for (int k = 0; k < nh && k < 8; k++)
            printf("%s %s (%" PRIu64 ")", k ? "," : "", names[k] ? names[k] : "?", counts[k]);
        printf("%s\n", nh > 8 ? ", ..." : "");
    }
    for (int k = 0; k < nh && k < 8; k++)
        free(names[k]);

    /* a typo'd year: named, and left out unless asked to keep it */
    sf_flow_outliers ol;
    uint8_t *flag = malloc(t->n ? t->n : 1);
    if (!flag || sf_flow_find_outliers(t, flag, &ol)) {
        free(flag);
        fprintf(stderr, "samflyt %s: out of memory\n", prog);
        return 1;
    }
    if (ol.n) {
        char a[40], b[40], w[600];
        fflush(stdout); /* what was printed so far comes first */
        local_text(tz, ol.lo, a, sizeof a);
        local_text(tz, ol.hi, b, sizeof b);
        fprintf(stderr,
                "samflyt %s: warning: %zu stay%s far outside the bulk of the data (%.10s to "
                "%.10s, more than %.0f days before or after it): a wrong year?\n",
                prog, ol.n, ol.n > 1 ? "s lie" : " lies", a, b, (double)ol.margin / 86400);
        for (size_t k = 0; k < ol.n && k < SF_OUTLIER_ROWS; k++) {
            size_t i = ol.row[k];
            where(t, reps, files, nfiles, i, w, sizeof w);
            local_text(tz, sf_stays_start(t, i), a, sizeof a);
            if (sf_stays_end(t, i) != SF_T_NONE)
                local_text(tz, sf_stays_end(t, i), b, sizeof b);
            else
                snprintf(b, sizeof b, "(open)");
            fprintf(stderr, "  %s: %s to %s\n", w, a, b);
        }
        if (ol.n > SF_OUTLIER_ROWS)
            fprintf(stderr, "  ... and %zu more\n", ol.n - SF_OUTLIER_ROWS);
        if (x->keep_outliers) {
            fprintf(stderr, "  kept (--keep-outliers): the figures span their times\n");
        } else {
            for (size_t i = 0; i < t->n; i++)
                flag[i] = !flag[i];
            sf_stays_filter(t, flag);
            fprintf(stderr,
                    "  left out of every figure; fix them in the data, or --keep-outliers keeps "
                    "them\n");
        }
    }
    free(flag);

    if (x->from) {
        size_t gone;
        if (sf_flow_keep_window(t, *from, *to, &gone)) {
            fprintf(stderr, "samflyt %s: out of memory\n", prog);
            return 1;
        }
        if (!quiet && gone)
            printf("--from/--to: %zu stays not in care in the window left out\n", gone);
    }
    if (!t->n) {
        fprintf(stderr, "samflyt %s: no stays left to analyse\n", prog);
        return 1;
    }

    /* open stays: in care until the extract's end */
    if (t->nopen) {
        if (until == SF_T_NONE) {
            /* the latest time among the stays left; with --to, at most it */
            until = sf_stays_latest(t);
            if (x->to && until > *to)
                until = *to;
        }
        size_t n = sf_stays_close_open(t, until);
        if (n == SIZE_MAX) {
            fprintf(stderr, "samflyt %s: out of memory\n", prog);
            return 1;
        }
        if (!quiet) {
            char a[40];
            local_text(tz, until, a, sizeof a);
            printf("%zu open stay%s (no end: still in care when the data were extracted), "
                   "counted in care until %s%s\n",
                   n, n > 1 ? "s" : "", a,
                   x->until ? " (--until)" : " (the latest time in the data)");
        }
    }
    return 0;
}
