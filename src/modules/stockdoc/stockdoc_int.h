/*
 * stockdoc_int.h - what the files of src/modules/stockdoc/ share and
 * nothing else sees.  The module:
 *
 * stockdoc - stock documents (issue 6, M4 出入库): receipts (入库),
 * issues (出库), damage (残损), customer returns (退货) and transfers
 * between warehouses (移库调拨); their list, print view and XML import,
 * and the goods in transit (在途).
 *
 * Pages:  GET  /stock/docs               every kind of document in scope:
 *                                        kind, status, warehouse, dates,
 *                                        number/ref; sort; page; CSV; the
 *                                        .xml is the feed of documents
 *         GET  /stock/docs/new?kind=K    the form; POST creates a draft
 *         GET  /stock/docs/import        the upload form; POST imports
 *                                        drafts (a file, or an
 *                                        application/xml body with an API
 *                                        key), schema/xsd/stockdoc-import.xsd
 *         GET  /stock/docs/{id}          one document: lines, the moves it
 *                                        wrote, its history
 *         GET  /stock/docs/{id}/edit     drafts; POST saves (version)
 *         GET  /stock/docs/{id}/print    laid out for paper
 *         POST /stock/docs/{id}/post     draft -> posted (the moves), or
 *                                        -> pending (damage above the
 *                                        setting stock.damage_approval)
 *         POST /stock/docs/{id}/approve  pending -> posted (the moves)
 *         POST /stock/docs/{id}/reject   pending -> draft
 *         POST /stock/docs/{id}/cancel   draft -> cancelled
 *         POST /stock/docs/{id}/ship     a transfer: draft -> shipped
 *         GET  /stock/docs/{id}/receive  its form; POST shipped -> received
 *         GET  /stock/transit            goods in transit per warehouse
 * Tables: stock_doc, stock_doc_line (written here); stock_move,
 *         stock_balance and warehouse only through stock.h; product,
 *         party, qd_user read; audit_log written ("stock_doc").
 * Style:  xsl/stockdoc.xsl; text in xsl/i18n/<lang>/stockdoc.xml;
 *         documents in schema/xsd/stockdoc.xsd.
 *
 * Kinds here: receipt (RK; reason purchase, production, other), issue
 * (CK; sale, sample, internal, other), damage (BS; broken, expired, lost,
 * other; lines carry a unit value, by default the product's list price),
 * return (TH; a customer party, and per line the condition: sellable or
 * damaged), transfer (DB; from a warehouse to another).  Stocktakes and
 * sell-through are other modules' documents: the list shows them and
 * links to their pages, every action here refuses them.
 *
 * Scope (SECURITY.md class 1): a warehouse is seen when
 * SCOPE_PARTY_SQL(unit, party) holds; a document when its warehouse or,
 * for a transfer, its destination is seen; for HTML, XML, CSV and print
 * alike.  Acting on a document needs its warehouse in the scope (its
 * destination, to receive a transfer), else 404 as for a missing one.
 * The destination of a transfer may be any active warehouse of the
 * company: a branch sends to headquarters, to another branch or to a
 * consignment warehouse whose stock it does not see; only those who see
 * the destination receive the goods.
 *
 * Writes (PORTABILITY.md item 9): each is one unit of work whose first
 * statement is a write -- the INSERT of a new document, or the guarded
 * UPDATE of its status and version -- with the audit row in the same
 * transaction.  Posting: the transition first, then stock_lock() of the
 * warehouse(s) in increasing id order, then the moves of all the lines at
 * once (stock_post_lines: a fixed number of statements, in increasing
 * product id), then the audit; any refusal of the ledger (short, frozen,
 * closed, closed period) rolls all of it back and answers 409 naming the
 * line and product.  A new document's id is
 * handed out with its form (a hidden token), so the same form submitted
 * twice creates one draft; a second post of the same version finds the
 * document already moved on and changes nothing.
 *
 * Transfers: shipping moves on_hand -qty at the source and in_transit
 * +qty at the destination (kind transfer_out, dated the document's date);
 * receiving moves in_transit -qty and on_hand +received at the
 * destination (transfer_in, dated the day of receipt).  What did not
 * arrive stays on the line (qty_done, reason): the transit loss, written
 * before the moves, which read it.
 *
 * Files:  stockdoc_int.h  what the files share and nothing else sees:
 *                         the types, the columns of a document, the
 *                         functions used across files
 *         doc.c           the kinds and their reasons, small helpers, the
 *                         warehouses and a document in the scope (its
 *                         row and its lines)
 *         show.c          a document as XML: its page and the print view
 *         list.c          the list of documents and the goods in transit,
 *                         with their CSV (and the .xml feed)
 *         form.c          new and edit: the form, its checks and the
 *                         write of a document (sd_doc_write, which the
 *                         import uses too)
 *         act.c           post, approve, reject, cancel, ship, receive:
 *                         the guarded transitions and the moves they post
 *         import.c        the XML import
 *         routes.c        the parameters, the route table and
 *                         stockdoc_module
 */
#ifndef QUDAO_STOCKDOC_INT_H
#define QUDAO_STOCKDOC_INT_H

