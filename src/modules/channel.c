/*
 * channel.c - qualification of the channel (issue 4): a party's documents
 * (资质文件), the public application of a new dealer or agent (资格审查),
 * the qualification queue and its approval, and the channel map (图示化).
 *
 * Pages:  GET  /parties/{id}/docs             documents of a party  party.view
 *         POST /parties/{id}/docs             upload one            party.edit
 *         GET  /parties/{id}/docs/{doc}       download (raw)        party.view
 *         POST /parties/{id}/docs/{doc}/check checked | refused party.qualify
 *         GET  /apply, POST /apply            apply online          public
 *         GET  /apply/done                    thank you + reference public
 *         GET  /qualify                       the queue party.qualify POST
 * /parties/{id}/qualify          submit for approval   party.qualify GET
 * /channel/map                   the channel as SVG    party.view Tables:
 * party_doc (blobs through DB_BLOB / db_cell_blob), party, party_closure,
 * party_account (a new applicant's rows), sales_region, region_closure,
 * unit_region, org_unit, org_closure (read); wf_* through workflow.h; audit_log
 * through audit.c Style:  xsl/channel.xsl; data elements party-docs,
 * apply-form, apply-done, qualify-queue, channel-map (schema/xsd/channel.xsd)
 *
 * Scope: every party and document is read through SCOPE_PARTY_SQL; a
 * foreign id answers 404 like a missing one and is logged (scope_denied).
 *
 * Uploads (SECURITY.md class 11): one file per request, at most
 * CHANNEL_MAX_FILE bytes, its type decided by its first bytes (PDF, PNG,
 * JPEG; anything else 422 whatever its name or declared type); the given
 * name is kept only as display text and never used as a path.  Downloads
 * are attachments with the sniffed type, an ASCII filename and a UTF-8
 * filename*; the dispatcher adds nosniff, the CSP and no-store.
 *
 * The document type "party" goes through the approval engine: qualifying
 * moves applied -> review and submits it; the engine's final callback
 * (channel.h) moves review -> approved | rejected, or back to applied when
 * the approver returns it.  Only parties in "approved" let their users
 * log in (src/core/auth.c).
 */
#include "channel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/audit.h"
#include "../core/page.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/ctx.h"
#include "../core/filetype.h"
#include "../core/form.h"
#include "../core/log.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/utf8.h"
#include "../core/xd.h"
#include "../db/db.h"
#include "workflow.h"

#define CHANNEL_MAX_FILE      (5L * 1024 * 1024) /* bytes of one document */
#define CHANNEL_NAME_CHARS    200                /* party_doc.file_name */
#define CHANNEL_REJECTED_DAYS 30 /* rejected parties stay in the queue */
#define CHANNEL_QUEUE_MAX     500
#define CHANNEL_MAP_MAX       5000 /* parties drawn at most */

/* Outcomes of a unit of work besides 0 and -1. */
#define CH_CONFLICT 2 /* the guarded UPDATE matched nothing */
#define CH_NO_FLOW  3 /* wf_submit: no flow for parties */
#define CH_WF_TAKEN 4 /* wf_submit: already submitted */

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* One party of the scope, with what the pages need. */
DB_STATEMENT(sql_party_one, 0,
             "SELECT p.id, p.kind, p.code, p.name, p.status, p.unit_id,"
             " p.version"
             " FROM party p"
             " WHERE p.id = ?"
             " AND " SCOPE_PARTY_SQL("p.unit_id", "p.id"));
DB_STATEMENT(sql_docs_of, 0,
             "SELECT d.id, d.kind, d.file_name, d.mime, d.byte_size,"
             " d.status, d.note, d.uploaded_at, uu.login, d.checked_at,"
             " cu.login, d.version"
             " FROM party_doc d"
             " LEFT JOIN qd_user uu ON uu.id = d.uploaded_by"
             " LEFT JOIN qd_user cu ON cu.id = d.checked_by"
             " WHERE d.party_id = ?"
             " ORDER BY d.uploaded_at DESC, d.id DESC");
DB_STATEMENT(sql_doc_body, 0,
             "SELECT d.file_name, d.mime, d.body"
             " FROM party_doc d"
             " JOIN party p ON p.id = d.party_id"
             " WHERE d.id = ? AND d.party_id = ?"
             " AND " SCOPE_PARTY_SQL("p.unit_id", "p.id"));
DB_STATEMENT(sql_doc_insert, 0,
             "INSERT INTO party_doc (id, party_id, kind, file_name, mime,"
             " byte_size, body, status, uploaded_at, uploaded_by, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, 1)");
DB_STATEMENT(
    sql_doc_check, 0,
    "UPDATE party_doc"
    " SET status = ?, note = ?, checked_at = ?, checked_by = ?,"
    " version = version + 1"
    " WHERE id = ? AND party_id = ? AND version = ?"
    " AND party_id IN (SELECT p.id FROM party p WHERE " SCOPE_PARTY_SQL(
        "p.unit_id", "p.id") ")");
DB_STATEMENT(sql_doc_brief, 0,
             "SELECT d.kind, d.file_name, d.status"
             " FROM party_doc d"
             " WHERE d.id = ? AND d.party_id = ?");

/* The application. */
DB_STATEMENT(sql_regions, 0,
             "SELECT r.id, r.parent_id, r.kind, r.code, r.name"
             " FROM sales_region r"
             " ORDER BY r.code");
DB_STATEMENT(sql_region_one, 0,
             "SELECT r.id, r.code, r.name"
             " FROM sales_region r"
             " WHERE r.id = ?");
/* The active unit covering the region or its nearest covered ancestor. */
DB_STATEMENT(sql_region_unit, 0,
             "SELECT ur.unit_id"
             " FROM region_closure rc"
             " JOIN unit_region ur ON ur.region_id = rc.ancestor_id"
             " JOIN org_unit o ON o.id = ur.unit_id"
             " WHERE rc.descendant_id = ? AND o.status = 'active'"
             " ORDER BY rc.depth, ur.unit_id");
DB_STATEMENT(sql_hq_unit, 0,
             "SELECT o.id"
             " FROM org_unit o"
             " WHERE o.parent_id IS NULL"
             " ORDER BY o.id");
DB_STATEMENT(sql_party_apply, 0,
             "INSERT INTO party (id, kind, code, name, unit_id, region_id,"
             " status, contact, phone, email, address, tax_no, created_at,"
             " updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_party_closure_self, 0,
             "INSERT INTO party_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");
DB_STATEMENT(sql_party_account_new, 0,
             "INSERT INTO party_account (party_id, receivable, prepayment,"
             " rebate, open_orders, exposure, credit_limit, hold, updated_at,"
             " version)"
             " VALUES (?, 0, 0, 0, 0, 0, 0, 'none', ?, 1)");

