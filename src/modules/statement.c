/*
 * statement.c - receivables ageing and customer statements (对账, issue 4).
 *
 * Pages:  GET  /receivables/ageing[.csv]  open receivables by days past
 *                                          due, as of a date, grouped by
 *                                          party, rep, unit or region
 *         GET  /statements[.csv]          statements of the scope: filter,
 *                                          sort, page
 *         GET  /statements/new            form (finance); POST issues one
 *         GET  /statements/{id}[.csv]     one statement: opening, each
 *                                          entry with its running balance,
 *                                          closing, the party's answer
 *         GET  /statements/{id}/print     the same laid out for paper
 *         POST /statements/{id}/answer    the party confirms or disputes
 * Tables: statement (written), ledger_entry, party, org_unit,
 *         sales_region, staff, qd_user (read); schema/0003-channel.xml.
 * Style:  xsl/statement.xsl; text in xsl/i18n/<lang>/statement.xml;
 *         documents in schema/xsd/statement.xsd.
 *
 * What a party owes: the receivable bucket of the ledger counts as it is
 * (invoices +, payments and credit notes -), the prepayment bucket
 * against it (a prepayment lowers what the party owes); the rebate bucket
 * is the party's own money with the company and is not on a statement.
 * So each entry moves the balance by +amount (receivable) or -amount
 * (prepayment): a movement > 0 is a debit, < 0 a credit.  A prepayment
 * application is two entries (prepayment -X, receivable -X) and shows as
 * a debit and a credit of the same amount.
 *
 * Scope (SECURITY.md class 1): every read joins the party and filters with
 * SCOPE_PARTY_SQL (staff: the servicing unit in their subtree; agents and
 * dealers: their channel subtree), for HTML, XML, CSV and print alike; a
 * foreign statement is answered exactly like a missing one (404,
 * scope_denied).  Answering is narrower than seeing: only a user who sits
 * at the statement's own party may confirm or dispute it (an agent sees
 * its dealers' statements but cannot answer for them, and staff never
 * answer for a party): anyone else gets the same 404 as for a missing
 * statement.
 *
 * A statement is reproducible: its opening and closing are computed when
 * it is issued, from the entries posted until then (posted_at <=
 * created_at), and its lines are read with the same cut, so an entry
 * back-dated into the period afterwards does not make the page disagree
 * with the amounts the party was sent: closing = opening + debits -
 * credits, always.  Issuing is one unit of work that writes first
 * (PORTABILITY.md item 9): the INSERT, whose unique constraint (party,
 * period) decides "already issued"; then one UPDATE computes both amounts
 * from the ledger; then the audit record.  Answering is a guarded
 * transition (status 'issued' and the row version) with its audit record.
 *
 * Ageing is computed in C (ageing.h): one ordered cursor over the
 * receivable and prepayment entries of the whole scope up to the as-of
 * date, one pass per party (credits settle the earliest due debits
 * first), then the parties are grouped and sorted in memory.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ageing.h"
#include "party.h"

#include "../core/audit.h"
#include "../core/page.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/log.h"
#include "../core/money.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define STMT_PAGE      50   /* statements per list page */
#define STMT_AGE_PAGE  100  /* groups per ageing page */
#define STMT_ANSWER    500  /* characters of an answer */
#define STMT_FIELD_MAX 2000 /* what a parameter table lets through */

/* Results of a unit of work besides 0 (done) and -1 (database error). */
enum stmt_uow {
    STMT_CONFLICT = 1 /* answered meanwhile (or not the party's) */
};

static const char *const statuses[] = {"issued", "confirmed", "disputed", NULL};
static const char *const answers[] = {"confirm", "dispute", NULL};
static const char *const list_sorts[] = {"period", "party", NULL};
static const char *const age_groups[] = {"party", "rep", "unit", "region",
                                         NULL};
static const char *const age_sorts[] = {"total", "over90", "code", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};

/* ==================================================================== */
/* Statements (SQL)                                                     */
/* ==================================================================== */

/* The scope filter on the party p; two parameters: scope_unit(c),
 * scope_party(c). */
#define SCOPE_OF_P SCOPE_PARTY_SQL("p.unit_id", "p.id")

/* A ledger entry's movement of what the party owes. */
#define MOVE                                                                   \
    "(CASE WHEN e.bucket = 'receivable' THEN e.amount ELSE 0 - e.amount END)"

/* ---- ageing --------------------------------------------------------- */

/*
 * Every receivable and prepayment entry of the parties in the scope up to
 * the as-of date, each party's entries together, in order of due date
 * (the entry date when there is none).  Parameters: as-of; scope (2); q
 * (3: NULL test, code, name); unit (2: NULL test, the unit).
 */
DB_STATEMENT(sql_age_entries, 0,
             "SELECT p.id, p.code, p.name, p.unit_id, u.code, u.name,"
             " p.region_id, r.code, r.name, p.rep_id, s.emp_no, s.name,"
             " e.bucket, e.amount, COALESCE(e.due_on, e.entry_on)"
             " FROM ledger_entry e"
             " JOIN party p ON p.id = e.party_id"
             " JOIN org_unit u ON u.id = p.unit_id"
             " LEFT JOIN sales_region r ON r.id = p.region_id"
             " LEFT JOIN staff s ON s.id = p.rep_id"
             " WHERE e.entry_on <= ?"
             " AND e.bucket IN ('receivable', 'prepayment')"
             " AND " SCOPE_OF_P " AND (CAST(? AS VARCHAR(100)) IS NULL"
             " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"
             " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
             " AND (CAST(? AS DECIMAL(19)) IS NULL"
             " OR p.unit_id IN (SELECT fc.descendant_id FROM org_closure fc"
             " WHERE fc.ancestor_id = ?))"
             " ORDER BY p.id, COALESCE(e.due_on, e.entry_on), e.id");

/* The units of a staff member's scope, for the unit filter. */
DB_STATEMENT(sql_scope_units, 0,
             "SELECT u.id, u.code, u.name, c.depth"
             " FROM org_closure c"
             " JOIN org_unit u ON u.id = c.descendant_id"
             " WHERE c.ancestor_id = ?"
             " ORDER BY c.depth, u.code");

/* ---- the statement list --------------------------------------------- */

/*
 * Filter: scope (2); party (3: NULL test, code, name); status (2); from
 * (2: statements that end on or after it); to (2: that start on or before
 * it).
 */
