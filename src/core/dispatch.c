/*
 * dispatch.c - one request, from FastCGI parameters to bytes:
 * parse (with limits) -> route -> check parameters -> handler -> render.
 *
 * Everything the request allocates lives in the worker's arena, reset at
 * the start of the next request; the page document and any open
 * transaction are released by arena cleanups, so an early return cannot
 * leak or leave a transaction open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <libxml/tree.h>

#include "../db/db.h"
#include "audit.h"
#include "auth.h"
#include "cfg.h"
#include "ctx.h"
#include "log.h"
#include "metrics.h"
#include "render.h"
#include "serve.h"
#include "settings.h"
#include "xd.h"
#include "xmlin.h"

/* Percent-encode everything but unreserved bytes and '/'. */
static const char *
url_encode(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(a, 3 * strlen(s) + 1), *p = out;

    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;

        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
            (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
            ch == '~' || ch == '/') {
            *p++ = (char)ch;
        } else {
            *p++ = '%';
            *p++ = hex[ch >> 4];
            *p++ = hex[ch & 15];
        }
    }
    *p = '\0';
    return out;
}

static const char *
status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 429: return "Too Many Requests";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

int
ctx_fail(struct ctx *c, int status, const char *code, const char *msg,
         const char *detail)
{
    if (c->err_code == NULL) {
        c->status = status;
        c->err_code = code;
        c->err_msg = msg;
        c->err_detail = detail;
        c->err_internal = status >= 500;
    }
    return -1;
}

int
ctx_db_fail(struct ctx *c)
{
    const struct db_error *e = c->db != NULL ? db_last_error(c->db) : NULL;

    metrics_db_error();
    if (e != NULL)
        log_error("req=%s route=%s db error sqlstate=%s native=%ld: %s",
                  c->request_id, c->route ? c->route->name : "-", e->sqlstate,
                  e->native, e->message);
    if (e == NULL || e->cls == DB_ERR_CONN)
        return ctx_fail(c, 503, "unavailable", "the database is not available",
                        NULL);
    return ctx_fail(c, 500, "internal", "internal error", NULL);
}

xmlNodePtr
ctx_data(struct ctx *c, const char *name)
{
    return xd_elem(c->page, name);
}

int
ctx_redirect(struct ctx *c, const char *location)
{
    c->location = location;
    c->status = 303;
    return 0;
}

void
ctx_header(struct ctx *c, const char *name, const char *value)
{
    if (c->headers.buf == NULL)
        sbuf_init(&c->headers, c->a, 256);
    sbuf_printf(&c->headers, "%s: %s\r\n", name, value);
}

void
ctx_message(struct ctx *c, const char *level, const char *code,
            const char *field, const char *text)
{
    xmlNodePtr m;

    if (c->messages == NULL) {
        /* right after <meta>, where the stylesheets look */
        c->messages = xmlNewDocNode(c->doc, NULL, BAD_CAST "messages", NULL);
        xmlAddNextSibling(c->meta, c->messages);
    }
    m = xd_text(c->messages, "message", text);
    xd_attr(m, "level", level);
    xd_attr(m, "code", code);
    xd_attr(m, "field", field);
}

static void
free_doc(void *doc)
{
    xmlFreeDoc(doc);
}

static void
rollback_open(void *db)
{
    if (db != NULL && db_in_txn(db))
        db_rollback(db);
}

