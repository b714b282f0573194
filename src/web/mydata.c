/*
 * mydata.c: the part of /mijn-gegevens that lists what the resident did
 * under their account, per kind with a count and links to the public pages
 * (the data comes from the export, domain/mydata.h).
 */
#include "web.h"

#include "domain/consult.h"
#include "lib/i18n_mark.h"
#include "web/render.h"

#include <string.h>

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static long long num(json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

static const char *date(struct req *r, json_t *o, const char *k)
{
    return fmt_date(r, str(o, k));
}

static json_t *item(json_t *items, const char *href, const char *title)
{
    json_t *it = json_object();
    ctx_str(it, "href", href);
    ctx_str(it, "title", title);
    json_object_set_new(it, "lines", json_array());
    json_array_append_new(items, it);
    return it;
}

static void line(json_t *it, const char *text)
{
    if (text && *text)
        json_array_append_new(json_object_get(it, "lines"), json_string(text));
}

static void hidden_note(struct req *r, json_t *it, json_t *o)
{
    if (json_is_true(json_object_get(o, "hidden")))
        ctx_str(it, "note",
                T(r, "Verborgen door de moderatie: alleen u ziet dit nog, anderen niet."));
}

static const char *idea_href(struct req *r, json_t *o)
{
    return arena_printf(r->a, "/samenspraak/%lld/ideeen/%lld", num(o, "consultation_id"),
                        num(o, "idea_id"));
}

static void section(struct req *r, json_t *list, const char *heading, json_t *items)
{
    size_t n = json_array_size(items);
    if (n == 0) {
        json_decref(items);
        return;
    }
    json_t *s = json_object();
    ctx_str(s, "heading", T(r, heading));
    ctx_int(s, "count", (long long)n);
    json_object_set_new(s, "items", items);
    json_array_append_new(list, s);
}

void web_mydata_sections(struct req *r, json_t *data, json_t *ctx)
{
    json_t *list = json_array(), *items, *o;
    size_t i;

    items = json_array();
    json_array_foreach(json_object_get(data, "ideas"), i, o)
    {
        json_t *it = item(items, idea_href(r, o), str(o, "title"));
        line(it, arena_printf(r->a, "%s %s, %s", T(r, "Ingediend bij"), str(o, "consultation"),
                              date(r, o, "created_at")));
        line(it, str(o, "text"));
        const char *state = consult_answer_label(str(o, "answer_state"));
        if (state)
            line(it, arena_printf(r->a, "%s: %s", T(r, "Antwoord van de gemeente"), T(r, state)));
        line(it, str(o, "answer"));
        hidden_note(r, it, o);
    }
    section(r, list, N_("Uw ideeën"), items);

    items = json_array();
    json_array_foreach(json_object_get(data, "reactions"), i, o)
    {
        json_t *it = item(items, idea_href(r, o), str(o, "idea"));
        line(it, arena_printf(r->a, "%s, %s", T(r, "Uw reactie"), date(r, o, "created_at")));
        line(it, str(o, "text"));
        hidden_note(r, it, o);
    }
    section(r, list, N_("Uw reacties"), items);

    items = json_array();
    json_array_foreach(json_object_get(data, "supported"), i, o)
        item(items, idea_href(r, o), str(o, "idea"));
    section(r, list, N_("Ideeën die u steunt"), items);

    items = json_array();
    json_array_foreach(json_object_get(data, "votes"), i, o)
    {
        json_t *it =
            item(items, arena_printf(r->a, "/samenspraak/%lld/stemmen", num(o, "consultation_id")),
                 str(o, "consultation"));
        line(it, arena_printf(r->a, "%s %s", T(r, "U stemde op"), date(r, o, "cast_at")));
    }
    if (json_array_size(items) > 0)
        ctx_bool(ctx, "has_votes", 1);
    section(r, list, N_("Stemmingen waaraan u meedeed"), items);

    items = json_array();
    json_array_foreach(json_object_get(data, "surveys"), i, o)
    {
        json_t *it = item(items, arena_printf(r->a, "/enquetes/%lld", num(o, "survey_id")),
                          str(o, "survey"));
        line(it, arena_printf(r->a, "%s %s", T(r, "Ingevuld op"), date(r, o, "answered_at")));
    }
    section(r, list, N_("Enquêtes die u invulde"), items);

    items = json_array();
    json_array_foreach(json_object_get(data, "spreekuur_questions"), i, o)
    {
        bool pub = json_is_true(json_object_get(o, "public"));
        json_t *it = item(items, arena_printf(r->a, "/spreekuur/%lld", num(o, "question_id")),
                          str(o, "question"));
        line(it, arena_printf(r->a, "%s, %s", pub ? T(r, "Openbaar") : T(r, "Alleen voor u"),
                              date(r, o, "asked_at")));
        const char *answer = str(o, "answer");
        line(it, answer ? arena_printf(r->a, "%s: %s", T(r, "Antwoord"), answer)
                        : T(r, "Nog geen antwoord."));
    }
    section(r, list, N_("Uw vragen aan de wijkwethouder"), items);

    items = json_array();
    json_array_foreach(json_object_get(data, "meetings"), i, o)
    {
        json_t *it = item(items, arena_printf(r->a, "/bijeenkomsten/%lld", num(o, "meeting_id")),
                          str(o, "meeting"));
        line(it, arena_printf(r->a, "%s, %s", date(r, o, "starts_at"), str(o, "wijk")));
        if (json_is_true(json_object_get(o, "waiting_list")))
            line(it, T(r, "U staat op de wachtlijst."));
    }
    section(r, list, N_("Bijeenkomsten waarvoor u zich aanmeldde"), items);

    ctx_bool(ctx, "has_activity", json_array_size(list) > 0);
    json_object_set_new(ctx, "activity", list);
}
