/*
 * routes.c - the route table of the stock queries: the parameters each
 * page takes and const struct module stockq_module (src/modules.c lists
 * it).  The module and the handlers: stockq_int.h.
 */
#include "stockq_int.h"

#include "../../core/ctx.h"

#define SQ_MOVES_MAX 2000 /* pages of the detail (db_query's cap) */

#define P_CHOICE(n, list)                                                      \
    {                                                                          \
        n, P_ENUM, 0, 0, list, 0                                               \
    }
#define P_PAGES(max)                                                           \
    {                                                                          \
        "page", P_INT, 1, max, NULL, 0                                         \
    }
#define P_DATE(n) P_FIELD(n, 10)
#define SQ_FILTER_PARAMS                                                       \
    P_ID("warehouse"), P_ID("unit"), P_ID("region"), P_ID("category"),         \
        P_SEARCH, P_DIR(sq_dirs), P_PAGE

static const struct param_spec list_params[] = {
    SQ_FILTER_PARAMS,
    P_FLAG("stock"),
    P_FLAG("low"),
    P_DATE("as_of"),
    P_CHOICE("sort", sq_list_sorts),
    P_END,
};
static const struct param_spec summary_params[] = {
    SQ_FILTER_PARAMS,
    P_FLAG("stock"),
    P_FLAG("low"),
    P_CHOICE("by", sq_sum_bys),
    P_CHOICE("sort", sq_sum_sorts),
    P_END,
};
static const struct param_spec moves_params[] = {
    P_FIELD("product", 40), P_ID("warehouse"),     P_DATE("from"),
    P_DATE("to"),           P_PAGES(SQ_MOVES_MAX), P_END,
};
static const struct param_spec turnover_params[] = {
    SQ_FILTER_PARAMS,
    P_DATE("from"),
    P_DATE("to"),
    P_CHOICE("sort", sq_turn_sorts),
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET, "/stock",          "stock.list",     "stock.view", "stockq.xsl", sq_stock_list,     list_params,     ROUTE_CSV},
    {REQ_GET, "/stock/summary",  "stock.summary",  "stock.view", "stockq.xsl", sq_stock_summary,  summary_params,  ROUTE_CSV},
    {REQ_GET, "/stock/moves",    "stock.moves",    "stock.view", "stockq.xsl", sq_stock_moves,    moves_params,    ROUTE_CSV},
    {REQ_GET, "/stock/turnover", "stock.turnover", "stock.view", "stockq.xsl", sq_stock_turnover, turnover_params, ROUTE_CSV},
};
/* clang-format on */

const struct module stockq_module = {"stockq", routes,
                                     sizeof(routes) / sizeof(routes[0])};
