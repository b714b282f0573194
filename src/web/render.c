/*
 * render.c: template sets per language, the layout context, error pages.
 */
#include "render.h"

#include "domain/focus.h"
#include "domain/policy.h"
#include "domain/user.h"
#include "http/server.h"
#include "http/static.h"
#include "lib/embed.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/mustache.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The template set of each language. The first (Dutch, the source) is
 * compiled at start; the others are compiled at start too, so that a
 * template or translation error stops the start, but then let go and
 * compiled again at their first request: most visitors never ask for
 * English, and a compiled set is a megabyte. */
static _Atomic(mus_set *) g_sets[I18N_NLANGS];
static pthread_mutex_t g_sets_mu = PTHREAD_MUTEX_INITIALIZER;

static int lang_index(const char *lang)
{
    for (int i = 0; i < I18N_NLANGS; i++)
        if (strcmp(i18n_langs[i].code, lang) == 0)
            return i;
    return 0;
}

/* The compiled set of language i, or NULL with err filled. */
static mus_set *compile_set(int i, char *err, size_t errlen)
{
    mus_set *s = mus_set_new();
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (const struct embed_file *f = embedded_templates; f->name; f++) {
        char name[256];
        snprintf(name, sizeof name, "%s", f->name);
        char *dot = strrchr(name, '.');
        if (dot && strcmp(dot, ".mustache") == 0)
            *dot = '\0';
        if (mus_set_add_static(s, name, (const char *)f->data, f->size) != 0) {
            snprintf(err, errlen, "out of memory");
            mus_set_free(s);
            return NULL;
        }
    }
    mus_error me;
    const i18n_catalog *cat = i18n_langs[i].catalog;
    if (mus_set_compile(s, MUS_STRICT, cat ? i18n_translate_cb : NULL, (void *)(uintptr_t)cat,
                        &me) != 0) {
        snprintf(err, errlen, "template %s line %d: %s", me.tpl, me.line, me.msg);
        mus_set_free(s);
        return NULL;
    }
    return s;
}

int render_init(char *err, size_t errlen)
{
    for (int i = 0; i < I18N_NLANGS; i++) {
        mus_set *s = compile_set(i, err, errlen);
        if (!s)
            return -1;
        if (i == 0)
            atomic_store(&g_sets[i], s);
        else
            mus_set_free(s);
    }
    return 0;
}

/* The set of language i, compiled on its first use. */
static const mus_set *lang_set(int i)
{
    mus_set *s = atomic_load(&g_sets[i]);
    if (s)
        return s;
    pthread_mutex_lock(&g_sets_mu);
    s = atomic_load(&g_sets[i]);
    if (!s) {
        char err[256];
        s = compile_set(i, err, sizeof err);
        if (s)
            atomic_store(&g_sets[i], s);
        else
            log_error("templates of %s: %s", i18n_langs[i].code, err);
    }
    pthread_mutex_unlock(&g_sets_mu);
    return s ? s : atomic_load(&g_sets[0]);
}

void render_free(void)
{
    for (int i = 0; i < I18N_NLANGS; i++)
        mus_set_free(atomic_exchange(&g_sets[i], NULL));
}

const char *web_tr(const struct req *r, const char *msgid)
{
    const i18n_catalog *c = i18n_catalog_for(r && r->lang ? r->lang : "nl");
    return c ? i18n_get(c, msgid) : msgid;
}

void ctx_str(json_t *o, const char *key, const char *value)
{
    if (value)
        json_object_set_new(o, key, json_string(value));
}

void ctx_int(json_t *o, const char *key, long long value)
{
    json_object_set_new(o, key, json_integer(value));
}

void ctx_bool(json_t *o, const char *key, int value)
{
    json_object_set_new(o, key, json_boolean(value));
}

