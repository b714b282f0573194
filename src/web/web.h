/*
 * web.h: the page handlers, grouped by file, and what they share.
 */
#ifndef WR_WEB_H
#define WR_WEB_H

#include "http/http.h"
#include "store/db.h"

#include <jansson.h>
#include <stdbool.h>

/* Today's date (YYYY-MM-DD, Europe/Amsterdam) in the request's arena. */
const char *web_today(struct req *r);
/* This year in Europe/Amsterdam. */
int web_this_year(void);
/* A year typed in a query or form: four digits from 2000 to 2100; 0 otherwise. */
int web_parse_year(const char *s);
/* Unix time t as "DD-MM-YYYY HH:MM" in Dutch local time ("" for 0 or out of range). */
const char *web_local_time(struct req *r, int64_t t);
/* The configured public base URL without a trailing '/', in r's arena (links
 * in feeds, calendars and e-mail). */
const char *web_base_url(struct req *r);
/* The thread's database connection, or answers 503 and returns NULL. */
db *web_db(struct req *r);
/* Parses a positive int64 id; 0 when invalid. */
long long web_parse_id(const char *s);
/* The id of the path's first parameter; 0 (answered 404) when it is none. */
long long web_path_id(struct req *r);
/* A date field of a form as "YYYY-MM-DD" when it reads as a date the way
 * people write it ("15-04-2025", "15-4-2025", "2025-04-15":
 * cal_parse_date_typed), else as typed (NULL when absent), so that the
 * domain's check of the field names the question. */
const char *web_date_field(struct req *r, const char *name);
/* A stored ISO date ("2025-04-15") as a form field shows it, the way people
 * write it ("15-04-2025"), which web_date_field reads back; anything else
 * (NULL, a typed value) as it is. The one writer of every date a form
 * is prefilled with. */
const char *web_date_typed(struct req *r, const char *iso);
/* The key of the next page of a list ("na=<created>-<id>"); both 0 when
 * absent or malformed (the list then starts at the newest). */
void web_parse_keyset(const char *s, /* out: */ long long *created, long long *id);
/* The problems of a form as the GOV.UK error pattern shows them: ctx gets
 * "problems" (the summary, in the order field_rank gives the fields on the
 * page, each linking to field_anchor's element, NULL: the field itself),
 * "error" (the message per field) and "has_problems". questions: a
 * signal category's question fields (their label names a problem with an
 * answer), or NULL. At most WEB_MAX_PROBLEMS are shown. */
#define WEB_MAX_PROBLEMS 32
struct signal_problem;
void web_problems_json(struct req *r, json_t *ctx, const struct signal_problem *p, size_t n,
                       json_t *questions, int (*field_rank)(const char *field),
                       const char *(*field_anchor)(const char *field));
/* A stored photo (files.c) as image/jpeg, never cached; 404 when gone. */
void web_send_photo(struct req *r, const char *file);
/* The session hook for the server. */
void web_load_session(struct req *r);
void web_thread_exit(void);
/* The permission hook for the server: the route's action by the policy table. */
bool web_allowed(struct req *r, int action);
/* Commits the transaction of a change and answers with a flash message and
 * a redirect, or rolls back and answers 500. */
void web_commit_redirect(struct req *r, db *d, const char *flash_key, const char *to);
/* Audit entry for a change by r's user. */
void web_audit(struct req *r, db *d, const char *action, const char *entity, long long id,
               json_t *before, json_t *after);

/* address.c: the address lookup (lib/geocode.h) for the forms and the map */
struct geo_address;
struct signal_address;
/* Addresses a typed text may mean, inside the municipality only; a GEOCODE_*
 * result (off or unavailable also for a client over its limit). */
int web_address_search(struct req *r, const char *text, struct geo_address *out, size_t max,
                       size_t *n);
/* The address of a point (within 100 m), copied into r's arena; false: none. */
bool web_address_of_point(struct req *r, double lat, double lon, struct signal_address *out);
void page_address_search(struct req *r);
void page_address_reverse(struct req *r);

