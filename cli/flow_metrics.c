/* flow_metrics.c: the indicators part of `samflyt flow` (cli/flow.c reads
 * the data): the metrics options, names from the command line resolved
 * against the ingested table, the summary on the terminal, and with --out
 * DIR/metrics.json plus one CSV per table (docs/metrics.md). */
#include "flow_metrics.h"
#include "cli.h"
#include "model/model.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_keep_heap(void) {
#ifdef __GLIBC__
    /* The sort by patient and the metrics allocate and free scratch
     * arrays of up to 8 bytes per stay one after another. glibc maps each
     * large block fresh and unmaps it on free, so each step paid page
     * faults for memory the previous one had just returned. From here on
     * blocks come from the heap and freed memory stays for the next:
     * 3.78 -> 3.37 s on 10^7 rows (bench/analyze.sh) when set before the
     * metrics, 3.12 -> 3.06 s when set before the sort, for 100-150 MB more
     * peak RSS. Not earlier: while the file is read the growing columns
     * are better off mapped, as realloc then moves pages instead of
     * copying them. */
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

const char cli_flow_metrics_usage[] =
    "\nIndicators (docs/metrics.md), printed as a summary and with --out written to\n"
    "DIR/report.html (one page for people), DIR/metrics.json and one CSV per table:\n"
    "      --episode-gap D      stays less than D apart form one episode (default 8h)\n"
    "      --readmit A..B       readmission window after a discharge (default 8h..30d)\n"
    "      --readmit-org O      readmissions within organisation O only (e.g. hospital)\n"
    "      --readmit-class C    count readmissions of class C only (e.g. acute)\n"
    "      --shared-window D    shared patient: stays in 2+ organisations at most D\n"
    "                           apart (default 30d)\n"
    "      --pathways-shared    pathway variants of episodes touching 2+ organisations\n"
    "      --top N              pathway variants listed (default 10)\n"
    "      --continuity-unit U  continuity from visits to unit U only\n"
    "      --resident-zones Z   home zones of residents, comma-separated (non-resident\n"
    "                           share)\n"
    "      --population N       inhabitants: rates per 1,000\n"
    "      --zone-population Z=N,...  inhabitants per home zone\n"
    "      --places U=N,...     places (beds) per unit: occupancy % and hours full\n"
    "      --no-metrics         read only\n"
    "Durations: 30m, 8h, 2d, 1w.\n";

void cli_flow_mopts_init(cli_flow_mopts *mo) {
    memset(mo, 0, sizeof *mo);
    sf_flow_opts_default(&mo->o);
}

static int duration(const char *opt, const char *arg, int64_t *out) {
    double h;
    const char *why = NULL;
    if (sf_parse_duration(arg, &h, &why) || !(h >= 0) || h > 1e6) {
        fprintf(stderr, "samflyt flow: %s wants a duration such as 8h or 30d, got '%s'%s%s\n", opt,
                arg, why ? ": " : "", why ? why : "");
        return 2;
    }
    *out = (int64_t)llround(h * 3600);
    return 0;
}

static int count(const char *opt, const char *arg, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    double x = strtod(arg, &end);
    if (errno || end == arg || *end || !(x >= lo && x <= hi)) {
        fprintf(stderr, "samflyt flow: %s wants a number %g..%g, got '%s'\n", opt, lo, hi, arg);
        return 2;
    }
    *out = x;
    return 0;
}

int cli_flow_mopts_parse(cli_flow_mopts *mo, int code, const char *arg) {
    sf_flow_opts *o = &mo->o;
    double x = 0; /* read below even when count() fails */
    switch (code) {
    case CLI_FM_EPISODE_GAP: return duration("--episode-gap", arg, &o->episode_gap);
    case CLI_FM_READMIT: {
        const char *dots = strstr(arg, "..");
        char a[64];
        if (!dots || (size_t)(dots - arg) >= sizeof a) {
            fprintf(stderr, "samflyt flow: --readmit wants a window such as 8h..30d, got '%s'\n",
                    arg);
            return 2;
        }
        memcpy(a, arg, (size_t)(dots - arg));
        a[dots - arg] = 0;
        if (duration("--readmit", a, &o->readmit_min) ||
            duration("--readmit", dots + 2, &o->readmit_max))
            return 2;
        if (o->readmit_max < o->readmit_min) {
            fprintf(stderr, "samflyt flow: --readmit '%s': the window ends before it starts\n",
                    arg);
            return 2;
        }
        return 0;
    }
    case CLI_FM_READMIT_ORG: mo->readmit_org = arg; return 0;
    case CLI_FM_READMIT_CLASS: mo->readmit_class = arg; return 0;
    case CLI_FM_SHARED_WINDOW: return duration("--shared-window", arg, &o->shared_window);
    case CLI_FM_PATHWAYS_SHARED: o->pathway_min_orgs = 2; return 0;
    case CLI_FM_TOP:
        if (count("--top", arg, 0, 1000, &x) || x != floor(x)) {
            if (x != floor(x))
                fprintf(stderr, "samflyt flow: --top wants a whole number, got '%s'\n", arg);
            return 2;
        }
        o->top = (int)x;
        return 0;
    case CLI_FM_CONTINUITY_UNIT: mo->continuity_unit = arg; return 0;
    case CLI_FM_RESIDENT_ZONES: mo->resident_zones = arg; return 0;
    case CLI_FM_POPULATION: return count("--population", arg, 1, 1e10, &o->population);
    case CLI_FM_ZONE_POPULATION: mo->zone_population = arg; return 0;
    case CLI_FM_NO_METRICS: mo->off = 1; return 0;
    case CLI_FM_PLACES: mo->places = arg; return 0;
    default: return -1;
    }
}

