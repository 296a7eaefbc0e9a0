/*
 * system.c - pages every installation has.
 *
 * Pages:  GET /          home: what the catalog holds
 *         GET /healthz   200 "ok" when the database answers, else 503
 *         GET /metrics   Prometheus text (nginx lets only loopback in)
 * Tables: product, category (counts only)
 * Style:  xsl/home.xsl
 */
#include "../core/ctx.h"
#include "../core/metrics.h"
#include "../core/xd.h"
#include "../db/db.h"

DB_STATEMENT(sql_counts, 0,
             "SELECT (SELECT COUNT(*) FROM product),"
             " (SELECT COUNT(*) FROM category)"
             " FROM schema_version WHERE version = 1");

/* GET / */
static int
system_home(struct ctx *c)
{
    struct db_rows r;
    xmlNodePtr home, counts;

    if (db_query(c->db, c->a, &sql_counts, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    home = ctx_data(c, "home");
    counts = xd_elem(home, "counts");
    xd_attr_int(counts, "products", r.n_rows ? db_cell_int(&r, 0, 0) : 0);
    xd_attr_int(counts, "categories", r.n_rows ? db_cell_int(&r, 0, 1) : 0);
    return 0;
}

/* GET /healthz: the only check is the database, which every page needs. */
static int
system_healthz(struct ctx *c)
{
    c->raw_type = "text/plain; charset=utf-8";
    sbuf_init(&c->raw, c->a, 16);
    if (c->db == NULL || db_ping(c->db) != 0) {
        c->status = 503;
        sbuf_adds(&c->raw, "database unavailable\n");
        return 0;
    }
    sbuf_adds(&c->raw, "ok\n");
    return 0;
}

/* GET /metrics */
static int
system_metrics(struct ctx *c)
{
    c->raw_type = "text/plain; version=0.0.4; charset=utf-8";
    sbuf_init(&c->raw, c->a, 4096);
    metrics_write(&c->raw);
    return 0;
}

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET, "/",        "home",    ROUTE_PUBLIC, "home.xsl", system_home,    NULL, 0},
    {REQ_GET, "/healthz", "healthz", ROUTE_PUBLIC, NULL,       system_healthz, NULL, ROUTE_RAW},
    {REQ_GET, "/metrics", "metrics", ROUTE_PUBLIC, NULL,       system_metrics, NULL, ROUTE_RAW | ROUTE_NO_DB},
};
/* clang-format on */

const struct module system_module = {"system", routes,
                                     sizeof(routes) / sizeof(routes[0])};
