/*
 * monitor.c: the monitor dashboards (city, region, wijk), their exports as
 * CSV and XLSX, and the yearly council report in HTML and PDF with the
 * closing of a year.
 *
 * Every figure comes from one document (domain/monitor.c). The pages turn
 * it into tables (lib/table.h) and charts (lib/svgchart.h); the exports
 * write the very same tables, so a page and its CSV never disagree.
 */
#include "web.h"

#include "domain/calendar.h"
#include "domain/escalation.h"
#include "domain/monitor.h"
#include "domain/participation.h"
#include "domain/resident.h"
#include "domain/policy.h"
#include "domain/user.h"
#include "http/pagecache.h"
#include "http/static.h"
#include "lib/pdf.h"
#include "lib/svgchart.h"
#include "lib/table.h"
#include "store/area_store.h"
#include "store/files.h"
#include "store/monitor_store.h"
#include "web/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- formatting ------------------------------------------------------------------------ */

static double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void set_num(struct table *t, size_t row, size_t col, double v, int dec)
{
    if (isnan(v))
        table_set_text(t, row, col, "");
    else
        table_set_num(t, row, col, v, dec);
}

/* A period of the trend as people read it: a month "2026-01" as "jan 2026"
 * (the page's language); a quarter or a year as it is. */
static const char *period_label(struct req *r, const char *label)
{
    static const char *const nl[] = {"jan", "feb", "mrt", "apr", "mei", "jun",
                                     "jul", "aug", "sep", "okt", "nov", "dec"};
    static const char *const en[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (!label || strlen(label) != 7 || label[4] != '-')
        return label;
    int m = (label[5] - '0') * 10 + (label[6] - '0');
    if (label[5] < '0' || label[5] > '1' || label[6] < '0' || label[6] > '9' || m < 1 || m > 12)
        return label;
    return arena_printf(r->a, "%s %.4s", strcmp(r->lang, "en") == 0 ? en[m - 1] : nl[m - 1], label);
}

static const char *channel_label(struct req *r, const char *code)
{
    static const struct {
        const char *code, *label;
    } l[] = {
        {"web", N_("Website")},          {"balie", N_("Balie")},       {"telefoon", N_("Telefoon")},
        {"email", N_("E-mail")},         {"raadslid", N_("Raadslid")}, {"partner", N_("Partner")},
        {"api", N_("App of koppeling")},
    };
    for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
        if (strcmp(l[i].code, code) == 0)
            return T(r, l[i].label);
    return code;
}

static const char *trend_label(struct req *r, const char *code)
{
    if (strcmp(code, "beter") == 0)
        return T(r, "beter");
    if (strcmp(code, "slechter") == 0)
        return T(r, "slechter");
    if (strcmp(code, "gelijk") == 0)
        return T(r, "gelijk");
    return T(r, "nog niet bekend");
}

static const char *status_label(struct req *r, const char *code)
{
    if (strcmp(code, "gepland") == 0)
        return T(r, "gepland");
    if (strcmp(code, "lopend") == 0)
        return T(r, "loopt");
    if (strcmp(code, "gereed") == 0)
        return T(r, "klaar");
    return code;
}

/* --- the tables ------------------------------------------------------------------------ */

static const char *const TABLE_NAMES[] = {
    "kerncijfers",
    "signalen-per-periode",
    "signalen-per-categorie",
    "signalen-per-kanaal",
    "signalen-per-wijk",
    "bereik",
    "bereik-van-meedoen",
    "bereik-per-kanaal",
    "bereik-per-leeftijd",
    "spreekuur-termijn",
    "focuspunten",
    "werklast",
    "initiatieven",
    "initiatieven-per-wijk",
    "wijkbudgetten",
    "uren-per-wijk",
    "escalaties",
    "balie-per-week",
    "balie-verwijzingen",
    "regie-en-uitvoering",
    "omnibus",
    "collegebesluiten",
};
#define NTABLES (sizeof TABLE_NAMES / sizeof TABLE_NAMES[0])

static struct table *mk(struct req *r, const char *name, const char *title, size_t n,
                        const char *const *cols)
{
    const char *tc[12];
    if (n > 12)
        return NULL;
    for (size_t i = 0; i < n; i++)
        tc[i] = T(r, cols[i]);
    return table_new(r->a, name, title, n, tc);
}

static void key_row(struct req *r, struct table *t, const char *label, double v, int dec)
{
    long row = table_add_row(t);
    if (row < 0)
        return;
    table_set_text(t, (size_t)row, 0, T(r, label));
    set_num(t, (size_t)row, 1, v, dec);
}

/* An amount of cents in a table: euros with two decimals; "–" for null. */
static double euros(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (double)json_integer_value(v) / 100.0 : NAN;
}

/* The initiatives' figures of a wijk or area in the columns from col on:
 * applications, grants, rejections, granted, granted per 1.000
 * inhabitants, median days to a decision, applicants, repeat share. */
static void initiative_cells(struct table *t, size_t row, size_t col, json_t *in)
{
    set_num(t, row, col, num(in, "applications"), 0);
    set_num(t, row, col + 1, num(in, "grants"), 0);
    set_num(t, row, col + 2, num(in, "rejections"), 0);
    set_num(t, row, col + 3, euros(in, "granted_cents"), 2);
    set_num(t, row, col + 4, euros(in, "granted_per_1000_cents"), 2);
    set_num(t, row, col + 5, num(in, "median_days"), 1);
    set_num(t, row, col + 6, num(in, "applicants"), 0);
    set_num(t, row, col + 7, num(in, "repeat_share"), 1);
}

/* A wijk budget in the columns from col on: amount, committed, paid, left. */
static void budget_cells(struct table *t, size_t row, size_t col, json_t *b)
{
    int has = json_is_object(b);
    set_num(t, row, col, has ? euros(b, "amount_cents") : NAN, 2);
    set_num(t, row, col + 1, has ? euros(b, "committed_cents") : NAN, 2);
    set_num(t, row, col + 2, has ? euros(b, "paid_cents") : NAN, 2);
    set_num(t, row, col + 3, has ? euros(b, "amount_cents") - euros(b, "committed_cents") : NAN, 2);
}

/* A focus point in a table: "2016-3 Title", a link to its page. */
static void focus_cell(struct req *r, struct table *t, size_t row, json_t *f)
{
    json_t *num = json_object_get(f, "number");
    table_set_text(
        t, row, 0,
        arena_printf(r->a, "%s %s",
                     fmt_focus_code(r, (int)json_integer_value(num), str(f, "period_start")),
                     str(f, "title")));
    table_set_href(t, row, 0,
                   arena_printf(r->a, "/focuspunten/%lld",
                                (long long)json_integer_value(json_object_get(f, "id"))));
}

/* The rows of a part (its array rows_key) followed by its "total" object,
 * named label under name_key: a new array for the caller to decref. */
static json_t *rows_and_total(json_t *part, const char *rows_key, const char *name_key,
                              const char *label)
{
    json_t *rows = json_copy(json_object_get(part, rows_key));
    json_t *tot = json_deep_copy(json_object_get(part, "total"));
    if (tot) {
        json_object_set_new(tot, name_key, json_string(label));
        json_array_append_new(rows, tot);
    }
    return rows;
}

/* A whole percentage ("share"), or an empty cell when there is none. */
static void share_cell(struct table *t, size_t row, size_t col, json_t *x)
{
    json_t *sh = json_object_get(x, "share");
    if (json_is_integer(sh))
        set_num(t, row, col, (double)json_integer_value(sh), 0);
    else
        table_set_text(t, row, col, "");
}

#define MINDER_DAN_10 N_("minder dan 10")
#define AFGESCHERMD   N_("afgeschermd")

/* A figure of reach: a number, or why it is not published (a count under
 * 10, or withheld so that such a count cannot be derived). */
static void reach_cell(struct req *r, struct table *t, size_t row, size_t col, json_t *v, int dec)
{
    const char *why = json_string_value(v);
    if (why)
        table_set_text(t, row, col,
                       T(r, strcmp(why, "afgeschermd") == 0 ? AFGESCHERMD : MINDER_DAN_10));
    else
        set_num(t, row, col, json_is_number(v) ? json_number_value(v) : NAN, dec);
}

/* The tables of reach (participation: rows of wijken and the city) and of
 * the wijkspreekuur's term; NULL when the document has no such part. */
static struct table *participation_table(struct req *r, json_t *doc, const char *name, int year)
{
    struct table *t = NULL;
    long row;
    size_t i;
    json_t *x;
    if (strcmp(name, "spreekuur-termijn") == 0) {
        json_t *st = json_object_get(doc, "spreekuur_terms");
        if (!st)
            return NULL;
        static const char *const c[] = {N_("Wijk"),
                                        N_("Vragen"),
                                        N_("Op tijd beantwoord"),
                                        N_("Te laat beantwoord"),
                                        N_("Open, termijn verstreken"),
                                        N_("Open, binnen de termijn")};
        static const char *const keys[] = {"questions", "in_time", "late", "open_late", "open"};
        t = mk(r, name,
               arena_printf(r->a, "%s %d",
                            T(r, "Digitaal wijkspreekuur: antwoord binnen de termijn"), year),
               6, c);
        json_t *rows = rows_and_total(st, "rows", "wijk", T(r, "De hele stad"));
        json_array_foreach(rows, i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                break;
            const char *w = str(x, "wijk");
            table_set_text(t, (size_t)row, 0, *w ? w : T(r, "Wijk onbekend"));
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
                set_num(t, (size_t)row, 1 + k, num(x, keys[k]), 0);
        }
        json_decref(rows);
        return t;
    }
    json_t *p = json_object_get(doc, "participation");
    if (!p)
        return NULL;
    if (strcmp(name, "bereik-van-meedoen") == 0) {
        static const char *const c[] = {N_("Wijk"), N_("Inwoners"), N_("Deelnemers"),
                                        N_("Per 1.000 inwoners"),
                                        N_("Deed vaker dan één keer mee (%)")};
        t = mk(r, name, arena_printf(r->a, "%s %d", T(r, "Bereik van meedoen"), year), 5, c);
    } else if (strcmp(name, "bereik-per-kanaal") == 0) {
        static const char *const c[] = {N_("Wijk"),        N_("Online"),
                                        N_("Balie"),       N_("Papier"),
                                        N_("Bijeenkomst"), N_("Telefoon en anders"),
                                        N_("Handelingen")};
        t = mk(r, name, arena_printf(r->a, "%s %d", T(r, "Meedoen per kanaal (handelingen)"), year),
               7, c);
    } else if (strcmp(name, "bereik-per-leeftijd") == 0) {
        const char *c[12];
        size_t n = 0;
        c[n++] = N_("Wijk");
        for (size_t k = 0; k < resident_nage_bands && k < 7; k++)
            c[n++] = resident_age_bands[k].label;
        c[n++] = N_("Leeftijd onbekend");
        c[n++] = N_("Deelnemers");
        t = mk(r, name, arena_printf(r->a, "%s %d", T(r, "Deelnemers per leeftijdsgroep"), year), n,
               c);
    } else
        return NULL;
    json_array_foreach(json_object_get(p, "rows"), i, x)
    {
        if (!t || (row = table_add_row(t)) < 0)
            return t;
        size_t k = (size_t)row;
        const char *w = str(x, "wijk");
        /* the total: the city's, or the region's or wijk's by its name */
        const char *kind = str(json_object_get(doc, "scope"), "kind");
        table_set_text(t, k, 0,
                       !json_is_true(json_object_get(x, "total")) ? w
                       : strcmp(kind, "stad") == 0                ? T(r, "De hele stad")
                                                   : str(json_object_get(doc, "scope"), "name"));
        if (strcmp(name, "bereik-van-meedoen") == 0) {
            set_num(t, k, 1, num(x, "inhabitants"), 0);
            reach_cell(r, t, k, 2, json_object_get(x, "participants"), 0);
            reach_cell(r, t, k, 3, json_object_get(x, "per_1000"), 1);
            reach_cell(r, t, k, 4, json_object_get(x, "repeat_share"), 1);
        } else {
            int ch = strcmp(name, "bereik-per-kanaal") == 0;
            json_t *cells = json_object_get(x, ch ? "channels" : "ages");
            size_t c;
            json_t *v;
            json_array_foreach(cells, c, v)
            {
                if (1 + c + 1 < t->ncols)
                    reach_cell(r, t, k, 1 + c, v, 0);
            }
            reach_cell(r, t, k, t->ncols - 1, json_object_get(x, ch ? "acts" : "participants"), 0);
        }
    }
    return t;
}

/* In an export a figure that is not published is an empty cell, and a last
 * row says why. */
static void blank_unpublished(struct req *r, struct table *t)
{
    const char *small = T(r, MINDER_DAN_10), *hidden = T(r, AFGESCHERMD);
    int any = 0;
    for (size_t k = 0; k < t->nrows; k++)
        for (size_t c = 1; c < t->ncols; c++) {
            const struct tcell *x = table_cell(t, k, c);
            if (x->text && (strcmp(x->text, small) == 0 || strcmp(x->text, hidden) == 0)) {
                table_set_text(t, k, c, "");
                any = 1;
            }
        }
    long row;
    if (any && (row = table_add_row(t)) >= 0)
        table_set_text(t, (size_t)row, 0,
                       T(r,
                         "Lege cel: niet gepubliceerd, omdat het om minder dan 10 deelnemers "
                         "gaat of omdat zo'n klein aantal anders uit het totaal af te leiden is."));
}

/* The table `name` of a figures document; NULL when the document has no such part. */
static struct table *build_table(struct req *r, json_t *doc, const char *name)
{
    json_t *sig = json_object_get(doc, "signals");
    const char *scope = str(json_object_get(doc, "scope"), "name");
    int year = (int)json_integer_value(json_object_get(doc, "year"));
    struct table *t = NULL;
    long row;
    if (strncmp(name, "bereik-", 7) == 0 || strcmp(name, "spreekuur-termijn") == 0)
        return participation_table(r, doc, name, year);
    if (strcmp(name, "omnibus") == 0) {
        json_t *om = json_object_get(doc, "omnibus");
        if (!om) /* the city's figures only */
            return NULL;
        static const char *const c[] = {N_("Indicator"), N_("Jaar"), N_("Bewoners (%)")};
        t = mk(r, name, T(r, "Omnibusenquête: bewoners over participatie"), 3, c);
        size_t i;
        json_t *x;
        json_array_foreach(om, i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            table_set_text(t, (size_t)row, 0, str(x, "label"));
            set_num(t, (size_t)row, 1, num(x, "year"), 0);
            set_num(t, (size_t)row, 2, num(x, "pct"), 0);
        }
        return t;
    }
    if (strcmp(name, "kerncijfers") == 0) {
        static const char *const c[] = {N_("Cijfer"), N_("Waarde")};
        t = mk(r, name, arena_printf(r->a, "%s %s %d", T(r, "Kerncijfers"), scope, year), 2, c);
        if (!t)
            return NULL;
        key_row(r, t, N_("Inwoners"), num(json_object_get(doc, "scope"), "inhabitants"), 0);
        key_row(r, t, N_("Meldingen"), num(sig, "total"), 0);
        key_row(r, t, N_("Meldingen per 1.000 inwoners"), num(sig, "per_1000"), 1);
        key_row(r, t, N_("Afgehandeld"), num(sig, "closed"), 0);
        key_row(r, t, N_("Binnen de termijn afgehandeld (%)"), num(sig, "within_share"), 1);
        key_row(r, t, N_("Mediaan afhandeltijd (dagen)"), num(sig, "median_days"), 0);
        /* a figure of today, not of the year: only in the current year's
         * tables, with the day it was measured */
        if (year >= web_this_year()) {
            if ((row = table_add_row(t)) < 0)
                return t;
            table_set_text(t, (size_t)row, 0,
                           arena_printf(r->a, T(r, "Nu open en over de termijn (op %s)"),
                                        fmt_date(r, web_today(r))));
            set_num(t, (size_t)row, 1, num(sig, "overdue"), 0);
        }
        key_row(r, t, N_("Meldingen doorgezet naar een andere afdeling"), num(sig, "handed_off"),
                0);
        key_row(r, t, N_("Overdrachten tussen afdelingen"), num(sig, "handoffs"), 0);
        key_row(r, t, N_("Acties van focuspunten over de datum"), num(doc, "actions_overdue"), 0);
    } else if (strcmp(name, "signalen-per-periode") == 0) {
        static const char *const c[] = {N_("Periode"), N_("Meldingen"), N_("Per 1.000 inwoners"),
                                        N_("Binnen de termijn (%)")};
        t = mk(r, name, arena_printf(r->a, "%s, %s", T(r, "Meldingen per periode"), scope), 4, c);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(doc, "trend"), i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            const char *label = period_label(r, str(x, "label"));
            bool future = json_is_true(json_object_get(x, "future"));
            if (json_is_true(json_object_get(x, "current")))
                label = arena_printf(r->a, T(r, "%s (t/m %s, nog niet compleet)"), label,
                                     fmt_date(r, web_today(r)));
            table_set_text(t, (size_t)row, 0, label);
            set_num(t, (size_t)row, 1, future ? NAN : num(x, "n"), 0);
            set_num(t, (size_t)row, 2, future ? NAN : num(x, "per_1000"), 1);
            set_num(t, (size_t)row, 3, future ? NAN : num(x, "within_share"), 1);
        }
    } else if (strcmp(name, "signalen-per-categorie") == 0) {
        static const char *const c[] = {N_("Onderwerp"), N_("Meldingen"), N_("Per 1.000 inwoners")};
        t = mk(r, name,
               arena_printf(r->a, "%s, %s %d", T(r, "Meldingen per onderwerp"), scope, year), 3, c);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(doc, "categories"), i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            table_set_text(t, (size_t)row, 0,
                           json_is_true(json_object_get(x, "rest")) ? T(r, "Overige onderwerpen")
                                                                    : str(x, "name"));
            set_num(t, (size_t)row, 1, num(x, "n"), 0);
            set_num(t, (size_t)row, 2, num(x, "per_1000"), 1);
        }
    } else if (strcmp(name, "signalen-per-kanaal") == 0) {
        static const char *const c[] = {N_("Kanaal"), N_("Meldingen"), N_("Aandeel (%)")};
        t = mk(r, name, arena_printf(r->a, "%s, %s %d", T(r, "Meldingen per kanaal"), scope, year),
               3, c);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(doc, "channels"), i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            table_set_text(t, (size_t)row, 0, channel_label(r, str(x, "code")));
            set_num(t, (size_t)row, 1, num(x, "n"), 0);
            set_num(t, (size_t)row, 2, num(x, "share"), 1);
        }
    } else if (strcmp(name, "signalen-per-wijk") == 0) {
        if (!json_object_get(doc, "wijken"))
            return NULL;
        static const char *const c[] = {N_("Wijk"), N_("Inwoners"), N_("Meldingen"),
                                        N_("Per 1.000 inwoners"), N_("Binnen de termijn (%)")};
        t = mk(r, name, arena_printf(r->a, "%s, %s %d", T(r, "Meldingen per wijk"), scope, year), 5,
               c);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(doc, "wijken"), i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            table_set_text(t, (size_t)row, 0, str(x, "name"));
            set_num(t, (size_t)row, 1, num(x, "inhabitants"), 0);
            set_num(t, (size_t)row, 2, num(x, "n"), 0);
            set_num(t, (size_t)row, 3, num(x, "per_1000"), 1);
            set_num(t, (size_t)row, 4, num(x, "within_share"), 1);
        }
    } else if (strcmp(name, "bereik") == 0) {
        static const char *const c[] = {N_("Cijfer"), N_("Waarde")};
        t = mk(r, name, arena_printf(r->a, "%s, %s %d", T(r, "Bereik"), scope, year), 2, c);
        if (!t)
            return NULL;
        json_t *re = json_object_get(doc, "reach");
        key_row(r, t, N_("Verschillende melders"), num(re, "reporters"), 0);
        key_row(r, t, N_("Melders per 1.000 inwoners"), num(re, "per_1000"), 1);
        key_row(r, t, N_("Melders met meer dan één melding"), num(re, "repeat"), 0);
        key_row(r, t, N_("Aandeel melders dat vaker meldde (%)"), num(re, "repeat_share"), 1);
    } else if (strcmp(name, "focuspunten") == 0) {
        static const char *const c[] = {N_("Focuspunt"),
                                        N_("Indicator"),
                                        N_("Nulmeting"),
                                        N_("Doel"),
                                        N_("Gemeten"),
                                        N_("Voortgang (%)"),
                                        N_("Sinds de nulmeting"),
                                        N_("Acties over de datum")};
        t = mk(r, name, arena_printf(r->a, "%s, %s %d", T(r, "Focuspunten"), scope, year), 8, c);
        size_t i, g, k;
        json_t *f, *gj, *in;
        json_array_foreach(json_object_get(doc, "focus"), i, f)
        {
            int any = 0;
            json_array_foreach(json_object_get(f, "goals"), g, gj)
            {
                json_array_foreach(json_object_get(gj, "indicators"), k, in)
                {
                    if (!t || (row = table_add_row(t)) < 0)
                        return t;
                    any = 1;
                    focus_cell(r, t, (size_t)row, f);
                    table_set_text(t, (size_t)row, 1, str(in, "name"));
                    set_num(t, (size_t)row, 2, num(in, "baseline"), 1);
                    set_num(t, (size_t)row, 3, num(in, "target"), 1);
                    set_num(t, (size_t)row, 4, num(in, "measured"), 1);
                    set_num(t, (size_t)row, 5, num(in, "progress"), 0);
                    table_set_text(t, (size_t)row, 6, trend_label(r, str(in, "trend")));
                    set_num(t, (size_t)row, 7, num(f, "actions_overdue"), 0);
                }
            }
            if (!any && t && (row = table_add_row(t)) >= 0) {
                table_set_text(t, (size_t)row, 0, str(f, "title"));
                table_set_text(t, (size_t)row, 1, T(r, "nog geen indicator"));
                set_num(t, (size_t)row, 7, num(f, "actions_overdue"), 0);
            }
        }
    } else if (strcmp(name, "collegebesluiten") == 0) {
        /* a year closed before the decisions were listed has none */
        json_t *dec = json_object_get(doc, "decided");
        if (!json_is_array(dec))
            return NULL;
        static const char *const c[] = {N_("Focuspunt"), N_("Wijk of buurt"), N_("Besluit"),
                                        N_("Datum van het besluit"), N_("Reden")};
        t = mk(r, name,
               arena_printf(r->a, "%s, %s %d", T(r, "Besluiten van het college over focuspunten"),
                            scope, year),
               5, c);
        size_t i;
        json_t *x;
        json_array_foreach(dec, i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            bool rejected = json_is_true(json_object_get(x, "rejected"));
            focus_cell(r, t, (size_t)row, x);
            if (rejected) /* a rejected proposal has no public page */
                table_set_href(t, (size_t)row, 0, NULL);
            table_set_text(t, (size_t)row, 1, str(x, "areas"));
            table_set_text(t, (size_t)row, 2,
                           rejected ? T(r, "niet vastgesteld") : T(r, "vastgesteld"));
            table_set_text(t, (size_t)row, 3, web_date_typed(r, str(x, "decided_on")));
            table_set_text(t, (size_t)row, 4,
                           rejected ? json_string_value(json_object_get(x, "reason")) : NULL);
        }
    } else if (strcmp(name, "initiatieven") == 0) {
        /* a year closed before the initiatives were counted has none */
        json_t *in = json_object_get(doc, "initiatives");
        if (!json_is_object(in))
            return NULL;
        static const char *const c[] = {N_("Cijfer"), N_("Waarde")};
        t = mk(r, name,
               arena_printf(r->a, "%s, %s %d", T(r, "Initiatieven van inwoners"), scope, year), 2,
               c);
        if (!t)
            return NULL;
        key_row(r, t, N_("Aanvragen"), num(in, "applications"), 0);
        key_row(r, t, N_("Toekenningen"), num(in, "grants"), 0);
        key_row(r, t, N_("Afwijzingen"), num(in, "rejections"), 0);
        key_row(r, t, N_("Toegekend (EUR)"), euros(in, "granted_cents"), 2);
        key_row(r, t, N_("Toegekend per 1.000 inwoners (EUR)"), euros(in, "granted_per_1000_cents"),
                2);
        key_row(r, t, N_("Mediaan dagen van aanvraag tot besluit"), num(in, "median_days"), 1);
        key_row(r, t, N_("Verschillende aanvragers"), num(in, "applicants"), 0);
        key_row(r, t, N_("Aanvragers die eerder aanvroegen"), num(in, "repeat_applicants"), 0);
        key_row(r, t, N_("Aandeel aanvragers dat eerder aanvroeg (%)"), num(in, "repeat_share"), 1);
        json_t *b = json_object_get(in, "budget");
        key_row(r, t, N_("Wijkbudget (EUR)"), json_is_object(b) ? euros(b, "amount_cents") : NAN,
                2);
        key_row(r, t, N_("Vastgelegd (EUR)"), json_is_object(b) ? euros(b, "committed_cents") : NAN,
                2);
        key_row(r, t, N_("Betaald (EUR)"), json_is_object(b) ? euros(b, "paid_cents") : NAN, 2);
    } else if (strcmp(name, "initiatieven-per-wijk") == 0 || strcmp(name, "wijkbudgetten") == 0) {
        json_t *wl = json_object_get(doc, "wijken");
        if (!wl || !json_is_object(json_object_get(doc, "initiatives")))
            return NULL;
        int budget = strcmp(name, "wijkbudgetten") == 0;
        static const char *const ci[] = {N_("Wijk"),
                                         N_("Aanvragen"),
                                         N_("Toekenningen"),
                                         N_("Afwijzingen"),
                                         N_("Toegekend (EUR)"),
                                         N_("Per 1.000 inwoners (EUR)"),
                                         N_("Mediaan dagen tot besluit"),
                                         N_("Aanvragers"),
                                         N_("Eerder aangevraagd (%)")};
        static const char *const cb[] = {N_("Wijk"), N_("Budget (EUR)"), N_("Vastgelegd (EUR)"),
                                         N_("Betaald (EUR)"), N_("Nog vrij (EUR)")};
        t = budget ? mk(r, name,
                        arena_printf(r->a, "%s, %s %d", T(r, "Wijkbudgetten en besteding"), scope,
                                     year),
                        5, cb)
                   : mk(r, name,
                        arena_printf(r->a, "%s, %s %d", T(r, "Initiatieven per wijk"), scope, year),
                        9, ci);
        size_t i;
        json_t *x;
        json_array_foreach(wl, i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            json_t *in = json_object_get(x, "initiatives");
            table_set_text(t, (size_t)row, 0, str(x, "name"));
            if (budget)
                budget_cells(t, (size_t)row, 1, json_object_get(in, "budget"));
            else
                initiative_cells(t, (size_t)row, 1, in);
        }
    } else if (strcmp(name, "balie-per-week") == 0) {
        json_t *cf = json_object_get(doc, "counter");
        if (!cf)
            return NULL;
        static const char *const c[] = {N_("Balie"),      N_("Week"),   N_("Vraag"),
                                        N_("Melding"),    N_("Klacht"), N_("Product meegegeven"),
                                        N_("Verwijzing"), N_("Totaal")};
        static const char *const keys[] = {"vraag",   "melding",    "klacht",
                                           "product", "verwijzing", "total"};
        t = mk(r, name,
               arena_printf(r->a, "%s %d", T(r, "Contacten aan de balies per week en soort"), year),
               8, c);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(cf, "weeks"), i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            table_set_text(t, (size_t)row, 0, str(x, "location"));
            table_set_text(t, (size_t)row, 1, str(x, "week"));
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
                set_num(t, (size_t)row, 2 + k, num(x, keys[k]), 0);
        }
    } else if (strcmp(name, "balie-verwijzingen") == 0) {
        json_t *cf = json_object_get(doc, "counter");
        if (!cf)
            return NULL;
        static const char *const c[] = {N_("Balie"), N_("Contacten"), N_("Verwijzingen"),
                                        N_("Naar een partner in het gebouw"),
                                        N_("Aandeel in het gebouw (%)")};
        t = mk(r, name,
               arena_printf(r->a, "%s %d", T(r, "Verwijzingen naar partners in hetzelfde gebouw"),
                            year),
               5, c);
        json_t *rows = rows_and_total(cf, "locations", "location", T(r, "Alle balies"));
        size_t i;
        json_t *x;
        json_array_foreach(rows, i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                break;
            table_set_text(t, (size_t)row, 0, str(x, "location"));
            set_num(t, (size_t)row, 1, num(x, "contacts"), 0);
            set_num(t, (size_t)row, 2, num(x, "referrals"), 0);
            set_num(t, (size_t)row, 3, num(x, "same_building"), 0);
            share_cell(t, (size_t)row, 4, x);
        }
        json_decref(rows);
    } else if (strcmp(name, "regie-en-uitvoering") == 0) {
        json_t *rg = json_object_get(doc, "regie");
        if (!rg)
            return NULL;
        static const char *const c[] = {N_("Regio"),
                                        N_("Uren regie"),
                                        N_("Uren uitvoering"),
                                        N_("Taken regie"),
                                        N_("Taken uitvoering"),
                                        N_("Wijkregisseurs"),
                                        N_("Aandeel uitvoering (%)")};
        t = mk(r, name,
               arena_printf(r->a, "%s %d", T(r, "Tijd van de wijkregisseurs: regie en uitvoering"),
                            year),
               7, c);
        json_t *rows = rows_and_total(rg, "regions", "region", T(r, "Alle regio's"));
        size_t i;
        json_t *x;
        json_array_foreach(rows, i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                break;
            const char *region = str(x, "region");
            table_set_text(t, (size_t)row, 0, *region ? region : T(r, "Zonder regio"));
            set_num(t, (size_t)row, 1, num(x, "regie_hours"), 2);
            set_num(t, (size_t)row, 2, num(x, "uitvoering_hours"), 2);
            set_num(t, (size_t)row, 3, num(x, "regie_entries"), 0);
            set_num(t, (size_t)row, 4, num(x, "uitvoering_entries"), 0);
            set_num(t, (size_t)row, 5, num(x, "regisseurs"), 0);
            share_cell(t, (size_t)row, 6, x);
        }
        json_decref(rows);
    } else if (strcmp(name, "uren-per-wijk") == 0) {
        json_t *hours = json_object_get(doc, "hours");
        if (!hours)
            return NULL;
        static const char *const c[] = {N_("Wijk"), N_("Afdeling of partner"), N_("Uren")};
        t = mk(
            r, name,
            arena_printf(r->a, "%s, %s %d", T(r, "Uren aan acties van focuspunten"), scope, year),
            3, c);
        size_t i;
        json_t *x;
        json_array_foreach(hours, i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            table_set_text(t, (size_t)row, 0, str(x, "wijk"));
            table_set_text(t, (size_t)row, 1, str(x, "org"));
            set_num(t, (size_t)row, 2, num(x, "minutes") / 60.0, 1);
        }
    } else if (strcmp(name, "escalaties") == 0) {
        json_t *esc = json_object_get(doc, "escalations");
        if (!esc)
            return NULL;
        static const char *const c[] = {N_("Wijk"),     N_("Naar"),
                                        N_("Gevolg"),   N_("Escalaties"),
                                        N_("Besloten"), N_("Werkdagen tot besluit")};
        t = mk(r, name,
               arena_printf(r->a, "%s, %s %d", T(r, "Escalaties en besluiten"), scope, year), 6, c);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(esc, "rows"), i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            const char *to = str(x, "to"), *eff = str(x, "effect");
            table_set_text(t, (size_t)row, 0, str(x, "wijk"));
            table_set_text(t, (size_t)row, 1,
                           strcmp(to, "afdelingshoofd") == 0 ? T(r, "Hoofd van de afdeling")
                                                             : T(r, "Wijkwethouder"));
            table_set_text(t, (size_t)row, 2, T(r, escalation_effect_label(eff)));
            set_num(t, (size_t)row, 3, num(x, "n"), 0);
            set_num(t, (size_t)row, 4, num(x, "decided"), 0);
            double dec = num(x, "decided");
            set_num(t, (size_t)row, 5, dec > 0 ? num(x, "working_days") / dec : NAN, 1);
        }
    } else if (strcmp(name, "werklast") == 0) {
        if (!json_object_get(doc, "workload"))
            return NULL;
        static const char *const c[] = {N_("Wijkregisseur"), N_("Regio"), N_("Open meldingen"),
                                        N_("Open acties"), N_("Lopende focuspunten")};
        t = mk(r, name, arena_printf(r->a, "%s, %s", T(r, "Werklast van de wijkregisseurs"), scope),
               5, c);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(doc, "workload"), i, x)
        {
            if (!t || (row = table_add_row(t)) < 0)
                return t;
            table_set_text(t, (size_t)row, 0, str(x, "name"));
            table_set_text(t, (size_t)row, 1, str(x, "region"));
            set_num(t, (size_t)row, 2, num(x, "open_signals"), 0);
            set_num(t, (size_t)row, 3, num(x, "open_actions"), 0);
            set_num(t, (size_t)row, 4, num(x, "focus_points"), 0);
        }
    }
    return t;
}

