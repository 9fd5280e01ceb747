/* ingest.c: what the readers share (ingest.h): field and reason names,
 * options, the presets and --map parsing, the header-only mapping guess,
 * dispatch by content, and the post-pass that sorts the table and derives
 * from/to from consecutive stays. */
#include "flow/ingest_impl.h"

#include "core/diag.h"
#include "core/textout.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static const char *const col_names[SF_C_N] = {
    "patient", "unit",  "org",  "arrive",   "start",    "end",       "from", "to",
    "class",   "ready", "zone", "provider", "instance", "lifecycle", "time",
};

const char *sf_flow_col_name(sf_flow_col c) { return c < SF_C_N ? col_names[c] : "?"; }

int sf_flow_col_is_time(sf_flow_col c) {
    return c == SF_C_ARRIVE || c == SF_C_START || c == SF_C_END || c == SF_C_READY ||
           c == SF_C_TIME;
}

static const char *const reason_names[SF_R_N][2] = {
    {"wrong number of fields", "fields"},   {"malformed quoting", "quoting"},
    {"missing patient", "missing_patient"}, {"missing unit", "missing_unit"},
    {"missing time", "missing_time"},       {"bad time", "bad_time"},
    {"times out of order", "time_order"},   {"unpaired start/complete", "unpaired"},
    {"unknown lifecycle", "lifecycle"},     {"bad JSON", "bad_json"},
    {"not an Encounter", "not_encounter"},  {"invalid UTF-8", "utf8"},
    {"control character", "control"},
};

/* Names that differ only in a byte nobody sees (NUL, tab, escape, DEL)
 * would print alike and count apart: such a byte inside a name is refused.
 * CR and LF are allowed (RFC 4180 quoted fields hold line breaks). */
ptrdiff_t sf_flow_control_at(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 && ch != '\n' && ch != '\r') || ch == 0x7F)
            return (ptrdiff_t)i;
    }
    return -1;
}

const char *sf_flow_reason_name(sf_flow_reason r) { return r < SF_R_N ? reason_names[r][0] : "?"; }
const char *sf_flow_reason_key(sf_flow_reason r) { return r < SF_R_N ? reason_names[r][1] : "?"; }

void sf_flow_read_opts_init(sf_flow_read_opts *o) {
    memset(o, 0, sizeof *o);
    sf_tz_parse("Europe/Oslo", &o->tz);
    o->link_gap = 3600;
}

int sf_flow_read_cancel_ask(const sf_flow_read_opts *o, uint64_t rows, const char *name,
                            uint64_t line, sf_diag *d) {
    if (!o->cancel(o->cancel_user))
        return 0;
    return sf_diag_set(d, SF_ERR_CANCELLED, name, line > INT32_MAX ? 0 : (int)line, 0,
                       "the read was cancelled after %" PRIu64 " rows", rows);
}

/* ---- presets ----------------------------------------------------------- */

