/* csv.c - see csv.h. */
#include "csv.h"

#include <string.h>

#include "arena.h"
#include "ctx.h"

void
csv_begin(struct ctx *c, const char *filename)
{
    c->raw_type = "text/csv; charset=utf-8";
    sbuf_init(&c->raw, c->a, 8192);
    sbuf_adds(&c->raw, "\xEF\xBB\xBF");
    c->csv_fields = 0;
    ctx_header(c, "Content-Disposition",
               arena_printf(c->a, "attachment; filename=\"%s\"", filename));
}

static void
sep(struct ctx *c)
{
    if (c->csv_fields++ > 0)
        sbuf_addc(&c->raw, ',');
}

void
csv_text(struct ctx *c, const char *v)
{
    sep(c);
    if (v == NULL || *v == '\0')
        return;
    if (strpbrk(v, ",\"\r\n") == NULL && strchr("=+-@\t\r", v[0]) == NULL) {
        sbuf_adds(&c->raw, v);
        return;
    }
    sbuf_addc(&c->raw, '"');
    if (strchr("=+-@\t\r", v[0]) != NULL)
        sbuf_addc(&c->raw, '\'');
    for (const char *p = v; *p != '\0'; p++) {
        if (*p == '"')
            sbuf_addc(&c->raw, '"');
        sbuf_addc(&c->raw, *p);
    }
    sbuf_addc(&c->raw, '"');
}

void
csv_num(struct ctx *c, const char *v)
{
    sep(c);
    if (v != NULL)
        sbuf_adds(&c->raw, v);
}

void
csv_row(struct ctx *c)
{
    sbuf_adds(&c->raw, "\r\n");
    c->csv_fields = 0;
}
