/*
 * route.c - matching paths against the modules' static tables and checking
 * parameters (see route.h).  Tables are small (tens of routes); a linear
 * walk over segment-compared patterns costs well under a microsecond.
 */
#include "route.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "utf8.h"

size_t
route_count(void)
{
    size_t n = 0;

    for (size_t m = 0; m < qudao_n_modules; m++)
        n += qudao_modules[m]->n_routes;
    return n;
}

const struct route *
route_at(size_t i)
{
    for (size_t m = 0; m < qudao_n_modules; m++) {
        if (i < qudao_modules[m]->n_routes)
            return &qudao_modules[m]->routes[i];
        i -= qudao_modules[m]->n_routes;
    }
    return NULL;
}

size_t
route_index(const struct route *rt)
{
    size_t base = 0;

    for (size_t m = 0; m < qudao_n_modules; m++) {
        const struct module *mod = qudao_modules[m];

        if (rt >= mod->routes && rt < mod->routes + mod->n_routes)
            return base + (size_t)(rt - mod->routes);
        base += mod->n_routes;
    }
    return 0;
}

/*
 * Does path match pattern?  "{name}" matches one non-empty segment; the
 * arguments go into r (when r is not NULL).
 */
static int
match(const char *pattern, const char *path, struct req *r)
{
    const char *p = pattern, *s = path;
    size_t n_args = 0;

    while (*p != '\0' && *s != '\0') {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *se = strchr(s, '/');

            if (pe == NULL)
                return 0;
            if (se == NULL)
                se = s + strlen(s);
            if (se == s || n_args >= REQ_MAX_ARGS)
                return 0;
            if (r != NULL) {
                r->arg_names[n_args] =
                    arena_strndup(r->a, p + 1, (size_t)(pe - p - 1));
                r->arg_values[n_args] =
                    arena_strndup(r->a, s, (size_t)(se - s));
            }
            n_args++;
            p = pe + 1;
            s = se;
        } else if (*p == *s) {
            p++, s++;
        } else {
            return 0;
        }
    }
    if (*p != '\0' || *s != '\0')
        return 0;
    if (r != NULL)
        r->n_args = n_args;
    return 1;
}

int
route_find(struct req *r, int method, const struct route **out, int *allowed)
{
    int want = method == REQ_HEAD ? REQ_GET : method;

    *allowed = 0;
    for (size_t m = 0; m < qudao_n_modules; m++) {
        const struct module *mod = qudao_modules[m];

        for (size_t i = 0; i < mod->n_routes; i++) {
            const struct route *rt = &mod->routes[i];

            if (!match(rt->pattern, r->path, NULL))
                continue;
            if (rt->methods & want) {
                match(rt->pattern, r->path, r);
                *out = rt;
                return 0;
            }
            *allowed |= rt->methods;
        }
    }
    return *allowed ? 405 : 404;
}

static const struct param_spec *
find_spec(const struct route *rt, const char *name)
{
    if (rt->params == NULL)
        return NULL;
    for (const struct param_spec *ps = rt->params; ps->name != NULL; ps++)
        if (strcmp(ps->name, name) == 0)
            return ps;
    return NULL;
}

/* Check one value against its declaration. */
static int
check_value(struct req *r, const struct param_spec *ps,
            const struct req_field *f)
{
    const char *v = f->value;

    switch (ps->type) {
    case P_INT: {
        char *end;
        long long n;

        if (*v == '\0')
            return 0; /* empty means absent */
        if (!(*v == '-' || (*v >= '0' && *v <= '9')))
            return req_fail(
                r, 400, "bad_param",
                arena_printf(r->a, "%s: not a whole number", ps->name));
        errno = 0;
        n = strtoll(v, &end, 10);
        if (errno != 0 || *end != '\0' || n < ps->min || n > ps->max)
            return req_fail(r, 400, "bad_param",
                            arena_printf(r->a,
                                         "%s: not a whole number "
                                         "between %lld and %lld",
                                         ps->name, ps->min, ps->max));
        return 0;
    }
    case P_TEXT: {
        size_t chars;
        int flags = ps->flags & P_MULTILINE ? UTF8_MULTILINE : 0;

        if (utf8_check(v, f->len, flags, &chars) != 0)
            return req_fail(r, 400, "bad_param",
                            arena_printf(r->a,
                                         "%s: line breaks or control "
                                         "characters are not allowed",
                                         ps->name));
        if ((long long)chars > ps->max)
            return req_fail(r, 400, "bad_param",
                            arena_printf(r->a, "%s: at most %lld characters",
                                         ps->name, ps->max));
        return 0;
    }
    case P_ENUM:
        if (*v == '\0')
            return 0;
        for (const char *const *c = ps->choices; *c != NULL; c++)
            if (strcmp(*c, v) == 0)
                return 0;
        return req_fail(r, 400, "bad_param",
                        arena_printf(r->a,
                                     "%s: not one of the allowed "
                                     "values",
                                     ps->name));
    case P_MONEY: {
        int64_t fen;

        if (*v == '\0' || money_parse(v, &fen) == 0)
            return 0;
        return req_fail(r, 400, "bad_param",
                        arena_printf(r->a, "%s: not an amount", ps->name));
    }
    }
    return 0;
}

int
route_check_params(const struct route *rt, struct req *r)
{
    for (size_t i = 0; i < r->n_fields; i++) {
        const struct req_field *f = &r->fields[i];
        const struct param_spec *ps = find_spec(rt, f->name);

        if (ps == NULL) {
            /* the CSRF token rides on every unsafe form */
            if (strcmp(f->name, "csrf") == 0 && f->from_body)
                continue;
            return req_fail(
                r, 400, "bad_param",
                arena_printf(r->a, "unknown parameter: %s", f->name));
        }
        if (!(ps->flags & P_LIST))
            for (size_t j = 0; j < i; j++)
                if (strcmp(r->fields[j].name, f->name) == 0)
                    return req_fail(
                        r, 400, "bad_param",
                        arena_printf(r->a, "%s: given twice", f->name));
        if (check_value(r, ps, f) != 0)
            return -1;
    }
    return 0;
}

int64_t
param_int(const struct req *r, const char *name, int64_t dflt)
{
    const struct req_field *f = req_field(r, name);

    if (f == NULL || f->value[0] == '\0')
        return dflt;
    return strtoll(f->value, NULL, 10);
}

const char *
param_text(const struct req *r, const char *name)
{
    const struct req_field *f = req_field(r, name);

    return f == NULL || f->value[0] == '\0' ? NULL : f->value;
}

int64_t
route_arg_id(const struct req *r, const char *name)
{
    const char *v = req_arg(r, name);
    int64_t n = 0;

    if (v == NULL || *v == '\0' || strlen(v) > 18)
        return -1;
    for (const char *p = v; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (*p - '0');
    }
    return n > 0 ? n : -1;
}