/* The names of one kind in the data, for a message: "a, b, c" (first 8). */
static void known(const sf_intern *in, char *buf, size_t size) {
    size_t at = 0;
    buf[0] = 0;
    for (uint32_t k = 0; k < in->count && k < 8 && at < size; k++) {
        int n = snprintf(buf + at, size - at, "%s%s", k ? ", " : "", sf_intern_str(in, k));
        if (n < 0)
            break;
        at += (size_t)n;
    }
    if (in->count > 8 && at < size)
        snprintf(buf + at, size - at, ", ...");
    if (!in->count)
        snprintf(buf, size, "none in the data");
}

static int resolve(const sf_stays *t, sf_field f, const char *opt, const char *what,
                   const char *name, uint32_t *id) {
    if (!name)
        return 0;
    *id = sf_intern_find(&t->names[f], name, strlen(name));
    if (*id == SF_ID_NONE) {
        char buf[512];
        known(&t->names[f], buf, sizeof buf);
        fprintf(stderr, "samflyt flow: %s '%s' is not %s in the data (%s)\n", opt, name, what, buf);
        return 1;
    }
    return 0;
}

/* Splits a comma-separated list, calling fn on each item; 1 on error. */
static int each_item(const char *list, int (*fn)(void *, const char *), void *ctx) {
    char buf[256];
    const char *p = list;
    while (*p) {
        const char *q = strchr(p, ',');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n >= sizeof buf)
            n = sizeof buf - 1;
        memcpy(buf, p, n);
        buf[n] = 0;
        if (n && fn(ctx, buf))
            return 1;
        p += q ? (size_t)(q - p) + 1 : strlen(p);
    }
    return 0;
}

typedef struct zone_ctx {
    const sf_stays *t;
    uint8_t *resident;
    double *pop, *places;
} zone_ctx;

static int add_resident(void *c, const char *name) {
    zone_ctx *z = c;
    uint32_t id = sf_intern_find(&z->t->names[SF_F_ZONE], name, strlen(name));
    /* A resident zone nobody came from is legitimate: it just adds nothing. */
    if (id == SF_ID_NONE)
        fprintf(stderr, "samflyt flow: note: resident zone '%s' does not occur in the data\n",
                name);
    else
        z->resident[id] = 1;
    return 0;
}

static int add_population(void *c, const char *item) {
    zone_ctx *z = c;
    const char *eq = strchr(item, '=');
    char *end;
    double n = eq ? strtod(eq + 1, &end) : 0;
    if (!eq || eq == item || end == eq + 1 || *end || !(n > 0 && n <= 1e10)) {
        fprintf(stderr,
                "samflyt flow: --zone-population wants zone=inhabitants,... such as "
                "roros=5600,brekken=300, got '%s'\n",
                item);
        return 1;
    }
    uint32_t id = sf_intern_find(&z->t->names[SF_F_ZONE], item, (size_t)(eq - item));
    if (id == SF_ID_NONE)
        fprintf(stderr, "samflyt flow: note: zone '%.*s' does not occur in the data\n",
                (int)(eq - item), item);
    else
        z->pop[id] = n;
    return 0;
}

static int add_places(void *c, const char *item) {
    zone_ctx *z = c;
    const char *eq = strchr(item, '=');
    char *end;
    double n = eq ? strtod(eq + 1, &end) : 0;
    if (!eq || eq == item || end == eq + 1 || *end || !(n > 0 && n <= 1e7)) {
        fprintf(stderr,
                "samflyt flow: --places wants unit=places,... such as kad=4,ward=16, got '%s'\n",
                item);
        return 1;
    }
    uint32_t id = sf_intern_find(&z->t->names[SF_F_UNIT], item, (size_t)(eq - item));
    if (id == SF_ID_NONE) {
        char buf[512];
        known(&z->t->names[SF_F_UNIT], buf, sizeof buf);
        fprintf(stderr, "samflyt flow: --places: '%.*s' is not a unit in the data (%s)\n",
                (int)(eq - item), item, buf);
        return 1;
    }
    z->places[id] = n;
    return 0;
}