/* Qualification. */
DB_STATEMENT(sql_queue, DB_PAGED,
             "SELECT p.id, p.code, p.name, p.kind, p.status, p.created_at,"
             " p.version, o.code, o.name, sr.name,"
             " (SELECT COUNT(*) FROM party_doc d WHERE d.party_id = p.id),"
             " (SELECT COUNT(*) FROM party_doc d WHERE d.party_id = p.id"
             " AND d.status = 'pending'),"
             " (SELECT COUNT(*) FROM party_doc d WHERE d.party_id = p.id"
             " AND d.status = 'checked'),"
             " (SELECT COUNT(*) FROM party_doc d WHERE d.party_id = p.id"
             " AND d.status = 'refused'),"
             " (SELECT COUNT(*) FROM party_doc d WHERE d.party_id = p.id"
             " AND d.kind = 'licence' AND d.status = 'checked')"
             " FROM party p"
             " JOIN org_unit o ON o.id = p.unit_id"
             " LEFT JOIN sales_region sr ON sr.id = p.region_id"
             " WHERE (p.status IN ('applied', 'review')"
             " OR (p.status = 'rejected' AND p.updated_at > ?))"
             " AND " SCOPE_PARTY_SQL("p.unit_id",
                                     "p.id") " ORDER BY p.created_at, p.id");
DB_STATEMENT(sql_checked_licences, 0,
             "SELECT COUNT(*)"
             " FROM party_doc d"
             " WHERE d.party_id = ? AND d.kind = 'licence'"
             " AND d.status = 'checked'");
DB_STATEMENT(sql_party_to_review, 0,
             "UPDATE party"
             " SET status = 'review', updated_at = ?, version = version + 1"
             " WHERE id = ? AND status = 'applied' AND version = ?");
DB_STATEMENT(sql_party_decided, 0,
             "UPDATE party"
             " SET status = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND status = 'review'");
DB_STATEMENT(sql_party_summary, 0,
             "SELECT p.code, p.name, p.kind"
             " FROM party p"
             " WHERE p.id = ?");

/* The map.  Optional filters: (CAST(? AS DECIMAL(19)) IS NULL OR ...). */
DB_STATEMENT(
    sql_map_parties, DB_PAGED,
    "SELECT p.id, p.parent_id, p.unit_id, p.kind, p.code, p.name,"
    " p.status, a.receivable"
    " FROM party p"
    " LEFT JOIN party_account a ON a.party_id = p.id"
    " WHERE " SCOPE_PARTY_SQL(
        "p.unit_id",
        "p.id") " AND (CAST(? AS DECIMAL(19)) IS NULL OR p.region_id IN"
                " (SELECT rc.descendant_id FROM region_closure rc"
                " WHERE rc.ancestor_id = ?))"
                " AND (CAST(? AS DECIMAL(19)) IS NULL OR p.unit_id IN"
                " (SELECT oc.descendant_id FROM org_closure oc"
                " WHERE oc.ancestor_id = ?))"
                " AND (CAST(? AS DECIMAL(19)) IS NULL OR p.id IN"
                " (SELECT pc.descendant_id FROM party_closure pc"
                " WHERE pc.ancestor_id = ?))"
                " ORDER BY p.code");
DB_STATEMENT(sql_map_units, 0,
             "SELECT o.id, o.parent_id, o.kind, o.code, o.name"
             " FROM org_unit o"
             " WHERE " SCOPE_UNIT_SQL("o.id") " ORDER BY o.code");

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

static const char *const doc_kinds[] = {"licence", "tax", "bank", "other",
                                        NULL};
static const char *const doc_verdicts[] = {"checked", "refused", NULL};
static const char *const apply_kinds[] = {"dealer", "agent", NULL};

/* "1.2 MB", "34 KB", "512 B": display text for a size in bytes. */
static const char *
size_text(struct ctx *c, int64_t n)
{
    if (n >= 1024 * 1024)
        return arena_printf(
            c->a, "%lld.%lld MB", (long long)(n / (1024 * 1024)),
            (long long)(n % (1024 * 1024) * 10 / (1024 * 1024)));
    if (n >= 1024)
        return arena_printf(c->a, "%lld KB", (long long)((n + 1023) / 1024));
    return arena_printf(c->a, "%lld B", (long long)n);
}

/* The scoped party row (sql_party_one) into r: 0 found, 1 missing or
 * foreign, -1 database failure. */
static int
fetch_party(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[3];

    if (id <= 0)
        return 1;
    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, &sql_party_one, p, 3, 0, 0, r) != 0)
        return -1;
    return r->n_rows == 1 ? 0 : 1;
}

/* ---- file types: core/filetype.h ------------------------------------ */

/*
 * The display name of an upload: the part after the last '/' or '\',
 * cut to CHANNEL_NAME_CHARS code points (the multipart parser already
 * refused invalid UTF-8); control characters refused by utf8_check become
 * the fallback "document<ext>".  Arena text.
 */
static const char *
display_name(struct ctx *c, const char *given, const struct filetype *t)
{
    const char *s = given != NULL ? given : "";
    const char *p;
    size_t n, chars = 0, cut = 0;

    for (p = s; *p != '\0'; p++)
        if (*p == '/' || *p == '\\')
            s = p + 1;
    n = strlen(s);
    if (n == 0 || utf8_check(s, n, 0, NULL) != 0)
        return arena_printf(c->a, "document%s", t->ext);
    /* cut at a character boundary */
    for (cut = 0; cut < n; cut++) {
        if (((unsigned char)s[cut] & 0xC0) != 0x80) {
            if (chars == CHANNEL_NAME_CHARS)
                break;
            chars++;
        }
    }
    return arena_strndup(c->a, s, cut);
}

/*
 * The one file of a form, from field `field`: 0 with *u (NULL when none
 * was chosen: a browser sends an empty part), or -1 with a 400 recorded
 * when a file came in another field or more than one came.
 */
static int
one_upload(struct ctx *c, const char *field, const struct req_upload **u)
{
    *u = NULL;
    for (size_t i = 0; i < c->req->n_uploads; i++) {
        const struct req_upload *x = &c->req->uploads[i];

        if (strcmp(x->field, field) != 0)
            return ctx_fail(c, 400, "bad_param", "unexpected file", x->field);
        if (*u != NULL)
            return ctx_fail(c, 400, "bad_param", "one file only", field);
        if (x->len > 0 || (x->filename != NULL && x->filename[0] != '\0'))
            *u = x;
    }
    return 0;
}

/*
 * Check an upload for form field `field`: present when required, at most
 * CHANNEL_MAX_FILE bytes, PDF/PNG/JPEG by its content.  Refusals are form
 * errors (422).  Returns the type, or NULL (refused or absent).
 */
static const struct filetype *
check_upload(struct ctx *c, const char *field, const struct req_upload *u,
             int required)
{
    const struct filetype *t;

    if (u == NULL || u->len == 0) {
        if (required || u != NULL)
            form_error(c, field, u == NULL ? "required" : "empty_file",
                       u == NULL ? "choose a file" : "the file is empty");
        return NULL;
    }
    if (u->len > (size_t)CHANNEL_MAX_FILE) {
        form_error(c, field, "file_too_large", "at most 5 MB");
        return NULL;
    }
    t = filetype_sniff(u->data, u->len);
    if (t == NULL)
        form_error(c, field, "bad_file_type",
                   "only PDF, PNG and JPEG files are accepted");
    return t;
}

