/*
 * ticket.c - complaints, feedback and after-sales tickets (客户反馈及投诉,
 * issue 4): filed by a dealer or agent on its portal, or entered by staff
 * for a party; assigned to staff; a conversation the party sees (and
 * internal notes it never sees); response and resolution times measured
 * against the targets of the settings.
 *
 * Pages:  GET  /tickets             the tickets in scope: search, filters,
 *                                   sort, pages; /tickets.csv  ticket.view
 *         GET  /tickets/new         form; POST opens a ticket  ticket.create
 *         GET  /tickets/{id}        the ticket, its times and its
 *                                   conversation               ticket.view
 *         POST /tickets/{id}/reply  a reply; staff: or an internal note
 *                                   (internal=1)               ticket.view *
 *         POST /tickets/{id}/assign to a staff member          ticket.handle
 *         POST /tickets/{id}/status to=resolved|closed|open    ticket.view *
 *   * the route lets ticket.view in; the handler then requires a channel
 *     user of the ticket's subtree ("the party side") or staff holding
 *     ticket.handle, as the table below says (403 otherwise).
 * Tables: ticket, ticket_reply (schema/0003-channel.xml); party,
 *         party_closure, product, qd_user, user_scope, user_role,
 *         role_perm, org_closure read.
 * Style:  xsl/ticket.xsl, text in xsl/i18n/<lang>/ticket.xml, documents in
 *         schema/xsd/ticket.xsd.
 *
 * Scope (SECURITY.md class 1): every read and every write of a ticket
 * joins its party and uses SCOPE_PARTY_SQL: staff see the tickets of the
 * parties their org subtree services, channel users those of their
 * channel subtree.  A foreign id is answered exactly like a missing one
 * (404) and logged (scope_denied).  Internal notes are selected only for
 * staff (a statement of its own: they never reach a channel user's
 * document, in any format).  Staff are users without a channel party.
 *
 * Who files for whom: a dealer (or customer) user files for its own party
 * only (a different party code is refused with 422, like an unknown
 * one); an agent user for its own party or any party of its channel
 * subtree; staff for any party in their scope, by code.
 *
 * Targets: respond_by = created_at + setting ticket.respond_hours (default
 * 24), resolve_by = created_at + ticket.resolve_hours (default 120), fixed
 * when the ticket is opened.  A ticket is overdue while it is open,
 * assigned or answered and either no staff reply came and respond_by has
 * passed, or resolve_by has passed.  Response time = first public staff
 * reply - created; resolution time = resolved - created.
 *
 * Transitions (SECURITY.md class 9: only along these edges, in SQL):
 *
 *   action       who                    from                  to
 *   create       ticket.create          -                     open
 *   assign       staff, ticket.handle   open assigned         open -> assigned,
 *                                       answered              others unchanged
 *   reply        staff, ticket.handle   all but closed        open, assigned ->
 *                                                             answered; sets
 *                                                             replied_at once
 *   note         staff, ticket.handle   all but closed        unchanged
 *   (internal=1)
 *   reply        party side             all but closed        answered,
 * resolved
 *                                                             -> open (reopen,
 *                                                             resolved_at
 * cleared) resolve      staff, ticket.handle   open assigned         resolved
 * (sets answered              resolved_at) close        party side, or staff
 * all but closed        closed with ticket.handle reopen       party side, or
 * staff   answered resolved     open (resolved_at with ticket.handle cleared)
 *
 * closed is final.  A channel user sending internal=1 is refused (422),
 * not silently published.
 *
 * Writes: each POST carries the ticket's version; the unit of work starts
 * with the guarded UPDATE (id, version, allowed from-states, scope;
 * PORTABILITY.md item 9), a row count of 0 is a conflict (409 with the
 * version sent and the ticket as it is now, the typed reply kept), then
 * the reply row and the audit record in the same transaction.  So a
 * double click takes effect once.  A transition not allowed from the
 * current state, with the current version, is a 422.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/audit.h"
#include "../core/page.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/scope.h"
#include "../core/settings.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"
#include "party.h"

#define PERM_HANDLE "ticket.handle"

#define TICKET_PAGE      50    /* rows per list page */
#define TICKET_CSV_MAX   10000 /* rows of a CSV export */
#define TICKET_ASSIGNEES 200   /* staff offered in the assign form */
#define TICKET_PARTIES   500   /* parties offered to an agent */
#define TICKET_SUBJECT   200
#define TICKET_BODY      2000
#define TICKET_CODE      40
#define TICKET_FIELD_MAX 1000 /* what a parameter table lets through */
#define TICKET_RESPOND_H 24
#define TICKET_RESOLVE_H 120
#define TICKET_HOURS_MAX 8760 /* a target of at most a year */

/* Results of a unit of work besides 0 (done) and -1 (database error). */
enum ticket_uow { TICKET_CONFLICT = 1 };

static const char *const kinds[] = {"complaint", "feedback", "service", NULL};
static const char *const priorities[] = {"low", "normal", "high", "urgent",
                                         NULL};
static const char *const statuses[] = {"open",     "assigned", "answered",
                                       "resolved", "closed",   NULL};
