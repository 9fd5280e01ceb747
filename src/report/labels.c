/* labels.c: the display names and units of every metric key, and numbers
 * as each language writes them (labels.h). A new metric needs a row here:
 * the labels_cover test walks the keys of real output files and fails on
 * one without a name. */
#include "report/labels.h"

#include "model/model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sorted by nothing: the table is small and looked up by name. Units are
 * those of the files (results.json "metrics", flow metrics.json). */
static const sf_label labels[] = {
    /* ---- run, compare and sweep: sf_metric (results.json estimates) ---- */
    {"arrivals", "count", {"arrivals", "ankomster", "ankomster"}},
    {"admitted", "count", {"admitted", "tatt imot", "mottagna"}},
    {"throughput", "per day", {"departures per day", "ferdige per dag", "avslutade per dag"}},
    {"occupancy_mean", "places", {"mean occupancy", "gjennomsnittlig belegg", "medelbeläggning"}},
    {"occupancy_p95",
     "places",
     {"occupancy, 95th percentile", "belegg, 95-persentil", "beläggning, 95:e percentil"}},
    {"full_share", "share", {"time full", "tid fullt", "tid fullbelagd"}},
    {"utilisation", "share", {"utilisation", "kapasitetsutnyttelse", "kapacitetsutnyttjande"}},
    {"queue_mean", "patients", {"mean queue", "gjennomsnittlig kø", "medelkö"}},
    {"in_unit_mean",
     "patients",
     {"mean number in the unit", "gjennomsnittlig antall i enheten", "medelantal i enheten"}},
    {"wait_mean", "h", {"mean wait", "gjennomsnittlig ventetid", "medelväntetid"}},
    {"wait_p50", "h", {"median wait", "median ventetid", "medianväntetid"}},
    {"wait_p90",
     "h",
     {"wait, 90th percentile", "ventetid, 90-persentil", "väntetid, 90:e percentil"}},
    {"wait_p95",
     "h",
     {"wait, 95th percentile", "ventetid, 95-persentil", "väntetid, 95:e percentil"}},
    {"wait_share", "share", {"share who waited", "andel som ventet", "andel som väntade"}},
    {"los_mean", "h", {"mean length of stay", "gjennomsnittlig liggetid", "medelvårdtid"}},
    {"los_p50", "h", {"median length of stay", "median liggetid", "medianvårdtid"}},
    {"los_p90",
     "h",
     {"length of stay, 90th percentile", "liggetid, 90-persentil", "vårdtid, 90:e percentil"}},
    {"los_p95",
     "h",
     {"length of stay, 95th percentile", "liggetid, 95-persentil", "vårdtid, 95:e percentil"}},
    {"overflowed",
     "count",
     {"sent on (overflow)", "sendt videre (overløp)", "skickade vidare (överflöde)"}},
    {"rejected", "count", {"turned away", "avvist", "avvisade"}},
    {"turned_away_share",
     "share",
     {"turned away or sent on", "avvist eller sendt videre", "avvisade eller vidareskickade"}},
    {"blocked",
     "count",
     {"patients ready but blocked", "utskrivningsklare som venter",
      "utskrivningsklara som väntar"}},
    {"blocked_bed_days",
     "days",
     {"bed-days ready for discharge", "liggedøgn som utskrivningsklar",
      "vårddygn som utskrivningsklar"}},
    {"capacity_mean", "places", {"mean capacity", "gjennomsnittlig kapasitet", "medelkapacitet"}},
    {"discharge_wait_bed_days",
     "days",
     {"bed-days waiting for discharge hours", "liggedøgn i påvente av utskrivningstid",
      "vårddygn i väntan på utskrivningstid"}},
    {"appt_days_mean", "days", {"days to appointment", "dager til time", "dagar till besökstid"}},
    {"appt_days_p50",
     "days",
     {"days to appointment, median", "dager til time, median", "dagar till besökstid, median"}},
    {"appt_days_p90",
     "days",
     {"days to appointment, 90th percentile", "dager til time, 90-persentil",
      "dagar till besökstid, 90:e percentil"}},
    {"tnaa_days",
     "days",
     {"third next available appointment", "tredje ledige time", "tredje lediga tid"}},
    {"continuity_upc",
     "share",
     {"continuity with own doctor (UPC)", "kontinuitet hos egen lege (UPC)",
      "kontinuitet hos egen läkare (UPC)"}},
    {"slot_utilisation", "share", {"slots used", "timer brukt", "tider använda"}},
    {"urgent_same_day",
     "share",
     {"urgent seen the same day", "akutte sett samme dag", "akuta som fått tid samma dag"}},
    {"list_mean",
     "patients",
     {"patients per doctor's list", "pasienter per fastlegeliste", "patienter per läkarlista"}},
    {"list_max", "patients", {"longest list", "lengste liste", "längsta lista"}},
    {"travel_mean", "min", {"travel per visit", "reisetid per besøk", "restid per besök"}},
    {"contacts_per_1000",
     "per 1000 per year",
     {"contacts a year per 1,000", "kontakter per år per 1000", "kontakter per år per 1000"}},
    {"lists_per_person",
     "ratio",
     {"list places per person", "listeplasser per person", "listplatser per person"}},
    {"response_mean",
     "min",
     {"mean response time", "gjennomsnittlig responstid", "medelinsatstid"}},
    {"response_p50", "min", {"median response time", "median responstid", "medianinsatstid"}},
    {"response_p90",
     "min",
     {"response time, 90th percentile", "responstid, 90-persentil", "insatstid, 90:e percentil"}},
    {"response_within_12",
     "share",
     {"reached within 12 min", "nådd innen 12 min", "nådda inom 12 min"}},
    {"response_within_25",
     "share",
     {"reached within 25 min", "nådd innen 25 min", "nådda inom 25 min"}},
    {"response_urban_12",
     "share",
     {"urban calls within 12 min", "tettsted: innen 12 min", "tätort: inom 12 min"}},
    {"response_rural_25",
     "share",
     {"rural calls within 25 min", "spredtbygd: innen 25 min", "landsbygd: inom 25 min"}},
    {"response_from_elsewhere",
     "share",
     {"answered from another station", "besvart fra annen stasjon",
      "besvarade från annan station"}},
    {"station_empty_share",
     "share",
     {"station time with no vehicle free", "stasjonstid uten ledig bil",
      "stationstid utan ledigt fordon"}},
    /* ---- by hour and by month (sf_by_metric_name) ---- */
    {"arrivals_per_hour",
     "per hour",
     {"arrivals per hour", "ankomster per time", "ankomster per timme"}},
    {"arrivals_per_day", "per day", {"arrivals per day", "ankomster per dag", "ankomster per dag"}},
    {"blocked_mean",
     "places",
     {"beds held by patients ready to leave", "senger med utskrivningsklare",
      "sängar med utskrivningsklara"}},
    /* ---- flow metrics.json: summary ---- */
    {"rows", "count", {"rows read", "rader lest", "rader inlästa"}},
    {"rows_left_out", "count", {"rows left out", "rader utelatt", "rader utelämnade"}},
    {"patients", "count", {"patients", "pasienter", "patienter"}},
    {"episodes", "count", {"episodes of care", "forløp", "vårdförlopp"}},
    {"span_days", "days", {"days covered", "dager dekket", "dagar som täcks"}},
    {"bed_days", "days", {"bed-days", "liggedøgn", "vårddygn"}},
    {"peak_census", "patients", {"highest census", "høyeste belegg", "högsta beläggning"}},
    {"discharges", "count", {"discharges", "utskrivninger", "utskrivningar"}},
    {"readmissions", "count", {"readmissions", "reinnleggelser", "återinskrivningar"}},
    {"readmission_rate",
     "share",
     {"readmission rate", "andel reinnleggelser", "andel återinskrivningar"}},
    {"readmission_gap_p50_days",
     "days",
     {"days to readmission, median", "dager til reinnleggelse, median",
      "dagar till återinskrivning, median"}},
    {"patients_with_org",
     "count",
     {"patients with a known organisation", "pasienter med kjent organisasjon",
      "patienter med känd organisation"}},
    {"patients_shared",
     "count",
     {"patients shared by organisations", "pasienter delt mellom organisasjoner",
      "patienter delade mellan organisationer"}},
    {"shared_share",
     "share",
     {"share of patients shared", "andel delte pasienter", "andel delade patienter"}},
    {"variants", "count", {"pathway variants", "forløpsvarianter", "förloppsvarianter"}},
    {"variant_episodes",
     "count",
     {"episodes in the variants", "forløp i variantene", "förlopp i varianterna"}},
    {"ready_stays",
     "count",
     {"stays ready for discharge", "opphold med utskrivningsklar tid",
      "vistelser med utskrivningsklar tid"}},
    {"ready_patients",
     "count",
     {"patients ready for discharge", "utskrivningsklare pasienter",
      "utskrivningsklara patienter"}},
    {"ready_days",
     "days",
     {"days ready for discharge", "utskrivningsklare døgn", "utskrivningsklara dygn"}},
    {"ready_days_mean",
     "days",
     {"days ready for discharge, mean", "utskrivningsklare døgn, snitt",
      "utskrivningsklara dygn, medel"}},
    {"ready_days_per_1000",
     "per 1000",
     {"days ready for discharge per 1,000", "utskrivningsklare døgn per 1000",
      "utskrivningsklara dygn per 1000"}},
    {"ready_days_per_1000_year",
     "per 1000 per year",
     {"days ready for discharge a year per 1,000", "utskrivningsklare døgn per år per 1000",
      "utskrivningsklara dygn per år per 1000"}},
    {"non_resident_share",
     "share",
     {"share not resident", "andel ikke bosatt", "andel ej folkbokförda"}},
    {"non_resident", "count", {"not resident", "ikke bosatt", "ej folkbokförda"}},
    {"population", "count", {"population", "befolkning", "befolkning"}},
    {"continuity_patients",
     "count",
     {"patients in the continuity measure", "pasienter i kontinuitetsmålet",
      "patienter i kontinuitetsmåttet"}},
    {"upc_mean",
     "share",
     {"continuity with usual provider (UPC), mean", "kontinuitet hos fast behandler (UPC), snitt",
      "kontinuitet hos fast vårdgivare (UPC), medel"}},
    {"coc_mean",
     "ratio",
     {"continuity of care index (COC), mean", "kontinuitetsindeks (COC), snitt",
      "kontinuitetsindex (COC), medel"}},
    {"secon_mean",
     "ratio",
     {"sequential continuity (SECON), mean", "sekvensiell kontinuitet (SECON), snitt",
      "sekventiell kontinuitet (SECON), medel"}},
    /* ---- flow metrics.json: the tables' columns ---- */
    {"admissions", "count", {"admissions", "innleggelser", "inskrivningar"}},
    {"stays", "count", {"stays", "opphold", "vistelser"}},
    {"census_mean", "patients", {"mean census", "gjennomsnittlig belegg", "medelbeläggning"}},
    {"census_max", "patients", {"highest census", "høyeste belegg", "högsta beläggning"}},
    {"peak", "patients", {"peak census", "toppbelegg", "toppbeläggning"}},
    {"peak_at", "time", {"peak at", "topp ved", "topp vid"}},
    {"places", "places", {"places", "plasser", "platser"}},
    {"occupancy_pct", "%", {"occupancy", "belegg", "beläggning"}},
    {"full_hours_share", "share", {"time full", "tid fullt", "tid fullbelagd"}},
    {"bed_days_per_1000",
     "per 1000",
     {"bed-days per 1,000", "liggedøgn per 1000", "vårddygn per 1000"}},
    {"bed_days_per_1000_year",
     "per 1000 per year",
     {"bed-days a year per 1,000", "liggedøgn per år per 1000", "vårddygn per år per 1000"}},
    {"stays_per_1000", "per 1000", {"stays per 1,000", "opphold per 1000", "vistelser per 1000"}},
    {"stays_per_1000_year",
     "per 1000 per year",
     {"stays a year per 1,000", "opphold per år per 1000", "vistelser per år per 1000"}},
    {"zone_known", "count", {"with a known zone", "med kjent sone", "med känd zon"}},
    {"count", "count", {"number", "antall", "antal"}},
    {"n", "count", {"number", "antall", "antal"}},
    {"share", "share", {"share", "andel", "andel"}},
    {"hours", "h", {"hours observed", "timer observert", "observerade timmar"}},
    {"per_hour", "per hour", {"per hour", "per time", "per timme"}},
    {"mean", "patients", {"mean", "gjennomsnitt", "medelvärde"}},
    {"p10", "patients", {"10th percentile", "10-persentil", "10:e percentil"}},
    {"p50", "patients", {"median", "median", "median"}},
    {"p90", "patients", {"90th percentile", "90-persentil", "90:e percentil"}},
    {"mean_h", "h", {"mean", "gjennomsnitt", "medelvärde"}},
    {"sd_h", "h", {"standard deviation", "standardavvik", "standardavvikelse"}},
    {"min_h", "h", {"shortest", "korteste", "kortaste"}},
    {"max_h", "h", {"longest", "lengste", "längsta"}},
    {"p10_h", "h", {"10th percentile", "10-persentil", "10:e percentil"}},
    {"p25_h", "h", {"25th percentile", "25-persentil", "25:e percentil"}},
    {"p50_h", "h", {"median", "median", "median"}},
    {"p75_h", "h", {"75th percentile", "75-persentil", "75:e percentil"}},
    {"p90_h", "h", {"90th percentile", "90-persentil", "90:e percentil"}},
    {"p95_h", "h", {"95th percentile", "95-persentil", "95:e percentil"}},
    {"time_p50_h", "h", {"time between, median", "tid mellom, median", "tid emellan, median"}},
    {"gap_p50_h", "h", {"time between, median", "tid mellom, median", "tid emellan, median"}},
    {"duration_p50_h", "h", {"duration, median", "varighet, median", "varaktighet, median"}},
    {"organisations", "count", {"organisations", "organisasjoner", "organisationer"}},
    {"units", "count", {"units", "enheter", "enheter"}},
    {"length_of_stay", "h", {"length of stay", "liggetid", "vårdtid"}},
    {"wait", "h", {"wait", "ventetid", "väntetid"}},
    {"listed_visits",
     "count",
     {"visits of listed patients", "besøk av pasienter på listen", "besök av listade patienter"}},
    {"clinic_days", "count", {"clinic days", "åpningsdager", "mottagningsdagar"}},
};
enum { NLABELS = sizeof labels / sizeof labels[0] };

