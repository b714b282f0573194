/*
 * i18n_mark.h: marking Dutch text for translation where it is not translated.
 *
 * The msgids are the Dutch text itself. Code that has no request, and so no
 * language, at hand (the domain rules, tables of labels) returns or stores
 * the Dutch text wrapped in N_(); the page that shows it translates it with
 * T(r, msgid) (src/web/render.h). N_() changes nothing at compile time: it is
 * what tools/update-po.sh tells xgettext to look for, so that the text gets
 * into locale/wijkregie.pot and the catalogues.
 */
#ifndef WR_I18N_MARK_H
#define WR_I18N_MARK_H

/* A msgid, marked for extraction and left untranslated here. */
#define N_(s) (s)

#endif
