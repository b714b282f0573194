/*
 * routes.c: every URL of the site, with the action the permission table
 * must allow before the handler runs. Adding a page means adding a line
 * here; tests/http/permissions walks this table with every role.
 */
#include "web.h"

#include "api/open311.h"

#include "domain/policy.h"
#include "http/router.h"

#define G HTTP_GET
#define P HTTP_POST
/* Open311: no session, cookies or CSRF; readable from any origin. The lists
 * (discovery, services, requests) are the same for every client asking the
 * same query and come from the page cache while fresh, keyed by the
 * normalised query. */
#define API    (ROUTE_NO_SESSION | ROUTE_NO_CSRF | ROUTE_CORS)
#define API_PC (API | ROUTE_PUBLIC_CACHE)

/* A route's last field (query_limits) is optional: most lines leave it out. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
/* clang-format off */
static const struct route g_routes[] = {
    {G, "/",                           page_home,           ACT_PUBLIC,      ROUTE_PUBLIC_CACHE},
    {G, "/wijken/{slug}",              page_wijk,           ACT_PUBLIC,      ROUTE_PUBLIC_CACHE},
    {G, "/focuspunten/{id}",           page_focus_public,   ACT_PUBLIC,      ROUTE_PUBLIC_CACHE},
    {G, "/open-data/",                 page_open_data,      ACT_PUBLIC,      ROUTE_PUBLIC_CACHE},
    {G, "/open-data/{file}",           page_open_data_file, ACT_PUBLIC,      ROUTE_NO_SESSION | ROUTE_PUBLIC_CACHE},
    {G, "/toegankelijkheid",           page_accessibility,  ACT_PUBLIC,      0},
    {G, "/privacy",                    page_privacy,        ACT_PUBLIC,      0},
    {G, "/adres/zoeken",               page_address_search, ACT_PUBLIC,      ROUTE_NO_SESSION},
    {G, "/adres/bij-punt",             page_address_reverse, ACT_PUBLIC,     ROUTE_NO_SESSION},
    {G, "/taal",                       page_language,       ACT_PUBLIC,      ROUTE_NO_SESSION},
    {G, "/healthz",                    page_healthz,        ACT_PUBLIC,      ROUTE_NO_SESSION},
    {G, "/metrics",                    page_metrics,        ACT_PUBLIC,      0},
    {G, "/static/*",                   page_static,         ACT_PUBLIC,      ROUTE_NO_SESSION},
    {G, "/inloggen",                   page_login,          ACT_PUBLIC,      0},
    {P, "/inloggen",                   page_login_post,     ACT_PUBLIC,      0},
    {P, "/uitloggen",                  page_logout,         ACT_OWN_ACCOUNT, 0},
    {G, "/account/wachtwoord",         page_password,       ACT_OWN_ACCOUNT, 0},
    {P, "/account/wachtwoord",         page_password_post,  ACT_OWN_ACCOUNT, 0},
    {G, "/werk",                       page_work,           ACT_STAFF_HOME,  0},
    {G, "/organisaties",               page_organisations,  ACT_ORG_VIEW,    0},
    {G, "/beheer/gebruikers",          page_admin_users,    ACT_USERS_MANAGE, 0},
    {G, "/beheer/gebruikers/nieuw",    page_admin_user_new, ACT_USERS_MANAGE, 0},
    {P, "/beheer/gebruikers/nieuw",    page_admin_user_new_post, ACT_USERS_MANAGE, 0},
    {G, "/beheer/gebruikers/{id}",     page_admin_user,     ACT_USERS_MANAGE, 0},
    {P, "/beheer/gebruikers/{id}",     page_admin_user_post, ACT_USERS_MANAGE, 0},
    {P, "/beheer/gebruikers/{id}/uitschakelen", page_admin_user_disable, ACT_USERS_MANAGE, 0},
    {G, "/werk/wijkzorgnetwerk",       page_network,        ACT_CARE_NETWORK_MANAGE, 0},
    {P, "/werk/wijkzorgnetwerk/lid",   page_network_add_post, ACT_CARE_NETWORK_MANAGE, 0},
    {G, "/werk/wijkzorgnetwerk/nieuw", page_network_new,    ACT_CARE_NETWORK_MANAGE, 0},
    {P, "/werk/wijkzorgnetwerk/nieuw", page_network_new_post, ACT_CARE_NETWORK_MANAGE, 0},
    {G, "/werk/wijkzorgnetwerk/{id}",  page_network_member, ACT_CARE_NETWORK_MANAGE, 0},
    {P, "/werk/wijkzorgnetwerk/{id}",  page_network_member_post, ACT_CARE_NETWORK_MANAGE, 0},
    {G, "/beheer/wijken",              page_admin_wijken,   ACT_AREAS_MANAGE, 0},
    {P, "/beheer/wijken",              page_admin_wijken_post, ACT_AREAS_MANAGE, 0},
    {G, "/beheer/audit",               page_admin_audit,    ACT_AUDIT_VIEW,  0},
    {G, "/beheer/categorieen",         page_admin_categories, ACT_CATEGORIES_MANAGE, 0},
    {P, "/beheer/categorieen/nieuw",   page_admin_category_new_post, ACT_CATEGORIES_MANAGE, 0},
    {G, "/beheer/categorieen/{id}",    page_admin_category, ACT_CATEGORIES_MANAGE, 0},
    {P, "/beheer/categorieen/{id}",    page_admin_category_post, ACT_CATEGORIES_MANAGE, 0},
    {G, "/beheer/routering",           page_admin_routing,  ACT_ROUTING_MANAGE, 0},
    {P, "/beheer/routering/nieuw",     page_admin_routing_new_post, ACT_ROUTING_MANAGE, 0},
    {P, "/beheer/routering/{id}",      page_admin_routing_rule_post, ACT_ROUTING_MANAGE, 0},
    {G, "/melden",                     page_report,         ACT_PUBLIC,      0},
    {P, "/melden",                     page_report_post,    ACT_PUBLIC,      ROUTE_UPLOAD},
    {G, "/melden/gevolgd",             page_report_followed, ACT_PUBLIC,     0},
    {G, "/e-mailadres/{token}",        page_email_confirm,  ACT_PUBLIC,      ROUTE_SECRET_PATH},
    {P, "/e-mailadres/{token}",        page_email_confirm_post, ACT_PUBLIC,  ROUTE_SECRET_PATH},
    {G, "/meldingen",                  page_public_signals, ACT_PUBLIC,      0},
    {P, "/melding/{token}/reactie",    page_signal_feedback, ACT_PUBLIC,     ROUTE_SECRET_PATH},
    {G, "/melding/{token}",            page_signal_status,  ACT_PUBLIC,      ROUTE_SECRET_PATH},
    {G, "/werk/meldingen",             page_work_signals,   ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/bulk",        page_work_signals_bulk, ACT_SIGNAL_LIST, 0},
    {G, "/werk/meldingen/nieuw",       page_work_signal_new, ACT_SIGNAL_INTAKE, 0},
    {P, "/werk/meldingen/nieuw",       page_work_signal_new_post, ACT_SIGNAL_INTAKE, ROUTE_UPLOAD},
    {G, "/werk/meldingen/{id}",        page_work_signal,    ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/{id}/status", page_work_signal_status, ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/{id}/overdragen", page_work_signal_handoff, ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/{id}/notitie", page_work_signal_note, ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/{id}/samenvoegen", page_work_signal_merge, ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/{id}/deeltaak", page_work_signal_task, ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/{id}/plek", page_work_signal_place, ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/{id}/oppakken", page_work_signal_take, ACT_SIGNAL_LIST, 0},
    {P, "/werk/meldingen/{id}/collectief", page_work_signal_collective, ACT_SIGNAL_LIST, 0},
    {G, "/werk/meldingen/{id}/foto/{n}", page_work_signal_photo, ACT_SIGNAL_LIST, 0},
    {G, "/werk/meldingen/{id}/foto/{n}/klein", page_work_signal_thumb, ACT_SIGNAL_LIST, 0},
    {G, "/werk/focuspunten",           page_work_focus_list, ACT_FOCUS_VIEW, 0},
    {G, "/werk/focuspunten/nieuw",     page_work_focus_new, ACT_FOCUS_EDIT,  0},
    {P, "/werk/focuspunten/nieuw",     page_work_focus_new_post, ACT_FOCUS_EDIT, 0},
    {G, "/werk/focuspunten/{id}",      page_work_focus,     ACT_FOCUS_VIEW,  0},
    {P, "/werk/focuspunten/{id}",      page_work_focus_post, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/doel", page_work_focus_goal, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/indicator", page_work_focus_indicator, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/actie", page_work_focus_action, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/partner", page_work_focus_partner, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/meting", page_work_focus_measurement, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/tekst", page_work_focus_text, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/herbereken", page_work_focus_recompute, ACT_FOCUS_EDIT, 0},
    {G, "/werk/focuspunten/{id}/doel/{gid}", page_work_focus_goal_edit, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/doel/{gid}", page_work_focus_goal_edit_post, ACT_FOCUS_EDIT, 0},
    {G, "/werk/focuspunten/{id}/doel/{gid}/verwijderen", page_work_focus_goal_delete, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/doel/{gid}/verwijderen", page_work_focus_goal_delete_post, ACT_FOCUS_EDIT, 0},
    {G, "/werk/focuspunten/{id}/indicator/{iid}", page_work_focus_indicator_edit, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/indicator/{iid}", page_work_focus_indicator_edit_post, ACT_FOCUS_EDIT, 0},
    {G, "/werk/focuspunten/{id}/actie/{aid}", page_work_focus_action_edit, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/actie/{aid}", page_work_focus_action_edit_post, ACT_FOCUS_EDIT, 0},
    {G, "/werk/focuspunten/{id}/meting/{mid}/verwijderen", page_work_focus_measurement_delete, ACT_FOCUS_EDIT, 0},
    {P, "/werk/focuspunten/{id}/meting/{mid}/verwijderen", page_work_focus_measurement_delete_post, ACT_FOCUS_EDIT, 0},
    {G, "/werk/inventarisatie/{slug}", page_work_inventory, ACT_FOCUS_VIEW,  0},
    {P, "/werk/inventarisatie/{slug}", page_work_inventory_post, ACT_FOCUS_EDIT, 0},
    {G, "/open311/v2/discovery.json",  api_open311_discovery, ACT_PUBLIC,  API_PC},
    {G, "/open311/v2/discovery.xml",   api_open311_discovery, ACT_PUBLIC,  API_PC},
    {G, "/open311/v2/services.json",   api_open311_services, ACT_PUBLIC,   API_PC},
    {G, "/open311/v2/services.xml",    api_open311_services, ACT_PUBLIC,   API_PC},
    {G, "/open311/v2/services/{code}", api_open311_service,  ACT_PUBLIC,   API},
    {G, "/open311/v2/requests.json",   api_open311_requests, ACT_PUBLIC,   API_PC, api_open311_list_query},
    {G, "/open311/v2/requests.xml",    api_open311_requests, ACT_PUBLIC,   API_PC, api_open311_list_query},
    {P, "/open311/v2/requests.json",   api_open311_post,     ACT_PUBLIC,   API | ROUTE_UPLOAD},
    {P, "/open311/v2/requests.xml",    api_open311_post,     ACT_PUBLIC,   API | ROUTE_UPLOAD},
    {G, "/open311/v2/requests/{id}",   api_open311_request,  ACT_PUBLIC,   API},
    {G, "/open311/v2/tokens/{token}",  api_open311_token,    ACT_PUBLIC,   API | ROUTE_SECRET_PATH},
    {G, "/open311/v2/servicerequestupdates.json", api_open311_updates, ACT_PUBLIC, API},
    {G, "/open311/v2/servicerequestupdates.xml", api_open311_updates, ACT_PUBLIC, API},
    {G, "/open311/v2/*",               api_open311_unknown,  ACT_PUBLIC,   API},
    {P, "/open311/v2/*",               api_open311_unknown,  ACT_PUBLIC,   API},
    {G, "/monitor",                    page_monitor,        ACT_MONITOR_VIEW, 0},
    {G, "/monitor/regio/{id}",         page_monitor_region, ACT_MONITOR_VIEW, 0},
    {G, "/monitor/wijk/{slug}",        page_monitor_wijk,   ACT_MONITOR_VIEW, 0},
    {G, "/monitor/export/{file}",      page_monitor_export, ACT_MONITOR_VIEW, 0},
    {G, "/raad/rapport",               page_report_list,    ACT_REPORT_VIEW, 0},
    {G, "/raad/rapport/{year}",        page_report_year,    ACT_REPORT_VIEW, 0},
    {P, "/raad/rapport/{year}/afsluiten", page_report_close, ACT_YEAR_CLOSE, 0},
};
/* clang-format on */
#pragma GCC diagnostic pop

void web_routes_install(void)
{
    router_set_table(g_routes, sizeof g_routes / sizeof g_routes[0]);
}
