/*
 * main.c: the command line.
 *
 *   wijkregie init|serve|migrate|user|apikey|backup [options]
 *
 * Each command has --help. Settings come from wijkregie.conf (or --config
 * FILE) and any setting can be given as a flag (--listen, --base-url, ...);
 * flags win. Unknown options print the usage and exit with code 2.
 */
#include "domain/account.h"
#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/resident.h"
#include "domain/mailer.h"
#include "lib/mail.h"
#include "domain/indicator.h"
#include "domain/notify.h"
#include "domain/escalation.h"
#include "domain/retention.h"
#include "domain/suggest.h"
#include "domain/seed.h"
#include "domain/signal.h"
#include "domain/user.h"
#include "http/server.h"
#include "http/static.h"
#include "lib/config.h"
#include "lib/embed.h"
#include "lib/geocode.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/pdf.h"
#include "store/apikey_store.h"
#include "api/open311.h"
#include "store/db.h"
#include "store/monitor_store.h"
#include "store/org_store.h"
#include "store/user_store.h"
#include "store/writer.h"
#include "web/render.h"
#include "web/web.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE 2

/* One option of a command: name, whether it takes a value, help text. */
struct opt {
    const char *name;
    int has_value;
    const char *help;
};

struct cmd {
    const char *name;
    const char *args; /* what follows the command name */
    const char *summary;
    const struct opt *opts;
    int takes_settings; /* accepts every configuration key as a flag */
    int (*run)(int argc, char **argv);
};