/* partners.c: the partner register and the actions a department or partner owns */
/* wijkteam.c: the wijkteam, its meetings, agenda, attendance and minutes. */
void page_wijkteam_home(struct req *r);
void page_wijkteam_wijk(struct req *r);
void page_wijkteam_wijk_post(struct req *r);
void page_wijkteam_plan(struct req *r);
void page_wijkteam_plan_post(struct req *r);
void page_wijkteam_meeting(struct req *r);
void page_wijkteam_change(struct req *r);
void page_wijkteam_change_post(struct req *r);
void page_wijkteam_agenda_post(struct req *r);
void page_wijkteam_attendance_post(struct req *r);
void page_wijkteam_item_post(struct req *r);
/* The wijkteam meetings r's user is invited to (their account, or a person
 * of their partner organisation), newest first, for the start page. */
json_t *web_wijkteam_invited(struct req *r, db *d);
void page_partners(struct req *r);
void page_partners_person_post(struct req *r);
void page_partners_person_change_post(struct req *r);
void page_partners_agreement_post(struct req *r);
void page_own_actions(struct req *r);
void page_own_action_post(struct req *r);
void page_own_action_hours_post(struct req *r);
void page_hours_entry(struct req *r);
void page_hours_entry_post(struct req *r);
void page_hours_entry_remove_post(struct req *r);
/* Minutes as hours ("1,5"). */
const char *web_hours_text(struct req *r, long long minutes);
/* The actions of the viewer's department or partner (open_only: planned
 * or running ones), for the start page. */
json_t *web_own_actions(struct req *r, db *d, bool open_only);
/* The consultations that serve focus point focus_id (consult.c), each with
 * its title, url, phase and idea count. */
json_t *web_focus_consultations(struct req *r, db *d, int64_t focus_id);
/* The process guard: open actions of the region's focus points past their
 * due date. */
json_t *web_overdue_actions(struct req *r, db *d, int64_t region_id);
/* Refer a signal to a partner organisation; a partner answers a referral. */
void page_signal_refer(struct req *r);
void page_signal_refer_post(struct req *r);
void page_referral_answer_post(struct req *r);
/* A partner takes up or finishes a sub-task given to its organisation. */
void page_partner_task_post(struct req *r);
/* The referrals of a signal to partners, for its page. */
json_t *web_signal_referrals(struct req *r, db *d, int64_t signal_id);
/* The referrals answered by partners lately of the signals the viewer
 * handles (in their name, referred by them, or of their department), for
 * the start page and the work list. */
json_t *web_referral_answers(struct req *r, db *d);
/* The open referrals to the viewer's partner organisation (start page). */
json_t *web_partner_open_referrals(struct req *r, db *d);
/* The open sub-tasks of signals given to the viewer's partner organisation. */
json_t *web_partner_open_tasks(struct req *r, db *d);
/* The partners' people who agreed to be named on the wijk's page. */
json_t *web_wijk_partner_people(struct req *r, db *d, int64_t area_id);

/* public.c */
void page_home(struct req *r);
void page_wijk(struct req *r);
void page_favicon(struct req *r);
void page_open_data(struct req *r);
void page_open_data_file(struct req *r);
void page_language(struct req *r);
void page_static(struct req *r);
void page_healthz(struct req *r);
void page_metrics(struct req *r);
void page_accessibility(struct req *r);
void page_privacy(struct req *r);

/* account.c */
void page_login(struct req *r);
void page_login_post(struct req *r);
void page_logout(struct req *r);
void page_password(struct req *r);
void page_password_post(struct req *r);

/* backoffice.c */
void page_work(struct req *r);
void page_organisations(struct req *r);

/* admin.c */
void page_admin_users(struct req *r);
void page_admin_user_new(struct req *r);
void page_admin_user_new_post(struct req *r);
void page_admin_user(struct req *r);
void page_admin_user_post(struct req *r);
void page_admin_user_disable(struct req *r);
void page_admin_wijken(struct req *r);
void page_admin_wijken_post(struct req *r);
void page_admin_audit(struct req *r);