const sf_flow_preset sf_flow_preset_table[] = {
    {"samflyt",
     "patient=patient,unit=unit,org=org,arrive=arrive,start=start,end=end,from=from,to=to,"
     "class=class,ready=ready,zone=zone,provider=provider",
     "patient,unit,start,end", NULL, NULL},
    /* MIMIC-IV hosp/transfers: one row per ward stay; "discharge" rows mark
     * the end of an admission and are not stays. from/to come from
     * consecutive transfers (sf_flow_finish). */
    {"mimic-transfers", "patient=subject_id,unit=careunit,start=intime,end=outtime",
     "subject_id,careunit,intime,outtime", "eventtype", "discharge"},
    /* MIMIC-III TRANSFERS: one row per ward stay too, under other names;
     * every stay has a ward id, only ICU stays a care unit, so the ward is
     * the unit. */
    {"mimic3-transfers", "patient=subject_id,unit=curr_wardid,start=intime,end=outtime",
     "subject_id,curr_wardid,eventtype,intime,outtime", "eventtype", "discharge"},
    /* Synthea encounters.csv: one row per encounter. */
    {"synthea-encounters",
     "patient=PATIENT,unit=ENCOUNTERCLASS,class=ENCOUNTERCLASS,org=ORGANIZATION,provider="
     "PROVIDER,start=START,end=STOP",
     "PATIENT,ENCOUNTERCLASS,START,STOP", NULL, NULL},
    /* bupaR's patients event log: start/complete rows per activity
     * instance (handling_id). */
    {"bupar",
     "patient=patient,unit=handling,provider=employee,instance=handling_id,lifecycle="
     "registration_type,time=time",
     "patient,handling,handling_id,registration_type,time", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const char *const *sf_flow_presets(void) {
    static const char *const names[] = {
        "samflyt", "mimic-transfers", "mimic3-transfers", "synthea-encounters", "bupar", NULL};
    return names;
}

const sf_flow_preset *sf_flow_preset_find(const char *name) {
    for (const sf_flow_preset *p = sf_flow_preset_table; p->name; p++)
        if (!strcasecmp(p->name, name))
            return p;
    return NULL;
}

/* ---- header handling ---------------------------------------------------- */

int sf_flow_header_find(const sf_str *cols, int ncols, const char *name, size_t len) {
    for (int i = 0; i < ncols; i++)
        if (cols[i].len == len && !strncasecmp(cols[i].s, name, len))
            return i;
    return -1;
}

/* Does the header hold every column of a comma-separated list? */
static int header_has_all(const sf_str *cols, int ncols, const char *list) {
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (sf_flow_header_find(cols, ncols, p, len) < 0)
            return 0;
        p += len + (e != NULL);
    }
    return 1;
}

const sf_flow_preset *sf_flow_preset_detect(const sf_str *cols, int ncols) {
    for (const sf_flow_preset *p = sf_flow_preset_table; p->name; p++)
        if (header_has_all(cols, ncols, p->requires))
            return p;
    return NULL;
}

/* Applies "field=column,..." to map[]. soft: columns absent from the
 * header leave the field unmapped (presets' optional columns); otherwise
 * an absent column is an error. */
int sf_flow_apply_map(const char *text, const sf_str *cols, int ncols, int soft, int *map,
                      const char *what, sf_diag *d, const char *path) {
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq)
            return sf_diag_set(d, SF_ERR_ARG, NULL, 0, 0,
                               "%s: '%.*s' is not field=column (fields: patient unit org arrive "
                               "start end from to class ready zone provider instance lifecycle "
                               "time)",
                               what, (int)len, p);
        size_t flen = (size_t)(eq - p);
        int f = -1;
        for (int k = 0; k < SF_C_N; k++)
            if (strlen(col_names[k]) == flen && !strncasecmp(col_names[k], p, flen))
                f = k;
        if (f < 0)
            return sf_diag_set(d, SF_ERR_ARG, NULL, 0, 0,
                               "%s: unknown field '%.*s' (fields: patient unit org arrive start "
                               "end from to class ready zone provider instance lifecycle time)",
                               what, (int)flen, p);
        const char *c = eq + 1;
        size_t clen = len - flen - 1;
        int idx = -1;
        if (clen > 1 && c[0] == '#') {
            /* #N: the N-th column, counting from 1 */
            char *end;
            long v = strtol(c + 1, &end, 10);
            if (end == c + clen && v >= 1 && v <= ncols)
                idx = (int)v - 1;
        } else if (clen) {
            idx = sf_flow_header_find(cols, ncols, c, clen);
        }
        if (idx < 0 && clen && !soft) {
            char list[1024];
            sf_flow_join_header(cols, ncols, list, sizeof list);
            return sf_diag_set(d, SF_ERR_ARG, path, 1, 0,
                               "%s: column '%.*s' for %s is not in the header (columns: %s)", what,
                               (int)clen, c, col_names[f], list);
        }
        map[f] = idx;
        p += len + (e != NULL);
    }
    return 0;
}

