/*
 * render.h: turning a page's data into HTML in the visitor's language.
 *
 * Templates are compiled once per language at start-up (translations are
 * applied at compile time). A handler builds a jansson object with its data
 * and calls render_page(); the layout's common data (language, assets,
 * navigation, user, CSRF token) is added here, so no handler repeats it.
 */
#ifndef WR_RENDER_H
#define WR_RENDER_H

#include "lib/problem.h"
#include "http/http.h"
#include "lib/i18n_mark.h"

#include <jansson.h>

/* Compiles the embedded templates for every language; 0 on success. */
int render_init(char *err, size_t errlen);
void render_free(void);

/* Translation of a Dutch msgid in the request's language. The macro is
 * what xgettext looks for (keyword T:2). N_() marks a msgid without
 * translating it (lib/i18n_mark.h). */
const char *web_tr(const struct req *r, const char *msgid);
#define T(r, s) web_tr((r), (s))

/* Renders template `name` (e.g. "pages/home") with ctx (stolen: it is
 * decref'd) into r's response with status 200 (or r->status when already
 * set to an error). */
void render_page(struct req *r, const char *name, json_t *ctx);
/* The object with the layout's common fields, for handlers that need it
 * before render_page (render_page adds them itself when absent). */
json_t *render_base(struct req *r);

/* The error page hook for the server (status page in the visitor's language). */
void render_error_page(struct req *r, unsigned status, const char *message);

/* Small helpers for building contexts. */
void ctx_str(json_t *o, const char *key, const char *value); /* NULL -> absent */
void ctx_int(json_t *o, const char *key, long long value);
void ctx_bool(json_t *o, const char *key, int value);
/* A form's problems in ctx, the GOV.UK way: "error" (each field's first
 * message, shown at the field), "problems" (anchor prefix + field, and the
 * message, for the summary that links to the fields) and "has_problems". */
void ctx_form_problems(struct req *r, json_t *ctx, const struct form_problem *p, size_t n,
                       const char *prefix);
/* Number formatted the Dutch way (125.770) or English (125,770). */
const char *fmt_number(struct req *r, long long n);
/* An amount of whole euro cents: "EUR 1.693.452" (Dutch) or "EUR 1,693,452"
 * (English), with the cents after the decimal sign when there are any
 * ("EUR 12,50"). */
/* A number with `decimals` decimals in the reader's language ("1.234,5");
 * "–" for NaN. */
const char *fmt_dec(struct req *r, double v, int decimals);
const char *fmt_money(struct req *r, long long cents);
/* A change in euro cents: "+ EUR 1.234", "− EUR 1.234" or "EUR 0". */
const char *fmt_money_change(struct req *r, long long cents);
/* A Dutch or English date from YYYY-MM-DD ("1 januari 2022"). */
const char *fmt_date(struct req *r, const char *iso);
/* A focus point's name with its period, "2016-3" (focus_code). */
const char *fmt_focus_code(struct req *r, int number, const char *period_start);

/* A flash message for the next page (kept in a short-lived cookie). */
void flash_set(struct req *r, const char *kind, const char *msgid);

#endif
