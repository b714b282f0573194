/*
 * knowledge.c: the rules of a wijk's knowledge page (knowledge.h).
 */
#include "knowledge.h"

#include "domain/calendar.h"
#include "domain/policy.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct knowledge_kind knowledge_kinds[] = {
    {"vraag", N_("Veelgestelde vraag")},
    {"project", N_("Project")},
    {"bijeenkomst", N_("Bijeenkomst")},
    {NULL, NULL},
};

const char *knowledge_kind_label(const char *code)
{
    for (size_t i = 0; code && knowledge_kinds[i].code; i++)
        if (strcmp(knowledge_kinds[i].code, code) == 0)
            return knowledge_kinds[i].label;
    return NULL;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

static size_t chars(const char *s)
{
    return s ? utf8_len_chars(s, strlen(s)) : 0;
}

static bool iso_date(const char *s)
{
    cal_date d;
    return s && cal_parse_date(s, strlen(s), &d) == 0;
}

/* The position typed: 0..999, empty is 0; -1 when not a number. */
static int position_of(const char *s)
{
    if (blank(s))
        return 0;
    while (*s == ' ')
        s++;
    int v = 0;
    size_t n = 0;
    for (; s[n] >= '0' && s[n] <= '9'; n++)
        if ((v = v * 10 + (s[n] - '0')) > 999)
            return -1;
    return n > 0 && blank(s + n) ? v : -1;
}

size_t knowledge_validate(const struct knowledge_input *in, const char *today,
                          struct knowledge_problem *out)
{
    size_t n = 0;
#define PROBLEM(f, m)                                                                              \
    do {                                                                                           \
        if (n < KNOWLEDGE_MAX_PROBLEMS)                                                            \
            out[n++] = (struct knowledge_problem){(f), (m)};                                       \
    } while (0)
    const char *kind = in->kind;
    if (!knowledge_kind_label(kind)) {
        PROBLEM("kind",
                N_("Kies wat voor tekst het is: een vraag, een project of een bijeenkomst."));
        kind = "";
    }
    bool question = strcmp(kind, "vraag") == 0;
    if (blank(in->title))
        PROBLEM("title", question ? N_("Vul de vraag in.") : N_("Vul een titel in."));
    else if (chars(in->title) > KNOWLEDGE_TITLE_MAX)
        PROBLEM("title", N_("Gebruik hier hoogstens 300 tekens."));
    if (question && blank(in->body))
        PROBLEM("body", N_("Vul het antwoord in."));
    else if (chars(in->body) > KNOWLEDGE_BODY_MAX)
        PROBLEM("body", N_("Gebruik hier hoogstens 8.000 tekens."));
    bool has_date = !blank(in->date);
    if (has_date && !iso_date(in->date))
        PROBLEM("date", N_("Vul een echte datum in, bijvoorbeeld 15-04-2026."));
    else if (question && !has_date)
        PROBLEM("date", N_("Vul in wanneer het antwoord voor het laatst is nagekeken."));
    else if (question && today && strcmp(in->date, today) > 0)
        PROBLEM("date", N_("Het antwoord kan niet in de toekomst zijn nagekeken."));
    else if (strcmp(kind, "bijeenkomst") == 0 && !has_date)
        PROBLEM("date", N_("Vul de datum van de bijeenkomst in."));
    if (question && position_of(in->position) < 0)
        PROBLEM("position", N_("Vul als volgorde een getal van 0 tot en met 999 in."));
#undef PROBLEM
    return n;
}

bool knowledge_may_edit(const struct user *u, int64_t region_id)
{
    /* a wijk in no region: only who may edit everywhere (no region covers it) */
    struct scope_target t = {.region_id = region_id};
    return policy_allows(u, ACT_KNOWLEDGE_EDIT, &t);
}

static void add_changed(char *out, size_t len, const char *field, const char *a, const char *b)
{
    if (!out || strcmp(a ? a : "", b ? b : "") == 0)
        return;
    size_t used = strlen(out);
    snprintf(out + used, len - used, "%s%s", used ? "," : "", field);
}

int knowledge_save(db *d, int64_t area_id, int64_t id, const struct knowledge_input *in,
                   const char *today, int64_t user_id, int64_t now, int64_t *out_id, char *changed,
                   size_t changed_len)
{
    struct knowledge_problem p[KNOWLEDGE_MAX_PROBLEMS];
    if (knowledge_validate(in, today, p) > 0)
        return DB_ERROR;
    bool question = strcmp(in->kind, "vraag") == 0;
    struct knowledge_row k = {
        .id = id,
        .area_id = area_id,
        .kind = in->kind,
        .title = in->title,
        .body = in->body ? in->body : "",
        .date = blank(in->date) ? NULL : in->date,
        .position = question ? position_of(in->position) : 0,
    };
    if (changed && changed_len)
        *changed = '\0';
    if (!id) {
        int rc = knowledge_insert(d, &k, user_id, now, out_id);
        return rc;
    }
    if (changed) {
        struct knowledge_row old;
        arena *a = arena_new(1 << 12);
        if (!a)
            return DB_ERROR;
        int rc = knowledge_get(d, a, area_id, id, &old);
        if (rc != DB_OK) {
            arena_free(a);
            return rc;
        }
        char pos_old[8], pos_new[8];
        snprintf(pos_old, sizeof pos_old, "%d", old.position);
        snprintf(pos_new, sizeof pos_new, "%d", k.position);
        add_changed(changed, changed_len, "kind", old.kind, k.kind);
        add_changed(changed, changed_len, "title", old.title, k.title);
        add_changed(changed, changed_len, "body", old.body, k.body);
        add_changed(changed, changed_len, "date", old.date, k.date);
        add_changed(changed, changed_len, "position", pos_old, pos_new);
        arena_free(a);
    }
    if (out_id)
        *out_id = id;
    return knowledge_update(d, &k, user_id, now);
}

int knowledge_team_list(db *d, arena *a, int64_t area_id, int64_t region_id,
                        struct knowledge_member **out, size_t *n)
{
    int rc = knowledge_team(d, a, area_id, region_id, out, n);
    if (rc != DB_OK)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        int r = role_from_string((*out)[i].role);
        bool care = r < 0 || role_of_care_network((enum role)r) ||
                    ((*out)[i].org_kind && strcmp((*out)[i].org_kind, "care_network") == 0);
        /* one line per person and role */
        bool dup = false;
        for (size_t j = 0; j < k; j++)
            dup |= (*out)[j].user_id == (*out)[i].user_id &&
                   strcmp((*out)[j].role, (*out)[i].role) == 0;
        if (!care && !dup)
            (*out)[k++] = (*out)[i];
    }
    *n = k;
    return DB_OK;
}