/* Digits, spaces and + - ( ) only, at least 5 digits. */
static int
phone_ok(const char *s)
{
    int digits = 0;

    for (; *s != '\0'; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (strchr(" +-()", *s) == NULL)
            return 0;
    }
    return digits >= 5;
}

/* Letters, digits and '-' only (a tax registration number). */
static int
tax_no_ok(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= 'a' && *s <= 'z') || *s == '-'))
            return 0;
    return 1;
}

/* ==================================================================== */
/* Documents                                                            */
/* ==================================================================== */

static const char *const doc_cols[] = {
    "id",   "kind", "file-name",   "mime", "size",       "status",
    "note", NULL,   "uploaded-by", NULL,   "checked-by", "version",
};

/* The documents page of party row pr (sql_party_one): <party-docs>. */
static int
docs_page(struct ctx *c, const struct db_rows *pr)
{
    struct db_param p[1];
    struct db_rows r;
    xmlNodePtr n;

    p[0] = DB_INT(db_cell_int(pr, 0, 0));
    if (db_query(c->db, c->a, &sql_docs_of, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    n = ctx_data(c, "party-docs");
    xd_attr(n, "party-id", db_cell(pr, 0, 0));
    xd_attr(n, "kind", db_cell(pr, 0, 1));
    xd_attr(n, "code", db_cell(pr, 0, 2));
    xd_attr(n, "name", db_cell(pr, 0, 3));
    xd_attr(n, "status", db_cell(pr, 0, 4));
    xd_attr(n, "version", db_cell(pr, 0, 6));
    page_can(c, n, "can-upload", "party.edit");
    page_can(c, n, "can-check", "party.qualify");
    /* what was typed, when the upload form comes back with 422 */
    xd_attr(n, "upload-kind", param_text(c->req, "kind"));
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr d = xd_elem(n, "doc");

        xd_row(d, &r, i, doc_cols, XD_N(doc_cols));
        xd_attr(d, "size-text", size_text(c, db_cell_int(&r, i, 4)));
        page_ts(c, d, "uploaded-at", db_cell(&r, i, 7));
        page_ts(c, d, "checked-at", db_cell(&r, i, 9));
    }
    return 0;
}

/* GET /parties/{id}/docs */
static int
channel_docs(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct db_rows pr;
    int rc = fetch_party(c, id, &pr);

    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return page_not_found(c, "party", id);
    return docs_page(c, &pr);
}

struct doc_upload {
    struct ctx *c;
    int64_t id, party_id;
    const char *kind, *name, *party_code;
    const struct filetype *type;
    const struct req_upload *u;
    time_t now;
};

static int
doc_upload_uow(struct db *db, void *arg)
{
    struct doc_upload *w = arg;
    struct ctx *c = w->c;
    struct db_param p[9];

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->party_id);
    p[2] = DB_TEXT(w->kind);
    p[3] = DB_TEXT(w->name);
    p[4] = DB_TEXT(w->type->mime);
    p[5] = DB_INT((int64_t)w->u->len);
    p[6] = DB_BLOB(w->u->data, w->u->len);
    p[7] = DB_TS(w->now);
    p[8] = c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
    if (db_exec(db, &sql_doc_insert, p, 9, NULL) != 0)
        return -1;
    return audit_write(
        c, "party_doc", w->id, "upload",
        arena_printf(c->a, "party: %s; kind: %s; file: %s; type: %s; size: %zu",
                     w->party_code, w->kind, w->name, w->type->mime,
                     w->u->len));
}

