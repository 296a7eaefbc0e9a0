/*
 * page.h - the small pieces every module's pages are built from: the {id}
 * of the path, permission flags for the stylesheet, a refused form's
 * values echoed back, the 404 of a row outside the scope, the 409 of a
 * stale version, a record's audit history.  One definition each, so that
 * every module answers alike.
 */
#ifndef QUDAO_PAGE_H
#define QUDAO_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

struct ctx;

/* The path argument {id} as a positive id, or -1. */
int64_t page_id(struct ctx *c);

/* name="true" on n when the user holds perm (the page shows the link or
 * button; the server checks again). */
void page_can(struct ctx *c, xmlNodePtr n, const char *name, const char *perm);

/* Echo submitted fields back as attributes of n: pairs of field name and
 * attribute name, NULL-terminated.  What was typed, even when refused. */
void page_echo(struct ctx *c, xmlNodePtr n, const char *const *pairs);

/* "name (code)" for an audit detail; "" when code is NULL. */
const char *page_label(struct ctx *c, const char *code, const char *name);

/* The 404 of a row that is missing or outside the user's scope: the same
 * answer for both; a positive id's look-up is logged and audited
 * (scope_denied).  Returns -1. */
int page_not_found(struct ctx *c, const char *entity, int64_t id);

/* A 409: someone changed the record meanwhile (the handler puts both
 * versions on the page). */
void page_conflict(struct ctx *c);

/* A timestamp from the database as an ISO attribute (nothing when NULL). */
void page_ts(struct ctx *c, xmlNodePtr n, const char *name, const char *db_ts);
struct db_rows;
void page_ts_cell(struct ctx *c, xmlNodePtr n, const char *name,
                  const struct db_rows *r, size_t row, size_t col);

/* The audit trail of a record, newest first, at most `max` entries, as
 * <history><entry at action user-id login user-name detail/>*</history>
 * under parent.  Denied look-ups are left out (they would show who probed
 * the record).  0, or -1 on a database failure. */
int page_history(struct ctx *c, xmlNodePtr parent, const char *entity,
                 int64_t id, long max);

/*
 * One page of a list: count with count_sql (its params cp), clamp *page
 * to what exists (a page past the last shows the last; below 1, the
 * first), fetch that page's rows of list_sql (a DB_PAGED statement;
 * params lp) into *rows; *total and *pages set.  For the lists that put
 * their paging on the page themselves; page_list() does that too.  0,
 * or -1 with ctx_db_fail() done.
 */
struct db_sql;
struct db_param;
struct db_rows;
int page_rows(struct ctx *c, long per_page, int64_t *page, int64_t *total,
              int64_t *pages, const struct db_sql *count_sql,
              const struct db_param *cp, size_t n_cp,
              const struct db_sql *list_sql, const struct db_param *lp,
              size_t n_lp, struct db_rows *rows);

/* The paging attributes every list page carries: page, pages, total,
 * per-page, first and last (1-based numbers of the n_rows shown; 0 and
 * the offset when none). */
void page_attrs(xmlNodePtr n, int64_t page, int64_t pages, int64_t total,
                long per_page, size_t n_rows);

/*
 * A paged list: count with count_sql (its params cp), clamp the page
 * asked (parameter "page") to what exists, fetch that page's rows of
 * list_sql (a DB_PAGED statement; params lp) into *rows, and put on n the
 * attributes every list page carries: sort, dir ("asc" or "desc"), page,
 * pages, total, per-page, first and last (1-based numbers of the rows
 * shown; 0 and 0 when none).  0, or -1 with ctx_db_fail() done.
 */
int page_list(struct ctx *c, xmlNodePtr n, long per_page,
              const struct db_sql *count_sql, const struct db_param *cp,
              size_t n_cp, const struct db_sql *list_sql,
              const struct db_param *lp, size_t n_lp, const char *sort,
              int desc, struct db_rows *rows);

/*
 * The XML document an import request brings: an application/xml body
 * (an integrator with an API key), else the one file of the form field
 * "file", parsed with xmlin's rules and freed with the request.  NULL
 * when there is none or it is not well-formed: the 400 is answered.
 */
xmlDocPtr page_upload_xml(struct ctx *c);

#endif