static const char *const sorts[] = {"created", "priority", "status", "due",
                                    NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const targets[] = {"resolved", "closed", "open", NULL};
static const char *const me_only[] = {"me", NULL};
static const char *const yes_only[] = {"1", NULL};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* The scope on the ticket's party (alias p): scope_unit, scope_party. */
#define SCOPE_OF_P SCOPE_PARTY_SQL("p.unit_id", "p.id")

/* The same for an UPDATE of ticket (no alias): scope_unit, scope_party. */
#define TICKET_IN_SCOPE                                                        \
    " AND party_id IN (SELECT p.id FROM party p WHERE " SCOPE_OF_P ")"

/* The states in which the company still owes something. */
#define TICKET_PENDING "('open', 'assigned', 'answered')"

/* One ticket in the scope: id, scope_unit, scope_party.  Columns: T_*. */
DB_STATEMENT(sql_ticket_get, 0,
             "SELECT t.id, t.party_id, p.code, p.name, p.kind, t.kind,"
             " t.product_id, pr.code, pr.name, t.order_ref, t.priority,"
             " t.subject, t.body, t.status, t.assignee_id, a.login,"
             " a.display_name, t.created_by, cb.login, cb.display_name,"
             " t.created_at, t.respond_by, t.resolve_by, t.replied_at,"
             " t.resolved_at, t.updated_at, t.version, p.unit_id"
             " FROM ticket t"
             " JOIN party p ON p.id = t.party_id"
             " LEFT JOIN product pr ON pr.id = t.product_id"
             " LEFT JOIN qd_user a ON a.id = t.assignee_id"
             " LEFT JOIN qd_user cb ON cb.id = t.created_by"
             " WHERE t.id = ?"
             " AND " SCOPE_OF_P);

enum {
    T_ID,
    T_PARTY_ID,
    T_PARTY_CODE,
    T_PARTY_NAME,
    T_PARTY_KIND,
    T_KIND,
    T_PRODUCT_ID,
    T_PRODUCT_CODE,
    T_PRODUCT_NAME,
    T_ORDER_REF,
    T_PRIORITY,
    T_SUBJECT,
    T_BODY,
    T_STATUS,
    T_ASSIGNEE_ID,
    T_ASSIGNEE_LOGIN,
    T_ASSIGNEE_NAME,
    T_CREATED_BY,
    T_CREATED_BY_LOGIN,
    T_CREATED_BY_NAME,
    T_CREATED_AT,
    T_RESPOND_BY,
    T_RESOLVE_BY,
    T_REPLIED_AT,
    T_RESOLVED_AT,
    T_UPDATED_AT,
    T_VERSION,
    T_PARTY_UNIT
};

/* The conversation, in order: ticket id.  The party side's statement
 * leaves the internal notes out in SQL. */
#define REPLIES                                                                \
    "SELECT r.id, r.user_id, q.login, q.display_name, r.body, r.internal,"     \
    " r.created_at, us.party_id"                                               \
    " FROM ticket_reply r"                                                     \
    " LEFT JOIN qd_user q ON q.id = r.user_id"                                 \
    " LEFT JOIN user_scope us ON us.user_id = r.user_id"                       \
    " WHERE r.ticket_id = ?"
DB_STATEMENT(sql_replies_staff, 0, REPLIES " ORDER BY r.created_at, r.id");
DB_STATEMENT(sql_replies_party, 0,
             REPLIES " AND r.internal = 0 ORDER BY r.created_at, r.id");

/*
 * Staff a ticket may be assigned to: active users at a unit of the
 * assigner's subtree (scope_unit) whose own subtree services the ticket's
 * party (party unit: they can see it) and who hold ticket.handle (or
 * everything).  Parameters: scope_unit, party unit.
 */
#define ASSIGNABLE                                                             \
    "SELECT u.id, u.login, u.display_name"                                     \
    " FROM qd_user u"                                                          \
    " JOIN user_scope us ON us.user_id = u.id"                                 \
    " WHERE u.status = 'active'"                                               \
    " AND " SCOPE_UNIT_SQL(                                                    \
        "us.unit_id") " AND EXISTS (SELECT 1 FROM org_closure ac"              \
                      " WHERE ac.ancestor_id = us.unit_id AND "                \
                      "ac.descendant_id = ?)"                                  \
                      " AND EXISTS (SELECT 1 FROM user_role ur"                \
                      " JOIN role_perm rp ON rp.role_id = ur.role_id"          \
                      " WHERE ur.user_id = u.id AND rp.perm IN ('" PERM_HANDLE \
                      "', '*'))"
DB_STATEMENT(sql_assignees, DB_PAGED,
             ASSIGNABLE " ORDER BY u.display_name, u.id");
/* ... and one of them: scope_unit, party unit, user id. */
DB_STATEMENT(sql_assignee_pick, 0, ASSIGNABLE " AND u.id = ?");

/* An agent's own party and its channel subtree: the agent's party. */
DB_STATEMENT(sql_party_subtree, DB_PAGED,
             "SELECT p.id, p.code, p.name, p.kind, pc.depth"
             " FROM party_closure pc"
             " JOIN party p ON p.id = pc.descendant_id"
             " WHERE pc.ancestor_id = ?"
             " ORDER BY pc.depth, p.code");

/* A product by code (the catalogue is not scoped). */
DB_STATEMENT(sql_product_by_code, 0,
             "SELECT pr.id, pr.code, pr.name FROM product pr"
             " WHERE pr.code = ?");

/* ---- the list --------------------------------------------------------- */

/*
 * The list's filter: scope (2); q (5: NULL test, subject, party code,
 * party name, order ref); status (2); kind (2); priority (2); party code
 * (2); assignee (2: NULL test, user id); overdue (3: NULL test, now, now).
 */
#define TICKET_WHERE                                                           \
    " WHERE " SCOPE_OF_P " AND (CAST(? AS VARCHAR(100)) IS NULL"               \
    " OR t.subject LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                       \
    " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR t.order_ref LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"                    \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR t.status = ?)"                    \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR t.kind = ?)"                      \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR t.priority = ?)"                  \
    " AND (CAST(? AS VARCHAR(40)) IS NULL OR p.code = ?)"                      \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR t.assignee_id = ?)"               \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR (t.status IN " TICKET_PENDING     \
    " AND ((t.replied_at IS NULL AND t.respond_by < ?)"                        \
    " OR t.resolve_by < ?)))"
#define TICKET_N_WHERE 20

/* Columns: L_*. */
#define TICKET_LIST                                                            \
    "SELECT t.id, t.subject, t.kind, t.priority, t.status, p.id, p.code,"      \
    " p.name, pr.code, t.order_ref, t.assignee_id, a.login,"                   \
    " a.display_name, t.created_at, t.respond_by, t.resolve_by,"               \
    " t.replied_at, t.resolved_at"                                             \
    " FROM ticket t"                                                           \
    " JOIN party p ON p.id = t.party_id"                                       \
    " LEFT JOIN product pr ON pr.id = t.product_id"                            \
    " LEFT JOIN qd_user a ON a.id = t.assignee_id" TICKET_WHERE

enum {
    L_ID,
    L_SUBJECT,
    L_KIND,
    L_PRIORITY,
    L_STATUS,
    L_PARTY_ID,
    L_PARTY_CODE,
    L_PARTY_NAME,
    L_PRODUCT_CODE,
    L_ORDER_REF,
    L_ASSIGNEE_ID,
    L_ASSIGNEE_LOGIN,
    L_ASSIGNEE_NAME,
    L_CREATED_AT,
    L_RESPOND_BY,
    L_RESOLVE_BY,
    L_REPLIED_AT,
    L_RESOLVED_AT
};

#define BY_PRIORITY                                                            \
    "CASE t.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3"                  \
    " WHEN 'normal' THEN 2 ELSE 1 END"
#define BY_STATUS                                                              \
    "CASE t.status WHEN 'open' THEN 1 WHEN 'assigned' THEN 2"                  \
    " WHEN 'answered' THEN 3 WHEN 'resolved' THEN 4 ELSE 5 END"
/* The next deadline: the response until a reply came, then resolution. */
#define BY_DUE                                                                 \
    "CASE WHEN t.replied_at IS NULL THEN t.respond_by ELSE t.resolve_by END"

/* One whole statement per sort choice: no identifier comes from input. */
DB_STATEMENT(sql_list_created_asc, DB_PAGED,
             TICKET_LIST " ORDER BY t.created_at ASC, t.id ASC");
DB_STATEMENT(sql_list_created_desc, DB_PAGED,
             TICKET_LIST " ORDER BY t.created_at DESC, t.id DESC");
DB_STATEMENT(sql_list_priority_asc, DB_PAGED,
             TICKET_LIST " ORDER BY " BY_PRIORITY " ASC, t.created_at ASC,"
                         " t.id ASC");
