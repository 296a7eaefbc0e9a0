/*
 * statement.c - receivables ageing and customer statements (issue 4).  Being
 * built: the route table is filled in by the module's work.
 */
#include "../core/ctx.h"

static const struct route routes[] = {
    {0, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct module statement_module = {"statement", routes, 0};
