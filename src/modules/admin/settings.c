/*
 * settings.c - the basic settings (GET and POST /admin/settings): the
 * table of settings and their checks, the page, and the save, each value
 * checked against the version it was read at.  See admin_int.h.
 */
#include <stdlib.h>
#include <string.h>

#include "admin_int.h"

#include "../../core/audit.h"
#include "../../core/form.h"
#include "../../core/xd.h"

DB_STATEMENT(sql_settings_all, 0,
             "SELECT name, val, version FROM setting ORDER BY name");
DB_STATEMENT(sql_setting_set, 0,
             "UPDATE setting SET val = ?, version = version + 1"
             " WHERE name = ? AND version = ?");
DB_STATEMENT(sql_setting_put, 0,
             "UPDATE setting SET val = ?, version = version + 1"
             " WHERE name = ?");
DB_STATEMENT(sql_setting_add, 0,
             "INSERT INTO setting (name, val, version) VALUES (?, ?, 1)");

/* ---- settings ----------------------------------------------------------- */

static const char *const langs[] = {"en", "zh-CN", NULL};
static const char *const themes[] = {"classic", "slate", NULL};

enum setting_kind { SK_TEXT, SK_ENUM, SK_INT };

struct setting_def {
    const char *name;  /* the row's name and the form field's */
    const char *vname; /* the field holding the version it was read at */
    enum setting_kind kind;
    long max; /* SK_TEXT: characters; SK_INT: the largest value (from 1) */
    const char *const *choices; /* SK_ENUM */
    /* SK_TEXT: NULL when v is acceptable (may rewrite *v), else why not */
    const char *(*check)(struct arena *a, const char **v);
};

/* Three letters, stored in upper case (ISO 4217). */
static const char *
check_currency(struct arena *a, const char **v)
{
    char *up = arena_strdup(a, *v);

    for (char *p = up; *p != '\0'; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    if (strlen(up) != 3 || !admin_only_chars(up, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        return "three letters, such as CNY";
    *v = up;
    return NULL;
}

/* An IANA zone name such as Asia/Shanghai, UTC or Etc/GMT-8. */
static const char *
check_timezone(struct arena *a, const char **v)
{
    const char *s = *v;

    (void)a;
    if (!admin_only_chars(s,
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                          "0123456789/_+-") ||
        !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) ||
        strstr(s, "//") != NULL)
        return "a time zone name such as Asia/Shanghai";
    return NULL;
}

/* Literal characters and {yyyy} {yy} {mm} {dd} {seq} {seq:N} (N 1..12);
 * exactly one sequence. */
static const char *
check_number_format(struct arena *a, const char **v)
{
    static const char *const bad = "text and {yyyy}, {yy}, {mm}, {dd} with "
                                   "one {seq} or {seq:N}, such as "
                                   "SO{yyyy}{mm}-{seq:5}";
    const char *s = *v;
    int seqs = 0;

    (void)a;
    while (*s != '\0') {
        const char *e;
        size_t n;

        if (*s != '{') {
            if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                       "0123456789-_/.#",
                       *s) == NULL)
                return bad;
            s++;
            continue;
        }
        e = strchr(s, '}');
        if (e == NULL)
            return bad;
        n = (size_t)(e - s - 1);
        if (n == 3 && strncmp(s + 1, "seq", 3) == 0) {
            seqs++;
        } else if (n > 4 && strncmp(s + 1, "seq:", 4) == 0) {
            int w = atoi(s + 5);

            if (strspn(s + 5, "0123456789") != n - 4 || w < 1 || w > 12)
                return bad;
            seqs++;
        } else if (!((n == 4 && strncmp(s + 1, "yyyy", 4) == 0) ||
                     (n == 2 && (strncmp(s + 1, "yy", 2) == 0 ||
                                 strncmp(s + 1, "mm", 2) == 0 ||
                                 strncmp(s + 1, "dd", 2) == 0)))) {
            return bad;
        }
        s = e + 1;
    }
    return seqs == 1 ? NULL : bad;
}

