/*
 * stockcount_int.h - stocktaking (盘点) and the monthly period close (结存)
 * of the inventory (issue 6): what the files of src/modules/stockcount/
 * share.
 *
 * Pages:  GET  /stock/counts                 counts in scope: filter by
 *                                            warehouse, status, dates,
 *                                            number; sort, page, CSV
 *         GET  /stock/counts/new             form; POST opens a count
 *         GET  /stock/counts/{id}            the count, its lines (filter,
 *                                            sort, page, CSV), its history
 *         GET  /stock/counts/{id}/sheet      the count sheet for paper
 *                                            (blind=1, the default, leaves
 *                                            the book quantities out)
 *         GET  /stock/counts/{id}/enter      form; POST saves counted
 *                                            quantities ("CODE QTY" lines)
 *         GET  /stock/counts/{id}/variance   counted against book per line,
 *                                            in units and in value, CSV
 *         POST /stock/counts/{id}/post       books the variances
 *         POST /stock/counts/{id}/cancel     drops the count
 *         GET  /stock/periods                closed months per warehouse,
 *                                            CSV; POST closes a month
 *         GET  /stock/periods/{id}/{YYYY-MM} a closed month's snapshot
 *                                            (warehouse id), CSV
 * Tables: stock_doc and stock_doc_line (kind 'count', number PD-...),
 *         stock_balance (frozen_by), stock_move through stock.h, warehouse
 *         (closed_through), stock_period, stock_period_bal; product,
 *         category, qd_user read; audit_log written.
 * Style:  xsl/stockcount.xsl; text in xsl/i18n/<lang>/stockcount.xml;
 *         documents in schema/xsd/stockcount.xsd.
 *
 * A count freezes what it counts (stock.h): opening it sets
 * stock_balance.frozen_by on one line per balance row of the warehouse
 * (of the category and its subcategories, when one is given), with the
 * on-hand quantity of that moment as the line's book_qty; every on-hand
 * move of another document on those rows is refused until the count is
 * posted or cancelled.  So at posting on hand still equals book_qty (it
 * is checked: a difference refuses the posting), and the variance booked
 * is counted - book_qty, one move of kind 'count' per line that differs,
 * dated with the count's date, all posted at once (stock_post_lines).
 * Goods found that are not on the sheet get a line of their own (reason
 * 'found') when they are entered: their balance row is frozen then
 * (created at zero when there is none) and their book quantity is the on
 * hand of that moment.
 *
 * Rules (refusals say which):
 *   - a count is dated today or earlier, never in a closed period, and
 *     not before an on-hand move of a product it counts (the variance
 *     would rewrite history that later moves were based on);
 *   - two open counts never share a balance row (409);
 *   - entering may be repeated: each save sets the counted quantity of the
 *     products it names and leaves the others as they were; the form
 *     carries the count's version, a stale form is refused (409);
 *   - posting needs stock.post (it changes the ledger like any posted
 *     document), opening, entering and cancelling stock.count: a role may
 *     count without being allowed to book; it is refused while lines are
 *     uncounted unless uncounted=zero says they were counted as zero; a
 *     counted quantity below what orders have reserved is refused (release
 *     the reservations first: the ledger's guard);
 *   - book quantities, variances and their values need stock.qty.
 *
 * Period close (结存): closing month M of warehouse W sets
 * warehouse.closed_through to M's last day (so stock_lock refuses any move
 * dated in M or before: STOCK_PERIOD_CLOSED), records stock_period (its
 * closed_on is that last day) and the snapshot stock_period_bal: the on
 * hand at the end of M per product, from the moves, for every product
 * with stock at that day or with an on-hand move during M (so a product
 * that ran out in M shows its zero).  Refused unless M ended at least one
 * whole day before today by the server's clock in UTC (a month can be
 * closed from the 2nd of the next month on, so the last day's late
 * postings have a full day), while a count of W is open, while an earlier
 * month of W with moves after the last close is not closed (close in
 * order; the first close may be any month, and a month without moves may
 * be skipped: its closing stock is the previous one's), and when M is
 * closed already.  A close is not undone: there is no reopening (a
 * correction is a new document dated in an open month).
 *
 * Scope: every page looks its warehouse up in the user's scope
 * (SCOPE_PARTY_SQL on the warehouse's unit and party); a count or a
 * warehouse outside it answers 404 like a missing one, in HTML, XML, CSV
 * and print alike, and the lists carry the scope in their WHERE.
 *
 * Writes run in one unit of work (db_uow) that starts with a write (the
 * warehouse taken with stock_lock, or a guarded UPDATE of the document or
 * the warehouse: PORTABILITY.md item 9) and writes the audit record in
 * the same transaction.  Double submission: the open form carries the new
 * count's id taken from the key table, so a second submission meets the
 * primary key and leads to the count already opened; posting and
 * cancelling twice find the count posted or cancelled and say so.
 *
 * Files:
 *   common.c  the helpers the pages share: today's date, the list query
 *             (q, sort, dir, paging), a warehouse or a count looked up in
 *             scope, the warehouse choices;
 *   list.c    GET /stock/counts: the counts in scope, and as CSV;
 *   show.c    a count's page and its lines (filter, sort, page, CSV), the
 *             count sheet for paper;
 *   form.c    opening a count (/new) and entering counted quantities
 *             (/enter), with their validation;
 *   post.c    the variance page, posting the variances and cancelling;
 *   period.c  the period close (/stock/periods) and a closed month's
 *             snapshot;
 *   routes.c  the parameters, the route table and stockcount_module.
 */