/* The template context of a table: caption, headings, cells, export links. */
json_t *web_table_ctx(struct req *r, const struct table *t, const char *id, const char *export_dir,
                      const char *query)
{
    json_t *o = json_object(), *cols = json_array(), *rows = json_array();
    ctx_str(o, "id", id);
    ctx_str(o, "caption", t->title);
    for (size_t c = 0; c < t->ncols; c++) {
        int numeric = t->nrows > 0 && !table_cell(t, 0, c)->text;
        for (size_t k = 1; !numeric && k < t->nrows; k++)
            numeric = !table_cell(t, k, c)->text;
        json_array_append_new(
            cols, json_pack("{s:s,s:b}", "label", t->cols[c], "numeric", numeric && c > 0));
    }
    for (size_t k = 0; k < t->nrows; k++) {
        json_t *cells = json_array();
        for (size_t c = 0; c < t->ncols; c++) {
            const struct tcell *x = table_cell(t, k, c);
            const char *s = x->text ? (*x->text ? x->text : "–") : fmt_dec(r, x->num, x->decimals);
            json_array_append_new(cells, json_pack("{s:s,s:b,s:b,s:s?}", "text", s, "numeric",
                                                   !x->text || (c > 0 && !*x->text), "first",
                                                   c == 0, "href", x->href));
        }
        json_array_append_new(rows, json_pack("{s:o}", "cells", cells));
    }
    json_object_set_new(o, "cols", cols);
    json_object_set_new(o, "rows", rows);
    ctx_bool(o, "empty", t->nrows == 0);
    ctx_int(o, "ncols", (long long)t->ncols);
    if (export_dir) {
        const char *q = query ? arena_printf(r->a, "?%s", query) : "";
        ctx_str(o, "csv", arena_printf(r->a, "%s/%s.csv%s", export_dir, t->name, q));
        ctx_str(o, "xlsx", arena_printf(r->a, "%s/%s.xlsx%s", export_dir, t->name, q));
    }
    return o;
}