static int64_t local_tz(const void *ctx, int64_t utc) { return sf_tz_local(ctx, utc); }

int cli_flow_metrics_check_out(cli_outset *set, const char *dir) {
    static const char *const fixed[] = {"metrics.json", "report.html", NULL};
    char name[256];
    for (size_t k = 0; k < sf_flow_ntables; k++) {
        snprintf(name, sizeof name, "%s.csv", sf_flow_tables[k]);
        const char *one[] = {name, NULL};
        if (cli_outset_check_dir(set, dir, one))
            return 2;
    }
    return cli_outset_check_dir(set, dir, fixed);
}

/* A writer's failure that is not the stream's (those are reported, with
 * their reason, by the commit): 0, or 1 after a message. */
static int written(int rc, FILE *f, const char *dir, const char *name) {
    if (!rc || ferror(f))
        return 0;
    fprintf(stderr, "samflyt flow: cannot write %s/%s: %s\n", dir, name, sf_strerror(rc));
    return 1;
}

/* Stages metrics.json, the tables and report.html in set. */
static int write_out(cli_outset *set, const char *dir, const sf_flow_metrics *m, const sf_stays *t,
                     const sf_flow_opts *o, const char *title, sf_lang l) {
    FILE *f = cli_outset_add(set, dir, "metrics.json");
    if (!f || written(sf_flow_metrics_write_json(m, t, o, f), f, dir, "metrics.json"))
        return 1;
    for (size_t k = 0; k < sf_flow_ntables; k++) {
        char name[256];
        snprintf(name, sizeof name, "%s.csv", sf_flow_tables[k]);
        if (!(f = cli_outset_add(set, dir, name)) ||
            written(sf_flow_metrics_write_csv(m, t, o, sf_flow_tables[k], f), f, dir, name))
            return 1;
    }
    f = cli_outset_add(set, dir, "report.html");
    return !f || written(sf_flow_metrics_write_html(m, t, o, title, l, f), f, dir, "report.html");
}

int cli_flow_metrics_run(sf_stays *t, const sf_tz *tz, cli_outset *set, const char *dir,
                         const char *title, int quiet, const cli_flow_mopts *mo) {
    if (mo->off)
        return 0;
    sf_flow_opts o = mo->o;
    o.local = local_tz;
    o.local_ctx = tz;
    if (resolve(t, SF_F_ORG, "--readmit-org", "an organisation", mo->readmit_org, &o.readmit_org) ||
        resolve(t, SF_F_CLASS, "--readmit-class", "a class", mo->readmit_class, &o.readmit_class) ||
        resolve(t, SF_F_UNIT, "--continuity-unit", "a unit", mo->continuity_unit,
                &o.continuity_unit))
        return 1;
    uint32_t nz = t->names[SF_F_ZONE].count, nu = t->names[SF_F_UNIT].count;
    uint8_t *res = calloc(nz ? nz : 1, 1);
    double *pop = calloc(nz ? nz : 1, sizeof *pop);
    double *places = calloc(nu ? nu : 1, sizeof *places);
    if (!res || !pop || !places) {
        free(res);
        free(pop);
        free(places);
        fputs("samflyt flow: out of memory\n", stderr);
        return 1;
    }
    zone_ctx z = {t, res, pop, places};
    int rc = 0;
    if (mo->resident_zones) {
        each_item(mo->resident_zones, add_resident, &z);
        o.resident = res;
        o.nresident = nz;
    }
    if (mo->zone_population) {
        rc = each_item(mo->zone_population, add_population, &z);
        o.zone_population = pop;
        o.nzone_population = nz;
    }
    if (!rc && mo->places) {
        rc = each_item(mo->places, add_places, &z);
        o.places = places;
        o.nplaces = nu;
    }
    sf_flow_metrics m;
    sf_diag d = {0};
    int err = rc ? 0 : sf_flow_metrics_compute(t, &o, &m, &d);
    if (err) {
        cli_diag_default(&d, err);
        fprintf(stderr, "samflyt flow: %s\n", d.msg);
        rc = 1;
    } else if (!rc) {
        if (!quiet) {
            putchar('\n');
            sf_flow_metrics_write_summary(&m, t, &o, stdout);
            /* names only from/to gave: destinations outside, or typos */
            int shown = 0;
            for (uint32_t u = 0; u < m.nunits && !mo->one_units; u++)
                if (!m.los[u].n && !m.los_open[u]) {
                    printf("%s%s",
                           shown ? ", " : "\nnot a unit of any stay, only a from/to value: ",
                           sf_intern_str(&t->names[SF_F_UNIT], u));
                    shown++;
                }
            if (shown)
                printf("\n  (listed as units with no stays; --home NAME,... if they mean home)\n");
        }
        if (set)
            rc = write_out(set, dir, &m, t, &o, title, mo->lang);
        sf_flow_metrics_free(&m);
    }
    free(res);
    free(pop);
    free(places);
    return rc;
}