const char *fmt_number(struct req *r, long long n)
{
    char digits[32], out[48];
    int neg = n < 0;
    unsigned long long u = neg ? (unsigned long long)(-(n + 1)) + 1 : (unsigned long long)n;
    int len = snprintf(digits, sizeof digits, "%llu", u);
    char sep = strcmp(r->lang, "en") == 0 ? ',' : '.';
    size_t j = 0;
    if (neg)
        out[j++] = '-';
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            out[j++] = sep;
        out[j++] = digits[i];
    }
    out[j] = '\0';
    return arena_strdup(r->a, out);
}

/* "EUR 1.693.452" or "EUR 12,50" for an amount without its sign. */
static const char *money_abs(struct req *r, unsigned long long u)
{
    const char *euros = fmt_number(r, (long long)(u / 100));
    unsigned c = (unsigned)(u % 100);
    if (c == 0)
        return arena_printf(r->a, "EUR %s", euros);
    return arena_printf(r->a, "EUR %s%c%02u", euros, strcmp(r->lang, "en") == 0 ? '.' : ',', c);
}

static unsigned long long magnitude(long long n)
{
    return n < 0 ? (unsigned long long)(-(n + 1)) + 1 : (unsigned long long)n;
}

const char *fmt_dec(struct req *r, double v, int decimals)
{
    if (isnan(v))
        return "–";
    if (decimals == 0)
        return fmt_number(r, (long long)llround(v));
    double scale = pow(10, decimals);
    long long whole = (long long)llround(v * scale);
    int neg = whole < 0;
    if (neg)
        whole = -whole;
    const char *w = fmt_number(r, whole / (long long)scale);
    return arena_printf(r->a, "%s%s%s%0*lld", neg ? "-" : "", w,
                        strcmp(r->lang, "en") == 0 ? "." : ",", decimals, whole % (long long)scale);
}

const char *fmt_money(struct req *r, long long cents)
{
    const char *m = money_abs(r, magnitude(cents));
    return cents < 0 ? arena_printf(r->a, "−%s", m) : m;
}

const char *fmt_money_change(struct req *r, long long cents)
{
    const char *m = money_abs(r, magnitude(cents));
    if (cents == 0)
        return m;
    return arena_printf(r->a, "%s %s", cents < 0 ? "−" : "+", m);
}

const char *fmt_date(struct req *r, const char *iso)
{
    static const char *const nl[] = {"januari",   "februari", "maart",    "april",
                                     "mei",       "juni",     "juli",     "augustus",
                                     "september", "oktober",  "november", "december"};
    static const char *const en[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
    int y, m, d;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return iso;
    int english = strcmp(r->lang, "en") == 0;
    return arena_printf(r->a, "%d %s %d", d, english ? en[m - 1] : nl[m - 1], y);
}

const char *fmt_focus_code(struct req *r, int number, const char *period_start)
{
    char c[FOCUS_CODE_LEN];
    focus_code(number, period_start, c);
    return arena_strdup(r->a, c);
}

/* Navigation: each item shows when the permission table allows its action. */
struct nav_item {
    const char *href;
    const char *label; /* msgid */
    enum action action;
    int staff_only;
};

static const struct nav_item g_nav[] = {
    {"/", N_("Wijken"), ACT_PUBLIC, 0},
    {"/melden", N_("Melding doen"), ACT_PUBLIC, 0},
    {"/meldingen", N_("Open meldingen"), ACT_PUBLIC, 0},
    {"/samenspraak", N_("Samenspraak"), ACT_PUBLIC, 0},
    {"/open-data/", N_("Open data"), ACT_PUBLIC, 0},
    {"/werk", N_("Mijn werk"), ACT_STAFF_HOME, 1},
    {"/werk/balie", N_("Balie"), ACT_COUNTER_CONTACT, 1},
    {"/mijn-gegevens", N_("Mijn gegevens"), ACT_RESIDENT_OWN, 1},
    {"/werk/meldingen", N_("Meldingen"), ACT_SIGNAL_LIST, 1},
    {"/werk/focuspunten", N_("Focuspunten"), ACT_FOCUS_VIEW, 1},
    {"/werk/acties", N_("Acties"), ACT_OWN_ACTIONS, 1},
    {"/werk/partners", N_("Partners"), ACT_PARTNER_REGISTER, 1},
    {"/initiatieven", N_("Initiatieven"), ACT_INITIATIVE_LIST, 1},
    {"/monitor", N_("Monitor"), ACT_MONITOR_VIEW, 1},
    {"/raad/rapport", N_("Raadsrapport"), ACT_REPORT_VIEW, 1},
    {"/beheer/gebruikers", N_("Beheer"), ACT_USERS_MANAGE, 1},
};

static void asset_table(json_t *ctx)
{
    static const struct {
        const char *key, *file;
    } assets[] = {
        {"tokens_css", "vendor/tokens.css"},
        {"utrecht_css", "vendor/utrecht.css"},
        {"leaflet_css", "vendor/leaflet.css"},
        {"leaflet_js", "vendor/leaflet.js"},
        {"app_css", "css/app.css"},
        {"print_css", "css/print.css"},
        {"favicon_svg", "img/favicon.svg"},
        {"map_js", "js/map.js"},
        {"report_map_js", "js/report-map.js"},
        {"worklist_js", "js/worklist.js"},
    };
    json_t *a = json_object();
    for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
        const char *u = static_url(assets[i].file);
        ctx_str(a, assets[i].key, u ? u : "/static/missing");
    }
    json_object_set_new(ctx, "asset", a);
}

