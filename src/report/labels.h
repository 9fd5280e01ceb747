/* labels.h: what people read instead of a metric key. One table gives
 * every key samflyt writes (results.json, compare, sweep targets, flow
 * metrics.json) a display name in English, Norwegian bokmål and Swedish
 * and the unit its values are in; the functions below choose the unit a
 * planner expects for a kind of unit (minutes at a walk-in clinic, days to
 * an appointment at a GP office, days on a ward, shares in %) and write
 * numbers as each language does (decimal comma and a narrow no-break
 * space between thousands in nb and sv). The terminal summaries, the
 * reports and the dashboard all name figures through this table
 * (docs/metrics.md, "Labels and languages"). */
#ifndef SF_REPORT_LABELS_H
#define SF_REPORT_LABELS_H

#include "samflyt/samflyt.h"

#include <stddef.h>

typedef enum sf_lang { SF_LANG_EN, SF_LANG_NB, SF_LANG_SV } sf_lang;
enum { SF_LANG_COUNT = 3 };

/* "en", "nb" (also "no", "nn"), "sv": 0 and *out set, or -1. */
int sf_lang_parse(const char *s, sf_lang *out);
const char *sf_lang_code(sf_lang l); /* "en", "nb", "sv" */
/* The first language of an HTTP Accept-Language header (RFC 9110:
 * "sv-SE,sv;q=0.9,en;q=0.8") that samflyt has, by quality; English when
 * none is (or header is NULL or malformed). */
sf_lang sf_lang_from_accept_language(const char *header);

/* One key: its unit as the files write it ("h", "share", "days", "min",
 * "count", "places", "patients", "per day", ...) and its names. */
typedef struct sf_label {
    const char *key;
    const char *unit;
    const char *name[SF_LANG_COUNT];
} sf_label;

/* The entry of key, or NULL when the table has none. */
const sf_label *sf_label_find(const char *key);
/* key's display name in l; key itself when the table has none. */
const char *sf_label_name(const char *key, sf_lang l);
const char *sf_metric_label(sf_metric m, sf_lang l);
/* The by-hour or by-month figure m (sf_by_metric_name). */
const char *sf_by_metric_label(sf_by_metric m, int monthly, sf_lang l);
/* The whole table (for the tests and docs): n entries. */
const sf_label *sf_label_table(int *n);

/* How values in a unit are shown: multiplied by k, with dec decimals, in
 * unit (a word in the language; "" for a plain number). */
typedef struct sf_shown {
    double k;
    int dec;
    const char *unit;
} sf_shown;

/* The display of values in unit (sf_label.unit) at a unit of kind kind
 * (SF_UNIT_* of model/model.h; -1 when not known), ref a typical value
 * (the largest of a chart; NaN when none): hours at a walk-in clinic or a
 * response unit in minutes, at a booked clinic in days, on a ward in
 * hours below two days and days above; unknown kinds by ref; shares in %. */
sf_shown sf_shown_unit(const char *unit, int kind, double ref, sf_lang l);
/* The word for unit (sf_label.unit) in l: "hours", "timer", "timmar". */
const char *sf_unit_word(const char *unit, sf_lang l);

/* x with dec decimals as l writes it (decimal comma, grouped thousands
 * in nb and sv; "-" when x is NaN). Returns buf. */
char *sf_fmt_fixed(char *buf, size_t size, double x, int dec, sf_lang l);
/* x as the reports print numbers (html.h, sf_html_num): whole numbers
 * and those from 1000 on without decimals, others to 4 significant
 * digits, in l's notation; "" when x is NaN. Returns buf. */
char *sf_fmt_num(char *buf, size_t size, double x, sf_lang l);

/* Month names (0 = January) and weekday abbreviations (0 = Monday). */
const char *sf_month_name(int month, sf_lang l);
const char *sf_weekday_abbr(int day, sf_lang l);

/* The report's fixed words ("Over the week", "mean", ...): the English
 * text s in l (s itself when there is no translation). */
const char *sf_tr(const char *s, sf_lang l);
/* The phrase table behind sf_tr (for the tests): n rows of 3 texts. */
const char *const *sf_phrase_row(int i, int *n);

#endif
