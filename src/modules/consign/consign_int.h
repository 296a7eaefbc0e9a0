/*
 * consign_int.h - the consignment module (寄售/代销, issue 6): the
 * company's stock held in agents' consignment warehouses, and the
 * sell-through reports in which an agent says what it sold from them.
 *
 * Pages:  GET  /consignment[.csv]            consignment stock per agent in
 *                                            scope: warehouses, products,
 *                                            on hand, value, age (FIFO)
 *         GET  /consignment/reports[.csv]    sell-through reports: filter,
 *                                            sort, page
 *         GET  /consignment/reports/new      form; POST saves a draft
 *         GET  /consignment/reports/{id}     one report: lines, amounts, the
 *                                            ledger entry once posted
 *         GET  /consignment/reports/{id}/edit   form; POST saves (draft)
 *         POST /consignment/reports/{id}/submit the agent hands it in
 *                                            (draft -> pending)
 *         POST /consignment/reports/{id}/post   staff post it (-> posted)
 *         POST /consignment/reports/{id}/cancel (draft, pending ->
 *                                            cancelled)
 *         GET  /consignment/reports/{id}/print  laid out for paper
 * Tables: stock_doc (kind 'sellthru') and stock_doc_line written;
 *         stock_move, stock_balance, warehouse through stock.h; ledger_entry
 *         and party_account through ledger.h; product, party, org_unit,
 *         qd_user, user_scope read (schema/0007-inventory.xml).
 * Style:  xsl/consign.xsl; text in xsl/i18n/<lang>/consign.xml; documents
 *         in schema/xsd/consign.xsd.
 *
 * The stock in a consignment warehouse (warehouse.kind 'consignment',
 * party_id the agent) stays the company's until the agent reports it
 * sold.  Posting a report issues the goods from that warehouse (stock
 * move kind 'sellthru', on_hand -qty) and charges the agent (ledger entry
 * kind and bucket 'receivable', source_type 'sellthru', source_id the
 * report) in one unit of work: the guarded status transition first
 * (PORTABILITY.md item 9), then stock_lock and the moves of all the
 * lines at once (stock_post_lines, in increasing product id), the amount
 * recomputed from the lines, the ledger entry, the
 * review of the agent's overdue hold, the audit record.  Any refusal (not
 * enough stock, a stocktake, a closed period or warehouse, no account)
 * rolls all of it back and answers 409 naming the product.
 *
 * Who does what.  An agent's own users (permission consign.report, sitting
 * at the agent's party) write reports for their party's consignment
 * warehouses and hand them in; staff with stock.post write them for any
 * agent whose warehouse is in their scope, and post.  The agent never
 * posts its own report: it submits (draft -> pending) and staff confirm
 * it (pending -> posted), so goods and money leave the company's books
 * only on the word of someone of the company.  Staff may post a draft of
 * their own directly, but not an agent's draft that was not handed in.
 * Only staff may type a line's price; an agent's lines take the agent's
 * price from the pricing function (price_quote, on the report's date), so
 * an agent cannot lower what it owes (SECURITY.md class 9).
 *
 * The due date of the receivable is the report's date plus
 * CONS_DUE_DAYS: the schema has no payment terms per party (party has no
 * payment-days column and the only credit setting is
 * credit.overdue_days), so one term for every agent, here.
 *
 * Scope (SECURITY.md class 1): every read joins the warehouse and filters
 * with SCOPE_PARTY_SQL on its unit and party (staff: the unit in their
 * subtree; agents: their channel subtree), in HTML, XML, CSV and print
 * alike; a report of another scope answers 404 exactly like a missing
 * one.
 *
 * Writes: a new report's form takes a one-time id from the key table into
 * a hidden field and the draft is inserted with it, so a second
 * submission meets the primary key and changes nothing; edits and status
 * changes are guarded by the row's version (409 when stale).
 *
 * The consignment stock page values each warehouse and product at the
 * agent's unit price today (price_quote for one unit: what a report of
 * it would charge, before quantity breaks) and at the list price.  Its
 * age is FIFO: the on-hand quantity is made of the most recent inbound
 * on-hand moves into that warehouse; each part is as old as the move that
 * brought it.  Computed in C over one ordered cursor of those moves, then
 * sorted and paged in memory (the totals per agent cover every row).
 *
 * Files (each with a header comment of its own):
 *   consign_int.h  this header: the constants, the results of a unit of
 *                  work, a report's columns, what one file calls in
 *                  another
 *   common.c       who reports and who posts, finding a report in the
 *                  scope, amounts within MONEY_MAX, guarded UPDATEs
 *   list.c         GET /consignment and /consignment/reports (pages, XML,
 *                  CSV)
 *   show.c         one report's page and print view, and its lines
 *   form.c         the new and edit forms, their checks, the save
 *   act.c          submit, cancel and post (stock issued, agent charged)
 *   routes.c       the parameters, the route table, consign_module
 */