DB_STATEMENT(sql_list_priority_desc, DB_PAGED,
             TICKET_LIST " ORDER BY " BY_PRIORITY " DESC, t.created_at ASC,"
                         " t.id ASC");
DB_STATEMENT(sql_list_status_asc, DB_PAGED,
             TICKET_LIST " ORDER BY " BY_STATUS " ASC, t.created_at DESC,"
                         " t.id DESC");
DB_STATEMENT(sql_list_status_desc, DB_PAGED,
             TICKET_LIST " ORDER BY " BY_STATUS " DESC, t.created_at DESC,"
                         " t.id DESC");
DB_STATEMENT(sql_list_due_asc, DB_PAGED,
             TICKET_LIST " ORDER BY " BY_DUE " ASC, t.id ASC");
DB_STATEMENT(sql_list_due_desc, DB_PAGED,
             TICKET_LIST " ORDER BY " BY_DUE " DESC, t.id DESC");

DB_STATEMENT(sql_list_count, 0,
             "SELECT COUNT(*) FROM ticket t"
             " JOIN party p ON p.id = t.party_id" TICKET_WHERE);

/* ---- writes ----------------------------------------------------------- */

DB_STATEMENT(sql_ticket_insert, 0,
             "INSERT INTO ticket (id, party_id, kind, product_id, order_ref,"
             " priority, subject, body, status, created_by, created_at,"
             " respond_by, resolve_by, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, 1)");

DB_STATEMENT(sql_reply_insert, 0,
             "INSERT INTO ticket_reply (id, ticket_id, user_id, body,"
             " internal, created_at)"
             " VALUES (?, ?, ?, ?, ?, ?)");

/* The guarded transitions.  Each ends with: id, version, scope_unit,
 * scope_party. */
#define GUARD " WHERE id = ? AND version = ?"

/* assignee, now, ... */
DB_STATEMENT(sql_assign, 0,
             "UPDATE ticket SET assignee_id = ?,"
             " status = CASE WHEN status = 'open' THEN 'assigned'"
             " ELSE status END,"
             " updated_at = ?, version = version + 1" GUARD
             " AND status IN " TICKET_PENDING TICKET_IN_SCOPE);

/* A public staff reply: replied_at is set only when still NULL.
 * now (replied_at), now, ... */
DB_STATEMENT(sql_reply_staff, 0,
             "UPDATE ticket SET status = CASE WHEN status IN ('open',"
             " 'assigned') THEN 'answered' ELSE status END,"
             " replied_at = CASE WHEN replied_at IS NULL THEN ?"
             " ELSE replied_at END,"
             " updated_at = ?, version = version + 1" GUARD
             " AND status <> 'closed'" TICKET_IN_SCOPE);

/* An internal note: the ticket only moves its version.  now, ... */
DB_STATEMENT(sql_reply_note, 0,
             "UPDATE ticket SET updated_at = ?, version = version + 1" GUARD
             " AND status <> 'closed'" TICKET_IN_SCOPE);

/* A reply of the party side reopens an answered or resolved ticket.
 * (Every right-hand side sees the row as it was.)  now, ... */
DB_STATEMENT(sql_reply_party, 0,
             "UPDATE ticket SET status = CASE WHEN status IN ('answered',"
             " 'resolved') THEN 'open' ELSE status END,"
             " resolved_at = CASE WHEN status = 'resolved' THEN NULL"
             " ELSE resolved_at END,"
             " updated_at = ?, version = version + 1" GUARD
             " AND status <> 'closed'" TICKET_IN_SCOPE);

/* now (resolved_at), now, ... */
DB_STATEMENT(sql_resolve, 0,
             "UPDATE ticket SET status = 'resolved', resolved_at = ?,"
             " updated_at = ?, version = version + 1" GUARD
             " AND status IN " TICKET_PENDING TICKET_IN_SCOPE);

/* now, ... */
DB_STATEMENT(sql_close, 0,
             "UPDATE ticket SET status = 'closed',"
             " updated_at = ?, version = version + 1" GUARD
             " AND status <> 'closed'" TICKET_IN_SCOPE);

/* now, ... */
DB_STATEMENT(sql_reopen, 0,
             "UPDATE ticket SET status = 'open', resolved_at = NULL,"
             " updated_at = ?, version = version + 1" GUARD
             " AND status IN ('answered', 'resolved')" TICKET_IN_SCOPE);

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

static const char *const pending[] = {"open", "assigned", "answered", NULL};
static const char *const reopenable[] = {"answered", "resolved", NULL};

/* Staff: a user who sits at no channel party. */
static int
is_staff(const struct ctx *c)
{
    return c->user != NULL && c->user->party_id <= 0;
}

/* Staff who may handle tickets (assign, answer, note, resolve). */
static int
can_handle(const struct ctx *c)
{
    return is_staff(c) && auth_can(c, PERM_HANDLE);
}

/* A channel user: its scope decides which tickets it reaches at all. */
static int
party_side(const struct ctx *c)
{
    return c->user != NULL && c->user->party_id > 0;
}

static void
attr_flag(xmlNodePtr n, const char *name, int on)
{
    if (on)
        xd_attr(n, name, "true");
}

/*
 * A database timestamp ("2026-01-05 08:00:00.123", also with a 'T') as
 * seconds since the epoch, UTC; -1 when NULL or not of that shape.
 */
static time_t
ts_secs(const char *s)
{
    struct tm tm;
    int y, mo, d, h, mi, se;

    if (s == NULL || sscanf(s, "%4d-%2d-%2d%*1[ T]%2d:%2d:%2d", &y, &mo, &d, &h,
                            &mi, &se) != 6)
        return (time_t)-1;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se;
    return timegm(&tm);
}

/* A target in hours from the settings (default when unset or bad). */
static long
target_hours(const char *name, long dflt)
{
    const char *v = settings_get(name);
    char *end;
    long h;

    if (v == NULL || *v == '\0')
        return dflt;
    h = strtol(v, &end, 10);
    if (*end != '\0' || h < 1 || h > TICKET_HOURS_MAX)
        return dflt;
    return h;
}

/*
 * The deadline flags of a ticket (status, the four times) at `now`:
 * respond-overdue (no reply yet, respond_by passed), resolve-overdue
 * (resolve_by passed), both only while the company owes something
 * (open, assigned, answered); overdue when either.  And the targets met
 * late: respond-late, resolve-late.
 */
static void
deadline_flags(xmlNodePtr n, const char *status, const char *respond_by,
               const char *resolve_by, const char *replied_at,
               const char *resolved_at, time_t now)
{
    time_t rb = ts_secs(respond_by), sb = ts_secs(resolve_by);
    time_t ra = ts_secs(replied_at), sa = ts_secs(resolved_at);
    int owed = text_one_of(status, pending) != NULL;
    int respond_over = owed && replied_at == NULL && rb != -1 && now > rb;
    int resolve_over = owed && sb != -1 && now > sb;

    attr_flag(n, "overdue", respond_over || resolve_over);
    attr_flag(n, "respond-overdue", respond_over);
    attr_flag(n, "resolve-overdue", resolve_over);
    attr_flag(n, "respond-late", ra != -1 && rb != -1 && ra > rb);
    attr_flag(n, "resolve-late", sa != -1 && sb != -1 && sa > sb);
}

