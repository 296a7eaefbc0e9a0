/*
 * orgpick.h - the organisation's units and the sales regions as choices:
 * the option lists of forms and filters, and the check of a unit or a
 * region picked in a form.  Shared by the modules whose records sit at a
 * unit or in a region (units and staff, parties, warehouses, and those to
 * come); the org module keeps its own tree-ordered option lists for
 * moving a unit (org/tree.c).
 *
 * Units are limited to the user's scope (scope.h): a unit outside it is
 * not offered, and picking one anyway reads as "no such unit".
 */
#ifndef QUDAO_ORGPICK_H
#define QUDAO_ORGPICK_H

#include <stdint.h>

#include <libxml/tree.h>

struct ctx;

/* <unit-option id depth code name status/> under parent for every unit of
 * the scope (depth below the scope's unit), by code.  0 or -1. */
int orgpick_unit_options(struct ctx *c, xmlNodePtr parent);

/* <region-option id kind code name/> under parent for every sales
 * region, by code.  0 or -1. */
int orgpick_region_options(struct ctx *c, xmlNodePtr parent);

/*
 * Read the required form field `field` as a unit of the scope (the parent
 * of a new unit, the target of a move, the unit of a staff member, a
 * party, a warehouse).  A unit that is not active is refused unless it is
 * keep (the record's unit now, so a record in a retired unit can still be
 * edited; 0: none).  0 with *id the unit and *label its "name (code)";
 * 1 after a form error (no_such_unit, unit_retired; an empty or malformed
 * field is form.c's) with *id 0 and *label NULL; -1 on a database error.
 */
int orgpick_form_unit(struct ctx *c, const char *field, int64_t keep,
                      int64_t *id, const char **label);

/* Read the optional form field `field` as a sales region: *id (0 when
 * empty, or after the form error no_such_region), *label.  0 or -1. */
int orgpick_form_region(struct ctx *c, const char *field, int64_t *id,
                        const char **label);

#endif
