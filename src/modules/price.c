/*
 * price.c - price management and the pricing function (issue 5).  Being
 * built.
 */
#include "../core/ctx.h"

static const struct route routes[] = {
    {0, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct module price_module = {"price", routes, 0};
