/* size.c: `samflyt size`, how many servers (beds, staff, rooms) a target
 * needs, from the Erlang formulas in include/samflyt/analytic.h:
 *   --block P              Erlang B (M/G/c/c): blocking <= P
 *   --wait T               Erlang C (M/M/c): mean wait <= T
 *   --wait-prob P          Erlang C: P(wait) <= P
 *   --within T --share S   Erlang C: a share S waits at most T
 * It answers in one line and shows the neighbours c-2..c+2, so that the
 * reader sees how steep the trade-off is. Exit status: 0, 1 when the
 * target cannot be met within --servers-max, 2 for usage errors. */
#include "cli.h"
#include "model/model.h"
#include "samflyt/analytic.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char size_usage[] =
    "usage: samflyt size --rate R --service T TARGET [--servers-max N] [--json]\n\n"
    "The smallest number of servers (beds, staff, rooms) that meets TARGET, for\n"
    "Poisson arrivals at rate R and mean service time (length of stay) T.\n\n"
    "  --rate R          arrival rate, such as 4.5/h, 120/d or 900/y\n"
    "  --service T       mean service time, such as 45m, 1h or 6.5d\n"
    "TARGET, one of:\n"
    "  --block P         blocking (turned away) <= P; Erlang B, no waiting room,\n"
    "                    any service time distribution (insensitivity)\n"
    "  --wait T          mean wait <= T; Erlang C (exponential service)\n"
    "  --wait-prob P     probability of waiting at all <= P; Erlang C\n"
    "  --within T --share S\n"
    "                    a share S of patients waits at most T; Erlang C\n"
    "  --within T        alone, next to another Erlang C target: also show P(W <= T)\n"
    "  --servers-max N   give up beyond N servers (default 1000000)\n"
    "  --json            print the answer as JSON\n\n"
    "P and S are numbers in 0..1 or percentages (1%, 90%).\n";

enum target { T_NONE, T_BLOCK, T_WAIT, T_PROB, T_LEVEL };

typedef struct size_args {
    double lambda;  /* arrivals per hour */
    double service; /* hours */
    enum target target;
    double value;     /* P for block / wait-prob, hours for wait, share for level */
    double within;    /* hours; < 0 when not given */
    long servers_max; /* >= 1 */
    int json;
} size_args;

/* One row of the table. */
typedef struct row {
    int c;
    int stable;  /* Erlang C: c > a */
    double util; /* busy servers / c */
    double prob; /* blocking (Erlang B) or P(wait) (Erlang C) */
    double wait; /* mean wait, hours (Erlang C, stable) */
    double pwin; /* P(W <= within) (Erlang C, within >= 0) */
} row;

/* Prints "samflyt size: ..." as one line and returns 2 (usage error). */
__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("samflyt size: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}

/* "0.05", "5%" -> 0.05. */
static int parse_share(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || !isfinite(v))
        return -1;
    if (*end == '%') {
        v /= 100;
        end++;
    }
    if (*end)
        return -1;
    *out = v;
    return 0;
}

/* The service rate and the offered load computed as the library does
 * (a = lambda / mu), so that "stable" here and there agree to the bit. */
static double service_rate(const size_args *a) { return 1 / a->service; }
static double erlang_load(const size_args *a) { return a->lambda / service_rate(a); }

static row make_row(const size_args *a, int c) {
    double load = erlang_load(a), mu = service_rate(a);
    row r = {.c = c, .stable = 1, .wait = NAN, .pwin = NAN};
    if (a->target == T_BLOCK) {
        r.prob = sf_erlang_b(c, load);
        r.util = load * (1 - r.prob) / c; /* carried load per server */
        return r;
    }
    r.stable = load < c;
    r.prob = sf_erlang_c(c, load);
    r.util = r.stable ? load / c : 1; /* an unstable queue keeps all busy */
    if (r.stable)
        r.wait = sf_mmc_mean_wait(c, a->lambda, mu);
    if (a->within >= 0)
        r.pwin = r.stable ? 1 - sf_mmc_wait_tail(c, a->lambda, mu, a->within) : 0;
    return r;
}