/* A host name or address: letters, digits, '.', '-', ':' (IPv6). */
static const char *
check_host(struct arena *a, const char **v)
{
    (void)a;
    if (!admin_only_chars(*v, LOWER_DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZ.-:"))
        return "a host name such as mail.example.com";
    return NULL;
}

/* local@domain, no spaces or angle brackets. */
static const char *
check_mail(struct arena *a, const char **v)
{
    const char *at = strchr(*v, '@');

    (void)a;
    if (at == NULL || at == *v || at[1] == '\0' || strchr(at + 1, '@') ||
        strpbrk(*v, " <>,;\"'\\") != NULL)
        return "an address such as orders@example.com";
    return NULL;
}

/* clang-format off */
static const struct setting_def settings[] = {
    {"company.name",     "version.company.name",     SK_TEXT, 100, NULL,   NULL},
    {"default.lang",     "version.default.lang",     SK_ENUM, 0,   langs,  NULL},
    {"default.theme",    "version.default.theme",    SK_ENUM, 0,   themes, NULL},
    {"currency",         "version.currency",         SK_TEXT, 3,   NULL,   check_currency},
    {"display.timezone", "version.display.timezone", SK_TEXT, 40,  NULL,   check_timezone},
    {"doc.number.order", "version.doc.number.order", SK_TEXT, 30,  NULL,   check_number_format},
    {"mail.host",        "version.mail.host",        SK_TEXT, 100, NULL,   check_host},
    {"mail.port",        "version.mail.port",        SK_INT,  65535, NULL, NULL},
    {"mail.from",        "version.mail.from",        SK_TEXT, 120, NULL,   check_mail},
    {"credit.overdue_days", "version.credit.overdue_days", SK_INT, 3650, NULL, NULL},
    {"ticket.respond_hours", "version.ticket.respond_hours", SK_INT, 8760, NULL, NULL},
    {"ticket.resolve_hours", "version.ticket.resolve_hours", SK_INT, 8760, NULL, NULL},
    {"price.approval_percent", "version.price.approval_percent", SK_INT, 1000, NULL, NULL},
    {"stock.damage_approval", "version.stock.damage_approval", SK_INT, 100000000000000L, NULL, NULL},
};
/* clang-format on */

#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

/* One setting as the form shows it and the unit of work writes it. */
struct setting_val {
    int given;              /* the field was submitted */
    const char *value;      /* typed (NULL: empty) or stored */
    int64_t version;        /* the form's (-1: not given) or stored */
    const char *stored;     /* in the database now */
    int64_t stored_version; /* 0: no row */
    int conflict;
};

struct settings_in {
    struct ctx *c;
    struct setting_val v[N_SETTINGS];
    int conflicts;
};

/* Read the stored values into in->v[].stored. 0 or -1. */
static int
settings_read(struct ctx *c, struct settings_in *in)
{
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_settings_all, NULL, 0, 0, 0, &r) != 0)
        return -1;
    for (size_t k = 0; k < N_SETTINGS; k++) {
        in->v[k].stored = NULL;
        in->v[k].stored_version = 0;
        for (size_t i = 0; i < r.n_rows; i++)
            if (strcmp(db_cell(&r, i, 0), settings[k].name) == 0) {
                in->v[k].stored = db_cell(&r, i, 1);
                in->v[k].stored_version = db_cell_int(&r, i, 2);
            }
    }
    return 0;
}

