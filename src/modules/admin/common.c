/*
 * common.c - the small helpers the pages of the admin module share:
 * ending a unit of work on a problem, comparisons, sorted string sets,
 * the list fields and codes of the forms, the entries of the audit trail
 * and the paging numbers of a list.  See admin_int.h.
 */
#include <stdlib.h>
#include <string.h>

#include "admin_int.h"

#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

/* ---- small helpers ------------------------------------------------------ */

/* Record a problem and end the unit of work with a rollback. */
int
admin_stop(enum problem *pb, enum problem what)
{
    *pb = what;
    return 1;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
admin_cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

/* Sort and drop duplicates. */
void
admin_strset_finish(struct strset *s)
{
    size_t k = 0;

    if (s->n == 0)
        return;
    qsort(s->v, s->n, sizeof(*s->v), cmp_str);
    for (size_t i = 1; i < s->n; i++)
        if (strcmp(s->v[i], s->v[k]) != 0)
            s->v[++k] = s->v[i];
    s->n = k + 1;
}

int
admin_strset_has(const struct strset *s, const char *x)
{
    return s->n > 0 && bsearch(&x, s->v, s->n, sizeof(*s->v), cmp_str) != NULL;
}

/* "a, b, c" */
const char *
admin_strset_join(struct arena *a, const struct strset *s)
{
    struct sbuf b;

    sbuf_init(&b, a, 64);
    for (size_t i = 0; i < s->n; i++) {
        if (i > 0)
            sbuf_adds(&b, ", ");
        sbuf_adds(&b, s->v[i]);
    }
    return b.buf;
}

/* Every value of the list field name, non-empty ones only (the route's
 * table has checked each already). */
void
admin_form_list(struct ctx *c, const char *name, struct strset *out)
{
    const struct req *r = c->req;

    out->v = arena_alloc(c->a, (r->n_fields + 1) * sizeof(*out->v));
    out->n = 0;
    for (size_t i = 0; i < r->n_fields; i++)
        if (strcmp(r->fields[i].name, name) == 0 &&
            r->fields[i].value[0] != '\0')
            out->v[out->n++] = r->fields[i].value;
}

/* The role ids of the list field "role": distinct, sorted; refuses more
 * than ADMIN_MAX_ROLES.  In the arena. */
void
admin_form_role_ids(struct ctx *c, int64_t **ids, size_t *n)
{
    struct strset s;
    size_t k = 0;

    admin_form_list(c, "role", &s);
    *ids = arena_alloc(c->a, (s.n + 1) * sizeof(**ids));
    if (s.n > ADMIN_MAX_ROLES) {
        form_error(c, "role", "too_many", "too many roles");
        *n = 0;
        return;
    }
    for (size_t i = 0; i < s.n; i++)
        (*ids)[k++] = strtoll(s.v[i], NULL, 10);
    qsort(*ids, k, sizeof(**ids), admin_cmp_id);
    *n = 0;
    for (size_t i = 0; i < k; i++)
        if (i == 0 || (*ids)[i] != (*ids)[i - 1])
            (*ids)[(*n)++] = (*ids)[i];
}

int
admin_has_id(const int64_t *ids, size_t n, int64_t id)
{
    return n > 0 && bsearch(&id, ids, n, sizeof(*ids), admin_cmp_id) != NULL;
}

/* s holds only characters of set and is not empty. */
int
admin_only_chars(const char *s, const char *set)
{
    return s != NULL && *s != '\0' && strspn(s, set) == strlen(s);
}

/* A login or role code: lower-cased, [a-z0-9._-], starting with a letter
 * or digit.  NULL (and the field refused) when it is not one. */
const char *
admin_form_code(struct ctx *c, const char *field, long max)
{
    const char *v = form_text(c, field, FORM_REQUIRED, max);
    char *low;

    if (v == NULL)
        return NULL;
    low = text_lower_ascii(c->a, v);
    if (!admin_only_chars(low, LOWER_DIGITS "._-") ||
        strchr(LOWER_DIGITS, low[0]) == NULL) {
        form_error(c, field, "bad_code",
                   "letters a-z, digits, '.', '_' and '-' only, "
                   "starting with a letter or digit");
        return NULL;
    }
    return low;
}

/* <entry> rows of the audit trail: columns id, at, user_id, login, addr,
 * [entity, entity_id,] action, detail. */
void
admin_put_entry(struct ctx *c, xmlNodePtr parent, const struct db_rows *r,
                size_t i, int with_entity)
{
    xmlNodePtr n = xd_elem(parent, "entry");
    size_t k = with_entity ? 7 : 5;

    xd_attr(n, "id", db_cell(r, i, 0));
    xd_attr(n, "at", text_iso_ts(c->a, db_cell(r, i, 1)));
    xd_attr(n, "user-id", db_cell(r, i, 2));
    xd_attr(n, "user-login", db_cell(r, i, 3));
    xd_attr(n, "addr", db_cell(r, i, 4));
    if (with_entity) {
        xd_attr(n, "entity", db_cell(r, i, 5));
        xd_attr(n, "entity-id", db_cell(r, i, 6));
    }
    xd_attr(n, "action", db_cell(r, i, k));
    xd_attr(n, "detail", db_cell(r, i, k + 1));
}

/* Paging numbers of a list element. */
void
admin_put_paging(xmlNodePtr list, int64_t page, int64_t pages, int64_t total,
                 size_t n_rows)
{
    page_attrs(list, page, pages, total, ADMIN_PAGE, n_rows);
}
