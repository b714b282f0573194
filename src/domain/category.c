/*
 * category.c: checks for the administrator's category and routing rule
 * forms, the slug of a new sub category and the explanation of a broken
 * rule. Kept apart from the pages so that the rules can be tested without a
 * server, and apart from the store so that they hold whatever the database.
 */
#include "category.h"

#include "domain/signal.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A whole number of at most 9 digits, nothing else; -1 when it is not one. */
static long parse_small(const char *s)
{
    if (!s || !*s || strlen(s) > 9)
        return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    errno = 0;
    long v = strtol(s, NULL, 10);
    return errno ? -1 : v;
}

/* A positive id (at most 18 digits); 0 when empty, -1 when malformed. */
static int64_t parse_id(const char *s)
{
    if (!s || !*s)
        return 0;
    if (strlen(s) > 18)
        return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    long long v = strtoll(s, NULL, 10);
    return v > 0 ? (int64_t)v : -1;
}

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

const char *category_validate(const char *name, const char *handling_message,
                              const char *deadline_text, int *deadline_days)
{
    *deadline_days = 0;
    if (utf8_blank(name))
        return N_("Vul een naam in.");
    size_t n = strlen(name);
    if (!utf8_valid(name, n) || utf8_len_chars(name, n) > CATEGORY_NAME_MAX)
        return N_("Een naam heeft hoogstens 100 tekens.");
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20)
            return N_("Een naam past op één regel.");
    if (handling_message) {
        size_t m = strlen(handling_message);
        if (!utf8_valid(handling_message, m) ||
            utf8_len_chars(handling_message, m) > CATEGORY_MESSAGE_MAX)
            return N_("Het afhandelbericht heeft hoogstens 2000 tekens.");
    }
    if (utf8_blank(deadline_text))
        return N_("Vul de termijn in: een aantal dagen van 1 tot en met 365.");
    long days = parse_small(deadline_text);
    if (days < 1 || days > CATEGORY_DEADLINE_MAX)
        return N_("De termijn is een heel aantal dagen van 1 tot en met 365.");
    *deadline_days = (int)days;
    return NULL;
}

const char *category_urgent_parse(const char *text, int deadline_days, int *urgent_days)
{
    *urgent_days = 0;
    if (utf8_blank(text))
        return N_("Vul de termijn bij gevaar in: een aantal dagen van 1 tot en met de gewone "
                  "termijn.");
    long days = parse_small(text);
    if (days < 1 || days > CATEGORY_DEADLINE_MAX || days > deadline_days)
        return N_("De termijn bij gevaar is een heel aantal dagen van 1 tot en met de gewone "
                  "termijn.");
    *urgent_days = (int)days;
    return NULL;
}

int category_message_days_mismatch(const char *msg, int deadline_days)
{
    static const char *const units[] = {"werkdag", "kalenderdag", "dag", NULL};
    for (const char *p = msg; p && *p; p++) {
        if (*p < '0' || *p > '9' || (p > msg && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        long n = 0;
        const char *q = p;
        while (*q >= '0' && *q <= '9' && n < 100000)
            n = n * 10 + (*q++ - '0');
        while (*q == ' ')
            q++;
        for (size_t i = 0; units[i]; i++)
            if (strncmp(q, units[i], strlen(units[i])) == 0) {
                if (n != deadline_days && n > 0)
                    return (int)n;
                break;
            }
    }
    return 0;
}

/* U+00C0..U+00FF without their accents; '-' for the two signs among them. */
static const char latin1_base[] = "aaaaaaaceeeeiiiidnooooo-ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo-ouuuuyty";

int category_slug(const char *name, char *out, size_t outlen)
{
    size_t k = 0;
    bool dash = false; /* a dash is owed before the next letter */
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    if (outlen <= CATEGORY_SLUG_MAX) {
        if (outlen)
            out[0] = '\0';
        return -1;
    }
    while (*s) {
        char c = 0;
        if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            c = (char)*s;
            s++;
        } else if (*s >= 'A' && *s <= 'Z') {
            c = (char)(*s - 'A' + 'a');
            s++;
        } else if (*s == 0xC3 && s[1] >= 0x80 && s[1] <= 0xBF) {
            c = latin1_base[s[1] - 0x80];
            s += 2;
        } else {
            s++;
            /* skip the rest of a multi-byte character */
            while ((*s & 0xC0) == 0x80)
                s++;
        }
        if (!c || c == '-') {
            dash = k > 0;
            continue;
        }
        if (k + (dash ? 2 : 1) > CATEGORY_SLUG_MAX)
            break;
        if (dash)
            out[k++] = '-';
        dash = false;
        out[k++] = c;
    }
    out[k] = '\0';
    return k ? 0 : -1;
}

const char *rule_position_parse(const char *text, int *position)
{
    long v = parse_small(text);
    if (v < 1 || v > RULE_POSITION_MAX)
        return N_("Vul als volgnummer een heel getal in van 1 tot en met 9999.");
    *position = (int)v;
    return NULL;
}

const char *rule_validate(const struct rule_form *f, struct rule_values *v)
{
    memset(v, 0, sizeof *v);
    int64_t id = parse_id(f->category);
    if (id < 0)
        return N_("Kies een categorie uit de lijst.");
    v->category_id = id;
    if ((id = parse_id(f->wijk)) < 0)
        return N_("Kies een wijk uit de lijst.");
    v->area_id = id;
    if ((id = parse_id(f->region)) < 0)
        return N_("Kies een regio uit de lijst.");
    v->region_id = id;
    if (v->area_id && v->region_id)
        return N_("Kies een wijk of een regio, niet allebei: een wijk ligt al in één regio.");
    if (f->type && *f->type) {
        if (!in_list(signal_types, f->type))
            return N_("Kies een soort uit de lijst.");
        v->type = f->type;
    }
    if (f->channel && *f->channel) {
        if (!in_list(signal_channels, f->channel))
            return N_("Kies een kanaal uit de lijst.");
        v->channel = f->channel;
    }
    if (!f->target || !*f->target)
        return N_("Kies waar de melding heen gaat.");
    if (strcmp(f->target, "wijkregisseur") == 0) {
        v->target_kind = "wijkregisseur";
    } else if (strncmp(f->target, "org:", 4) == 0 && parse_id(f->target + 4) > 0) {
        v->target_kind = "organisation";
        v->target_org_id = parse_id(f->target + 4);
    } else {
        return N_("Kies waar de melding heen gaat.");
    }
    return rule_position_parse(f->position, &v->position);
}

const char *rule_broken_label(const char *reason)
{
    static const struct {
        const char *code, *msgid;
    } m[] = {
        {"category_gone", N_("verwijst naar een categorie die niet meer bestaat")},
        {"category_inactive", N_("verwijst naar een categorie die niet meer actief is")},
        {"main_category_inactive",
         N_("verwijst naar een categorie waarvan de hoofdcategorie niet meer actief is")},
        {"wijk_gone", N_("verwijst naar een wijk die niet meer bestaat")},
        {"region_gone", N_("verwijst naar een regio die niet meer bestaat")},
        {"organisation_gone", N_("verwijst naar een afdeling die niet meer bestaat")},
    };
    for (size_t i = 0; reason && i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i].code, reason) == 0)
            return m[i].msgid;
    return N_("verwijst naar iets dat niet meer bestaat");
}