#ifndef QUDAO_STOCKCOUNT_INT_H
#define QUDAO_STOCKCOUNT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../db/db.h"

struct ctx;

/* Results of a unit of work besides 0 and -1; COUNT_STOCK + a stock.h
 * result for the ledger's refusals. */
enum count_uow {
    COUNT_CONFLICT = 100, /* the version or the state moved meanwhile */
    COUNT_DUPLICATE,      /* the open form was sent before */
    COUNT_FROZEN,         /* another open count holds a row */
    COUNT_LATE,           /* on-hand moves dated after the count's date */
    COUNT_TOO_MANY,       /* too many products to open one count */
    COUNT_UNCOUNTED,      /* lines not counted, and not taken as zero */
    COUNT_BOOK_CHANGED,   /* on hand is not the book quantity (a bug) */
    COUNT_OPEN,           /* a count of the warehouse is open */
    COUNT_ORDER,          /* an earlier month with moves is not closed */
    COUNT_STOCK = 200
};

/* SQL pieces of the statements of several files: the warehouse w in the
 * user's scope (two parameters, scope_unit and scope_party), and the
 * escape of a LIKE pattern made by text_like. */
#define WH_SCOPE SCOPE_PARTY_SQL("w.unit_id", "w.party_id")
#define LIKE_ESC " ESCAPE '" TEXT_LIKE_ESCAPE "'"

/* The columns of sql_count_get (common.c): a count as sc_find_count reads
 * it. */
enum {
    K_ID,
    K_NO,
    K_STATUS,
    K_WH,
    K_WH_CODE,
    K_WH_NAME,
    K_ON,
    K_CAT,
    K_CAT_CODE,
    K_CAT_NAME,
    K_NOTE,
    K_VERSION,
    K_CREATED_AT,
    K_CREATED_BY,
    K_POSTED_AT,
    K_POSTED_BY,
    K_AMOUNT
};

/* What a list page was asked for: the search text (and its LIKE
 * pattern), the sort key and the direction. */
struct list_ask {
    const char *q, *like, *sort;
    int desc;
};

/* Values of the query parameters (routes.c), shared with the pages that
 * pick a statement or a message by them. */
extern const char *const sc_list_sorts[];
extern const char *const sc_line_sorts[];
extern const char *const sc_snap_sorts[];
extern const char *const sc_period_sorts[];
extern const char *const sc_dones[];

/* ---- common.c (each function's contract is at its definition) ------- */

void sc_list_ask(struct ctx *c, const char *dflt, int dflt_desc,
                 struct list_ask *a);
const struct db_sql *sc_pick_sql(const char *const *keys,
                                 const struct db_sql *const (*table)[2],
                                 const struct list_ask *a);
int sc_list_page(struct ctx *c, xmlNodePtr n, const struct db_sql *count_sql,
                 const struct db_sql *list_sql, const struct db_param *p,
                 size_t np, const struct list_ask *a, struct db_rows *rows);
struct db_param sc_user_param(const struct ctx *c);
const char *sc_num(struct ctx *c, int64_t v);
int sc_find_wh(struct ctx *c, int64_t id, struct db_rows *r);
int sc_find_count(struct ctx *c, int64_t id, struct db_rows *k);
int sc_is_draft(const struct db_rows *k);
int sc_need_draft(struct ctx *c, const struct db_rows *k);
int sc_wh_options(struct ctx *c, xmlNodePtr n, int active_only);

/* ---- show.c: a count's page, also used by form.c and post.c -------- */

int sc_lines_page(struct ctx *c, xmlNodePtr n, const struct db_rows *k,
                  int book);
int sc_count_elem(struct ctx *c, const char *elem, const struct db_rows *k,
                  xmlNodePtr *out);

/* ---- the handlers of the route table (routes.c) ---------------------- */

int sc_counts_list(struct ctx *c);    /* list.c */
int sc_count_show(struct ctx *c);     /* show.c */
int sc_count_sheet(struct ctx *c);    /* show.c */
int sc_count_new(struct ctx *c);      /* form.c */
int sc_count_create(struct ctx *c);   /* form.c */
int sc_enter_new(struct ctx *c);      /* form.c */
int sc_enter_save(struct ctx *c);     /* form.c */
int sc_count_variance(struct ctx *c); /* post.c */
int sc_count_post(struct ctx *c);     /* post.c */
int sc_count_cancel(struct ctx *c);   /* post.c */
int sc_periods_list(struct ctx *c);   /* period.c */
int sc_period_close(struct ctx *c);   /* period.c */
int sc_period_show(struct ctx *c);    /* period.c */

#endif
