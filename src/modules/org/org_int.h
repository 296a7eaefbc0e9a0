/*
 * org_int.h - the sales organisation (M1): units, sales regions, staff.
 *
 * Pages:  GET  /org                        the unit tree under the user's unit
 *         GET  /org/units/{id}             one unit: path, children, staff,
 *                                          regions covered, audit history
 *         GET  /org/units/new?parent=ID    form; POST creates
 *         GET  /org/units/{id}/edit        form; POST saves (row version)
 *         GET  /org/units/{id}/move        form; POST moves the subtree
 *         POST /org/units/{id}/retire      retire (no staff, no active child)
 *         GET  /org/units/{id}/regions     form; POST sets the regions covered
 *         GET  /org/regions                the region tree (not scoped)
 *         GET  /org/regions/new            form; POST creates
 *         GET  /org/regions/{id}/edit      form; POST saves
 *         GET  /staff                      search, filter, sort, page
 *         GET  /staff/{id}                 one staff member and history
 *         GET  /staff/new, /staff/{id}/edit  forms; POST creates or saves
 * Tables: org_unit, org_closure, sales_region, region_closure,
 *         unit_region, staff (schema/0002-identity.xml); audit_log and
 *         qd_user are read for the history.
 * Style:  xsl/org.xsl; text in xsl/i18n/<lang>/org.xml; documents in
 *         schema/xsd/org.xsd.
 *
 * Scope (SECURITY.md class 1): every unit and staff row is read through
 * SCOPE_UNIT_SQL with scope_unit(c), in lists and fetches by id alike; a
 * row outside the scope is answered exactly like a missing one (404) and
 * logged by scope_denied().  The guarded UPDATEs carry the scope as well,
 * so a row that left the scope between the read and the write is not
 * written.  Sales regions are the company's geography and not scoped.
 *
 * Writes: each POST validates with the form_* getters (422 with the form
 * again, as typed), takes its ids before the transaction, and then runs
 * one unit of work (db_uow) that starts with its guarded UPDATE where
 * there is one (PORTABILITY.md item 9), checks the row count (0: a
 * version conflict, 409 with both values) and writes the audit record in
 * the same transaction.  The unique constraints decide "code taken"; the
 * look-up before the write only spares the log an error in the common
 * case.
 *
 * Trees are kept with closure tables (org_closure, region_closure) that
 * this module writes in the same transaction as the tree change.
 *
 * Files (src/modules/org/, each with a header comment of its own):
 *   org_int.h  this header: the limits, the results of a unit of work,
 *              the scope filters of the statements, what one file calls
 *              in another
 *   common.c   a unit of the scope fetched or picked in a form field, a
 *              code's uniqueness
 *   tree.c     the trees' display order, the unit and region option
 *              lists, GET /org and GET /org/regions
 *   unit.c     one unit's page, its new and edit forms and saves
 *   move.c     moving a unit's subtree, retiring a unit
 *   cover.c    the regions a unit covers (form and save)
 *   region.c   a sales region's new and edit forms and saves
 *   staff.c    the staff list, a member's page, forms and saves
 *   routes.c   the parameters, the route table, org_module
 */
#ifndef QUDAO_ORG_INT_H
#define QUDAO_ORG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../../core/ctx.h"
#include "../../core/scope.h"
#include "../../db/db.h"
#include "../orgpick.h"

#define ORG_STAFF_PAGE  50   /* staff per list page */
#define ORG_HISTORY     50   /* audit rows on a detail page */
#define ORG_MAX_COVERED 1000 /* regions one unit may cover */
/* What a parameter table lets through; the real limits are the form_*
 * checks (422 with the form again). */
#define ORG_FIELD_MAX 1000

/* Results of a unit of work besides 0 (done) and -1 (database error). */
enum org_uow {
    ORG_CONFLICT = 1, /* the row's version moved on (or it left the scope) */
    ORG_UNDER_SELF,   /* the new parent is in the moved subtree */
    ORG_GONE,         /* a referenced row vanished or was retired */
    ORG_BUSY          /* retire: staff or active child units appeared */
};

/* Staff that count as "in the unit": everyone who has not left. */
#define STAFF_PRESENT "s.status <> 'left'"

/* The scope filter (scope.h) on the unit column of each kind of row;
 * each takes one parameter, scope_unit(c). */
#define SCOPE_OF_U     SCOPE_UNIT_SQL("u.id")
#define SCOPE_OF_ID    SCOPE_UNIT_SQL("id")
#define SCOPE_OF_ANC   SCOPE_UNIT_SQL("c.ancestor_id")
#define SCOPE_OF_STAFF SCOPE_UNIT_SQL("s.unit_id")
#define SCOPE_OF_UNIT  SCOPE_UNIT_SQL("unit_id")

/* The staff list's choices (staff.c), which the parameter specs take as
 * well (routes.c). */
extern const char *const org_staff_statuses[];
extern const char *const org_staff_sorts[];

/* Each function's contract is in the comment above its definition. */

/* common.c */
int org_fetch_unit(struct ctx *c, int64_t id, struct db_rows *r);
int org_check_unique(struct ctx *c, const struct db_sql *sql, const char *field,
                     const char *value, int64_t own, const char *text);

/* tree.c */
int org_add_unit_options(struct ctx *c, xmlNodePtr parent, int64_t skip);
int org_add_region_options(struct ctx *c, xmlNodePtr parent, int64_t skip,
                           struct db_rows *out);
int org_region_rows(struct ctx *c, struct db_rows *r);

/* unit.c */
int org_unit_region_rows(struct ctx *c, int64_t unit, struct db_rows *r);
int org_unit_page(struct ctx *c, const struct db_rows *u);
void org_unit_values(xmlNodePtr n, const struct db_rows *u);
xmlNodePtr org_unit_form(struct ctx *c, const char *action,
                         const struct db_rows *u);
int org_unit_form_again(struct ctx *c, const char *action,
                        const struct db_rows *u, int64_t options,
                        xmlNodePtr *out);
int org_unit_conflict(struct ctx *c, const char *action, int64_t id);

/* The route handlers (routes.c): tree.c, unit.c, move.c, cover.c,
 * region.c, staff.c. */
int org_tree(struct ctx *c);
int org_regions(struct ctx *c);
int org_unit_show(struct ctx *c);
int org_unit_new(struct ctx *c);
int org_unit_create(struct ctx *c);
int org_unit_edit(struct ctx *c);
int org_unit_update(struct ctx *c);
int org_unit_move_form(struct ctx *c);
int org_unit_move(struct ctx *c);
int org_unit_retire(struct ctx *c);
int org_unit_regions_form(struct ctx *c);
int org_unit_regions(struct ctx *c);
int org_region_new(struct ctx *c);
int org_region_create(struct ctx *c);
int org_region_edit(struct ctx *c);
int org_region_update(struct ctx *c);
int org_staff_list(struct ctx *c);
int org_staff_show(struct ctx *c);
int org_staff_new(struct ctx *c);
int org_staff_create(struct ctx *c);
int org_staff_edit(struct ctx *c);
int org_staff_update(struct ctx *c);

#endif
