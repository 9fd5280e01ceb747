/* results.c: reading results: the metric table, estimates with Student-t
 * intervals over replications, and the JSON and CSV writers. */
#include "sim/results.h"
#include "core/textout.h"
#include "model/population.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name, *unit, *doc;
} metrics[SF_M_COUNT] = {
    [SF_M_ARRIVALS] = {"arrivals", "count", "requests for a place (incl. overflowed, rejected)"},
    [SF_M_ADMITTED] = {"admitted", "count", "requests accepted into the unit's care"},
    [SF_M_THROUGHPUT] = {"throughput", "per day", "departures per day"},
    [SF_M_OCC_MEAN] = {"occupancy_mean", "places", "time-weighted mean of occupied places"},
    [SF_M_OCC_P95] = {"occupancy_p95", "places", "time-weighted 95th percentile of occupancy"},
    [SF_M_FULL_SHARE] = {"full_share", "share",
                         "share of time with every scheduled place occupied (or none scheduled)"},
    [SF_M_UTILISATION] = {"utilisation", "share",
                          "occupied place-hours / scheduled place-hours (mean occupancy / mean "
                          "capacity)"},
    [SF_M_QUEUE_MEAN] = {"queue_mean", "patients", "time-weighted mean number waiting"},
    [SF_M_INUNIT_MEAN] = {"in_unit_mean", "patients",
                          "time-weighted mean number in the unit (occupying or waiting)"},
    [SF_M_WAIT_MEAN] = {"wait_mean", "h", "mean wait from arrival to a place"},
    [SF_M_WAIT_P50] = {"wait_p50", "h", "median wait"},
    [SF_M_WAIT_P90] = {"wait_p90", "h", "90th percentile of wait"},
    [SF_M_WAIT_P95] = {"wait_p95", "h", "95th percentile of wait"},
    [SF_M_WAIT_PROB] = {"wait_share", "share", "share of admitted patients who waited"},
    [SF_M_LOS_MEAN] = {"los_mean", "h", "mean time from arrival at the unit to leaving it"},
    [SF_M_LOS_P50] = {"los_p50", "h", "median length of stay"},
    [SF_M_LOS_P90] = {"los_p90", "h", "90th percentile of length of stay"},
    [SF_M_LOS_P95] = {"los_p95", "h", "95th percentile of length of stay"},
    [SF_M_OVERFLOWED] = {"overflowed", "count", "requests sent on to the overflow unit"},
    [SF_M_REJECTED] = {"rejected", "count", "requests turned away"},
    [SF_M_REJECT_SHARE] = {"turned_away_share", "share", "(overflowed + rejected) / arrivals"},
    [SF_M_BLOCKED] = {"blocked", "count", "patients ready to leave whose next unit was full"},
    [SF_M_BLOCKED_DAYS] = {"blocked_bed_days", "days",
                           "bed-days spent ready for discharge, waiting for the next unit"},
    [SF_M_CAPACITY_MEAN] = {"capacity_mean", "places",
                            "time-weighted mean scheduled capacity (servers or beds)"},
    [SF_M_DISCHARGE_WAIT_DAYS] = {"discharge_wait_bed_days", "days",
                                  "bed-days of stays that ended outside the ward's discharge "
                                  "hours, waiting for them"},
    [SF_M_APPT_DAYS_MEAN] = {"appt_days_mean", "days",
                             "booked clinic: mean days from request to the booked slot"},
    [SF_M_APPT_DAYS_P50] = {"appt_days_p50", "days", "booked clinic: median days to appointment"},
    [SF_M_APPT_DAYS_P90] = {"appt_days_p90", "days",
                            "booked clinic: 90th percentile of days to appointment"},
    [SF_M_TNAA_DAYS] = {"tnaa_days", "days",
                        "booked clinic: third next available appointment at opening, mean over "
                        "doctors and open days"},
    [SF_M_CONTINUITY] = {"continuity_upc", "share",
                         "booked clinic: share of listed patients' visits with their own doctor"},
    [SF_M_SLOT_UTIL] = {"slot_utilisation", "share",
                        "booked clinic: appointments / slots offered (incl. reserved)"},
    [SF_M_URGENT_SAMEDAY] = {"urgent_same_day", "share",
                             "booked clinic: share of urgent requests given a slot the same day"},
    [SF_M_LIST_MEAN] = {"list_mean", "patients", "booked clinic: listed patients per doctor"},
    [SF_M_LIST_MAX] = {"list_max", "patients", "booked clinic: the longest list"},
    [SF_M_LIST_PER_PERSON] = {"lists_per_person", "ratio",
                              "booked clinic: listed patients / people of the listed populations "
                              "whose demand comes to it"},
    [SF_M_TRAVEL_MEAN] = {"travel_mean", "min",
                          "mean travel from home per visit, over patients with a home zone"},
    [SF_M_CONTACTS_PER_1000] = {"contacts_per_1000", "per 1000 per year",
                                "population: contacts a year per 1,000 of its size (present or "
                                "not)"},
    [SF_M_RESP_MEAN] = {"response_mean", "min",
                        "response unit: mean minutes from the call to a vehicle on scene"},
    [SF_M_RESP_P50] = {"response_p50", "min", "response unit: median response time"},
    [SF_M_RESP_P90] = {"response_p90", "min", "response unit: 90th percentile of response time"},
    [SF_M_RESP_WITHIN12] = {"response_within_12", "share",
                            "response unit: share of calls reached within 12 minutes"},
    [SF_M_RESP_WITHIN25] = {"response_within_25", "share",
                            "response unit: share of calls reached within 25 minutes"},
    [SF_M_RESP_URBAN12] = {"response_urban_12", "share",
                           "response unit: calls from urban zones reached within 12 minutes "
                           "(the guideline: 90 %)"},
    [SF_M_RESP_RURAL25] = {"response_rural_25", "share",
                           "response unit: calls from other zones reached within 25 minutes "
                           "(the guideline: 90 %)"},
    [SF_M_RESP_ELSEWHERE] = {"response_from_elsewhere", "share",
                             "response unit: share of calls answered by a vehicle from another "
                             "station than the one nearest the call"},
    [SF_M_RESP_STATION_EMPTY] = {"station_empty_share", "share",
                                 "response unit: share of station time with no vehicle free "
                                 "there, over its stations"},
};