/* Minutes from a to b as an attribute, when both are known. */
static void
attr_minutes(xmlNodePtr n, const char *name, const char *a, const char *b)
{
    time_t x = ts_secs(a), y = ts_secs(b);

    if (x != -1 && y != -1 && y >= x)
        xd_attr_int(n, name, (int64_t)((y - x) / 60));
}

/* Fetch one ticket of the scope into *r (0 rows: missing or foreign). */
static int
fetch_ticket(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[3];

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    return db_query(c->db, c->a, &sql_ticket_get, p, 3, 0, 0, r);
}

/* "login" or "" for an audit detail. */
static const char *
nz(const char *s)
{
    return s != NULL ? s : "";
}

/* ==================================================================== */
/* The list                                                             */
/* ==================================================================== */

static const struct db_sql *
list_statement(const char *sort, int desc)
{
    if (strcmp(sort, "priority") == 0)
        return desc ? &sql_list_priority_desc : &sql_list_priority_asc;
    if (strcmp(sort, "status") == 0)
        return desc ? &sql_list_status_desc : &sql_list_status_asc;
    if (strcmp(sort, "due") == 0)
        return desc ? &sql_list_due_desc : &sql_list_due_asc;
    return desc ? &sql_list_created_desc : &sql_list_created_asc;
}

/* The list as CSV: the same rows (up to TICKET_CSV_MAX), staff columns
 * only for staff. */
static int
list_csv(struct ctx *c, const struct db_rows *r, time_t now)
{
    int staff = is_staff(c);

    csv_begin(c, "tickets.csv");
    csv_text(c, "id");
    csv_text(c, "created_at");
    csv_text(c, "party_code");
    csv_text(c, "party_name");
    csv_text(c, "kind");
    csv_text(c, "priority");
    csv_text(c, "status");
    csv_text(c, "subject");
    csv_text(c, "product");
    csv_text(c, "order_ref");
    csv_text(c, "respond_by");
    csv_text(c, "replied_at");
    csv_text(c, "resolve_by");
    csv_text(c, "resolved_at");
    if (staff) {
        csv_text(c, "assignee");
        csv_text(c, "overdue");
    }
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_num(c, db_cell(r, i, L_ID));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, L_CREATED_AT)));
        csv_text(c, db_cell(r, i, L_PARTY_CODE));
        csv_text(c, db_cell(r, i, L_PARTY_NAME));
        csv_text(c, db_cell(r, i, L_KIND));
        csv_text(c, db_cell(r, i, L_PRIORITY));
        csv_text(c, db_cell(r, i, L_STATUS));
        csv_text(c, db_cell(r, i, L_SUBJECT));
        csv_text(c, db_cell(r, i, L_PRODUCT_CODE));
        csv_text(c, db_cell(r, i, L_ORDER_REF));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, L_RESPOND_BY)));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, L_REPLIED_AT)));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, L_RESOLVE_BY)));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, L_RESOLVED_AT)));
        if (staff) {
            const char *st = db_cell(r, i, L_STATUS);
            time_t rb = ts_secs(db_cell(r, i, L_RESPOND_BY));
            time_t sb = ts_secs(db_cell(r, i, L_RESOLVE_BY));
            int over = text_one_of(st, pending) &&
                       ((db_cell(r, i, L_REPLIED_AT) == NULL && rb != -1 &&
                         now > rb) ||
                        (sb != -1 && now > sb));

            csv_text(c, db_cell(r, i, L_ASSIGNEE_LOGIN));
            csv_num(c, over ? "1" : "0");
        }
        csv_row(c);
    }
    return 0;
}

/* GET /tickets (and /tickets.csv) */
static int
ticket_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *status = param_text(c->req, "status");
    const char *kind = param_text(c->req, "kind");
    const char *priority = param_text(c->req, "priority");
    const char *party = param_text(c->req, "party");
    const char *assignee = param_text(c->req, "assignee");
    const char *overdue = param_text(c->req, "overdue");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t page = param_int(c->req, "page", 1);
    int desc, mine = assignee != NULL && c->user != NULL;
    struct db_param p[TICKET_N_WHERE];
    struct db_rows rows;
    xmlNodePtr list;
    int64_t total, pages;
    time_t now = clock_now();
    const char *like;

    if (sort == NULL)
        sort = "created";
    /* newest first unless asked otherwise */
    desc =
        dir != NULL ? strcmp(dir, "desc") == 0 : strcmp(sort, "created") == 0;
    like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = DB_TEXT(q);
    p[3] = DB_TEXT(like);
    p[4] = DB_TEXT(like);
    p[5] = DB_TEXT(like);
    p[6] = DB_TEXT(like);
    p[7] = DB_TEXT(status);
    p[8] = DB_TEXT(status);
    p[9] = DB_TEXT(kind);
    p[10] = DB_TEXT(kind);
    p[11] = DB_TEXT(priority);
    p[12] = DB_TEXT(priority);
    p[13] = DB_TEXT(party);
    p[14] = DB_TEXT(party);
    /* the NULL test may see a NULL; the comparison always gets an
     * integer (a NULL bound as text would not compare with a BIGINT) */
    p[15] = mine ? DB_INT(c->user->id) : DB_NULLP;
    p[16] = DB_INT(mine ? c->user->id : 0);
    p[17] = overdue != NULL ? DB_INT(1) : DB_NULLP;
    p[18] = DB_TS(now);
    p[19] = DB_TS(now);

    if (c->req->want_csv) {
        if (db_query(c->db, c->a, list_statement(sort, desc), p, TICKET_N_WHERE,
                     TICKET_CSV_MAX, 0, &rows) != 0)
            return ctx_db_fail(c);
        return list_csv(c, &rows, now);
    }
    if (page_rows(c, TICKET_PAGE, &page, &total, &pages, &sql_list_count, p,
                  TICKET_N_WHERE, list_statement(sort, desc), p, TICKET_N_WHERE,
                  &rows) != 0)
        return -1;

    list = ctx_data(c, "ticket-list");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "status", status);
    xd_attr(list, "kind", kind);
    xd_attr(list, "priority", priority);
    xd_attr(list, "party", party);
    xd_attr(list, "assignee", mine ? "me" : NULL);
    xd_attr(list, "overdue", overdue != NULL ? "1" : NULL);
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    page_attrs(list, page, pages, total, TICKET_PAGE, rows.n_rows);
    xd_attr(list, "viewer", is_staff(c) ? "staff" : "party");
    attr_flag(list, "can-create", auth_can(c, "ticket.create"));
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "item");

        xd_cell(n, "id", &rows, i, L_ID);
        xd_cell(n, "subject", &rows, i, L_SUBJECT);
        xd_cell(n, "kind", &rows, i, L_KIND);
        xd_cell(n, "priority", &rows, i, L_PRIORITY);
        xd_cell(n, "status", &rows, i, L_STATUS);
        xd_cell(n, "party-id", &rows, i, L_PARTY_ID);
        xd_cell(n, "party-code", &rows, i, L_PARTY_CODE);
        xd_cell(n, "party-name", &rows, i, L_PARTY_NAME);
        xd_cell(n, "product-code", &rows, i, L_PRODUCT_CODE);
        xd_cell(n, "order-ref", &rows, i, L_ORDER_REF);
        page_ts_cell(c, n, "created-at", &rows, i, L_CREATED_AT);
        page_ts_cell(c, n, "respond-by", &rows, i, L_RESPOND_BY);
        page_ts_cell(c, n, "resolve-by", &rows, i, L_RESOLVE_BY);
        page_ts_cell(c, n, "replied-at", &rows, i, L_REPLIED_AT);
        page_ts_cell(c, n, "resolved-at", &rows, i, L_RESOLVED_AT);
        if (is_staff(c)) {
            xd_cell(n, "assignee-id", &rows, i, L_ASSIGNEE_ID);
            xd_cell(n, "assignee-login", &rows, i, L_ASSIGNEE_LOGIN);
            xd_cell(n, "assignee-name", &rows, i, L_ASSIGNEE_NAME);
            deadline_flags(n, db_cell(&rows, i, L_STATUS),
                           db_cell(&rows, i, L_RESPOND_BY),
                           db_cell(&rows, i, L_RESOLVE_BY),
                           db_cell(&rows, i, L_REPLIED_AT),
                           db_cell(&rows, i, L_RESOLVED_AT), now);
        }
    }
    return 0;
}