#define LIST_WHERE                                                             \
    " WHERE " SCOPE_OF_P " AND (CAST(? AS VARCHAR(100)) IS NULL"               \
    " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"                         \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR s.status = ?)"                    \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR s.period_to >= ?)"                \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR s.period_from <= ?)"
#define LIST_N_WHERE 11

#define LIST_SELECT                                                            \
    "SELECT s.id, p.id, p.code, p.name, s.period_from, s.period_to,"           \
    " s.opening, s.closing, s.status, s.created_at, s.answered_at"             \
    " FROM statement s"                                                        \
    " JOIN party p ON p.id = s.party_id" LIST_WHERE

/* One whole statement per sort choice: no identifier comes from input. */
DB_STATEMENT(sql_list_period_desc, DB_PAGED,
             LIST_SELECT " ORDER BY s.period_to DESC, p.code ASC, s.id DESC");
DB_STATEMENT(sql_list_period_asc, DB_PAGED,
             LIST_SELECT " ORDER BY s.period_to ASC, p.code ASC, s.id ASC");
DB_STATEMENT(sql_list_party_asc, DB_PAGED,
             LIST_SELECT " ORDER BY p.code ASC, s.period_to DESC, s.id DESC");
DB_STATEMENT(sql_list_party_desc, DB_PAGED,
             LIST_SELECT " ORDER BY p.code DESC, s.period_to DESC, s.id DESC");

DB_STATEMENT(sql_list_count, 0,
             "SELECT COUNT(*) FROM statement s"
             " JOIN party p ON p.id = s.party_id" LIST_WHERE);

/* ---- one statement -------------------------------------------------- */

/* One statement in the scope: id, scope (2). */
DB_STATEMENT(sql_stmt_get, 0,
             "SELECT s.id, s.party_id, p.code, p.name, s.period_from,"
             " s.period_to, s.opening, s.closing, s.status, s.answer,"
             " s.answered_at, qa.login, qa.display_name, s.created_at,"
             " qc.login, qc.display_name, s.version, u.code, u.name,"
             " p.address, p.tax_no, p.contact, p.phone"
             " FROM statement s"
             " JOIN party p ON p.id = s.party_id"
             " JOIN org_unit u ON u.id = p.unit_id"
             " LEFT JOIN qd_user qa ON qa.id = s.answered_by"
             " LEFT JOIN qd_user qc ON qc.id = s.created_by"
             " WHERE s.id = ? AND " SCOPE_OF_P);

/* Its lines: the entries of the period posted before it was issued. */
DB_STATEMENT(sql_stmt_lines, 0,
             "SELECT e.id, e.entry_on, e.kind, e.bucket, e.amount, e.note,"
             " e.source_type, e.source_id, e.due_on"
             " FROM statement s"
             " JOIN ledger_entry e ON e.party_id = s.party_id"
             " WHERE s.id = ?"
             " AND e.bucket IN ('receivable', 'prepayment')"
             " AND e.entry_on >= s.period_from AND e.entry_on <= s.period_to"
             " AND e.posted_at <= s.created_at"
             " ORDER BY e.entry_on, e.id");

/* ---- issuing and answering ------------------------------------------ */

DB_STATEMENT(sql_stmt_exists, 0,
             "SELECT s.id FROM statement s"
             " WHERE s.party_id = ? AND s.period_from = ? AND s.period_to = ?");

DB_STATEMENT(sql_stmt_insert, 0,
             "INSERT INTO statement (id, party_id, period_from, period_to,"
             " opening, closing, status, created_at, created_by, version)"
             " VALUES (?, ?, ?, ?, 0, 0, 'issued', ?, ?, 1)");

/* Both amounts from the ledger as it stood when the statement was
 * issued: the movements before the period (opening) and up to its end
 * (closing).  id. */
DB_STATEMENT(sql_stmt_amounts, 0,
             "UPDATE statement SET"
             " opening = (SELECT COALESCE(SUM(" MOVE "), 0)"
             " FROM ledger_entry e"
             " WHERE e.party_id = statement.party_id"
             " AND e.bucket IN ('receivable', 'prepayment')"
             " AND e.entry_on < statement.period_from"
             " AND e.posted_at <= statement.created_at),"
             " closing = (SELECT COALESCE(SUM(" MOVE "), 0)"
             " FROM ledger_entry e"
             " WHERE e.party_id = statement.party_id"
             " AND e.bucket IN ('receivable', 'prepayment')"
             " AND e.entry_on <= statement.period_to"
             " AND e.posted_at <= statement.created_at)"
             " WHERE id = ?");

DB_STATEMENT(sql_stmt_read_amounts, 0,
             "SELECT s.opening, s.closing FROM statement s WHERE s.id = ?");

/* The party's answer: status, answer, at, by; id, version, the answering
 * user's party. */
DB_STATEMENT(sql_stmt_answer, 0,
             "UPDATE statement SET status = ?, answer = ?, answered_at = ?,"
             " answered_by = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'issued'"
             " AND party_id = ?");

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* Today's date (UTC, the program's clock) as a day number. */
static long
today(void)
{
    time_t t = clock_now();

    return (long)(t / 86400 - (t % 86400 < 0));
}

static const char *
day_text(struct ctx *c, long day)
{
    char buf[16];

    ageing_date(day, buf, sizeof(buf));
    return arena_strdup(c->a, buf);
}

/*
 * A date parameter of a GET page (as_of, from, to): NULL when absent,
 * else it must be a real day; otherwise 400 naming it.  *bad is set when
 * refused.
 */
static const char *
date_param(struct ctx *c, const char *name, int *bad)
{
    const char *v = param_text(c->req, name);
    long d;

    if (v == NULL)
        return NULL;
    if (strlen(v) != 10 || ageing_day(v, &d) != 0) {
        *bad = 1;
        ctx_fail(c, 400, "bad_param",
                 arena_printf(c->a, "%s: a date as YYYY-MM-DD", name), NULL);
        return NULL;
    }
    return v;
}

/* "display name (login)", the login alone, or NULL. */
static const char *
who(struct ctx *c, const char *login, const char *name)
{
    if (login == NULL)
        return NULL;
    if (name == NULL || strcmp(name, login) == 0)
        return login;
    return arena_printf(c->a, "%s (%s)", name, login);
}

/* ==================================================================== */
/* Ageing                                                               */
/* ==================================================================== */

/* One party's ageing, with what it is grouped by. */
struct age_party {
    int64_t id;
    const char *code, *name;
    int64_t unit_id, region_id, rep_id; /* 0: none */
    const char *unit_code, *unit_name;
    const char *region_code, *region_name;
    const char *rep_code, *rep_name;
    struct ageing a;
    int64_t prepaid; /* prepayment bucket balance (lowers what is owed) */
    int64_t key;     /* the group's id (0: none) */
};

