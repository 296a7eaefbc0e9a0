/*
 * form.c - see form.h.  Messages are in English and short; stylesheets
 * show them next to the field, translated by their code when the catalog
 * has "form.<code>".
 */
#include "form.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "money.h"
#include "route.h"
#include "utf8.h"

void
form_error(struct ctx *c, const char *field, const char *code, const char *text)
{
    c->n_field_errors++;
    c->status = 422;
    ctx_message(c, "error", code, field, text);
}

int
form_ok(const struct ctx *c)
{
    return c->n_field_errors == 0;
}

/* The raw value, or NULL when absent or empty; "required" enforced. */
static const char *
raw(struct ctx *c, const char *name, unsigned flags)
{
    const struct req_field *f = req_field(c->req, name);

    if (f == NULL || f->value[0] == '\0') {
        if (flags & FORM_REQUIRED)
            form_error(c, name, "required", "this field is required");
        return NULL;
    }
    return f->value;
}

const char *
form_text(struct ctx *c, const char *name, unsigned flags, long max_chars)
{
    const char *v = raw(c, name, flags);
    size_t chars;
    int u = flags & FORM_MULTILINE ? UTF8_MULTILINE : 0;

    if (v == NULL)
        return NULL;
    if (utf8_check(v, strlen(v), u, &chars) != 0) {
        form_error(c, name, "bad_text",
                   "line breaks and control characters are not allowed");
        return NULL;
    }
    if ((long)chars > max_chars) {
        form_error(c, name, "too_long",
                   arena_printf(c->a, "at most %ld characters", max_chars));
        return NULL;
    }
    return v;
}

int
form_int(struct ctx *c, const char *name, unsigned flags, int64_t min,
         int64_t max, int64_t *out)
{
    const char *v = raw(c, name, flags);
    char *end;
    long long n;

    if (v == NULL)
        return (flags & FORM_REQUIRED) ? -1 : 0;
    errno = 0;
    n = strtoll(v, &end, 10);
    if (!(*v == '-' || (*v >= '0' && *v <= '9')) || errno != 0 ||
        *end != '\0' || n < min || n > max) {
        form_error(c, name, "bad_number",
                   arena_printf(c->a, "a whole number from %lld to %lld",
                                (long long)min, (long long)max));
        return -1;
    }
    *out = n;
    return 0;
}

const char *
form_enum(struct ctx *c, const char *name, unsigned flags,
          const char *const *choices)
{
    const char *v = raw(c, name, flags);

    if (v == NULL)
        return NULL;
    for (const char *const *p = choices; *p != NULL; p++)
        if (strcmp(*p, v) == 0)
            return *p;
    form_error(c, name, "bad_choice", "not one of the choices");
    return NULL;
}

const char *
form_date(struct ctx *c, const char *name, unsigned flags)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *v = raw(c, name, flags);
    int y, m, d;

    if (v == NULL)
        return NULL;
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' ||
        strspn(v, "0123456789-") != 10)
        goto bad;
    y = atoi(v), m = atoi(v + 5), d = atoi(v + 8);
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
        (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
        goto bad;
    return v;
bad:
    form_error(c, name, "bad_date", "a date as YYYY-MM-DD");
    return NULL;
}

int
form_money(struct ctx *c, const char *name, unsigned flags, int64_t *out)
{
    const char *v = raw(c, name, flags);

    if (v == NULL)
        return (flags & FORM_REQUIRED) ? -1 : 0;
    if (money_parse(v, out) != 0) {
        form_error(c, name, "bad_amount", "an amount such as 1234.50");
        return -1;
    }
    return 0;
}