static int meets(const size_args *a, const row *r) {
    switch (a->target) {
    case T_BLOCK: return r->prob <= a->value;
    case T_WAIT: return r->stable && r->wait <= a->value;
    case T_PROB: return r->stable && r->prob <= a->value;
    case T_LEVEL: return r->stable && r->pwin >= a->value;
    default: return 0;
    }
}

static int size_for(const size_args *a) {
    double load = erlang_load(a), mu = service_rate(a);
    switch (a->target) {
    case T_BLOCK: return sf_size_erlang_b(load, a->value);
    case T_WAIT: return sf_size_erlang_c_wait(a->lambda, mu, a->value);
    case T_PROB: return sf_size_erlang_c_prob(a->lambda, mu, a->value);
    case T_LEVEL: return sf_size_erlang_c_service_level(a->lambda, mu, a->within, a->value);
    default: return -1;
    }
}

/* ---- Formatting ---------------------------------------------------------- */

/* Minutes: one decimal, or two significant digits below 0.1. */
static void fmt_min(char *buf, size_t n, double hours) {
    double m = hours * 60;
    snprintf(buf, n, m >= 0.1 || m == 0 ? "%.1f" : "%.2g", m);
}

/* A duration as the user would write it: "15 min", "1.5 h", "2 d". */
static void fmt_dur(char *buf, size_t n, double hours) {
    if (hours < 1)
        snprintf(buf, n, "%.3g min", hours * 60);
    else if (hours < 48)
        snprintf(buf, n, "%.3g h", hours);
    else
        snprintf(buf, n, "%.3g d", hours / 24);
}

static void fmt_prob(char *buf, size_t n, double p, int digits) {
    if (p >= 0.001 || p == 0)
        snprintf(buf, n, "%.*f", digits, p);
    else
        snprintf(buf, n, "%.1e", p);
}

/* Percentages: three significant digits ("0.427 %", "12.3 %"), or a fixed
 * number of decimals for utilisation, which never needs more. */
static void fmt_pct(char *buf, size_t n, double p) { snprintf(buf, n, "%.3g %%", p * 100); }

static void fmt_util(char *buf, size_t n, double u, int decimals) {
    snprintf(buf, n, "%.*f %%", decimals, u * 100);
}

/* A load or a rate to four significant digits, without 1e+06 notation. */
static void fmt_num(char *buf, size_t n, double v) {
    snprintf(buf, n, v >= 1e5 ? "%.0f" : "%.4g", v);
}

static void json_num(double v) {
    if (isfinite(v))
        printf("%.10g", v);
    else
        fputs("null", stdout);
}

static const char *method_name(const size_args *a) {
    return a->target == T_BLOCK ? "Erlang B (M/G/c/c)" : "Erlang C (M/M/c)";
}

static const char *assumptions(const size_args *a) {
    return a->target == T_BLOCK
               ? "Poisson arrivals, no waiting room (blocked arrivals are lost), any service "
                 "time distribution (insensitivity)"
               : "Poisson arrivals, exponential service times, unlimited waiting room, first "
                 "come first served";
}