/* POST /parties/{id}/docs (multipart: kind, file) */
static int
channel_doc_upload(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    const struct req_upload *u;
    struct doc_upload w;
    struct db_rows pr;
    int rc = fetch_party(c, id, &pr);

    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return page_not_found(c, "party", id);
    if (one_upload(c, "file", &u) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.party_id = id;
    w.party_code = db_cell(&pr, 0, 2);
    w.kind = form_enum(c, "kind", FORM_REQUIRED, doc_kinds);
    w.type = check_upload(c, "file", u, 1);
    if (!form_ok(c))
        return docs_page(c, &pr);
    w.u = u;
    w.name = display_name(c, u->filename, w.type);
    db_rollback(c->db); /* end the reads; the write is one unit */
    if (db_next_id(c->db, "party_doc", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    if (db_uow(c->db, doc_upload_uow, &w) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/parties/%lld/docs", (long long)id));
}

/*
 * The ASCII filename of a download: the display name with every byte
 * outside [A-Za-z0-9._-] made '_', at most 80 bytes, ending in the sniffed
 * type's extension (appended when the name lacks it).
 */
static const char *
ascii_filename(struct ctx *c, const char *name, const struct filetype *t)
{
    size_t n = strlen(name), el = strlen(t->ext), k = 0;
    char *out = arena_alloc(c->a, 80 + el + 1);
    int has_ext;

    for (size_t i = 0; i < n && k < 80; i++) {
        unsigned char ch = (unsigned char)name[i];

        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
            (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_')
            out[k++] = (char)ch;
        else if (ch < 0x80 || (ch & 0xC0) == 0xC0)
            out[k++] = '_'; /* one '_' per character, not per byte */
    }
    out[k] = '\0';
    has_ext = k >= el && strcasecmp(out + k - el, t->ext) == 0;
    if (!has_ext) {
        memcpy(out + k, t->ext, el + 1);
    }
    return out;
}

/* RFC 5987 value: UTF-8, percent-encoding all but attr-chars. */
static const char *
rfc5987(struct ctx *c, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    struct sbuf b;

    sbuf_init(&b, c->a, strlen(s) * 3 + 1);
    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;

        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
            (ch >= '0' && ch <= '9') || strchr("!#$&+-.^_`|~", ch) != NULL) {
            sbuf_addc(&b, (char)ch);
        } else {
            sbuf_addc(&b, '%');
            sbuf_addc(&b, hex[ch >> 4]);
            sbuf_addc(&b, hex[ch & 15]);
        }
    }
    return b.buf;
}

/* GET /parties/{id}/docs/{doc}: the stored bytes as an attachment. */
static int
channel_doc_download(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    int64_t doc = route_arg_id(c->req, "doc");
    struct db_param p[4];
    struct db_rows r;
    const struct filetype *t;
    const char *body, *name, *ascii;
    size_t len;

    if (id <= 0 || doc <= 0)
        return page_not_found(c, "party_doc", doc);
    p[0] = DB_INT(doc);
    p[1] = DB_INT(id);
    p[2] = DB_INT(scope_unit(c));
    p[3] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, &sql_doc_body, p, 4, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows != 1)
        return page_not_found(c, "party_doc", doc);
    body = db_cell_blob(&r, 0, 2, &len);
    /* the stored type was sniffed at upload; sniff again so a row that
     * was changed behind our back can never be served as something else */
    t = filetype_by_mime(db_cell(&r, 0, 1));
    if (body == NULL || t == NULL || filetype_sniff(body, len) != t) {
        log_error("req=%s party_doc %lld: stored body does not match its "
                  "type",
                  c->request_id, (long long)doc);
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    }
    name = db_cell(&r, 0, 0) != NULL ? db_cell(&r, 0, 0) : "document";
    ascii = ascii_filename(c, name, t);
    ctx_header(c, "Content-Disposition",
               arena_printf(c->a,
                            "attachment; filename=\"%s\"; "
                            "filename*=UTF-8''%s",
                            ascii, rfc5987(c, name)));
    c->raw_type = t->mime;
    sbuf_init(&c->raw, c->a, len + 1);
    sbuf_add(&c->raw, body, len);
    return 0;
}

struct doc_check {
    struct ctx *c;
    int64_t id, party_id, version;
    const char *verdict, *note, *before, *party_code;
    time_t now;
};

static int
doc_check_uow(struct db *db, void *arg)
{
    struct doc_check *w = arg;
    struct ctx *c = w->c;
    struct db_param p[9];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(w->verdict);
    p[1] = DB_TEXT(w->note);
    p[2] = DB_TS(w->now);
    p[3] = DB_INT(c->user->id);
    p[4] = DB_INT(w->id);
    p[5] = DB_INT(w->party_id);
    p[6] = DB_INT(w->version);
    p[7] = DB_INT(scope_unit(c));
    p[8] = DB_INT(scope_party(c));
    if (db_exec(db, &sql_doc_check, p, 9, &n) != 0)
        return -1;
    if (n == 0)
        return CH_CONFLICT;
    sbuf_init(&d, c->a, 128);
    sbuf_printf(&d, "party: %s; ", w->party_code);
    audit_diff(&d, "status", w->before, w->verdict);
    audit_diff(&d, "note", NULL, w->note);
    return audit_write(c, "party_doc", w->id, "check", d.buf);
}

/* POST /parties/{id}/docs/{doc}/check (status, note, version) */
static int
channel_doc_check(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    int64_t doc = route_arg_id(c->req, "doc");
    struct doc_check w;
    struct db_param p[2];
    struct db_rows pr, dr;
    int rc = fetch_party(c, id, &pr);

    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return page_not_found(c, "party", id);
    if (doc <= 0)
        return page_not_found(c, "party_doc", doc);
    p[0] = DB_INT(doc);
    p[1] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_doc_brief, p, 2, 0, 0, &dr) != 0)
        return ctx_db_fail(c);
    if (dr.n_rows != 1)
        return page_not_found(c, "party_doc", doc);
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = doc;
    w.party_id = id;
    w.party_code = db_cell(&pr, 0, 2);
    w.before = db_cell(&dr, 0, 2);
    w.verdict = form_enum(c, "status", FORM_REQUIRED, doc_verdicts);
    w.note = form_text(c, "note", 0, 200);
    form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &w.version);
    if (w.verdict != NULL && strcmp(w.verdict, "refused") == 0 &&
        w.note == NULL && form_ok(c))
        form_error(c, "note", "required", "say why the document is refused");
    if (!form_ok(c))
        return docs_page(c, &pr);
    db_rollback(c->db);
    w.now = clock_now();
    rc = db_uow(c->db, doc_check_uow, &w);
    if (rc == CH_CONFLICT) {
        c->status = 409;
        ctx_message(c, "error", "conflict", NULL,
                    "someone else changed this document meanwhile; look "
                    "at it again");
        if (fetch_party(c, id, &pr) != 0)
            return ctx_db_fail(c);
        return docs_page(c, &pr);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/parties/%lld/docs", (long long)id));
}

/* ==================================================================== */
/* The public application                                               */
/* ==================================================================== */

/*
 * Order the regions r (id, parent_id, kind, code, name; by code) as a
 * tree: each after its parent, siblings by code.  Writes <region-option
 * id depth kind code name selected?> under n.
 */
static void
region_options(struct ctx *c, xmlNodePtr n, const struct db_rows *r,
               int64_t selected)
{
    size_t m = r->n_rows, top = 0;
    size_t *stack = arena_alloc(c->a, (m + 1) * sizeof(*stack));
    int *depth = arena_alloc(c->a, (m + 1) * sizeof(*depth));
    unsigned char *done = arena_zalloc(c->a, m + 1);

    /* pass 0: the roots (no parent); pass 1: rows whose parent is not in
     * the list (none today: every region is listed) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = m; i-- > 0;) {
            const char *par = db_cell(r, i, 1);
            int is_root = par == NULL;

            if (done[i] || (pass == 0) != is_root)
                continue;
            if (pass == 1) { /* a root unless its parent is listed */
                is_root = 1;
                for (size_t j = 0; j < m && is_root; j++)
                    if (strcmp(db_cell(r, j, 0), par) == 0)
                        is_root = 0;
            }
            if (!is_root)
                continue;
            stack[top] = i; /* in reverse code order: popped in order */
            depth[top++] = 0;
            done[i] = 1;
        }
        while (top > 0) {
            size_t i = stack[--top];
            int d = depth[top];
            xmlNodePtr o = xd_elem(n, "region-option");

            xd_attr(o, "id", db_cell(r, i, 0));
            xd_attr_int(o, "depth", d);
            xd_attr(o, "kind", db_cell(r, i, 2));
            xd_attr(o, "code", db_cell(r, i, 3));
            xd_attr(o, "name", db_cell(r, i, 4));
            if (db_cell_int(r, i, 0) == selected)
                xd_attr(o, "selected", "true");
            for (size_t j = m; j-- > 0;) {
                const char *par = db_cell(r, j, 1);

                if (!done[j] && par != NULL &&
                    strcmp(par, db_cell(r, i, 0)) == 0) {
                    done[j] = 1;
                    stack[top] = j;
                    depth[top++] = d + 1;
                }
            }
        }
    }
}

static const char *const apply_echo[] = {
    "name",    "name",    "kind",   "kind",   "region", "region",
    "contact", "contact", "phone",  "phone",  "email",  "email",
    "address", "address", "tax_no", "tax-no", NULL,
};