void sf_flow_join_header(const sf_str *cols, int ncols, char *buf, size_t size) {
    size_t used = 0;
    buf[0] = 0;
    for (int i = 0; i < ncols && used + 1 < size; i++) {
        int w =
            snprintf(buf + used, size - used, "%s%.*s", i ? "," : "", (int)cols[i].len, cols[i].s);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= size && size > 4)
        memcpy(buf + size - 4, "...", 4);
}

/* ---- guessing a mapping from a header ----------------------------------- */

/* Known names and synonyms per field, lower case, compared ignoring case
 * and the characters " _-:." so "Patient ID", "patient_id" and "PatientId"
 * all match "patientid". Earlier entries win. */
static const char *const synonyms[SF_C_N] = {
    /* patient */
    "patient patientid patientnr patientnumber subjectid subject pasient pasientid pasientnr "
    "personid person pid mrn caseconceptname caseid case",
    /* unit */
    "unit careunit ward unitname department dept avdeling post enhet location locationname "
    "currcareunit currwardid wardid "
    "handling activity conceptname activityname activityid encounterclass section seksjon",
    /* org */
    "org organisation organization orgname organisationname organizationname serviceprovider "
    "hospital sykehus kommune municipality facility institution",
    /* arrive */
    "arrive arrival arrivaltime arrivedat arrivetime ankomst ankomsttid requested requesttime "
    "referral referraltime henvisning",
    /* start */
    "start starttime startdate intime admittime admissiontime admitted admission innleggelse "
    "innlagt inn innskrevet begin begintime startedat from_time fromtime",
    /* end */
    "end endtime enddate outtime dischtime dischargetime discharged stop stoptime utskrevet "
    "utskrivning ut endedat totime",
    /* from */
    "from fromunit source admitsource admissionsource previousunit prevunit kommerfra",
    /* to */
    "to tounit destination dischargeto dischargelocation dischargedisposition nextunit "
    "utskrevettil",
    /* class */
    "class patientclass category priority hastegrad triage acuity urgency type",
    /* ready */
    "ready readyfordischarge readytime rfd medicallyready utskrivningsklar utskrivningsklartid "
    "dischargeready klar",
    /* zone */
    "zone homezone residence bostedskommune homemunicipality postcode postalcode zip zipcode "
    "postnummer",
    /* provider */
    "provider providerid physician doctor lege fastlege gp clinician caregiver employee "
    "resource orgresource practitioner",
    /* instance */
    "instance instanceid handlingid activityinstanceid activityinstance",
    /* lifecycle */
    "lifecycle lifecycletransition transition registrationtype status eventstatus",
    /* time */
    "time timestamp timetimestamp eventtime datetime dato tid",
};

/* c lowered, without " _-:." */
static size_t squash(const char *s, size_t n, char *out, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '_' || c == '-' || c == ':' || c == '.')
            continue;
        out[k++] = (char)tolower(c);
    }
    out[k] = 0;
    return k;
}

static int syn_rank(sf_flow_col f, const char *sq) {
    const char *p = synonyms[f];
    int rank = 0;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char w[64];
        size_t wl = squash(p, len, w, sizeof w);
        if (wl == strlen(sq) && !memcmp(w, sq, wl))
            return rank;
        rank++;
        p += len + (e != NULL);
    }
    return -1;
}

void sf_flow_guess_cols(const sf_str *cols, int ncols, int *map) {
    int best[SF_C_N];
    for (int f = 0; f < SF_C_N; f++) {
        map[f] = -1;
        best[f] = 1 << 30;
    }
    /* each column goes to the field where its name ranks best; a field
     * takes the best-ranked column among those */
    for (int c = 0; c < ncols && c < 1024; c++) {
        char sq[128];
        squash(cols[c].s, cols[c].len, sq, sizeof sq);
        int bf = -1, br = 1 << 30;
        for (int f = 0; f < SF_C_N; f++) {
            int r = syn_rank((sf_flow_col)f, sq);
            if (r >= 0 && r < br) {
                br = r;
                bf = f;
            }
        }
        if (bf >= 0 && br < best[bf]) {
            map[bf] = c;
            best[bf] = br;
        }
    }
    /* an activity log has one time column: it is not start/end */
    if (map[SF_C_LIFECYCLE] >= 0 && map[SF_C_TIME] < 0 && map[SF_C_START] >= 0 &&
        map[SF_C_END] < 0) {
        map[SF_C_TIME] = map[SF_C_START];
        map[SF_C_START] = -1;
    }
}