const char *sf_metric_name(sf_metric m) { return m < SF_M_COUNT ? metrics[m].name : "?"; }
const char *sf_metric_unit(sf_metric m) { return m < SF_M_COUNT ? metrics[m].unit : "?"; }
const char *sf_metric_description(sf_metric m) { return m < SF_M_COUNT ? metrics[m].doc : "?"; }

int sf_results_replications(const sf_results *r) { return r->reps; }
int sf_results_unit_count(const sf_results *r) { return r->nunits; }
uint64_t sf_results_seed(const sf_results *r) { return r->seed; }
uint64_t sf_results_events(const sf_results *r) { return r->events; }
uint64_t sf_results_patients(const sf_results *r) { return r->patients; }

const char *sf_results_unit_name(const sf_results *r, int unit) {
    if (unit == r->nunits)
        return "network";
    return unit >= 0 && unit < r->nunits ? r->unit_names[unit] : NULL;
}

int sf_results_class_count(const sf_results *r) { return r->nclasses; }

const char *sf_results_class_name(const sf_results *r, int cls) {
    return cls >= 0 && cls < r->nclasses ? r->class_names[cls] : NULL;
}

/* Row of a unit (unit == nunits: the network) or of a unit's class. */
static int unit_row(const sf_results *r, int unit) {
    return unit >= 0 && unit <= r->nunits ? unit : -1;
}
static int class_row(const sf_results *r, int unit, int cls) {
    if (unit < 0 || unit >= r->nunits || cls < 0 || cls >= r->nclasses)
        return -1;
    return r->nunits + 1 + unit * r->nclasses + cls;
}