/* The application form (again, with what was typed, after a 422). */
static int
apply_form(struct ctx *c)
{
    struct db_rows r;
    xmlNodePtr n = ctx_data(c, "apply-form");
    int64_t region = 0;
    const struct req_field *f = req_field(c->req, "region");

    for (size_t i = 0; apply_echo[i] != NULL; i += 2)
        xd_attr(n, apply_echo[i + 1], param_text(c->req, apply_echo[i]));
    if (f != NULL)
        region = strtoll(f->value, NULL, 10);
    if (db_query(c->db, c->a, &sql_regions, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    region_options(c, n, &r, region);
    return 0;
}

/* GET /apply */
static int
channel_apply_form(struct ctx *c)
{
    return apply_form(c);
}

struct apply {
    struct ctx *c;
    int64_t id, doc_id, unit_id, region_id;
    const char *kind, *code, *name, *contact, *phone, *email, *address, *tax_no,
        *region_label, *file_name;
    const struct filetype *type;
    const struct req_upload *u;
    time_t now;
};

static int
apply_uow(struct db *db, void *arg)
{
    struct apply *w = arg;
    struct ctx *c = w->c;
    struct db_param p[13];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(w->kind);
    p[2] = DB_TEXT(w->code);
    p[3] = DB_TEXT(w->name);
    p[4] = DB_INT(w->unit_id);
    p[5] = DB_INT(w->region_id);
    p[6] = DB_TEXT(w->contact);
    p[7] = DB_TEXT(w->phone);
    p[8] = DB_TEXT(w->email);
    p[9] = DB_TEXT(w->address);
    p[10] = DB_TEXT(w->tax_no);
    p[11] = DB_TS(w->now);
    p[12] = DB_TS(w->now);
    if (db_exec(db, &sql_party_apply, p, 13, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_party_closure_self, p, 2, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->id);
    p[1] = DB_TS(w->now);
    if (db_exec(db, &sql_party_account_new, p, 2, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->doc_id);
    p[1] = DB_INT(w->id);
    p[2] = DB_TEXT("licence");
    p[3] = DB_TEXT(w->file_name);
    p[4] = DB_TEXT(w->type->mime);
    p[5] = DB_INT((int64_t)w->u->len);
    p[6] = DB_BLOB(w->u->data, w->u->len);
    p[7] = DB_TS(w->now);
    p[8] = c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
    if (db_exec(db, &sql_doc_insert, p, 9, NULL) != 0)
        return -1;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "kind", NULL, w->kind);
    audit_diff(&d, "code", NULL, w->code);
    audit_diff(&d, "name", NULL, w->name);
    audit_diff(&d, "region", NULL, w->region_label);
    audit_diff(&d, "contact", NULL, w->contact);
    audit_diff(&d, "phone", NULL, w->phone);
    audit_diff(&d, "email", NULL, w->email);
    audit_diff(&d, "address", NULL, w->address);
    audit_diff(&d, "tax_no", NULL, w->tax_no);
    audit_diff(&d, "licence", NULL, w->file_name);
    return audit_write(c, "party", w->id, "apply", d.buf);
}

/* The servicing unit of a region: the unit covering it or its nearest
 * covered ancestor, else the headquarters (the root unit).  0 or -1. */
static int
unit_for_region(struct ctx *c, int64_t region, int64_t *unit)
{
    struct db_param p[1] = {DB_INT(region)};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_region_unit, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0) {
        *unit = db_cell_int(&r, 0, 0);
        return 0;
    }
    if (db_query(c->db, c->a, &sql_hq_unit, NULL, 0, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        log_error("req=%s apply: no organisation unit at all", c->request_id);
        return -1;
    }
    *unit = db_cell_int(&r, 0, 0);
    return 0;
}

/* POST /apply (multipart: the fields below and the file "licence") */
static int
channel_apply(struct ctx *c)
{
    const struct req_upload *u;
    struct apply w;
    struct db_param p[1];
    struct db_rows r;

    if (one_upload(c, "licence", &u) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.name = form_text(c, "name", FORM_REQUIRED, 100);
    w.kind = form_enum(c, "kind", FORM_REQUIRED, apply_kinds);
    if (form_int(c, "region", FORM_REQUIRED, 1, INT64_MAX, &w.region_id) == 0) {
        p[0] = DB_INT(w.region_id);
        if (db_query(c->db, c->a, &sql_region_one, p, 1, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows == 0)
            form_error(c, "region", "no_such_region", "no such region");
        else
            w.region_label =
                page_label(c, db_cell(&r, 0, 1), db_cell(&r, 0, 2));
    }
    w.contact = form_text(c, "contact", FORM_REQUIRED, 60);
    w.phone = form_text(c, "phone", FORM_REQUIRED, 40);
    if (w.phone != NULL && !phone_ok(w.phone))
        form_error(c, "phone", "bad_phone", "digits, spaces and + - ( ) only");
    w.email = form_text(c, "email", FORM_REQUIRED, 120);
    if (w.email != NULL && !text_email_ok(w.email))
        form_error(c, "email", "bad_email", "not an e-mail address");
    w.address = form_text(c, "address", FORM_REQUIRED, 200);
    w.tax_no = form_text(c, "tax_no", FORM_REQUIRED, 40);
    if (w.tax_no != NULL && !tax_no_ok(w.tax_no))
        form_error(c, "tax_no", "bad_tax_no", "letters, digits and - only");
    w.type = check_upload(c, "licence", u, 1);
    if (!form_ok(c))
        return apply_form(c);
    w.u = u;
    w.file_name = display_name(c, u->filename, w.type);
    if (unit_for_region(c, w.region_id, &w.unit_id) != 0)
        return ctx_db_fail(c);
    db_rollback(c->db);
    if (db_next_id(c->db, "party", &w.id) != 0 ||
        db_next_id(c->db, "party_doc", &w.doc_id) != 0)
        return ctx_db_fail(c);
    w.code = arena_printf(c->a, "AP%lld", (long long)w.id);
    w.now = clock_now();
    if (db_uow(c->db, apply_uow, &w) != 0)
        return ctx_db_fail(c);
    log_info("req=%s apply: party %lld (%s) from %s", c->request_id,
             (long long)w.id, w.code,
             c->req->remote_addr ? c->req->remote_addr : "-");
    return ctx_redirect(c, arena_printf(c->a, "/apply/done?ref=%s", w.code));
}

/* GET /apply/done?ref=AP123: the thank-you page.  The reference is only
 * echoed when it has the shape of one (it is the visitor's own). */
static int
channel_apply_done(struct ctx *c)
{
    const char *ref = param_text(c->req, "ref");
    xmlNodePtr n = ctx_data(c, "apply-done");
    const char *s;

    if (ref == NULL || ref[0] != 'A' || ref[1] != 'P' || ref[2] == '\0')
        return 0;
    for (s = ref + 2; *s != '\0'; s++)
        if (*s < '0' || *s > '9')
            return 0;
    xd_attr(n, "ref", ref);
    return 0;
}

/* ==================================================================== */
/* Qualification                                                        */
/* ==================================================================== */

static const char *const queue_cols[] = {
    "id",   "code",    "name",      "kind",      "status",
    NULL,   "version", "unit-code", "unit-name", "region-name",
    "docs", "pending", "checked",   "refused",   "checked-licences",
};

/* The queue: parties in scope waiting for qualification or approval, and
 * those rejected in the last CHANNEL_REJECTED_DAYS days: <qualify-queue>. */
static int
queue_page(struct ctx *c)
{
    struct db_param p[3];
    struct db_rows r;
    xmlNodePtr n;

    p[0] = DB_TS(clock_now() - CHANNEL_REJECTED_DAYS * 86400L);
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, &sql_queue, p, 3, CHANNEL_QUEUE_MAX, 0, &r) != 0)
        return ctx_db_fail(c);
    n = ctx_data(c, "qualify-queue");
    xd_attr_int(n, "rejected-days", CHANNEL_REJECTED_DAYS);
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr e = xd_elem(n, "party");

        xd_row(e, &r, i, queue_cols, XD_N(queue_cols));
        page_ts(c, e, "created-at", db_cell(&r, i, 5));
    }
    return 0;
}

/* GET /qualify */
static int
channel_queue(struct ctx *c)
{
    return queue_page(c);
}

struct qualify {
    struct ctx *c;
    int64_t id, version, unit_id;
    const char *code;
    time_t now;
};

static int
qualify_uow(struct db *db, void *arg)
{
    struct qualify *w = arg;
    struct ctx *c = w->c;
    struct db_param p[3];
    long n = 0;
    int rc;

    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    if (db_exec(db, &sql_party_to_review, p, 3, &n) != 0)
        return -1;
    if (n == 0)
        return CH_CONFLICT;
    rc = wf_submit(c, "party", w->id, 0, w->unit_id);
    if (rc == WF_NO_FLOW)
        return CH_NO_FLOW;
    if (rc == WF_CONFLICT)
        return CH_WF_TAKEN;
    if (rc != 0)
        return -1;
    return audit_write(c, "party", w->id, "qualify",
                       "status: applied -> review");
}

/* POST /parties/{id}/qualify (version): submit for approval. */
static int
channel_qualify(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct qualify w;
    struct db_param p[1];
    struct db_rows pr, r;
    int rc = fetch_party(c, id, &pr);

    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return page_not_found(c, "party", id);
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = id;
    w.code = db_cell(&pr, 0, 2);
    w.unit_id = db_cell_int(&pr, 0, 5);
    if (form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &w.version) != 0)
        return queue_page(c);
    if (strcmp(db_cell(&pr, 0, 4), "applied") != 0) {
        form_error(c, NULL, "not_applied",
                   "only an application (status applied) can be submitted");
        return queue_page(c);
    }
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_checked_licences, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0 || db_cell_int(&r, 0, 0) < 1) {
        form_error(c, NULL, "no_checked_licence",
                   "check a business licence document first");
        return queue_page(c);
    }
    db_rollback(c->db);
    w.now = clock_now();
    rc = db_uow(c->db, qualify_uow, &w);
    switch (rc) {
    case 0: return ctx_redirect(c, "/qualify");
    case CH_CONFLICT:
    case CH_WF_TAKEN:
        c->status = 409;
        ctx_message(c, "error", "conflict", NULL,
                    "someone else changed this party meanwhile; look at it "
                    "again");
        return queue_page(c);
    case CH_NO_FLOW:
        form_error(c, NULL, "no_flow",
                   "no approval flow for parties is defined");
        return queue_page(c);
    default: return ctx_db_fail(c);
    }
}

