/* load_return.c: reads a unit's `return:` (docs/model.md, "Return"): who
 * comes back after going home from the unit, after how long, and where
 * to. One rule is a mapping
 *
 *   {probability: .12, delay: lognormal(6d, 5d), within: 30d, to: legevakt, class: acute}
 *
 * and `return:` is one rule or a list of them, the first whose class
 * matches the patient's applying. The engine (src/sim/persons.c) draws
 * from them when a patient goes home. */
#include "model/load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const return_keys[] = {"probability", "delay", "to", "within", "class", NULL};

static int load_rule(sf_load *L, const sf_ynode *n, const char *where, sf_return *r) {
    const sf_model *m = L->m;
    char what[300];
    if (n->type != SF_Y_MAP)
        return sf_load_fail(L, n, 0,
                            "%s: expected a mapping such as {probability: .1, delay: exp(10d), "
                            "to: legevakt}, found %s",
                            where, sf_load_show(n).s);
    int rc = sf_load_keys(L, n, return_keys, where);
    if (rc)
        return rc;
    static const char *const required[] = {"probability", "delay", "to"};
    for (int i = 0; i < 3; i++)
        if (!sf_ynode_get(n, required[i]))
            return sf_load_fail(L, n, 0,
                                "%s: missing '%s' (a return rule needs probability, delay and to, "
                                "as in {probability: .1, delay: exp(10d), to: legevakt})",
                                where, required[i]);
    const sf_ynode *v = sf_ynode_get(n, "probability");
    const char *t = sf_load_text(v);
    if (!t || sf_load_number(t, v->len, &r->prob) || !(r->prob >= 0 && r->prob < 1))
        return sf_load_fail(L, v, 0,
                            "%s: 'probability' must be a number from 0 to less than 1 (the share "
                            "of patients going home who come back), found %s",
                            where, sf_load_show(v).s);
    snprintf(what, sizeof what, "%s: 'delay'", where);
    if ((rc = sf_dist_load(L, sf_ynode_get(n, "delay"), what, &r->delay)))
        return rc;
    snprintf(what, sizeof what, "%s: 'to'", where);
    if ((rc = sf_load_route(L, sf_ynode_get(n, "to"), what, 0, &r->to)))
        return rc;
    r->within = INFINITY;
    if ((v = sf_ynode_get(n, "within"))) {
        snprintf(what, sizeof what, "%s: 'within'", where);
        if ((rc = sf_load_duration(L, v, what, &r->within)))
            return rc;
        if (!(r->within > 0))
            return sf_load_fail(L, v, 0, "%s: expected a duration > 0 such as 30d, found %s", what,
                                sf_load_show(v).s);
    }
    r->cls = -1;
    if ((v = sf_ynode_get(n, "class"))) {
        t = sf_load_text(v);
        for (int c = 0; t && c < m->nclasses && r->cls < 0; c++)
            if (strlen(m->classes[c]) == v->len && !strcmp(m->classes[c], t))
                r->cls = c;
        if (r->cls < 0) {
            char known[256];
            size_t o = 0;
            known[0] = '\0';
            for (int c = 0; c < m->nclasses && o < sizeof known; c++)
                o += (size_t)snprintf(known + o, sizeof known - o, "%s%s", c ? ", " : "",
                                      m->classes[c]);
            return sf_load_fail(L, v, 0, "%s: 'class': unknown class %s; classes: %s", where,
                                sf_load_show(v).s, known);
        }
    }
    return SF_OK;
}

int sf_return_check(sf_load *L, const sf_ynode *n, const sf_unit *unit) {
    const sf_model *m = L->m;
    for (int k = 0; k < unit->nreturns; k++) {
        const sf_route *to = &unit->returns[k].to;
        for (int i = 0; i < to->n; i++)
            if (m->units[to->dest[i]].kind == SF_UNIT_RESPONSE) {
                const sf_ynode *rule = n->type == SF_Y_SEQ ? n->item[k] : n;
                return sf_load_fail(L, sf_ynode_get(rule, "to"), 0,
                                    "unit '%s': 'return': 'to': unit '%s' is a response unit, "
                                    "which only demand calls; send returns to a unit the "
                                    "patients come to themselves",
                                    unit->name, m->units[to->dest[i]].name);
            }
    }
    return SF_OK;
}

int sf_return_load(sf_load *L, const sf_ynode *n, const char *where, sf_unit *unit) {
    int count = n->type == SF_Y_SEQ ? n->n : 1;
    if (n->type == SF_Y_SEQ && n->n == 0)
        return sf_load_fail(L, n, 0,
                            "%s: 'return': expected a rule such as {probability: .1, delay: "
                            "exp(10d), to: legevakt} or a list of them, found an empty list",
                            where);
    sf_return *r = sf_arena_calloc(&L->m->arena, (size_t)count, sizeof *r);
    if (!r)
        return sf_load_nomem(L);
    for (int i = 0; i < count; i++) {
        char what[200];
        if (n->type == SF_Y_SEQ)
            snprintf(what, sizeof what, "%s: 'return' rule %d", where, i + 1);
        else
            snprintf(what, sizeof what, "%s: 'return'", where);
        int rc = load_rule(L, n->type == SF_Y_SEQ ? n->item[i] : n, what, &r[i]);
        if (rc)
            return rc;
    }
    unit->returns = r;
    unit->nreturns = count;
    return SF_OK;
}
