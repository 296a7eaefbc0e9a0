/*
 * test_route.c - route matching and parameter checks (src/core/route.c)
 * over the real module tables (src/modules.c).
 *
 * Covers: route_find (exact and {id} patterns, HEAD treated as GET, 404,
 * 405 with the allowed methods), route_arg_id (positive ids only),
 * route_check_params on products.list (unknown and duplicate parameters,
 * P_INT range and syntax, P_ENUM choices, P_TEXT length in characters and
 * single-line rule, the csrf field from a body), param_int / param_text,
 * route_count / route_at / route_index, and a walk over every route of
 * every module: each has a permission, a name, a handler, a pattern that
 * starts with '/', a stylesheet unless ROUTE_RAW, well-formed parameter
 * declarations, and is reachable by route_find.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/req.h"
#include "core/route.h"

static const struct req_limits test_limits = {
    .max_params = 64,
    .max_field = 4096,
    .max_body = 1 << 20,
    .max_uploads = 4,
};

static int
setup(void **state)
{
    *state = arena_new(0);
    return 0;
}

static int
teardown(void **state)
{
    arena_free(*state);
    return 0;
}

/* A request for path (already normalised). */
static void
new_req(struct req *r, void **state, const char *path)
{
    req_init(r, *state, &test_limits);
    r->path = path;
}

/* route_find for method and path; *rt and *allowed are filled. */
static int
find(void **state, struct req *r, int method, const char *path,
     const struct route **rt, int *allowed)
{
    new_req(r, state, path);
    *rt = NULL;
    return route_find(r, method, rt, allowed);
}

static void
test_route_find_products_list(void **state)
{
    struct req r;
    const struct route *rt;
    int allowed;

    assert_int_equal(find(state, &r, REQ_GET, "/products", &rt, &allowed), 0);
    assert_non_null(rt);
    assert_string_equal(rt->name, "products.list");
    assert_int_equal(r.n_args, 0);
}

static void
test_route_find_products_show_with_id(void **state)
{
    struct req r;
    const struct route *rt;
    int allowed;

    assert_int_equal(find(state, &r, REQ_GET, "/products/42", &rt, &allowed),
                     0);
    assert_non_null(rt);
    assert_string_equal(rt->name, "products.show");
    assert_int_equal(r.n_args, 1);
    assert_string_equal(r.arg_names[0], "id");
    assert_string_equal(req_arg(&r, "id"), "42");
    assert_int_equal(route_arg_id(&r, "id"), 42);
    assert_null(req_arg(&r, "nope"));
    assert_int_equal(route_arg_id(&r, "nope"), -1);
}

static void
test_route_find_system_pages(void **state)
{
    struct req r;
    const struct route *rt;
    int allowed;

    assert_int_equal(find(state, &r, REQ_GET, "/", &rt, &allowed), 0);
    assert_string_equal(rt->name, "home");
    assert_int_equal(find(state, &r, REQ_GET, "/healthz", &rt, &allowed), 0);
    assert_string_equal(rt->name, "healthz");
    assert_int_equal(find(state, &r, REQ_GET, "/metrics", &rt, &allowed), 0);
    assert_string_equal(rt->name, "metrics");
}

/* route_arg_id of the {id} taken from "/products/<id>" */
static int64_t
arg_id_of(void **state, const char *path)
{
    struct req r;
    const struct route *rt;
    int allowed;

    if (find(state, &r, REQ_GET, path, &rt, &allowed) != 0)
        fail_msg("%s: no route", path);
    assert_string_equal(rt->name, "products.show");
    return route_arg_id(&r, "id");
}

static void
test_route_arg_id_positive_only(void **state)
{
    assert_int_equal(arg_id_of(state, "/products/1"), 1);
    assert_int_equal(arg_id_of(state, "/products/007"), 7);
    assert_int_equal(arg_id_of(state, "/products/999999999999999999"),
                     INT64_C(999999999999999999));
    assert_int_equal(arg_id_of(state, "/products/abc"), -1);
    assert_int_equal(arg_id_of(state, "/products/0"), -1);
    assert_int_equal(arg_id_of(state, "/products/000"), -1);
    assert_int_equal(arg_id_of(state, "/products/-1"), -1);
    assert_int_equal(arg_id_of(state, "/products/+1"), -1);
    assert_int_equal(arg_id_of(state, "/products/1a"), -1);
    assert_int_equal(arg_id_of(state, "/products/1.5"), -1);
    assert_int_equal(arg_id_of(state, "/products/ 1"), -1);
    assert_int_equal(arg_id_of(state, "/products/0x10"), -1);
    assert_int_equal(arg_id_of(state, "/products/产品"), -1);
    assert_int_equal(arg_id_of(state, "/products/99999999999999999999"), -1);
    assert_int_equal(arg_id_of(state, "/products/9223372036854775808"), -1);
}

