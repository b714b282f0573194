/*
 * problem.h: one problem of a form, as the domain's checks report it: the
 * field it belongs to and its message (a Dutch msgid, translated where it is
 * shown). The web layer shows a list of them in the GOV.UK pattern: at each
 * field, and in a summary that links to the fields (ctx_form_problems).
 */
#ifndef WR_PROBLEM_H
#define WR_PROBLEM_H

struct form_problem {
    const char *field, *msgid;
};

#endif