static int pop_row(const sf_results *r, int pop) {
    if (pop < 0 || pop >= r->npops)
        return -1;
    return r->nunits + 1 + r->nunits * r->nclasses + pop;
}

int sf_results_population_count(const sf_results *r) { return r->npops; }

/* Response rows: zones after the populations, then stations. */
static int zone_row(const sf_results *r, int zone) {
    if (zone < 0 || zone >= r->nzones)
        return -1;
    return r->nunits + 1 + r->nunits * r->nclasses + r->npops + zone;
}
static int station_row(const sf_results *r, int st) {
    if (st < 0 || st >= r->nstations)
        return -1;
    return r->nunits + 1 + r->nunits * r->nclasses + r->npops + r->nzones + st;
}

int sf_results_zone_count(const sf_results *r) { return r->nzones; }
const char *sf_results_zone_name(const sf_results *r, int zone) {
    return zone >= 0 && zone < r->nzones ? r->zone_names[zone] : NULL;
}
int sf_results_zone_urban(const sf_results *r, int zone) {
    return zone >= 0 && zone < r->nzones && r->zone_urban[zone];
}
int sf_results_station_count(const sf_results *r) { return r->nstations; }
const char *sf_results_station_name(const sf_results *r, int st) {
    return st >= 0 && st < r->nstations ? r->st_names[st] : NULL;
}

const char *sf_results_population_name(const sf_results *r, int pop) {
    return pop >= 0 && pop < r->npops ? r->pop_names[pop] : NULL;
}

static double row_value(const sf_results *r, int rep, int row, sf_metric m) {
    if (rep < 0 || rep >= r->reps || row < 0 || m >= SF_M_COUNT)
        return NAN;
    return r->values[((size_t)rep * r->nrows + row) * SF_M_COUNT + m];
}

double sf_results_value(const sf_results *r, int rep, int unit, sf_metric m) {
    return row_value(r, rep, unit_row(r, unit), m);
}

double sf_results_class_value(const sf_results *r, int rep, int unit, int cls, sf_metric m) {
    return row_value(r, rep, class_row(r, unit, cls), m);
}

sf_estimate sf_estimate_of(const double *x, size_t stride, int n) {
    sf_estimate e = {NAN, NAN, NAN, NAN, NAN, 0};
    /* Welford's update: stable for long runs of similar values. */
    double mean = 0, m2 = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        double v = x[(size_t)i * stride];
        if (isnan(v))
            continue;
        k++;
        double d = v - mean;
        mean += d / k;
        m2 += d * (v - mean);
    }
    e.n = k;
    if (k == 0)
        return e;
    e.mean = mean;
    if (k >= 2) {
        e.sd = sqrt(m2 / (k - 1));
        e.half = gsl_cdf_tdist_Pinv(0.975, k - 1) * e.sd / sqrt(k);
        e.lo = mean - e.half;
        e.hi = mean + e.half;
    }
    return e;
}

static sf_estimate row_estimate(const sf_results *r, int row, sf_metric m) {
    if (row < 0 || m >= SF_M_COUNT) {
        sf_estimate e = {NAN, NAN, NAN, NAN, NAN, 0};
        return e;
    }
    return sf_estimate_of(r->values + (size_t)row * SF_M_COUNT + m, (size_t)r->nrows * SF_M_COUNT,
                          r->reps);
}

sf_estimate sf_results_estimate(const sf_results *r, int unit, sf_metric m) {
    return row_estimate(r, unit_row(r, unit), m);
}

sf_estimate sf_results_class_estimate(const sf_results *r, int unit, int cls, sf_metric m) {
    return row_estimate(r, class_row(r, unit, cls), m);
}

double sf_results_population_value(const sf_results *r, int rep, int pop, sf_metric m) {
    return row_value(r, rep, pop_row(r, pop), m);
}

