/*
 * route.h - static route tables.
 *
 * Each module declares one table: method, path pattern, the permission it
 * needs (or ROUTE_PUBLIC), the stylesheet it renders with, the handler and
 * the parameters it accepts.  The dispatcher enforces all of it before the
 * handler runs: an undeclared parameter, a duplicate (unless P_LIST), or a
 * value of the wrong type is refused with 400.
 */
#ifndef QUDAO_ROUTE_H
#define QUDAO_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "req.h"

struct ctx;

enum param_type { P_INT, P_TEXT, P_ENUM, P_MONEY };

#define P_LIST      1u /* may repeat */
#define P_MULTILINE 2u /* text may hold TAB, LF, CR */

struct param_spec {
    const char *name;
    enum param_type type;
    long long min, max; /* P_INT: range; P_TEXT: max characters in max */
    const char *const *choices; /* P_ENUM: NULL-terminated */
    unsigned flags;
};

/* The list parameters every list page takes: the search text, the sort
 * column (one of sorts), the direction (one of dirs) and the page. */
#define P_SEARCH                                                               \
    {                                                                          \
        "q", P_TEXT, 0, 100, NULL, 0                                           \
    }
#define P_SORT(sorts)                                                          \
    {                                                                          \
        "sort", P_ENUM, 0, 0, (sorts), 0                                       \
    }
#define P_DIR(dirs)                                                            \
    {                                                                          \
        "dir", P_ENUM, 0, 0, (dirs), 0                                         \
    }
#define P_PAGE                                                                 \
    {                                                                          \
        "page", P_INT, 1, 1000000, NULL, 0                                     \
    }

/* An id (a positive whole number) and a 0/1 flag. */
#define P_ID(n)                                                                \
    {                                                                          \
        (n), P_INT, 1, INT64_MAX, NULL, 0                                      \
    }
#define P_FLAG(n)                                                              \
    {                                                                          \
        (n), P_INT, 0, 1, NULL, 0                                              \
    }

/* Entries of a parameter table: a text field of at most max characters
 * (P_FIELD), the same allowing TAB/LF/CR (P_FIELD_MULTI), and the end. */
#define P_FIELD(n, max)                                                        \
    {                                                                          \
        (n), P_TEXT, 0, (max), NULL, 0                                         \
    }
#define P_FIELD_MULTI(n, max)                                                  \
    {                                                                          \
        (n), P_TEXT, 0, (max), NULL, P_MULTILINE                               \
    }
#define P_END                                                                  \
    {                                                                          \
        NULL, 0, 0, 0, NULL, 0                                                 \
    }

#define ROUTE_PUBLIC    "public"    /* anyone: login, health, catalog */
#define ROUTE_SIGNED_IN "signed-in" /* any logged-in user: own account */

#define ROUTE_RAW   1u /* the handler writes its own body (e.g. /metrics) */
#define ROUTE_NO_DB 2u /* needs no database connection */
#define ROUTE_CSV   4u /* also answers as CSV ("/path.csv": src/core/csv.h) */
#define ROUTE_UPLOAD                                                           \
    8u /* takes files: a body up to max_upload, not max_body                   \
        */

struct route {
    int methods;         /* REQ_GET | REQ_POST ... (GET implies HEAD) */
    const char *pattern; /* "/products/{id}" */
    const char *name;    /* "products.show": metrics, page/@route */
    const char *perm;    /* "product.view" or ROUTE_PUBLIC */
    const char *xsl;     /* "products.xsl"; NULL with ROUTE_RAW */
    int (*handler)(struct ctx *c);
    const struct param_spec *params; /* terminated by {NULL} */
    unsigned flags;
};

struct module {
    const char *name;
    const struct route *routes;
    size_t n_routes;
};

/* modules.c: every module, one line each. */
extern const struct module *const qudao_modules[];
extern const size_t qudao_n_modules;

/* Number of routes over all modules, and route by index (for metrics). */
size_t route_count(void);
const struct route *route_at(size_t i);
size_t route_index(const struct route *rt);

/*
 * Find the route for a normalised path and method.  On a match fills the
 * pattern's arguments into r and returns 0.  Returns 404 when no pattern
 * matches, 405 when one matches with another method (*allowed then holds
 * the methods that would work).
 */
int route_find(struct req *r, int method, const struct route **out,
               int *allowed);

/* Check r's fields against rt->params (see above).  0 or -1 (req_fail). */
int route_check_params(const struct route *rt, struct req *r);

/* Typed getters, valid after route_check_params. */
int64_t param_int(const struct req *r, const char *name, int64_t dflt);
const char *param_text(const struct req *r,
                       const char *name); /* NULL: absent or empty */

/* A path argument as a positive id; -1 when it is not one. */
int64_t route_arg_id(const struct req *r, const char *name);

#endif
