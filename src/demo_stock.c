/*
 * demo_stock.c - the demo inventory for `qudao demo` (issue 6), called
 * after the channel, the prices and the promotions, inside the demo's
 * transaction:
 *
 *   warehouses  WH-HQ (central, headquarters), WH-<branch> for every demo
 *               branch, an agent's own warehouse and a consignment
 *               warehouse for each of the first two agents (AG-, CS-);
 *   a year      (ending today, by the program's clock) of documents, each
 *               posted through the stock ledger (stock.h) so balances and
 *               moves agree: the opening stock of the central warehouse,
 *               weekly purchase receipts there, transfers to the branches
 *               every three weeks (received two days later, now and then
 *               a unit lost on the road), sales issues at the branches,
 *               monthly damage, returns from dealers (one line damaged),
 *               consignment stock sent to the agents and their monthly
 *               sell-through (posted to their accounts, ledger.h, and
 *               paid twenty days later; agents without statements, so
 *               the statements of demo_channel.c stay true), the
 *               agents' purchases and sales in their own warehouses;
 *   at the end  transfers still on the road, a posted stocktake with
 *               variances at the first branch, every month before last
 *               closed with its snapshot, and safety stock at the
 *               branches (some items below it: the alerts page has work).
 *
 * The simulation keeps each warehouse's on hand in memory and never asks
 * for more than is there, so every guarded move succeeds.  Deterministic
 * (a fixed seed) apart from the dates.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/docno.h"
#include "db/db.h"
#include "modules/ledger.h"
#include "modules/stock.h"

#define DS_DAY      86400L
#define DS_DAYS     364 /* the history: today - DS_DAYS .. today */
#define DS_SKUS     160 /* products that are stocked */
#define DS_MAX_WH   24
#define DS_BRANCHES 16
#define DS_AGENTS   2
#define DS_LINES    40

DB_STATEMENT(sql_ds_hq, 0,
             "SELECT id FROM org_unit WHERE parent_id IS NULL ORDER BY id");
DB_STATEMENT(sql_ds_branches, 0,
             "SELECT u.id, u.code, u.name, MIN(ur.region_id)"
             " FROM org_unit u"
             " LEFT JOIN unit_region ur ON ur.unit_id = u.id"
             " WHERE u.kind = 'branch'"
             " GROUP BY u.id, u.code, u.name ORDER BY u.id");
DB_STATEMENT(sql_ds_agents, 0,
             "SELECT p.id, p.code, p.name, p.unit_id, p.region_id"
             " FROM party p JOIN party_account a ON a.party_id = p.id"
             " WHERE p.kind = 'agent' AND p.status = 'approved'"
             " AND a.hold = 'none' AND NOT EXISTS (SELECT s.id"
             " FROM statement s WHERE s.party_id = p.id)"
             " ORDER BY p.code");
DB_STATEMENT(sql_ds_dealer, 0,
             "SELECT MIN(p.id) FROM party p"
             " WHERE p.kind = 'dealer' AND p.status = 'approved'"
             " AND p.unit_id IN (SELECT c.descendant_id FROM org_closure c"
             " WHERE c.ancestor_id = ?)");
/* The first DS_SKUS (a page: the catalog may hold 200,000). */
DB_STATEMENT(sql_ds_products, DB_PAGED,
             "SELECT id, list_price FROM product"
             " WHERE status = 'active' AND list_price > 0"
             " ORDER BY code");
DB_STATEMENT(sql_ds_user, 0, "SELECT id FROM qd_user WHERE login = ?");
DB_STATEMENT(sql_ds_warehouse, 0,
             "INSERT INTO warehouse (id, code, name, kind, unit_id, party_id,"
             " region_id, address, contact, phone, status, move_seq, note,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 0, NULL, ?, ?,"
             " 1)");
DB_STATEMENT(sql_ds_doc, 0,
             "INSERT INTO stock_doc (id, doc_no, kind, status, warehouse_id,"
             " dest_id, party_id, category_id, reason, doc_on, ref_no, note,"
             " amount, created_at, created_by, posted_at, posted_by,"
             " received_at, received_by, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?, ?, ?,"
             " ?, ?, ?, 1)");
