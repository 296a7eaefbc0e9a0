/*
 * party_int.h - what the files of src/modules/party/ share and nothing
 * else sees.  The module:
 *
 * party - parties of the channel (MISSION M9, 客户管理): agents,
 * dealers and end customers, the channel tree, grades (issue 4).
 *
 * Pages:  GET  /parties                   search, filter, sort, page; .csv
 *         GET  /parties/{id}              one party: path, children,
 *                                         balances, grade history, audit
 *         GET  /parties/new               form; POST creates (status
 *                                         'applied', account, closure)
 *         GET  /parties/{id}/edit         form; POST saves (row version)
 *         GET  /parties/{id}/move         form; POST moves the subtree
 *         POST /parties/{id}/status       suspend, reactivate, retire
 *         POST /parties/{id}/grade        set the grade (grade history)
 *         GET  /grades                    the grades
 *         GET  /grades/new, /grades/{id}/edit  forms; POST creates, saves
 * Tables: party, party_closure, party_account, party_grade, grade_history
 *         (schema/0003-channel.xml); org_unit, org_closure, sales_region,
 *         region_closure, staff, audit_log and qd_user are read.
 * Style:  xsl/party.xsl; text in xsl/i18n/<lang>/party.xml; documents in
 *         schema/xsd/party.xsd.
 *
 * Scope (SECURITY.md class 1): every party row -- in lists, fetches by id,
 * the parent and path shown beside a party, and the guarded UPDATEs -- is
 * read through SCOPE_PARTY_SQL with scope_unit(c), scope_party(c).  Staff
 * see the parties serviced by their unit's subtree, channel users their
 * own subtree of the channel.  A foreign id is answered exactly like a
 * missing one (404) and logged by scope_denied().  Grades are the
 * company's price policy and not scoped (only grade.edit sees them).
 *
 * Writes follow org/: form_* validation (422 with the form as typed), ids
 * taken before the unit of work, which starts with its guarded UPDATE (or
 * the INSERT) (PORTABILITY.md item 9), checks the row count (0: a version
 * conflict, 409 with both values), and writes the audit record in the same
 * transaction.  party_closure is rewritten in the transaction that changes
 * party.parent_id.  Approving and rejecting applications is the
 * qualification module's; this one only suspends, reactivates and retires.
 *
 * Files:  party_int.h  what the files share and nothing else sees: the
 *                      results of a unit of work, the scope filters, the
 *                      columns of a party, the functions used across
 *                      files
 *         common.c     the look-up of party.h, one party of the scope
 *                      (party_fetch), the check that a code is free, an
 *                      optional reference as a parameter
 *         list.c       the list of parties and its CSV
 *         show.c       one party's page (party_page)
 *         form.c       new, edit and move: the forms, their checks and
 *                      the writes (party, account, closure)
 *         act.c        a party's status (suspend, reactivate, retire) and
 *                      its grade
 *         grade.c      the grades: list, forms and writes; the grade
 *                      options and one grade, which the party pages use
 *         routes.c     the parameters, the route table and party_module
 */
#ifndef QUDAO_PARTY_INT_H
#define QUDAO_PARTY_INT_H

#include <stdint.h>

#include <libxml/tree.h>

#include "../../core/scope.h"
#include "../../db/db.h"

struct ctx;

/* Results of a unit of work besides 0 (done) and -1 (database error). */
enum party_uow {
    PARTY_CONFLICT = 1, /* the row's version moved on (or it left the scope) */
    PARTY_UNDER_SELF,   /* the new parent is in the moved subtree */
    PARTY_GONE,         /* a referenced row vanished or was retired */
    PARTY_REFUSED       /* a status change whose conditions do not hold */
};

/* The kinds of a party (form.c) and the orders of the list (list.c),
 * which the parameter specs take as choices (routes.c). */
extern const char *const party_kinds[];
extern const char *const party_sorts[];

/* The scope filter (scope.h) on a party alias; two parameters each:
 * scope_unit(c), scope_party(c). */
#define SCOPE_OF_P  SCOPE_PARTY_SQL("p.unit_id", "p.id")
#define SCOPE_OF_PP SCOPE_PARTY_SQL("pp.unit_id", "pp.id")
#define SCOPE_OF_A  SCOPE_PARTY_SQL("a.unit_id", "a.id")
#define SCOPE_OF_CH SCOPE_PARTY_SQL("ch.unit_id", "ch.id")
#define SCOPE_OF_ID SCOPE_PARTY_SQL("unit_id", "id")

/* Columns of sql_party_get (common.c, party_fetch). */
enum pcol {
    PC_ID,
    PC_KIND,
    PC_CODE,
    PC_NAME,
    PC_SHORT,
    PC_PARENT,
    PC_PARENT_CODE,
    PC_PARENT_NAME,
    PC_UNIT,
    PC_UNIT_CODE,
    PC_UNIT_NAME,
    PC_REGION,
    PC_REGION_CODE,
    PC_REGION_NAME,
    PC_REP,
    PC_REP_EMP,
    PC_REP_NAME,
    PC_GRADE,
    PC_GRADE_CODE,
    PC_GRADE_NAME,
    PC_STATUS,
    PC_CONTACT,
    PC_PHONE,
    PC_EMAIL,
    PC_ADDRESS,
    PC_TAX,
    PC_BANK,
    PC_ACCOUNT,
    PC_NOTE,
    PC_CREATED,
    PC_UPDATED,
    PC_VERSION
};

/* The functions used across files, by the file that defines them; the
 * handlers (party_list ...) are those of the route table (routes.c). */

/* common.c */
int party_fetch(struct ctx *c, int64_t id, struct db_rows *r);
int party_check_unique(struct ctx *c, const struct db_sql *sql,
                       const char *field, const char *value, int64_t own);
struct db_param party_opt_id(int64_t v);

/* list.c */
int party_list(struct ctx *c);

/* show.c */
int party_page(struct ctx *c, const struct db_rows *r);
int party_show(struct ctx *c);

/* form.c */
int party_new(struct ctx *c);
int party_create(struct ctx *c);
int party_edit(struct ctx *c);
int party_update(struct ctx *c);
int party_move_form(struct ctx *c);
int party_move(struct ctx *c);

/* act.c */
int party_status(struct ctx *c);
int party_grade(struct ctx *c);

/* grade.c */
int party_fetch_grade(struct ctx *c, int64_t id, struct db_rows *r);
int party_add_grade_options(struct ctx *c, xmlNodePtr parent);
int party_grade_list(struct ctx *c);
int party_grade_new(struct ctx *c);
int party_grade_create(struct ctx *c);
int party_grade_edit(struct ctx *c);
int party_grade_update(struct ctx *c);

#endif /* QUDAO_PARTY_INT_H */