static void print_text(const size_args *a, int c, const row *rows, int nrows) {
    char b1[48], b2[48], b3[48];
    double load = erlang_load(a);
    printf("%s: %s.\n", method_name(a), assumptions(a));
    fmt_dur(b1, sizeof b1, a->service);
    fmt_num(b2, sizeof b2, load);
    fmt_num(b3, sizeof b3, a->lambda);
    printf("Offered load %s erlang (%s/h x %s). Target: ", b2, b3, b1);
    switch (a->target) {
    case T_BLOCK:
        fmt_pct(b1, sizeof b1, a->value);
        printf("blocking <= %s.\n\n", b1);
        break;
    case T_WAIT:
        fmt_dur(b1, sizeof b1, a->value);
        printf("mean wait <= %s.\n\n", b1);
        break;
    case T_PROB: printf("P(wait) <= %.4g.\n\n", a->value); break;
    default:
        fmt_pct(b1, sizeof b1, a->value);
        fmt_dur(b2, sizeof b2, a->within);
        printf("%s wait at most %s.\n\n", b1, b2);
    }

    /* The server column: wide enough for the last row, at least "servers". */
    int w = snprintf(NULL, 0, "%d", rows[nrows - 1].c);
    if (w < 6)
        w = 6;
    const row *r = NULL;
    for (int i = 0; i < nrows; i++)
        if (rows[i].c == c)
            r = &rows[i];
    if (a->target == T_BLOCK) {
        fmt_pct(b1, sizeof b1, r->prob);
        fmt_pct(b2, sizeof b2, r->util);
        printf("%d server%s: blocking %s, utilisation %s (%.3g turned away per day)\n\n", c,
               c == 1 ? "" : "s", b1, b2, a->lambda * 24 * r->prob);
        printf("%*s  utilisation  blocking\n", w + 1, "servers");
        for (int i = 0; i < nrows; i++) {
            fmt_util(b1, sizeof b1, rows[i].util, 1);
            fmt_pct(b2, sizeof b2, rows[i].prob);
            printf("%c%*d  %11s  %8s\n", rows[i].c == c ? '>' : ' ', w, rows[i].c, b1, b2);
        }
        return;
    }
    fmt_min(b1, sizeof b1, r->wait);
    fmt_prob(b2, sizeof b2, r->prob, 2);
    fmt_pct(b3, sizeof b3, r->util);
    printf("%d server%s: mean wait %s min, P(wait) %s, utilisation %s", c, c == 1 ? "" : "s", b1,
           b2, b3);
    char within[48] = "";
    if (a->within >= 0) {
        fmt_dur(within, sizeof within, a->within);
        fmt_pct(b1, sizeof b1, r->pwin);
        printf(", %s wait at most %s", b1, within);
    }
    printf("\n\n%*s  utilisation  P(wait)  mean wait (min)", w + 1, "servers");
    if (a->within >= 0)
        printf("  P(W <= %s)", within);
    putchar('\n');
    for (int i = 0; i < nrows; i++) {
        const row *x = &rows[i];
        fmt_util(b1, sizeof b1, x->util, 1);
        fmt_prob(b2, sizeof b2, x->prob, 3);
        if (x->stable)
            fmt_min(b3, sizeof b3, x->wait);
        else
            snprintf(b3, sizeof b3, "unstable");
        printf("%c%*d  %11s  %7s  %15s", x->c == c ? '>' : ' ', w, x->c, b1, b2, b3);
        if (a->within >= 0) {
            fmt_prob(b1, sizeof b1, x->pwin, 3);
            printf("  %*s", (int)strlen(within) + 8, b1);
        }
        putchar('\n');
    }
}

static void json_row(const size_args *a, const row *r) {
    printf("{\"servers\": %d, \"utilisation\": ", r->c);
    json_num(r->util);
    if (a->target == T_BLOCK) {
        printf(", \"blocking\": ");
        json_num(r->prob);
    } else {
        printf(", \"stable\": %s, \"p_wait\": ", r->stable ? "true" : "false");
        json_num(r->prob);
        printf(", \"mean_wait_minutes\": ");
        json_num(r->wait * 60);
        if (a->within >= 0) {
            printf(", \"p_within\": ");
            json_num(r->pwin);
        }
    }
    printf(", \"meets_target\": %s}", meets(a, r) ? "true" : "false");
}