static json_t *table_ctx(struct req *r, const struct table *t, const char *id, const char *query)
{
    return web_table_ctx(r, t, id, query ? "/monitor/export" : NULL, query);
}

/* An SVG chart of column `col` of a table (rows are the labels). trend (or
 * NULL): the periods of the rows; the current, incomplete one and later ones
 * are left out of the chart (a half month is not a collapse), the table
 * beside it says why. */
static const char *chart_of(struct req *r, const struct table *t, size_t col,
                            enum svgchart_kind kind, const char *id, const char *title,
                            json_t *trend)
{
    if (!t || t->nrows == 0)
        return NULL;
    const char **labels = arena_calloc(r->a, t->nrows, sizeof *labels);
    double *v = arena_calloc(r->a, t->nrows, sizeof *v);
    if (!labels || !v)
        return NULL;
    buf desc;
    buf_init(&desc, 1 << 16);
    for (size_t i = 0; i < t->nrows; i++) {
        const struct tcell *l = table_cell(t, i, 0), *x = table_cell(t, i, col);
        labels[i] = l->text ? l->text : "";
        json_t *p = trend ? json_array_get(trend, i) : NULL;
        bool partial = p && (json_is_true(json_object_get(p, "current")) ||
                             json_is_true(json_object_get(p, "future")));
        v[i] = x->text || partial ? NAN : x->num;
        buf_printf(&desc, "%s%s: %s", i ? "; " : "", labels[i],
                   x->text ? "–" : fmt_dec(r, x->num, x->decimals));
    }
    struct svgchart c = {.kind = kind,
                         .id = id,
                         .title = title,
                         .nlabels = t->nrows,
                         .labels = labels,
                         .nseries = 1,
                         .decimal = strcmp(r->lang, "en") == 0 ? "." : ","};
    c.series[0] = (struct svgchart_series){.name = t->cols[col], .values = v};
    buf_putc(&desc, '\0');
    c.desc = arena_printf(r->a, "%s. %s", t->cols[col], desc.data ? desc.data : "");
    buf out;
    buf_init(&out, 1 << 20);
    const char *res = NULL;
    if (svgchart_render(&c, &out) == 0 && buf_putc(&out, '\0') == 0)
        res = arena_strdup(r->a, out.data);
    buf_free(&out);
    buf_free(&desc);
    return res;
}