const sf_label *sf_label_table(int *n) {
    *n = NLABELS;
    return labels;
}

const sf_label *sf_label_find(const char *key) {
    for (int i = 0; key && i < NLABELS; i++)
        if (!strcmp(labels[i].key, key))
            return &labels[i];
    return NULL;
}

const char *sf_label_name(const char *key, sf_lang l) {
    const sf_label *e = sf_label_find(key);
    return e ? e->name[l] : key;
}

const char *sf_metric_label(sf_metric m, sf_lang l) { return sf_label_name(sf_metric_name(m), l); }

const char *sf_by_metric_label(sf_by_metric m, int monthly, sf_lang l) {
    return sf_label_name(sf_by_metric_name(m, monthly), l);
}

/* ---- languages --------------------------------------------------------- */

static const char *const codes[SF_LANG_COUNT] = {"en", "nb", "sv"};

const char *sf_lang_code(sf_lang l) { return codes[l]; }

int sf_lang_parse(const char *s, sf_lang *out) {
    if (!s)
        return -1;
    if (!strcmp(s, "en"))
        *out = SF_LANG_EN;
    else if (!strcmp(s, "nb") || !strcmp(s, "no") || !strcmp(s, "nn"))
        *out = SF_LANG_NB;
    else if (!strcmp(s, "sv"))
        *out = SF_LANG_SV;
    else
        return -1;
    return 0;
}