#ifndef QUDAO_CONSIGN_INT_H
#define QUDAO_CONSIGN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../../core/ctx.h"
#include "../../db/db.h"

#define CONS_PAGE     50   /* rows per list page */
#define CONS_PREFIX   "JS" /* document numbers: JS-YYYYMMDD-id (寄售) */
#define CONS_DUE_DAYS 30   /* the receivable falls due this much later */
#define CONS_NOTE     500
#define CONS_REF      40
#define CONS_HISTORY  50

#define PERM_REPORT "consign.report"
#define PERM_POST   "stock.post"

/* Results of a unit of work besides 0 and -1. */
enum cons_uow { CONS_CONFLICT = 100, CONS_DUPLICATE, CONS_REFUSED };

/* The orders of the two lists (list.c) and the messages of the show page
 * (show.c), which the parameter specs take as choices (routes.c). */
extern const char *const consign_stock_sorts[];
extern const char *const consign_report_sorts[];
extern const char *const consign_dones[];

/* The columns of a report as consign_find_doc reads it (sql_doc_get in
 * common.c); show.c gives them their attributes. */
/* clang-format off */
enum {
    D_ID, D_NO, D_STATUS, D_WH, D_WH_CODE, D_WH_NAME, D_PARTY, D_PARTY_CODE,
    D_PARTY_NAME, D_ON, D_REF, D_NOTE, D_AMOUNT, D_CREATED_AT, D_CREATED_BY,
    D_POSTED_AT, D_POSTED_BY, D_VERSION, D_UNIT_CODE, D_UNIT_NAME, D_BY_AGENT,
    D_ADDRESS, D_CONTACT, D_PHONE, D_WH_ADDRESS
};
/* clang-format on */

/* common.c */
int consign_add_amount(int64_t *sum, int64_t qty, int64_t price);
int consign_exec_guarded(struct db *db, const struct db_sql *sql,
                         const struct db_param *p, size_t np);
int consign_is_agent(const struct ctx *c);
int consign_is_poster(const struct ctx *c);
int consign_need_writer(struct ctx *c);
int consign_may_write(const struct ctx *c, const struct db_rows *d);
int consign_status_is(const struct db_rows *d, const char *status);
int consign_find_doc(struct ctx *c, int64_t id, struct db_rows *d);
int consign_find_writable(struct ctx *c, struct db_rows *d);

/* show.c */
int consign_doc_lines(struct ctx *c, int64_t id, struct db_rows *out);
int consign_doc_page(struct ctx *c, const struct db_rows *d, const char *elem,
                     int full);

/* The route handlers (routes.c): list.c, show.c, form.c, act.c. */
int consign_cs_list(struct ctx *c);
int consign_rp_list(struct ctx *c);
int consign_doc_show(struct ctx *c);
int consign_doc_print(struct ctx *c);
int consign_doc_new(struct ctx *c);
int consign_doc_create(struct ctx *c);
int consign_doc_edit(struct ctx *c);
int consign_doc_update(struct ctx *c);
int consign_doc_submit(struct ctx *c);
int consign_doc_cancel(struct ctx *c);
int consign_doc_post(struct ctx *c);

#endif
