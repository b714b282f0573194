/*
 * stories.c: success stories. The public list (/verhalen), a story's page
 * (/verhalen/{id}) and its photos, the Atom feeds of the city
 * (/verhalen.atom) and of a wijk (/wijken/{slug}/verhalen.atom), the
 * latest stories on the wijk page and on a method's page; and for staff
 * who write them (/werk/verhalen) the form, photos with the consent of
 * recognisable people, and publishing (domain/story.c has the rules).
 */
#include "web.h"
#include "render.h"

#include "domain/calendar.h"
#include "domain/policy.h"
#include "domain/story.h"
#include "http/form.h"
#include "http/server.h"
#include "lib/config.h"
#include "lib/xmlw.h"
#include "store/area_store.h"
#include "store/focus_store.h"
#include "store/initiative_store.h"
#include "store/method_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *day_of(struct req *r, int64_t t)
{
    char iso[CAL_ISO_LEN];
    if (cal_format_iso(t, iso) != 0)
        return "";
    return fmt_date(r, arena_strndup(r->a, iso, 10));
}

static bool staff(struct req *r)
{
    return policy_allows(r->user, ACT_STORY_EDIT, NULL);
}

static json_t *story_json(struct req *r, const struct story_row *s)
{
    json_t *o = json_object();
    ctx_int(o, "id", s->id);
    ctx_str(o, "url", arena_printf(r->a, "/verhalen/%lld", (long long)s->id));
    ctx_str(o, "edit_url", arena_printf(r->a, "/werk/verhalen/%lld", (long long)s->id));
    ctx_str(o, "title", s->title);
    ctx_str(o, "summary", s->summary);
    ctx_str(o, "date", fmt_date(r, s->story_date));
    ctx_str(o, "topic_label", web_topic_label(r, s->topic));
    ctx_str(o, "wijk", s->wijk_name ? s->wijk_name : T(r, "Heel Zoetermeer"));
    if (s->wijk_slug)
        ctx_str(o, "wijk_url", arena_printf(r->a, "/wijken/%s", s->wijk_slug));
    ctx_bool(o, "published", s->published_at != 0);
    if (s->published_at)
        ctx_str(o, "published_on", day_of(r, s->published_at));
    return o;
}