/* Accept-Language: comma-separated ranges, each "tag[;q=N]" (tag like
 * "nb-NO" or "*"). The range with the highest q whose primary subtag we
 * have wins; ties go to the earlier one. */
sf_lang sf_lang_from_accept_language(const char *h) {
    sf_lang best = SF_LANG_EN;
    double bestq = 0;
    for (const char *p = h; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        char tag[9];
        size_t n = 0;
        while (isalpha((unsigned char)*p) && n < sizeof tag - 1)
            tag[n++] = (char)tolower((unsigned char)*p++);
        tag[n] = 0;
        double q = 1;
        /* the rest of this range: subtags, then parameters */
        while (*p && *p != ',' && *p != ';')
            p++;
        while (*p == ';') {
            p++;
            while (*p == ' ')
                p++;
            if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
                char *end;
                q = strtod(p + 2, &end);
                if (end == p + 2 || !(q >= 0 && q <= 1))
                    q = 0;
                p = end;
            }
            while (*p && *p != ',' && *p != ';')
                p++;
        }
        sf_lang l;
        if (n && sf_lang_parse(tag, &l) == 0 && q > bestq) {
            best = l;
            bestq = q;
        }
    }
    return best;
}

/* ---- units --------------------------------------------------------------- */

static const struct {
    const char *unit;
    const char *word[SF_LANG_COUNT];
} unit_words[] = {
    {"h", {"hours", "timer", "timmar"}},
    {"min", {"min", "min", "min"}},
    {"days", {"days", "dager", "dagar"}},
    {"share", {"%", "%", "%"}},
    {"%", {"%", "%", "%"}},
    {"count", {"number", "antall", "antal"}},
    {"places", {"places", "plasser", "platser"}},
    {"patients", {"patients", "pasienter", "patienter"}},
    {"per day", {"per day", "per dag", "per dag"}},
    {"per hour", {"per hour", "per time", "per timme"}},
    {"per 1000", {"per 1,000", "per 1000", "per 1000"}},
    {"per 1000 per year", {"a year per 1,000", "per år per 1000", "per år per 1000"}},
    {"ratio", {"ratio", "forhold", "kvot"}},
};