sf_estimate sf_results_population_estimate(const sf_results *r, int pop, sf_metric m) {
    return row_estimate(r, pop_row(r, pop), m);
}

/* ---- people with a history ----------------------------------------------- */

static const struct {
    const char *name, *unit, *doc;
} pmetrics[SF_P_COUNT] = {
    [SF_P_DISCHARGES] = {"discharges", "count", "episodes ending with the patient going home"},
    [SF_P_READMITTED] = {"readmissions", "count",
                         "of those, followed by a new episode 8 h to 30 days after"},
    [SF_P_READMIT_RATE] = {"readmission_rate", "share", "readmitted / discharges"},
    [SF_P_UPC] = {"upc_mean", "share",
                  "booked clinics: mean share of a patient's visits with the most seen doctor "
                  "(patients with 2+ visits)"},
    [SF_P_COC] = {"coc_mean", "ratio", "mean Bice-Boxerman continuity of care index"},
    [SF_P_SECON] = {"secon_mean", "ratio", "mean share of consecutive visits with the same doctor"},
    [SF_P_CONT_PATIENTS] = {"continuity_patients", "count",
                            "patients with 2+ visits to a known doctor"},
    [SF_P_SHARED_SHARE] = {"shared_share", "share",
                           "patients in 2+ organisations within 30 days / patients"},
};

int sf_results_has_persons(const sf_results *r) { return r && r->pf; }

const char *sf_person_metric_name(sf_person_metric m) {
    return m < SF_P_COUNT ? pmetrics[m].name : "?";
}

const char *sf_person_metric_unit(sf_person_metric m) {
    return m < SF_P_COUNT ? pmetrics[m].unit : "?";
}

double sf_results_person_value(const sf_results *r, int rep, int unit, sf_person_metric m) {
    if (!r->pf || rep < 0 || rep >= r->reps || unit < 0 || unit > r->nunits || m >= SF_P_COUNT)
        return NAN;
    return r->pf[((size_t)rep * ((size_t)r->nunits + 1) + (size_t)unit) * SF_P_COUNT + m];
}

sf_estimate sf_results_person_estimate(const sf_results *r, int unit, sf_person_metric m) {
    if (!r->pf || unit < 0 || unit > r->nunits || m >= SF_P_COUNT) {
        sf_estimate e = {NAN, NAN, NAN, NAN, NAN, 0};
        return e;
    }
    return sf_estimate_of(r->pf + (size_t)unit * SF_P_COUNT + m,
                          ((size_t)r->nunits + 1) * SF_P_COUNT, r->reps);
}

/* "name": {"mean": ..., "lo", "hi", "half", "sd", "n"} of an estimates
 * member, after a comma unless it is the first */
static void json_estimate(FILE *f, int comma, const char *name, sf_estimate e) {
    fprintf(f, "%s\n       \"%s\": {\"mean\": ", comma ? "," : "", name);
    sf_json_num(f, e.mean);
    fputs(", \"lo\": ", f);
    sf_json_num(f, e.lo);
    fputs(", \"hi\": ", f);
    sf_json_num(f, e.hi);
    fputs(", \"half\": ", f);
    sf_json_num(f, e.half);
    fputs(", \"sd\": ", f);
    sf_json_num(f, e.sd);
    fprintf(f, ", \"n\": %d}", e.n);
}

/* One row of the "persons" member: estimates and every replication. */
static void json_person_row(FILE *f, const sf_results *r, const char *name, int unit, int first,
                            int last) {
    fputs("{\"name\": ", f);
    sf_json_str(f, name);
    fputs(",\n     \"estimates\": {", f);
    for (int m = first; m <= last; m++) {
        json_estimate(f, m > first, pmetrics[m].name,
                      sf_results_person_estimate(r, unit, (sf_person_metric)m));
    }
    fputs("},\n     \"replications\": {", f);
    for (int m = first; m <= last; m++) {
        fprintf(f, "%s\n       \"%s\": [", m > first ? "," : "", pmetrics[m].name);
        for (int i = 0; i < r->reps; i++) {
            if (i)
                fputs(", ", f);
            sf_json_num(f, sf_results_person_value(r, i, unit, (sf_person_metric)m));
        }
        fputc(']', f);
    }
    fputs("}}", f);
}