static json_t *list_json(struct req *r, db *d, const struct story_filter *f, size_t limit)
{
    struct story_row *s;
    size_t n;
    json_t *list = json_array();
    if (story_list(d, r->a, f, limit, &s, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, story_json(r, &s[i]));
    return list;
}

void story_wijk_examples(struct req *r, db *d, int64_t wijk_id, json_t *ctx)
{
    struct story_filter f = {.published_only = true, .area_id = wijk_id};
    json_t *list = list_json(r, d, &f, 3);
    ctx_bool(ctx, "has_stories", json_array_size(list) > 0);
    json_object_set_new(ctx, "stories", list);
}

void story_method_examples(struct req *r, db *d, int64_t method_id, json_t *ctx)
{
    struct story_filter f = {
        .published_only = true, .area_id = -1, .link_kind = "methode", .link_id = method_id};
    json_t *list = list_json(r, d, &f, 10);
    ctx_bool(ctx, "has_story_pages", json_array_size(list) > 0);
    json_object_set_new(ctx, "story_pages", list);
}

void page_stories(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct story_filter f = {.published_only = true, .area_id = -1};
    json_t *ctx = json_object();
    json_t *list = list_json(r, d, &f, 200);
    ctx_bool(ctx, "has_stories", json_array_size(list) > 0);
    json_object_set_new(ctx, "stories", list);
    json_object_set_new(
        ctx, "feed",
        json_pack("{s:s,s:s}", "url", "/verhalen.atom", "title", T(r, "Verhalen uit Zoetermeer")));
    r->cacheable_public = true;
    render_page(r, "pages/verhalen", ctx);
}

/* The story of the path; a draft only for staff who write stories. */
static bool load_story(struct req *r, db *d, struct story_row *s, bool drafts)
{
    long long id = web_parse_id(req_param(r, 0));
    int rc = id > 0 ? story_get(d, r->a, id, s) : DB_NOTFOUND;
    if (rc == DB_OK && !s->published_at && !drafts)
        rc = DB_NOTFOUND;
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

/* The links of a story: [{kind label, title, url}] readable by r's user. */
static json_t *links_json(struct req *r, db *d, const struct story_row *s)
{
    json_t *list = json_array();
    struct initiative_row *pub = NULL;
    size_t npub = 0;
    bool pub_loaded = false;
    bool methods = policy_allows(r->user, ACT_METHODS_VIEW, NULL);
    for (const char *p = s->links ? s->links : ""; *p;) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        char item[64];
        snprintf(item, sizeof item, "%.*s", (int)(l < 63 ? l : 63), p);
        p += l + (comma ? 1 : 0);
        char *colon = strchr(item, ':');
        if (!colon)
            continue;
        *colon = '\0';
        long long id = web_parse_id(colon + 1);
        json_t *o = NULL;
        if (strcmp(item, "focuspunt") == 0) {
            struct focus_row f;
            if (focus_get(d, r->a, id, &f) == DB_OK)
                o = json_pack("{s:s,s:s,s:s}", "kind", T(r, "Focuspunt"), "title",
                              arena_printf(r->a, "%s: %s",
                                           fmt_focus_code(r, f.number, f.period_start), f.title),
                              "link_url", arena_printf(r->a, "/focuspunten/%lld", id));
        } else if (strcmp(item, "methode") == 0) {
            struct method_row m;
            if (method_get(d, r->a, id, &m) == DB_OK) {
                o = json_pack("{s:s,s:s}", "kind", T(r, "Methode"), "title", m.name);
                if (methods)
                    ctx_str(o, "link_url", arena_printf(r->a, "/werk/methoden/%lld", id));
            }
        } else if (strcmp(item, "initiatief") == 0) {
            if (!pub_loaded) {
                pub_loaded = true;
                if (initiative_published_list(d, r->a, 0, 10000, &pub, &npub) != DB_OK)
                    npub = 0;
            }
            for (size_t i = 0; i < npub; i++)
                if (pub[i].id == id)
                    o = json_pack("{s:s,s:s}", "kind", T(r, "Initiatief"), "title", pub[i].title);
        }
        if (o)
            json_array_append_new(list, o);
    }
    return list;
}

static json_t *photos_json(struct req *r, db *d, const struct story_row *s, bool all)
{
    struct story_photo_row *p;
    size_t n;
    json_t *list = json_array();
    if (story_photos(d, r->a, s->id, &p, &n) != DB_OK)
        return list;
    for (size_t i = 0; i < n; i++) {
        bool may = story_photo_may_show(&p[i]);
        if (!may && !all)
            continue;
        json_t *o = json_object();
        ctx_int(o, "id", p[i].id);
        ctx_str(
            o, "url",
            arena_printf(r->a, "/verhalen/%lld/foto/%lld", (long long)s->id, (long long)p[i].id));
        ctx_str(o, "alt", p[i].alt);
        ctx_int(o, "width", p[i].width);
        ctx_int(o, "height", p[i].height);
        ctx_bool(o, "recognisable", p[i].recognisable);
        ctx_bool(o, "needs_consent", !may);
        ctx_str(o, "consent_by", p[i].consent_by);
        if (p[i].consent_on)
            ctx_str(o, "consent_on", fmt_date(r, p[i].consent_on));
        ctx_str(o, "delete_url",
                arena_printf(r->a, "/werk/verhalen/%lld/foto/%lld/verwijderen", (long long)s->id,
                             (long long)p[i].id));
        json_array_append_new(list, o);
    }
    return list;
}

void page_story(struct req *r)
{
    db *d = web_db(r);
    struct story_row s;
    bool is_staff = staff(r);
    if (!d || !load_story(r, d, &s, is_staff))
        return;
    json_t *ctx = story_json(r, &s);
    ctx_str(ctx, "body_trusted", web_markdown(r, s.body, 2));
    json_t *photos = photos_json(r, d, &s, false);
    ctx_bool(ctx, "has_photos", json_array_size(photos) > 0);
    json_object_set_new(ctx, "photos", photos);
    json_t *links = links_json(r, d, &s);
    ctx_bool(ctx, "has_links", json_array_size(links) > 0);
    json_object_set_new(ctx, "links", links);
    ctx_bool(ctx, "can_edit", is_staff);
    if (s.published_at)
        r->cacheable_public = true;
    render_page(r, "pages/verhaal", ctx);
}

void page_story_photo(struct req *r)
{
    db *d = web_db(r);
    struct story_row s;
    bool is_staff = staff(r);
    if (!d || !load_story(r, d, &s, is_staff))
        return;
    struct story_photo_row p;
    long long pid = web_parse_id(req_param(r, 1));
    if (pid <= 0 || story_photo_get(d, r->a, s.id, pid, &p) != DB_OK ||
        (!story_photo_may_show(&p) && !is_staff)) {
        resp_error(r, 404);
        return;
    }
    web_send_photo(r, p.file);
}

/* --- Atom (RFC 4287) ------------------------------------------------------------------- */

static void text_el(buf *b, const char *name, const char *text)
{
    buf_printf(b, "<%s>", name);
    xmlw_text(b, text ? text : "", text ? strlen(text) : 0);
    buf_printf(b, "</%s>\n", name);
}

static void atom_time(buf *b, const char *name, int64_t t)
{
    char iso[CAL_ISO_LEN];
    if (cal_format_iso(t, iso) != 0)
        iso[0] = '\0';
    text_el(b, name, iso);
}

static void feed(struct req *r, db *d, const struct wijk *w)
{
    struct story_filter f = {.published_only = true, .area_id = w ? w->id : -1};
    struct story_row *s;
    size_t n;
    if (story_list(d, r->a, &f, 50, &s, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    const char *base = web_base_url(r);
    const char *self = w ? arena_printf(r->a, "%s/wijken/%s/verhalen.atom", base, w->slug)
                         : arena_printf(r->a, "%s/verhalen.atom", base);
    const char *page = w ? arena_printf(r->a, "%s/wijken/%s", base, w->slug)
                         : arena_printf(r->a, "%s/verhalen", base);
    const struct config *cfg = server_config();
    const char *site = cfg && cfg->site_name[0] ? cfg->site_name : "wijkregie";
    int64_t updated = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i].updated_at > updated)
            updated = s[i].updated_at;
    if (!updated)
        updated = 946684800; /* an empty feed: a fixed moment, so the feed stays the same */
    buf *b = &r->body_out;
    buf_reset(b);
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nl\">\n");
    text_el(b, "id", self);
    text_el(b, "title",
            w ? arena_printf(r->a, "%s: %s", T(r, "Verhalen uit de wijk"), w->name)
              : T(r, "Verhalen uit Zoetermeer"));
    atom_time(b, "updated", updated);
    buf_puts(b, "<link rel=\"self\" type=\"application/atom+xml\" href=\"");
    xmlw_text(b, self, strlen(self));
    buf_puts(b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    xmlw_text(b, page, strlen(page));
    buf_puts(b, "\"/>\n<author>");
    text_el(b, "name", site);
    buf_puts(b, "</author>\n");
    for (size_t i = 0; i < n; i++) {
        const char *url = arena_printf(r->a, "%s/verhalen/%lld", base, (long long)s[i].id);
        buf html;
        buf_init(&html, 1 << 21);
        buf_puts(&html, "<p>");
        buf_html(&html, s[i].summary, strlen(s[i].summary));
        buf_puts(&html, "</p>\n");
        buf_puts(&html, web_markdown(r, s[i].body, 2));
        struct story_photo_row *p;
        size_t np;
        if (story_photos(d, r->a, s[i].id, &p, &np) == DB_OK)
            for (size_t k = 0; k < np; k++) {
                if (!story_photo_may_show(&p[k]))
                    continue;
                const char *src = arena_printf(r->a, "%s/verhalen/%lld/foto/%lld", base,
                                               (long long)s[i].id, (long long)p[k].id);
                buf_printf(&html, "<p><img src=\"%s\" width=\"%d\" height=\"%d\" alt=\"", src,
                           p[k].width, p[k].height);
                buf_html(&html, p[k].alt, strlen(p[k].alt));
                buf_puts(&html, "\"></p>\n");
            }
        buf_puts(b, "<entry>\n");
        text_el(b, "id", url);
        text_el(b, "title", s[i].title);
        atom_time(b, "published", s[i].published_at);
        atom_time(b, "updated",
                  s[i].updated_at > s[i].published_at ? s[i].updated_at : s[i].published_at);
        buf_puts(b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
        xmlw_text(b, url, strlen(url));
        buf_puts(b, "\"/>\n<author>");
        text_el(b, "name", site);
        buf_puts(b, "</author>\n");
        text_el(b, "summary", s[i].summary);
        buf_puts(b, "<content type=\"html\">");
        xmlw_text(b, html.data ? html.data : "", html.len);
        buf_puts(b, "</content>\n</entry>\n");
        buf_free(&html);
    }
    buf_puts(b, "</feed>\n");
    r->status = 200;
    r->content_type_out = "application/atom+xml; charset=utf-8";
    r->cacheable_public = true;
}

void page_stories_feed(struct req *r)
{
    db *d = web_db(r);
    if (d)
        feed(r, d, NULL);
}

void page_wijk_stories_feed(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct wijk w;
    int rc = area_get_wijk(d, r->a, req_param(r, 0), web_today(r), 0, &w);
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    feed(r, d, &w);
}

/* --- staff ------------------------------------------------------------------------------ */

void page_work_stories(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct story_filter f = {.area_id = -1};
    json_t *ctx = json_object();
    json_t *list = list_json(r, d, &f, 500);
    ctx_bool(ctx, "has_stories", json_array_size(list) > 0);
    json_object_set_new(ctx, "stories", list);
    render_page(r, "pages/werk_verhalen", ctx);
}

static size_t ids_of(struct req *r, const char *name, int64_t *out)
{
    const struct form_field *all[STORY_MAX_LINKS];
    size_t n = form_get_all(&r->form, name, all, STORY_MAX_LINKS), k = 0;
    for (size_t i = 0; i < n && i < STORY_MAX_LINKS; i++) {
        long long id = web_parse_id(all[i]->value);
        if (id > 0)
            out[k++] = id;
    }
    return k;
}

static void read_form(struct req *r, db *d, struct story_input *in, const char **wijk_slug)
{
    memset(in, 0, sizeof *in);
    in->title = req_field(r, "title");
    in->summary = req_field(r, "summary");
    in->body = req_field(r, "body");
    in->date = web_date_field(r, "date");
    in->topic = req_field(r, "topic");
    const char *slug = req_field(r, "wijk");
    *wijk_slug = slug;
    if (slug && *slug) {
        struct wijk w;
        if (area_get_wijk(d, r->a, slug, web_today(r), 0, &w) == DB_OK)
            in->area_id = w.id;
        else
            in->wijk_unknown = true;
    }
    in->nfocus = ids_of(r, "focuspunt", in->focus);
    in->ninitiatives = ids_of(r, "initiatief", in->initiatives);
    in->nmethods = ids_of(r, "methode", in->methods);
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* From the stored links "kind:id,..." into the input's lists. */
static void links_into(const char *links, struct story_input *in)
{
    for (const char *p = links ? links : ""; *p;) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        char item[64];
        snprintf(item, sizeof item, "%.*s", (int)(l < 63 ? l : 63), p);
        p += l + (comma ? 1 : 0);
        char *colon = strchr(item, ':');
        if (!colon)
            continue;
        *colon = '\0';
        long long id = web_parse_id(colon + 1);
        if (strcmp(item, "focuspunt") == 0 && in->nfocus < STORY_MAX_LINKS)
            in->focus[in->nfocus++] = id;
        else if (strcmp(item, "initiatief") == 0 && in->ninitiatives < STORY_MAX_LINKS)
            in->initiatives[in->ninitiatives++] = id;
        else if (strcmp(item, "methode") == 0 && in->nmethods < STORY_MAX_LINKS)
            in->methods[in->nmethods++] = id;
    }
}

struct photo_form {
    const char *alt, *consent_by, *consent_on;
    bool recognisable;
    const char *problem, *field;
};

static void form_page(struct req *r, db *d, const struct story_row *s, const struct story_input *in,
                      const char *wijk_slug, const struct story_problem *p, size_t np,
                      const struct photo_form *pf)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "title", s ? T(r, "Verhaal bewerken") : T(r, "Verhaal schrijven"));
    ctx_str(ctx, "action",
            s ? arena_printf(r->a, "/werk/verhalen/%lld", (long long)s->id)
              : "/werk/verhalen/nieuw");
    json_t *v = json_object();
    ctx_str(v, "title", in->title ? in->title : "");
    ctx_str(v, "summary", in->summary ? in->summary : "");
    ctx_str(v, "body", in->body ? in->body : "");
    ctx_str(v, "date", in->date ? web_date_typed(r, in->date) : "");
    json_object_set_new(ctx, "v", v);

    struct wijk *w;
    size_t nw;
    json_t *wl = json_array();
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(
                wl, json_pack("{s:s,s:s,s:b}", "slug", w[i].slug, "name", w[i].name, "selected",
                              wijk_slug ? strcmp(wijk_slug, w[i].slug) == 0
                                        : w[i].id == in->area_id && in->area_id != 0));
    json_object_set_new(ctx, "wijken", wl);

    struct focuspunt *f;
    size_t nf;
    json_t *fl = json_array();
    if (area_list_focuspunten(d, r->a, 0, &f, &nf) == DB_OK)
        for (size_t i = 0; i < nf; i++)
            json_array_append_new(
                fl, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)f[i].id, "label",
                              arena_printf(r->a, "%s: %s",
                                           fmt_focus_code(r, f[i].number, f[i].period_start),
                                           f[i].title),
                              "selected", has_id(in->focus, in->nfocus, f[i].id)));
    json_object_set_new(ctx, "focus_options", fl);
    struct method_row *m;
    size_t nm;
    json_t *ml = json_array();
    if (method_list(d, r->a, NULL, NULL, NULL, &m, &nm) == DB_OK)
        for (size_t i = 0; i < nm; i++)
            json_array_append_new(ml, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)m[i].id, "label",
                                                m[i].name, "selected",
                                                has_id(in->methods, in->nmethods, m[i].id)));
    json_object_set_new(ctx, "method_options", ml);
    struct initiative_row *ir;
    size_t ni;
    json_t *il = json_array();
    if (initiative_published_list(d, r->a, 0, 500, &ir, &ni) == DB_OK)
        for (size_t i = 0; i < ni; i++)
            json_array_append_new(
                il, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)ir[i].id, "label", ir[i].title,
                              "selected", has_id(in->initiatives, in->ninitiatives, ir[i].id)));
    json_object_set_new(ctx, "initiative_options", il);

    json_t *problems = json_array(), *err = json_object();
    for (size_t i = 0; i < np; i++) {
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor",
                                                  arena_printf(r->a, "s-%s", p[i].field), "message",
                                                  T(r, p[i].msgid)));
        if (!json_object_get(err, p[i].field))
            ctx_str(err, p[i].field, T(r, p[i].msgid));
    }
    if (pf && pf->problem) {
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor",
                                                  arena_printf(r->a, "p-%s", pf->field), "message",
                                                  T(r, pf->problem)));
        ctx_str(err, arena_printf(r->a, "p_%s", pf->field), T(r, pf->problem));
    }
    ctx_bool(ctx, "has_problems", json_array_size(problems) > 0);
    json_object_set_new(ctx, "problems", problems);
    web_topic_field(r, ctx, "s-topic", in->topic, json_string_value(json_object_get(err, "topic")));
    json_object_set_new(ctx, "err", err);

    if (s) {
        json_t *photos = photos_json(r, d, s, true);
        bool missing = false;
        for (size_t i = 0; i < json_array_size(photos); i++)
            missing |= json_is_true(json_object_get(json_array_get(photos, i), "needs_consent"));
        ctx_bool(ctx, "needs_consent", missing);
        ctx_bool(ctx, "has_photos", json_array_size(photos) > 0);
        json_object_set_new(ctx, "photos", photos);
        json_object_set_new(ctx, "story", story_json(r, s));
        ctx_str(ctx, "photo_action",
                arena_printf(r->a, "/werk/verhalen/%lld/foto", (long long)s->id));
        ctx_str(ctx, "publish_action",
                arena_printf(r->a, "/werk/verhalen/%lld/publicatie", (long long)s->id));
        json_t *pv = json_object();
        ctx_str(pv, "alt", pf && pf->alt ? pf->alt : "");
        ctx_str(pv, "consent_by", pf && pf->consent_by ? pf->consent_by : "");
        ctx_str(pv, "consent_on", pf && pf->consent_on ? web_date_typed(r, pf->consent_on) : "");
        ctx_bool(pv, "recognisable", pf && pf->recognisable);
        json_object_set_new(ctx, "pv", pv);
    }
    render_page(r, "pages/werk_verhaal_form", ctx);
}