/* ==================================================================== */
/* One ticket                                                           */
/* ==================================================================== */

/*
 * The page of ticket t (row 0): the ticket, what the user may do, the
 * conversation (internal notes for staff only), the assignees (for who
 * may assign).  echo: put the typed reply back (after 422 or 409).
 * Returns the element or NULL after a database failure (recorded).
 */
static xmlNodePtr
show_ticket(struct ctx *c, const struct db_rows *t, int echo)
{
    const char *status = db_cell(t, 0, T_STATUS);
    int staff = is_staff(c), handle = can_handle(c), party = party_side(c);
    int open = strcmp(status, "closed") != 0;
    struct db_param p[2];
    struct db_rows r;
    xmlNodePtr n, conv;

    n = ctx_data(c, "ticket");
    xd_cell(n, "id", t, 0, T_ID);
    xd_cell(n, "subject", t, 0, T_SUBJECT);
    xd_cell(n, "kind", t, 0, T_KIND);
    xd_cell(n, "priority", t, 0, T_PRIORITY);
    xd_cell(n, "status", t, 0, T_STATUS);
    xd_cell(n, "version", t, 0, T_VERSION);
    xd_cell(n, "party-id", t, 0, T_PARTY_ID);
    xd_cell(n, "party-code", t, 0, T_PARTY_CODE);
    xd_cell(n, "party-name", t, 0, T_PARTY_NAME);
    xd_cell(n, "party-kind", t, 0, T_PARTY_KIND);
    xd_cell(n, "product-id", t, 0, T_PRODUCT_ID);
    xd_cell(n, "product-code", t, 0, T_PRODUCT_CODE);
    xd_cell(n, "product-name", t, 0, T_PRODUCT_NAME);
    xd_cell(n, "order-ref", t, 0, T_ORDER_REF);
    xd_cell(n, "created-by-login", t, 0, T_CREATED_BY_LOGIN);
    xd_cell(n, "created-by-name", t, 0, T_CREATED_BY_NAME);
    page_ts_cell(c, n, "created-at", t, 0, T_CREATED_AT);
    page_ts_cell(c, n, "respond-by", t, 0, T_RESPOND_BY);
    page_ts_cell(c, n, "replied-at", t, 0, T_REPLIED_AT);
    page_ts_cell(c, n, "resolve-by", t, 0, T_RESOLVE_BY);
    page_ts_cell(c, n, "resolved-at", t, 0, T_RESOLVED_AT);
    page_ts_cell(c, n, "updated-at", t, 0, T_UPDATED_AT);
    attr_minutes(n, "response-minutes", db_cell(t, 0, T_CREATED_AT),
                 db_cell(t, 0, T_REPLIED_AT));
    attr_minutes(n, "resolution-minutes", db_cell(t, 0, T_CREATED_AT),
                 db_cell(t, 0, T_RESOLVED_AT));
    xd_attr(n, "viewer", staff ? "staff" : "party");
    if (staff) {
        xd_cell(n, "assignee-id", t, 0, T_ASSIGNEE_ID);
        xd_cell(n, "assignee-login", t, 0, T_ASSIGNEE_LOGIN);
        xd_cell(n, "assignee-name", t, 0, T_ASSIGNEE_NAME);
        deadline_flags(n, status, db_cell(t, 0, T_RESPOND_BY),
                       db_cell(t, 0, T_RESOLVE_BY), db_cell(t, 0, T_REPLIED_AT),
                       db_cell(t, 0, T_RESOLVED_AT), clock_now());
    }
    attr_flag(n, "can-reply", open && (handle || party));
    attr_flag(n, "can-note", open && handle);
    attr_flag(n, "can-assign", handle && text_one_of(status, pending));
    attr_flag(n, "can-resolve", handle && text_one_of(status, pending));
    attr_flag(n, "can-close", open && (handle || party));
    attr_flag(n, "can-reopen",
              (handle || party) && text_one_of(status, reopenable));
    xd_text(n, "body", db_cell(t, 0, T_BODY));

    p[0] = DB_INT(db_cell_int(t, 0, T_ID));
    if (db_query(c->db, c->a, staff ? &sql_replies_staff : &sql_replies_party,
                 p, 1, 0, 0, &r) != 0) {
        ctx_db_fail(c);
        return NULL;
    }
    conv = xd_elem(n, "conversation");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr e = xd_text(conv, "reply", db_cell(&r, i, 4));

        xd_cell(e, "id", &r, i, 0);
        page_ts_cell(c, e, "at", &r, i, 6);
        xd_attr(e, "from", db_cell_int(&r, i, 7) > 0 ? "party" : "staff");
        xd_cell(e, "user-login", &r, i, 2);
        xd_cell(e, "user-name", &r, i, 3);
        /* only staff statements return internal rows at all */
        attr_flag(e, "internal", db_cell_int(&r, i, 5) != 0);
    }

    if (handle && text_one_of(status, pending)) {
        xmlNodePtr k = xd_elem(n, "assignees");

        p[0] = DB_INT(scope_unit(c));
        p[1] = DB_INT(db_cell_int(t, 0, T_PARTY_UNIT));
        if (db_query(c->db, c->a, &sql_assignees, p, 2, TICKET_ASSIGNEES, 0,
                     &r) != 0) {
            ctx_db_fail(c);
            return NULL;
        }
        for (size_t i = 0; i < r.n_rows; i++) {
            xmlNodePtr u = xd_elem(k, "user");

            xd_cell(u, "id", &r, i, 0);
            xd_cell(u, "login", &r, i, 1);
            xd_cell(u, "name", &r, i, 2);
            attr_flag(u, "me", db_cell_int(&r, i, 0) == c->user->id);
        }
    }

    if (echo && param_text(c->req, "body") != NULL) {
        xmlNodePtr d = xd_text(n, "draft", param_text(c->req, "body"));

        attr_flag(d, "internal", param_int(c->req, "internal", 0) == 1);
    }
    return n;
}