#include <stdint.h>
#include <time.h>

#include <libxml/tree.h>

#include "../../core/scope.h"
#include "../../db/db.h"

struct ctx;

/* Results of a unit of work besides 0, -1 and enum stock_result. */
enum sd_uow { SD_CONFLICT = 100, SD_DUPLICATE };

/* The scope of a statement's warehouse (w) and destination (dw). */
#define SCOPE_W  SCOPE_PARTY_SQL("w.unit_id", "w.party_id")
#define SCOPE_DW SCOPE_PARTY_SQL("dw.unit_id", "dw.party_id")

/* The columns of the warehouse statements (doc.c, sd_wh_find). */
enum { W_ID, W_CODE, W_NAME, W_KIND, W_STATUS };

/* The columns of sql_doc_get (doc.c), struct doc's row. */
enum {
    D_ID,
    D_NO,
    D_KIND,
    D_STATUS,
    D_ON,
    D_WH,
    D_WH_CODE,
    D_WH_NAME,
    D_DEST,
    D_DEST_CODE,
    D_DEST_NAME,
    D_PARTY,
    D_PARTY_CODE,
    D_PARTY_NAME,
    D_REASON,
    D_REF,
    D_NOTE,
    D_AMOUNT,
    D_CREATED,
    D_CREATED_BY,
    D_POSTED,
    D_POSTED_BY,
    D_RECEIVED,
    D_RECEIVED_BY,
    D_VERSION,
    D_IN_A,
    D_IN_B
};

/* A kind of document handled here (the table is in doc.c). */
struct kind_def {
    const char *kind, *prefix;
    const char *const *reasons; /* NULL: the kind has none */
    unsigned line_flags;        /* stocklines.h */
};

/* A document as read for the pages and the actions. */
struct doc {
    struct db_rows r; /* sql_doc_get, one row */
    int64_t id, wh, dest, version;
    const char *kind, *status, *doc_on, *doc_no;
    int in_a, in_b; /* its warehouse, its destination in the scope */
};

/* One line of a document. */
struct doc_line {
    int line_no;
    int64_t product_id, qty;
    int64_t qty_done, price; /* -1: NULL */
    const char *code, *name, *unit, *cond, *reason, *note;
};

/* What a form (or an import record) makes of a document. */
struct doc_form {
    struct ctx *c;
    int64_t id, version; /* the new document's id, or the one edited */
    const struct kind_def *kd;
    const char *doc_no, *doc_on, *reason, *ref_no, *note;
    int64_t wh, dest, party;
    const char *wh_label, *dest_label, *party_label;
    struct doc_line *lines;
    int n_lines;
    int64_t amount; /* damage: the value; else -1 */
    const char *action, *detail;
    time_t now;
};

/* The values of the list pages' parameters (list.c), of the messages
 * after an action (show.c) and of the reasons of a transit loss (act.c);
 * the route table checks the parameters against them. */
extern const char *const sd_list_sorts[];
extern const char *const sd_transit_sorts[];
extern const char *const sd_dones[];
extern const char *const sd_loss_reasons[];

/* The functions used across files, by the file that defines them; the
 * handlers (sd_doc_show ...) are those of the route table (routes.c). */

/* doc.c */
const struct kind_def *sd_kind_def(const char *kind);
void sd_scope_params(struct ctx *c, struct db_param *p, int n_pairs);
const char *sd_plain(struct ctx *c, int64_t fen);
int64_t sd_user_id(const struct ctx *c);
int64_t sd_damage_threshold(void);
int sd_wh_find(struct ctx *c, int scoped, int64_t id, const char *code,
               struct db_rows *r);
int sd_wh_options(struct ctx *c, xmlNodePtr parent, const char *elem,
                  int scoped);
int sd_doc_find(struct ctx *c, int64_t id, struct doc *d);
int sd_lines_load(struct ctx *c, int64_t id, struct doc_line **out);

/* show.c */
void sd_doc_attrs(struct ctx *c, xmlNodePtr n, const struct doc *d);
void sd_lines_xml(xmlNodePtr n, const struct doc_line *l, int n_lines,
                  int transfer);
int sd_doc_page(struct ctx *c, int64_t id, const char *elem);
int sd_doc_show(struct ctx *c);
int sd_doc_print(struct ctx *c);

/* list.c */
int sd_doc_list(struct ctx *c);
int sd_transit_list(struct ctx *c);

/* form.c */
int sd_doc_write(struct db *db, struct doc_form *f);
int sd_doc_new(struct ctx *c);
int sd_doc_create(struct ctx *c);
int sd_doc_edit(struct ctx *c);
int sd_doc_save(struct ctx *c);

/* act.c */
int sd_doc_post(struct ctx *c);
int sd_doc_approve(struct ctx *c);
int sd_doc_reject(struct ctx *c);
int sd_doc_cancel(struct ctx *c);
int sd_doc_ship(struct ctx *c);
int sd_doc_receive_form(struct ctx *c);
int sd_doc_receive(struct ctx *c);

/* import.c */
int sd_imp_form(struct ctx *c);
int sd_imp_post(struct ctx *c);

#endif /* QUDAO_STOCKDOC_INT_H */