/* A group of parties: a slice of the sorted party array. */
struct age_group {
    int64_t key;
    const char *code, *name; /* NULL: "none" */
    size_t first, n;         /* parties[first .. first + n) */
    struct ageing a;
    int64_t prepaid;
};

struct age_report {
    struct age_party *parties;
    size_t n_parties;
    struct age_group *groups;
    size_t n_groups;
    struct ageing sum;
    int64_t sum_prepaid;
};

/* The order of parties and groups (the context of qsort_r). */
struct age_sort {
    int key;  /* 0 total, 1 over 90, 2 code */
    int desc; /* 1: descending */
};

static int
cmp_i64(int64_t x, int64_t y)
{
    return x < y ? -1 : x > y;
}

static int
cmp_text(const char *x, const char *y)
{
    return strcmp(x != NULL ? x : "", y != NULL ? y : "");
}

/* By the chosen key; ties by code then id, always ascending. */
static int
cmp_age(const struct age_sort *o, const struct ageing *xa,
        const struct ageing *ya, const char *xc, const char *yc, int64_t xi,
        int64_t yi)
{
    int r = 0;

    if (o->key == 0)
        r = cmp_i64(xa->total, ya->total);
    else if (o->key == 1)
        r = cmp_i64(xa->bucket[AGEING_OVER90], ya->bucket[AGEING_OVER90]);
    else
        r = cmp_text(xc, yc);
    if (o->desc)
        r = -r;
    if (r == 0)
        r = cmp_text(xc, yc);
    return r != 0 ? r : cmp_i64(xi, yi);
}

/* Parties: by group key first (groups together), then the sort. */
static int
cmp_party(const void *x, const void *y, void *order)
{
    const struct age_party *a = x, *b = y;
    int r = cmp_i64(a->key, b->key);

    return r != 0
               ? r
               : cmp_age(order, &a->a, &b->a, a->code, b->code, a->id, b->id);
}

static int
cmp_group(const void *x, const void *y, void *order)
{
    const struct age_group *a = x, *b = y;

    /* "none" goes last whatever the order */
    if ((a->key == 0) != (b->key == 0))
        return a->key == 0 ? 1 : -1;
    return cmp_age(order, &a->a, &b->a, a->code, b->code, a->key, b->key);
}

static int
cmp_item_due(const void *x, const void *y)
{
    const struct ageing_item *a = x, *b = y;

    return a->due < b->due ? -1 : a->due > b->due;
}

/* The group key, code and name of a party under a grouping (0 party,
 * 1 rep, 2 unit, 3 region). */
static void
party_group(const struct age_party *p, int group, int64_t *key,
            const char **code, const char **name)
{
    switch (group) {
    case 1: *key = p->rep_id, *code = p->rep_code, *name = p->rep_name; break;
    case 2:
        *key = p->unit_id, *code = p->unit_code, *name = p->unit_name;
        break;
    case 3:
        *key = p->region_id, *code = p->region_code, *name = p->region_name;
        break;
    default: *key = p->id, *code = p->code, *name = p->name; break;
    }
}

/* Append to an arena-grown array of elements of size sz. */
static void *
grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t sz)
{
    void *bigger;

    if (n < *cap)
        return arr;
    *cap = *cap ? *cap * 2 : 64;
    bigger = arena_alloc(a, *cap * sz);
    if (n > 0)
        memcpy(bigger, arr, n * sz);
    return bigger;
}

static const char *
dup_cell(struct arena *a, const char *const *row, size_t col)
{
    return row[col] != NULL ? arena_strdup(a, row[col]) : NULL;
}

static void
cursor_close(void *cur)
{
    db_cursor_close(cur);
}

/*
 * Read the entries of the scope up to as_of (filters q, unit) and age
 * each party: fills r->parties (those with anything open or a credit
 * balance).  0 or -1 (database error; a date the ledger holds that is
 * not a date is one too).
 */
static int
age_read(struct ctx *c, long as_of, const char *q, int64_t unit,
         struct age_report *r)
{
    struct db_param p[8];
    struct db_cursor *cur = NULL;
    struct arena_cleanup *cl;
    struct ageing_item *items = NULL;
    size_t n_items = 0, cap_items = 0, cap_parties = 0;
    struct age_party cur_p;
    int64_t credit = 0;
    int have = 0, sorted = 1, rc = 0;
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;

    memset(r, 0, sizeof(*r));
    memset(&cur_p, 0, sizeof(cur_p));
    p[0] = DB_TEXT(day_text(c, as_of));
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    p[3] = DB_TEXT(q);
    p[4] = DB_TEXT(like);
    p[5] = DB_TEXT(like);
    p[6] = unit > 0 ? DB_INT(unit) : DB_NULLP;
    p[7] = DB_INT(unit > 0 ? unit : 0);
    if (db_cursor_open(c->db, &sql_age_entries, p, 8, &cur) != 0)
        return -1;
    cl = arena_on_free(c->a, cursor_close, cur);
    for (;;) {
        const char *const *row;
        size_t n_cols;
        int got = db_cursor_next(cur, &row, &n_cols);
        int64_t pid = 0, amount;
        long due;

        if (got < 0) {
            rc = -1;
            break;
        }
        if (got > 0)
            pid = strtoll(row[0], NULL, 10);
        if (have && (got == 0 || pid != cur_p.id)) {
            /* the party is complete: settle it */
            if (!sorted)
                qsort(items, n_items, sizeof(*items), cmp_item_due);
            ageing_settle(items, n_items, credit, as_of, &cur_p.a);
            if (!ageing_is_zero(&cur_p.a)) {
                r->parties = grow(c->a, r->parties, r->n_parties, &cap_parties,
                                  sizeof(*r->parties));
                r->parties[r->n_parties++] = cur_p;
            }
            have = 0;
        }
        if (got == 0)
            break;
        if (!have) {
            memset(&cur_p, 0, sizeof(cur_p));
            cur_p.id = pid;
            cur_p.code = dup_cell(c->a, row, 1);
            cur_p.name = dup_cell(c->a, row, 2);
            cur_p.unit_id = row[3] ? strtoll(row[3], NULL, 10) : 0;
            cur_p.unit_code = dup_cell(c->a, row, 4);
            cur_p.unit_name = dup_cell(c->a, row, 5);
            cur_p.region_id = row[6] ? strtoll(row[6], NULL, 10) : 0;
            cur_p.region_code = dup_cell(c->a, row, 7);
            cur_p.region_name = dup_cell(c->a, row, 8);
            cur_p.rep_id = row[9] ? strtoll(row[9], NULL, 10) : 0;
            cur_p.rep_code = dup_cell(c->a, row, 10);
            cur_p.rep_name = dup_cell(c->a, row, 11);
            n_items = 0;
            credit = 0;
            sorted = 1;
            have = 1;
        }
        amount = row[13] ? strtoll(row[13], NULL, 10) : 0;
        if (row[12] != NULL && strcmp(row[12], "prepayment") == 0) {
            cur_p.prepaid += amount;
        } else if (amount < 0) {
            credit -= amount;
        } else if (amount > 0) {
            if (ageing_day(row[14], &due) != 0) {
                log_error("req=%s ageing: entry of party %lld has no date",
                          c->request_id, (long long)pid);
                rc = -1;
                break;
            }
            items = grow(c->a, items, n_items, &cap_items, sizeof(*items));
            if (n_items > 0 && items[n_items - 1].due > due)
                sorted = 0;
            items[n_items].due = due;
            items[n_items].amount = amount;
            n_items++;
        }
    }
    arena_cleanup_cancel(cl);
    db_cursor_close(cur);
    return rc;
}