const char *sf_unit_word(const char *unit, sf_lang l) {
    for (size_t i = 0; i < sizeof unit_words / sizeof *unit_words; i++)
        if (!strcmp(unit_words[i].unit, unit))
            return unit_words[i].word[l];
    return unit;
}

sf_shown sf_shown_unit(const char *unit, int kind, double ref, sf_lang l) {
    if (!strcmp(unit, "share"))
        return (sf_shown){100, 1, "%"};
    if (!strcmp(unit, "days"))
        return (sf_shown){1, 1, sf_unit_word("days", l)};
    if (!strcmp(unit, "min"))
        return (sf_shown){1, 1, "min"};
    if (!strcmp(unit, "h")) {
        sf_shown min = {60, 1, "min"}, h = {1, 1, sf_unit_word("h", l)},
                 d = {1.0 / 24, 1, sf_unit_word("days", l)};
        switch (kind) {
        case SF_UNIT_WALKIN:
        case SF_UNIT_RESPONSE: return isfinite(ref) && ref >= 4 ? h : min;
        case SF_UNIT_BOOKED: return d;
        case SF_UNIT_WARD: return isfinite(ref) && ref < 48 ? h : d;
        default: return !isfinite(ref) ? h : ref < 2 ? min : ref < 48 ? h : d;
        }
    }
    return (sf_shown){1, 1, sf_unit_word(unit, l)};
}

