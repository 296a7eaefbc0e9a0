/* modules.c - every business module, one line each.  The router tries
 * them in this order (a module's fixed paths before another's {id}). */
#include "core/route.h"

extern const struct module system_module;
extern const struct module products_module;
extern const struct module account_module;
extern const struct module admin_module;
extern const struct module org_module;
extern const struct module workflow_module;
extern const struct module party_module;
extern const struct module channel_module;
extern const struct module ledger_module;
extern const struct module statement_module;
extern const struct module ticket_module;
extern const struct module price_module;
extern const struct module promo_module;
extern const struct module cart_module;
extern const struct module order_module;
extern const struct module feed_module;
extern const struct module warehouse_module;
extern const struct module stockq_module;
extern const struct module stockdoc_module;
extern const struct module stockcount_module;
extern const struct module consign_module;

/* clang-format off */
const struct module *const qudao_modules[] = {
    &system_module,
    &products_module,
    &account_module,
    &admin_module,
    &org_module,
    &workflow_module,
    &party_module,
    &channel_module,
    &ledger_module,
    &statement_module,
    &ticket_module,
    &price_module,
    &promo_module,
    &cart_module,
    &order_module,
    &feed_module,
    &warehouse_module,
    &stockq_module,
    &stockdoc_module,
    &stockcount_module,
    &consign_module,
};
/* clang-format on */

const size_t qudao_n_modules = sizeof(qudao_modules) / sizeof(qudao_modules[0]);