/* functions.c: who is who (public functions per region and wijk) */
struct wijk;
void page_admin_functions(struct req *r);
void page_admin_functions_wijk(struct req *r);
void page_admin_functions_wijk_post(struct req *r);
void page_admin_functions_region(struct req *r);
void page_admin_functions_region_post(struct req *r);
void page_admin_function_end(struct req *r);
/* The public wijk page's other functions held today: [{label, names}]. */
json_t *web_wijk_functions(struct req *r, db *d, const struct wijk *w);

/* network.c: the care-network lead's pages of members */
void page_network(struct req *r);
void page_network_add_post(struct req *r);
void page_network_new(struct req *r);
void page_network_new_post(struct req *r);
void page_network_member(struct req *r);
void page_network_member_post(struct req *r);

/* admin_signals.c */
void page_admin_categories(struct req *r);
void page_admin_category(struct req *r);
void page_admin_category_post(struct req *r);
void page_admin_category_new_post(struct req *r);
void page_admin_routing(struct req *r);
void page_admin_routing_new_post(struct req *r);
void page_admin_routing_rule(struct req *r);
void page_admin_routing_rule_post(struct req *r);

/* initiative.c: residents' initiatives, the public form and status page */
/* mandate.c */
void page_mandate(struct req *r);
void page_mandate_post(struct req *r);
/* wijkbudget.c */
/* counter.c: the till and the counter locations */
void page_counter(struct req *r);
void page_counter_post(struct req *r);
void page_counter_undo(struct req *r);
void page_counter_locations(struct req *r);
void page_counter_location(struct req *r);
void page_counter_location_post(struct req *r);
/* The counter locations of a wijk for its public page (array, may be empty). */
json_t *counter_wijk_locations(struct req *r, db *d, int64_t area_id);
/* The location the clerk works at (the till's cookie), 0 when none chosen. */
int64_t counter_remembered_location(struct req *r);

void page_wijk_budgets(struct req *r);
void page_wijk_budget_amount(struct req *r);
void page_wijk_budget_reserve(struct req *r);
void page_initiative_form(struct req *r);
void page_initiative_form_post(struct req *r);
void page_initiative_draft(struct req *r);
void page_initiative_draft_post(struct req *r);
void page_initiative_status(struct req *r);
void page_initiative_answer(struct req *r);
void page_initiative_withdraw(struct req *r);
void page_initiative_report(struct req *r);
/* The wijk page's part on Wijk aan zet: how to apply and funded examples. */
void initiative_wijk_examples(struct req *r, db *d, int64_t wijk_id, json_t *ctx);
/* Open data: the published initiatives as initiatieven.json or .csv. */
void open_data_initiatives(struct req *r, db *d, bool csv);
/* initiative_staff.c: the work list, an application's page and its steps */
void page_initiatives(struct req *r);
void page_initiative_new(struct req *r);
void page_initiative_new_post(struct req *r);
void page_initiative_work(struct req *r);
void page_initiative_take(struct req *r);
void page_initiative_ask(struct req *r);
void page_initiative_grant(struct req *r);
void page_initiative_reject(struct req *r);
void page_initiative_staff_withdraw(struct req *r);
void page_initiative_carried_out(struct req *r);
void page_initiative_pay(struct req *r);
void page_initiative_objection(struct req *r);
void page_initiative_correct(struct req *r);
void page_initiative_receipt(struct req *r);
void page_initiative_correct_post(struct req *r);
void page_initiative_objection_outcome(struct req *r);
void page_initiative_publish(struct req *r);
void page_initiative_photo(struct req *r);

