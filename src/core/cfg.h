/*
 * cfg.h - configuration: one file of "key = value" lines (path from -c or
 * QUDAO_CONF), every key overridable by QUDAO_<KEY> in the environment.
 *
 * The only global in the program is the configuration, filled before the
 * first request and read-only afterwards.
 */
#ifndef QUDAO_CFG_H
#define QUDAO_CFG_H

#include <stddef.h>

struct cfg {
    const char *database;     /* ODBC DSN name or a full connection string */
    const char *dialect;      /* "auto" or a dialect name */
    const char *listen;       /* "unix:/path" or "127.0.0.1:9000" */
    const char *socket_group; /* group for the unix socket, or NULL */
    int workers;              /* 0 = number of cores */
    const char *share_dir;    /* holds xsl/ and schema/ */
    const char *default_lang;
    const char *default_theme;
    const char *log_level;  /* "debug", "info", "warn", "error" */
    size_t max_body;        /* bytes of a request body */
    size_t max_upload;      /* bytes of a body on a ROUTE_UPLOAD route */
    size_t max_params;      /* parameters in query + body */
    size_t max_field;       /* bytes of one field value */
    const char *company;    /* shown in the page header */
    int session_idle;       /* seconds without a request: session ends */
    int session_max;        /* seconds a session lives at most */
    int login_max_failures; /* failed logins per account or address ... */
    int login_window;       /* ... within this many seconds */
};

extern const struct cfg *cfg;

/*
 * Load the file (NULL: QUDAO_CONF, else no file) and the environment into
 * the global configuration.  Unknown keys and malformed lines are errors.
 * Returns 0, or -1 with a message in err.
 */
int cfg_load(const char *path, char *err, size_t errlen);

/* Set one key before or after cfg_load (command-line flags). 0 or -1. */
int cfg_set(const char *key, const char *value, char *err, size_t errlen);

int cfg_workers(void); /* workers, resolved to the number of cores */

#endif