/* The approval ended: see channel.h. */
int
channel_party_wf_final(struct ctx *c, int64_t doc_id, const char *status)
{
    struct db_param p[3];
    const char *to;
    long n = 0;

    if (strcmp(status, "approved") == 0)
        to = "approved";
    else if (strcmp(status, "rejected") == 0)
        to = "rejected";
    else if (strcmp(status, "returned") == 0)
        to = "applied";
    else
        return -1;
    p[0] = DB_TEXT(to);
    p[1] = DB_TS(clock_now());
    p[2] = DB_INT(doc_id);
    if (db_exec(c->db, &sql_party_decided, p, 3, &n) != 0)
        return -1;
    if (n != 1) {
        log_error("req=%s party %lld: approval %s but the party is not in "
                  "review",
                  c->request_id, (long long)doc_id, status);
        return -1;
    }
    return audit_write(c, "party", doc_id, "qualify_final",
                       arena_printf(c->a, "status: review -> %s", to));
}

/* One line for the approval pages: see channel.h. */
const char *
channel_party_wf_summary(struct ctx *c, int64_t doc_id)
{
    struct db_param p[1] = {DB_INT(doc_id)};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_party_summary, p, 1, 0, 0, &r) != 0 ||
        r.n_rows == 0)
        return NULL;
    return arena_printf(c->a, "%s %s (%s)", db_cell(&r, 0, 0),
                        db_cell(&r, 0, 1), db_cell(&r, 0, 2));
}

/* ==================================================================== */
/* The channel map                                                      */
/* ==================================================================== */

#define MAP_MARGIN   20  /* px around the drawing */
#define MAP_DX       200 /* px between levels */
#define MAP_DY       26  /* px between rows */
#define MAP_R_MIN    5   /* radius of a node without receivable */
#define MAP_R_SPAN   7   /* + up to this much for the largest balance */
#define MAP_LABEL    10  /* characters of a name in the label */
#define MAP_MAX_DEEP 64  /* recursion guard (the closure has no cycles) */

/* A node of the drawing: a party, or (for staff) a servicing unit that
 * holds the parties without a channel parent. */
struct map_node {
    int64_t id;
    int is_unit;
    const char *kind, *code, *name, *status;
    int64_t receivable;
    int first, last, next; /* children (indexes), -1: none */
    int has_parent;
    int level, shown, hidden;
    long x, y, r;
};

struct map {
    struct ctx *c;
    struct map_node *nodes;
    size_t n;
    int depth;     /* party levels shown */
    int base;      /* level drawn in the first column */
    long rows;     /* leaves placed so far */
    int max_level; /* deepest level shown */
};

/* id -> index, sorted by id for bsearch. */
struct map_key {
    int64_t id;
    int idx;
};

static int
cmp_key(const void *a, const void *b)
{
    const struct map_key *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

static int
find_key(const struct map_key *keys, size_t n, int64_t id)
{
    struct map_key k = {id, 0};
    const struct map_key *f = bsearch(&k, keys, n, sizeof(k), cmp_key);

    return f != NULL ? f->idx : -1;
}

static void
add_child(struct map *m, int parent, int child)
{
    struct map_node *p = &m->nodes[parent];

    m->nodes[child].has_parent = 1;
    m->nodes[child].next = -1;
    if (p->first < 0)
        p->first = child;
    else
        m->nodes[p->last].next = child;
    p->last = child;
}

/* Number of nodes below i. */
static int
count_below(const struct map *m, int i, int guard)
{
    int n = 0;

    if (guard > MAP_MAX_DEEP)
        return 0;
    for (int k = m->nodes[i].first; k >= 0; k = m->nodes[k].next)
        n += 1 + count_below(m, k, guard + 1);
    return n;
}

/*
 * The tidy tree: leaves take consecutive rows, a parent sits in the
 * middle of its first and last child, x follows the level.  Nodes below
 * the depth are not placed; their ancestor at the depth counts them.
 */
static void
place(struct map *m, int i, int level)
{
    struct map_node *nd = &m->nodes[i];
    int open = nd->first >= 0 && (nd->is_unit || level < m->depth) &&
               level < MAP_MAX_DEEP;

    nd->level = level;
    nd->shown = 1;
    if (level > m->max_level)
        m->max_level = level;
    nd->x = MAP_MARGIN + (long)(level - m->base) * MAP_DX;
    if (open) {
        for (int k = nd->first; k >= 0; k = m->nodes[k].next)
            place(m, k, level + 1);
        nd->y = (m->nodes[nd->first].y + m->nodes[nd->last].y) / 2;
        return;
    }
    nd->y = MAP_MARGIN + m->rows * MAP_DY;
    m->rows++;
    if (nd->first >= 0)
        nd->hidden = count_below(m, i, 0);
}

/* Integer square root (no libm for a radius). */
static int64_t
isqrt(int64_t v)
{
    int64_t x = 0, b = (int64_t)1 << 62;

    if (v <= 0)
        return 0;
    while (b > v)
        b >>= 2;
    while (b != 0) {
        if (v >= x + b) {
            v -= x + b;
            x = (x >> 1) + b;
        } else {
            x >>= 1;
        }
        b >>= 2;
    }
    return x;
}

/* The first MAP_LABEL characters of s, with "…" when cut. */
static const char *
short_label(struct ctx *c, const char *s)
{
    size_t chars = 0, i;

    if (s == NULL)
        return "";
    for (i = 0; s[i] != '\0'; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == MAP_LABEL)
                return arena_printf(c->a, "%.*s\xE2\x80\xA6", (int)i, s);
            chars++;
        }
    }
    return s;
}

