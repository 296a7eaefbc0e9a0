/*
 * tree.c - the two trees, units and sales regions: their display order,
 * the option lists the forms and filters take from them, and the pages
 * that show them (GET /org, GET /org/regions).  See org_int.h.
 */
#include <stdint.h>
#include <stdlib.h>

#include "org_int.h"

#include "../../core/page.h"
#include "../../core/xd.h"

/* The subtree under a unit (the scope root), one row per unit. */
DB_STATEMENT(sql_unit_tree, 0,
             "SELECT u.id, u.parent_id, u.kind, u.code, u.name, u.status,"
             " c.depth,"
             " (SELECT COUNT(*) FROM staff s"
             " WHERE s.unit_id = u.id AND " STAFF_PRESENT ")"
             " FROM org_closure c"
             " JOIN org_unit u ON u.id = c.descendant_id"
             " WHERE c.ancestor_id = ?"
             " ORDER BY u.code");

DB_STATEMENT(sql_region_all, 0,
             "SELECT r.id, r.parent_id, r.kind, r.code, r.name"
             " FROM sales_region r"
             " ORDER BY r.code");

/* A display order for the rows of a tree (see tree_order). */
struct tree {
    size_t n;     /* rows in the order */
    size_t *rows; /* row indexes, each right after its parent */
    int *depth;   /* depth below the roots (0) */
};

struct id_row {
    int64_t id;
    size_t row;
};

static int
cmp_id_row(const void *a, const void *b)
{
    const struct id_row *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Order the rows of a tree for display: every node right after its parent,
 * siblings in the order of the rows (the query's ORDER BY), so that a
 * stylesheet can indent by depth.  id_col and parent_col hold each row's
 * id and its parent's id; a row whose parent is not among the rows is a
 * root.  The subtree of `skip` (an id; 0 for none) is left out.  Each node
 * is emitted at most once, so a damaged tree cannot loop.  Arrays in the
 * arena.
 */
static void
tree_order(struct arena *a, const struct db_rows *r, size_t id_col,
           size_t parent_col, int64_t skip, struct tree *t)
{
    const size_t none = SIZE_MAX;
    size_t n = r->n_rows, m = n + 1; /* node n: the virtual root */
    struct id_row *ids = arena_alloc(a, m * sizeof(*ids));
    size_t *first = arena_alloc(a, m * sizeof(size_t));
    size_t *last = arena_alloc(a, m * sizeof(size_t));
    size_t *next = arena_alloc(a, m * sizeof(size_t));
    size_t *cursor = arena_alloc(a, m * sizeof(size_t));
    long d = 0;

    t->rows = arena_alloc(a, m * sizeof(size_t));
    t->depth = arena_alloc(a, m * sizeof(int));
    t->n = 0;
    for (size_t i = 0; i < m; i++)
        first[i] = last[i] = next[i] = none;
    for (size_t i = 0; i < n; i++) {
        ids[i].id = db_cell_int(r, i, id_col);
        ids[i].row = i;
    }
    qsort(ids, n, sizeof(*ids), cmp_id_row);
    for (size_t i = 0; i < n; i++) {
        struct id_row key = {db_cell_int(r, i, parent_col), 0}, *hit = NULL;
        size_t p = n;

        if (db_cell(r, i, parent_col) != NULL)
            hit = bsearch(&key, ids, n, sizeof(*ids), cmp_id_row);
        if (hit != NULL && hit->row != i)
            p = hit->row;
        if (last[p] == none)
            first[p] = i;
        else
            next[last[p]] = i;
        last[p] = i;
    }
    cursor[0] = first[n];
    while (d >= 0) {
        size_t i = cursor[d];

        if (i == none) {
            d--;
            continue;
        }
        cursor[d] = next[i];
        if (skip > 0 && db_cell_int(r, i, id_col) == skip)
            continue;
        t->rows[t->n] = i;
        t->depth[t->n] = (int)d;
        t->n++;
        if (first[i] != none && d + 1 < (long)m)
            cursor[++d] = first[i];
    }
}

/*
 * The units of the user's scope as <unit-option id depth code name
 * status/> children of parent, in tree order, leaving out the subtree of
 * skip (0: none).  0 or -1.
 */
int
org_add_unit_options(struct ctx *c, xmlNodePtr parent, int64_t skip)
{
    struct db_param p[1];
    struct db_rows r;
    struct tree t;

    p[0] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_tree, p, 1, 0, 0, &r) != 0)
        return -1;
    tree_order(c->a, &r, 0, 1, skip, &t);
    for (size_t k = 0; k < t.n; k++) {
        size_t i = t.rows[k];
        xmlNodePtr o = xd_elem(parent, "unit-option");

        xd_cell(o, "id", &r, i, 0);
        xd_attr_int(o, "depth", t.depth[k]);
        xd_cell(o, "code", &r, i, 3);
        xd_cell(o, "name", &r, i, 4);
        xd_cell(o, "status", &r, i, 5);
    }
    return 0;
}