/* A new <page> document with its <meta>, owned by the arena. */
static void
new_page(struct ctx *c)
{
    xmlNodePtr m;

    c->doc = xmlNewDoc(BAD_CAST "1.0");
    arena_on_free(c->a, free_doc, c->doc);
    c->page = xmlNewDocNode(c->doc, NULL, BAD_CAST "page", NULL);
    xmlDocSetRootElement(c->doc, c->page);
    xd_attr(c->page, "route", c->route != NULL ? c->route->name : "unmatched");
    c->meta = m = xd_elem(c->page, "meta");
    xd_text(m, "request-id", c->request_id);
    xd_text(m, "lang", c->lang);
    xd_text(m, "theme", c->theme);
    xd_text(m, "company",
            settings_get("company.name") != NULL ? settings_get("company.name")
                                                 : cfg->company);
    if (c->user != NULL) {
        xmlNodePtr u = xd_elem(m, "user"), perms;

        xd_attr_int(u, "id", c->user->id);
        xd_attr(u, "login", c->user->login);
        xd_attr(u, "name", c->user->name);
        perms = xd_elem(m, "perms");
        for (size_t i = 0; i < c->user->n_perms; i++)
            xd_attr(xd_elem(perms, "perm"), "name", c->user->perms[i]);
    }
    if (c->db != NULL && (c->user == NULL || c->user->session_id > 0))
        xd_text(m, "csrf", auth_csrf_token(c));
}

/* Replace the page with an error document for c's error. */
static void
error_page(struct ctx *c, int allowed)
{
    xmlNodePtr e;

    new_page(c);
    e = xd_elem(c->page, "error");
    xd_attr_int(e, "status", c->status);
    xd_attr(e, "code", c->err_code);
    xd_text(e, "message", c->err_msg);
    if (c->err_detail != NULL)
        xd_text(e, "detail", c->err_detail);
    if (c->err_internal)
        xd_text(e, "incident", c->request_id);
    if (allowed) {
        struct sbuf b;

        sbuf_init(&b, c->a, 64);
        if (allowed & REQ_GET)
            sbuf_adds(&b, "GET, HEAD");
        if (allowed & REQ_POST)
            sbuf_adds(&b, b.len ? ", POST" : "POST");
        if (allowed & REQ_PUT)
            sbuf_adds(&b, b.len ? ", PUT" : "PUT");
        if (allowed & REQ_DELETE)
            sbuf_adds(&b, b.len ? ", DELETE" : "DELETE");
        xd_text(e, "allow", b.buf);
    }
}

/* Read the body (CONTENT_LENGTH bytes, at most limit). */
static int
read_body(struct ctx *c, FCGX_Request *fr, size_t limit, char **body,
          size_t *len)
{
    const char *cl = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
    unsigned long long n = cl != NULL ? strtoull(cl, NULL, 10) : 0;
    size_t got = 0;
    char *buf;

    *body = NULL;
    *len = 0;
    if (n == 0)
        return 0;
    if (n > limit)
        return req_fail(c->req, 413, "too_large", "the request is too large");
    buf = arena_alloc(c->a, (size_t)n + 1);
    while (got < n) {
        int k = FCGX_GetStr(buf + got, (int)(n - got > 65536 ? 65536 : n - got),
                            fr->in);

        if (k <= 0)
            break;
        got += (size_t)k;
    }
    if (got != n)
        return req_fail(c->req, 400, "bad_request", "the body is incomplete");
    buf[n] = '\0';
    *body = buf;
    *len = (size_t)n;
    return 0;
}