/* --- scope ----------------------------------------------------------------------------- */

struct view {
    struct monitor_area area;
    int year;
    enum monitor_period period;
    const char *query; /* scope, year and period as a query string */
    const char *path;  /* the dashboard of the scope */
};

static int view_from(struct req *r, db *d, int kind, const char *key, struct view *v)
{
    memset(v, 0, sizeof *v);
    v->year = web_parse_year(req_query(r, "jaar"));
    if (!v->year)
        v->year = web_this_year();
    v->period = monitor_period_parse(req_query(r, "periode"));
    const char *p = monitor_period_code(v->period);
    if (kind == MON_REGION) {
        long long id = web_parse_id(key);
        struct region rg;
        if (!id || area_region_by_id(d, r->a, id, web_today(r), &rg) != DB_OK)
            return -1;
        v->area = (struct monitor_area){.kind = MON_REGION, .id = id, .name = rg.name};
        v->query = arena_printf(r->a, "regio=%lld&jaar=%d&periode=%s", id, v->year, p);
        v->path = arena_printf(r->a, "/monitor/regio/%lld", id);
    } else if (kind == MON_WIJK) {
        struct wijk w;
        if (!key || area_get_wijk(d, r->a, key, web_today(r), 0, &w) != DB_OK)
            return -1;
        v->area =
            (struct monitor_area){.kind = MON_WIJK, .id = w.id, .slug = w.slug, .name = w.name};
        v->query = arena_printf(r->a, "wijk=%s&jaar=%d&periode=%s", w.slug, v->year, p);
        v->path = arena_printf(r->a, "/monitor/wijk/%s", w.slug);
    } else {
        v->area = (struct monitor_area){.kind = MON_CITY};
        v->query = arena_printf(r->a, "jaar=%d&periode=%s", v->year, p);
        v->path = "/monitor";
    }
    return 0;
}

