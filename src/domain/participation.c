/*
 * participation.c: reach, measured, and the wijkspreekuur's term (see
 * participation.h), from the queries of store/participation_store.h.
 */
#include "participation.h"

#include "domain/calendar.h"
#include "domain/resident.h"
#include "store/participation_store.h"

#include <math.h>
#include <string.h>

const char *const participation_channels_order[PARTICIPATION_NCHANNELS] = {
    "online", "balie", "papier", "bijeenkomst", "overig"};

void participation_suppress(const int64_t *v, size_t nrows, size_t ncols, unsigned char *state)
{
    size_t n = nrows * ncols;
    for (size_t i = 0; i < n; i++)
        state[i] = v[i] < PARTICIPATION_MIN_CELL ? PART_SMALL : PART_SHOWN;
    int changed = 1;
    while (changed) {
        changed = 0;
        /* the rows (parts: the columns but the last), then the columns */
        for (int dir = 0; dir < 2; dir++) {
            size_t nlines = dir == 0 ? nrows : ncols, nparts = dir == 0 ? ncols - 1 : nrows - 1;
            for (size_t l = 0; l < nlines; l++) {
#define AT(k) (dir == 0 ? l * ncols + (k) : (k)*ncols + l)
                size_t total = AT(nparts);
                if (state[total] != PART_SHOWN)
                    continue;
                size_t hidden = 0, pick = n;
                for (size_t k = 0; k < nparts; k++) {
                    size_t i = AT(k);
                    if (state[i] != PART_SHOWN)
                        hidden++;
                    else if (pick == n || v[i] < v[pick])
                        pick = i;
                }
#undef AT
                if (hidden != 1)
                    continue;
                state[pick == n ? total : pick] = PART_HIDDEN;
                changed = 1;
            }
        }
    }
}

static json_t *cell(int64_t v, unsigned char state)
{
    return state == PART_SHOWN   ? json_integer(v)
           : state == PART_SMALL ? json_string("minder-dan-10")
                                 : json_string("afgeschermd");
}

/* A figure derived from counts: withheld as its count is, small when its
 * numerator or denominator is, else the value (one decimal). */
static json_t *derived(double value, unsigned char count_state, int64_t num, int64_t den)
{
    if (count_state == PART_HIDDEN)
        return json_string("afgeschermd");
    if (count_state == PART_SMALL || num < PARTICIPATION_MIN_CELL || den < PARTICIPATION_MIN_CELL)
        return json_string("minder-dan-10");
    return json_real(round(10.0 * value) / 10.0);
}

struct scope_sums {
    int64_t participants, repeat, acts;
    int64_t channels[PARTICIPATION_NCHANNELS];
    int64_t ages[8]; /* the age bands, then onbekend */
};

static int add_rows(db *d, arena *a, int year, int by_wijk, const char *within,
                    const struct wijk *w, size_t nw, struct scope_sums *s)
{
    /* s[0..nw-1]: the wijken; s[nw]: the city */
    struct participation_reporters *rep;
    struct participation_row *rows;
    struct participation_channel_row *ch;
    size_t nrep, nrows, nch;
    if (participation_reporters(d, a, year, by_wijk ? NULL : within, &rep, &nrep) != DB_OK ||
        participation_rows(d, a, year, by_wijk, within, &rows, &nrows) != DB_OK ||
        participation_channels(d, a, year, by_wijk, within, &ch, &nch) != DB_OK)
        return -1;
#define SCOPE_OF(sid, out)                                                                         \
    do {                                                                                           \
        (out) = NULL;                                                                              \
        if (!by_wijk)                                                                              \
            (out) = (sid) == 0 ? &s[nw] : NULL;                                                    \
        else                                                                                       \
            for (size_t k_ = 0; k_ < nw; k_++)                                                     \
                if (w[k_].id == (sid))                                                             \
                    (out) = &s[k_];                                                                \
    } while (0)
    for (size_t i = 0; i < nrep; i++) {
        struct scope_sums *x;
        SCOPE_OF(rep[i].scope, x);
        if (!x)
            continue;
        x->participants += rep[i].reporters;
        x->repeat += rep[i].repeat;
    }
    size_t nbands = resident_nage_bands < 7 ? resident_nage_bands : 7;
    for (size_t i = 0; i < nrows; i++) {
        struct scope_sums *x;
        SCOPE_OF(rows[i].scope, x);
        if (!x)
            continue;
        int64_t r = rows[i].reports;
        x->participants += r == 0;
        x->repeat += (rows[i].acts + r > 1) - (r > 1);
        for (size_t k = 0; rows[i].age_band && k < nbands; k++)
            if (strcmp(resident_age_bands[k].code, rows[i].age_band) == 0)
                x->ages[k]++;
    }
    for (size_t i = 0; i < nch; i++) {
        struct scope_sums *x;
        SCOPE_OF(ch[i].scope, x);
        if (!x)
            continue;
        x->acts += ch[i].n;
        for (size_t k = 0; k < PARTICIPATION_NCHANNELS; k++)
            if (strcmp(participation_channels_order[k], ch[i].channel) == 0)
                x->channels[k] += ch[i].n;
    }
#undef SCOPE_OF
    return 0;
}