/* "persons" (docs/simulation.md, "Persons and returns"): only for a run
 * that has the figures, so that other runs' results.json stay as they were. */
static void json_persons(FILE *f, const sf_results *r) {
    if (!r->pf)
        return;
    fputs("  \"persons\": {\"measured\": \"each replication's trace, as samflyt flow measures "
          "a stays file (docs/metrics.md)\",\n   \"metrics\": [",
          f);
    for (int i = 0; i < SF_P_COUNT; i++) {
        fprintf(f, "%s\n    {\"name\": \"%s\", \"unit\": \"%s\", \"description\": ", i ? "," : "",
                pmetrics[i].name, pmetrics[i].unit);
        sf_json_str(f, pmetrics[i].doc);
        fputc('}', f);
    }
    fputs("],\n   \"network\": ", f);
    json_person_row(f, r, "network", r->nunits, 0, SF_P_COUNT - 1);
    fputs(",\n   \"units_of_discharge\": [", f);
    for (int u = 0; u < r->nunits; u++) {
        fputs(u ? ",\n    " : "\n    ", f);
        json_person_row(f, r, r->unit_names[u], u, SF_P_DISCHARGES, SF_P_READMIT_RATE);
    }
    fputs("]},\n", f);
}

sf_estimate sf_results_zone_estimate(const sf_results *r, int zone, sf_metric m) {
    return row_estimate(r, zone_row(r, zone), m);
}
double sf_results_zone_value(const sf_results *r, int rep, int zone, sf_metric m) {
    return row_value(r, rep, zone_row(r, zone), m);
}
sf_estimate sf_results_station_estimate(const sf_results *r, int st, sf_metric m) {
    return row_estimate(r, station_row(r, st), m);
}
double sf_results_station_value(const sf_results *r, int rep, int st, sf_metric m) {
    return row_value(r, rep, station_row(r, st), m);
}

/* ---- writers ------------------------------------------------------------ */

/* {"name": ..., "estimates": {...}, "replications": {...}} of one row */
static void json_row(FILE *f, const sf_results *r, const char *name, int row) {
    fputs("{\"name\": ", f);
    sf_json_str(f, name);
    fputs(",\n     \"estimates\": {", f);
    for (int m = 0; m < SF_M_COUNT; m++) {
        json_estimate(f, m > 0, metrics[m].name, row_estimate(r, row, (sf_metric)m));
    }
    fputs("},\n     \"replications\": {", f);
    for (int m = 0; m < SF_M_COUNT; m++) {
        fprintf(f, "%s\n       \"%s\": [", m ? "," : "", metrics[m].name);
        for (int i = 0; i < r->reps; i++) {
            if (i)
                fputs(", ", f);
            sf_json_num(f, row_value(r, i, row, (sf_metric)m));
        }
        fputc(']', f);
    }
    fputc('}', f);
}

/* "travel_access": from the model, the share of each population within 20,
 * 45 and 90 minutes of each unit kind (docs/model.md); "all" pools them. */