static void
test_route_post_on_get_route_405(void **state)
{
    struct req r;
    const struct route *rt;
    int allowed;

    assert_int_equal(find(state, &r, REQ_POST, "/products", &rt, &allowed),
                     405);
    assert_null(rt);
    assert_true(allowed & REQ_GET);
    assert_false(allowed & REQ_POST);
    assert_int_equal(find(state, &r, REQ_DELETE, "/products/1", &rt, &allowed),
                     405);
    assert_true(allowed & REQ_GET);
}

static void
test_route_head_treated_as_get(void **state)
{
    struct req r;
    const struct route *rt;
    int allowed;

    assert_int_equal(find(state, &r, REQ_HEAD, "/products", &rt, &allowed), 0);
    assert_string_equal(rt->name, "products.list");
    assert_int_equal(find(state, &r, REQ_HEAD, "/products/5", &rt, &allowed),
                     0);
    assert_string_equal(rt->name, "products.show");
    assert_int_equal(route_arg_id(&r, "id"), 5);
}

static void
test_route_unknown_404(void **state)
{
    static const char *const paths[] = {
        "/nope",        "/products/1/x", "/products/", "/productsx", "/product",
        "/Products",    "/products/1/",  "/healthz/x", "/metricsx",  "",
        "/products//1", "/a/b/c/d/e",
    };
    struct req r;
    const struct route *rt;
    int allowed;

    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        int rc = find(state, &r, REQ_GET, paths[i], &rt, &allowed);

        if (rc != 404)
            fail_msg("\"%s\": %d, want 404", paths[i], rc);
        assert_int_equal(allowed, 0);
    }
    assert_int_equal(find(state, &r, REQ_POST, "/nope", &rt, &allowed), 404);
}

/* ---- route_check_params on products.list --------------------------------- */

static const struct route *
products_list(void **state, struct req *r)
{
    const struct route *rt;
    int allowed;

    assert_int_equal(find(state, r, REQ_GET, "/products", &rt, &allowed), 0);
    assert_string_equal(rt->name, "products.list");
    return rt;
}

/* Check query (and body, when not NULL) against products.list. */
static int
check_list(void **state, struct req *r, const char *query, const char *body)
{
    const struct route *rt = products_list(state, r);

    if (req_parse_urlencoded(r, query, strlen(query), 0) != 0)
        fail_msg("query \"%s\" does not parse: %s", query, r->err_msg);
    if (body != NULL && req_parse_urlencoded(r, body, strlen(body), 1) != 0)
        fail_msg("body \"%s\" does not parse: %s", body, r->err_msg);
    return route_check_params(rt, r);
}

static void
list_ok(void **state, const char *query)
{
    struct req r;

    if (check_list(state, &r, query, NULL) != 0)
        fail_msg("\"%.60s\" refused: %s", query, r.err_msg);
    assert_int_equal(r.err_status, 0);
}

static void
list_bad(void **state, const char *query)
{
    struct req r;

    if (check_list(state, &r, query, NULL) == 0)
        fail_msg("\"%.60s\" accepted", query);
    assert_int_equal(r.err_status, 400);
    assert_string_equal(r.err_code, "bad_param");
    assert_non_null(r.err_msg);
}

static void
test_check_params_accepts_declared(void **state)
{
    struct req r;

    list_ok(state, "");
    list_ok(state, "q=abc&sort=name&dir=desc&page=2");
    assert_int_equal(check_list(state, &r, "page=1000000&sort=price", NULL), 0);
    assert_int_equal(param_int(&r, "page", 1), 1000000);
    assert_string_equal(param_text(&r, "sort"), "price");
    assert_null(param_text(&r, "q"));
    assert_int_equal(param_int(&r, "nothing", 7), 7);
}

static void
test_check_params_empty_means_absent(void **state)
{
    struct req r;

    assert_int_equal(check_list(state, &r, "q=&sort=&dir=&page=", NULL), 0);
    assert_null(param_text(&r, "q"));
    assert_null(param_text(&r, "sort"));
    assert_int_equal(param_int(&r, "page", 1), 1);
}