/* Group and sort the parties of r (group: 0 party, 1 rep, 2 unit,
 * 3 region) in the order o. */
static void
age_group(struct ctx *c, int group, struct age_sort *o, struct age_report *r)
{
    size_t cap = 0;

    for (size_t i = 0; i < r->n_parties; i++) {
        const char *code, *name;

        party_group(&r->parties[i], group, &r->parties[i].key, &code, &name);
    }
    if (r->n_parties > 0)
        qsort_r(r->parties, r->n_parties, sizeof(*r->parties), cmp_party, o);
    for (size_t i = 0; i < r->n_parties; i++) {
        struct age_party *p = &r->parties[i];
        struct age_group *g;

        if (r->n_groups == 0 || r->groups[r->n_groups - 1].key != p->key) {
            r->groups =
                grow(c->a, r->groups, r->n_groups, &cap, sizeof(*r->groups));
            g = &r->groups[r->n_groups++];
            memset(g, 0, sizeof(*g));
            g->key = p->key;
            party_group(p, group, &g->key, &g->code, &g->name);
            g->first = i;
        }
        g = &r->groups[r->n_groups - 1];
        g->n++;
        ageing_add(&g->a, &p->a);
        g->prepaid += p->prepaid;
        ageing_add(&r->sum, &p->a);
        r->sum_prepaid += p->prepaid;
    }
    if (r->n_groups > 0)
        qsort_r(r->groups, r->n_groups, sizeof(*r->groups), cmp_group, o);
}

/* The amounts of an ageing as attributes (fen and text). */
static void
age_attrs(xmlNodePtr n, const struct ageing *a, int64_t prepaid)
{
    xd_attr_money(n, "current", a->bucket[AGEING_CURRENT]);
    xd_attr_money(n, "d30", a->bucket[AGEING_D30]);
    xd_attr_money(n, "d60", a->bucket[AGEING_D60]);
    xd_attr_money(n, "d90", a->bucket[AGEING_D90]);
    xd_attr_money(n, "over90", a->bucket[AGEING_OVER90]);
    xd_attr_money(n, "unapplied", a->unapplied);
    xd_attr_money(n, "total", a->total);
    xd_attr_money(n, "prepaid", prepaid);
    xd_attr_money(n, "net", a->total - prepaid);
}

static void
age_csv_amounts(struct ctx *c, const struct ageing *a, int64_t prepaid)
{
    for (int i = 0; i < AGEING_N_BUCKETS; i++)
        csv_num(c, money_plain(c->a, a->bucket[i]));
    csv_num(c, money_plain(c->a, a->unapplied));
    csv_num(c, money_plain(c->a, a->total));
    csv_num(c, money_plain(c->a, prepaid));
    csv_num(c, money_plain(c->a, a->total - prepaid));
}

static void
age_csv_head(struct ctx *c)
{
    static const char *const cols[] = {
        "not_due",   "d0_30", "d31_60",  "d61_90", "over_90",
        "unapplied", "total", "prepaid", "net",    NULL};

    for (int i = 0; cols[i] != NULL; i++)
        csv_text(c, cols[i]);
    csv_row(c);
}

/* /receivables/ageing.csv: one row per party (grouped: with the group's
 * code and name first and a subtotal row per group), a total row last. */
static int
age_csv(struct ctx *c, int group, const struct age_report *r)
{
    csv_begin(c, "ageing.csv");
    if (group == 0) {
        csv_text(c, "party_code");
        csv_text(c, "party_name");
        csv_text(c, "unit_code");
    } else {
        csv_text(c, "group_code");
        csv_text(c, "group_name");
        csv_text(c, "party_code");
        csv_text(c, "party_name");
    }
    age_csv_head(c);
    for (size_t g = 0; g < r->n_groups; g++) {
        const struct age_group *gr = &r->groups[g];

        for (size_t i = gr->first; i < gr->first + gr->n; i++) {
            const struct age_party *p = &r->parties[i];

            if (group != 0) {
                csv_text(c, gr->code);
                csv_text(c, gr->name);
            }
            csv_text(c, p->code);
            csv_text(c, p->name);
            if (group == 0)
                csv_text(c, p->unit_code);
            age_csv_amounts(c, &p->a, p->prepaid);
            csv_row(c);
        }
        if (group != 0) {
            csv_text(c, gr->code);
            csv_text(c, gr->name);
            csv_text(c, NULL);
            csv_text(c, "subtotal");
            age_csv_amounts(c, &gr->a, gr->prepaid);
            csv_row(c);
        }
    }
    csv_text(c, "total");
    csv_text(c, NULL);
    csv_text(c, NULL);
    if (group != 0)
        csv_text(c, NULL);
    age_csv_amounts(c, &r->sum, r->sum_prepaid);
    csv_row(c);
    return 0;
}

static int
index_of(const char *const *choices, const char *v, int dflt)
{
    if (v == NULL)
        return dflt;
    for (int i = 0; choices[i] != NULL; i++)
        if (strcmp(choices[i], v) == 0)
            return i;
    return dflt;
}