void sf_flow_map_text(const sf_str *cols, const int *map, char *buf, size_t size) {
    size_t used = 0;
    buf[0] = 0;
    for (int f = 0; f < SF_C_N; f++) {
        if (map[f] < 0)
            continue;
        int w = snprintf(buf + used, size - used, "%s%s=%.*s", used ? "," : "", col_names[f],
                         (int)cols[map[f]].len, cols[map[f]].s);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
}

int sf_flow_guess_header(const char *line, size_t len, sf_flow_guess_result *g) {
    memset(g, 0, sizeof *g);
    sf_str cols[1024];
    int n = sf_csv_split_header(line, len, 0, cols, 1024, &g->delim);
    if (n <= 0)
        return SF_ERR_SYNTAX;
    g->ncols = n;
    sf_flow_join_header(cols, n, g->columns, sizeof g->columns);
    const sf_flow_preset *p = sf_flow_preset_detect(cols, n);
    if (p) {
        g->preset = p->name;
        for (int f = 0; f < SF_C_N; f++)
            g->map[f] = -1;
        sf_flow_apply_map(p->map, cols, n, 1, g->map, "preset", NULL, NULL);
    } else {
        sf_flow_guess_cols(cols, n, g->map);
    }
    sf_flow_map_text(cols, g->map, g->text, sizeof g->text);
    return 0;
}

/* An activity log of complete events only (the Sepsis log, many XES
 * exports) has nothing to pair, and the lifecycle mapping would keep no
 * stay. The sampled rows tell: then each event is suggested as an
 * instant, start = end = its time, which the reader takes as it is. */
static void guess_instants(sf_flow_guess_result *g, const char *text, size_t len, size_t hl) {
    int lc = g->map[SF_C_LIFECYCLE], tc = g->map[SF_C_TIME];
    if (lc < 0 || tc < 0)
        return;
    uint64_t starts = 0, completes = 0;
    size_t p = hl;
    while (p < len) {
        while (p < len && (text[p] == '\n' || text[p] == '\r'))
            p++;
        size_t e = p;
        while (e < len && text[e] != '\n' && text[e] != '\r')
            e++;
        if (e >= len)
            break; /* a row the sample cut */
        sf_str cols[1024];
        int n = sf_csv_split_header(text + p, e - p, g->delim, cols, 1024, NULL);
        if (n == g->ncols) {
            int k = sf_flow_lifecycle_kind(cols[lc]);
            starts += k == 1;
            completes += k == 2;
        }
        p = e;
    }
    if (starts || !completes)
        return;
    g->map[SF_C_START] = g->map[SF_C_END] = tc;
    g->map[SF_C_TIME] = g->map[SF_C_LIFECYCLE] = g->map[SF_C_INSTANCE] = -1;
    g->instants = 1;
    sf_str hc[1024];
    int n = sf_csv_split_header(text, hl, g->delim, hc, 1024, NULL);
    if (n == g->ncols)
        sf_flow_map_text(hc, g->map, g->text, sizeof g->text);
}

int sf_flow_guess(const char *path, sf_flow_guess_result *g, sf_diag *d) {
    gzFile f;
    int e = sf_flow_open(path, &f, d);
    if (e)
        return e;
    /* the header is the first line; 64 KiB is plenty for any header */
    char *buf = malloc(65536);
    if (!buf) {
        gzclose(f);
        return SF_ERR_NOMEM;
    }
    int n = gzread(f, buf, 65535);
    if (n < 0) {
        free(buf);
        e = sf_flow_gz_fail(f, path, 1, d);
        gzclose(f);
        return e;
    }
    gzclose(f);
    if (n <= 0) {
        free(buf);
        return sf_diag_set(d, SF_ERR_SYNTAX, path, 1, 0, "the file is empty: expected a header");
    }
    size_t len = (size_t)n, off = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        off = 3;
    size_t b = off;
    while (b < len && (buf[b] == ' ' || buf[b] == '\t' || buf[b] == '\r' || buf[b] == '\n'))
        b++;
    if (b < len && (buf[b] == '{' || buf[b] == '[')) {
        /* FHIR JSON: the mapping is fixed (docs/ingest.md) */
        free(buf);
        memset(g, 0, sizeof *g);
        for (int f = 0; f < SF_C_N; f++)
            g->map[f] = -1;
        g->preset = "fhir-r4";
        return 0;
    }
    /* the first line ends at LF, CRLF or a CR alone (old Mac) */
    size_t ll = 0;
    while (off + ll < len && buf[off + ll] != '\n' && buf[off + ll] != '\r')
        ll++;
    /* a binary file (a spreadsheet, an image) is refused, not printed */
    const unsigned char *h = (const unsigned char *)buf + off;
    size_t bad = ll;
    for (size_t k = 0; k < ll && bad == ll; k++)
        if ((h[k] < 0x20 && h[k] != '\t') || h[k] == 0x7F)
            bad = k;
    if (bad < ll) {
        unsigned byte = h[bad];
        free(buf);
        return sf_diag_set(d, SF_ERR_SYNTAX, path, 1, (int)bad + 1,
                           "not a text file: byte 0x%02X in the first line (a spreadsheet .xlsx, "
                           "or another binary file? save it as CSV)",
                           byte);
    }
    for (size_t k = 0, w; k < ll; k += w)
        if (!(w = sf_utf8_len(h + k, ll - k))) {
            free(buf);
            return sf_diag_set(d, SF_ERR_SYNTAX, path, 1, (int)k + 1,
                               "the header is not valid UTF-8 (a Windows-1252 or Latin-1 "
                               "export?): convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8");
        }
    int err = sf_flow_guess_header(buf + off, ll, g);
    if (!err)
        guess_instants(g, buf + off, len - off, ll);
    free(buf);
    if (err)
        return sf_diag_set(d, err, path, 1, 1, "cannot read a header line");
    return 0;
}

/* ---- opening ---------------------------------------------------------------- */

int sf_flow_open(const char *path, gzFile *gz, sf_diag *d) {
    *gz = NULL;
    int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(0);
    if (fd < 0)
        return sf_diag_set(d, SF_ERR_IO, path, 0, 0, "cannot open the file: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return sf_diag_set(d, SF_ERR_IO, path, 0, 0, "is a directory, not a data file");
    }
    *gz = gzdopen(fd, "rb");
    if (!*gz) {
        close(fd);
        return sf_diag_set(d, SF_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    gzbuffer(*gz, 1u << 17);
    return 0;
}

/* ---- gzip end of stream ------------------------------------------------- */

int sf_flow_gz_bad(gzFile gz) {
    int err = Z_OK;
    gzerror(gz, &err);
    return err != Z_OK;
}

int sf_flow_gz_fail(gzFile gz, const char *name, uint64_t line, sf_diag *d) {
    int err = Z_OK, en = errno;
    const char *msg = gzerror(gz, &err);
    /* zlib's text starts with the path it was given: the diagnostic has it */
    const char *colon = msg ? strstr(msg, ": ") : NULL;
    for (const char *n; colon && (n = strstr(colon + 2, ": "));)
        colon = n;
    if (colon)
        msg = colon + 2;
    int ln = (int)(line > INT32_MAX ? 0 : line);
    if (err == Z_BUF_ERROR)
        return sf_diag_set(d, SF_ERR_IO, name, ln, 0,
                           "the gzip file is cut short: it ends before its end marker (an "
                           "interrupted download or copy?); nothing is read from a cut file, "
                           "fetch it again");
    if (err == Z_ERRNO)
        return sf_diag_set(d, SF_ERR_IO, name, ln, 0, "cannot read the file: %s", strerror(en));
    if (err == Z_MEM_ERROR)
        return sf_diag_set(d, SF_ERR_NOMEM, name, ln, 0, "out of memory");
    return sf_diag_set(d, SF_ERR_IO, name, ln, 0,
                       "the gzip data are damaged (%s): the file is cut or corrupt, fetch it "
                       "again",
                       msg && *msg ? msg : "unreadable");
}

/* ---- foreign times ------------------------------------------------------- */

void sf_flow_note_offset(sf_flow_read_report *rep, const sf_tz *tz, const char *s, size_t n) {
    if (rep->foreign || !sf_time_has_offset(s, n))
        return;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    /* the offset is the value read as written, less the value read with
     * its offset cut off, both in UTC */
    size_t m = n;
    if (m && (s[m - 1] == 'Z' || s[m - 1] == 'z'))
        return; /* UTC: stored so anywhere */
    while (m > 10 && s[m - 1] != '+' && s[m - 1] != '-')
        m--;
    if (m <= 10)
        return;
    /* +00:00 is UTC too (as a UTC trace writes every time): nothing to note */
    if (n - m == 5 && !memcmp(s + m, "00:00", 5))
        return;
    sf_tz utc;
    if (sf_tz_parse("UTC", &utc))
        return;
    int64_t at, wall;
    size_t col;
    if (sf_time_parse(s, n, SF_TF_ISO, &utc, &at, &col) ||
        sf_time_parse(s, m - 1, SF_TF_ISO, &utc, &wall, &col))
        return;
    int32_t off = (int32_t)(wall - at);
    if (off && off != sf_tz_offset(tz, at)) {
        rep->foreign = 1;
        rep->foreign_off = off;
    }
}

/* ---- report helpers ------------------------------------------------------ */

void sf_flow_report_init(sf_flow_read_report *rep, const char *path, const char *kind) {
    memset(rep, 0, sizeof *rep);
    snprintf(rep->path, sizeof rep->path, "%s", path ? path : "");
    snprintf(rep->kind, sizeof rep->kind, "%s", kind);
    rep->tmin = INT64_MAX;
    rep->tmax = INT64_MIN;
}

void sf_flow_report_skip(sf_flow_read_report *rep, sf_flow_reason r, uint64_t line) {
    if (rep->reason[r] < SF_FLOW_MAX_LINES)
        rep->lines[r][rep->reason[r]] = line;
    rep->reason[r]++;
    rep->skipped++;
}

/* ---- dispatch and post-pass ---------------------------------------------- */

int sf_flow_read_file(const char *path, const sf_flow_read_opts *o, sf_stays *t,
                      sf_flow_read_report *rep, sf_diag *d) {
    gzFile gz;
    int e = sf_flow_open(path, &gz, d);
    if (e) {
        sf_flow_report_init(rep, path, "?");
        return e;
    }
    /* the first non-blank byte says which reader; the bytes read to see it
     * are handed on, not read again (a pipe gives them once) */
    char buf[4096];
    size_t n = 0, i = 0;
    int r = 0;
    for (;;) {
        if (i == 0 && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
            i = 3;
        while (i < n && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
            i++;
        if (i < n || n == sizeof buf)
            break;
        r = gzread(gz, buf + n, (unsigned)(sizeof buf - n));
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    if (r < 0 || (r == 0 && sf_flow_gz_bad(gz))) {
        sf_flow_report_init(rep, path, "?");
        e = sf_flow_gz_fail(gz, path, 1, d);
    } else if (i < n && (buf[i] == '{' || buf[i] == '[')) {
        e = sf_flow_read_fhir_gz(gz, buf, n, path, o, t, rep, d);
    } else {
        e = sf_flow_read_csv_gz(gz, buf, n, path, o, t, rep, d);
    }
    gzclose(gz);
    return e;
}

int sf_flow_same_file(const char *a, const char *b) {
    if (!strcmp(a, "-") || !strcmp(b, "-"))
        return !strcmp(a, b);
    struct stat sa, sb;
    return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Drops exact duplicates from a table sorted by patient, start, end and
 * file order (sf_stays_sort_by_patient): copies sit in one run of equal
 * patient, start and end, and the first of each unit there is kept. */
static void drop_duplicates(sf_stays *t, sf_flow_dups *dups) {
    size_t w = 0;
    for (size_t i = 0, run = 0; i < t->n; i++) {
        if (i == 0 || t->patient[i] != t->patient[run] ||
            sf_stays_start(t, i) != sf_stays_start(t, run) ||
            sf_stays_end(t, i) != sf_stays_end(t, run))
            run = w; /* a new run starts at the next row written */
        int dup = 0;
        for (size_t k = run; k < w && !dup; k++)
            dup = sf_stays_unit(t, k) == sf_stays_unit(t, i);
        if (dup) {
            if (dups->nfirst < SF_FLOW_MAX_LINES) {
                dups->first[dups->nfirst].patient = t->patient[i];
                dups->first[dups->nfirst].unit = sf_stays_unit(t, i);
                dups->first[dups->nfirst].start = sf_stays_start(t, i);
                dups->first[dups->nfirst].end = sf_stays_end(t, i);
                dups->nfirst++;
            }
            dups->n++;
            continue;
        }
        if (w != i) {
#define MOVE(col)                                                                                  \
    do {                                                                                           \
        if (t->col)                                                                                \
            t->col[w] = t->col[i];                                                                 \
    } while (0)
            MOVE(patient);
            MOVE(unit16);
            MOVE(unit32);
            MOVE(org16);
            MOVE(org32);
            MOVE(cls16);
            MOVE(cls32);
            MOVE(zone);
            MOVE(provider);
            MOVE(from16);
            MOVE(from32);
            MOVE(to16);
            MOVE(to32);
            MOVE(arrive);
            MOVE(start32);
            MOVE(end32);
            MOVE(start64);
            MOVE(end64);
            MOVE(ready);
#undef MOVE
        }
        w++;
    }
    t->n = w;
}

int sf_flow_finish(sf_stays *t, const sf_flow_read_opts *o, int derive) {
    return sf_flow_finish_dups(t, o, derive, NULL);
}

int sf_flow_finish_dups(sf_stays *t, const sf_flow_read_opts *o, int derive, sf_flow_dups *dups) {
    int err = sf_stays_sort_by_patient(t);
    if (err)
        return err;
    if (dups) {
        memset(dups, 0, sizeof *dups);
        drop_duplicates(t, dups);
    }
    if (!derive)
        return 0;
    /* Link consecutive stays of one patient when neither side has from/to
     * from the data: the next stay starts at most link_gap after this one
     * ends (and not before it started: overlapping stays, e.g. a GP visit
     * during a hospital stay, are parallel, not a transfer). */
    for (size_t i = 0; i + 1 < t->n; i++) {
        if (t->patient[i] != t->patient[i + 1])
            continue;
        if (sf_stays_to(t, i) != SF_ID_NONE || sf_stays_from(t, i + 1) != SF_ID_NONE)
            continue;
        if (sf_stays_end(t, i) == SF_T_NONE) /* open, not given an end (stays.h) */
            continue;
        int64_t gap = sf_stays_start(t, i + 1) - sf_stays_end(t, i);
        if (gap < 0 || gap > o->link_gap)
            continue;
        sf_stays_set_to(t, i, sf_stays_unit(t, i + 1));
        sf_stays_set_from(t, i + 1, sf_stays_unit(t, i));
    }
    return 0;
}

int sf_flow_report_has_from_to(const sf_flow_read_report *rep) {
    return rep->column[SF_C_FROM][0] || rep->column[SF_C_TO][0];
}