static void
test_check_params_unknown_400(void **state)
{
    list_bad(state, "x=1");
    list_bad(state, "q=a&limit=1000");
    list_bad(state, "Q=a"); /* names are case-sensitive */
    list_bad(state, "pages=1");
    list_bad(state, "csrf=x"); /* from the query */
}

static void
test_check_params_duplicate_400(void **state)
{
    list_bad(state, "q=a&q=b");
    list_bad(state, "q=a&q=a");
    list_bad(state, "page=1&sort=name&page=2");
}

static void
test_check_params_page_int_range(void **state)
{
    list_ok(state, "page=1");
    list_ok(state, "page=999999");
    list_bad(state, "page=0");
    list_bad(state, "page=-1");
    list_bad(state, "page=abc");
    list_bad(state, "page=1abc");
    list_bad(state, "page=1.5");
    list_bad(state, "page=1000001");
    list_bad(state, "page=99999999999999999999");
    list_bad(state, "page=0x10");
}

/*
 * 2026-11-27 (found by this test): P_INT values go through strtoll(), which
 * skips leading white space, so "page=%205" and "page=%0A5" (a line break
 * in a single-line number) were accepted as 5.
 */
static void
test_check_params_int_refuses_whitespace(void **state)
{
    list_bad(state, "page=%205");
    list_bad(state, "page=%0A5");
    list_bad(state, "page=%095");
}

static void
test_check_params_sort_enum(void **state)
{
    list_ok(state, "sort=code");
    list_ok(state, "sort=category&dir=asc");
    list_bad(state, "sort=evil");
    list_bad(state, "sort=name;DROP%20TABLE%20product");
    list_bad(state, "sort=NAME");
    list_bad(state, "sort=code%20");
    list_bad(state, "dir=up");
}

/* q made of n copies of ch (a UTF-8 character as a string). */
static char *
repeat(void **state, const char *ch, int n)
{
    size_t cl = strlen(ch);
    char *q = arena_alloc(*state, 2 + cl * (size_t)n + 1);

    memcpy(q, "q=", 2);
    for (int i = 0; i < n; i++)
        memcpy(q + 2 + cl * (size_t)i, ch, cl);
    q[2 + cl * (size_t)n] = '\0';
    return q;
}

static void
test_check_params_q_length_in_characters(void **state)
{
    list_ok(state, repeat(state, "a", 100));
    list_bad(state, repeat(state, "a", 101));
    /* 100 Chinese characters are 300 bytes and still 100 characters */
    list_ok(state, repeat(state, "产", 100));
    list_bad(state, repeat(state, "产", 101));
    list_ok(state, repeat(state, "%E4%BA%A7", 100));
    list_bad(state, repeat(state, "%E4%BA%A7", 101));
    list_ok(state, repeat(state, "😀", 100));
}

static void
test_check_params_q_single_line(void **state)
{
    list_bad(state, "q=a%0Ab");
    list_bad(state, "q=a%0Db");
    list_bad(state, "q=a%09b");
    list_ok(state, "q=a+b%26c");
}

static void
test_check_params_csrf_from_body_allowed(void **state)
{
    struct req r;

    assert_int_equal(check_list(state, &r, "q=x", "csrf=token"), 0);
    /* only from a body: in the query it is an unknown parameter */
    assert_int_equal(check_list(state, &r, "csrf=token", NULL), -1);
    assert_int_equal(r.err_status, 400);
    assert_string_equal(r.err_code, "bad_param");
    /* body fields are checked like query fields */
    assert_int_equal(check_list(state, &r, "", "page=0&csrf=t"), -1);
    assert_int_equal(r.err_status, 400);
}

/* ---- the tables themselves ----------------------------------------------- */

static void
test_route_count_at_index(void **state)
{
    size_t n = 0;

    (void)state;
    for (size_t m = 0; m < qudao_n_modules; m++)
        n += qudao_modules[m]->n_routes;
    assert_int_equal(route_count(), n);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++) {
        const struct route *rt = route_at(i);

        assert_non_null(rt);
        assert_int_equal(route_index(rt), i);
    }
    assert_null(route_at(n));
}