/* GET /tickets/{id} */
static int
ticket_show(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows t;

    if (id < 0)
        return page_not_found(c, "ticket", id);
    if (fetch_ticket(c, id, &t) != 0)
        return ctx_db_fail(c);
    if (t.n_rows == 0)
        return page_not_found(c, "ticket", id);
    return show_ticket(c, &t, 0) != NULL ? 0 : -1;
}

/*
 * The ticket page again with 409: the version the form carried, the
 * ticket as it is now (and its new version in the forms), the typed
 * reply kept.
 */
static int
conflict(struct ctx *c, int64_t id, int64_t sent)
{
    struct db_rows t;
    xmlNodePtr n, k;

    db_rollback(c->db);
    if (fetch_ticket(c, id, &t) != 0)
        return ctx_db_fail(c);
    if (t.n_rows == 0)
        return page_not_found(c, "ticket", id);
    c->status = 409;
    ctx_message(c, "error", "conflict", NULL,
                "someone else changed this ticket meanwhile; look at it "
                "as it is now and try again");
    n = show_ticket(c, &t, 1);
    if (n == NULL)
        return -1;
    k = xd_elem(n, "conflict");
    xd_attr_int(k, "sent-version", sent);
    xd_cell(k, "version", &t, 0, T_VERSION);
    xd_cell(k, "status", &t, 0, T_STATUS);
    return 0;
}

/* The page again with 422 (form_* or form_error recorded why). */
static int
refuse(struct ctx *c, const struct db_rows *t)
{
    db_rollback(c->db);
    return show_ticket(c, t, 1) != NULL ? 0 : -1;
}

/* ==================================================================== */
/* Opening a ticket                                                     */
/* ==================================================================== */

/*
 * <ticket-form> with what the user may choose as the party: "own" (a
 * dealer's party, no choice), "subtree" (an agent: <party-option>s),
 * "code" (staff: a code in their scope).  echo: the typed values.
 */
static int
ticket_form(struct ctx *c, int echo)
{
    xmlNodePtr f = ctx_data(c, "ticket-form");
    struct party_brief own;
    int rc;

    memset(&own, 0, sizeof(own));
    if (party_side(c)) {
        rc = party_get(c, c->user->party_id, &own);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc > 0)
            return ctx_fail(c, 403, "forbidden",
                            "your login sits at no party of the channel", NULL);
        xd_attr(f, "own-party-code", own.code);
        xd_attr(f, "own-party-name", own.name);
        if (strcmp(own.kind, "agent") == 0) {
            struct db_param p[1];
            struct db_rows r;

            xd_attr(f, "party-choice", "subtree");
            p[0] = DB_INT(own.id);
            if (db_query(c->db, c->a, &sql_party_subtree, p, 1, TICKET_PARTIES,
                         0, &r) != 0)
                return ctx_db_fail(c);
            for (size_t i = 0; i < r.n_rows; i++) {
                xmlNodePtr o = xd_elem(f, "party-option");

                xd_cell(o, "code", &r, i, 1);
                xd_cell(o, "name", &r, i, 2);
                xd_cell(o, "kind", &r, i, 3);
                xd_cell(o, "depth", &r, i, 4);
            }
        } else {
            xd_attr(f, "party-choice", "own");
        }
    } else {
        xd_attr(f, "party-choice", "code");
    }
    if (echo) {
        static const char *const fields[] = {
            "party",     "party",     "subject",  "subject", "kind",
            "kind",      "priority",  "priority", "product", "product",
            "order_ref", "order-ref", NULL};

        for (size_t i = 0; fields[i] != NULL; i += 2)
            xd_attr(f, fields[i + 1], param_text(c->req, fields[i]));
        xd_text(f, "body", param_text(c->req, "body"));
    } else {
        xd_attr(f, "priority", "normal");
        if (party_side(c))
            xd_attr(f, "party", own.code);
    }
    return 0;
}

/* GET /tickets/new */
static int
ticket_new(struct ctx *c)
{
    return ticket_form(c, 0);
}

struct ticket_create {
    struct ctx *c;
    int64_t id;
    struct party_brief party;
    int64_t product_id;
    const char *product_code;
    const char *kind, *priority, *subject, *body, *order_ref;
    time_t now;
    int ms;
    long respond_h, resolve_h;
};

static int
ticket_create_uow(struct db *db, void *arg)
{
    struct ticket_create *w = arg;
    struct db_param p[13];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->party.id);
    p[2] = DB_TEXT(w->kind);
    p[3] = w->product_id > 0 ? DB_INT(w->product_id) : DB_NULLP;
    p[4] = DB_TEXT(w->order_ref);
    p[5] = DB_TEXT(w->priority);
    p[6] = DB_TEXT(w->subject);
    p[7] = DB_TEXT(w->body);
    p[8] = DB_INT(w->c->user->id);
    /* milliseconds: the list's order by time holds between requests
     * served by different workers (whose ids come from different banks) */
    p[9] = DB_TS_MS(w->now, w->ms);
    p[10] = DB_TS_MS(w->now + (time_t)w->respond_h * 3600, w->ms);
    p[11] = DB_TS_MS(w->now + (time_t)w->resolve_h * 3600, w->ms);
    p[12] = DB_TS_MS(w->now, w->ms);
    if (db_exec(db, &sql_ticket_insert, p, 13, NULL) != 0)
        return -1;
    sbuf_init(&d, w->c->a, 256);
    audit_diff(&d, "party", NULL, w->party.code);
    audit_diff(&d, "kind", NULL, w->kind);
    audit_diff(&d, "priority", NULL, w->priority);
    audit_diff(&d, "product", NULL, w->product_code);
    audit_diff(&d, "order_ref", NULL, w->order_ref);
    audit_diff(&d, "subject", NULL, w->subject);
    audit_diff(&d, "respond_hours", NULL,
               arena_printf(w->c->a, "%ld", w->respond_h));
    audit_diff(&d, "resolve_hours", NULL,
               arena_printf(w->c->a, "%ld", w->resolve_h));
    return audit_write(w->c, "ticket", w->id, "create", d.buf);
}

/*
 * The party a ticket is filed for (see the file's header); 0 and *b
 * filled, 1 when refused (422 recorded), -1 on a database failure.
 */