/* The view asked for and its figures; NULL when answered already (404 for
 * an unknown view, 500 when the figures failed). */
static json_t *view_figures(struct req *r, db *d, int kind, const char *key, struct view *v)
{
    if (view_from(r, d, kind, key, v) != 0) {
        resp_error(r, 404);
        return NULL;
    }
    json_t *doc = monitor_figures(d, r->a, &v->area, v->year, v->period, web_today(r),
                                  (int64_t)time(NULL), 1);
    if (!doc)
        resp_error(r, 500);
    return doc;
}

static void monitor_page(struct req *r, int kind, const char *key)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct view v;
    json_t *doc = view_figures(r, d, kind, key, &v);
    if (!doc)
        return;
    json_t *ctx = json_object();
    const char *name = str(json_object_get(doc, "scope"), "name");
    ctx_str(ctx, "scope_name", name);
    ctx_int(ctx, "year", v.year);
    ctx_str(ctx, "path", v.path);
    ctx_str(ctx, "xlsx_all", arena_printf(r->a, "/monitor/export/monitor.xlsx?%s", v.query));
    /* the year and period choice */
    json_t *years = json_array();
    for (int y = web_this_year(); y >= web_this_year() - 5; y--)
        json_array_append_new(years, json_pack("{s:i,s:b}", "value", y, "selected", y == v.year));
    json_object_set_new(ctx, "years", years);
    json_t *periods = json_array();
    static const struct {
        enum monitor_period p;
        const char *label;
    } pl[] = {{MON_MONTH, N_("Per maand")},
              {MON_QUARTER, N_("Per kwartaal (drie jaar)")},
              {MON_YEAR, N_("Per jaar (vijf jaar)")}};
    for (size_t i = 0; i < 3; i++)
        json_array_append_new(
            periods, json_pack("{s:s,s:s,s:b}", "value", monitor_period_code(pl[i].p), "label",
                               T(r, pl[i].label), "selected", pl[i].p == v.period));
    json_object_set_new(ctx, "periods", periods);
    /* other scopes */
    struct region *rg;
    size_t nrg;
    json_t *rl = json_array();
    if (area_list_regions(d, r->a, web_today(r), &rg, &nrg) == DB_OK)
        for (size_t i = 0; i < nrg; i++)
            json_array_append_new(
                rl, json_pack("{s:s,s:s}", "name", rg[i].name, "href",
                              arena_printf(r->a, "/monitor/regio/%lld", (long long)rg[i].id)));
    json_object_set_new(ctx, "regions", rl);
    json_t *wl = json_array();
    struct wijk *w;
    size_t nw;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(wl, json_pack("{s:s,s:s}", "name", w[i].name, "href",
                                                arena_printf(r->a, "/monitor/wijk/%s", w[i].slug)));
    json_object_set_new(ctx, "wijken", wl);

    json_t *tables = json_object();
    for (size_t i = 0; i < NTABLES; i++) {
        struct table *t = build_table(r, doc, TABLE_NAMES[i]);
        if (!t)
            continue;
        json_t *tc = table_ctx(r, t, arena_printf(r->a, "tabel-%s", TABLE_NAMES[i]), v.query);
        if (strcmp(TABLE_NAMES[i], "signalen-per-periode") == 0) {
            ctx_str(tc, "chart_trusted",
                    chart_of(r, t, 1, SVGCHART_BAR, "grafiek-periode", t->title,
                             json_object_get(doc, "trend")));
            ctx_str(
                tc, "chart2_trusted",
                chart_of(r, t, 3, SVGCHART_LINE, "grafiek-termijn",
                         arena_printf(r->a, "%s, %s", T(r, "Binnen de termijn afgehandeld"), name),
                         json_object_get(doc, "trend")));
        } else if (strcmp(TABLE_NAMES[i], "signalen-per-categorie") == 0) {
            ctx_str(tc, "chart_trusted",
                    chart_of(r, t, 1, SVGCHART_BAR, "grafiek-categorie", t->title, NULL));
        }
        json_object_set_new(tables, TABLE_NAMES[i], tc);
    }
    json_object_set_new(ctx, "t", tables);
    ctx_bool(ctx, "can_report", policy_allows(r->user, ACT_REPORT_VIEW, NULL));
    ctx_bool(ctx, "can_budget", policy_allows(r->user, ACT_BUDGET_VIEW, NULL));
    json_decref(doc);
    render_page(r, "pages/monitor", ctx);
}

void page_monitor(struct req *r)
{
    monitor_page(r, MON_CITY, NULL);
}

void page_monitor_region(struct req *r)
{
    monitor_page(r, MON_REGION, req_param(r, 0));
}

void page_monitor_wijk(struct req *r)
{
    monitor_page(r, MON_WIJK, req_param(r, 0));
}

/* /monitor/export/NAME.csv|.xlsx?regio=|wijk=&jaar=&periode= (monitor.xlsx: every table). */
void page_monitor_export(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *file = req_param(r, 0);
    const char *dot = file ? strrchr(file, '.') : NULL;
    if (!dot || (strcmp(dot, ".csv") != 0 && strcmp(dot, ".xlsx") != 0)) {
        resp_error(r, 404);
        return;
    }
    const char *name = arena_strndup(r->a, file, (size_t)(dot - file));
    int csv = strcmp(dot, ".csv") == 0, all = strcmp(name, "monitor") == 0 && !csv;
    int known = all;
    for (size_t i = 0; i < NTABLES; i++)
        known |= strcmp(name, TABLE_NAMES[i]) == 0;
    if (!known) {
        resp_error(r, 404);
        return;
    }
    struct view v;
    int kind = req_query(r, "regio") ? MON_REGION : req_query(r, "wijk") ? MON_WIJK : MON_CITY;
    const char *key = kind == MON_REGION ? req_query(r, "regio") : req_query(r, "wijk");
    json_t *doc = view_figures(r, d, kind, key, &v);
    if (!doc)
        return;
    const struct table *ts[NTABLES];
    size_t nt = 0;
    for (size_t i = 0; i < NTABLES; i++)
        if (all || strcmp(name, TABLE_NAMES[i]) == 0) {
            struct table *t = build_table(r, doc, TABLE_NAMES[i]);
            if (t)
                blank_unpublished(r, t);
            if (t)
                ts[nt++] = t;
        }
    json_decref(doc);
    if (nt == 0) {
        resp_error(r, 404);
        return;
    }
    const char *scope = kind == MON_CITY   ? "zoetermeer"
                        : kind == MON_WIJK ? v.area.slug
                                           : arena_printf(r->a, "regio-%lld", (long long)v.area.id);
    web_table_send(r, ts, nt, csv, arena_printf(r->a, "%s-%s-%d%s", name, scope, v.year, dot));
}