/* signals.c */
void page_report(struct req *r);
void page_report_post(struct req *r);
void page_report_followed(struct req *r);
void page_email_confirm(struct req *r);
void page_email_confirm_post(struct req *r);
/* resident.c: residents who take part */
void page_join(struct req *r);
void page_join_post(struct req *r);
void page_join_login(struct req *r);
void page_join_login_post(struct req *r);
void page_join_link(struct req *r);
void page_join_link_post(struct req *r);
void page_my_data(struct req *r);
void page_my_data_post(struct req *r);
void page_my_data_export(struct req *r);
void page_my_data_delete(struct req *r);
/* web/notify.c: a resident's choice of e-mail, and the unsubscribe link */
void page_my_notify(struct req *r);
void page_my_notify_post(struct req *r);
void page_unsubscribe(struct req *r);
void page_unsubscribe_post(struct req *r);
/* The choice of e-mail for the data page (notify_label). */
void web_notify_summary(struct req *r, db *d, json_t *ctx);
/* The optional topic's select (partials/onderwerp_veld) in ctx.topic_field:
 * id is the select's id (the error summary's anchor), value what was chosen
 * or typed (an unknown code is kept), error the message or NULL (web/topic.c). */
void web_topic_field(struct req *r, json_t *ctx, const char *id, const char *value,
                     const char *error);
/* A topic's label in the request's language; NULL for none or unknown. */
const char *web_topic_label(struct req *r, const char *code);
/* The sections of what the resident did (web/mydata.c), from their export. */
void web_mydata_sections(struct req *r, json_t *data, json_t *ctx);
void page_signal_status(struct req *r);
void page_signal_feedback(struct req *r);
void page_work_signals(struct req *r);
void page_work_signals_bulk(struct req *r);
void page_work_signal_new(struct req *r);
void page_work_signal_new_post(struct req *r);
void page_work_signal(struct req *r);
void page_work_signal_status(struct req *r);
void page_work_signal_handoff(struct req *r);
void page_work_signal_note(struct req *r);
void page_work_signal_photo(struct req *r);
void page_work_signal_merge(struct req *r);
void page_work_signal_task(struct req *r);
void page_work_signal_place(struct req *r);
void page_work_signal_take(struct req *r);
void page_work_signal_collective(struct req *r);
void page_work_signal_thumb(struct req *r);
void page_signal_receipt_thumb(struct req *r);
void page_report_held_photo(struct req *r);
void page_council_signal_new(struct req *r);
void page_council_signal_new_post(struct req *r);
void page_council_signals(struct req *r);

/* public_signals.c */
void page_public_signals(struct req *r);
void open_data_signals(struct req *r, db *d, const char *format);

/* focus.c */
void page_work_focus_list(struct req *r);
void page_work_focus_new(struct req *r);
void page_work_focus_new_post(struct req *r);
void page_work_focus(struct req *r);
void page_work_focus_post(struct req *r);
void page_work_focus_goal(struct req *r);
void page_work_focus_indicator(struct req *r);
void page_work_focus_action(struct req *r);
void page_work_focus_partner(struct req *r);
void page_work_focus_measurement(struct req *r);
void page_work_focus_text(struct req *r);
void page_work_focus_recompute(struct req *r);
void page_work_focus_decision(struct req *r);
/* regie.c */
void page_work_regie(struct req *r);
void page_work_regie_post(struct req *r);
void page_work_regie_delete(struct req *r);
void page_work_focus_decision_post(struct req *r);
void page_work_inventory(struct req *r);
void page_work_inventory_post(struct req *r);

/* focus_edit.c */
void page_work_focus_goal_edit(struct req *r);
void page_work_focus_goal_edit_post(struct req *r);
void page_work_focus_goal_delete(struct req *r);
void page_work_focus_goal_delete_post(struct req *r);
void page_work_focus_indicator_edit(struct req *r);
void page_work_focus_indicator_edit_post(struct req *r);
void page_work_focus_action_edit(struct req *r);
void page_work_focus_action_edit_post(struct req *r);
void page_work_focus_measurement_delete(struct req *r);
void page_work_focus_measurement_delete_post(struct req *r);

/* focus_public.c */
void page_focus_public(struct req *r);
/* The focus points of a wijk with goals and progress, for the wijk page. */
json_t *focus_public_list(struct req *r, db *d, int64_t wijk_id);
/* focuspunten.json, focuspunten.csv, indicatoren.csv */
void open_data_focus(struct req *r, db *d, const char *file);