/* A root of the drawing, for sorting: units first, then by code. */
struct map_root {
    int is_unit;
    const char *code;
    int idx;
};

static int
cmp_root(const void *a, const void *b)
{
    const struct map_root *x = a, *y = b;

    if (x->is_unit != y->is_unit)
        return x->is_unit ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* The filters' choices: regions (as a tree) and, for staff, the units of
 * the scope. */
static int
map_filters(struct ctx *c, xmlNodePtr n, int64_t region, int64_t branch,
            const struct db_rows *units)
{
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_regions, NULL, 0, 0, 0, &r) != 0)
        return -1;
    region_options(c, n, &r, region);
    for (size_t i = 0; i < units->n_rows; i++) {
        xmlNodePtr o = xd_elem(n, "unit-option");

        xd_attr(o, "id", db_cell(units, i, 0));
        xd_attr(o, "kind", db_cell(units, i, 2));
        xd_attr(o, "code", db_cell(units, i, 3));
        xd_attr(o, "name", db_cell(units, i, 4));
        if (db_cell_int(units, i, 0) == branch)
            xd_attr(o, "selected", "true");
    }
    return 0;
}

/* GET /channel/map?region=&branch=&depth=&root= */
static int
channel_map(struct ctx *c)
{
    int64_t region = param_int(c->req, "region", 0);
    int64_t branch = param_int(c->req, "branch", 0);
    int64_t root = param_int(c->req, "root", 0);
    int depth = (int)param_int(c->req, "depth", 2);
    int staff = scope_party(c) < 0;
    struct db_param p[8];
    struct db_rows r, units, rootr;
    struct map m;
    struct map_key *keys, *ukeys = NULL;
    int *roots, *unit_node = NULL;
    struct map_root *sorted;
    size_t n_roots = 0, n_parties;
    int64_t max_rec = 0;
    long width, height;
    xmlNodePtr n;

    memset(&units, 0, sizeof(units));
    if (root > 0) {
        int rc = fetch_party(c, root, &rootr);

        if (rc < 0)
            return ctx_db_fail(c);
        if (rc > 0)
            return page_not_found(c, "party", root);
    }
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = region > 0 ? DB_INT(region) : DB_NULLP;
    p[3] = DB_INT(region);
    p[4] = branch > 0 ? DB_INT(branch) : DB_NULLP;
    p[5] = DB_INT(branch);
    p[6] = root > 0 ? DB_INT(root) : DB_NULLP;
    p[7] = DB_INT(root);
    if (db_query(c->db, c->a, &sql_map_parties, p, 8, CHANNEL_MAP_MAX + 1, 0,
                 &r) != 0)
        return ctx_db_fail(c);
    p[0] = DB_INT(scope_unit(c));
    if (staff && db_query(c->db, c->a, &sql_map_units, p, 1, 0, 0, &units) != 0)
        return ctx_db_fail(c);

    n_parties = r.n_rows > CHANNEL_MAP_MAX ? CHANNEL_MAP_MAX : r.n_rows;
    memset(&m, 0, sizeof(m));
    m.c = c;
    m.depth = depth;
    m.nodes =
        arena_zalloc(c->a, (n_parties + units.n_rows + 1) * sizeof(*m.nodes));
    keys = arena_alloc(c->a, (n_parties + 1) * sizeof(*keys));
    for (size_t i = 0; i < n_parties; i++) {
        struct map_node *nd = &m.nodes[m.n];

        nd->id = db_cell_int(&r, i, 0);
        nd->kind = db_cell(&r, i, 3);
        nd->code = db_cell(&r, i, 4);
        nd->name = db_cell(&r, i, 5);
        nd->status = db_cell(&r, i, 6);
        nd->receivable = db_cell_int(&r, i, 7);
        nd->first = nd->last = nd->next = -1;
        if (nd->receivable > max_rec)
            max_rec = nd->receivable;
        keys[i].id = nd->id;
        keys[i].idx = (int)m.n++;
    }
    qsort(keys, n_parties, sizeof(*keys), cmp_key);
    if (staff && root <= 0 && units.n_rows > 0) {
        ukeys = arena_alloc(c->a, units.n_rows * sizeof(*ukeys));
        unit_node = arena_alloc(c->a, units.n_rows * sizeof(*unit_node));
        for (size_t i = 0; i < units.n_rows; i++) {
            ukeys[i].id = db_cell_int(&units, i, 0);
            ukeys[i].idx = (int)i;
            unit_node[i] = -1;
        }
        qsort(ukeys, units.n_rows, sizeof(*ukeys), cmp_key);
    }
    /* hang every party under its channel parent when that is drawn, else
     * (staff, no root) under its servicing unit, else as a root */
    roots = arena_alloc(c->a, (m.n + units.n_rows + 1) * sizeof(*roots));
    for (size_t i = 0; i < n_parties; i++) {
        const char *par = db_cell(&r, i, 1);
        int self = (int)i, pi = -1;

        if (par != NULL && m.nodes[self].id != root)
            pi = find_key(keys, n_parties, db_cell_int(&r, i, 1));
        if (pi >= 0 && pi != self) {
            add_child(&m, pi, self);
            continue;
        }
        if (ukeys != NULL) {
            int u = find_key(ukeys, units.n_rows, db_cell_int(&r, i, 2));

            if (u >= 0) {
                if (unit_node[u] < 0) {
                    struct map_node *un = &m.nodes[m.n];

                    un->id = db_cell_int(&units, (size_t)u, 0);
                    un->is_unit = 1;
                    un->kind = "unit";
                    un->code = db_cell(&units, (size_t)u, 3);
                    un->name = db_cell(&units, (size_t)u, 4);
                    un->status = "active";
                    un->first = un->last = un->next = -1;
                    unit_node[u] = (int)m.n;
                    roots[n_roots++] = (int)m.n++;
                }
                add_child(&m, unit_node[u], self);
                continue;
            }
        }
        roots[n_roots++] = self;
    }
    sorted = arena_alloc(c->a, (n_roots + 1) * sizeof(*sorted));
    m.base = 1;
    for (size_t k = 0; k < n_roots; k++) {
        sorted[k].is_unit = m.nodes[roots[k]].is_unit;
        sorted[k].code = m.nodes[roots[k]].code;
        sorted[k].idx = roots[k];
        if (sorted[k].is_unit)
            m.base = 0;
    }
    qsort(sorted, n_roots, sizeof(*sorted), cmp_root);
    for (size_t k = 0; k < n_roots; k++)
        place(&m, sorted[k].idx, sorted[k].is_unit ? 0 : 1);

    width = 2 * MAP_MARGIN + (long)(m.max_level - m.base) * MAP_DX + 220;
    height = 2 * MAP_MARGIN + (m.rows > 0 ? m.rows - 1 : 0) * MAP_DY + 20;
    n = ctx_data(c, "channel-map");
    xd_attr_int(n, "depth", depth);
    if (region > 0)
        xd_attr_int(n, "region", region);
    if (branch > 0)
        xd_attr_int(n, "branch", branch);
    if (root > 0) {
        xd_attr_int(n, "root", root);
        xd_attr(n, "root-code", db_cell(&rootr, 0, 2));
        xd_attr(n, "root-name", db_cell(&rootr, 0, 3));
    }
    xd_attr_int(n, "width", width);
    xd_attr_int(n, "height", height);
    xd_attr_int(n, "parties", (int64_t)n_parties);
    if (r.n_rows > CHANNEL_MAP_MAX)
        xd_attr(n, "truncated", "true");
    if (map_filters(c, n, region, branch, &units) != 0)
        return ctx_db_fail(c);
    /* edges first: the nodes are drawn over them */
    for (size_t i = 0; i < m.n; i++) {
        const struct map_node *nd = &m.nodes[i];

        if (!nd->shown || nd->level >= MAP_MAX_DEEP)
            continue;
        for (int k = nd->first; k >= 0; k = m.nodes[k].next) {
            const struct map_node *ch = &m.nodes[k];
            xmlNodePtr e;

            if (!ch->shown)
                continue;
            e = xd_elem(n, "edge");
            xd_attr_int(e, "from", nd->id);
            xd_attr_int(e, "to", ch->id);
            xd_attr_int(e, "x1", nd->x);
            xd_attr_int(e, "y1", nd->y);
            xd_attr_int(e, "x2", ch->x);
            xd_attr_int(e, "y2", ch->y);
            xd_attr_int(e, "xm", (nd->x + ch->x) / 2);
        }
    }
    for (size_t i = 0; i < m.n; i++) {
        struct map_node *nd = &m.nodes[i];
        xmlNodePtr e;

        if (!nd->shown)
            continue;
        if (nd->is_unit)
            nd->r = MAP_R_MIN + 3;
        else if (nd->receivable > 0 && max_rec > 0)
            /* area grows with the balance: r ~ sqrt(balance) */
            nd->r = MAP_R_MIN + isqrt(nd->receivable * 100 / max_rec *
                                      MAP_R_SPAN * MAP_R_SPAN / 100);
        else
            nd->r = MAP_R_MIN;
        e = xd_elem(n, "node");
        xd_attr_int(e, "id", nd->id);
        xd_attr(e, "kind", nd->kind);
        xd_attr(e, "code", nd->code);
        xd_attr(e, "name", nd->name);
        xd_attr(e, "label", short_label(c, nd->name));
        xd_attr(e, "status", nd->status);
        xd_attr_int(e, "level", nd->level);
        xd_attr_int(e, "x", nd->x);
        xd_attr_int(e, "y", nd->y);
        xd_attr_int(e, "r", nd->r);
        if (!nd->is_unit)
            xd_attr_money(e, "receivable", nd->receivable);
        if (nd->hidden > 0)
            xd_attr_int(e, "hidden", nd->hidden);
    }
    return 0;
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

static const struct param_spec upload_params[] = {
    {"kind", P_TEXT, 0, 20, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec check_params[] = {
    {"status", P_TEXT, 0, 20, NULL, 0},
    {"note", P_TEXT, 0, 200, NULL, 0},
    {"version", P_TEXT, 0, 20, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec apply_params[] = {
    {"name", P_TEXT, 0, 100, NULL, 0},
    {"kind", P_TEXT, 0, 20, NULL, 0},
    {"region", P_TEXT, 0, 20, NULL, 0},
    {"contact", P_TEXT, 0, 60, NULL, 0},
    {"phone", P_TEXT, 0, 40, NULL, 0},
    {"email", P_TEXT, 0, 120, NULL, 0},
    {"address", P_TEXT, 0, 200, NULL, 0},
    {"tax_no", P_TEXT, 0, 40, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec done_params[] = {
    {"ref", P_TEXT, 0, 40, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec qualify_params[] = {
    {"version", P_TEXT, 0, 20, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec map_params[] = {
    {"region", P_INT, 1, INT64_MAX, NULL, 0},
    {"branch", P_INT, 1, INT64_MAX, NULL, 0},
    {"depth", P_INT, 1, 20, NULL, 0},
    {"root", P_INT, 1, INT64_MAX, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/parties/{id}/docs",             "channel.docs",         "party.view",    "channel.xsl", channel_docs,         NULL,           0},
    {REQ_POST, "/parties/{id}/docs",             "channel.doc_upload",   "party.edit",    "channel.xsl", channel_doc_upload,   upload_params,  ROUTE_UPLOAD},
    {REQ_GET,  "/parties/{id}/docs/{doc}",       "channel.doc_download", "party.view",    NULL,          channel_doc_download, NULL,           ROUTE_RAW},
    {REQ_POST, "/parties/{id}/docs/{doc}/check", "channel.doc_check",    "party.qualify", "channel.xsl", channel_doc_check,    check_params,   0},
    {REQ_GET,  "/apply",                         "channel.apply_form",   ROUTE_PUBLIC,    "channel.xsl", channel_apply_form,   NULL,           0},
    {REQ_POST, "/apply",                         "channel.apply",        ROUTE_PUBLIC,    "channel.xsl", channel_apply,        apply_params,   ROUTE_UPLOAD},
    {REQ_GET,  "/apply/done",                    "channel.apply_done",   ROUTE_PUBLIC,    "channel.xsl", channel_apply_done,   done_params,    0},
    {REQ_GET,  "/qualify",                       "channel.queue",        "party.qualify", "channel.xsl", channel_queue,        NULL,           0},
    {REQ_POST, "/parties/{id}/qualify",          "channel.qualify",      "party.qualify", "channel.xsl", channel_qualify,      qualify_params, 0},
    {REQ_GET,  "/channel/map",                   "channel.map",          "party.view",    "channel.xsl", channel_map,          map_params,     0},
};
/* clang-format on */

const struct module channel_module = {"channel", routes,
                                      sizeof(routes) / sizeof(routes[0])};