/* GET /receivables/ageing[.csv] */
static int
age_show(struct ctx *c)
{
    int bad = 0;
    const char *as_of_s = date_param(c, "as_of", &bad);
    const char *q = param_text(c->req, "q");
    int64_t unit = param_int(c->req, "unit", 0);
    int64_t page = param_int(c->req, "page", 1), pages;
    int group = index_of(age_groups, param_text(c->req, "group"), 0);
    int sort = index_of(age_sorts, param_text(c->req, "sort"), 0);
    const char *dir = param_text(c->req, "dir");
    struct age_report r;
    struct age_sort o;
    xmlNodePtr n, sum;
    long as_of = today();
    size_t from, to;

    if (bad)
        return -1;
    if (as_of_s != NULL)
        ageing_day(as_of_s, &as_of);
    /* totals and over-90 are most useful largest first; codes a-z */
    o.key = sort;
    o.desc = dir != NULL ? strcmp(dir, "desc") == 0 : sort != 2;
    if (age_read(c, as_of, q, unit, &r) != 0)
        return ctx_db_fail(c);
    age_group(c, group, &o, &r);
    if (c->req->want_csv)
        return age_csv(c, group, &r);

    pages = ((int64_t)r.n_groups + STMT_AGE_PAGE - 1) / STMT_AGE_PAGE;
    if (page > pages && pages > 0)
        page = pages;
    from = (size_t)((page - 1) * STMT_AGE_PAGE);
    to = from + STMT_AGE_PAGE < r.n_groups ? from + STMT_AGE_PAGE : r.n_groups;

    n = ctx_data(c, "ageing");
    xd_attr(n, "as-of", day_text(c, as_of));
    xd_attr(n, "group", age_groups[group]);
    xd_attr(n, "sort", age_sorts[sort]);
    xd_attr(n, "dir", o.desc ? "desc" : "asc");
    xd_attr(n, "q", q != NULL ? q : "");
    if (unit > 0)
        xd_attr_int(n, "unit", unit);
    xd_attr_int(n, "page", page);
    xd_attr_int(n, "pages", pages);
    xd_attr_int(n, "groups", (int64_t)r.n_groups);
    xd_attr_int(n, "per-page", STMT_AGE_PAGE);
    if (scope_unit(c) > 0) {
        struct db_param p[1];
        struct db_rows u;
        xmlNodePtr units = xd_elem(n, "units");

        p[0] = DB_INT(scope_unit(c));
        if (db_query(c->db, c->a, &sql_scope_units, p, 1, 0, 0, &u) != 0)
            return ctx_db_fail(c);
        for (size_t i = 0; i < u.n_rows; i++) {
            xmlNodePtr opt = xd_elem(units, "unit-option");

            xd_cell(opt, "id", &u, i, 0);
            xd_cell(opt, "code", &u, i, 1);
            xd_cell(opt, "name", &u, i, 2);
            xd_cell(opt, "depth", &u, i, 3);
        }
    }
    for (size_t g = from; g < to; g++) {
        const struct age_group *gr = &r.groups[g];
        xmlNodePtr e = xd_elem(n, "group");

        if (gr->key > 0)
            xd_attr_int(e, "id", gr->key);
        xd_attr(e, "code", gr->code);
        xd_attr(e, "name", gr->name);
        xd_attr_int(e, "parties", (int64_t)gr->n);
        age_attrs(e, &gr->a, gr->prepaid);
        if (group == 0) {
            const struct age_party *p = &r.parties[gr->first];

            xd_attr(e, "unit-code", p->unit_code);
            xd_attr(e, "unit-name", p->unit_name);
            continue;
        }
        for (size_t i = gr->first; i < gr->first + gr->n; i++) {
            const struct age_party *p = &r.parties[i];
            xmlNodePtr pe = xd_elem(e, "party");

            xd_attr_int(pe, "id", p->id);
            xd_attr(pe, "code", p->code);
            xd_attr(pe, "name", p->name);
            age_attrs(pe, &p->a, p->prepaid);
        }
    }
    sum = xd_elem(n, "sum");
    xd_attr_int(sum, "parties", (int64_t)r.n_parties);
    age_attrs(sum, &r.sum, r.sum_prepaid);
    return 0;
}

/* ==================================================================== */
/* The statement list                                                   */
/* ==================================================================== */

static const struct db_sql *
list_statement(const char *sort, int desc)
{
    if (sort != NULL && strcmp(sort, "party") == 0)
        return desc ? &sql_list_party_desc : &sql_list_party_asc;
    return desc ? &sql_list_period_desc : &sql_list_period_asc;
}

/* GET /statements[.csv] */
static int
stmt_list(struct ctx *c)
{
    int bad = 0;
    const char *party = param_text(c->req, "party");
    const char *status = param_text(c->req, "status");
    const char *from = date_param(c, "from", &bad);
    const char *to = bad ? NULL : date_param(c, "to", &bad);
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t page = param_int(c->req, "page", 1), total, pages;
    int desc;
    struct db_param p[LIST_N_WHERE];
    struct db_rows rows;
    const char *like;
    xmlNodePtr list;

    if (bad)
        return -1;
    if (sort == NULL)
        sort = "period";
    /* newest periods first; party codes a-z */
    desc = dir != NULL ? strcmp(dir, "desc") == 0 : strcmp(sort, "party") != 0;
    like = party != NULL ? text_like(c->a, party, 1, 1) : NULL;
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = DB_TEXT(party);
    p[3] = DB_TEXT(like);
    p[4] = DB_TEXT(like);
    p[5] = DB_TEXT(status);
    p[6] = DB_TEXT(status);
    p[7] = DB_TEXT(from);
    p[8] = DB_TEXT(from);
    p[9] = DB_TEXT(to);
    p[10] = DB_TEXT(to);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, list_statement(sort, desc), p, LIST_N_WHERE,
                     0, 0, &rows) != 0)
            return ctx_db_fail(c);
        csv_begin(c, "statements.csv");
        csv_text(c, "id");
        csv_text(c, "party_code");
        csv_text(c, "party_name");
        csv_text(c, "from");
        csv_text(c, "to");
        csv_text(c, "opening");
        csv_text(c, "closing");
        csv_text(c, "status");
        csv_text(c, "issued_at");
        csv_text(c, "answered_at");
        csv_row(c);
        for (size_t i = 0; i < rows.n_rows; i++) {
            csv_num(c, db_cell(&rows, i, 0));
            csv_text(c, db_cell(&rows, i, 2));
            csv_text(c, db_cell(&rows, i, 3));
            csv_text(c, text_iso_date(c->a, db_cell(&rows, i, 4)));
            csv_text(c, text_iso_date(c->a, db_cell(&rows, i, 5)));
            csv_num(c, money_plain(c->a, db_cell_int(&rows, i, 6)));
            csv_num(c, money_plain(c->a, db_cell_int(&rows, i, 7)));
            csv_text(c, db_cell(&rows, i, 8));
            csv_text(c, text_iso_ts(c->a, db_cell(&rows, i, 9)));
            csv_text(c, text_iso_ts(c->a, db_cell(&rows, i, 10)));
            csv_row(c);
        }
        return 0;
    }
    if (page_rows(c, STMT_PAGE, &page, &total, &pages, &sql_list_count, p,
                  LIST_N_WHERE, list_statement(sort, desc), p, LIST_N_WHERE,
                  &rows) != 0)
        return -1;

    list = ctx_data(c, "statement-list");
    xd_attr(list, "party", party != NULL ? party : "");
    xd_attr(list, "status", status);
    xd_attr(list, "from", from);
    xd_attr(list, "to", to);
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    page_attrs(list, page, pages, total, STMT_PAGE, rows.n_rows);
    if (auth_can(c, "ledger.post"))
        xd_attr(list, "can-issue", "true");
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "statement");

        xd_cell(n, "id", &rows, i, 0);
        xd_cell(n, "party-id", &rows, i, 1);
        xd_cell(n, "party-code", &rows, i, 2);
        xd_cell(n, "party-name", &rows, i, 3);
        xd_attr(n, "from", text_iso_date(c->a, db_cell(&rows, i, 4)));
        xd_attr(n, "to", text_iso_date(c->a, db_cell(&rows, i, 5)));
        xd_money_cell(n, "opening", &rows, i, 6);
        xd_money_cell(n, "closing", &rows, i, 7);
        xd_cell(n, "status", &rows, i, 8);
        xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&rows, i, 9)));
        xd_attr(n, "answered-at", text_iso_ts(c->a, db_cell(&rows, i, 10)));
    }
    return 0;
}

