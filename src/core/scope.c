/* scope.c - see scope.h. */
#include "scope.h"

#include "audit.h"
#include "auth.h"
#include "ctx.h"
#include "log.h"

int64_t
scope_unit(const struct ctx *c)
{
    if (c->user == NULL || c->user->unit_id <= 0)
        return -1;
    return c->user->unit_id;
}

int64_t
scope_party(const struct ctx *c)
{
    if (c->user == NULL || c->user->party_id <= 0)
        return -1;
    return c->user->party_id;
}

void
scope_denied(struct ctx *c, const char *entity, int64_t id)
{
    log_info("req=%s scope: %s %lld not found or outside the scope of user "
             "%lld",
             c->request_id, entity, (long long)id,
             c->user != NULL ? (long long)c->user->id : 0LL);
    audit_write_now(c, entity, id, "denied", "not found or outside scope");
}