DB_STATEMENT(sql_ds_line, 0,
             "INSERT INTO stock_doc_line (doc_id, line_no, product_id, qty,"
             " qty_done, book_qty, price, cond, reason, note)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)");
DB_STATEMENT(sql_ds_safety, 0,
             "UPDATE stock_balance SET safety_qty = ?, target_qty = ?"
             " WHERE warehouse_id = ? AND product_id = ?");
DB_STATEMENT(sql_ds_close, 0,
             "UPDATE warehouse SET closed_through = ? WHERE id = ?");
DB_STATEMENT(sql_ds_period, 0,
             "INSERT INTO stock_period (warehouse_id, period, closed_on,"
             " closed_at, closed_by) VALUES (?, ?, ?, ?, ?)");
DB_STATEMENT(sql_ds_period_bal, 0,
             "INSERT INTO stock_period_bal (warehouse_id, period, product_id,"
             " on_hand)"
             " SELECT m.warehouse_id, ?, m.product_id, SUM(m.qty)"
             " FROM stock_move m"
             " WHERE m.warehouse_id = ? AND m.bucket = 'on_hand'"
             " AND m.move_on <= ?"
             " GROUP BY m.warehouse_id, m.product_id");

enum ds_kind { WH_CENTRAL, WH_BRANCH, WH_AGENT, WH_CONSIGN };

struct ds_wh {
    int64_t id, unit, party;
    enum ds_kind kind;
    int64_t on_hand[DS_SKUS];
};

struct ds_line {
    int sku;
    int64_t qty, done, book, price;
    const char *cond, *reason;
};

struct ds {
    struct db *db;
    struct arena *a;
    time_t now;
    long today;
    uint64_t rng;
    int64_t hq, clerk, finance, director;
    struct ds_wh wh[DS_MAX_WH];
    int n_wh, n_branch_wh;     /* branches are wh[1 .. n_branch_wh] */
    int consign[DS_AGENTS];    /* index of each agent's consignment wh */
    int64_t agent[DS_AGENTS];  /* the agents' party ids */
    int64_t dealer[DS_MAX_WH]; /* a dealer serviced by each branch */
    int64_t sku[DS_SKUS], price[DS_SKUS];
    int n_sku;
    long n_docs, n_moves;
};

static uint64_t
ds_rng(struct ds *d)
{
    d->rng ^= d->rng << 13;
    d->rng ^= d->rng >> 7;
    d->rng ^= d->rng << 17;
    return d->rng;
}

static int64_t
ds_between(struct ds *d, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(ds_rng(d) % (uint64_t)(hi - lo + 1));
}