void page_work_story_new(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct story_input in = {.date = web_today(r)};
    form_page(r, d, NULL, &in, NULL, NULL, 0, NULL);
}

static void audit_story(struct req *r, db *d, const char *action, int64_t id, json_t *after)
{
    web_audit(r, d, action, "story", id, NULL, after);
}

void page_work_story_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct story_input in;
    const char *slug;
    read_form(r, d, &in, &slug);
    struct story_problem p[STORY_MAX_PROBLEMS];
    size_t np = story_validate(&in, p);
    if (np) {
        r->status = 400;
        form_page(r, d, NULL, &in, slug, p, np, NULL);
        return;
    }
    int64_t id = 0;
    if (db_begin_write(d) != DB_OK ||
        story_save(d, 0, &in, r->user->id, (int64_t)time(NULL), &id) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    audit_story(r, d, "create", id, json_pack("{s:s}", "wijk", slug && *slug ? slug : "stad"));
    web_commit_redirect(r, d, "saved", arena_printf(r->a, "/werk/verhalen/%lld", (long long)id));
}

void page_work_story(struct req *r)
{
    db *d = web_db(r);
    struct story_row s;
    if (!d || !load_story(r, d, &s, true))
        return;
    struct story_input in = {.title = s.title,
                             .summary = s.summary,
                             .body = s.body,
                             .date = s.story_date,
                             .topic = s.topic,
                             .area_id = s.area_id};
    links_into(s.links, &in);
    form_page(r, d, &s, &in, NULL, NULL, 0, NULL);
}

