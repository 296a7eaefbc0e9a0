/*
 * ledger.c - the account ledger, credit limits and holds, payments (issue 4).
 * Being built: the route table is filled in by the module's work.
 */
#include "../core/ctx.h"

static const struct route routes[] = {
    {0, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct module ledger_module = {"ledger", routes, 0};