static void
ds_day(long day, char out[16])
{
    time_t t = (time_t)day * DS_DAY;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

static int
ds_user(struct ds *d, const char *login, int64_t *id)
{
    struct db_param p[1] = {DB_TEXT(login)};
    struct db_rows r;

    *id = 0;
    if (db_query(d->db, d->a, &sql_ds_user, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        *id = db_cell_int(&r, 0, 0);
    return 0;
}

/*
 * A warehouse in the city of branch (a demo branch code, "BJ"): a
 * contact, a telephone with the city's area code and, unless given, a
 * street address there (demo_contact), followed by place ("物流中心").
 */
static int
ds_warehouse(struct ds *d, enum ds_kind kind, const char *code,
             const char *name, int64_t unit, int64_t party, int64_t region,
             const char *branch, const char *address, const char *place)
{
    static const char *const kinds[] = {"central", "branch", "agent",
                                        "consignment"};
    struct ds_wh *w = &d->wh[d->n_wh];
    struct db_param p[12];
    char contact[48], phone[24], street[160], full[200];

    if (demo_contact(branch, contact, phone, street) != 0) {
        fprintf(stderr, "qudao demo: stock: no city for branch %s\n",
                branch != NULL ? branch : "(none)");
        return -1;
    }
    snprintf(full, sizeof(full), "%s%s", address != NULL ? address : street,
             place);

    if (d->n_wh == DS_MAX_WH)
        return 0;
    memset(w, 0, sizeof(*w));
    if (db_next_id(d->db, "warehouse", &w->id) != 0)
        return -1;
    w->kind = kind;
    w->unit = unit;
    w->party = party;
    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(code);
    p[2] = DB_TEXT(name);
    p[3] = DB_TEXT(kinds[kind]);
    p[4] = DB_INT(unit);
    p[5] = party > 0 ? DB_INT(party) : DB_NULLP;
    p[6] = region > 0 ? DB_INT(region) : DB_NULLP;
    p[7] = DB_TEXT(full);
    p[8] = DB_TEXT(kind == WH_CENTRAL ? "王建国" : contact);
    p[9] = DB_TEXT(phone);
    p[10] = DB_TS(d->now - DS_DAYS * DS_DAY - DS_DAY);
    p[11] = DB_TS(d->now - DS_DAYS * DS_DAY - DS_DAY);
    if (db_exec(d->db, &sql_ds_warehouse, p, 12, NULL) != 0)
        return -1;
    d->n_wh++;
    return 0;
}

static int
load_warehouses(struct ds *d)
{
    struct db_rows r;
    struct db_param p[1];

    if (db_query(d->db, d->a, &sql_ds_hq, NULL, 0, 0, 0, &r) != 0 ||
        r.n_rows == 0)
        return -1;
    d->hq = db_cell_int(&r, 0, 0);
    if (ds_warehouse(d, WH_CENTRAL, "WH-HQ", "总部中央仓库", d->hq, 0, 0, "SH",
                     "上海市嘉定区兴贤路1180号", "嘉定物流园") != 0)
        return -1;
    if (db_query(d->db, d->a, &sql_ds_branches, NULL, 0, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows && d->n_branch_wh < DS_BRANCHES; i++) {
        const char *code = db_cell(&r, i, 1), *name = db_cell(&r, i, 2);
        char wcode[24], wname[120];
        int64_t unit = db_cell_int(&r, i, 0);

        snprintf(wcode, sizeof(wcode), "WH-%s", code);
        snprintf(wname, sizeof(wname), "%s仓库", name);
        if (ds_warehouse(d, WH_BRANCH, wcode, wname, unit, 0,
                         db_cell(&r, i, 3) != NULL ? db_cell_int(&r, i, 3) : 0,
                         code, NULL, " 物流中心") != 0)
            return -1;
        p[0] = DB_INT(unit);
        {
            struct db_rows dr;

            if (db_query(d->db, d->a, &sql_ds_dealer, p, 1, 0, 0, &dr) != 0)
                return -1;
            d->dealer[d->n_wh - 1] = dr.n_rows > 0 && db_cell(&dr, 0, 0) != NULL
                                         ? db_cell_int(&dr, 0, 0)
                                         : 0;
        }
        d->n_branch_wh++;
    }
    if (db_query(d->db, d->a, &sql_ds_agents, NULL, 0, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows && i < DS_AGENTS; i++) {
        const char *code = db_cell(&r, i, 1), *name = db_cell(&r, i, 2);
        int64_t party = db_cell_int(&r, i, 0), unit = db_cell_int(&r, i, 3);
        int64_t region = db_cell(&r, i, 4) != NULL ? db_cell_int(&r, i, 4) : 0;
        char wcode[24], wname[160], city[8] = "";
        const char *dash = code != NULL ? strchr(code, '-') : NULL;

        /* the agent's city: "A-BJ-02" -> "BJ" */
        if (dash != NULL && strlen(dash + 1) >= 2 && dash[3] == '-')
            memcpy(city, dash + 1, 2), city[2] = '\0';
        snprintf(wcode, sizeof(wcode), "AG-%s", code);
        snprintf(wname, sizeof(wname), "%s自有仓", name);
        if (ds_warehouse(d, WH_AGENT, wcode, wname, unit, party, region, city,
                         NULL, " 代理商仓库") != 0)
            return -1;
        snprintf(wcode, sizeof(wcode), "CS-%s", code);
        snprintf(wname, sizeof(wname), "%s寄售仓", name);
        if (ds_warehouse(d, WH_CONSIGN, wcode, wname, unit, party, region, city,
                         NULL, " 寄售仓（货权属公司）") != 0)
            return -1;
        d->consign[i] = d->n_wh - 1;
        d->agent[i] = party;
    }
    return 0;
}

static int
load_products(struct ds *d)
{
    struct db_rows r;

    if (db_query(d->db, d->a, &sql_ds_products, NULL, 0, DS_SKUS, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows && d->n_sku < DS_SKUS; i++) {
        d->sku[d->n_sku] = db_cell_int(&r, i, 0);
        d->price[d->n_sku] = db_cell_int(&r, i, 1);
        d->n_sku++;
    }
    return d->n_sku > 0 ? 0 : -1;
}

/* One move of a document line, kept in the simulation's on hand; the
 * caller took the warehouse (ds_lock) for the document. */
static int
ds_move(struct ds *d, int w, int sku, const char *bucket, const char *kind,
        int64_t qty, int64_t doc, int line, const char *on, int64_t user,
        int64_t count_id)
{
    struct stock_move m = {d->wh[w].id, d->sku[sku], bucket, kind, qty};
    struct stock_ref ref = {STOCK_DOC_TYPE, doc, line, on, user, count_id, 0};
    int rc;

    if ((rc = stock_post(d->db, &m, &ref, NULL)) != STOCK_OK) {
        fprintf(stderr, "qudao demo: stock: %s moving %" PRId64 " on %s\n",
                stock_result_name(rc), qty, on);
        return -1;
    }
    if (strcmp(bucket, "on_hand") == 0)
        d->wh[w].on_hand[sku] += qty;
    d->n_moves++;
    return 0;
}

static int
ds_lock(struct ds *d, int w, const char *on)
{
    int rc = stock_lock(d->db, d->wh[w].id, on);

    if (rc != STOCK_OK)
        fprintf(stderr, "qudao demo: stock: %s locking a warehouse on %s\n",
                stock_result_name(rc), on);
    return rc == STOCK_OK ? 0 : -1;
}

/* Write a document and its lines (the moves are the caller's). */
static int
ds_doc(struct ds *d, const char *kind, const char *status, int w, int dest,
       int64_t party, const char *reason, long day, long done_day,
       const char *note, const struct ds_line *lines, int n, int64_t amount,
       int64_t *id_out)
{
    static const struct {
        const char *kind, *prefix;
    } prefixes[] = {{"receipt", "RK"}, {"issue", "CK"},  {"transfer", "DB"},
                    {"count", "PD"},   {"damage", "BS"}, {"return", "TH"},
                    {"sellthru", "JS"}};
    const char *prefix = "XX";
    char on[16], no[DOCNO_MAX];
    struct db_param p[18];
    int64_t id;
    time_t at = (time_t)day * DS_DAY + 9 * 3600 + (time_t)(ds_rng(d) % 28800);
    time_t done = (time_t)done_day * DS_DAY + 10 * 3600;
    int posted = strcmp(status, "draft") != 0;
    int received = strcmp(status, "received") == 0;

    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (strcmp(prefixes[i].kind, kind) == 0)
            prefix = prefixes[i].prefix;
    ds_day(day, on);
    if (db_next_id(d->db, "stock_doc", &id) != 0 ||
        docno_make(no, prefix, on, id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(no);
    p[2] = DB_TEXT(kind);
    p[3] = DB_TEXT(status);
    p[4] = DB_INT(d->wh[w].id);
    p[5] = dest >= 0 ? DB_INT(d->wh[dest].id) : DB_NULLP;
    p[6] = party > 0 ? DB_INT(party) : DB_NULLP;
    p[7] = DB_TEXT(reason);
    p[8] = DB_TEXT(on);
    p[9] = DB_TEXT(note);
    p[10] = amount > 0 ? DB_INT(amount) : DB_NULLP;
    p[11] = DB_TS(at);
    p[12] = d->clerk > 0 ? DB_INT(d->clerk) : DB_NULLP;
    p[13] = posted ? DB_TS(at + 600) : DB_NULLP;
    p[14] = posted && d->clerk > 0 ? DB_INT(d->clerk) : DB_NULLP;
    p[15] = received ? DB_TS(done) : DB_NULLP;
    p[16] = received && d->clerk > 0 ? DB_INT(d->clerk) : DB_NULLP;
    if (db_exec(d->db, &sql_ds_doc, p, 17, NULL) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        const struct ds_line *l = &lines[i];

        p[0] = DB_INT(id);
        p[1] = DB_INT(i + 1);
        p[2] = DB_INT(d->sku[l->sku]);
        p[3] = DB_INT(l->qty);
        p[4] = l->done >= 0 ? DB_INT(l->done) : DB_NULLP;
        p[5] = l->book >= 0 ? DB_INT(l->book) : DB_NULLP;
        p[6] = l->price >= 0 ? DB_INT(l->price) : DB_NULLP;
        p[7] = DB_TEXT(l->cond != NULL ? l->cond : "sellable");
        p[8] = DB_TEXT(l->reason);
        if (db_exec(d->db, &sql_ds_line, p, 9, NULL) != 0)
            return -1;
    }
    d->n_docs++;
    *id_out = id;
    return 0;
}

/* n distinct products, chosen at random, into lines[] (sorted by sku so
 * the moves go in increasing product id order, as stock.h asks). */
static int
pick(struct ds *d, struct ds_line *lines, int n, int lo, int hi)
{
    int chosen = 0;
    char used[DS_SKUS];

    memset(used, 0, sizeof(used));
    if (n > d->n_sku)
        n = d->n_sku;
    while (chosen < n) {
        int s = (int)ds_between(d, lo, hi < d->n_sku - 1 ? hi : d->n_sku - 1);

        if (used[s])
            continue;
        used[s] = 1;
        chosen++;
    }
    chosen = 0;
    for (int s = 0; s < d->n_sku; s++)
        if (used[s]) {
            memset(&lines[chosen], 0, sizeof(lines[chosen]));
            lines[chosen].sku = s;
            lines[chosen].done = lines[chosen].book = lines[chosen].price = -1;
            chosen++;
        }
    return chosen;
}

/* Goods into w: an opening or purchase receipt. */
static int
receipt(struct ds *d, int w, long day, int n_lines, int64_t lo, int64_t hi,
        const char *note)
{
    struct ds_line lines[DS_LINES + DS_SKUS];
    int64_t doc;
    char on[16];
    int n = pick(d, lines, n_lines, 0, d->n_sku - 1);

    for (int i = 0; i < n; i++)
        lines[i].qty = ds_between(d, lo, hi);
    ds_day(day, on);
    if (ds_doc(d, "receipt", "posted", w, -1, 0,
               note != NULL ? "other" : "purchase", day, day, note, lines, n, 0,
               &doc) != 0 ||
        ds_lock(d, w, on) != 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (ds_move(d, w, lines[i].sku, "on_hand", "receipt", lines[i].qty, doc,
                    i + 1, on, d->clerk, 0) != 0)
            return -1;
    return 0;
}

/* Goods from `from` to `to`: shipped on day, received on recv_day (< 0:
 * still on the road); a unit lost now and then. */
static int
transfer(struct ds *d, int from, int to, long day, long recv_day, int n_lines,
         int64_t lo, int64_t hi)
{
    struct ds_line all[DS_LINES], lines[DS_LINES];
    int64_t doc;
    char on[16], rv[16];
    int n = 0, m = pick(d, all, n_lines, 0, d->n_sku - 1);
    int lo_id = d->wh[from].id < d->wh[to].id ? from : to;

    for (int i = 0; i < m; i++) {
        int64_t want = ds_between(d, lo, hi);
        int64_t have = d->wh[from].on_hand[all[i].sku];

        if (have < 10)
            continue;
        lines[n] = all[i];
        lines[n].qty = want < have / 2 ? want : have / 2;
        if (recv_day >= 0) {
            int lost = ds_rng(d) % 25 == 0;

            lines[n].done = lines[n].qty - (lost ? 1 : 0);
            lines[n].reason = lost ? "damaged" : NULL;
        }
        n++;
    }
    if (n == 0)
        return 0;
    ds_day(day, on);
    if (ds_doc(d, "transfer", recv_day >= 0 ? "received" : "shipped", from, to,
               0, NULL, day, recv_day, NULL, lines, n, 0, &doc) != 0)
        return -1;
    /* both warehouses, in increasing id order */
    if (ds_lock(d, lo_id, on) != 0 || ds_lock(d, lo_id == from ? to : from, on))
        return -1;
    for (int i = 0; i < n; i++)
        if (ds_move(d, from, lines[i].sku, "on_hand", "transfer_out",
                    -lines[i].qty, doc, i + 1, on, d->clerk, 0) != 0 ||
            ds_move(d, to, lines[i].sku, "in_transit", "transfer_out",
                    lines[i].qty, doc, i + 1, on, d->clerk, 0) != 0)
            return -1;
    if (recv_day < 0)
        return 0;
    ds_day(recv_day, rv);
    if (ds_lock(d, to, rv) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (ds_move(d, to, lines[i].sku, "in_transit", "transfer_in",
                    -lines[i].qty, doc, i + 1, rv, d->clerk, 0) != 0)
            return -1;
        if (lines[i].done > 0 &&
            ds_move(d, to, lines[i].sku, "on_hand", "transfer_in",
                    lines[i].done, doc, i + 1, rv, d->clerk, 0) != 0)
            return -1;
    }
    return 0;
}

/* Goods out of w (sales, damage, sell-through): at most what is there. */
static int
goods_out(struct ds *d, int w, const char *kind, const char *reason, long day,
          int n_lines, int64_t hi, int64_t party)
{
    struct ds_line all[DS_LINES], lines[DS_LINES];
    int64_t doc, amount = 0;
    char on[16];
    int n = 0, m = pick(d, all, n_lines, 0, d->n_sku - 1);
    int sell = strcmp(kind, "sellthru") == 0;
    const char *move_kind = kind;

    for (int i = 0; i < m; i++) {
        int64_t have = d->wh[w].on_hand[all[i].sku];

        if (have <= 0)
            continue;
        lines[n] = all[i];
        lines[n].qty = ds_between(d, 1, hi < have ? hi : have);
        if (sell || strcmp(kind, "damage") == 0) {
            lines[n].price = d->price[lines[n].sku] * (sell ? 85 : 100) / 100;
            amount += lines[n].price * lines[n].qty;
        }
        n++;
    }
    if (n == 0)
        return 0;
    ds_day(day, on);
    if (ds_doc(d, kind, "posted", w, -1, party, reason, day, day, NULL, lines,
               n, amount, &doc) != 0 ||
        ds_lock(d, w, on) != 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (ds_move(d, w, lines[i].sku, "on_hand", move_kind, -lines[i].qty,
                    doc, i + 1, on, d->clerk, 0) != 0)
            return -1;
    if (sell && amount > 0) {
        char due[16];
        struct ledger_post e;

        ds_day(day + 30, due);
        memset(&e, 0, sizeof(e));
        e.party_id = party;
        e.kind = "receivable";
        e.bucket = "receivable";
        e.amount = amount;
        e.source_type = "sellthru";
        e.source_id = doc;
        e.entry_on = on;
        e.due_on = due;
        e.note = "寄售代销结算";
        e.now = (time_t)day * DS_DAY + 12 * 3600;
        if (ledger_post(d->db, &e, NULL) != LEDGER_OK)
            return -1;
        /* paid twenty days later, when that day has come */
        if (day + 20 <= d->today) {
            int64_t sid;

            ds_day(day + 20, on);
            if (db_next_id(d->db, "ledger_entry", &sid) != 0)
                return -1;
            e.kind = "payment";
            e.amount = -amount;
            e.source_type = "demo";
            e.source_id = sid;
            e.entry_on = on;
            e.due_on = NULL;
            e.note = "寄售货款";
            e.floor = 1;
            e.now = (time_t)(day + 20) * DS_DAY + 15 * 3600;
            if (ledger_post(d->db, &e, NULL) != LEDGER_OK)
                return -1;
        }
    }
    return 0;
}

/* A dealer returns goods to branch w: sellable lines, the last damaged
 * (received, then written off on the same line). */
static int
goods_back(struct ds *d, int w, long day)
{
    struct ds_line lines[3];
    int64_t doc;
    char on[16];
    int n = pick(d, lines, 3, 0, 39);

    if (d->dealer[w] == 0)
        return 0;
    for (int i = 0; i < n; i++) {
        lines[i].qty = ds_between(d, 1, 6);
        lines[i].cond = i == n - 1 ? "damaged" : "sellable";
        lines[i].reason = i == n - 1 ? "broken" : NULL;
    }
    ds_day(day, on);
    if (ds_doc(d, "return", "posted", w, -1, d->dealer[w], "quality", day, day,
               "经销商退货", lines, n, 0, &doc) != 0 ||
        ds_lock(d, w, on) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (ds_move(d, w, lines[i].sku, "on_hand", "return", lines[i].qty, doc,
                    i + 1, on, d->clerk, 0) != 0)
            return -1;
        if (i == n - 1 &&
            ds_move(d, w, lines[i].sku, "on_hand", "damage", -lines[i].qty, doc,
                    i + 1, on, d->clerk, 0) != 0)
            return -1;
    }
    return 0;
}

/* A posted stocktake of the first products at branch w on day: book
 * quantities as they were, a few counted short or over. */
static int
stocktake(struct ds *d, int w, long day)
{
    struct ds_line lines[DS_LINES];
    int64_t doc;
    char on[16];
    int n = 0;

    for (int s = 0; s < d->n_sku && n < 30; s++) {
        if (d->wh[w].on_hand[s] <= 0)
            continue;
        memset(&lines[n], 0, sizeof(lines[n]));
        lines[n].sku = s;
        lines[n].book = d->wh[w].on_hand[s];
        lines[n].price = -1;
        lines[n].done = lines[n].book;
        if (n % 9 == 4)
            lines[n].done = lines[n].book - 1 - (n % 2);
        else if (n % 13 == 7)
            lines[n].done = lines[n].book + 1;
        lines[n].qty = 0;
        n++;
    }
    if (n == 0)
        return 0;
    ds_day(day, on);
    if (ds_doc(d, "count", "posted", w, -1, 0, NULL, day, day, "季度盘点",
               lines, n, 0, &doc) != 0 ||
        ds_lock(d, w, on) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        int64_t var = lines[i].done - lines[i].book;

        if (var != 0 && ds_move(d, w, lines[i].sku, "on_hand", "count", var,
                                doc, i + 1, on, d->clerk, doc) != 0)
            return -1;
    }
    return 0;
}

/* Close every month of every warehouse that ended before last month
 * began, with its snapshot. */
static int
close_periods(struct ds *d)
{
    time_t t = (time_t)d->today * DS_DAY;
    struct tm tm;

    gmtime_r(&t, &tm);
    for (int w = 0; w < d->n_wh; w++) {
        struct tm m = tm;
        char last[16] = "";

        m.tm_mday = 1;
        m.tm_mon -= 13;
        for (int k = 0; k < 12; k++) {
            struct tm end;
            time_t e;
            char period[8];
            struct db_param p[5];

            m.tm_mon++;
            end = m;
            end.tm_mon++;
            end.tm_mday = 0; /* the last day of month m */
            e = timegm(&end);
            if (e / DS_DAY >= d->today - 31 - 1 ||
                e / DS_DAY < d->today - DS_DAYS)
                continue;
            gmtime_r(&e, &end);
            strftime(last, sizeof(last), "%Y-%m-%d", &end);
            strftime(period, sizeof(period), "%Y-%m", &end);
            p[0] = DB_INT(d->wh[w].id);
            p[1] = DB_TEXT(period);
            p[2] = DB_TEXT(last);
            p[3] = DB_TS(e + DS_DAY + 3600);
            p[4] = d->director > 0 ? DB_INT(d->director) : DB_NULLP;
            if (db_exec(d->db, &sql_ds_period, p, 5, NULL) != 0)
                return -1;
            p[0] = DB_TEXT(period);
            p[1] = DB_INT(d->wh[w].id);
            p[2] = DB_TEXT(last);
            if (db_exec(d->db, &sql_ds_period_bal, p, 3, NULL) != 0)
                return -1;
        }
        if (last[0] != '\0') {
            struct db_param p[2] = {DB_TEXT(last), DB_INT(d->wh[w].id)};

            if (db_exec(d->db, &sql_ds_close, p, 2, NULL) != 0)
                return -1;
        }
    }
    return 0;
}

/* Safety stock on the first products at the branches; a few set above
 * what is there. */
static int
safety(struct ds *d)
{
    for (int w = 1; w <= d->n_branch_wh; w++)
        for (int s = 0; s < 24 && s < d->n_sku; s++) {
            int64_t have = d->wh[w].on_hand[s];
            int64_t safe = s % 6 == 0 ? have + 20 : have / 3 + 5;
            struct db_param p[4] = {DB_INT(safe), DB_INT(safe * 3),
                                    DB_INT(d->wh[w].id), DB_INT(d->sku[s])};

            if (have <= 0 && s % 6 != 0)
                continue;
            if (db_exec(d->db, &sql_ds_safety, p, 4, NULL) != 0)
                return -1;
        }
    return 0;
}

int
demo_stock(struct db *db)
{
    static const char *const damage_reasons[] = {"broken", "expired", "lost"};
    struct ds *d = calloc(1, sizeof(*d));
    int rc = -1;

    if (d == NULL)
        return -1;
    d->db = db;
    d->a = arena_new(16384);
    d->now = clock_now();
    d->today = (long)(d->now / DS_DAY);
    d->rng = UINT64_C(0x9E3779B97F4A7C15);
    if (ds_user(d, "warehouse", &d->clerk) != 0 ||
        ds_user(d, "finance", &d->finance) != 0 ||
        ds_user(d, "director", &d->director) != 0 || load_warehouses(d) != 0 ||
        load_products(d) != 0)
        goto out;

    {
        long first = d->today - DS_DAYS;

        if (receipt(d, 0, first, d->n_sku, 400, 2000, "期初库存") != 0)
            goto out;
        for (long day = first + 1; day <= d->today; day++) {
            long k = day - first;

            if (k % 7 == 0 && receipt(d, 0, day, 25, 100, 600, NULL) != 0)
                goto out;
            for (int w = 1; w <= d->n_branch_wh; w++) {
                int ahead = d->today - day < 5; /* still on the road */

                if ((k + w) % 21 == 1 &&
                    transfer(d, 0, w, day, ahead ? -1 : day + 2, 10, 20, 120) !=
                        0)
                    goto out;
                if ((k + w) % 5 == 0 &&
                    goods_out(d, w, "issue", "sale", day, 6, 25, 0) != 0)
                    goto out;
                if ((k + 3 * w) % 30 == 0 &&
                    goods_out(d, w, "damage", damage_reasons[(k / 30) % 3], day,
                              2, 3, 0) != 0)
                    goto out;
                if ((k + 5 * w) % 45 == 0 && goods_back(d, w, day) != 0)
                    goto out;
            }
            for (int g = 0; g < DS_AGENTS && d->agent[g] > 0; g++) {
                if ((k + g) % 30 == 2 &&
                    transfer(d, 0, d->consign[g], day,
                             d->today - day < 3 ? -1 : day + 3, 5, 20, 60) != 0)
                    goto out;
                /* the agent's own warehouse: its purchases and sales */
                if ((k + g) % 30 == 5 &&
                    receipt(d, d->consign[g] - 1, day, 8, 50, 200, NULL) != 0)
                    goto out;
                if ((k + g) % 7 == 3 && goods_out(d, d->consign[g] - 1, "issue",
                                                  "sale", day, 4, 20, 0) != 0)
                    goto out;
                if ((k + g) % 30 == 20 &&
                    goods_out(d, d->consign[g], "sellthru", NULL, day, 4, 15,
                              d->agent[g]) != 0)
                    goto out;
            }
            if (day == d->today - 75 && d->n_branch_wh > 0 &&
                stocktake(d, 1, day) != 0)
                goto out;
        }
    }
    if (close_periods(d) != 0 || safety(d) != 0)
        goto out;
    {
        char today[11];

        clock_day(today, 0);
        for (int g = 0; g < DS_AGENTS && d->agent[g] > 0; g++)
            if (ledger_review_holds(db, d->agent[g], today,
                                    ledger_overdue_days()) < 0)
                goto out;
    }
    printf("demo inventory: %d warehouses, %ld stock documents, %ld moves\n",
           d->n_wh, d->n_docs, d->n_moves);
    rc = 0;
out:
    arena_free(d->a);
    free(d);
    return rc;
}