/* A concrete path for pattern: every {arg} becomes "1". */
static char *
example_path(void **state, const char *pattern)
{
    char *out = arena_alloc(*state, strlen(pattern) + 1), *o = out;

    for (const char *p = pattern; *p != '\0';) {
        if (*p == '{') {
            const char *e = strchr(p, '}');

            assert_non_null(e);
            *o++ = '1';
            p = e + 1;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/*
 * The "route without a permission" test: every route of every module
 * declares its permission, name, handler, pattern and stylesheet, and its
 * parameter table is well formed.  A route that forgets its permission
 * would otherwise be found only by a security review.
 */
static void
test_route_every_route_declared(void **state)
{
    const int known =
        REQ_GET | REQ_HEAD | REQ_POST | REQ_PUT | REQ_DELETE | REQ_PATCH;

    (void)state;
    assert_true(qudao_n_modules >= 2);
    for (size_t m = 0; m < qudao_n_modules; m++) {
        const struct module *mod = qudao_modules[m];

        assert_non_null(mod);
        assert_non_null(mod->name);
        assert_true(mod->n_routes > 0);
        assert_non_null(mod->routes);
        for (size_t i = 0; i < mod->n_routes; i++) {
            const struct route *rt = &mod->routes[i];
            const char *what = rt->name != NULL ? rt->name : "(unnamed)";

            if (rt->perm == NULL || rt->perm[0] == '\0')
                fail_msg("%s route %zu (%s): no permission", mod->name, i,
                         what);
            if (rt->name == NULL || rt->name[0] == '\0')
                fail_msg("%s route %zu: no name", mod->name, i);
            if (rt->handler == NULL)
                fail_msg("%s: no handler", what);
            if (rt->pattern == NULL || rt->pattern[0] != '/')
                fail_msg("%s: the pattern must start with /", what);
            if (rt->methods == 0 || (rt->methods & ~known) != 0)
                fail_msg("%s: bad methods %#x", what, rt->methods);
            if (!(rt->flags & ROUTE_RAW) && rt->xsl == NULL)
                fail_msg("%s: no stylesheet and not ROUTE_RAW", what);
            if ((rt->flags & ROUTE_RAW) && rt->xsl != NULL)
                fail_msg("%s: ROUTE_RAW with a stylesheet", what);
            for (const struct param_spec *ps = rt->params;
                 ps != NULL && ps->name != NULL; ps++) {
                if (ps->type == P_ENUM &&
                    (ps->choices == NULL || ps->choices[0] == NULL))
                    fail_msg("%s: enum %s has no choices", what, ps->name);
                if ((ps->type == P_INT || ps->type == P_TEXT) &&
                    ps->min > ps->max)
                    fail_msg("%s: %s has min > max", what, ps->name);
                if (ps->type == P_TEXT && ps->max <= 0)
                    fail_msg("%s: text %s has no length limit", what, ps->name);
            }
        }
    }
}

static void
test_route_names_unique_and_reachable(void **state)
{
    size_t n = route_count();

    for (size_t i = 0; i < n; i++) {
        const struct route *rt = route_at(i), *got;
        struct req r;
        int allowed, method = rt->methods & -rt->methods; /* lowest bit */
        char *path = example_path(state, rt->pattern);

        for (size_t j = 0; j < i; j++) {
            if (strcmp(route_at(j)->name, rt->name) == 0)
                fail_msg("route name %s used twice", rt->name);
            if (strcmp(route_at(j)->pattern, rt->pattern) == 0 &&
                (route_at(j)->methods & rt->methods) != 0)
                fail_msg("%s shadows %s", route_at(j)->name, rt->name);
        }
        if (find(state, &r, method, path, &got, &allowed) != 0)
            fail_msg("%s: %s is not found", rt->name, path);
        if (got != rt)
            fail_msg("%s: %s finds %s", rt->name, path, got->name);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_route_find_products_list),
        T(test_route_find_products_show_with_id),
        T(test_route_find_system_pages),
        T(test_route_arg_id_positive_only),
        T(test_route_post_on_get_route_405),
        T(test_route_head_treated_as_get),
        T(test_route_unknown_404),
        T(test_check_params_accepts_declared),
        T(test_check_params_empty_means_absent),
        T(test_check_params_unknown_400),
        T(test_check_params_duplicate_400),
        T(test_check_params_page_int_range),
        T(test_check_params_int_refuses_whitespace),
        T(test_check_params_sort_enum),
        T(test_check_params_q_length_in_characters),
        T(test_check_params_q_single_line),
        T(test_check_params_csrf_from_body_allowed),
        T(test_route_count_at_index),
        T(test_route_every_route_declared),
        T(test_route_names_unique_and_reachable),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