void page_work_story_post(struct req *r)
{
    db *d = web_db(r);
    struct story_row s;
    if (!d || !load_story(r, d, &s, true))
        return;
    struct story_input in;
    const char *slug;
    read_form(r, d, &in, &slug);
    struct story_problem p[STORY_MAX_PROBLEMS];
    size_t np = story_validate(&in, p);
    if (np) {
        r->status = 400;
        form_page(r, d, &s, &in, slug, p, np, NULL);
        return;
    }
    if (db_begin_write(d) != DB_OK ||
        story_save(d, s.id, &in, r->user->id, (int64_t)time(NULL), NULL) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    /* which fields changed, not their text */
    json_t *changed = json_array();
    const char *before[] = {s.title, s.summary, s.body, s.story_date};
    const char *after[] = {in.title, in.summary, in.body, in.date};
    static const char *const names[] = {"title", "summary", "body", "date"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(before[i] ? before[i] : "", after[i] ? after[i] : "") != 0)
            json_array_append_new(changed, json_string(names[i]));
    if (s.area_id != in.area_id)
        json_array_append_new(changed, json_string("wijk"));
    audit_story(r, d, "update", s.id, json_pack("{s:o}", "changed", changed));
    web_commit_redirect(r, d, "saved", arena_printf(r->a, "/werk/verhalen/%lld", (long long)s.id));
}

void page_work_story_photo_post(struct req *r)
{
    db *d = web_db(r);
    struct story_row s;
    if (!d || !load_story(r, d, &s, true))
        return;
    const struct form_field *files[2];
    size_t nf = form_get_all(&r->form, "foto", files, 2);
    const void *data = NULL;
    size_t len = 0;
    if (nf > 0 && form_is_file(files[0]) && files[0]->value_len > 0) {
        data = files[0]->value;
        len = files[0]->value_len;
    }
    struct photo_form pf = {.alt = req_field(r, "alt"),
                            .consent_by = req_field(r, "consent_by"),
                            .consent_on = web_date_field(r, "consent_on"),
                            .recognisable = req_field(r, "herkenbaar") != NULL};
    int64_t pid = 0;
    enum story_result res =
        story_add_photo(d, r->a, s.id, data, len, pf.alt, pf.recognisable, pf.consent_by,
                        pf.consent_on, web_today(r), &pid, &pf.problem, &pf.field);
    if (res == STORY_OK) {
        if (db_begin_write(d) != DB_OK) {
            resp_error(r, 500);
            return;
        }
        audit_story(r, d, "photo_add", s.id,
                    json_pack("{s:I,s:b,s:b}", "photo", (json_int_t)pid, "recognisable",
                              pf.recognisable, "consent",
                              pf.recognisable && pf.consent_by && *pf.consent_by));
        web_commit_redirect(r, d, "saved",
                            arena_printf(r->a, "/werk/verhalen/%lld#fotos", (long long)s.id));
        return;
    }
    if (res == STORY_NOT_FOUND || res == STORY_ERROR) {
        resp_error(r, res == STORY_NOT_FOUND ? 404 : 500);
        return;
    }
    r->status = 400;
    struct story_input in = {.title = s.title,
                             .summary = s.summary,
                             .body = s.body,
                             .date = s.story_date,
                             .topic = s.topic,
                             .area_id = s.area_id};
    links_into(s.links, &in);
    form_page(r, d, &s, &in, NULL, NULL, 0, &pf);
}

void page_work_story_photo_delete_post(struct req *r)
{
    db *d = web_db(r);
    struct story_row s;
    if (!d || !load_story(r, d, &s, true))
        return;
    long long pid = web_parse_id(req_param(r, 1));
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    int rc = pid > 0 ? story_photo_delete(d, s.id, pid) : DB_NOTFOUND;
    if (rc != DB_OK) {
        db_rollback(d);
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    audit_story(r, d, "photo_delete", s.id, json_pack("{s:I}", "photo", (json_int_t)pid));
    web_commit_redirect(r, d, "saved",
                        arena_printf(r->a, "/werk/verhalen/%lld#fotos", (long long)s.id));
}

void page_work_story_publish_post(struct req *r)
{
    db *d = web_db(r);
    struct story_row s;
    if (!d || !load_story(r, d, &s, true))
        return;
    const char *act = req_field(r, "actie");
    bool publish = act && strcmp(act, "publiceren") == 0;
    if (!publish && !(act && strcmp(act, "intrekken") == 0)) {
        resp_error(r, 400);
        return;
    }
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    enum story_result res = story_publish(d, r->a, s.id, publish, r->user->id, (int64_t)time(NULL));
    if (res == STORY_OK) {
        audit_story(r, d, publish ? "publish" : "withdraw", s.id, NULL);
        web_commit_redirect(r, d, "saved",
                            arena_printf(r->a, "/werk/verhalen/%lld", (long long)s.id));
        return;
    }
    db_rollback(d);
    if (res != STORY_NEEDS_CONSENT) {
        resp_error(r, res == STORY_NOT_FOUND ? 404 : 500);
        return;
    }
    r->status = 400;
    struct story_input in = {.title = s.title,
                             .summary = s.summary,
                             .body = s.body,
                             .date = s.story_date,
                             .topic = s.topic,
                             .area_id = s.area_id};
    links_into(s.links, &in);
    struct photo_form pf = {
        .field = "consent_by",
        .problem = N_("Het verhaal is niet gepubliceerd: bij een foto met herkenbare mensen is "
                      "hun toestemming nog niet vastgelegd. Voeg de foto opnieuw toe met de "
                      "toestemming, of verwijder haar.")};
    form_page(r, d, &s, &in, NULL, NULL, 0, &pf);
}