static void print_json(const size_args *a, int c, const row *rows, int nrows) {
    printf("{\n  \"method\": \"%s\",\n  \"assumptions\": \"%s\",\n",
           a->target == T_BLOCK ? "erlang_b" : "erlang_c", assumptions(a));
    printf("  \"rate_per_hour\": ");
    json_num(a->lambda);
    printf(",\n  \"service_hours\": ");
    json_num(a->service);
    printf(",\n  \"offered_load\": ");
    json_num(erlang_load(a));
    printf(",\n  \"target\": {");
    switch (a->target) {
    case T_BLOCK:
        printf("\"blocking\": ");
        json_num(a->value);
        break;
    case T_WAIT:
        printf("\"mean_wait_minutes\": ");
        json_num(a->value * 60);
        break;
    case T_PROB:
        printf("\"p_wait\": ");
        json_num(a->value);
        break;
    default:
        printf("\"within_minutes\": ");
        json_num(a->within * 60);
        printf(", \"share\": ");
        json_num(a->value);
    }
    printf("},\n");
    if (a->within >= 0 && a->target != T_LEVEL) {
        printf("  \"within_minutes\": "); /* the T of p_within below */
        json_num(a->within * 60);
        printf(",\n");
    }
    printf("  \"servers\": %d,\n  \"answer\": ", c);
    for (int i = 0; i < nrows; i++)
        if (rows[i].c == c)
            json_row(a, &rows[i]);
    printf(",\n  \"table\": [\n");
    for (int i = 0; i < nrows; i++) {
        printf("    ");
        json_row(a, &rows[i]);
        printf(i + 1 < nrows ? ",\n" : "\n");
    }
    printf("  ]\n}\n");
}

/* ---- Arguments ------------------------------------------------------------ */