static int
same_text(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* <settings><setting name value version [conflict stored]/>... */
static void
settings_page(struct ctx *c, const struct settings_in *in, int typed)
{
    xmlNodePtr list = ctx_data(c, "settings");

    for (size_t k = 0; k < N_SETTINGS; k++) {
        const struct setting_val *v = &in->v[k];
        xmlNodePtr n = xd_elem(list, "setting");
        int show_typed = typed && v->given;

        xd_attr(n, "name", settings[k].name);
        xd_attr(n, "value", show_typed ? v->value : v->stored);
        /* after a conflict the form carries the stored version, so that
         * saving again overwrites knowingly */
        xd_attr_int(n, "version",
                    show_typed && !v->conflict && v->version >= 0
                        ? v->version
                        : v->stored_version);
        if (v->conflict) {
            xd_attr(n, "conflict", "1");
            xd_attr(n, "stored", v->stored);
        }
    }
}

/* GET /admin/settings */
int
admin_settings(struct ctx *c)
{
    struct settings_in in;

    memset(&in, 0, sizeof(in));
    if (settings_read(c, &in) != 0)
        return ctx_db_fail(c);
    settings_page(c, &in, 0);
    return 0;
}

static int
settings_tx(struct db *db, void *arg)
{
    struct settings_in *in = arg;
    struct ctx *c = in->c;
    struct sbuf d;

    if (settings_read(c, in) != 0)
        return -1;
    in->conflicts = 0;
    sbuf_init(&d, c->a, 256);
    for (size_t k = 0; k < N_SETTINGS; k++) {
        struct setting_val *v = &in->v[k];
        struct db_param p[3];
        long n = 0;

        v->conflict = 0;
        if (!v->given || same_text(v->value, v->stored))
            continue;
        if (v->version >= 0 && v->version != v->stored_version) {
            v->conflict = 1;
            in->conflicts++;
            continue;
        }
        p[0] = DB_TEXT(v->value);
        p[1] = DB_TEXT(settings[k].name);
        p[2] = DB_INT(v->stored_version);
        if (v->stored_version > 0 &&
            db_exec(db, v->version >= 0 ? &sql_setting_set : &sql_setting_put,
                    p, v->version >= 0 ? 3 : 2, &n) != 0)
            return -1;
        if (v->stored_version > 0 && n == 0) {
            v->conflict = 1;
            in->conflicts++;
            continue;
        }
        if (v->stored_version == 0) {
            p[0] = DB_TEXT(settings[k].name);
            p[1] = DB_TEXT(v->value);
            if (db_exec(db, &sql_setting_add, p, 2, NULL) != 0) {
                if (db_last_error(db)->cls != DB_ERR_UNIQUE)
                    return -1;
                v->conflict = 1; /* added by someone else meanwhile */
                in->conflicts++;
                return 1;
            }
        }
        audit_diff(&d, settings[k].name, v->stored, v->value);
    }
    if (in->conflicts > 0)
        return 1;
    if (d.len == 0)
        return 0;
    return audit_write(c, "setting", 0, "update", d.buf);
}

/* POST /admin/settings: only the settings whose field was submitted are
 * considered, and only changed ones are written, each checked against
 * the version it was read at (when the form sends it). */
int
admin_settings_save(struct ctx *c)
{
    struct settings_in in;

    memset(&in, 0, sizeof(in));
    in.c = c;
    for (size_t k = 0; k < N_SETTINGS; k++) {
        const struct setting_def *s = &settings[k];
        struct setting_val *v = &in.v[k];

        v->given = req_field(c->req, s->name) != NULL;
        v->version = -1;
        form_int(c, s->vname, 0, 0, INT32_MAX, &v->version);
        if (!v->given)
            continue;
        if (s->kind == SK_ENUM) {
            v->value = form_enum(c, s->name, 0, s->choices);
        } else if (s->kind == SK_INT) {
            int64_t n;

            if (form_int(c, s->name, 0, 1, s->max, &n) == 0 &&
                param_text(c->req, s->name) != NULL)
                v->value = arena_printf(c->a, "%lld", (long long)n);
        } else {
            v->value = form_text(c, s->name, 0, s->max);
            if (v->value != NULL && s->check != NULL) {
                const char *why = s->check(c->a, &v->value);

                if (why != NULL)
                    form_error(c, s->name, "bad_value", why);
            }
        }
        if (v->value == NULL) /* echo what was typed */
            v->value = param_text(c->req, s->name);
    }
    if (!form_ok(c)) {
        struct settings_in cur;

        memset(&cur, 0, sizeof(cur));
        if (settings_read(c, &cur) != 0)
            return ctx_db_fail(c);
        for (size_t k = 0; k < N_SETTINGS; k++) {
            in.v[k].stored = cur.v[k].stored;
            in.v[k].stored_version = cur.v[k].stored_version;
        }
        settings_page(c, &in, 1);
        return 0;
    }
    if (db_uow(c->db, settings_tx, &in) != 0) {
        if (in.conflicts == 0)
            return ctx_db_fail(c);
        if (settings_read(c, &in) != 0) /* the values to show beside */
            return ctx_db_fail(c);
        c->status = 409;
        ctx_message(c, "error", "conflict", NULL,
                    "someone else changed some settings meanwhile; their "
                    "values are shown beside yours");
        settings_page(c, &in, 1);
        return 0;
    }
    return ctx_redirect(c, "/admin/settings");
}
