/* calib_out.c: writes a calibration (src/flow/calibrate.h) as a model file that
 * `samflyt run` loads, with a comment beside every number saying where it
 * came from, and the length-of-stay fit report and the backtest as CSV.
 *
 * Numbers are written in fixed notation (no exponents) and durations in
 * the unit a planner reads most easily; the loader's syntax is
 * docs/model.md. */
#include "report/calib_out.h"

#include "core/textout.h"

#include <math.h>
#include <string.h>
#include <time.h>

/* v >= 0 in fixed notation with about sig significant digits, trailing
 * zeros dropped. */
static const char *fixed(char *buf, size_t n, double v, int sig) {
    int mag = v > 0 ? (int)floor(log10(v)) : 0;
    int dec = sig - 1 - mag;
    if (dec < 0)
        dec = 0;
    if (dec > 12)
        dec = 12;
    snprintf(buf, n, "%.*f", dec, v);
    if (strchr(buf, '.')) {
        size_t l = strlen(buf);
        while (l > 0 && buf[l - 1] == '0')
            buf[--l] = '\0';
        if (l > 0 && buf[l - 1] == '.')
            buf[--l] = '\0';
    }
    return buf;
}

/* A duration in hours as the model writes it, in the unit that suits
 * `like` (hours): minutes under an hour, days from two days, hours
 * between; so a mean and its sd share one unit. */
static const char *duration_as(char *buf, size_t n, double hours, double like) {
    char num[64];
    const char *unit = "h";
    double v = hours;
    if (like < 1) {
        unit = "m";
        v = hours * 60;
    } else if (like >= 48) {
        unit = "d";
        v = hours / 24;
    }
    snprintf(buf, n, "%s%s", fixed(num, sizeof num, v, 6), unit);
    return buf;
}

static const char *duration(char *buf, size_t n, double hours) {
    return duration_as(buf, n, hours, hours);
}

static const char *rate_text(char *buf, size_t n, double per_hour) {
    char num[64];
    const char *unit = "h";
    double v = per_hour;
    if (per_hour * 24 < 1) {
        unit = "y";
        v = per_hour * 8760;
    } else if (per_hour < 1) {
        unit = "d";
        v = per_hour * 24;
    }
    snprintf(buf, n, "%s/%s", fixed(num, sizeof num, v, 6), unit);
    return buf;
}

/* A YAML double-quoted scalar (names are free of control characters). */
static void yq(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void iso_utc(char *buf, size_t n, int64_t t) {
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm))
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(buf, n, "?");
}