/* ---- numbers ------------------------------------------------------------- */

/* The digits in s (as printf wrote them: "-12345.6") with l's decimal
 * sign, and groups of three separated from 10000 on in nb and sv. */
static char *localise(char *buf, size_t size, const char *s, sf_lang l) {
    if (l == SF_LANG_EN) {
        snprintf(buf, size, "%s", s);
        return buf;
    }
    const char *dot = strchr(s, '.'), *digits = s + (*s == '-');
    size_t nint = (size_t)((dot ? dot : s + strlen(s)) - digits), o = 0;
    char out[128];
    if (*s == '-')
        o += (size_t)snprintf(out + o, sizeof out - o, "−"); /* U+2212 minus */
    for (size_t i = 0; i < nint && o + 4 < sizeof out; i++) {
        if (nint >= 5 && i && (nint - i) % 3 == 0) {
            memcpy(out + o, "\u202f", 3); /* narrow no-break space */
            o += 3;
        }
        out[o++] = digits[i];
    }
    if (dot) {
        out[o++] = ',';
        for (const char *p = dot + 1; *p && o + 1 < sizeof out; p++)
            out[o++] = *p;
    }
    out[o] = 0;
    snprintf(buf, size, "%s", out);
    return buf;
}

char *sf_fmt_fixed(char *buf, size_t size, double x, int dec, sf_lang l) {
    if (!isfinite(x)) {
        snprintf(buf, size, "-");
        return buf;
    }
    char s[64];
    snprintf(s, sizeof s, "%.*f", dec, x);
    if (!strcmp(s, "-0") || (s[0] == '-' && strspn(s + 1, "0.") == strlen(s + 1)))
        memmove(s, s + 1, strlen(s));
    return localise(buf, size, s, l);
}

