/*
 * ctx.h - what a handler gets: the request, the database, the page
 * document to fill, and one call to refuse.
 *
 * A handler returns 0 when the page is filled, or the result of
 * ctx_fail()/ctx_db_fail() (-1); the dispatcher renders the error in the
 * format asked for.  It never writes HTML and never calls exit().
 */
#ifndef QUDAO_CTX_H
#define QUDAO_CTX_H

#include <libxml/tree.h>

#include "arena.h"
#include "req.h"
#include "route.h"

struct db;
struct auth_user;

struct ctx {
    struct arena *a;
    struct req *req;
    struct db *db; /* NULL for ROUTE_NO_DB routes or when unreachable */
    const struct route *route;
    char request_id[17];

    xmlDocPtr doc;
    xmlNodePtr page;
    xmlNodePtr meta;
    const char *lang;  /* "en" or "zh-CN" */
    const char *theme; /* "classic" or "slate" */

    int status;
    const char *err_code;
    const char *err_msg;
    const char *err_detail;
    int err_internal; /* a 500/503: show the incident id */

    const char *location;   /* redirect (303) after a successful POST */
    struct auth_user *user; /* NULL when anonymous */
    xmlNodePtr messages;    /* <messages>, made on first use */
    int n_field_errors;     /* form fields refused by form_*() */
    struct sbuf headers;    /* extra response headers (Set-Cookie) */

    /* ROUTE_RAW handlers write here and set the content type */
    const char *raw_type;
    struct sbuf raw;
    int csv_fields; /* fields in the CSV row being written (csv.h) */
    /* a parsed application/xml body (xmlin: no DTD, no entities), freed
     * with the request; NULL when the body was something else */
    xmlDocPtr xml_body;
};

/*
 * Refuse: status, a stable error code (used by stylesheets, the XML feed
 * and tests), a short lower-case message, an optional detail.  Returns -1.
 */
int ctx_fail(struct ctx *c, int status, const char *code, const char *msg,
             const char *detail);

/* A database failure: logged in full with the request id; the user gets
 * 503 when the database is unreachable, else 500.  Returns -1. */
int ctx_db_fail(struct ctx *c);

/* A new child element of <page> for the handler's data. */
xmlNodePtr ctx_data(struct ctx *c, const char *name);

/* Redirect with 303 (post/redirect/get); location is a local path built
 * from ids and fixed text.  Returns 0. */
int ctx_redirect(struct ctx *c, const char *location);

/* Add an extra response header line (name: value). */
void ctx_header(struct ctx *c, const char *name, const char *value);

/*
 * A message shown with the page: level "error", "warning" or "info", a
 * stable code, the form field it is about (or NULL), and the text.
 */
void ctx_message(struct ctx *c, const char *level, const char *code,
                 const char *field, const char *text);

#endif
