/*
 * req.h - an HTTP request as the handlers see it, and its parsers.
 *
 * Everything is parsed before any handler runs, with hard limits; the
 * parsers are pure functions over bytes (unit-tested and fuzzed) and record
 * the first problem as an HTTP status, a stable error code and a message.
 * Text from outside is valid UTF-8 without C0 controls (TAB, LF and CR are
 * allowed in field values; single-line parameters refuse them later).
 */
#ifndef QUDAO_REQ_H
#define QUDAO_REQ_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum req_method {
    REQ_GET = 1,
    REQ_HEAD = 2,
    REQ_POST = 4,
    REQ_PUT = 8,
    REQ_DELETE = 16,
    REQ_PATCH = 32
};

struct req_field {
    const char *name;
    const char *value; /* NUL-terminated; len excludes the NUL */
    size_t len;
    int from_body;
};

struct req_upload {
    const char *field;
    const char *filename; /* as given: never used as a path */
    const char *content_type;
    const char *data;
    size_t len;
};

struct req_limits {
    size_t max_params; /* fields in query + body together */
    size_t max_field;  /* bytes of one value */
    size_t max_body;   /* bytes of the body */
    size_t max_uploads;
};

#define REQ_MAX_ARGS 4

struct req {
    struct arena *a;
    struct req_limits lim;

    int method;
    const char *method_name;
    const char *path; /* normalised, without a ".xml" suffix */
    int want_xml;     /* ".xml" suffix or Accept: application/xml */
    int want_csv;     /* ".csv" suffix (routes flagged ROUTE_CSV) */

    struct req_field *fields;
    size_t n_fields, cap_fields;
    struct req_field *cookies;
    size_t n_cookies, cap_cookies;
    struct req_upload *uploads;
    size_t n_uploads, cap_uploads;

    const char *content_type;
    const char *accept;
    const char *accept_language;
    const char *origin;
    const char *host;
    const char *remote_addr;
    const char *authorization; /* the Authorization header (API keys) */
    const char *csrf_new;      /* a pre-login CSRF token made now */
    int https;

    const char *arg_names[REQ_MAX_ARGS]; /* from the route pattern */
    const char *arg_values[REQ_MAX_ARGS];
    size_t n_args;

    /* the first parse failure */
    int err_status;
    const char *err_code;
    const char *err_msg;
};

void req_init(struct req *r, struct arena *a, const struct req_limits *lim);

/* Record a failure (status, stable code, message); returns -1. */
int req_fail(struct req *r, int status, const char *code, const char *msg);

/* Method name -> REQ_* bit, 0 when unknown. */
int req_method_parse(const char *name);

/*
 * Normalise the path part of a request URI (before '?'): percent-decode,
 * refuse an encoded '/', NUL, CR, LF, other controls, invalid UTF-8, '\',
 * and "." or ".." segments; drop one trailing '/'.  A ".xml" suffix sets
 * want_xml and is removed.  Sets r->path.  0 or -1 (400 bad_path).
 */
int req_parse_path(struct req *r, const char *raw, size_t n);

/* Parse a=1&b=2 (query or urlencoded body) into fields.  0 or -1. */
int req_parse_urlencoded(struct req *r, const char *s, size_t n, int from_body);

/* Parse a Cookie header.  Malformed pairs are skipped, as browsers do. */
int req_parse_cookies(struct req *r, const char *header);

/*
 * Parse a multipart/form-data body given the Content-Type header value.
 * Fields become fields (from_body), file parts become uploads.  0 or -1.
 */
int req_parse_multipart(struct req *r, const char *content_type,
                        const char *body, size_t n);

/* "en" or "zh-CN" from an Accept-Language header; dflt when neither. */
const char *req_pick_lang(const char *accept_language, const char *dflt);

/* Does the Accept header prefer application/xml (or text/xml)? */
int req_accept_xml(const char *accept);

/* Look-ups (after validation). */
const struct req_field *req_field(const struct req *r, const char *name);
const char *req_cookie(const struct req *r, const char *name);
const char *req_arg(const struct req *r, const char *name);

#endif
