/* decisions.c: `decisions:` and `cost:` in a model file, read by the
 * loader for `samflyt sweep` (docs/sweep.md, docs/model.md "Decisions"):
 *
 *   decisions:
 *     units.kad.beds: 4..12            whole values 4 to 12
 *     units.gp-office.doctors: 5..9:2  5, 7, 9
 *   cost:
 *     units.kad.beds: 1.2              per unit of the value
 *   objective:                         instead of the cheapest
 *     minimize: hospital.blocked_bed_days
 *     delta: 5                         the difference worth telling apart
 *     max-cost: 30                     the budget
 *
 * The paths are those of a scenario overlay; whether the model accepts a
 * path and its values is checked by the sweep, which loads each
 * configuration as a scenario and points back here when one fails. This
 * file checks the forms, with the position of what is wrong. */
#include "core/diag.h"
#include "model/load.h"

#include <math.h>
#include <string.h>

enum { DECISIONS_MAX = 8, DECISION_PATH_MAX = 255, DECISION_VALUE_MAX = 1000000 };

/* A whole number 0..DECISION_VALUE_MAX at s[0..len). */
static int whole(const char *s, size_t len, int *out) {
    uint64_t v;
    if (!len || sf_load_uint(s, len, &v) || v > DECISION_VALUE_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

/* "LO..HI" or "LO..HI:STEP". */
static int parse_range(const char *t, size_t len, sf_decision *d) {
    const char *dots = len > 2 ? strstr(t, "..") : NULL;
    if (!dots || (size_t)(dots - t) + 2 > len)
        return -1;
    const char *end = t + len, *colon = memchr(dots + 2, ':', (size_t)(end - dots - 2));
    d->step = 1;
    if (whole(t, (size_t)(dots - t), &d->lo) ||
        whole(dots + 2, (size_t)((colon ? colon : end) - dots - 2), &d->hi) ||
        (colon && whole(colon + 1, (size_t)(end - colon - 1), &d->step)))
        return -1;
    return 0;
}

static int path_ok(const sf_ynode *k) {
    return k->len && k->len <= DECISION_PATH_MAX && strlen(k->text) == k->len &&
           !strpbrk(k->text, " \t") && k->text[0] != '.' && k->text[k->len - 1] != '.' &&
           !strstr(k->text, "..");
}

/* `objective:`: {minimize|maximize: UNIT.METRIC, delta: LEVEL, max-cost: X}.
 * The indicator and the level are read by the sweep, which knows the
 * metrics; this checks the form. */
static int objective_load(sf_load *L, const sf_ynode *obj) {
    struct sf_objective_spec *o = &L->m->objective;
    static const char example[] = "as in objective: {minimize: hospital.blocked_bed_days, "
                                  "delta: 5, max-cost: 30}";
    if (obj->type != SF_Y_MAP || !obj->n)
        return sf_load_fail(L, obj, 0,
                            "'objective' (for samflyt sweep): expected a mapping, %s; "
                            "found %s",
                            example, sf_load_show(obj).s);
    for (int i = 0; i < obj->n; i++) {
        const sf_ynode *k = obj->item[2 * i], *v = obj->item[2 * i + 1];
        int mm = !strcmp(k->text, "minimize") || !strcmp(k->text, "maximize");
        if (v->type != SF_Y_SCALAR || !v->len)
            return sf_load_fail(L, v, 0, "'objective': %s: expected a value, %s", k->text, example);
        if (mm) {
            if (o->indicator)
                return sf_load_fail(
                    L, k, 0, "'objective': one of minimize or maximize, once (line %d)", o->line);
            if (!(o->indicator = sf_arena_strndup(&L->m->arena, v->text, v->len)))
                return sf_load_nomem(L);
            o->maximize = k->text[1] == 'a';
            o->line = v->line;
            o->col = v->col;
        } else if (!strcmp(k->text, "delta")) {
            if (!(o->delta = sf_arena_strndup(&L->m->arena, v->text, v->len)))
                return sf_load_nomem(L);
            o->delta_line = v->line;
            o->delta_col = v->col;
        } else if (!strcmp(k->text, "max-cost")) {
            if (sf_load_number(v->text, v->len, &o->max_cost) || !(o->max_cost >= 0))
                return sf_load_fail(L, v, 0,
                                    "'objective': max-cost: expected the budget, a number >= 0 "
                                    "in the unit of 'cost'; found %s",
                                    sf_load_show(v).s);
        } else
            return sf_load_fail(L, k, 0,
                                "'objective': unknown key %s; the keys are minimize (or "
                                "maximize), delta and max-cost",
                                sf_load_show(k).s);
    }
    if (!o->indicator && !isnan(o->max_cost) && !o->delta)
        return SF_OK; /* a budget alone: the cheapest within it */
    if (!o->indicator)
        return sf_load_fail(L, obj, 0, "'objective': give minimize (or maximize), %s", example);
    if (!o->delta)
        return sf_load_fail(L, obj, 0,
                            "'objective': give delta, the smallest difference in %s worth "
                            "telling apart (smaller ones are reported as a tie), %s",
                            o->indicator, example);
    return SF_OK;
}

int sf_decisions_load(sf_load *L, const sf_ynode *dec, const sf_ynode *cost, const sf_ynode *obj) {
    L->m->objective.max_cost = NAN;
    if (obj) {
        if (!dec)
            return sf_load_fail(L, obj, 0,
                                "'objective' chooses among the decisions of samflyt sweep; give "
                                "them in 'decisions' too, as in decisions: {units.kad.beds: "
                                "4..12}");
        int rc = objective_load(L, obj);
        if (rc)
            return rc;
    }
    if (!dec && !cost)
        return SF_OK;
    if (!dec)
        return sf_load_fail(L, cost, 0,
                            "'cost' prices the decisions of samflyt sweep; give them in "
                            "'decisions' too, as in decisions: {units.kad.beds: 4..12}");
    if (dec->type != SF_Y_MAP || !dec->n)
        return sf_load_fail(L, dec, 0,
                            "'decisions' (for samflyt sweep): expected a mapping of dotted "
                            "paths to ranges, as in decisions: {units.kad.beds: 4..12, "
                            "units.gp-office.doctors: 5..8}; found %s",
                            sf_load_show(dec).s);
    if (dec->n > DECISIONS_MAX)
        return sf_load_fail(L, dec->item[2 * DECISIONS_MAX], 0,
                            "'decisions': at most %d decisions (a sweep runs the product of "
                            "their ranges)",
                            DECISIONS_MAX);
    sf_decision *ds = sf_arena_calloc(&L->m->arena, (size_t)dec->n, sizeof *ds);
    if (!ds)
        return sf_load_nomem(L);
    for (int i = 0; i < dec->n; i++) {
        const sf_ynode *k = dec->item[2 * i], *v = dec->item[2 * i + 1];
        sf_decision *d = &ds[i];
        if (!path_ok(k))
            return sf_load_fail(L, k, 0,
                                "'decisions': %s: expected a dotted path to a whole number in "
                                "the model, as a scenario writes it, such as units.kad.beds",
                                sf_load_show(k).s);
        for (int j = 0; j < i; j++)
            if (!strcmp(ds[j].path, k->text))
                return sf_load_fail(L, k, 0, "'decisions': %s is given twice (line %d)",
                                    sf_load_show(k).s, ds[j].line);
        if (v->type != SF_Y_SCALAR || parse_range(v->text, v->len, d))
            return sf_load_fail(L, v, 0,
                                "'decisions': %s: expected a range of whole numbers LO..HI or "
                                "LO..HI:STEP, such as 4..12 or 4..12:2; found %s",
                                sf_load_show(k).s, sf_load_show(v).s);
        if (d->hi < d->lo || d->step < 1)
            return sf_load_fail(L, v, 0, "'decisions': %s: %s: %s", sf_load_show(k).s,
                                sf_load_show(v).s,
                                d->step < 1 ? "the step must be at least 1"
                                            : "the range is empty: LO must not exceed HI");
        if (!(d->path = sf_arena_strndup(&L->m->arena, k->text, k->len)))
            return sf_load_nomem(L);
        d->cost = NAN;
        d->line = k->line;
        d->col = k->col;
    }
    if (cost && (cost->type != SF_Y_MAP || !cost->n))
        return sf_load_fail(L, cost, 0,
                            "'cost': expected a mapping of decision paths to the cost of one "
                            "unit, as in cost: {units.kad.beds: 1.2}; found %s",
                            sf_load_show(cost).s);
    for (int i = 0; cost && i < cost->n; i++) {
        const sf_ynode *k = cost->item[2 * i], *v = cost->item[2 * i + 1];
        sf_decision *d = NULL;
        for (int j = 0; j < dec->n && !d; j++)
            if (strlen(ds[j].path) == k->len && !memcmp(ds[j].path, k->text, k->len))
                d = &ds[j];
        if (!d)
            return sf_load_fail(L, k, 0, "'cost': %s is not one of the 'decisions'",
                                sf_load_show(k).s);
        if (!isnan(d->cost))
            return sf_load_fail(L, k, 0, "'cost': %s is given twice", sf_load_show(k).s);
        double x;
        if (v->type != SF_Y_SCALAR || sf_load_number(v->text, v->len, &x) || x < 0)
            return sf_load_fail(L, v, 0,
                                "'cost': %s: expected the cost of one unit, a number >= 0, "
                                "found %s",
                                sf_load_show(k).s, sf_load_show(v).s);
        d->cost = x;
        d->cost_line = v->line;
        d->cost_col = v->col;
    }
    L->m->decisions = ds;
    L->m->ndecisions = dec->n;
    return SF_OK;
}