char *sf_fmt_num(char *buf, size_t size, double x, sf_lang l) {
    if (!isfinite(x)) {
        if (size)
            buf[0] = 0;
        return buf;
    }
    char s[64];
    snprintf(s, sizeof s, fabs(x) >= 1000 || x == floor(x) ? "%.0f" : "%.4g", x);
    if (strchr(s, 'e')) /* %.4g of a tiny number: plain decimals instead */
        snprintf(s, sizeof s, "%.6f", x);
    return localise(buf, size, s, l);
}

/* ---- calendar words ------------------------------------------------------ */

static const char *const months[SF_LANG_COUNT][12] = {
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    {"jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"},
    {"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
};
static const char *const days[SF_LANG_COUNT][7] = {
    {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
    {"man", "tir", "ons", "tor", "fre", "lør", "søn"},
    {"mån", "tis", "ons", "tor", "fre", "lör", "sön"},
};

const char *sf_month_name(int month, sf_lang l) { return months[l][((month % 12) + 12) % 12]; }
const char *sf_weekday_abbr(int day, sf_lang l) { return days[l][((day % 7) + 7) % 7]; }

/* ---- the reports' fixed words --------------------------------------------- */

static const char *const phrases[][SF_LANG_COUNT] = {
#include "report/phrases.inc"
};

const char *sf_tr(const char *s, sf_lang l) {
    if (l == SF_LANG_EN)
        return s;
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++)
        if (!strcmp(phrases[i][0], s))
            return phrases[i][l];
    return s;
}

const char *const *sf_phrase_row(int i, int *n) {
    *n = (int)(sizeof phrases / sizeof *phrases);
    return i >= 0 && i < *n ? phrases[i] : NULL;
}