static int parse_args(int argc, char **argv, size_args *a) {
    enum { O_RATE = 256, O_SERVICE, O_BLOCK, O_WAIT, O_PROB, O_WITHIN, O_SHARE, O_MAX, O_JSON };
    static const struct option opts[] = {{"rate", required_argument, 0, O_RATE},
                                         {"service", required_argument, 0, O_SERVICE},
                                         {"block", required_argument, 0, O_BLOCK},
                                         {"wait", required_argument, 0, O_WAIT},
                                         {"wait-prob", required_argument, 0, O_PROB},
                                         {"within", required_argument, 0, O_WITHIN},
                                         {"share", required_argument, 0, O_SHARE},
                                         {"servers-max", required_argument, 0, O_MAX},
                                         {"json", no_argument, 0, O_JSON},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int have_rate = 0, have_service = 0, ntargets = 0, have_share = 0, o;
    double share = 0;
    const char *why;
    *a = (size_args){.within = -1, .servers_max = 1000000};
    optind = 1;
    opterr = 0;
    while ((o = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (o) {
        case O_RATE:
            if (sf_parse_rate(optarg, &a->lambda, &why))
                return usage_error("--rate '%s': expected %s", optarg, why);
            have_rate = 1;
            break;
        case O_SERVICE:
            if (sf_parse_duration(optarg, &a->service, &why))
                return usage_error("--service '%s': expected %s", optarg, why);
            if (!(a->service > 0))
                return usage_error("--service '%s': the mean service time must be above 0", optarg);
            have_service = 1;
            break;
        case O_BLOCK:
        case O_PROB:
            if (parse_share(optarg, &a->value) || !(a->value > 0 && a->value <= 1))
                return usage_error("%s '%s': expected a probability above 0 and at most 1, "
                                   "such as 0.05 or 5%%",
                                   o == O_BLOCK ? "--block" : "--wait-prob", optarg);
            a->target = o == O_BLOCK ? T_BLOCK : T_PROB;
            ntargets++;
            break;
        case O_WAIT:
            if (sf_parse_duration(optarg, &a->value, &why))
                return usage_error("--wait '%s': expected %s", optarg, why);
            if (!(a->value > 0))
                return usage_error("--wait '%s': a mean wait of 0 needs infinitely many "
                                   "servers; give a time above 0",
                                   optarg);
            a->target = T_WAIT;
            ntargets++;
            break;
        case O_WITHIN:
            if (sf_parse_duration(optarg, &a->within, &why))
                return usage_error("--within '%s': expected %s", optarg, why);
            break;
        case O_SHARE:
            if (parse_share(optarg, &share) || !(share > 0 && share < 1))
                return usage_error("--share '%s': expected a share above 0 and below 1, such "
                                   "as 0.9 or 90%%",
                                   optarg);
            have_share = 1;
            ntargets++;
            break;
        case O_MAX: {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || v < 1 || v > 1000000000)
                return usage_error("--servers-max '%s': expected a whole number 1..1000000000",
                                   optarg);
            a->servers_max = v;
            break;
        }
        case O_JSON: a->json = 1; break;
        case 'h': fputs(size_usage, stdout); return -1;
        case ':':
            return usage_error("%s needs a value (see samflyt size --help)", argv[optind - 1]);
        default:
            cli_suggest_option("size", argv, opts);
            return usage_error("unknown option '%s' (see samflyt size --help)", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument '%s' (see samflyt size --help)", argv[optind]);
    if (!have_rate || !have_service)
        return usage_error("%s is missing: give the arrival rate (--rate 4.5/h) and the mean "
                           "service time (--service 1h)",
                           have_rate ? "--service" : "--rate");
    if (ntargets == 0)
        return usage_error("no target: give one of --block P, --wait T, --wait-prob P or "
                           "--within T --share S");
    if (ntargets > 1)
        return usage_error("more than one target: give only one of --block, --wait, "
                           "--wait-prob or --within with --share");
    if (have_share) {
        if (a->within < 0)
            return usage_error("--share needs --within T (the wait that share S may not "
                               "exceed)");
        a->target = T_LEVEL;
        a->value = share;
    }
    if (a->target == T_BLOCK && a->within >= 0)
        return usage_error("--within does not apply to --block: Erlang B has no waiting");
    if (a->target == T_WAIT && a->within < 0)
        a->within = a->value; /* show P(W <= target mean wait) */
    if (!isfinite(erlang_load(a)))
        return usage_error("--rate times --service is too large");
    return 0;
}

/* Is the target met at c? Checked before sizing so that a hopeless target
 * fails at once rather than after walking a billion servers. */
static int check_max(const size_args *a) {
    double load = erlang_load(a);
    long cmax = a->servers_max;
    if (a->target != T_BLOCK && load >= (double)cmax) {
        fprintf(stderr,
                "samflyt size: unstable: an offered load of %.4g erlang needs more than "
                "--servers-max %ld servers just to keep the queue from growing without end\n",
                load, cmax);
        return 1;
    }
    row r = make_row(a, (int)cmax);
    if (!meets(a, &r)) {
        /* Say how many: the search is O(c) and refuses loads above 1e9 at once. */
        int need = size_for(a);
        if (need > 0)
            fprintf(stderr,
                    "samflyt size: the target needs %d servers, more than --servers-max %ld\n",
                    need, cmax);
        else /* a load above 1e9 erlang: the library does not search that far */
            fprintf(stderr, "samflyt size: the target needs more than --servers-max %ld servers\n",
                    cmax);
        return 1;
    }
    return 0;
}

int cli_size(int argc, char **argv) {
    size_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    if ((rc = check_max(&a)))
        return rc;
    int c = size_for(&a);
    if (c < 1) {
        fprintf(stderr, "samflyt size: the target cannot be met by any number of servers\n");
        return 1;
    }
    row rows[5];
    int n = 0;
    for (int k = c - 2; k <= c + 2; k++)
        if (k >= 1)
            rows[n++] = make_row(&a, k);
    if (a.json)
        print_json(&a, c, rows, n);
    else
        print_text(&a, c, rows, n);
    return 0;
}