/* ==================================================================== */
/* One statement                                                        */
/* ==================================================================== */

/* Fetch one statement of the scope into *r (0 rows: missing/foreign). */
static int
fetch_stmt(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[3];

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    return db_query(c->db, c->a, &sql_stmt_get, p, 3, 0, 0, r);
}

/* May the current user answer statement s (row 0) now? */
static int
can_answer(struct ctx *c, const struct db_rows *s)
{
    return c->user != NULL && c->user->party_id > 0 &&
           c->user->party_id == db_cell_int(s, 0, 1) &&
           auth_can(c, "statement.answer") &&
           strcmp(db_cell(s, 0, 8), "issued") == 0;
}

/* One line of a statement: the entry's movement split into a debit or a
 * credit. */
struct stmt_line {
    int64_t debit, credit, balance;
};

/* The movement of line i of the lines query. */
static int64_t
line_move(const struct db_rows *l, size_t i)
{
    int64_t amount = db_cell_int(l, i, 4);
    const char *bucket = db_cell(l, i, 3);

    return bucket != NULL && strcmp(bucket, "receivable") == 0 ? amount
                                                               : -amount;
}

/* The source of an entry as "type #id" (NULL without a type). */
static const char *
line_source(struct ctx *c, const struct db_rows *l, size_t i)
{
    if (db_cell(l, i, 6) == NULL)
        return NULL;
    return arena_printf(c->a, "%s #%s", db_cell(l, i, 6),
                        db_cell(l, i, 7) != NULL ? db_cell(l, i, 7) : "");
}

/* The statement's CSV: opening, one row per entry, closing. */
static int
stmt_csv(struct ctx *c, const struct db_rows *s, const struct db_rows *l)
{
    int64_t bal = db_cell_int(s, 0, 6), debits = 0, credits = 0;

    csv_begin(c, arena_printf(c->a, "statement-%s.csv", db_cell(s, 0, 0)));
    csv_text(c, "party");
    csv_text(c, db_cell(s, 0, 2));
    csv_text(c, db_cell(s, 0, 3));
    csv_row(c);
    csv_text(c, "period");
    csv_text(c, text_iso_date(c->a, db_cell(s, 0, 4)));
    csv_text(c, text_iso_date(c->a, db_cell(s, 0, 5)));
    csv_row(c);
    csv_text(c, "date");
    csv_text(c, "kind");
    csv_text(c, "note");
    csv_text(c, "source");
    csv_text(c, "debit");
    csv_text(c, "credit");
    csv_text(c, "balance");
    csv_row(c);
    csv_text(c, text_iso_date(c->a, db_cell(s, 0, 4)));
    csv_text(c, "opening");
    csv_text(c, NULL);
    csv_text(c, NULL);
    csv_text(c, NULL);
    csv_text(c, NULL);
    csv_num(c, money_plain(c->a, bal));
    csv_row(c);
    for (size_t i = 0; i < l->n_rows; i++) {
        int64_t m = line_move(l, i);

        bal += m;
        csv_text(c, text_iso_date(c->a, db_cell(l, i, 1)));
        csv_text(c, db_cell(l, i, 2));
        csv_text(c, db_cell(l, i, 5));
        csv_text(c, line_source(c, l, i));
        csv_num(c, m > 0 ? money_plain(c->a, m) : NULL);
        csv_num(c, m < 0 ? money_plain(c->a, -m) : NULL);
        csv_num(c, money_plain(c->a, bal));
        csv_row(c);
        if (m > 0)
            debits += m;
        else
            credits -= m;
    }
    csv_text(c, text_iso_date(c->a, db_cell(s, 0, 5)));
    csv_text(c, "closing");
    csv_text(c, NULL);
    csv_text(c, NULL);
    csv_num(c, money_plain(c->a, debits));
    csv_num(c, money_plain(c->a, credits));
    csv_num(c, money_plain(c->a, db_cell_int(s, 0, 7)));
    csv_row(c);
    return 0;
}

/*
 * Fill the statement element `elem` (statement or statement-print) for
 * statement id; CSV when asked.  404 for a missing or foreign one.
 */