/* Every region as <region-option id depth kind code name/>, tree order;
 * the rows are left in *out for the caller (may be NULL). */
int
org_add_region_options(struct ctx *c, xmlNodePtr parent, int64_t skip,
                       struct db_rows *out)
{
    struct db_rows r;
    struct tree t;

    if (db_query(c->db, c->a, &sql_region_all, NULL, 0, 0, 0, &r) != 0)
        return -1;
    tree_order(c->a, &r, 0, 1, skip, &t);
    for (size_t k = 0; k < t.n; k++) {
        size_t i = t.rows[k];
        xmlNodePtr o = xd_elem(parent, "region-option");

        xd_cell(o, "id", &r, i, 0);
        xd_attr_int(o, "depth", t.depth[k]);
        xd_cell(o, "kind", &r, i, 2);
        xd_cell(o, "code", &r, i, 3);
        xd_cell(o, "name", &r, i, 4);
    }
    if (out != NULL)
        *out = r;
    return 0;
}

/* Every region by code (sql_region_all: id, parent_id, kind, code, name)
 * into *r, for the regions a unit covers (cover.c).  0 or -1. */
int
org_region_rows(struct ctx *c, struct db_rows *r)
{
    return db_query(c->db, c->a, &sql_region_all, NULL, 0, 0, 0, r);
}

/* ==================================================================== */
/* GET /org, GET /org/regions                                           */
/* ==================================================================== */

/* GET /org */
int
org_tree(struct ctx *c)
{
    struct db_param p[1];
    struct db_rows r;
    struct tree t;
    xmlNodePtr tree;

    p[0] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_tree, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    tree_order(c->a, &r, 0, 1, 0, &t);
    tree = ctx_data(c, "org-tree");
    page_can(c, tree, "can-edit", "org.edit");
    for (size_t k = 0; k < t.n; k++) {
        size_t i = t.rows[k];
        xmlNodePtr u = xd_elem(tree, "unit");

        xd_cell(u, "id", &r, i, 0);
        /* the scope root's parent is outside the scope: not shown */
        if (t.depth[k] > 0)
            xd_cell(u, "parent-id", &r, i, 1);
        xd_cell(u, "depth", &r, i, 6);
        xd_cell(u, "kind", &r, i, 2);
        xd_cell(u, "code", &r, i, 3);
        xd_cell(u, "name", &r, i, 4);
        xd_cell(u, "status", &r, i, 5);
        xd_cell(u, "staff", &r, i, 7);
    }
    return 0;
}

/* GET /org/regions */
int
org_regions(struct ctx *c)
{
    struct db_rows r;
    struct tree t;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_region_all, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    tree_order(c->a, &r, 0, 1, 0, &t);
    list = ctx_data(c, "regions");
    page_can(c, list, "can-edit", "region.edit");
    for (size_t k = 0; k < t.n; k++) {
        size_t i = t.rows[k];
        xmlNodePtr n = xd_elem(list, "region");

        xd_cell(n, "id", &r, i, 0);
        xd_cell(n, "parent-id", &r, i, 1);
        xd_attr_int(n, "depth", t.depth[k]);
        xd_cell(n, "kind", &r, i, 2);
        xd_cell(n, "code", &r, i, 3);
        xd_cell(n, "name", &r, i, 4);
    }
    return 0;
}