/* The background map, when tiles are configured: {url, attribution, host,
 * pdok}. The pick maps read it, and the privacy page names the tile server,
 * which receives every visitor's internet address with the tiles. */
static void tiles_ctx(json_t *ctx, const struct config *cfg)
{
    if (!cfg || !cfg->tile_url[0])
        return;
    json_t *t = json_object();
    ctx_str(t, "url", cfg->tile_url);
    ctx_str(t, "attribution", cfg->tile_attribution);
    char host[256] = "";
    const char *p = strstr(cfg->tile_url, "://");
    p = p ? p + 3 : cfg->tile_url;
    size_t n = strcspn(p, "/:?#");
    snprintf(host, sizeof host, "%.*s", (int)(n < 255 ? n : 255), p);
    ctx_str(t, "host", host);
    size_t hl = strlen(host);
    ctx_bool(t, "pdok", hl >= 7 && strcmp(host + hl - 7, "pdok.nl") == 0);
    json_object_set_new(ctx, "tiles", t);
}

json_t *render_base(struct req *r)
{
    json_t *ctx = json_object();
    const struct config *cfg = server_config();
    ctx_str(ctx, "lang", r->lang);
    ctx_str(ctx, "site_name", cfg ? cfg->site_name : "Wijkregie");
    asset_table(ctx);
    tiles_ctx(ctx, cfg);
    ctx_bool(ctx, "geocoder", cfg && cfg->geocoder_url[0]);

    int en = strcmp(r->lang, "en") == 0;
    json_t *ls = json_object();
    ctx_str(ls, "code", en ? "nl" : "en");
    ctx_str(ls, "label", en ? "Nederlands" : "English");
    ctx_str(ls, "href",
            arena_printf(r->a, "/taal?lang=%s&terug=%s", en ? "nl" : "en", req_return_here(r)));
    json_object_set_new(ctx, "lang_switch", ls);

    if (r->user) {
        json_t *u = json_object();
        ctx_str(u, "login", r->user->login);
        ctx_str(u, "name", r->user->name);
        /* an account named after its role ("Maatschappelijke partner (De Goede
         * Woning)") does not say the role twice */
        const char *rl = r->user->nroles ? role_label(r->user->roles[0].role) : NULL;
        if (rl && !(r->user->name && strncmp(r->user->name, rl, strlen(rl)) == 0))
            ctx_str(u, "role_label", T(r, rl));
        ctx_bool(u, "resident", user_is_resident(r->user));
        json_object_set_new(ctx, "user", u);
    }
    if (r->csrf)
        ctx_str(ctx, "csrf", r->csrf);

    json_t *nav = json_array();
    /* the current item is the one with the longest matching prefix */
    size_t best = 0, best_len = 0;
    for (size_t i = 0; r->path && i < sizeof g_nav / sizeof g_nav[0]; i++) {
        size_t hl = strlen(g_nav[i].href);
        int match = strcmp(r->path, g_nav[i].href) == 0 ||
                    (hl > 1 && strncmp(r->path, g_nav[i].href, hl) == 0 &&
                     (g_nav[i].href[hl - 1] == '/' || r->path[hl] == '/')) ||
                    (hl == 1 && strncmp(r->path, "/wijken/", 8) == 0);
        if (match && hl >= best_len) {
            best = i;
            best_len = hl;
        }
    }
    for (size_t i = 0; i < sizeof g_nav / sizeof g_nav[0]; i++) {
        if ((g_nav[i].staff_only && !r->user) || !policy_allows(r->user, g_nav[i].action, NULL))
            continue;
        json_t *it = json_object();
        ctx_str(it, "href", g_nav[i].href);
        ctx_str(it, "label", T(r, g_nav[i].label));
        ctx_bool(it, "current", best_len > 0 && i == best);
        json_array_append_new(nav, it);
    }
    json_object_set_new(ctx, "nav", nav);

    const char *fl = cookie_get(&r->cookies, "wr_flash");
    if (fl && r->method != HTTP_POST) {
        /* The cookie holds "kind:msgid-key"; only known keys are shown, so a
         * forged cookie cannot put text on the page. */
        static const struct {
            const char *key, *kind, *msgid;
        } known[] = {
            {"saved", "ok", N_("De wijzigingen zijn opgeslagen.")},
            {"saved_told", "ok",
             N_("De wijzigingen zijn opgeslagen. Wie zich heeft aangemeld of op de wachtlijst "
                "staat, krijgt een e-mail met de nieuwe dag, tijd en plaats.")},
            {"deleted", "ok", N_("De tekst is verwijderd.")},
            {"ideaposted", "ok",
             N_("Uw idee is geplaatst. Iedereen kan het nu lezen, steunen en erop reageren.")},
            {"reactionposted", "ok", N_("Uw reactie is geplaatst.")},
            {"counted", "ok", N_("Het contact is geteld.")},
            {"regie", "ok", N_("De taak is vastgelegd.")},
            {"regiedeleted", "ok", N_("De taak is verwijderd.")},
            {"undone", "ok", N_("Het laatste contact is ongedaan gemaakt.")},
            {"password", "ok", N_("Uw wachtwoord is gewijzigd.")},
            {"loggedout", "ok", N_("U bent uitgelogd.")},
            {"residentdeleted", "ok",
             N_("Uw account is verwijderd. We hebben uw e-mailadres, naam, leeftijd en "
                "onderwerpen gewist.")},
            {"usercreated", "ok", N_("De gebruiker is aangemaakt.")},
            {"surveycreated", "ok", N_("De enquête is aangemaakt. Voeg nu de vragen toe.")},
            {"questionadded", "ok", N_("De vraag is toegevoegd.")},
            {"measured", "ok", N_("De uitkomst is als meting bij de indicator vastgelegd.")},
            {"surveyentered", "ok",
             N_("De antwoorden zijn ingevoerd. U kunt het volgende formulier invoeren.")},
            {"disabled", "ok", N_("Het account is uitgeschakeld.")},
            {"bulk", "ok", N_("De gekozen meldingen zijn bijgewerkt.")},
            {"initiative", "ok", N_("De aanvraag is ingevoerd.")},
            {"initiativestep", "ok", N_("De aanvraag is bijgewerkt.")},
            {"yearclosed", "ok",
             N_("Het jaar is afgesloten. De cijfers van dit rapport veranderen niet meer.")},
            {"bulkpartial", "error",
             N_("Niet alle gekozen meldingen zijn bijgewerkt: sommige mag u niet behandelen of "
                "hadden een status die dit niet toelaat. Bekijk de lijst.")},
        };
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            if (strcmp(fl, known[i].key) == 0) {
                json_t *f = json_object();
                ctx_str(f, "kind", known[i].kind);
                ctx_str(f, "message", T(r, known[i].msgid));
                json_object_set_new(ctx, "flash", f);
                resp_cookie(r, "wr_flash", "", -1);
            }
    }
    return ctx;
}