static void json_access(FILE *f, const sf_model *m) {
    int np = sf_model_population_count(m), nk = sf_model_access_kind_count(m);
    fputs("  \"travel_access\": {\"minutes\": [", f);
    for (int t = 0; t < SF_ACCESS_THRESHOLDS; t++)
        fprintf(f, "%s%g", t ? ", " : "", sf_access_minutes[t]);
    fputs("], \"populations\": [", f);
    for (int p = 0; np > 0 && p <= np; p++) {
        fputs(p ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        sf_json_str(f, p < np ? sf_model_population_name(m, p) : "all");
        fputs(", \"size\": ", f);
        double size = 0;
        for (int q = 0; q < np; q++)
            size += q == p || p == np ? sf_model_population_size(m, q) : 0;
        sf_json_num(f, size);
        for (int k = 0; k < nk; k++) {
            fputs(", ", f);
            sf_json_str(f, sf_model_access_kind_name(m, k));
            fputs(": [", f);
            for (int t = 0; t < SF_ACCESS_THRESHOLDS; t++) {
                fputs(t ? ", " : "", f);
                sf_json_num(f, sf_model_access_share(m, p, k, sf_access_minutes[t]));
            }
            fputc(']', f);
        }
        fputc('}', f);
    }
    fputs("]}", f);
}

int sf_results_write_json(const sf_results *r, const sf_model *m, FILE *f) {
    fputs("{\n  \"samflyt\": \"" SF_VERSION "\",\n  \"model\": ", f);
    sf_json_str(f, r->model_name);
    fprintf(f,
            ",\n  \"seed\": %llu,\n  \"replications\": %d,\n  \"horizon_hours\": %.12g,\n"
            "  \"warmup_hours\": %.12g,\n  \"events\": %llu,\n  \"patients\": %llu,\n",
            (unsigned long long)r->seed, r->reps, r->horizon, r->warmup,
            (unsigned long long)r->events, (unsigned long long)r->patients);
    /* Deadlocked replications (docs/simulation.md): left out of every
     * estimate; listed so that no reader takes the figures for all. */
    fprintf(f, "  \"deadlocked_replications\": %d,\n  \"deadlocks\": [", sf_results_deadlocked(r));
    for (int k = 0, first = 1; k < r->reps; k++) {
        double t = sf_results_deadlock_time(r, k);
        if (isnan(t))
            continue;
        fprintf(f, "%s\n    {\"replication\": %d, \"hour\": %.12g, \"day\": %.12g, \"units\": [",
                first ? "" : ",", k + 1, t, t / 24);
        first = 0;
        for (int u = 0, n = 0; u < r->nunits; u++)
            if (sf_results_deadlock_unit(r, k, u)) {
                fputs(n++ ? ", " : "", f);
                sf_json_str(f, r->unit_names[u]);
            }
        fputs("]}", f);
    }
    fputs("],\n", f);
    fputs("  \"confidence\": 0.95,\n  \"metrics\": [", f);
    for (int i = 0; i < SF_M_COUNT; i++) {
        fprintf(f, "%s\n    {\"name\": \"%s\", \"unit\": \"%s\", \"description\": ", i ? "," : "",
                metrics[i].name, metrics[i].unit);
        sf_json_str(f, metrics[i].doc);
        fputc('}', f);
    }
    fputs("],\n  \"units\": [", f);
    for (int u = 0; u < r->nunits; u++) {
        fputs(u ? ",\n    " : "\n    ", f);
        json_row(f, r, r->unit_names[u], u);
        fputs(",\n     \"classes\": [", f);
        for (int c = 0; c < r->nclasses; c++) {
            fputs(c ? ",\n      " : "\n      ", f);
            json_row(f, r, r->class_names[c], class_row(r, u, c));
            fputc('}', f);
        }
        fputc(']', f);
        sf_results_write_by_json(r, u, f);
        fputc('}', f);
    }
    fputs("],\n  \"network\": ", f);
    json_row(f, r, "network", r->nunits);
    fputs("},\n  \"populations\": [", f);
    for (int p = 0; p < r->npops; p++) {
        fputs(p ? ",\n    " : "\n    ", f);
        json_row(f, r, r->pop_names[p], pop_row(r, p));
        fputs(", \"size\": ", f);
        sf_json_num(f, r->pop_sizes[p]);
        fputc('}', f);
    }
    /* response units: by the call's zone (with its guideline) and by
     * station (docs/simulation.md, "Emergency response") */
    fputs("],\n  \"zones\": [", f);
    for (int z = 0; z < r->nzones; z++) {
        fputs(z ? ",\n    " : "\n    ", f);
        json_row(f, r, r->zone_names[z], zone_row(r, z));
        fprintf(f, ", \"urban\": %s, \"guideline\": \"%s\"}", r->zone_urban[z] ? "true" : "false",
                r->zone_urban[z] ? "response_urban_12" : "response_rural_25");
    }
    fputs("],\n  \"stations\": [", f);
    for (int k = 0; k < r->nstations; k++) {
        fputs(k ? ",\n    " : "\n    ", f);
        json_row(f, r, r->st_names[k], station_row(r, k));
        fputc('}', f);
    }
    fputs("],\n", f);
    json_persons(f, r);
    json_access(f, m);
    fputs("\n}\n", f);
    return ferror(f) ? SF_ERR_IO : SF_OK;
}

/* The unit and class of row i, for CSV ("" for a unit's all classes).
 * A population row has the unit "population" and the population's name
 * in the class column; a response zone's row "zone" and the zone, a
 * station's "station" and UNIT/STATION. */
static void row_names(const sf_results *r, int row, const char **unit, const char **cls) {
    int first_pop = r->nunits + 1 + r->nunits * r->nclasses;
    int first_zone = first_pop + r->npops, first_station = first_zone + r->nzones;
    if (row <= r->nunits) {
        *unit = sf_results_unit_name(r, row);
        *cls = "";
    } else if (row >= first_station) {
        *unit = "station";
        *cls = r->st_names[row - first_station];
    } else if (row >= first_zone) {
        *unit = "zone";
        *cls = r->zone_names[row - first_zone];
    } else if (row >= first_pop) {
        *unit = "population";
        *cls = r->pop_names[row - first_pop];
    } else {
        int k = row - r->nunits - 1;
        *unit = r->unit_names[k / r->nclasses];
        *cls = r->class_names[k % r->nclasses];
    }
}

int sf_results_write_csv(const sf_results *r, FILE *f) {
    fputs("unit,class,metric,unit_of_measure,mean,lo,hi,half,n\n", f);
    for (int row = 0; row < r->nrows; row++)
        for (int m = 0; m < SF_M_COUNT; m++) {
            sf_estimate e = row_estimate(r, row, (sf_metric)m);
            if (e.n == 0)
                continue; /* does not apply to this row */
            const char *unit, *cls;
            row_names(r, row, &unit, &cls);
            sf_csv_str(f, unit);
            fputc(',', f);
            sf_csv_str(f, cls);
            fprintf(f, ",%s,%s,", metrics[m].name, metrics[m].unit);
            sf_csv_num(f, e.mean);
            fputc(',', f);
            sf_csv_num(f, e.lo);
            fputc(',', f);
            sf_csv_num(f, e.hi);
            fputc(',', f);
            sf_csv_num(f, e.half);
            fprintf(f, ",%d\n", e.n);
        }
    return ferror(f) ? SF_ERR_IO : SF_OK;
}

int sf_results_write_replications_csv(const sf_results *r, FILE *f) {
    fputs("replication,unit,class", f);
    for (int m = 0; m < SF_M_COUNT; m++)
        fprintf(f, ",%s", metrics[m].name);
    fputc('\n', f);
    for (int i = 0; i < r->reps; i++)
        for (int row = 0; row < r->nrows; row++) {
            const char *unit, *cls;
            row_names(r, row, &unit, &cls);
            fprintf(f, "%d,", i + 1);
            sf_csv_str(f, unit);
            fputc(',', f);
            sf_csv_str(f, cls);
            for (int m = 0; m < SF_M_COUNT; m++) {
                fputc(',', f);
                sf_csv_num(f, row_value(r, i, row, (sf_metric)m));
            }
            fputc('\n', f);
        }
    return ferror(f) ? SF_ERR_IO : SF_OK;
}
