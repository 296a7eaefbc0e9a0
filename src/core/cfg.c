/*
 * cfg.c - configuration file and environment (see cfg.h).
 *
 * Values are copied with strdup: they live as long as the process.
 */
#include "cfg.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef QUDAO_SHARE_DIR
#define QUDAO_SHARE_DIR "/usr/local/share/qudao"
#endif

static struct cfg the_cfg = {
    .database = NULL,
    .dialect = "auto",
    .listen = "unix:/run/qudao/qudao.sock",
    .socket_group = NULL,
    .workers = 0,
    .share_dir = QUDAO_SHARE_DIR,
    .default_lang = "zh-CN",
    .default_theme = "classic",
    .log_level = "info",
    .max_body = 1024 * 1024,
    .max_upload = 6 * 1024 * 1024,
    .max_params = 200,
    .max_field = 64 * 1024,
    .company = "Qudao",
    .session_idle = 30 * 60,
    .session_max = 12 * 60 * 60,
    .login_max_failures = 10,
    .login_window = 15 * 60,
};

const struct cfg *cfg = &the_cfg;

enum kind { K_STR, K_INT, K_SIZE };

static const struct key {
    const char *name;
    enum kind kind;
    size_t off;
} keys[] = {
    {"database", K_STR, offsetof(struct cfg, database)},
    {"dialect", K_STR, offsetof(struct cfg, dialect)},
    {"listen", K_STR, offsetof(struct cfg, listen)},
    {"socket_group", K_STR, offsetof(struct cfg, socket_group)},
    {"workers", K_INT, offsetof(struct cfg, workers)},
    {"share_dir", K_STR, offsetof(struct cfg, share_dir)},
    {"default_lang", K_STR, offsetof(struct cfg, default_lang)},
    {"default_theme", K_STR, offsetof(struct cfg, default_theme)},
    {"log_level", K_STR, offsetof(struct cfg, log_level)},
    {"max_body", K_SIZE, offsetof(struct cfg, max_body)},
    {"max_upload", K_SIZE, offsetof(struct cfg, max_upload)},
    {"max_params", K_SIZE, offsetof(struct cfg, max_params)},
    {"max_field", K_SIZE, offsetof(struct cfg, max_field)},
    {"company", K_STR, offsetof(struct cfg, company)},
    {"session_idle", K_INT, offsetof(struct cfg, session_idle)},
    {"session_max", K_INT, offsetof(struct cfg, session_max)},
    {"login_max_failures", K_INT, offsetof(struct cfg, login_max_failures)},
    {"login_window", K_INT, offsetof(struct cfg, login_window)},
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

/* Check values whose range is known; 0 or -1 with a message. */
static int
check_value(const char *key, const char *v, char *err, size_t errlen)
{
    if (strcmp(key, "default_lang") == 0 && strcmp(v, "en") != 0 &&
        strcmp(v, "zh-CN") != 0) {
        snprintf(err, errlen, "default_lang must be en or zh-CN");
        return -1;
    }
    if (strcmp(key, "default_theme") == 0 && strcmp(v, "classic") != 0 &&
        strcmp(v, "slate") != 0) {
        snprintf(err, errlen, "default_theme must be classic or slate");
        return -1;
    }
    return 0;
}

int
cfg_set(const char *key, const char *value, char *err, size_t errlen)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        char *field = (char *)&the_cfg + keys[i].off;
        char *end;
        long long n;

        if (strcmp(keys[i].name, key) != 0)
            continue;
        if (check_value(key, value, err, errlen) != 0)
            return -1;
        if (keys[i].kind == K_STR) {
            char *copy = strdup(value);

            if (copy == NULL)
                abort();
            *(const char **)field = *value != '\0' ? copy : NULL;
            return 0;
        }
        errno = 0;
        n = strtoll(value, &end, 10);
        if (errno != 0 || end == value || *end != '\0' || n < 0 ||
            n > 1000000000LL) {
            snprintf(err, errlen, "%s: not a number: %s", key, value);
            return -1;
        }
        if (keys[i].kind == K_INT)
            *(int *)field = (int)n;
        else
            *(size_t *)field = (size_t)n;
        return 0;
    }
    snprintf(err, errlen, "unknown configuration key: %s", key);
    return -1;
}

static char *
trim(char *s)
{
    char *e;

    while (isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static int
load_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int lineno = 0;

    if (f == NULL) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        char *s = trim(line), *eq, *k, *v;
        char sub[512];

        lineno++;
        if (*s == '\0' || *s == '#')
            continue;
        eq = strchr(s, '=');
        if (eq == NULL) {
            snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
            fclose(f);
            return -1;
        }
        *eq = '\0';
        k = trim(s);
        v = trim(eq + 1);
        if (cfg_set(k, v, sub, sizeof(sub)) != 0) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, sub);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

int
cfg_load(const char *path, char *err, size_t errlen)
{
    if (path == NULL)
        path = getenv("QUDAO_CONF");
    if (path != NULL && *path != '\0' && load_file(path, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < N_KEYS; i++) {
        char name[64], sub[512];
        const char *v;
        size_t j;

        memcpy(name, "QUDAO_", 6);
        for (j = 0; keys[i].name[j] != '\0' && j + 7 < sizeof(name); j++)
            name[6 + j] = (char)toupper((unsigned char)keys[i].name[j]);
        name[6 + j] = '\0';
        v = getenv(name);
        if (v != NULL && cfg_set(keys[i].name, v, sub, sizeof(sub)) != 0) {
            snprintf(err, errlen, "%s: %s", name, sub);
            return -1;
        }
    }
    return 0;
}

int
cfg_workers(void)
{
    long n;

    if (cfg->workers > 0)
        return cfg->workers;
    n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 2;
}