void web_table_send(struct req *r, const struct table *const *ts, size_t nt, bool csv,
                    const char *filename)
{
    buf_reset(&r->body_out);
    /* staff open these in a Dutch spreadsheet: ';', decimal comma, BOM */
    int rc = csv ? table_csv_nl(ts[0], &r->body_out) : table_xlsx_buf(ts, nt, &r->body_out);
    if (rc != 0) {
        buf_reset(&r->body_out);
        resp_error(r, 500);
        return;
    }
    r->status = 200;
    r->content_type_out = csv ? "text/csv; charset=utf-8"
                              : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (!csv)
        r->no_compress = true;
    resp_header(r, "Content-Disposition",
                arena_printf(r->a, "attachment; filename=\"%s\"", filename));
}

/* --- the council report ---------------------------------------------------------------- */

static json_t *area_ctx(struct req *r, json_t *f, int is_city, size_t index)
{
    json_t *o = json_object();
    json_t *scope = json_object_get(f, "scope");
    json_t *sig = json_object_get(f, "signals"), *re = json_object_get(f, "reach");
    ctx_str(o, "name", str(scope, "name"));
    ctx_str(o, "anchor", is_city ? "stad" : arena_printf(r->a, "wijk-%s", str(scope, "slug")));
    ctx_bool(o, "is_city", is_city);
    ctx_str(o, "inhabitants_fmt", fmt_dec(r, num(scope, "inhabitants"), 0));
    ctx_str(o, "total_fmt", fmt_dec(r, num(sig, "total"), 0));
    ctx_str(o, "per1000_fmt", fmt_dec(r, num(sig, "per_1000"), 1));
    ctx_bool(o, "has_within", !isnan(num(sig, "within_share")));
    ctx_str(o, "within_fmt", fmt_dec(r, num(sig, "within_share"), 1));
    ctx_bool(o, "has_median", !isnan(num(sig, "median_days")));
    ctx_str(o, "median_fmt", fmt_dec(r, num(sig, "median_days"), 0));
    ctx_str(o, "handed_fmt", fmt_dec(r, num(sig, "handed_off"), 0));
    ctx_str(o, "reporters_fmt", fmt_dec(r, num(re, "reporters"), 0));
    ctx_str(o, "reporters1000_fmt", fmt_dec(r, num(re, "per_1000"), 1));
    ctx_str(o, "repeat_fmt", fmt_dec(r, num(re, "repeat_share"), 1));

    const char *pre = arena_printf(r->a, "a%zu", index);
    struct table *tp = build_table(r, f, "signalen-per-periode");
    if (tp) {
        ctx_str(o, "chart_trusted",
                chart_of(r, tp, 1, SVGCHART_BAR, arena_printf(r->a, "%s-grafiek", pre), tp->title,
                         json_object_get(f, "trend")));
        json_object_set_new(o, "t_period",
                            table_ctx(r, tp, arena_printf(r->a, "%s-t1", pre), NULL));
    }
    static const char *const names[] = {"kerncijfers", "signalen-per-categorie",
                                        "signalen-per-kanaal", "signalen-per-wijk", "bereik"};
    json_t *tl = json_array();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct table *t = build_table(r, f, names[i]);
        if (t)
            json_array_append_new(
                tl, table_ctx(r, t, arena_printf(r->a, "%s-%s", pre, names[i]), NULL));
    }
    json_object_set_new(o, "tables", tl);

    /* residents' initiatives: absent from a year closed before they were
     * counted, which reads "niet vastgelegd" */
    static const char *const inames[] = {"initiatieven", "initiatieven-per-wijk", "wijkbudgetten"};
    json_t *il = json_array();
    for (size_t i = 0; i < sizeof inames / sizeof inames[0]; i++) {
        struct table *t = build_table(r, f, inames[i]);
        if (t)
            json_array_append_new(
                il, table_ctx(r, t, arena_printf(r->a, "%s-%s", pre, inames[i]), NULL));
    }
    ctx_bool(o, "initiatives_recorded", json_is_object(json_object_get(f, "initiatives")));
    json_object_set_new(o, "initiative_tables", il);

    json_t *fl = json_array();
    size_t i, g, k;
    json_t *fj, *gj, *in;
    json_array_foreach(json_object_get(f, "focus"), i, fj)
    {
        json_t *fo = json_object();
        ctx_str(fo, "title", str(fj, "title"));
        ctx_str(fo, "number",
                arena_printf(r->a, "%lld",
                             (long long)json_integer_value(json_object_get(fj, "number"))));
        ctx_str(fo, "code",
                fmt_focus_code(r, (int)json_integer_value(json_object_get(fj, "number")),
                               str(fj, "period_start")));
        ctx_str(fo, "url",
                arena_printf(r->a, "/focuspunten/%lld",
                             (long long)json_integer_value(json_object_get(fj, "id"))));
        ctx_str(fo, "period_start", fmt_date(r, str(fj, "period_start")));
        ctx_str(fo, "period_end", fmt_date(r, str(fj, "period_end")));
        ctx_str(fo, "areas", str(fj, "areas"));
        ctx_str(fo, "regisseur", json_string_value(json_object_get(fj, "regisseur")));
        ctx_bool(fo, "buurt_level", json_is_true(json_object_get(fj, "buurt_level")));
        ctx_str(fo, "problem", json_string_value(json_object_get(fj, "problem")));
        ctx_str(fo, "report_text", json_string_value(json_object_get(fj, "report_text")));
        json_t *goals = json_array();
        json_array_foreach(json_object_get(fj, "goals"), g, gj)
        {
            json_t *go = json_object();
            ctx_str(go, "text", str(gj, "text"));
            static const char *const c[] = {N_("Indicator"), N_("Nulmeting"), N_("Doel"),
                                            N_("Gemeten"), N_("Sinds de nulmeting")};
            struct table *t =
                mk(r, "indicatoren",
                   arena_printf(r->a, "%s: %s", T(r, "Indicatoren"), str(gj, "text")), 5, c);
            json_t *charts = json_array();
            json_array_foreach(json_object_get(gj, "indicators"), k, in)
            {
                long row = t ? table_add_row(t) : -1;
                if (row < 0)
                    break;
                const char *unit = str(in, "unit");
                table_set_text(t, (size_t)row, 0,
                               *unit ? arena_printf(r->a, "%s (%s)", str(in, "name"), unit)
                                     : str(in, "name"));
                set_num(t, (size_t)row, 1, num(in, "baseline"), 1);
                set_num(t, (size_t)row, 2, num(in, "target"), 1);
                set_num(t, (size_t)row, 3, num(in, "measured"), 1);
                table_set_text(t, (size_t)row, 4, trend_label(r, str(in, "trend")));
                json_t *series = json_object_get(in, "series");
                if (json_array_size(series) >= 2) {
                    static const char *const sc[] = {N_("Datum"), N_("Waarde")};
                    struct table *st = mk(r, "meting", str(in, "name"), 2, sc);
                    size_t m;
                    json_t *mj;
                    json_array_foreach(series, m, mj)
                    {
                        long sr = st ? table_add_row(st) : -1;
                        if (sr < 0)
                            break;
                        table_set_text(st, (size_t)sr, 0, str(mj, "on"));
                        table_set_num(st, (size_t)sr, 1, num(mj, "value"), 1);
                    }
                    const char *cid = arena_printf(r->a, "%s-f%zu-g%zu-i%zu", pre, i, g, k);
                    const char *svg = chart_of(
                        r, st, 1, SVGCHART_LINE, cid,
                        arena_printf(r->a, "%s: %s", T(r, "Metingen"), str(in, "name")), NULL);
                    if (svg)
                        json_array_append_new(
                            charts,
                            json_pack("{s:s,s:s,s:o}", "chart_trusted", svg, "title",
                                      str(in, "name"), "table",
                                      table_ctx(r, st, arena_printf(r->a, "%s-t", cid), NULL)));
                }
            }
            if (t && t->nrows)
                json_object_set_new(
                    go, "table",
                    table_ctx(r, t, arena_printf(r->a, "%s-f%zu-g%zu", pre, i, g), NULL));
            json_object_set_new(go, "charts", charts);
            json_array_append_new(goals, go);
        }
        json_object_set_new(fo, "goals", goals);
        json_t *done = json_array(), *open = json_array(), *x;
        size_t a;
        json_array_foreach(json_object_get(fj, "actions_done"), a, x) json_array_append_new(
            done, json_pack("{s:s,s:s,s:s?}", "title", str(x, "title"), "owner", str(x, "owner"),
                            "done_on",
                            json_object_get(x, "done_on") ? fmt_date(r, str(x, "done_on")) : NULL));
        json_array_foreach(json_object_get(fj, "actions_open"), a, x) json_array_append_new(
            open,
            json_pack("{s:s,s:s,s:s?,s:s,s:b}", "title", str(x, "title"), "owner", str(x, "owner"),
                      "due_on",
                      json_is_string(json_object_get(x, "due_on")) ? fmt_date(r, str(x, "due_on"))
                                                                   : NULL,
                      "status", status_label(r, str(x, "status")), "overdue",
                      json_is_true(json_object_get(x, "overdue"))));
        ctx_bool(fo, "has_done", json_array_size(done) > 0);
        ctx_bool(fo, "has_open", json_array_size(open) > 0);
        json_object_set_new(fo, "actions_done", done);
        json_object_set_new(fo, "actions_open", open);
        json_array_append_new(fl, fo);
    }
    ctx_bool(o, "has_focus", json_array_size(fl) > 0);
    json_object_set_new(o, "focus", fl);
    return o;
}

