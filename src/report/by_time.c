/* by_time.c: results by hour of the week and by month of the year: the
 * estimates over replications, the by_hour.csv and by_month.csv tables and
 * the by_hour/by_month members of results.json. The engine fills one row
 * of SF_BY_COUNT values per unit, hour and month in each replication
 * (engine.h); this file only summarises and writes them. */
#include "sim/engine.h"
#include "sim/results.h"

#include <math.h>
#include <string.h>

static const char *const by_names[SF_BY_COUNT] = {
    [SF_BY_ARRIVALS] = "arrivals_per_hour",  [SF_BY_OCC_MEAN] = "occupancy_mean",
    [SF_BY_CAPACITY] = "capacity_mean",      [SF_BY_UTILISATION] = "utilisation",
    [SF_BY_WAIT_MEAN] = "wait_mean",         [SF_BY_BLOCKED_MEAN] = "blocked_mean",
    [SF_BY_TNAA_DAYS] = "tnaa_days",         [SF_BY_CONTINUITY] = "continuity_upc",
    [SF_BY_LISTED_VISITS] = "listed_visits", [SF_BY_CLINIC_DAYS] = "clinic_days",
};

/* The metrics written by hour or by month: a booked clinic's by month
 * only, and only for models that have one (other outputs stay as they
 * were before these existed). */
static int by_count(const sf_results *r, int monthly) {
    return monthly && r->booked ? SF_BY_COUNT : SF_BY_TNAA_DAYS;
}

const char *sf_by_metric_name(sf_by_metric m, int monthly) {
    if (m >= SF_BY_COUNT)
        return "?";
    return m == SF_BY_ARRIVALS && monthly ? "arrivals_per_day" : by_names[m];
}

/* Mean and Student-t interval over the replications (sf_estimate_of). */
static sf_estimate by_estimate(const sf_results *r, int unit, int row, sf_by_metric m) {
    if (!r->by || unit < 0 || unit >= r->nunits || row < 0 || row >= SF_BT_ROWS ||
        m >= SF_BY_COUNT) {
        sf_estimate e = {NAN, NAN, NAN, NAN, NAN, 0};
        return e;
    }
    return sf_estimate_of(r->by + ((size_t)unit * SF_BT_ROWS + row) * SF_BY_COUNT + m,
                          (size_t)r->nunits * SF_BT_ROWS * SF_BY_COUNT, r->reps);
}

sf_estimate sf_results_by_hour(const sf_results *r, int unit, int hour, sf_by_metric m) {
    return by_estimate(r, unit, hour >= 0 && hour < SF_BT_HOURS ? hour : -1, m);
}

sf_estimate sf_results_by_month(const sf_results *r, int unit, int month, sf_by_metric m) {
    return by_estimate(r, unit, month >= 0 && month < SF_BT_MONTHS ? SF_BT_HOURS + month : -1, m);
}

double sf_results_by_month_value(const sf_results *r, int rep, int unit, int month,
                                 sf_by_metric m) {
    if (!r->by || rep < 0 || rep >= r->reps || unit < 0 || unit >= r->nunits || month < 0 ||
        month >= SF_BT_MONTHS || m >= SF_BY_COUNT)
        return NAN;
    return r->by[(size_t)rep * sf_results_by_values(r) +
                 ((size_t)unit * SF_BT_ROWS + SF_BT_HOURS + (size_t)month) * SF_BY_COUNT + m];
}

static const char *const days[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void num(FILE *f, double x) {
    if (isfinite(x))
        fprintf(f, "%.12g", x);
}

static void csv_name(FILE *f, const char *s) {
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int write_table(const sf_results *r, FILE *f, int monthly) {
    fputs(monthly ? "unit,month,name" : "unit,hour,day,time", f);
    int nm = by_count(r, monthly);
    for (int m = 0; m < nm; m++) {
        const char *n = sf_by_metric_name((sf_by_metric)m, monthly);
        fprintf(f, ",%s,%s_lo,%s_hi", n, n, n);
    }
    fputs(",n\n", f);
    int rows = monthly ? SF_BT_MONTHS : SF_BT_HOURS;
    for (int u = 0; u < r->nunits; u++)
        for (int i = 0; i < rows; i++) {
            csv_name(f, r->unit_names[u]);
            if (monthly)
                fprintf(f, ",%d,%s", i + 1, months[i]);
            else
                fprintf(f, ",%d,%s,%02d:00", i, days[i / 24], i % 24);
            int n = 0;
            for (int m = 0; m < nm; m++) {
                sf_estimate e = monthly ? sf_results_by_month(r, u, i, (sf_by_metric)m)
                                        : sf_results_by_hour(r, u, i, (sf_by_metric)m);
                fputc(',', f);
                num(f, e.mean);
                fputc(',', f);
                num(f, e.lo);
                fputc(',', f);
                num(f, e.hi);
                if (m == SF_BY_OCC_MEAN)
                    n = e.n;
            }
            fprintf(f, ",%d\n", n);
        }
    return ferror(f) ? SF_ERR_IO : SF_OK;
}

int sf_results_write_by_hour_csv(const sf_results *r, FILE *f) { return write_table(r, f, 0); }

int sf_results_write_by_month_csv(const sf_results *r, FILE *f) { return write_table(r, f, 1); }

static void json_array(FILE *f, const sf_results *r, int u, int monthly, sf_by_metric m, int what) {
    int rows = monthly ? SF_BT_MONTHS : SF_BT_HOURS;
    fputc('[', f);
    for (int i = 0; i < rows; i++) {
        sf_estimate e = monthly ? sf_results_by_month(r, u, i, m) : sf_results_by_hour(r, u, i, m);
        double x = what == 0 ? e.mean : what == 1 ? e.lo : e.hi;
        if (i)
            fputs(", ", f);
        if (isfinite(x))
            fprintf(f, "%.12g", x);
        else
            fputs("null", f);
    }
    fputc(']', f);
}

void sf_results_write_by_json(const sf_results *r, int u, FILE *f) {
    for (int monthly = 0; monthly < 2; monthly++) {
        fprintf(f, ",\n     \"%s\": {", monthly ? "by_month" : "by_hour");
        for (int m = 0; m < by_count(r, monthly); m++) {
            fprintf(f, "%s\n       \"%s\": {\"mean\": ", m ? "," : "",
                    sf_by_metric_name((sf_by_metric)m, monthly));
            json_array(f, r, u, monthly, (sf_by_metric)m, 0);
            fputs(", \"lo\": ", f);
            json_array(f, r, u, monthly, (sf_by_metric)m, 1);
            fputs(", \"hi\": ", f);
            json_array(f, r, u, monthly, (sf_by_metric)m, 2);
            fputc('}', f);
        }
        fputc('}', f);
    }
}