static const struct opt common_opts[] = {
    {"data", 1, "the data folder (database and stored files)"},
    {"config", 1, "settings file (default: ./wijkregie.conf when present)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

static const struct opt setting_opts[] = {
    {"listen", 1, "HOST:PORT to serve on (default 127.0.0.1:8080)"},
    {"base-url", 1, "public base URL for links in e-mail and APIs (default: made from --listen)"},
    {"trusted-proxies", 1, "comma-separated addresses whose X-Forwarded-* are believed"},
    {"smtp-url", 1, "mail relay, e.g. smtp://127.0.0.1:25"},
    {"smtp-from", 1, "sender address of e-mail"},
    {"tile-url", 1, "map tile URL template (default: none, outlines only)"},
    {"tile-attribution", 1, "attribution text for the tiles"},
    {"geocoder-url", 1, "PDOK Locatieserver v3_1 URL for address lookup (default: none)"},
    {"language", 1, "default language: nl or en"},
    {"static", 1, "folder with static files (default ./static)"},
    {"image-helper", 1, "the photo helper wijkregie-img (default: beside this binary)"},
    {"password-dictionary", 1,
     "CrackLib dictionary for passwords, without .pwd (default: wijkregie-words beside this "
     "binary)"},
    {"jurisdiction-id", 1, "Open311 jurisdiction_id (default zoetermeer.nl)"},
    {"site-name", 1, "name shown in the page header"},
    {"workers", 1, "worker threads (default: one per core)"},
    {"session-idle-minutes", 1, "log out after this many idle minutes (default 60)"},
    {"retention-days", 1, "erase reporters' contact details this many days after closing (365)"},
    {"reports-per-hour", 1,
     "public reports and follows per client address an hour; 0: no limit (10)"},
    {"quiet", 0, "no access log"},
    {"max-connections-per-client", 1, "open connections from one address, proxies exempt (100)"},
    {"request-head-seconds", 1, "seconds to receive a request's line and headers (20)"},
    {"request-body-seconds", 1, "seconds to receive a body, plus one per rate's bytes (20)"},
    {"request-body-min-rate", 1, "bytes per second a slow body must keep up (500)"},
    {NULL, 0, NULL},
};

/* Parsed command line: option values by name, and positional arguments. */
#define MAX_VALUES 32
struct parsed {
    const char *names[MAX_VALUES];
    const char *values[MAX_VALUES];
    int n;
    const char *pos[8];
    int npos;
};

static const char *get(const struct parsed *p, const char *name)
{
    for (int i = p->n - 1; i >= 0; i--)
        if (strcmp(p->names[i], name) == 0)
            return p->values[i];
    return NULL;
}

static const struct cmd *g_cmd;
static const struct opt *g_extra;

static const struct opt *find_opt(const struct opt *list, const char *name, size_t len)
{
    for (const struct opt *o = list; o && o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static void usage(FILE *f)
{
    if (!g_cmd) {
        fprintf(f, "usage: wijkregie COMMAND [options]\n\n"
                   "Commands:\n"
                   "  init      create or update a database with the reference data (--demo: "
                   "with demo accounts)\n"
                   "  serve     serve the site, the back office and the APIs\n"
                   "  migrate   bring the database schema up to date\n"
                   "  user      add, list, change or disable staff accounts\n"
                   "  apikey    create, list or revoke Open311 API keys\n"
                   "  backup    make a consistent copy of a running installation\n"
                   "  report    write the yearly council report as HTML or PDF\n\n"
                   "Run 'wijkregie COMMAND --help' for the options of a command.\n");
        return;
    }
    fprintf(f, "usage: wijkregie %s %s\n\n%s\n\nOptions:\n", g_cmd->name, g_cmd->args,
            g_cmd->summary);
    const struct opt *lists[3] = {g_extra, common_opts,
                                  g_cmd->takes_settings ? setting_opts : NULL};
    for (int l = 0; l < 3; l++)
        for (const struct opt *o = lists[l]; o && o->name; o++)
            fprintf(f, "  --%s%s%*s%s\n", o->name, o->has_value ? " VALUE" : "",
                    (int)(24 - strlen(o->name) - (o->has_value ? 6 : 0)) > 1
                        ? (int)(24 - strlen(o->name) - (o->has_value ? 6 : 0))
                        : 1,
                    "", o->help);
}

/* Returns 0, 1 when --help was given (usage printed), or EXIT_USAGE. */
static int parse_args(int argc, char **argv, const struct opt *extra, struct parsed *p)
{
    memset(p, 0, sizeof *p);
    g_extra = extra;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (p->npos == 8) {
                usage(stderr);
                return EXIT_USAGE;
            }
            p->pos[p->npos++] = a;
            continue;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct opt *o = find_opt(extra, name, len);
        if (!o)
            o = find_opt(common_opts, name, len);
        if (!o && g_cmd->takes_settings)
            o = find_opt(setting_opts, name, len);
        if (!o) {
            fprintf(stderr, "wijkregie %s: unknown option --%.*s\n", g_cmd->name, (int)len, name);
            usage(stderr);
            return EXIT_USAGE;
        }
        if (strcmp(o->name, "help") == 0) {
            usage(stdout);
            return 1;
        }
        const char *value = "1";
        if (o->has_value) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else {
                fprintf(stderr, "wijkregie %s: --%s needs a value\n", g_cmd->name, o->name);
                usage(stderr);
                return EXIT_USAGE;
            }
        } else if (eq) {
            fprintf(stderr, "wijkregie %s: --%s takes no value\n", g_cmd->name, o->name);
            return EXIT_USAGE;
        }
        if (p->n == MAX_VALUES) {
            usage(stderr);
            return EXIT_USAGE;
        }
        p->names[p->n] = o->name;
        p->values[p->n] = value;
        p->n++;
    }
    return 0;
}

/* Settings: file first, then flags. */
static int load_config(const struct parsed *p, struct config *c)
{
    char err[512];
    config_defaults(c);
    const char *file = get(p, "config");
    if (config_load_file(c, file ? file : "wijkregie.conf", file != NULL, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie: %s\n", err);
        return -1;
    }
    for (int i = 0; i < p->n; i++) {
        const char *n = p->names[i];
        if (strcmp(n, "config") == 0 || strcmp(n, "help") == 0)
            continue;
        int is_setting = strcmp(n, "data") == 0 || find_opt(setting_opts, n, strlen(n)) != NULL;
        if (!is_setting)
            continue;
        char key[64];
        snprintf(key, sizeof key, "%s", n);
        for (char *k = key; *k; k++)
            if (*k == '-')
                *k = '_';
        if (config_set(c, key, p->values[i], err, sizeof err) != 0) {
            fprintf(stderr, "wijkregie: --%s: %s\n", n, err);
            return -1;
        }
    }
    return 0;
}

static int open_data(const struct config *c)
{
    char err[512];
    if (db_setup(c->data_dir, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie: %s\n", err);
        return -1;
    }
    return 0;
}

static int startup(const struct parsed *p, struct config *c)
{
    if (load_config(p, c) != 0)
        return -1;
    if (auth_init() != 0) {
        fprintf(stderr, "wijkregie: cannot initialise libsodium\n");
        return -1;
    }
    return open_data(c);
}

/* The path of a file beside this program (the photo helper, the password
 * dictionary), in out; "" when it cannot be found. */
static void beside_binary(const char *name, char *out, size_t cap)
{
    char exe[1024];
    out[0] = '\0';
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        snprintf(out, cap, "%.*s/%s", (int)(slash - exe), exe, name);
}

/* The password dictionary of the settings (or the one beside the program),
 * for the password checks; prints why not and returns -1 when missing. */
static int password_dictionary(const struct config *c)
{
    char path[1100], err[1400];
    if (c->password_dictionary[0])
        snprintf(path, sizeof path, "%s", c->password_dictionary);
    else
        beside_binary("wijkregie-words", path, sizeof path);
    if (auth_set_dictionary(path, c->site_name, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie: %s\n", err);
        return -1;
    }
    return 0;
}

/* --- init ----------------------------------------------------------------- */

static int g_tty;
static void progress(const char *s)
{
    if (g_tty)
        fprintf(stdout, "  %s\n", s);
}

static const struct opt init_opts[] = {
    {"demo", 0, "also add the demo organisation, accounts and years of signals"},
    {"demo-password", 1, "password of the demo accounts (default wijkregie-demo)"},
    {"demo-date", 1, "the date the demo is set on, YYYY-MM-DD (default today)"},
    {"demo-seed", 1, "seed of the generated demo data (default 1)"},
    {"jurisdiction-id", 1, "Open311 jurisdiction_id (default zoetermeer.nl)"},
    {NULL, 0, NULL},
};

static int run_init(int argc, char **argv)
{
    struct parsed p;
    int rc = parse_args(argc, argv, init_opts, &p);
    if (rc)
        return rc == 1 ? 0 : rc;
    struct config c;
    if (startup(&p, &c) != 0)
        return 1;
    const char *pw = get(&p, "demo-password");
    if (!pw)
        pw = "wijkregie-demo";
    const char *date = get(&p, "demo-date");
    cal_date demo_day;
    if (date && cal_parse_date(date, strlen(date), &demo_day) != 0) {
        fprintf(stderr, "wijkregie init: --demo-date: expected YYYY-MM-DD\n");
        return EXIT_USAGE;
    }
    char today[CAL_DATE_LEN];
    if (!date) {
        /* today in Europe/Amsterdam */
        cal_format_date(cal_date_of((int64_t)time(NULL)), today);
        date = today;
    }
    const char *seed_arg = get(&p, "demo-seed");
    uint64_t demo_seed = 1;
    if (seed_arg) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(seed_arg, &end, 10);
        if (!*seed_arg || *end || errno || seed_arg[0] < '0' || seed_arg[0] > '9') {
            fprintf(stderr, "wijkregie init: --demo-seed: expected a whole number\n");
            return EXIT_USAGE;
        }
        demo_seed = (uint64_t)v;
    }
    const char *jid = get(&p, "jurisdiction-id");
    struct seed_options so = {
        .jurisdiction_id = jid ? jid : c.jurisdiction_id,
        .demo = get(&p, "demo") != NULL,
        .demo_password = pw,
        .demo_date = date,
        .demo_seed = demo_seed,
        .progress = progress,
    };
    g_tty = isatty(STDOUT_FILENO);
    db *d = db_thread();
    char err[512];
    if (!d || seed_run(d, &so, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie init: %s\n", d ? err : "cannot open the database");
        db_thread_close();
        return 1;
    }
    db_thread_close();
    printf("database ready: %s\n", db_path());
    return 0;
}

/* --- serve ---------------------------------------------------------------- */

static int run_serve(int argc, char **argv)
{
    /* The stop signals are blocked before any thread starts (the writer and
     * the background threads start before the server's), so that every
     * thread inherits the mask and only the server's sigwait() takes them:
     * a thread that had them unblocked would let SIGTERM end the process at
     * once, without the orderly stop. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    /* glibc gives every thread that allocates its own heap (up to eight per
     * core), and each keeps the peak of the large pages built in it. Two
     * heaps are enough for threads that mostly wait. Bodies over 128 KiB
     * (the map's points, lists, reports) get their own mapping, returned
     * when freed; without a fixed threshold glibc raises it to the largest
     * body freed so far and such bodies stay in the heap as holes. */
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
    /* SQLite's memory over all threads together: 4 MiB, past which the
     * page caches reuse their pages (what is not kept is read again from
     * the kernel's cache). The connections' schemas and statements take
     * about 1 MiB of it per connection that requests use. 8 MiB made the
     * process up to 4 MB larger under load; side by side the work lists'
     * p99 at a million signals did not differ beyond the noise. */
    db_limit_cache((size_t)4 * 1024 * 1024);
    struct parsed p;
    int rc = parse_args(argc, argv, NULL, &p);
    if (rc)
        return rc == 1 ? 0 : rc;
    struct config c;
    if (startup(&p, &c) != 0)
        return 1;
    log_set_quiet(c.quiet);
    if (config_derive_base_url(&c))
        log_warning("base_url is not set: links in e-mail and Open311 discovery use %s, made from "
                    "listen; set base_url to the address people reach the site at",
                    c.base_url);
    char err[512];
    /* The English catalogue is compiled into the binary. */
    const struct embed_file *mo = embed_find(embedded_locale, "en.mo");
    if (mo) {
        char *e = NULL;
        for (int i = 0; i < I18N_NLANGS; i++)
            if (strcmp(i18n_langs[i].code, "en") == 0) {
                i18n_langs[i].catalog = i18n_parse_mo(mo->data, mo->size, &e);
                if (!i18n_langs[i].catalog) {
                    fprintf(stderr, "wijkregie: en.mo: %s\n", e ? e : "invalid");
                    free(e);
                    return 1;
                }
            }
    }
    if (static_load(c.static_dir, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie: static files: %s (run 'make' to build them)\n", err);
        return 1;
    }
    if (render_init(err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie: %s\n", err);
        return 1;
    }
    db *d = db_thread();
    if (!d || auth_ensure_secret(d) != 0) {
        fprintf(stderr, "wijkregie: cannot open the database\n");
        return 1;
    }
    if (c.image_helper[0]) {
        signal_set_image_helper(c.image_helper);
    } else {
        /* beside the server binary, as the build and the install put it */
        char helper[1100];
        beside_binary("wijkregie-img", helper, sizeof helper);
        if (helper[0])
            signal_set_image_helper(helper);
    }
    /* no weak passwords: without the dictionary the server does not start */
    if (password_dictionary(&c) != 0)
        return 1;
    if (signal_areas_init(d, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie: wijk polygons: %s\n", err);
        return 1;
    }
    if (c.geocoder_url[0]) {
        /* addresses are looked up in the municipality only */
        arena *a = arena_new(4096);
        geocode_init(c.geocoder_url, a ? mon_municipality(d, a) : NULL);
        arena_free(a);
    }
    db_thread_close();
    web_routes_install();
    struct server_hooks hooks = {
        .error_page = render_error_page,
        .load_session = web_load_session,
        .thread_exit = web_thread_exit,
        .allowed = web_allowed,
        .api_error = api_open311_error,
    };
    /* The outbox is sent by a background thread; without a relay configured
     * mail stays queued and visible to the administrator. */
    mail_global_init();
    /* Signal intake commits in groups; checkpoints outside the requests.
     * First, so that every connection opened from here on leaves its
     * checkpoints to the checkpoint thread. */
    if (db_writer_start() != 0) {
        fprintf(stderr, "wijkregie: cannot start the database writer\n");
        return 1;
    }
    mailer_start(c.smtp_url[0] ? c.smtp_url : NULL, c.smtp_from, 30);
    retention_set_base_url(c.base_url);
    escalation_set_base_url(c.base_url);
    retention_start((int)c.retention_days, (int)c.grant_retention_years);
    notify_set_base_url(c.base_url);
    notify_start();
    indicator_start();
    suggest_start();
    rc = server_run(&c, &hooks);
    pdf_shutdown();
    suggest_stop();
    indicator_stop();
    notify_stop();
    retention_stop();
    mailer_stop();
    db_writer_stop();
    signal_areas_free();
    render_free();
    static_free();
    i18n_shutdown();
    return rc;
}

/* --- migrate -------------------------------------------------------------- */

static int run_migrate(int argc, char **argv)
{
    struct parsed p;
    int rc = parse_args(argc, argv, NULL, &p);
    if (rc)
        return rc == 1 ? 0 : rc;
    struct config c;
    if (load_config(&p, &c) != 0)
        return 1;
    char err[512];
    char path[1200];
    if (mkdir(c.data_dir, 0750) != 0 && errno != EEXIST) {
        fprintf(stderr, "wijkregie migrate: %s: %s\n", c.data_dir, strerror(errno));
        return 1;
    }
    snprintf(path, sizeof path, "%s/wijkregie.db", c.data_dir);
    sqlite3 *h;
    if (db_open_raw(path, &h, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie migrate: %s\n", err);
        return 1;
    }
    int from = 0, to = 0;
    rc = db_migrate(h, &from, &to, err, sizeof err);
    sqlite3_close(h);
    if (rc != 0) {
        fprintf(stderr, "wijkregie migrate: %s\n", err);
        return 1;
    }
    if (from == to)
        printf("schema is up to date (version %d)\n", to);
    else
        printf("schema migrated from version %d to %d\n", from, to);
    return 0;
}

/* --- user ----------------------------------------------------------------- */

static const struct opt user_opts[] = {
    {"login", 1, "the account's login name"},
    {"name", 1, "full name"},
    {"email", 1, "e-mail address"},
    {"role", 1, "role, optionally scoped: wijkregisseur:noord, afdeling:SB (repeatable)"},
    {"password-stdin", 0, "read the password from standard input (otherwise one is generated)"},
    {NULL, 0, NULL},
};

static int read_password(const struct parsed *p, char *out, size_t cap, int *generated)
{
    *generated = 0;
    if (get(p, "password-stdin")) {
        if (!fgets(out, (int)cap, stdin)) {
            fprintf(stderr, "wijkregie user: no password on standard input\n");
            return -1;
        }
        out[strcspn(out, "\r\n")] = '\0';
        return 0;
    }
    auth_random_token(out);
    out[20] = '\0';
    *generated = 1;
    return 0;
}

/* ROLE[:SCOPE], the scope a region's slug or an organisation's code. */
static int parse_role(db *d, const char *arg, struct user_role *out)
{
    char role[128];
    snprintf(role, sizeof role, "%s", arg);
    char *scope = strchr(role, ':');
    if (scope)
        *scope++ = '\0';
    int r = role_from_string(role);
    if (r < 0) {
        fprintf(stderr, "wijkregie user: unknown role '%s'; known roles:", role);
        for (int k = 0; k < ROLE__COUNT; k++)
            fprintf(stderr, " %s", role_catalogue[k].code);
        fprintf(stderr, "\n");
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->role = (enum role)r;
    if (scope) {
        out->region_id = region_id_by_slug(d, scope);
        if (!out->region_id)
            out->org_id = org_id_by_code(d, scope);
        if (!out->region_id && !out->org_id) {
            fprintf(stderr, "wijkregie user: unknown region or department '%s'\n", scope);
            return -1;
        }
    }
    return 0;
}

/* Every --role of the command line into in (grant) or out of it (revoke). */
static int apply_roles(db *d, const struct parsed *p, struct account_input *in, int grant)
{
    int any = 0;
    for (int i = 0; i < p->n; i++) {
        if (strcmp(p->names[i], "role") != 0)
            continue;
        struct user_role ur;
        if (parse_role(d, p->values[i], &ur) != 0)
            return -1;
        any = 1;
        if (grant) {
            if (account_input_add_role(in, &ur) != 0) {
                fprintf(stderr, "wijkregie user: at most %d roles\n", USER_MAX_ROLES);
                return -1;
            }
            continue;
        }
        size_t k = 0, before = in->nroles;
        for (size_t j = 0; j < in->nroles; j++)
            if (!(in->roles[j].role == ur.role && in->roles[j].region_id == ur.region_id &&
                  in->roles[j].org_id == ur.org_id))
                in->roles[k++] = in->roles[j];
        in->nroles = k;
        if (k == before) {
            fprintf(stderr, "wijkregie user: the account does not have the role %s\n",
                    p->values[i]);
            return -1;
        }
    }
    return any ? 0 : 1;
}

static int account_outcome(const char *sub, enum account_result r, const char *problem,
                           const char *login)
{
    switch (r) {
    case ACCOUNT_OK:
        return 0;
    case ACCOUNT_NOT_FOUND:
        fprintf(stderr, "wijkregie user %s: no account '%s'\n", sub, login);
        return 1;
    case ACCOUNT_EXISTS:
        fprintf(stderr, "wijkregie user %s: login '%s' exists\n", sub, login);
        return 1;
    case ACCOUNT_INVALID:
    case ACCOUNT_FORBIDDEN:
        fprintf(stderr, "wijkregie user %s: %s\n", sub, problem ? problem : "refused");
        return 1;
    default:
        fprintf(stderr, "wijkregie user %s: the database refused the change\n", sub);
        return 1;
    }
}

static const char *const user_subcommands[] = {"add",    "list",  "passwd", "disable",
                                               "enable", "grant", "revoke", "edit"};

static int run_user(int argc, char **argv)
{
    struct parsed p;
    int rc = parse_args(argc, argv, user_opts, &p);
    if (rc)
        return rc == 1 ? 0 : rc;
    const char *sub = p.npos ? p.pos[0] : NULL;
    int known = 0;
    for (size_t i = 0; sub && i < sizeof user_subcommands / sizeof user_subcommands[0]; i++)
        known |= strcmp(sub, user_subcommands[i]) == 0;
    if (!known) {
        fprintf(stderr, "wijkregie user: expected add, list, passwd, disable, enable, grant, "
                        "revoke or edit\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    struct config c;
    if (startup(&p, &c) != 0)
        return 1;
    /* every password set here is checked like one set in the back office */
    if ((strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0) && password_dictionary(&c) != 0)
        return 1;
    db *d = db_thread();
    if (!d)
        return 1;
    arena *a = arena_new(16384);
    char pw[300] = "";
    rc = 1;
    if (strcmp(sub, "list") == 0) {
        struct user *u;
        size_t n;
        if (user_list(d, a, &u, &n) == DB_OK) {
            for (size_t i = 0; i < n; i++) {
                printf("%-20s %-28s %s", u[i].login, u[i].name, u[i].disabled ? "disabled " : "");
                for (size_t k = 0; k < u[i].nroles; k++)
                    printf("%s%s", k ? "," : "", role_code(u[i].roles[k].role));
                printf("\n");
            }
            rc = 0;
        }
        goto done;
    }
    const char *login = get(&p, "login");
    if (!login) {
        fprintf(stderr, "wijkregie user %s: --login is required\n", sub);
        rc = EXIT_USAGE;
        goto done;
    }
    const char *problem = NULL;
    int generated = 0;
    if (strcmp(sub, "add") == 0) {
        struct account_input in;
        memset(&in, 0, sizeof in);
        in.login = login;
        in.name = get(&p, "name");
        in.email = get(&p, "email");
        if (apply_roles(d, &p, &in, 1) < 0 || read_password(&p, pw, sizeof pw, &generated) != 0)
            goto done;
        in.password = pw;
        enum account_result res = account_create(d, a, NULL, &in, NULL, &problem);
        rc = account_outcome(sub, res, problem, login);
        if (rc == 0 && generated)
            printf("password: %s\n", pw);
        goto done;
    }
    struct user u;
    if (user_load_by_login(d, a, login, &u, NULL) != DB_OK) {
        fprintf(stderr, "wijkregie user %s: no account '%s'\n", sub, login);
        goto done;
    }
    struct account_input in;
    account_input_from(&u, &in);
    if (strcmp(sub, "passwd") == 0) {
        if (read_password(&p, pw, sizeof pw, &generated) != 0)
            goto done;
        in.password = pw;
    } else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
        in.disabled = strcmp(sub, "disable") == 0;
    } else if (strcmp(sub, "grant") == 0 || strcmp(sub, "revoke") == 0) {
        int r = apply_roles(d, &p, &in, strcmp(sub, "grant") == 0);
        if (r != 0) {
            if (r > 0)
                fprintf(stderr, "wijkregie user %s: --role is required\n", sub);
            rc = r > 0 ? EXIT_USAGE : 1;
            goto done;
        }
    } else { /* edit */
        if (!get(&p, "name") && !get(&p, "email")) {
            fprintf(stderr, "wijkregie user edit: --name or --email is required\n");
            rc = EXIT_USAGE;
            goto done;
        }
        if (get(&p, "name"))
            in.name = get(&p, "name");
        if (get(&p, "email"))
            in.email = get(&p, "email");
    }
    enum account_result res = account_update(d, a, NULL, u.id, &in, &problem);
    rc = account_outcome(sub, res, problem, login);
    if (rc == 0 && generated)
        printf("password: %s\n", pw);
done:
    sodium_memzero(pw, sizeof pw);
    arena_free(a);
    db_thread_close();
    return rc;
}

/* --- apikey --------------------------------------------------------------- */

static const struct opt apikey_opts[] = {
    {"name", 1, "name of the key (who uses it)"},
    {"rate", 1, "requests per minute allowed (default 60)"},
    {NULL, 0, NULL},
};

static int run_apikey(int argc, char **argv)
{
    struct parsed p;
    int rc = parse_args(argc, argv, apikey_opts, &p);
    if (rc)
        return rc == 1 ? 0 : rc;
    const char *sub = p.npos ? p.pos[0] : NULL;
    if (!sub || (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "revoke"))) {
        fprintf(stderr, "wijkregie apikey: expected create, list or revoke\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = get(&p, "name");
    if (strcmp(sub, "list") != 0 && (!name || !*name || strlen(name) > 64)) {
        fprintf(stderr, "wijkregie apikey %s: --name is required (at most 64 characters)\n", sub);
        return EXIT_USAGE;
    }
    int rate = 60;
    if (get(&p, "rate")) {
        char *end;
        long v = strtol(get(&p, "rate"), &end, 10);
        if (*end || v < 1 || v > 100000) {
            fprintf(stderr, "wijkregie apikey: --rate: a number from 1 to 100000\n");
            return EXIT_USAGE;
        }
        rate = (int)v;
    }
    struct config c;
    if (startup(&p, &c) != 0)
        return 1;
    db *d = db_thread();
    if (!d)
        return 1;
    arena *a = arena_new(16384);
    rc = 1;
    if (strcmp(sub, "create") == 0) {
        char key[AUTH_TOKEN_CHARS];
        unsigned char h[32];
        auth_random_token(key);
        crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
        int64_t id;
        int irc = apikey_insert(d, name, h, rate, &id);
        if (irc == DB_CONSTRAINT)
            fprintf(stderr, "wijkregie apikey create: a key named '%s' exists\n", name);
        else if (irc == DB_OK) {
            audit_append(d, 0, "system", "create", "api_key", id, NULL, NULL);
            printf("%s\n", key);
            rc = 0;
        }
    } else if (strcmp(sub, "revoke") == 0) {
        int rrc = apikey_revoke(d, name);
        if (rrc == DB_NOTFOUND)
            fprintf(stderr, "wijkregie apikey revoke: no active key named '%s'\n", name);
        else if (rrc == DB_OK) {
            audit_append(d, 0, "system", "revoke", "api_key", 0, NULL, NULL);
            rc = 0;
        }
    } else {
        struct api_key *k;
        size_t n;
        if (apikey_list(d, a, &k, &n) == DB_OK) {
            for (size_t i = 0; i < n; i++)
                printf("%-24s %6d/min  created %s%s%s\n", k[i].name, k[i].rate_per_min,
                       k[i].created_at, k[i].revoked_at ? "  revoked " : "",
                       k[i].revoked_at ? k[i].revoked_at : "");
            rc = 0;
        }
    }
    arena_free(a);
    db_thread_close();
    return rc;
}

/* --- backup --------------------------------------------------------------- */

static const struct opt backup_opts[] = {
    {"to", 1, "folder to write the copy to (must not hold a database yet)"},
    {NULL, 0, NULL},
};

static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (out < 0) {
        close(in);
        return errno == EEXIST ? 0 : -1;
    }
    char b[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, b, sizeof b)) > 0)
        if (write(out, b, (size_t)n) != n) {
            rc = -1;
            break;
        }
    if (n < 0 || fsync(out) != 0)
        rc = -1;
    close(in);
    close(out);
    return rc;
}

/* Copies the stored files (uploads): they are written before the database
 * row that refers to them and never changed, so copying them after the
 * database snapshot gives a copy where every referenced file is present. */
static int copy_tree(const char *from, const char *to, int depth)
{
    DIR *dir = opendir(from);
    if (!dir)
        return errno == ENOENT ? 0 : -1;
    if (mkdir(to, 0750) != 0 && errno != EEXIST) {
        closedir(dir);
        return -1;
    }
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(dir))) {
        if (de->d_name[0] == '.')
            continue;
        char f[4096], t[4096];
        snprintf(f, sizeof f, "%s/%s", from, de->d_name);
        snprintf(t, sizeof t, "%s/%s", to, de->d_name);
        struct stat sb;
        if (lstat(f, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth < 8)
            rc = copy_tree(f, t, depth + 1);
        else if (S_ISREG(sb.st_mode))
            rc = copy_file(f, t);
    }
    closedir(dir);
    return rc;
}

static int run_backup(int argc, char **argv)
{
    struct parsed p;
    int rc = parse_args(argc, argv, backup_opts, &p);
    if (rc)
        return rc == 1 ? 0 : rc;
    const char *to = get(&p, "to");
    if (!to) {
        fprintf(stderr, "wijkregie backup: --to is required\n");
        return EXIT_USAGE;
    }
    struct config c;
    if (load_config(&p, &c) != 0)
        return 1;
    char src[1200], dst[1200], err[512];
    snprintf(src, sizeof src, "%s/wijkregie.db", c.data_dir);
    snprintf(dst, sizeof dst, "%s/wijkregie.db", to);
    if (access(src, R_OK) != 0) {
        fprintf(stderr, "wijkregie backup: %s: %s\n", src, strerror(errno));
        return 1;
    }
    if (mkdir(to, 0750) != 0 && errno != EEXIST) {
        fprintf(stderr, "wijkregie backup: %s: %s\n", to, strerror(errno));
        return 1;
    }
    if (access(dst, F_OK) == 0) {
        fprintf(stderr, "wijkregie backup: %s exists; choose an empty folder\n", dst);
        return 1;
    }
    sqlite3 *hs, *hd;
    if (db_open_raw(src, &hs, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie backup: %s\n", err);
        return 1;
    }
    if (sqlite3_open(dst, &hd) != SQLITE_OK) {
        fprintf(stderr, "wijkregie backup: %s: %s\n", dst, sqlite3_errmsg(hd));
        sqlite3_close(hs);
        sqlite3_close(hd);
        return 1;
    }
    /* The online backup API copies a consistent snapshot while the server
     * keeps writing; steps of 256 pages let writers in between. */
    sqlite3_backup *b = sqlite3_backup_init(hd, "main", hs, "main");
    int brc = SQLITE_OK;
    if (b) {
        int tty = isatty(STDOUT_FILENO);
        do {
            brc = sqlite3_backup_step(b, 256);
            if (tty && sqlite3_backup_pagecount(b) > 0) {
                int total = sqlite3_backup_pagecount(b);
                int done = total - sqlite3_backup_remaining(b);
                printf("\rdatabase: %3d%%", (int)(100LL * done / total));
                fflush(stdout);
            }
            if (brc == SQLITE_BUSY || brc == SQLITE_LOCKED)
                sqlite3_sleep(20);
        } while (brc == SQLITE_OK || brc == SQLITE_BUSY || brc == SQLITE_LOCKED);
        if (tty)
            printf("\n");
        sqlite3_backup_finish(b);
    }
    int ok = b && brc == SQLITE_DONE && sqlite3_errcode(hd) == SQLITE_OK;
    if (!ok)
        fprintf(stderr, "wijkregie backup: %s\n", sqlite3_errmsg(hd));
    sqlite3_close(hd);
    sqlite3_close(hs);
    if (!ok)
        return 1;
    char fsrc[1200], fdst[1200];
    snprintf(fsrc, sizeof fsrc, "%s/files", c.data_dir);
    snprintf(fdst, sizeof fdst, "%s/files", to);
    if (copy_tree(fsrc, fdst, 0) != 0) {
        fprintf(stderr, "wijkregie backup: copying stored files: %s\n", strerror(errno));
        return 1;
    }
    printf("backup written to %s\n", to);
    return 0;
}

/* --- report --------------------------------------------------------------- */

static const struct opt report_opts[] = {
    {"year", 1, "the year of the report"},
    {"out", 1, "the file to write: NAME.html, or NAME.pdf (needs weasyprint or chromium)"},
    {"wijk", 1, "only this wijk (its slug, e.g. oosterheem); default the city and every wijk"},
    {NULL, 0, NULL},
};

static int run_report(int argc, char **argv)
{
    struct parsed p;
    int rc = parse_args(argc, argv, report_opts, &p);
    if (rc)
        return rc == 1 ? 0 : rc;
    const char *ys = get(&p, "year"), *out = get(&p, "out"), *wijk = get(&p, "wijk");
    char *end = NULL;
    long year = ys ? strtol(ys, &end, 10) : 0;
    if (!ys || *end || year < 2000 || year > 2100) {
        fprintf(stderr, "wijkregie report: --year: a year from 2000 to 2100\n");
        return EXIT_USAGE;
    }
    size_t ol = out ? strlen(out) : 0;
    int pdf = ol > 4 && strcmp(out + ol - 4, ".pdf") == 0;
    if (!out || (!pdf && !(ol > 5 && strcmp(out + ol - 5, ".html") == 0))) {
        fprintf(stderr, "wijkregie report: --out: a file name ending in .html or .pdf\n");
        return EXIT_USAGE;
    }
    if (pdf && !pdf_tool()) {
        fprintf(stderr, "wijkregie report: no PDF tool found (install weasyprint or chromium);"
                        " write .html and print it instead\n");
        return 1;
    }
    struct config c;
    if (startup(&p, &c) != 0)
        return 1;
    char err[512];
    if (static_load(c.static_dir, err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie report: static files: %s (run 'make' to build them)\n", err);
        return 1;
    }
    if (render_init(err, sizeof err) != 0) {
        fprintf(stderr, "wijkregie report: %s\n", err);
        return 1;
    }
    db *d = db_thread();
    if (!d)
        return 1;
    /* the report is rendered as a page of a request without a user */
    struct req r;
    memset(&r, 0, sizeof r);
    r.a = arena_new(1 << 20);
    r.lang = "nl";
    r.method = HTTP_GET;
    r.method_name = "GET";
    r.path = "/raad/rapport";
    r.query_raw = "";
    buf_init(&r.body_out, 64u << 20);
    rc = 1;
    int rr = r.a ? monitor_report_render(&r, d, (int)year, wijk, 1) : -1;
    if (rr == 1) {
        fprintf(stderr, "wijkregie report: no wijk '%s'\n", wijk ? wijk : "");
    } else if (rr != 0) {
        fprintf(stderr, "wijkregie report: the report of %ld could not be made\n", year);
    } else {
        buf pdfbuf;
        buf_init(&pdfbuf, 64u << 20);
        const buf *body = &r.body_out;
        if (pdf && pdf_from_html(r.body_out.data, r.body_out.len, &pdfbuf) != 0)
            fprintf(stderr, "wijkregie report: the PDF tool failed\n");
        else {
            if (pdf)
                body = &pdfbuf;
            FILE *f = fopen(out, "wb");
            if (!f || fwrite(body->data, 1, body->len, f) != body->len || fclose(f) != 0)
                fprintf(stderr, "wijkregie report: cannot write %s: %s\n", out, strerror(errno));
            else {
                printf("report %ld written to %s\n", year, out);
                rc = 0;
            }
        }
        buf_free(&pdfbuf);
    }
    buf_free(&r.body_out);
    arena_free(r.a);
    db_thread_close();
    render_free();
    static_free();
    return rc;
}

/* --- residents ------------------------------------------------------------ */

static const struct opt resident_opts[] = {
    {"email", 1, "the resident's e-mail address"},
    {NULL, 0, NULL},
};

/* `resident link`: a login link for a resident's account, made with the
 * same mechanism as the one sent by e-mail (single use, 15 minutes, only its
 * keyed hash stored), printed for whoever runs the server: the demo without
 * a mail relay (make run). Only who can read the database can do this. */
static int run_resident(int argc, char **argv)
{
    struct parsed p;
    int rc = parse_args(argc, argv, resident_opts, &p);
    if (rc)
        return rc == 1 ? 0 : rc;
    const char *sub = p.npos ? p.pos[0] : NULL;
    const char *email = get(&p, "email");
    if (!sub || strcmp(sub, "link") != 0 || !email || !*email) {
        fprintf(stderr, "wijkregie resident: expected link --email ADDRESS\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    struct config c;
    if (startup(&p, &c) != 0)
        return 1;
    config_derive_base_url(&c);
    db *d = db_thread();
    if (!d)
        return 1;
    arena *a = arena_new(4096);
    const char *link = NULL;
    int lrc = a ? resident_make_link(d, a, email, (int64_t)time(NULL), c.base_url, &link) : -1;
    rc = 1;
    if (lrc == DB_NOTFOUND) {
        fprintf(stderr, "wijkregie resident link: no resident's account has that address\n");
    } else if (lrc == 0) {
        audit_append(d, 0, "system", "resident_link", "resident", 0, NULL, NULL);
        printf("%s\n", link);
        rc = 0;
    }
    arena_free(a);
    db_thread_close();
    return rc;
}

/* --- dispatch ------------------------------------------------------------- */

static const struct cmd commands[] = {
    {"init", "--data DIR [--demo] [--demo-password PW] [--demo-date YYYY-MM-DD] [--demo-seed N]",
     "Creates the database (or brings it up to date) with Zoetermeer's reference data.", NULL, 0,
     run_init},
    {"serve", "--data DIR [--listen HOST:PORT] [settings]",
     "Serves the public site, the back office and the APIs until SIGTERM.", NULL, 1, run_serve},
    {"migrate", "--data DIR", "Applies the database migrations this program has.", NULL, 0,
     run_migrate},
    {"user", "add|list|passwd|disable|enable|grant|revoke|edit --data DIR [--login L ...]",
     "Manages staff accounts: add, list, passwd, disable, enable, grant and revoke roles "
     "(--role, repeatable), edit the name or e-mail address. Passwords come from standard input "
     "with --password-stdin, or are generated and printed; they are checked like those set in "
     "the back office.",
     NULL, 0, run_user},
    {"apikey", "create|list|revoke --data DIR [--name NAME]",
     "Manages Open311 API keys. 'create' prints the new key once; only its hash is stored.", NULL,
     0, run_apikey},
    {"resident", "link --data DIR --email ADDRESS [settings]",
     "Prints a login link for a resident's account, made as the one sent by e-mail (single use, "
     "valid 15 minutes): for a demo without a mail relay.",
     resident_opts, 1, run_resident},
    {"backup", "--data DIR --to DIR2",
     "Copies the database (consistently, also while the server runs) and the stored files.", NULL,
     0, run_backup},
    {"report", "--data DIR --year YYYY --out FILE.html|FILE.pdf [--wijk SLUG]",
     "Writes the yearly council report (a closed year as frozen, the current year as of now) "
     "as HTML, or as PDF with weasyprint or chromium.",
     report_opts, 1, run_report},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            g_cmd = &commands[i];
            return commands[i].run(argc - 2, argv + 2);
        }
    fprintf(stderr, "wijkregie: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