/* The college's decisions on focus points in the year (the council's
 * "decided set"), of the city or the one wijk asked: a year closed before
 * they were listed has none in its snapshot ("niet vastgelegd"). */
static json_t *report_decisions(struct req *r, json_t *rep, const char *wijk, int year)
{
    json_t *doc = NULL, *w;
    size_t i;
    json_array_foreach(json_object_get(rep, "wijken"), i, w)
    {
        if (wijk && strcmp(str(json_object_get(w, "scope"), "slug"), wijk) == 0)
            doc = w;
    }
    if (!wijk)
        doc = json_object_get(rep, "city");
    json_t *o = json_object(), *dec = json_object_get(doc, "decided");
    ctx_int(o, "year", year);
    ctx_bool(o, "recorded", json_is_array(dec));
    if (!json_is_array(dec))
        return o;
    long long adopted = 0, rejected = 0;
    json_t *x;
    json_array_foreach(dec, i, x)
    {
        if (json_is_true(json_object_get(x, "rejected")))
            rejected++;
        else
            adopted++;
    }
    ctx_bool(o, "has_rows", adopted + rejected > 0);
    ctx_str(o, "adopted_fmt", fmt_number(r, adopted));
    ctx_str(o, "rejected_fmt", fmt_number(r, rejected));
    struct table *t = build_table(r, doc, "collegebesluiten");
    if (t)
        json_object_set_new(o, "table", table_ctx(r, t, "tabel-collegebesluiten", NULL));
    return o;
}

/* The report's context: the city (unless one wijk is asked) and the wijken. */
/* The report's first page: the key figures of the city (or of the one
 * wijk) and what came of the focus points, and for the city the wijk with
 * the most signals per 1.000 inhabitants. first: the first area's context. */
static json_t *report_summary(struct req *r, json_t *rep, json_t *first, const char *wijk)
{
    json_t *o = json_object();
    static const char *const keys[] = {"name",       "total_fmt",     "per1000_fmt", "within_fmt",
                                       "median_fmt", "reporters_fmt", "handed_fmt"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ctx_str(o, keys[i], str(first, keys[i]));
    ctx_bool(o, "has_within", json_is_true(json_object_get(first, "has_within")));
    ctx_bool(o, "has_median", json_is_true(json_object_get(first, "has_median")));
    long long nf = 0, done = 0, open = 0, late = 0;
    size_t i, k;
    json_t *f, *x;
    json_array_foreach(json_object_get(first, "focus"), i, f)
    {
        nf++;
        done += (long long)json_array_size(json_object_get(f, "actions_done"));
        json_array_foreach(json_object_get(f, "actions_open"), k, x)
        {
            open++;
            late += json_is_true(json_object_get(x, "overdue"));
        }
    }
    ctx_str(o, "focus_fmt", fmt_number(r, nf));
    ctx_str(o, "done_fmt", fmt_number(r, done));
    ctx_str(o, "open_fmt", fmt_number(r, open));
    ctx_str(o, "late_fmt", fmt_number(r, late));
    ctx_bool(o, "has_late", late > 0);
    if (!wijk) {
        double best = -1;
        const char *best_name = NULL;
        json_array_foreach(json_object_get(rep, "wijken"), i, x)
        {
            double v = num(json_object_get(x, "signals"), "per_1000");
            if (!isnan(v) && v > best) {
                best = v;
                best_name = str(json_object_get(x, "scope"), "name");
            }
        }
        if (best_name) {
            ctx_str(o, "top_wijk", best_name);
            ctx_str(o, "top_per1000_fmt", fmt_dec(r, best, 1));
        }
    }
    return o;
}

/* The budget's totals in the city's report. A year closed before the
 * budget was kept has none in its snapshot, and a year without budget lines
 * has null: both read "niet vastgelegd". */
static json_t *report_budget(struct req *r, json_t *b, json_t *city)
{
    json_t *o = json_object();
    /* beside the budget: the hours departments and partners spent on the
     * focus points' actions, per wijk (a year closed before they were
     * counted has none in its snapshot: "niet vastgelegd") */
    json_t *hours = json_object_get(city, "hours");
    ctx_bool(o, "hours_recorded", json_is_array(hours));
    if (json_is_array(hours)) {
        double minutes = 0;
        size_t i;
        json_t *x;
        json_array_foreach(hours, i, x) minutes += num(x, "minutes");
        ctx_str(o, "hours_fmt", fmt_dec(r, minutes / 60.0, 1));
        ctx_bool(o, "has_hours", json_array_size(hours) > 0);
        struct table *t = build_table(r, city, "uren-per-wijk");
        if (t)
            json_object_set_new(o, "hours_table", table_ctx(r, t, "tabel-uren", NULL));
    }
    if (!json_is_object(b)) {
        ctx_bool(o, "recorded", 0);
        return o;
    }
    long long total = json_integer_value(json_object_get(b, "total_cents"));
    json_t *prev = json_object_get(b, "previous_total_cents");
    ctx_bool(o, "recorded", 1);
    ctx_str(o, "personnel_fmt",
            fmt_money(r, json_integer_value(json_object_get(b, "personnel_cents"))));
    ctx_str(o, "activities_fmt",
            fmt_money(r, json_integer_value(json_object_get(b, "activities_cents"))));
    ctx_str(o, "total_fmt", fmt_money(r, total));
    ctx_str(o, "change_fmt",
            json_is_integer(prev) ? fmt_money_change(r, total - json_integer_value(prev))
                                  : T(r, "niet vastgelegd"));
    ctx_bool(o, "demo", json_is_true(json_object_get(b, "demo")));
    return o;
}

/* The counters' figures in the city's report: the contacts and the share
 * of referrals to partners in the same building, per location. A year
 * closed before the counters were counted has none in its snapshot: "niet
 * vastgelegd". */
static json_t *report_counter(struct req *r, json_t *city)
{
    json_t *o = json_object(), *cf = json_object_get(city, "counter");
    ctx_bool(o, "recorded", cf != NULL);
    if (!cf)
        return o;
    json_t *tot = json_object_get(cf, "total");
    ctx_str(o, "contacts_fmt", fmt_dec(r, num(tot, "contacts"), 0));
    ctx_str(o, "referrals_fmt", fmt_dec(r, num(tot, "referrals"), 0));
    json_t *sh = json_object_get(tot, "share");
    ctx_str(o, "share_fmt",
            json_is_integer(sh) ? arena_printf(r->a, "%lld%%", (long long)json_integer_value(sh))
                                : "–");
    struct table *t = build_table(r, city, "balie-verwijzingen");
    if (t)
        json_object_set_new(o, "table", table_ctx(r, t, "tabel-balies", NULL));
    return o;
}

static json_t *report_ctx(struct req *r, json_t *rep, const char *wijk)
{
    json_t *ctx = json_object(), *areas = json_array();
    int year = (int)json_integer_value(json_object_get(rep, "year"));
    ctx_int(ctx, "year", year);
    int closed = json_is_true(json_object_get(rep, "closed"));
    ctx_bool(ctx, "closed", closed);
    if (closed) {
        /* the municipality's day, as everywhere */
        char iso[CAL_DATE_LEN];
        cal_format_date(cal_date_of(json_integer_value(json_object_get(rep, "closed_at"))), iso);
        ctx_str(ctx, "closed_on", fmt_date(r, iso));
    }
    size_t n = 0, i;
    if (!wijk)
        json_array_append_new(areas, area_ctx(r, json_object_get(rep, "city"), 1, n++));
    json_t *w, *toc = json_array();
    json_array_foreach(json_object_get(rep, "wijken"), i, w)
    {
        const char *slug = str(json_object_get(w, "scope"), "slug");
        if (wijk && strcmp(wijk, slug) != 0)
            continue;
        json_t *ac = area_ctx(r, w, 0, n++);
        json_array_append_new(
            toc, json_pack("{s:s,s:s}", "name", str(ac, "name"), "anchor", str(ac, "anchor")));
        json_array_append_new(areas, ac);
    }
    ctx_bool(ctx, "has_toc", !wijk && json_array_size(toc) > 0);
    json_object_set_new(ctx, "toc", toc);
    ctx_bool(ctx, "found", json_array_size(areas) > 0);
    json_object_set_new(ctx, "areas", areas);
    if (wijk && json_array_size(areas)) {
        ctx_str(ctx, "wijk_name", str(json_array_get(areas, 0), "name"));
        ctx_str(ctx, "wijk_slug", wijk);
    }
    if (json_array_size(areas))
        json_object_set_new(ctx, "summary", report_summary(r, rep, json_array_get(areas, 0), wijk));
    if (json_array_size(areas))
        json_object_set_new(ctx, "decisions", report_decisions(r, rep, wijk, year));
    if (!wijk) {
        json_object_set_new(
            ctx, "budget",
            report_budget(r, json_object_get(rep, "budget"), json_object_get(rep, "city")));
        json_object_set_new(ctx, "counter", report_counter(r, json_object_get(rep, "city")));
    }
    return ctx;
}

/* The stylesheets inline, for a page that must stand alone (PDF). A sheet
 * that could end the style element early ("</style") is left out. */
static const char *inline_css(struct req *r)
{
    static const char *const files[] = {"vendor/tokens.css", "vendor/utrecht.css", "css/app.css",
                                        "css/print.css"};
    buf b;
    buf_init(&b, 8u << 20);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        const char *u = static_url(files[i]);
        const struct static_file *f = u ? static_by_url(u) : NULL;
        if (!f || memmem(f->data, f->len, "</style", 7) || memmem(f->data, f->len, "</STYLE", 7))
            continue;
        buf_append(&b, f->data, f->len);
        buf_putc(&b, '\n');
    }
    buf_putc(&b, '\0');
    const char *s = b.data ? arena_strdup(r->a, b.data) : "";
    buf_free(&b);
    return s;
}