static int
stmt_page(struct ctx *c, int64_t id, const char *elem, int csv_ok)
{
    struct db_rows s, l;
    struct db_param p[1];
    xmlNodePtr n;
    int64_t bal, debits = 0, credits = 0;

    if (id < 0)
        return page_not_found(c, "statement", id);
    if (fetch_stmt(c, id, &s) != 0)
        return ctx_db_fail(c);
    if (s.n_rows == 0)
        return page_not_found(c, "statement", id);
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_stmt_lines, p, 1, 0, 0, &l) != 0)
        return ctx_db_fail(c);
    if (csv_ok && c->req->want_csv)
        return stmt_csv(c, &s, &l);

    n = ctx_data(c, elem);
    xd_cell(n, "id", &s, 0, 0);
    xd_cell(n, "party-id", &s, 0, 1);
    xd_cell(n, "party-code", &s, 0, 2);
    xd_cell(n, "party-name", &s, 0, 3);
    xd_cell(n, "unit-code", &s, 0, 17);
    xd_cell(n, "unit-name", &s, 0, 18);
    xd_cell(n, "address", &s, 0, 19);
    xd_cell(n, "tax-no", &s, 0, 20);
    xd_cell(n, "contact", &s, 0, 21);
    xd_cell(n, "phone", &s, 0, 22);
    xd_attr(n, "from", text_iso_date(c->a, db_cell(&s, 0, 4)));
    xd_attr(n, "to", text_iso_date(c->a, db_cell(&s, 0, 5)));
    xd_cell(n, "status", &s, 0, 8);
    xd_cell(n, "version", &s, 0, 16);
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&s, 0, 13)));
    xd_attr(n, "created-by", who(c, db_cell(&s, 0, 14), db_cell(&s, 0, 15)));
    xd_cell(n, "answer", &s, 0, 9);
    xd_attr(n, "answered-at", text_iso_ts(c->a, db_cell(&s, 0, 10)));
    xd_attr(n, "answered-by", who(c, db_cell(&s, 0, 11), db_cell(&s, 0, 12)));
    if (can_answer(c, &s))
        xd_attr(n, "can-answer", "true");
    bal = db_cell_int(&s, 0, 6);
    xd_attr_money(n, "opening", bal);
    for (size_t i = 0; i < l.n_rows; i++) {
        xmlNodePtr e = xd_elem(n, "line");
        int64_t m = line_move(&l, i);

        bal += m;
        xd_cell(e, "id", &l, i, 0);
        xd_attr(e, "date", text_iso_date(c->a, db_cell(&l, i, 1)));
        xd_cell(e, "kind", &l, i, 2);
        xd_cell(e, "bucket", &l, i, 3);
        xd_cell(e, "note", &l, i, 5);
        xd_cell(e, "source-type", &l, i, 6);
        xd_cell(e, "source-id", &l, i, 7);
        xd_attr(e, "due-on", text_iso_date(c->a, db_cell(&l, i, 8)));
        if (m > 0) {
            xd_attr_money(e, "debit", m);
            debits += m;
        } else if (m < 0) {
            xd_attr_money(e, "credit", -m);
            credits -= m;
        }
        xd_attr_money(e, "balance", bal);
    }
    xd_attr_money(n, "debits", debits);
    xd_attr_money(n, "credits", credits);
    xd_attr_money(n, "closing", db_cell_int(&s, 0, 7));
    return 0;
}

/* GET /statements/{id}[.csv] */
static int
stmt_show(struct ctx *c)
{
    return stmt_page(c, page_id(c), "statement", 1);
}

/* GET /statements/{id}/print */
static int
stmt_print(struct ctx *c)
{
    return stmt_page(c, page_id(c), "statement-print", 0);
}

/* ==================================================================== */
/* Issuing                                                              */
/* ==================================================================== */

/* <statement-form> with the fields as given (each may be NULL). */
static xmlNodePtr
stmt_form(struct ctx *c, const char *party, const char *from, const char *to)
{
    xmlNodePtr f = ctx_data(c, "statement-form");

    xd_attr(f, "party", party);
    xd_attr(f, "from", from);
    xd_attr(f, "to", to);
    xd_attr(f, "today", day_text(c, today()));
    return f;
}

/* GET /statements/new?party=CODE&from=&to= ; the period defaults to the
 * last calendar month. */
static int
stmt_new(struct ctx *c)
{
    const char *from = param_text(c->req, "from");
    const char *to = param_text(c->req, "to");

    if (from == NULL && to == NULL) {
        char buf[16];
        long first_this;

        ageing_date(today(), buf, sizeof(buf));
        memcpy(buf + 8, "01", 2);
        ageing_day(buf, &first_this);
        to = day_text(c, first_this - 1);
        from = arena_printf(c->a, "%.8s01", to);
    }
    stmt_form(c, param_text(c->req, "party"), from, to);
    return 0;
}

struct stmt_create {
    struct ctx *c;
    int64_t id;
    struct party_brief party;
    const char *from, *to;
    time_t now;
    int ms;
    int64_t opening, closing;
};

static int
stmt_create_uow(struct db *db, void *arg)
{
    struct stmt_create *w = arg;
    struct ctx *c = w->c;
    struct db_param p[6];
    struct db_rows r;
    char ob[MONEY_BUFSZ], cb[MONEY_BUFSZ];

    /* write first: the unique constraint decides "already issued" */
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->party.id);
    p[2] = DB_TEXT(w->from);
    p[3] = DB_TEXT(w->to);
    p[4] = DB_TS_MS(w->now, w->ms);
    p[5] = c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
    if (db_exec(db, &sql_stmt_insert, p, 6, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->id);
    if (db_exec(db, &sql_stmt_amounts, p, 1, NULL) != 0)
        return -1;
    if (db_query(db, c->a, &sql_stmt_read_amounts, p, 1, 0, 0, &r) != 0)
        return -1;
    w->opening = db_cell_int(&r, 0, 0);
    w->closing = db_cell_int(&r, 0, 1);
    return audit_write(
        c, "statement", w->id, "create",
        arena_printf(c->a,
                     "party: %s (%s); period: %s - %s; opening: %s; "
                     "closing: %s",
                     w->party.name, w->party.code, w->from, w->to,
                     money_format(w->opening, 0, ob, sizeof(ob)),
                     money_format(w->closing, 0, cb, sizeof(cb))));
}

