/* load.h: what the parts of the model loader share (loader.c reads the
 * document structure, dist.c distributions, profile.c arrival profiles):
 * the loading context, diagnostics that point into the YAML, and strict
 * number parsing. Internal to src/model. */
#ifndef SF_LOAD_H
#define SF_LOAD_H

#include "model/model.h"
#include "model/ynode.h"

#include <stddef.h>
#include <stdint.h>

/* The longest time a model may span (warm-up plus horizon), and the
 * largest duration a distribution may have: 100000 years, in hours. Clock
 * times are doubles in hours; up to this they resolve better than a
 * millisecond. */
#define SF_LOAD_MAX_HOURS (100000.0 * 8760.0)

/* A unit's name and index, kept sorted by name to find units by name in
 * O(log n): a model may have tens of thousands of units. */
typedef struct sf_load_unit_ix {
    const char *name;
    int unit;
} sf_load_unit_ix;

typedef struct sf_load {
    sf_model *m; /* being filled; its arena holds everything kept */
    const char *file;
    sf_diag *diag;
    const sf_load_unit_ix *unit_ix; /* m->nunits entries, once the unit names are read */
} sf_load;

/* Fills the diagnostic with SF_ERR_MODEL at node n (shifted by the byte
 * offset at inside a scalar when the scalar is verbatim on one line) and
 * returns SF_ERR_MODEL. */
int sf_load_fail(sf_load *L, const sf_ynode *n, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Adds a warning at node n to the model (beyond SF_MODEL_MAX_WARNINGS
 * they are dropped); SF_OK or SF_ERR_NOMEM. */
int sf_load_warn(sf_load *L, const sf_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The checks that give warnings (warn.c), once the model is valid. */
int sf_load_warnings(sf_load *L, const sf_ynode *root);

/* `decisions:`, `cost:` and `objective:` (decisions.c); any may be NULL. */
int sf_decisions_load(sf_load *L, const sf_ynode *dec, const sf_ynode *cost, const sf_ynode *obj);

/* Out of memory, as a diagnostic; returns SF_ERR_NOMEM. */
int sf_load_nomem(sf_load *L);

/* How a node reads in a message: 'text' (shortened, control characters
 * replaced), "nothing", "a mapping" or "a list". */
typedef struct sf_shown {
    char s[96];
} sf_shown;
sf_shown sf_load_show(const sf_ynode *n);
/* The same for a piece of text. */
sf_shown sf_load_show_text(const char *s, size_t len);

/* A finite decimal number (no hex, inf or nan; sign allowed) at the whole
 * of s[0..len); 0 on success. */
int sf_load_number(const char *s, size_t len, double *v);
/* A decimal whole number without sign, up to UINT64_MAX; 0 on success. */
int sf_load_uint(const char *s, size_t len, uint64_t *v);

/* Checks that every key of map is one of keys (NULL-terminated, at most
 * 31); otherwise fails naming the key and listing those expected. where
 * names the mapping, as in "unit 'desk'". */
int sf_load_keys(sf_load *L, const sf_ynode *map, const char *const *keys, const char *where);
/* The candidate closest to word[0..len) by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours, letter case ignored),
 * if it is close enough to be a misspelling: at most 1 edit for words of
 * up to 4 letters, 2 for longer ones. NULL when none is. */
const char *sf_load_suggest(const char *word, size_t len, const char *const *cands, int n);
/* " did you mean 'beds'?" for a misspelt key, or "". */
typedef struct sf_suggestion {
    char s[160];
} sf_suggestion;
sf_suggestion sf_load_did_you_mean(const sf_ynode *key, const char *const *cands, int n);
/* A name (of a unit, source, class, period, ...) is 1 to 100 characters
 * without control characters; what says whose, as in "a unit". */
int sf_load_name(sf_load *L, const sf_ynode *k, const char *what);

/* The index of the unit called name[0..len), or -1. */
int sf_load_find_unit(const sf_load *L, const char *name, size_t len);

/* The non-null scalar text of n, or NULL. */
const char *sf_load_text(const sf_ynode *n);

/* A distribution (dist.c). what names the place for messages, such as
 * "unit 'desk': 'service'". */
int sf_dist_load(sf_load *L, const sf_ynode *n, const char *what, sf_dist *out);

/* An arrival profile (profile.c); sf_profile_flat sets all weights to 1. */
int sf_profile_load(sf_load *L, const sf_ynode *n, const char *what, sf_profile *out);
void sf_profile_flat(sf_profile *p);

/* A duration such as 15m into hours; what names the place. */
int sf_load_duration(sf_load *L, const sf_ynode *n, const char *what, double *hours);
/* A unit name or a routing map (home allowed when allow_home). */
int sf_load_route(sf_load *L, const sf_ynode *n, const char *what, int allow_home, sf_route *r);
/* The class named by n (checked as a name), added if new; needs room in
 * the classes array, which load_sources sizes for arrivals and demand. */
int sf_load_class(sf_load *L, const sf_ynode *n, const char *what, int *cls);

/* Zones, populations and demand (population_load.c), after the arrivals:
 * demand becomes sources appended to m->sources. */
int sf_population_load(sf_load *L, const sf_ynode *root);
/* After the units: every zone a population lives in needs a travel time
 * to every unit its demand reaches on arrival (overflow included). */
int sf_population_check(sf_load *L, const sf_ynode *root);

/* A map from calendar periods (and default) to numbers in [lo, hi]:
 * out[0] the default (dflt when absent), out[p + 1] period p. */
int sf_load_period_map(sf_load *L, const sf_ynode *n, const char *what, double lo, double hi,
                       double dflt, double **out);

/* A unit's `return:` rules (load_return.c), once the units and classes
 * are known. */
int sf_return_load(sf_load *L, const sf_ynode *n, const char *where, sf_unit *unit);
/* After every unit is loaded: no rule sends patients to a response unit
 * (n: the unit's `return` node). */
int sf_return_check(sf_load *L, const sf_ynode *n, const sf_unit *unit);

/* A response unit's settings (load_response.c): everything but triage,
 * org and next, which loader.c reads as for any unit. */
int sf_response_load(sf_load *L, const sf_ynode *key, const sf_ynode *val, const char *where,
                     sf_unit *unit);
/* After units and populations: calls reach response units only from
 * demand with zones, and every travel time a call needs is given. */
int sf_response_check(sf_load *L, const sf_ynode *root);

/* The calendar (calendar_load.c): n is the `calendar` node or NULL; the
 * model's warm-up must already be set. */
int sf_calendar_load(sf_load *L, const sf_ynode *n, sf_calendar *cal);

/* The settings of a booked-clinic unit (load_booked.c): everything but
 * overflow and next, which loader.c reads as for any unit. */
int sf_booked_load(sf_load *L, const sf_ynode *key, const sf_ynode *val, const char *where,
                   sf_unit *unit);

#endif