/* methods.c: the menu of participation methods */
void page_methods(struct req *r);
void page_method(struct req *r);
void page_method_new(struct req *r);
void page_method_new_post(struct req *r);
void page_method_edit(struct req *r);
void page_method_edit_post(struct req *r);

/* knowledge.c: a wijk's knowledge page for the counter's staff */
void page_knowledge(struct req *r);
void page_knowledge_new(struct req *r);
void page_knowledge_new_post(struct req *r);
void page_knowledge_edit(struct req *r);
void page_knowledge_edit_post(struct req *r);
void page_knowledge_delete_post(struct req *r);
/* Markdown as safe HTML (lib/markdown.h) in r's arena; "#" becomes a
 * heading of level heading_base. */
const char *web_markdown(struct req *r, const char *text, int heading_base);

/* stories.c: success stories, public and for staff who write them */
void page_stories(struct req *r);
void page_story(struct req *r);
void page_story_photo(struct req *r);
void page_stories_feed(struct req *r);
void page_wijk_stories_feed(struct req *r);
void page_work_stories(struct req *r);
void page_work_story_new(struct req *r);
void page_work_story_new_post(struct req *r);
void page_work_story(struct req *r);
void page_work_story_post(struct req *r);
void page_work_story_photo_post(struct req *r);
void page_work_story_photo_delete_post(struct req *r);
void page_work_story_publish_post(struct req *r);
/* The wijk's latest published stories into ctx ("stories", "has_stories"). */
void story_wijk_examples(struct req *r, db *d, int64_t wijk_id, json_t *ctx);
/* The published stories linked to a method ("story_pages", "has_story_pages"). */
void story_method_examples(struct req *r, db *d, int64_t method_id, json_t *ctx);

/* consult.c: consultations (samenspraak), public, residents' and staff's */
void page_consults(struct req *r);
void page_consult(struct req *r);
void page_consult_result(struct req *r);
void page_consult_idea(struct req *r);
void page_consult_idea_post(struct req *r);
void page_consult_reaction_post(struct req *r);
void page_consult_support_post(struct req *r);
void page_consult_report_post(struct req *r);
void page_consult_answer_post(struct req *r);
void page_consult_moderation(struct req *r);
void page_consult_moderation_post(struct req *r);
/* /werk's part for consultations and surveys (policy decides): the links
 * (can_consults, can_surveys, can_moderate), the moderation queue's count
 * (moderation_waiting) and the consultations in their result phase without
 * a result text (results_unwritten). */
void consult_web_work_into(struct req *r, db *d, json_t *ctx);
void page_work_consults(struct req *r);
void page_work_consult_new(struct req *r);
void page_work_consult_new_post(struct req *r);
void page_work_consult(struct req *r);
void page_work_consult_post(struct req *r);
void page_work_consult_paper(struct req *r);
void page_work_consult_paper_post(struct req *r);
/* vote.c: a consultation's vote: its set-up, the ballot, paper ballots */
void page_work_vote(struct req *r);
void page_work_vote_post(struct req *r);
void page_consult_vote(struct req *r);
void page_consult_vote_post(struct req *r);
void page_work_vote_paper(struct req *r);
void page_work_vote_paper_post(struct req *r);
/* Open data: consultaties.json or .csv (no names, hidden items left out). */
void open_data_consults(struct req *r, db *d, bool csv);
/* meetings.c: public meetings, registration, iCalendar; for staff who keep them */
void page_meetings(struct req *r);
void page_wijk_meetings(struct req *r);
void page_wijk_meetings_ics(struct req *r);
void page_meeting(struct req *r);
void page_meeting_register(struct req *r);
void page_meeting_cancel(struct req *r);
void page_meeting_cancel_post(struct req *r);
void page_work_meetings(struct req *r);
void page_work_meeting_new(struct req *r);
void page_work_meeting_new_post(struct req *r);
void page_work_meeting(struct req *r);
void page_work_meeting_post(struct req *r);
void page_work_meeting_attend(struct req *r);
void page_work_meeting_summary(struct req *r);
/* The wijk's next meetings into ctx ("meetings", "has_meetings") with the
 * links to its list and calendar ("meetings_url", "meetings_ics"). */