/* POST /statements/new */
static int
stmt_create(struct ctx *c)
{
    struct stmt_create w;
    const char *code;
    long fd = 0, td = 0;
    struct db_param p[3];
    struct db_rows r;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    code = form_text(c, "party", FORM_REQUIRED, 40);
    w.from = form_date(c, "from", FORM_REQUIRED);
    w.to = form_date(c, "to", FORM_REQUIRED);
    if (code != NULL) {
        rc = party_get_by_code(c, code, &w.party);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc > 0)
            form_error(c, "party", "no_such_party", "no such party");
    }
    if (w.from != NULL && w.to != NULL) {
        ageing_day(w.from, &fd);
        ageing_day(w.to, &td);
        if (fd > td)
            form_error(c, "to", "bad_period",
                       "the period must not end before it starts");
        else if (td > today())
            form_error(c, "to", "future",
                       "the period must not end after today");
    }
    if (form_ok(c)) {
        p[0] = DB_INT(w.party.id);
        p[1] = DB_TEXT(w.from);
        p[2] = DB_TEXT(w.to);
        if (db_query(c->db, c->a, &sql_stmt_exists, p, 3, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows > 0)
            form_error(c, "party", "already_issued",
                       "a statement for this party and period is already "
                       "issued");
    }
    if (!form_ok(c)) {
        stmt_form(c, param_text(c->req, "party"), param_text(c->req, "from"),
                  param_text(c->req, "to"));
        return 0;
    }
    db_rollback(c->db);
    if (db_next_id(c->db, "statement", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now_ms(&w.ms);
    rc = db_uow(c->db, stmt_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "party", "already_issued",
                   "a statement for this party and period is already issued");
        stmt_form(c, param_text(c->req, "party"), w.from, w.to);
        return 0;
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/statements/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Answering                                                            */
/* ==================================================================== */

struct stmt_answer {
    struct ctx *c;
    int64_t id, version;
    const char *status, *comment;
    time_t now;
    int ms;
};

static int
stmt_answer_uow(struct db *db, void *arg)
{
    struct stmt_answer *w = arg;
    struct ctx *c = w->c;
    struct db_param p[7];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(w->status);
    p[1] = DB_TEXT(w->comment);
    p[2] = DB_TS_MS(w->now, w->ms);
    p[3] = DB_INT(c->user->id);
    p[4] = DB_INT(w->id);
    p[5] = DB_INT(w->version);
    p[6] = DB_INT(c->user->party_id);
    if (db_exec(db, &sql_stmt_answer, p, 7, &n) != 0)
        return -1;
    if (n == 0)
        return STMT_CONFLICT;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "status", "issued", w->status);
    audit_diff(&d, "answer", NULL, w->comment);
    return audit_write(
        c, "statement", w->id,
        strcmp(w->status, "confirmed") == 0 ? "confirm" : "dispute", d.buf);
}

/* The statement page again with 409: it was answered meanwhile. */
static int
answer_conflict(struct ctx *c, int64_t id)
{
    db_rollback(c->db);
    if (stmt_page(c, id, "statement", 0) != 0)
        return -1;
    c->status = 409;
    ctx_message(c, "error", "already_answered", NULL,
                "this statement has already been answered");
    return 0;
}

/* POST /statements/{id}/answer */
static int
stmt_answer(struct ctx *c)
{
    struct stmt_answer w;
    struct db_rows s;
    const char *answer;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "statement", w.id);
    if (fetch_stmt(c, w.id, &s) != 0)
        return ctx_db_fail(c);
    /* only a user at the statement's own party answers; to anyone else
     * the statement does not exist */
    if (s.n_rows == 0 || c->user == NULL || c->user->party_id <= 0 ||
        c->user->party_id != db_cell_int(&s, 0, 1))
        return page_not_found(c, "statement", w.id);
    answer = form_enum(c, "answer", FORM_REQUIRED, answers);
    w.comment = form_text(c, "comment", FORM_MULTILINE, STMT_ANSWER);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    /* a dispute says why (an empty comment; a too long one is refused
     * by form_text already) */
    if (answer != NULL && strcmp(answer, "dispute") == 0 &&
        param_text(c->req, "comment") == NULL)
        form_error(c, "comment", "required",
                   "say what is wrong with the statement");
    if (!form_ok(c)) {
        if (stmt_page(c, w.id, "statement", 0) != 0)
            return -1;
        c->status = 422;
        return 0;
    }
    if (strcmp(db_cell(&s, 0, 8), "issued") != 0)
        return answer_conflict(c, w.id);
    w.status = strcmp(answer, "confirm") == 0 ? "confirmed" : "disputed";
    w.now = clock_now_ms(&w.ms);
    db_rollback(c->db);
    rc = db_uow(c->db, stmt_answer_uow, &w);
    if (rc == STMT_CONFLICT)
        return answer_conflict(c, w.id);
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/statements/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, STMT_FIELD_MAX)

static const struct param_spec age_params[] = {
    {"as_of", P_TEXT, 0, 10, NULL, 0},
    {"group", P_ENUM, 0, 0, age_groups, 0},
    P_SORT(age_sorts),
    P_DIR(dirs),
    P_SEARCH,
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    P_PAGE,
    P_END,
};
static const struct param_spec list_params[] = {
    {"party", P_TEXT, 0, 100, NULL, 0},
    {"status", P_ENUM, 0, 0, statuses, 0},
    {"from", P_TEXT, 0, 10, NULL, 0},
    {"to", P_TEXT, 0, 10, NULL, 0},
    P_SORT(list_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec new_params[] = {
    F_TEXT("party"),
    F_TEXT("from"),
    F_TEXT("to"),
    P_END,
};
static const struct param_spec answer_params[] = {
    F_TEXT("answer"),
    {"comment", P_TEXT, 0, STMT_FIELD_MAX, NULL, P_MULTILINE},
    F_TEXT("version"),
    P_END,
};

/* "new" comes before "{id}" with the same method: the first match wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/receivables/ageing",     "statement.ageing", "ledger.view",      "statement.xsl", age_show,     age_params,    ROUTE_CSV},
    {REQ_GET,  "/statements",             "statement.list",   "ledger.view",      "statement.xsl", stmt_list,    list_params,   ROUTE_CSV},
    {REQ_GET,  "/statements/new",         "statement.new",    "ledger.post",      "statement.xsl", stmt_new,     new_params,    0},
    {REQ_POST, "/statements/new",         "statement.create", "ledger.post",      "statement.xsl", stmt_create,  new_params,    0},
    {REQ_GET,  "/statements/{id}",        "statement.show",   "ledger.view",      "statement.xsl", stmt_show,    NULL,          ROUTE_CSV},
    {REQ_GET,  "/statements/{id}/print",  "statement.print",  "ledger.view",      "statement.xsl", stmt_print,   NULL,          0},
    {REQ_POST, "/statements/{id}/answer", "statement.answer", "statement.answer", "statement.xsl", stmt_answer,  answer_params, 0},
};
/* clang-format on */

const struct module statement_module = {"statement", routes,
                                        sizeof(routes) / sizeof(routes[0])};