int monitor_report_render(struct req *r, db *d, int year, const char *wijk, int standalone)
{
    json_t *rep = monitor_report(d, r->a, year, web_today(r), (int64_t)time(NULL));
    if (!rep)
        return -1;
    json_t *ctx = report_ctx(r, rep, wijk);
    json_decref(rep);
    if (!json_is_true(json_object_get(ctx, "found"))) {
        json_decref(ctx);
        return 1;
    }
    ctx_bool(ctx, "pdf_available", pdf_tool() != NULL);
    ctx_bool(ctx, "can_close",
             policy_allows(r->user, ACT_YEAR_CLOSE, NULL) &&
                 !json_is_true(json_object_get(ctx, "closed")) && year < web_this_year());
    ctx_str(ctx, "pdf_href",
            wijk ? arena_printf(r->a, "/raad/rapport/%d.pdf?wijk=%s", year, wijk)
                 : arena_printf(r->a, "/raad/rapport/%d.pdf", year));
    if (standalone)
        ctx_str(ctx, "css_trusted", inline_css(r));
    render_page(r, standalone ? "pages/rapport_print" : "pages/rapport", ctx);
    return r->status == 200 ? 0 : -1;
}

/* A wijk's slug as it may appear in a key and a file name. */
static int slug_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

void page_report_list(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int first, last, *closed;
    size_t nclosed;
    if (mon_signal_years(d, &first, &last) != DB_OK ||
        mon_snapshot_years(d, r->a, &closed, &nclosed) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    int now = web_this_year();
    /* the wijk report form without JavaScript: ?jaar=&wijk= goes to that report */
    int want = web_parse_year(req_query(r, "jaar"));
    const char *want_wijk = req_query(r, "wijk");
    if (want && want_wijk && slug_ok(want_wijk)) {
        resp_redirect(r, arena_printf(r->a, "/raad/rapport/%d?wijk=%s", want, want_wijk));
        return;
    }
    if (!first || first > now)
        first = now;
    /* a closed year stays listed, also when its signals are gone */
    for (size_t i = 0; i < nclosed; i++)
        if (closed[i] < first)
            first = closed[i];
    if (first < now - 10)
        first = now - 10;
    json_t *ctx = json_object(), *years = json_array();
    for (int y = now; y >= first; y--) {
        int is_closed = 0;
        for (size_t i = 0; i < nclosed; i++)
            is_closed |= closed[i] == y;
        json_array_append_new(years, json_pack("{s:i,s:s,s:b,s:b}", "year", y, "href",
                                               arena_printf(r->a, "/raad/rapport/%d", y), "closed",
                                               is_closed, "current", y == now));
    }
    json_object_set_new(ctx, "years", years);
    json_t *wl = json_array();
    struct wijk *w;
    size_t nw;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(wl, json_pack("{s:s,s:s}", "slug", w[i].slug, "name", w[i].name));
    json_object_set_new(ctx, "wijken", wl);
    ctx_int(ctx, "last_year", now - 1);
    /* every year with data, the last complete one chosen */
    json_t *yo = json_array();
    for (int y = now; y >= first; y--)
        json_array_append_new(yo, json_pack("{s:i,s:b}", "year", y, "selected",
                                            y == now - 1 || (first == now && y == now)));
    json_object_set_new(ctx, "year_options", yo);
    ctx_bool(ctx, "can_budget", policy_allows(r->user, ACT_BUDGET_VIEW, NULL));
    render_page(r, "pages/rapporten", ctx);
}

/* The report as PDF. Never made on this worker thread: lib/pdf.h's render
 * thread makes one at a time and keeps the result until the data behind it
 * changes; a closed year's is made once and kept under DATA/files/rapporten/.
 * When it is not ready within a short wait: 503 with Retry-After. */
static void report_pdf(struct req *r, db *d, int year, const char *wijk)
{
    const char *key = arena_printf(r->a, "%d %s %s", year, wijk ? wijk : "-", r->lang);
    char path[1400];
    const char *store = NULL;
    int *closed;
    size_t nclosed;
    if (mon_snapshot_years(d, r->a, &closed, &nclosed) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    for (size_t i = 0; i < nclosed; i++)
        if (closed[i] == year &&
            files_named_path(arena_printf(r->a, "rapporten/raadsrapport-%d%s%s-%s.pdf", year,
                                          wijk ? "-" : "", wijk ? wijk : "", r->lang),
                             path, sizeof path) == 0)
            store = path;
    struct pdf_doc doc = {.key = key, .generation = pagecache_generation(), .store_path = store};
    buf out;
    buf_init(&out, PDF_KEEP_BYTES);
    unsigned retry = 0;
    enum pdf_status st = pdf_lookup(&doc, &out, &retry);
    if (st == PDF_MISSING) {
        int rc = monitor_report_render(r, d, year, wijk, 1);
        if (rc != 0) {
            pdf_abandon(&doc);
            buf_free(&out);
            if (rc == 1 || r->status < 500)
                resp_error(r, rc == 1 ? 404 : 500);
            return;
        }
        st = pdf_render(&doc, r->body_out.data, r->body_out.len, PDF_WAIT_MS, &out, &retry);
    }
    buf_reset(&r->body_out);
    if (st != PDF_READY) {
        buf_free(&out);
        if (st == PDF_FAILED)
            retry = PDF_RETRY_FAILED_S;
        resp_header(r, "Retry-After", arena_printf(r->a, "%u", retry ? retry : 1));
        render_error_page(
            r, 503,
            st == PDF_BUSY
                ? T(r, "Het PDF-bestand van dit rapport wordt gemaakt. Probeer het over een "
                       "minuut opnieuw, of lees het rapport als webpagina.")
                : T(r, "Het PDF-bestand van dit rapport kon niet worden gemaakt. Probeer het "
                       "later opnieuw, of druk het rapport af vanuit de webpagina."));
        return;
    }
    buf_append(&r->body_out, out.data, out.len);
    buf_free(&out);
    r->status = 200;
    r->content_type_out = "application/pdf";
    r->no_compress = true;
    resp_header(r, "Content-Disposition",
                arena_printf(r->a, "inline; filename=\"raadsrapport-%d%s%s.pdf\"", year,
                             wijk ? "-" : "", wijk ? wijk : ""));
}

/* /raad/rapport/2025 (HTML) or /raad/rapport/2025.pdf; ?wijk=slug for one wijk. */
void page_report_year(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *p = req_param(r, 0);
    int pdf = 0;
    char y[8];
    if (p && strlen(p) == 8 && strcmp(p + 4, ".pdf") == 0) {
        pdf = 1;
        memcpy(y, p, 4);
        y[4] = '\0';
        p = y;
    }
    int year = web_parse_year(p);
    if (!year || year > web_this_year()) {
        resp_error(r, 404);
        return;
    }
    const char *wijk = req_query(r, "wijk");
    if (wijk && !*wijk)
        wijk = NULL;
    if (pdf) {
        if (!pdf_tool() || (wijk && !slug_ok(wijk)))
            resp_error(r, 404);
        else
            report_pdf(r, d, year, wijk);
        return;
    }
    int rc = monitor_report_render(r, d, year, wijk, 0);
    if (rc == 1)
        resp_error(r, 404);
    else if (rc != 0 && r->status < 500)
        resp_error(r, 500);
}

/* POST /raad/rapport/{year}/afsluiten: freeze a past year's report. */
void page_report_close(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int year = web_parse_year(req_param(r, 0));
    if (!year || year >= web_this_year()) {
        resp_error(r, 400);
        return;
    }
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 503);
        return;
    }
    int rc = monitor_close_year(d, r->a, year, r->user ? r->user->id : 0, web_today(r),
                                (int64_t)time(NULL));
    if (rc == DB_CONSTRAINT) {
        db_rollback(d);
        resp_redirect(r, arena_printf(r->a, "/raad/rapport/%d", year));
        return;
    }
    if (rc != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "close", "year_snapshot", year, NULL, json_pack("{s:i}", "year", year));
    web_commit_redirect(r, d, "yearclosed", arena_printf(r->a, "/raad/rapport/%d", year));
}