static int
pick_party(struct ctx *c, struct party_brief *b)
{
    const char *code = form_text(c, "party", 0, TICKET_CODE);
    int rc;

    if (party_side(c)) {
        rc = party_get(c, c->user->party_id, b);
        if (rc != 0)
            return rc < 0 ? -1 : 1;
        if (code == NULL || strcmp(code, b->code) == 0)
            return 0;
        if (strcmp(b->kind, "agent") != 0) {
            form_error(c, "party", "no_such_party",
                       "you file tickets for your own business only");
            return 1;
        }
    } else if (code == NULL) {
        form_error(c, "party", "required", "give the party's code");
        return 1;
    }
    rc = party_get_by_code(c, code, b);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        form_error(c, "party", "no_such_party", "no such party");
        return 1;
    }
    return 0;
}

/* POST /tickets/new */
static int
ticket_create(struct ctx *c)
{
    struct ticket_create w;
    const char *product;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    rc = pick_party(c, &w.party);
    if (rc < 0)
        return ctx_db_fail(c);
    w.kind = form_enum(c, "kind", FORM_REQUIRED, kinds);
    w.priority = form_enum(c, "priority", FORM_REQUIRED, priorities);
    w.subject = form_text(c, "subject", FORM_REQUIRED, TICKET_SUBJECT);
    w.body = form_text(c, "body", FORM_REQUIRED | FORM_MULTILINE, TICKET_BODY);
    w.order_ref = form_text(c, "order_ref", 0, TICKET_CODE);
    product = form_text(c, "product", 0, TICKET_CODE);
    if (product != NULL) {
        struct db_param p[1];
        struct db_rows r;

        p[0] = DB_TEXT(product);
        if (db_query(c->db, c->a, &sql_product_by_code, p, 1, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows == 0) {
            form_error(c, "product", "no_such_product", "no such product");
        } else {
            w.product_id = db_cell_int(&r, 0, 0);
            w.product_code = db_cell(&r, 0, 1);
        }
    }
    if (!form_ok(c)) {
        db_rollback(c->db);
        return ticket_form(c, 1);
    }
    w.respond_h = target_hours("ticket.respond_hours", TICKET_RESPOND_H);
    w.resolve_h = target_hours("ticket.resolve_hours", TICKET_RESOLVE_H);
    db_rollback(c->db);
    if (db_next_id(c->db, "ticket", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now_ms(&w.ms);
    if (db_uow(c->db, ticket_create_uow, &w) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/tickets/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Transitions                                                          */
/* ==================================================================== */

struct ticket_move {
    struct ctx *c;
    int64_t id, version;
    const struct db_rows *before;
    const struct db_sql *sql; /* the guarded UPDATE */
    int n_times;              /* leading timestamp parameters (now) */
    int64_t assignee;         /* assign: the new assignee, else 0 */
    const char *assignee_login;
    const char *action; /* audit: create, assign, reply, note, ... */
    const char *after;  /* the status it goes to; NULL: computed */
    /* a reply: */
    int64_t reply_id;
    const char *body;
    int internal;
    time_t now;
    int ms;
};

/* The status after the move (the UPDATE's CASE, for the audit detail). */
static const char *
status_after(const struct ticket_move *w)
{
    const char *st = db_cell(w->before, 0, T_STATUS);

    if (w->after != NULL)
        return w->after;
    if (strcmp(w->action, "assign") == 0)
        return strcmp(st, "open") == 0 ? "assigned" : st;
    if (strcmp(w->action, "reply") == 0 && is_staff(w->c))
        return text_one_of(st, (const char *const[]){"open", "assigned", NULL})
                   ? "answered"
                   : st;
    if (strcmp(w->action, "reply") == 0)
        return text_one_of(st, reopenable) ? "open" : st;
    return st;
}

static int
ticket_move_uow(struct db *db, void *arg)
{
    struct ticket_move *w = arg;
    struct ctx *c = w->c;
    struct db_param p[8];
    size_t k = 0;
    struct sbuf d;
    long n = 0;

    if (w->assignee > 0)
        p[k++] = DB_INT(w->assignee);
    for (int i = 0; i < w->n_times; i++)
        p[k++] = DB_TS_MS(w->now, w->ms);
    p[k++] = DB_INT(w->id);
    p[k++] = DB_INT(w->version);
    p[k++] = DB_INT(scope_unit(c));
    p[k++] = DB_INT(scope_party(c));
    if (db_exec(db, w->sql, p, k, &n) != 0)
        return -1;
    if (n == 0)
        return TICKET_CONFLICT;
    if (w->body != NULL) {
        p[0] = DB_INT(w->reply_id);
        p[1] = DB_INT(w->id);
        p[2] = DB_INT(c->user->id);
        p[3] = DB_TEXT(w->body);
        p[4] = DB_INT(w->internal);
        p[5] = DB_TS_MS(w->now, w->ms);
        if (db_exec(db, &sql_reply_insert, p, 6, NULL) != 0)
            return -1;
    }
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "status", db_cell(w->before, 0, T_STATUS), status_after(w));
    if (w->assignee > 0)
        audit_diff(&d, "assignee", nz(db_cell(w->before, 0, T_ASSIGNEE_LOGIN)),
                   w->assignee_login);
    if (w->body != NULL)
        sbuf_printf(&d, "reply: %lld; ", (long long)w->reply_id);
    return audit_write(c, "ticket", w->id, w->action, d.buf);
}

/*
 * Run the move: a new reply id when there is a reply, the unit of work,
 * then 303 back to the ticket, or 409.
 */
static int
run_move(struct ctx *c, struct ticket_move *w)
{
    int rc;

    db_rollback(c->db);
    if (w->body != NULL && db_next_id(c->db, "ticket_reply", &w->reply_id) != 0)
        return ctx_db_fail(c);
    w->now = clock_now_ms(&w->ms);
    rc = db_uow(c->db, ticket_move_uow, w);
    if (rc == TICKET_CONFLICT)
        return conflict(c, w->id, w->version);
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/tickets/%lld", (long long)w->id));
}

/*
 * The start of every POST on a ticket: the ticket in scope (404), the
 * version (422), and *w set up.  0 to go on; otherwise the handler's
 * result (the page or the error is recorded) in *out.
 */
static int
move_begin(struct ctx *c, struct db_rows *t, struct ticket_move *w, int *out)
{
    memset(w, 0, sizeof(*w));
    w->c = c;
    w->id = page_id(c);
    w->before = t;
    if (w->id < 0) {
        *out = page_not_found(c, "ticket", w->id);
        return 1;
    }
    if (fetch_ticket(c, w->id, t) != 0) {
        *out = ctx_db_fail(c);
        return 1;
    }
    if (t->n_rows == 0) {
        *out = page_not_found(c, "ticket", w->id);
        return 1;
    }
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w->version);
    return 0;
}

/* The ticket's current version differs from the form's: 409. */
static int
stale(const struct ticket_move *w)
{
    return w->version != db_cell_int(w->before, 0, T_VERSION);
}

/* POST /tickets/{id}/reply: body, internal (staff only), version. */
static int
ticket_reply(struct ctx *c)
{
    struct ticket_move w;
    struct db_rows t;
    int64_t internal = 0;
    int rc;

    if (move_begin(c, &t, &w, &rc) != 0)
        return rc;
    if (!party_side(c) && !can_handle(c))
        return ctx_fail(c, 403, "forbidden",
                        "only the party and the staff who handle tickets "
                        "reply",
                        NULL);
    w.body = form_text(c, "body", FORM_REQUIRED | FORM_MULTILINE, TICKET_BODY);
    form_int(c, "internal", 0, 0, 1, &internal);
    if (internal && !is_staff(c))
        form_error(c, "internal", "not_allowed",
                   "only the company's staff write internal notes");
    if (!form_ok(c))
        return refuse(c, &t);
    if (stale(&w))
        return conflict(c, w.id, w.version);
    if (strcmp(db_cell(&t, 0, T_STATUS), "closed") == 0) {
        form_error(c, NULL, "ticket_closed", "the ticket is closed");
        return refuse(c, &t);
    }
    w.internal = (int)internal;
    if (internal) {
        w.sql = &sql_reply_note;
        w.n_times = 1;
        w.action = "note";
    } else if (is_staff(c)) {
        w.sql = &sql_reply_staff;
        w.n_times = 2;
        w.action = "reply";
    } else {
        w.sql = &sql_reply_party;
        w.n_times = 1;
        w.action = "reply";
    }
    return run_move(c, &w);
}

/* POST /tickets/{id}/assign: assignee (a user id), version. */
static int
ticket_assign(struct ctx *c)
{
    struct ticket_move w;
    struct db_rows t, u;
    int rc;

    if (move_begin(c, &t, &w, &rc) != 0)
        return rc;
    if (!can_handle(c))
        return ctx_fail(c, 403, "forbidden",
                        "only the staff who handle tickets assign them", NULL);
    if (form_int(c, "assignee", FORM_REQUIRED, 1, INT64_MAX, &w.assignee) ==
        0) {
        struct db_param p[3];

        p[0] = DB_INT(scope_unit(c));
        p[1] = DB_INT(db_cell_int(&t, 0, T_PARTY_UNIT));
        p[2] = DB_INT(w.assignee);
        if (db_query(c->db, c->a, &sql_assignee_pick, p, 3, 0, 0, &u) != 0)
            return ctx_db_fail(c);
        if (u.n_rows == 0)
            form_error(c, "assignee", "bad_assignee",
                       "choose a member of your staff who handles tickets "
                       "for this party");
        else
            w.assignee_login = db_cell(&u, 0, 1);
    }
    if (!form_ok(c))
        return refuse(c, &t);
    if (stale(&w))
        return conflict(c, w.id, w.version);
    if (!text_one_of(db_cell(&t, 0, T_STATUS), pending)) {
        form_error(c, NULL, "bad_transition",
                   "a resolved or closed ticket is not assigned");
        return refuse(c, &t);
    }
    w.sql = &sql_assign;
    w.n_times = 1;
    w.action = "assign";
    return run_move(c, &w);
}

/* POST /tickets/{id}/status: to (resolved, closed, open), version. */
static int
ticket_status(struct ctx *c)
{
    struct ticket_move w;
    struct db_rows t;
    const char *to, *st;
    int ok, rc;

    if (move_begin(c, &t, &w, &rc) != 0)
        return rc;
    to = form_enum(c, "to", FORM_REQUIRED, targets);
    if (!form_ok(c))
        return refuse(c, &t);
    if (strcmp(to, "resolved") == 0 ? !can_handle(c)
                                    : !(can_handle(c) || party_side(c)))
        return ctx_fail(c, 403, "forbidden",
                        "you may not move this ticket that way", NULL);
    if (stale(&w))
        return conflict(c, w.id, w.version);
    st = db_cell(&t, 0, T_STATUS);
    if (strcmp(to, "resolved") == 0) {
        ok = text_one_of(st, pending) != NULL;
        w.sql = &sql_resolve;
        w.n_times = 2;
        w.action = "resolve";
    } else if (strcmp(to, "closed") == 0) {
        ok = strcmp(st, "closed") != 0;
        w.sql = &sql_close;
        w.n_times = 1;
        w.action = "close";
    } else {
        ok = text_one_of(st, reopenable) != NULL;
        w.sql = &sql_reopen;
        w.n_times = 1;
        w.action = "reopen";
    }
    if (!ok) {
        form_error(c, "to", "bad_transition",
                   "the ticket cannot move there from where it is");
        return refuse(c, &t);
    }
    w.after = to;
    return run_move(c, &w);
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, TICKET_FIELD_MAX)
#define F_BODY                                                                 \
    {                                                                          \
        "body", P_TEXT, 0, 4 * TICKET_BODY, NULL, P_MULTILINE                  \
    }

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"status", P_ENUM, 0, 0, statuses, 0},
    {"kind", P_ENUM, 0, 0, kinds, 0},
    {"priority", P_ENUM, 0, 0, priorities, 0},
    {"party", P_TEXT, 0, TICKET_CODE, NULL, 0},
    {"assignee", P_ENUM, 0, 0, me_only, 0},
    {"overdue", P_ENUM, 0, 0, yes_only, 0},
    P_SORT(sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec create_params[] = {
    F_TEXT("party"), F_TEXT("kind"),    F_TEXT("priority"),  F_TEXT("subject"),
    F_BODY,          F_TEXT("product"), F_TEXT("order_ref"), P_END,
};
static const struct param_spec reply_params[] = {
    F_BODY,
    F_TEXT("internal"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec assign_params[] = {
    F_TEXT("assignee"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec status_params[] = {
    F_TEXT("to"),
    F_TEXT("version"),
    P_END,
};

/* "new" comes before "{id}" with the same method: the first match wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/tickets",             "ticket.list",   "ticket.view",   "ticket.xsl", ticket_list,   list_params,   ROUTE_CSV},
    {REQ_GET,  "/tickets/new",         "ticket.new",    "ticket.create", "ticket.xsl", ticket_new,    NULL,          0},
    {REQ_POST, "/tickets/new",         "ticket.create", "ticket.create", "ticket.xsl", ticket_create, create_params, 0},
    {REQ_GET,  "/tickets/{id}",        "ticket.show",   "ticket.view",   "ticket.xsl", ticket_show,   NULL,          0},
    {REQ_POST, "/tickets/{id}/reply",  "ticket.reply",  "ticket.view",   "ticket.xsl", ticket_reply,  reply_params,  0},
    {REQ_POST, "/tickets/{id}/assign", "ticket.assign", "ticket.handle", "ticket.xsl", ticket_assign, assign_params, 0},
    {REQ_POST, "/tickets/{id}/status", "ticket.status", "ticket.view",   "ticket.xsl", ticket_status, status_params, 0},
};
/* clang-format on */

const struct module ticket_module = {"ticket", routes,
                                     sizeof(routes) / sizeof(routes[0])};