json_t *participation_reach(db *d, arena *a, int year, const struct wijk *w, size_t nw,
                            int64_t inhabitants, const char *within)
{
    size_t nr = nw + 1, nbands = resident_nage_bands < 7 ? resident_nage_bands : 7;
    struct scope_sums *s = arena_calloc(a, nr, sizeof *s);
    size_t nc = PARTICIPATION_NCHANNELS + 1, na = nbands + 2;
    int64_t *cv = arena_calloc(a, nr * nc, sizeof *cv), *av = arena_calloc(a, nr * na, sizeof *av);
    unsigned char *cs = arena_calloc(a, nr * nc, 1), *as = arena_calloc(a, nr * na, 1);
    if (!s || !cv || !av || !cs || !as)
        return NULL;
    if ((nw > 0 && add_rows(d, a, year, 1, within, w, nw, s) != 0) ||
        add_rows(d, a, year, 0, within, w, nw, s) != 0)
        return NULL;
    for (size_t i = 0; i < nr; i++) {
        int64_t known = 0;
        for (size_t k = 0; k < nbands; k++)
            known += s[i].ages[k];
        s[i].ages[nbands] = s[i].participants - known;
        for (size_t k = 0; k < PARTICIPATION_NCHANNELS; k++)
            cv[i * nc + k] = s[i].channels[k];
        cv[i * nc + nc - 1] = s[i].acts;
        for (size_t k = 0; k <= nbands; k++)
            av[i * na + k] = s[i].ages[k];
        av[i * na + na - 1] = s[i].participants;
    }
    participation_suppress(cv, nr, nc, cs);
    participation_suppress(av, nr, na, as);
    json_t *rows = json_array();
    for (size_t i = 0; i < nr; i++) {
        json_t *o = json_object();
        int64_t inh = i < nw ? w[i].inhabitants : inhabitants;
        if (i < nw) {
            json_object_set_new(o, "wijk", json_string(w[i].name));
            json_object_set_new(o, "slug", json_string(w[i].slug));
        } else
            json_object_set_new(o, "total", json_true());
        json_object_set_new(o, "inhabitants", inh > 0 ? json_integer(inh) : json_null());
        /* the participants are the age table's totals: one suppression */
        unsigned char ps = as[i * na + na - 1];
        json_object_set_new(o, "participants", cell(s[i].participants, ps));
        json_object_set_new(o, "per_1000",
                            inh > 0 ? derived(1000.0 * (double)s[i].participants / (double)inh, ps,
                                              s[i].participants, s[i].participants)
                                    : json_null());
        json_object_set_new(o, "repeat_share",
                            derived(s[i].participants > 0
                                        ? 100.0 * (double)s[i].repeat / (double)s[i].participants
                                        : 0,
                                    ps, s[i].repeat, s[i].participants));
        json_object_set_new(o, "acts", cell(s[i].acts, cs[i * nc + nc - 1]));
        json_t *chj = json_array(), *agj = json_array();
        for (size_t k = 0; k < PARTICIPATION_NCHANNELS; k++)
            json_array_append_new(chj, cell(cv[i * nc + k], cs[i * nc + k]));
        for (size_t k = 0; k <= nbands; k++)
            json_array_append_new(agj, cell(av[i * na + k], as[i * na + k]));
        json_object_set_new(o, "channels", chj);
        json_object_set_new(o, "ages", agj);
        json_array_append_new(rows, o);
    }
    return json_pack("{s:o}", "rows", rows);
}

static json_t *term_json(const char *name, const struct spreekuur_term_row *t)
{
    return json_pack("{s:s?,s:I,s:I,s:I,s:I,s:I}", "wijk", name, "questions",
                     (json_int_t)t->questions, "in_time", (json_int_t)t->in_time, "late",
                     (json_int_t)t->late, "open_late", (json_int_t)t->open_late, "open",
                     (json_int_t)t->open);
}

json_t *participation_spreekuur(db *d, arena *a, int year, const struct wijk *w, size_t nw,
                                int64_t now)
{
    int64_t from, to;
    struct spreekuur_term_row *t;
    size_t nt;
    if (cal_to_unix(cal_from_ymd(year, 1, 1), 0, &from) != 0 ||
        cal_to_unix(cal_from_ymd(year + 1, 1, 1), 0, &to) != 0 ||
        participation_spreekuur_terms(d, a, from, to, now, &t, &nt) != DB_OK)
        return NULL;
    json_t *rows = json_array();
    struct spreekuur_term_row total = {0}, rest = {0};
    for (size_t i = 0; i < nt; i++) {
        total.questions += t[i].questions;
        total.in_time += t[i].in_time;
        total.late += t[i].late;
        total.open_late += t[i].open_late;
        total.open += t[i].open;
    }
    rest = total;
    for (size_t k = 0; k < nw; k++) {
        struct spreekuur_term_row x = {.wijk_id = w[k].id};
        for (size_t i = 0; i < nt; i++)
            if (t[i].wijk_id == w[k].id)
                x = t[i];
        rest.questions -= x.questions;
        rest.in_time -= x.in_time;
        rest.late -= x.late;
        rest.open_late -= x.open_late;
        rest.open -= x.open;
        json_array_append_new(rows, term_json(w[k].name, &x));
    }
    if (rest.questions > 0)
        json_array_append_new(rows, term_json(NULL, &rest));
    return json_pack("{s:o,s:o}", "rows", rows, "total", term_json(NULL, &total));
}