void meeting_wijk_upcoming(struct req *r, db *d, const struct wijk *w, json_t *ctx);

/* spreekuur.c: the digital wijkspreekuur */
void page_wijk_spreekuur(struct req *r);
void page_wijk_spreekuur_post(struct req *r);
void page_spreekuur_item(struct req *r);
void page_work_spreekuur(struct req *r);
void page_work_spreekuur_answer(struct req *r);
void page_work_spreekuur_delegate(struct req *r);
void page_work_spreekuur_counter(struct req *r);
void page_work_spreekuur_counter_post(struct req *r);

/* budget.c: the budget of wijkgericht werken per year */
void page_budget(struct req *r);
/* begroting.json / begroting.csv (format "json" or "csv"), ?jaar= for one year */
void open_data_budget(struct req *r, db *d, const char *format);
/* monitor.c */
void page_monitor(struct req *r);
void page_monitor_region(struct req *r);
void page_monitor_wijk(struct req *r);
void page_monitor_export(struct req *r);
void page_report_list(struct req *r);
void page_report_year(struct req *r);
void page_report_close(struct req *r);
/* Renders the council report of a year (wijk: one wijk's slug, or NULL for
 * the city and every wijk) into r's body; standalone: styles inline and no
 * navigation, for PDF. 0 on success, 1 when the wijk is unknown, -1 on error. */
int monitor_report_render(struct req *r, db *d, int year, const char *wijk, int standalone);

/* The template context of a table (lib/table.h) as partials/mtable shows it;
 * with export_dir, links to export_dir/NAME.csv and .xlsx (?query when given). */
struct table;
json_t *web_table_ctx(struct req *r, const struct table *t, const char *id, const char *export_dir,
                      const char *query);
/* Answers with tables as a download: the first as CSV for a Dutch
 * spreadsheet, or all of them as one XLSX workbook. */
void web_table_send(struct req *r, const struct table *const *ts, size_t nt, bool csv,
                    const char *filename);

/* survey.c: surveys (the buurtbarometer) */
void page_work_surveys(struct req *r);
void page_work_survey_new(struct req *r);
void page_work_survey_new_post(struct req *r);
void page_work_survey(struct req *r);
void page_work_survey_question(struct req *r);
void page_work_survey_export(struct req *r);
void page_work_survey_measure(struct req *r);
void page_work_survey_paper(struct req *r);
void page_work_survey_paper_post(struct req *r);
void page_surveys_public(struct req *r);
void page_survey(struct req *r);
void page_survey_post(struct req *r);
void page_survey_results(struct req *r);
/* The open surveys a logged-in resident answers with the account (the
 * city's, their region's and their wijk's) into ctx: "surveys", "has_surveys". */
void web_survey_list_for_resident(struct req *r, db *d, json_t *ctx);
/* /open-data/enquetes.csv: published results of every closed survey */
void open_data_surveys(struct req *r, db *d);

/* partner_edit.c: change a partner organisation and an agreement */
void page_partner_org_new(struct req *r);
void page_partner_org_new_post(struct req *r);
void page_partner_person(struct req *r);
/* The change of a person from their own page (name, role, wijk, end,
 * consent), answered; POST /werk/partners/mensen/{id} with a name. */
void web_partner_person_change(struct req *r, db *d, int64_t id);
void page_partner_org(struct req *r);
void page_partner_org_post(struct req *r);
void page_partner_agreement(struct req *r);
void page_partner_agreement_post(struct req *r);

/* escalation.c: escalation with doorzettingsmacht */
void page_escalate(struct req *r);
void page_escalate_post(struct req *r);
void page_escalations(struct req *r);
void page_escalation_decide_post(struct req *r);
/* The process guard's part: the region's stuck signals that may be
 * escalated ("stuck"), and its escalations ("escalations"). */
json_t *web_escalation_guard(struct req *r, db *d, int64_t region_id);
/* The open escalations the viewer decides, for the start page. */
json_t *web_escalations_to_decide(struct req *r, db *d);

/* routes.c */
void web_routes_install(void);

#endif
