/*
 * config.h: the program's settings, from wijkregie.conf and command-line
 * flags (flags win). One struct, filled once at start-up, read-only after.
 */
#ifndef WR_CONFIG_H
#define WR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_PROXIES 16

struct config {
    char listen_host[256];
    unsigned listen_port;
    char data_dir[1024];
    char base_url[512]; /* public base URL, for links in e-mail and APIs; see
                           config_derive_base_url */
    char trusted_proxies[CONFIG_MAX_PROXIES][64];
    size_t nproxies;
    char smtp_url[512]; /* smtp://host:port or smtps://... ; empty: no mail */
    char smtp_from[256];
    char tile_url[512]; /* map tiles; empty: outlines only */
    char tile_attribution[256];
    char geocoder_url[512]; /* PDOK Locatieserver v3_1 base; empty: no address lookup */
    char lang_default[8];   /* nl or en */
    char static_dir[1024];
    char image_helper[1024]; /* wijkregie-img; empty: beside the server binary */
    char
        password_dictionary[1024]; /* CrackLib dictionary, without .pwd; empty: beside the binary */
    char jurisdiction_id[128];
    char site_name[128];
    unsigned workers; /* 0: one per core */
    unsigned session_idle_minutes;
    unsigned retention_days;        /* contact details erased this long after closing */
    unsigned reports_per_hour;      /* public reports and follows per client address; 0: no limit */
    unsigned grant_accounting_days; /* a grant not accounted for after this is listed */
    unsigned
        grant_retention_years; /* applicants' personal data erased this long after accounting */
    bool quiet;                /* no access log */
    /* Slow and greedy clients (src/http/guard.c); trusted proxies exempt. */
    unsigned max_connections_per_client; /* open connections from one address */
    unsigned request_head_seconds;       /* to receive a request's line and headers */
    unsigned request_body_seconds;       /* to receive a body, plus one second per */
    unsigned request_body_min_rate;      /* ... this many bytes received */
};

void config_defaults(struct config *c);
/* Reads an INI file into c; missing file is an error only when required. */
int config_load_file(struct config *c, const char *path, bool required, char *err, size_t errlen);
/* Applies one setting by its INI name (section.key or key), as the flags do. */
int config_set(struct config *c, const char *key, const char *value, char *err, size_t errlen);
/* Parses "host:port" into the listen fields. */
int config_set_listen(struct config *c, const char *hostport, char *err, size_t errlen);
bool config_is_trusted_proxy(const struct config *c, const char *addr);
/* When base_url is not set, makes it http://HOST:PORT from listen, with an
 * any-address (0.0.0.0, ::) replaced by the loopback address of its family,
 * and returns true (the caller warns: links then only work on this machine).
 * Never derived from a request. Returns false when base_url was set. */
bool config_derive_base_url(struct config *c);

#endif