static const char *const month_names[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

static void write_los(FILE *f, const sf_calib *c, const sf_calib_unit *U) {
    const sf_los_fit *L = &U->los;
    const char *key = U->ward ? "los" : "service";
    char a[64], b[64], num[64];
    fprintf(f, "    # %zu stays; duration = end - start", U->nstays);
    if (U->nready)
        fprintf(f, " (ready - start for the %zu with a ready-for-discharge time)", U->nready);
    if (U->nopen)
        fprintf(f, "; %zu still open at the extract's end, fitted as censored", U->nopen);
    if (L->nzero)
        fprintf(f, "; %zu of them 0 h", L->nzero);
    fputs("\n", f);
    fprintf(f, "    # fits by maximum likelihood (AIC; KS distance, p-value):");
    for (int fam = SF_FIT_EXP; fam <= SF_FIT_GAMMA; fam++) {
        const sf_fit *x = &L->fit[fam];
        if (x->ok)
            fprintf(f, " %s %.1f; %.4f, %.3g%s", sf_fit_family_name((sf_fit_family)fam), x->aic,
                    x->ks_d, x->ks_p, fam < SF_FIT_GAMMA ? " |" : "");
        else
            fprintf(f, " %s not fitted%s", sf_fit_family_name((sf_fit_family)fam),
                    fam < SF_FIT_GAMMA ? " |" : "");
    }
    fprintf(f, "\n    # chosen: %s: %s (level %s)\n", sf_fit_family_name(L->chosen), L->why,
            fixed(num, sizeof num, c->opts.alpha, 4));
    const sf_fit *x = &L->fit[L->chosen];
    switch (L->chosen) {
    case SF_FIT_EXP: fprintf(f, "    %s: exp(%s)\n", key, duration(a, sizeof a, x->mean)); break;
    case SF_FIT_LOGNORMAL:
        fprintf(f, "    %s: \"lognormal(%s, %s)\"   # mu %.6g, sigma %.6g of log hours\n", key,
                duration(a, sizeof a, x->mean), duration_as(b, sizeof b, x->sd, x->mean), x->p[0],
                x->p[1]);
        break;
    case SF_FIT_GAMMA:
        fprintf(f, "    %s: \"gamma(%s, %s)\"   # shape %.6g, scale %.6g h\n", key,
                duration(a, sizeof a, x->mean), duration_as(b, sizeof b, x->sd, x->mean), x->p[0],
                x->p[1]);
        break;
    default:
        fprintf(f, "    # %d quantiles of the observed durations, at (i + 0.5) / %d\n", U->nemp,
                U->nemp);
        fprintf(f, "    %s:\n      empirical: [", key);
        for (int k = 0; k < U->nemp; k++)
            fprintf(f, "%s%s",
                    k == 0       ? ""
                    : k % 8 == 0 ? ",\n        "
                                 : ", ",
                    duration(a, sizeof a, U->emp[k]));
        fprintf(f, "]\n");
        break;
    }
}

/* The unit's return rule (docs/calibrate.md, "Return behaviour"): the
 * readmitted share of its counted discharges home, the gaps' quantiles as
 * the delay, and the units the readmissions came to. */
static void write_return(FILE *f, const sf_calib *c, const sf_calib_unit *U) {
    if (!U->ret_n || !U->ret_disch)
        return;
    char num[64], a[64];
    double p = (double)U->ret_n / (double)U->ret_disch;
    fprintf(f,
            "    # readmissions: %llu of %llu discharges home (those at least 30 d before the "
            "data's end)\n"
            "    # came back from outside 8 h to 30 d later; the delay: %d quantiles of the gaps\n",
            (unsigned long long)U->ret_n, (unsigned long long)U->ret_disch, U->nret_gap);
    fprintf(f, "    return:\n      probability: %s\n      within: 30d\n      to: {",
            fixed(num, sizeof num, p < 0.999 ? p : 0.999, 9));
    int first = 1;
    for (int j = 0; j < c->nunits; j++) {
        if (!U->ret_to[j])
            continue;
        if (!first)
            fputs(", ", f);
        first = 0;
        yq(f, c->units[j].name);
        fprintf(f, ": %s", fixed(num, sizeof num, (double)U->ret_to[j] / (double)U->ret_n, 9));
    }
    fputs("}\n      delay:\n        empirical: [", f);
    for (int k = 0; k < U->nret_gap; k++)
        fprintf(f, "%s%s",
                k == 0       ? ""
                : k % 8 == 0 ? ",\n          "
                             : ", ",
                duration(a, sizeof a, U->ret_gap[k]));
    fputs("]\n", f);
}

static void write_unit(FILE *f, const sf_calib *c, const sf_calib_unit *U) {
    char num[64];
    fputs("  ", f);
    yq(f, U->name);
    fputs(":\n", f);
    char med[64];
    fprintf(f, "    kind: %s   # median stay %s h %s %s h\n", U->ward ? "ward" : "walk-in",
            fixed(med, sizeof med, U->median_h, 4),
            U->ward ? ">" : "<=", fixed(num, sizeof num, c->opts.ward_median_h, 6));
    fprintf(f, "    %s: %d   # the most patients in care at once in the data (a lower bound)\n",
            U->ward ? "beds" : "servers", U->peak > 0 ? U->peak : 1);
    write_los(f, c, U);
    write_return(f, c, U);
    if (U->next[c->nunits] == U->departures) {
        fprintf(f, "    next: home   # all %llu departures\n", (unsigned long long)U->departures);
        return;
    }
    fputs("    next: {", f);
    int first = 1;
    for (int j = 0; j <= c->nunits; j++) {
        if (!U->next[j])
            continue;
        if (!first)
            fputs(", ", f);
        first = 0;
        yq(f, j == c->nunits ? "home" : c->units[j].name);
        fprintf(f, ": %s", fixed(num, sizeof num, (double)U->next[j] / (double)U->departures, 9));
    }
    fprintf(f, "}   # shares of %llu departures", (unsigned long long)U->departures);
    if (U->to_unknown)
        fprintf(f, "; %llu to units without stays counted as home",
                (unsigned long long)U->to_unknown);
    fputs("\n", f);
}

/* A source as an `arrivals` entry, or (with month multipliers) as a
 * `demand` entry from a one-person population named after the source, so
 * the rate per person is the source's rate and the calendar's month
 * periods carry the multipliers. */
static void write_source(FILE *f, const sf_calib *c, const sf_calib_source *S) {
    char a[64], b[64], r[64], num[64];
    const char *ind = c->months ? "    " : "    ";
    if (c->months) {
        fputs("  - from: ", f);
        yq(f, S->name);
        fputs("\n", f);
    } else {
        fputs("  ", f);
        yq(f, S->name);
        fputs(":\n", f);
    }
    fprintf(f, "%s# %llu arrivals from outside in %s h: %s, 95 %% interval %s to %s\n", ind,
            (unsigned long long)S->n, fixed(num, sizeof num, c->span_h, 6),
            rate_text(r, sizeof r, (double)S->n / c->span_h), rate_text(a, sizeof a, S->rate_lo),
            rate_text(b, sizeof b, S->rate_hi));
    if (c->months) {
        fprintf(f,
                "%srate: %s/y   # per person of a one-person population: the mean over the "
                "week of the hourly rates below\n",
                ind, fixed(num, sizeof num, S->rate * 8760, 6));
        fprintf(f, "%speriods: {", ind);
        int first = 1;
        for (int m = 0; m < SF_CALIB_MONTHS; m++)
            if (!isnan(S->month[m])) {
                fprintf(f, "%s%s: %s", first ? "" : ", ", month_names[m],
                        fixed(num, sizeof num, S->month[m], 6));
                first = 0;
            }
        fprintf(f, "}   # rate in the month / overall rate; months not observed: 1\n");
    } else {
        fprintf(f,
                "%s# month multipliers (rate in the month / overall rate; observed, not "
                "applied):",
                ind);
        for (int m = 0; m < SF_CALIB_MONTHS; m++)
            if (isnan(S->month[m]))
                fprintf(f, " %s -", month_names[m]);
            else
                fprintf(f, " %s %s", month_names[m], fixed(num, sizeof num, S->month[m], 3));
        fputs("\n", f);
        fprintf(f, "%srate: %s   # the mean over the week of the hourly rates below\n", ind,
                rate_text(r, sizeof r, S->rate));
    }
    fprintf(f, "%sto: ", ind);
    yq(f, c->units[S->unit].name);
    fputs("\n", f);
    if (S->cls != SF_ID_NONE) {
        fprintf(f, "%sclass: ", ind);
        yq(f, S->cls_name);
        fputs("\n", f);
    }
    int flat = 1;
    for (int h = 1; h < SF_CALIB_HOW; h++)
        flat &= S->w[h] == S->w[0];
    if (flat || !(S->rate > 0))
        return;
    fprintf(f,
            "%s# arrivals per hour in each hour of the week / the rate, from Monday 00:00,"
            " one line a day\n%s# (%s)\n",
            ind, ind,
            c->opts.profile == SF_CALIB_PROFILE_DAY ? "hours of the day pooled over the week"
                                                    : "arrivals counted / hours observed");
    fprintf(f, "%sprofile: [\n", ind);
    for (int d = 0; d < 7; d++) {
        fprintf(f, "%s  ", ind);
        for (int h = 0; h < 24; h++)
            fprintf(f, "%s%s", h ? ", " : "",
                    fixed(num, sizeof num, S->w[d * 24 + h] / S->rate, 4));
        fprintf(f, "%s\n", d < 6 ? "," : "]");
    }
}

int sf_calib_write_yaml(const sf_calib *c, const char *source_desc, FILE *f) {
    char a[64], b[64], num[64];
    iso_utc(a, sizeof a, c->t0);
    iso_utc(b, sizeof b, c->t1);
    fprintf(f, "# Calibrated by samflyt calibrate from %s.\n", source_desc ? source_desc : "data");
    fprintf(f, "# %zu stays of %zu patients; arrivals from %s to %s (%s h).\n", c->nstays,
            c->npatients, a, b, fixed(num, sizeof num, c->span_h, 6));
    if (c->linked)
        fprintf(f,
                "# No stay names a from or to unit: a patient's next stay within %s h of the\n"
                "# end of one is taken as its next unit.\n",
                fixed(num, sizeof num, c->opts.link_gap_h, 6));
    fprintf(f, "# Capacities are the peak census observed: a lower bound, raise them to the\n"
               "# real number of beds and servers. docs/calibrate.md says how each number is "
               "found.\n");
    fprintf(f, "name: calibrated\n");
    fprintf(f, "horizon: %sh   # the data's arrival window\n",
            fixed(num, sizeof num, ceil(c->span_h), 9));
    fprintf(f, "warmup: %sh   # 4 x the longest mean stay, in whole weeks (>= 1 week)\n",
            fixed(num, sizeof num, c->warmup_h, 9));
    fprintf(f, "replications: 10\nseed: 1\n");
    int64_t loc = c->opts.tz ? sf_tz_local(c->opts.tz, c->t0) : c->t0, y;
    int mo, dd;
    sf_civil_from_days(sf_floor_div(loc, 86400), &y, &mo, &dd);
    if (y >= 1000 && y <= 9999) {
        fprintf(f, "calendar:\n  start: %04d-%02d-%02d   # the local date of the first arrival\n",
                (int)y, mo, dd);
        if (c->months) {
            static const int last[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            fputs("  periods:   # the months, for the arrivals' month multipliers\n", f);
            for (int m = 0; m < SF_CALIB_MONTHS; m++)
                fprintf(f, "    %s: {from: %02d-01, to: %02d-%02d}\n", month_names[m], m + 1, m + 1,
                        last[m]);
        }
    }
    if (c->months) {
        /* one population per source, so each demand entry is one source */
        fputs("\npopulations:   # one person per arrival source: its rate is the source's\n", f);
        for (int s = 0; s < c->nsources; s++) {
            fputs("  ", f);
            yq(f, c->sources[s].name);
            fputs(": {size: 1}\n", f);
        }
        fputs("\ndemand:\n", f);
    } else
        fprintf(f, "\narrivals:\n");
    for (int s = 0; s < c->nsources; s++)
        write_source(f, c, &c->sources[s]);
    fprintf(f, "\nunits:\n");
    for (int u = 0; u < c->nunits; u++)
        write_unit(f, c, &c->units[u]);
    return ferror(f) ? SF_ERR_IO : SF_OK;
}

int sf_calib_write_fit_csv(const sf_calib *c, FILE *f) {
    static const char *const pn[SF_FIT_NFAMILIES][2] = {
        {"mean_h", ""}, {"mu_log_h", "sigma_log_h"}, {"shape", "scale_h"}, {"", ""}};
    fputs("unit,n,nzero,family,chosen,p1_name,p1,p1_se,p2_name,p2,p2_se,mean_h,sd_h,loglik,aic,"
          "ks_d,ks_p\n",
          f);
    for (int u = 0; u < c->nunits; u++) {
        const sf_calib_unit *U = &c->units[u];
        for (int fam = 0; fam < SF_FIT_NFAMILIES; fam++) {
            const sf_fit *x = &U->los.fit[fam];
            sf_csv_str(f, U->name);
            fprintf(f,
                    ",%zu,%zu,%s,%d,%s,%.10g,%.10g,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,"
                    "%.10g,%.10g\n",
                    U->los.n, U->los.nzero, sf_fit_family_name((sf_fit_family)fam),
                    (int)U->los.chosen == fam, pn[fam][0], x->p[0], x->se[0], pn[fam][1], x->p[1],
                    x->se[1], x->mean, x->sd, x->loglik, x->aic, x->ks_d, x->ks_p);
        }
    }
    return ferror(f) ? SF_ERR_IO : SF_OK;
}

int sf_backtest_write_csv(const sf_backtest *b, FILE *f) {
    /* the readmission columns only when the data have readmissions, so
     * other backtests keep their table as it was */
    int readmit = 0;
    for (int u = 0; u < b->nunits; u++)
        readmit |= !isnan(b->units[u].obs_readmit);
    fprintf(f,
            "unit,obs_mean,sim_mean,mean_err,obs_p50,sim_p50,obs_p90,sim_p90,obs_p95,sim_p95,"
            "obs_max,sim_max,w1%s\n",
            readmit ? ",obs_readmit,sim_readmit,sim_discharges" : "");
    for (int u = 0; u < b->nunits; u++) {
        const sf_backtest_unit *x = &b->units[u];
        sf_csv_str(f, x->name);
        fprintf(f, ",%.6g,%.6g,%.6g,%g,%g,%g,%g,%g,%g,%d,%d,%.6g", x->obs_mean, x->sim_mean,
                x->mean_err, x->obs_p50, x->sim_p50, x->obs_p90, x->sim_p90, x->obs_p95, x->sim_p95,
                x->obs_max, x->sim_max, x->w1);
        if (readmit && !isnan(x->obs_readmit))
            fprintf(f, ",%.6g,%.6g,%llu", x->obs_readmit, x->sim_readmit,
                    (unsigned long long)x->sim_disch);
        else if (readmit)
            fputs(",,,", f);
        fputc('\n', f);
    }
    return ferror(f) ? SF_ERR_IO : SF_OK;
}