static int
ctype_is(const char *ct, const char *want)
{
    size_t n = strlen(want);

    return ct != NULL && strncasecmp(ct, want, n) == 0 &&
           (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Parse everything about the request; 0 or -1 (c->req has the error). */
static int
parse_request(struct ctx *c, FCGX_Request *fr, void **xml_body)
{
    struct req *r = c->req;
    const char *uri = FCGX_GetParam("REQUEST_URI", fr->envp);
    const char *q, *cookie;
    char *body;
    size_t len;

    r->method_name = FCGX_GetParam("REQUEST_METHOD", fr->envp);
    r->method = req_method_parse(r->method_name);
    r->accept = FCGX_GetParam("HTTP_ACCEPT", fr->envp);
    r->accept_language = FCGX_GetParam("HTTP_ACCEPT_LANGUAGE", fr->envp);
    r->origin = FCGX_GetParam("HTTP_ORIGIN", fr->envp);
    r->host = FCGX_GetParam("HTTP_HOST", fr->envp);
    r->remote_addr = FCGX_GetParam("REMOTE_ADDR", fr->envp);
    r->content_type = FCGX_GetParam("CONTENT_TYPE", fr->envp);
    r->https = FCGX_GetParam("HTTPS", fr->envp) != NULL;
    r->authorization = FCGX_GetParam("HTTP_AUTHORIZATION", fr->envp);
    /* what shapes the answer (format, language, theme) is read first, so
     * that even a refused request is answered the way it asked */
    if (req_accept_xml(r->accept))
        r->want_xml = 1;
    cookie = FCGX_GetParam("HTTP_COOKIE", fr->envp);
    if (cookie != NULL && req_parse_cookies(r, cookie) != 0)
        return -1;
    if (uri == NULL || *uri == '\0')
        return req_fail(r, 400, "bad_request", "no request URI");
    q = strchr(uri, '?');
    if (req_parse_path(r, uri, q != NULL ? (size_t)(q - uri) : strlen(uri)))
        return -1;
    if (q != NULL && req_parse_urlencoded(r, q + 1, strlen(q + 1), 0) != 0)
        return -1;
    /* a route that takes files may have a larger body; the route is
     * looked up again (with the same result) after parsing */
    {
        const struct route *rt;
        int allowed;

        if (route_find(r, r->method, &rt, &allowed) == 0 &&
            (rt->flags & ROUTE_UPLOAD))
            r->lim.max_body = cfg->max_upload;
    }
    if (read_body(c, fr, r->lim.max_body, &body, &len) != 0)
        return -1;
    if (body == NULL)
        return 0;
    if (ctype_is(r->content_type, "application/x-www-form-urlencoded"))
        return req_parse_urlencoded(r, body, len, 1);
    if (ctype_is(r->content_type, "multipart/form-data"))
        return req_parse_multipart(r, r->content_type, body, len);
    if (ctype_is(r->content_type, "application/xml") ||
        ctype_is(r->content_type, "text/xml")) {
        char err[128];
        xmlDocPtr doc = xmlin_parse(body, len, err, sizeof(err));

        if (doc == NULL)
            return req_fail(r, 400, "bad_xml", arena_strdup(c->a, err));
        arena_on_free(c->a, free_doc, doc);
        *xml_body = doc;
        return 0;
    }
    return req_fail(r, 415, "unsupported_media_type",
                    "unsupported content type");
}

static void
put_headers(struct ctx *c, FCGX_Request *fr, const char *ctype, size_t length,
            int allowed)
{
    FCGX_FPrintF(fr->out, "Status: %d %s\r\n", c->status,
                 status_text(c->status));
    FCGX_FPrintF(fr->out, "Content-Type: %s\r\n", ctype);
    FCGX_FPrintF(fr->out, "Content-Length: %lu\r\n", (unsigned long)length);
    FCGX_PutS("Content-Security-Policy: default-src 'self'; "
              "script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "object-src 'none'; frame-ancestors 'none'; "
              "form-action 'self'; base-uri 'none'\r\n"
              "X-Content-Type-Options: nosniff\r\n"
              "X-Frame-Options: DENY\r\n"
              "Referrer-Policy: same-origin\r\n",
              fr->out);
    /* pages carry the session's token once sessions exist; until a route
     * is public and anonymous, nothing may be cached by intermediaries */
    FCGX_PutS("Cache-Control: no-store\r\n", fr->out);
    if (c->location != NULL)
        FCGX_FPrintF(fr->out, "Location: %s\r\n", c->location);
    if (c->headers.buf != NULL)
        FCGX_PutStr(c->headers.buf, (int)c->headers.len, fr->out);
    if (allowed) {
        FCGX_PutS("Allow: ", fr->out);
        FCGX_PutS((allowed & REQ_GET) ? "GET, HEAD" : "", fr->out);
        if (allowed & REQ_POST)
            FCGX_PutS((allowed & REQ_GET) ? ", POST" : "POST", fr->out);
        FCGX_PutS("\r\n", fr->out);
    }
    FCGX_PutS("\r\n", fr->out);
}

static void
new_request_id(char out[17])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[8];

    if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
        memset(b, 0, sizeof(b));
    for (int i = 0; i < 8; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[16] = '\0';
}

static long
usec_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000000L +
           (t1.tv_nsec - t0->tv_nsec) / 1000;
}

static const char *
pick_theme(const struct req *r)
{
    const char *t = req_cookie(r, "theme");

    if (t != NULL && (strcmp(t, "classic") == 0 || strcmp(t, "slate") == 0))
        return t;
    t = settings_get("default.theme");
    if (t != NULL && (strcmp(t, "classic") == 0 || strcmp(t, "slate") == 0))
        return t;
    return cfg->default_theme;
}

static const char *
pick_lang(const struct req *r)
{
    const char *l = req_cookie(r, "lang");

    if (l != NULL && (strcmp(l, "en") == 0 || strcmp(l, "zh-CN") == 0))
        return l;
    l = settings_get("default.lang");
    if (l == NULL || (strcmp(l, "en") != 0 && strcmp(l, "zh-CN") != 0))
        l = cfg->default_lang;
    return req_pick_lang(r->accept_language, l);
}

/*
 * The central check, before any handler: the route's permission (an
 * anonymous visitor of a page goes to the login form, an integrator gets
 * 401), then the CSRF token on every unsafe method.  Denials are audited.
 */
static void
authorise(struct ctx *c)
{
    const struct route *rt = c->route;

    if (c->user != NULL) {
        if (c->user->lang != NULL)
            c->lang = c->user->lang;
        if (c->user->theme != NULL)
            c->theme = c->user->theme;
    }
    if (strcmp(rt->perm, ROUTE_PUBLIC) != 0) {
        if (c->user == NULL) {
            if (c->req->want_xml || c->req->method != REQ_GET) {
                ctx_fail(c, 401, "unauthenticated", "please log in", NULL);
                return;
            }
            ctx_fail(c, 303, "login_required", "please log in", NULL);
            c->location = arena_printf(c->a, "/login?next=%s",
                                       url_encode(c->a, c->req->path));
            return;
        }
        if (strcmp(rt->perm, ROUTE_SIGNED_IN) != 0 && !auth_can(c, rt->perm)) {
            log_warn("req=%s denied: user %lld lacks %s for %s", c->request_id,
                     (long long)c->user->id, rt->perm, rt->name);
            audit_write_now(c, "route", 0, "denied", rt->name);
            ctx_fail(c, 403, "forbidden", "you may not open this page",
                     rt->perm);
            return;
        }
    }
    if (c->req->method != REQ_GET && c->req->method != REQ_HEAD)
        auth_check_csrf(c);
}

void
dispatch(struct worker *w, FCGX_Request *fr)
{
    struct timespec t0;
    struct req req;
    struct ctx c;
    struct req_limits lim = {cfg->max_params, cfg->max_field, cfg->max_body, 8};
    void *xml_body = NULL;
    const struct route *rt = NULL;
    int allowed = 0, rc;
    struct sbuf out;
    const char *ctype;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    arena_reset(w->arena);
    memset(&c, 0, sizeof(c));
    c.a = w->arena;
    c.req = &req;
    c.status = 200;
    new_request_id(c.request_id);
    req_init(&req, c.a, &lim);
    sbuf_init(&out, c.a, 32 * 1024);

    rc = parse_request(&c, fr, &xml_body);
    c.lang = pick_lang(&req);
    c.theme = pick_theme(&req);
    if (rc != 0) {
        ctx_fail(&c, req.err_status, req.err_code, req.err_msg, NULL);
    } else {
        rc = route_find(&req, req.method, &rt, &allowed);
        if (rc == 0 && req.want_csv && !(rt->flags & ROUTE_CSV)) {
            rc = 404;
            rt = NULL;
        }
        if (rc == 404) {
            ctx_fail(&c, 404, "not_found", "no such page", NULL);
        } else if (rc == 405) {
            ctx_fail(&c, 405, "method_not_allowed", "method not allowed", NULL);
        } else if (route_check_params(rt, &req) != 0) {
            ctx_fail(&c, req.err_status, req.err_code, req.err_msg, NULL);
        }
    }
    c.route = rt;
    if (c.err_code == NULL && !(rt->flags & ROUTE_NO_DB)) {
        if (worker_connect(w) != 0)
            ctx_fail(&c, 503, "unavailable", "the database is not available",
                     NULL);
        c.db = w->db;
        arena_on_free(c.a, rollback_open, c.db);
        /* the site's defaults (language, theme, company) may have
         * changed: choose again with them */
        if (c.db != NULL && settings_refresh(c.db) == 0) {
            c.lang = pick_lang(&req);
            c.theme = pick_theme(&req);
        }
        /* a public raw answer (/healthz) needs nobody's identity: it must
         * not depend on the session tables of a database that may be
         * down */
        if (c.err_code == NULL &&
            !((rt->flags & ROUTE_RAW) && strcmp(rt->perm, ROUTE_PUBLIC) == 0) &&
            auth_identify(&c) == 0)
            authorise(&c);
    }
    if (c.err_code == NULL) {
        new_page(&c);
        c.xml_body = xml_body;
        if (rt->handler(&c) != 0 && c.err_code == NULL)
            ctx_fail(&c, 500, "internal", "internal error", NULL);
        if (c.db != NULL && db_in_txn(c.db))
            db_rollback(c.db);
    }

    if (c.status == 303 && c.location != NULL) {
        /* post/redirect/get, or an anonymous visitor sent to the login */
        ctype = "text/plain; charset=utf-8";
    } else if (c.err_code != NULL) {
        error_page(&c, rc == 405 ? allowed : 0);
        if (c.err_internal)
            log_error("req=%s incident %s: %s", c.request_id, c.err_code,
                      c.err_msg);
    } else if (c.raw_type != NULL) {
        out = c.raw;
    }
    if (c.page != NULL) {
        char st[8];

        snprintf(st, sizeof(st), "%d", c.status);
        xmlSetProp(c.page, BAD_CAST "status", BAD_CAST st);
    }
    if (c.status == 303 && c.location != NULL) {
        ;
    } else if (c.raw_type != NULL && c.err_code == NULL) {
        ctype = c.raw_type;
    } else if (req.want_xml) {
        ctype = "application/xml; charset=utf-8";
        render_xml(c.doc, &out);
    } else {
        const char *xsl = c.err_code != NULL ? "error.xsl" : rt->xsl;

        ctype = "text/html; charset=utf-8";
        if (render_html(w->render, xsl, c.doc, c.lang, &out) != 0) {
            c.status = 500;
            out.len = 0;
            sbuf_printf(&out,
                        "<!DOCTYPE html><title>500</title><p>internal "
                        "error, incident %s</p>",
                        c.request_id);
        }
    }
    put_headers(&c, fr, ctype, out.len, rc == 405 ? allowed : 0);
    if (req.method != REQ_HEAD)
        FCGX_PutStr(out.buf, (int)out.len, fr->out);

    {
        long us = usec_since(&t0);

        metrics_request(rt != NULL ? route_index(rt) : route_count(), c.status,
                        us);
        log_info("req=%s %s %s route=%s status=%d ms=%ld.%03ld user=%lld",
                 c.request_id, req.method_name ? req.method_name : "-",
                 req.path ? req.path : "-", rt ? rt->name : "-", c.status,
                 us / 1000, us % 1000,
                 c.user != NULL ? (long long)c.user->id : 0LL);
    }
    w->served++;
}