void flash_set(struct req *r, const char *kind, const char *key)
{
    (void)kind;
    resp_cookie(r, "wr_flash", key, 60);
}

void render_page(struct req *r, const char *name, json_t *ctx)
{
    json_t *base = render_base(r);
    json_object_update_missing(ctx, base);
    json_decref(base);
    const mus_tpl *t = mus_set_get(lang_set(lang_index(r->lang)), name);
    mus_error me;
    buf_reset(&r->body_out);
    if (!t || mus_render(t, ctx, &r->body_out, &me) != 0) {
        log_error("render %s: %s", name, t ? me.msg : "no such template");
        json_decref(ctx);
        buf_reset(&r->body_out);
        r->content_type_out = "text/plain; charset=utf-8";
        r->status = 500;
        buf_puts(&r->body_out, "500\n");
        return;
    }
    json_decref(ctx);
    if (!r->status)
        r->status = 200;
    r->content_type_out = "text/html; charset=utf-8";
}

void render_error_page(struct req *r, unsigned status, const char *message)
{
    const char *title, *text;
    switch (status) {
    case 400:
        title = N_("Dit verzoek klopt niet");
        text = N_("De server begrijpt dit verzoek niet. Controleer het adres of ga terug en "
                  "probeer het opnieuw.");
        break;
    case 403:
        title = N_("Geen toegang");
        text = N_("U mag deze pagina niet gebruiken, of het formulier was verlopen. Ga terug, "
                  "laad de pagina opnieuw en probeer het nog eens.");
        break;
    case 404:
        title = N_("Pagina niet gevonden");
        text = N_("Deze pagina bestaat niet (meer). Controleer het adres of begin op de "
                  "startpagina.");
        break;
    case 405:
        title = N_("Dit kan zo niet");
        text = N_("Deze pagina werkt niet op deze manier. Gebruik de links en knoppen op de "
                  "site.");
        break;
    case 413:
        title = N_("Te veel gegevens");
        text = N_("U stuurde meer gegevens dan we aannemen. Maak de tekst korter of stuur "
                  "kleinere bestanden.");
        break;
    case 415:
        title = N_("Onbekend formaat");
        text = N_("De gegevens zijn in een formaat dat we niet kennen.");
        break;
    case 429:
        title = N_("Even wachten");
        text = N_("U deed te veel verzoeken kort na elkaar. Wacht even en probeer het opnieuw.");
        break;
    default:
        title = N_("Er ging iets mis");
        text = N_("Er ging bij ons iets mis. Probeer het later opnieuw.");
        break;
    }
    json_t *ctx = json_object();
    ctx_int(ctx, "status", status);
    ctx_str(ctx, "title", T(r, title));
    ctx_str(ctx, "text", message ? message : T(r, text));
    r->status = status;
    render_page(r, "pages/error", ctx);
    r->status = status;
}

void ctx_form_problems(struct req *r, json_t *ctx, const struct form_problem *p, size_t n,
                       const char *prefix)
{
    json_t *list = json_array(), *err = json_object();
    for (size_t i = 0; p && i < n; i++) {
        if (json_object_get(err, p[i].field))
            continue;
        ctx_str(err, p[i].field, T(r, p[i].msgid));
        json_array_append_new(list, json_pack("{s:s,s:s}", "anchor",
                                              arena_printf(r->a, "%s%s", prefix, p[i].field),
                                              "message", T(r, p[i].msgid)));
    }
    ctx_bool(ctx, "has_problems", json_array_size(list) > 0);
    json_object_set_new(ctx, "problems", list);
    json_object_set_new(ctx, "error", err);
}
