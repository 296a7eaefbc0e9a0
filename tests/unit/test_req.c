/*
 * test_req.c - request parsers (src/core/req.c) and UTF-8 validation
 * (src/core/utf8.c).
 *
 * Covers: utf8_check (ASCII, Chinese, emoji, overlongs, surrogates, code
 * points above U+10FFFF, truncated sequences, NUL, C0 controls and DEL,
 * TAB/LF/CR only with UTF8_MULTILINE, the code point count);
 * req_parse_path (normalisation, the ".xml" suffix, encoded '/', NUL, CR,
 * LF, dot and empty segments, backslash, bad escapes, invalid UTF-8);
 * req_parse_urlencoded (pairs, '+', escapes, empty values, bare names,
 * "&&", name rules, UTF-8, NUL, the field-size and parameter-count limits);
 * req_parse_cookies; req_parse_multipart (fields, files, boundary and
 * delimiter errors, CRLF rules, binary data, UTF-8 in values and names);
 * req_pick_lang; req_accept_xml; req_method_parse; and the err_status /
 * err_code each failure records (only the first failure is kept).
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
#include "core/text.h"
#include "core/utf8.h"

static const struct req_limits test_limits = {
    .max_params = 64,
    .max_field = 1000,
    .max_body = 1 << 20,
    .max_uploads = 4,
};

/* Each test gets a fresh arena in *state. */
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

static void
new_req(struct req *r, void **state)
{
    req_init(r, *state, &test_limits);
}

/* The first failure recorded on r must be status/code. */
static void
assert_failed(const struct req *r, int status, const char *code)
{
    assert_int_equal(r->err_status, status);
    assert_non_null(r->err_code);
    assert_string_equal(r->err_code, code);
    assert_non_null(r->err_msg);
}

static void
assert_no_error(const struct req *r)
{
    if (r->err_status != 0)
        fail_msg("unexpected error %d %s: %s", r->err_status,
                 r->err_code ? r->err_code : "(null)",
                 r->err_msg ? r->err_msg : "(null)");
}

/* ==== utf8_check ========================================================== */

static int
check(const char *s, size_t n, int flags)
{
    return utf8_check(s, n, flags, NULL);
}

#define CHECK(lit, flags) check((lit), sizeof(lit) - 1, (flags))

static void
test_utf8_ascii_valid(void **state)
{
    size_t chars = 99;

    (void)state;
    assert_int_equal(utf8_check("hello, world!", 13, 0, &chars), 0);
    assert_int_equal(chars, 13);
    assert_int_equal(utf8_check("", 0, 0, &chars), 0);
    assert_int_equal(chars, 0);
    assert_int_equal(CHECK(" ~", 0), 0);
}

static void
test_utf8_chinese_counts_code_points(void **state)
{
    size_t chars = 0;
    const char *s = "产品目录 abc"; /* 4 x 3 bytes + 4 */

    (void)state;
    assert_int_equal(utf8_check(s, strlen(s), 0, &chars), 0);
    assert_int_equal(strlen(s), 16);
    assert_int_equal(chars, 8);
}

static void
test_utf8_emoji_and_edges_valid(void **state)
{
    size_t chars = 0;

    (void)state;
    /* U+1F600 is one code point of four bytes */
    assert_int_equal(utf8_check("\xF0\x9F\x98\x80", 4, 0, &chars), 0);
    assert_int_equal(chars, 1);
    assert_int_equal(CHECK("\xC2\x80", 0), 0);         /* U+0080 */
    assert_int_equal(CHECK("\xDF\xBF", 0), 0);         /* U+07FF */
    assert_int_equal(CHECK("\xE0\xA0\x80", 0), 0);     /* U+0800 */
    assert_int_equal(CHECK("\xED\x9F\xBF", 0), 0);     /* U+D7FF */
    assert_int_equal(CHECK("\xEE\x80\x80", 0), 0);     /* U+E000 */
    assert_int_equal(CHECK("\xEF\xBF\xBD", 0), 0);     /* U+FFFD */
    assert_int_equal(CHECK("\xF0\x90\x80\x80", 0), 0); /* U+10000 */
    assert_int_equal(CHECK("\xF4\x8F\xBF\xBF", 0), 0); /* U+10FFFF */
    assert_int_equal(
        utf8_check("a\xC3\xA9\xE4\xBA\xA7\xF0\x9F\x98\x80z", 11, 0, &chars), 0);
    assert_int_equal(chars, 5);
}

static void
test_utf8_refuses_overlongs(void **state)
{
    (void)state;
    assert_int_equal(CHECK("\xC0\x80", 0), -1); /* NUL, 2 bytes */
    assert_int_equal(CHECK("\xC0\xAF", 0), -1); /* '/' */
    assert_int_equal(CHECK("\xC1\xBF", 0), -1);
    assert_int_equal(CHECK("\xE0\x80\x80", 0), -1);
    assert_int_equal(CHECK("\xE0\x80\xAF", 0), -1); /* '/' */
    assert_int_equal(CHECK("\xE0\x9F\xBF", 0), -1); /* U+07FF, 3 bytes */
    assert_int_equal(CHECK("\xF0\x80\x80\x80", 0), -1);
    assert_int_equal(CHECK("\xF0\x8F\xBF\xBF", 0), -1); /* U+FFFF, 4 bytes */
}

static void
test_utf8_refuses_surrogates(void **state)
{
    (void)state;
    assert_int_equal(CHECK("\xED\xA0\x80", 0), -1); /* U+D800 */
    assert_int_equal(CHECK("\xED\xAF\xBF", 0), -1); /* U+DBFF */
    assert_int_equal(CHECK("\xED\xB0\x80", 0), -1); /* U+DC00 */
    assert_int_equal(CHECK("\xED\xBF\xBF", 0), -1); /* U+DFFF */
    /* a CESU-8 pair for U+1F600 */
    assert_int_equal(CHECK("\xED\xA0\xBD\xED\xB8\x80", 0), -1);
}

static void
test_utf8_refuses_above_max(void **state)
{
    (void)state;
    assert_int_equal(CHECK("\xF4\x90\x80\x80", 0), -1); /* U+110000 */
    assert_int_equal(CHECK("\xF5\x80\x80\x80", 0), -1);
    assert_int_equal(CHECK("\xF7\xBF\xBF\xBF", 0), -1);
    assert_int_equal(CHECK("\xF8\x88\x80\x80\x80", 0), -1);
    assert_int_equal(CHECK("\xFC\x84\x80\x80\x80\x80", 0), -1);
    assert_int_equal(CHECK("\xFE", 0), -1);
    assert_int_equal(CHECK("\xFF", 0), -1);
}

static void
test_utf8_refuses_noncharacters_fffe_ffff(void **state)
{
    (void)state;
    assert_int_equal(CHECK("\xEF\xBF\xBE", 0), -1);
    assert_int_equal(CHECK("\xEF\xBF\xBF", 0), -1);
}

static void
test_utf8_refuses_truncated(void **state)
{
    (void)state;
    assert_int_equal(CHECK("\xC3", 0), -1);
    assert_int_equal(CHECK("a\xE4\xBA", 0), -1);
    assert_int_equal(CHECK("\xF0\x9F\x98", 0), -1);
    assert_int_equal(CHECK("\xF0\x9F", 0), -1);
    /* a valid character cut by n */
    assert_int_equal(check("\xE4\xBA\xA7", 2, 0), -1);
    assert_int_equal(check("\xF0\x9F\x98\x80", 3, 0), -1);
    /* a bad continuation byte, a lone continuation byte */
    assert_int_equal(CHECK("\xC3\x28", 0), -1);
    assert_int_equal(CHECK("\xE4\x28\xA7", 0), -1);
    assert_int_equal(CHECK("\x80", 0), -1);
    assert_int_equal(CHECK("a\xBF"
                           "b",
                           0),
                     -1);
    /* a continuation run that is too long */
    assert_int_equal(CHECK("\xC3\xA9\xA9", 0), -1);
}

static void
test_utf8_refuses_nul_controls_del(void **state)
{
    char c[2] = {'a', 0};

    (void)state;
    assert_int_equal(CHECK("a\0b", 0), -1);
    assert_int_equal(CHECK("a\0b", UTF8_MULTILINE), -1);
    for (int i = 1; i < 0x20; i++) {
        c[1] = (char)i;
        if (check(c, 2, 0) != -1)
            fail_msg("control 0x%02x accepted", i);
        if (i != '\t' && i != '\n' && i != '\r' &&
            check(c, 2, UTF8_MULTILINE) != -1)
            fail_msg("control 0x%02x accepted with UTF8_MULTILINE", i);
    }
    assert_int_equal(CHECK("\x7F", 0), -1);
    assert_int_equal(CHECK("\x7F", UTF8_MULTILINE), -1);
}

static void
test_utf8_tab_lf_cr_only_multiline(void **state)
{
    size_t chars = 0;

    (void)state;
    assert_int_equal(CHECK("a\tb", 0), -1);
    assert_int_equal(CHECK("a\nb", 0), -1);
    assert_int_equal(CHECK("a\rb", 0), -1);
    assert_int_equal(utf8_check("a\tb\r\nc", 6, UTF8_MULTILINE, &chars), 0);
    assert_int_equal(chars, 6);
}

/* ==== req_parse_path ===================================================== */

/* Parse raw (the whole C string) and assert it gives want / want_xml. */
static void
path_ok(void **state, const char *raw, const char *want, int want_xml)
{
    struct req r;

    new_req(&r, state);
    if (req_parse_path(&r, raw, strlen(raw)) != 0)
        fail_msg("path \"%s\" refused: %s", raw, r.err_msg);
    assert_no_error(&r);
    assert_non_null(r.path);
    if (strcmp(r.path, want) != 0)
        fail_msg("path \"%s\" -> \"%s\", want \"%s\"", raw, r.path, want);
    assert_int_equal(r.want_xml, want_xml);
}

/* Parse raw (n bytes) and assert it is refused with 400 bad_path. */
static void
path_bad_n(void **state, const char *raw, size_t n)
{
    struct req r;

    new_req(&r, state);
    if (req_parse_path(&r, raw, n) == 0)
        fail_msg("path \"%.*s\" accepted as \"%s\"", (int)n, raw, r.path);
    assert_failed(&r, 400, "bad_path");
    assert_null(r.path);
}

static void
path_bad(void **state, const char *raw)
{
    path_bad_n(state, raw, strlen(raw));
}

static void
test_path_normal(void **state)
{
    path_ok(state, "/products", "/products", 0);
    path_ok(state, "/products/42", "/products/42", 0);
    path_ok(state, "/a-b_c.d/e~f", "/a-b_c.d/e~f", 0);
    path_ok(state, "/a%20b", "/a b", 0);
    path_ok(state, "/%41%62c", "/Abc", 0);
    path_ok(state, "/...", "/...", 0); /* not a dot segment */
    path_ok(state, "/a.b", "/a.b", 0);
    /* %25 is a literal '%': "%252F" is the text "%2F", not a slash */
    path_ok(state, "/a%252Fb", "/a%2Fb", 0);
}

static void
test_path_root(void **state)
{
    path_ok(state, "/", "/", 0);
}

static void
test_path_trailing_slash_dropped(void **state)
{
    path_ok(state, "/products/", "/products", 0);
    path_ok(state, "/products/42/", "/products/42", 0);
}

static void
test_path_xml_suffix(void **state)
{
    path_ok(state, "/products.xml", "/products", 1);
    path_ok(state, "/products/42.xml", "/products/42", 1);
    path_ok(state, "/products.xml/", "/products", 1);
    path_ok(state, "/a.xmlx", "/a.xmlx", 0);
    path_ok(state, "/a.XML", "/a.XML", 0);
    path_bad(state, "/.xml");
    path_bad(state, "/.xml/");
}

/*
 * 2026-11-27 (found by this test): the ".xml" suffix is stripped after the
 * segments are checked, so "/a/...xml" became "/a/.." and "/..xml" became
 * "/." -- dot segments req_parse_path promises never to return -- and
 * "/a/.xml" became "/a/" with a trailing slash.
 */
static void
test_path_xml_suffix_cannot_make_dot_segment(void **state)
{
    path_bad(state, "/a/...xml");
    path_bad(state, "/..xml");
    path_bad(state, "/a/..xml");
    path_bad(state, "/a/.xml");
}

static void
test_path_must_start_with_slash(void **state)
{
    path_bad(state, "");
    path_bad(state, "products");
    path_bad(state, "%2Fproducts");
    path_bad(state, "http://x/y");
}

static void
test_path_refuses_encoded_slash(void **state)
{
    path_bad(state, "/a%2Fb");
    path_bad(state, "/a%2fb");
    path_bad(state, "/%2F");
    path_bad(state, "/a/%2f");
}

static void
test_path_refuses_nul_cr_lf_controls(void **state)
{
    path_bad(state, "/a%00b");
    path_bad(state, "/a%00");
    path_bad(state, "/a%0Db");
    path_bad(state, "/a%0d%0aSet-Cookie:x");
    path_bad(state, "/a%0Ab");
    path_bad(state, "/a%09b");
    path_bad(state, "/a%1Bb");
    path_bad(state, "/a%7Fb");
    path_bad(state, "/a\x01"
                    "b");
    path_bad(state, "/a\tb");
    path_bad(state, "/a\x7f");
    path_bad_n(state, "/a\0b", 4); /* a raw NUL inside n */
}

static void
test_path_refuses_dot_segments(void **state)
{
    path_bad(state, "/..");
    path_bad(state, "/../etc/passwd");
    path_bad(state, "/a/../b");
    path_bad(state, "/a/..");
    path_bad(state, "/a/../");
    path_bad(state, "/./a");
    path_bad(state, "/a/.");
    path_bad(state, "/a/./b");
    path_bad(state, "/.");
    /* decoded dots count too */
    path_bad(state, "/%2E%2E/a");
    path_bad(state, "/a/%2e");
    path_bad(state, "/a/.%2e/b");
}

static void
test_path_refuses_empty_segment(void **state)
{
    path_bad(state, "//a");
    path_bad(state, "//");
    path_bad(state, "/a//b");
    path_bad(state, "/a//");
}

static void
test_path_refuses_backslash(void **state)
{
    path_bad(state, "/a\\b");
    path_bad(state, "/a%5Cb");
    path_bad(state, "/a%5c..%5cb");
    path_bad(state, "/\\");
}

static void
test_path_refuses_bad_escapes(void **state)
{
    path_bad(state, "/%G1");
    path_bad(state, "/%1G");
    path_bad(state, "/%4");
    path_bad(state, "/a%");
    path_bad(state, "/a%%41");
    path_bad(state, "/%-1");
    path_bad(state, "/% 1");
}

static void
test_path_refuses_invalid_utf8(void **state)
{
    path_bad(state, "/%C3%28");
    path_bad(state, "/%C0%AF");    /* overlong '/' */
    path_bad(state, "/%ED%A0%80"); /* surrogate */
    path_bad(state, "/%E4%BA");    /* truncated */
    path_bad(state, "/\xC3\x28");  /* raw */
    path_bad(state, "/\xFF");
}

static void
test_path_decodes_chinese(void **state)
{
    path_ok(state, "/%E4%BA%A7", "/产", 0);
    path_ok(state, "/%e4%ba%a7%e5%93%81.xml", "/产品", 1);
    path_ok(state, "/产品", "/产品", 0); /* raw UTF-8 is fine too */
}

static void
test_path_uses_only_n_bytes(void **state)
{
    struct req r;
    const char *uri = "/products?q=a%2Fb";

    new_req(&r, state);
    assert_int_equal(req_parse_path(&r, uri, 9), 0);
    assert_string_equal(r.path, "/products");
    /* an escape cut by n is malformed, not read past n */
    path_bad_n(state, "/a%41", 4);
}

/* ==== req_parse_urlencoded ================================================ */

static void
assert_field(const struct req *r, const char *name, const char *value)
{
    const struct req_field *f = req_field(r, name);

    if (f == NULL)
        fail_msg("no field \"%s\"", name);
    assert_string_equal(f->value, value);
    assert_int_equal(f->len, strlen(value));
}

static int
parse_query(struct req *r, const char *s)
{
    return req_parse_urlencoded(r, s, strlen(s), 0);
}

static void
test_urlencoded_pairs(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(parse_query(&r, "a=1&b=two&c=3"), 0);
    assert_no_error(&r);
    assert_int_equal(r.n_fields, 3);
    assert_string_equal(r.fields[0].name, "a");
    assert_string_equal(r.fields[1].name, "b");
    assert_string_equal(r.fields[2].name, "c");
    assert_field(&r, "b", "two");
    assert_int_equal(r.fields[0].from_body, 0);
    assert_null(req_field(&r, "d"));
}

static void
test_urlencoded_plus_and_escapes(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(parse_query(&r, "q=hello+world&amp=a%26b%3Dc&pct=100%25"
                                     "&plus=1%2B1&zh=%E4%BA%A7%E5%93%81"
                                     "&raw=%e4%ba%a7"),
                     0);
    assert_field(&r, "q", "hello world");
    assert_field(&r, "amp", "a&b=c");
    assert_field(&r, "pct", "100%");
    assert_field(&r, "plus", "1+1");
    assert_field(&r, "zh", "产品");
    assert_field(&r, "raw", "产");
}

/* text_url_query (core/text.h) writes what the parser reads back. */
static void
test_url_query_round_trip(void **state)
{
    static const char *const values[] = {
        "D-SH1", "a b+c", "a&b=c%d", "产品 A/1?x#y", "~._-", "", "\"'<>",
    };
    struct req r;

    assert_string_equal(text_url_query(*state, "A-1 b&c"), "A-1%20b%26c");
    assert_string_equal(text_url_query(*state, "产"), "%E4%BA%A7");
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        const char *q =
            arena_printf(*state, "v=%s", text_url_query(*state, values[i]));

        new_req(&r, state);
        assert_int_equal(parse_query(&r, q), 0);
        assert_field(&r, "v", values[i]);
    }
}

/* text_one_of (core/text.h): the list's own word, exact and whole. */
static void
test_one_of(void **state)
{
    static const char *const kinds[] = {"receipt", "issue", NULL};
    char typed[] = "issue";

    (void)state;
    assert_ptr_equal(text_one_of(typed, kinds), kinds[1]);
    assert_ptr_equal(text_one_of("receipt", kinds), kinds[0]);
    assert_null(text_one_of("Issue", kinds));
    assert_null(text_one_of("issu", kinds));
    assert_null(text_one_of("issues", kinds));
    assert_null(text_one_of("", kinds));
    assert_null(text_one_of(NULL, kinds));
    assert_null(text_one_of("x", (const char *const[]){NULL}));
}

static void
test_urlencoded_empty_value_and_bare_name(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(parse_query(&r, "a=&flag&b=x=y"), 0);
    assert_int_equal(r.n_fields, 3);
    assert_field(&r, "a", "");
    assert_field(&r, "flag", "");
    assert_field(&r, "b", "x=y");
}

static void
test_urlencoded_skips_empty_pairs(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(parse_query(&r, "&&a=1&&&b=2&"), 0);
    assert_int_equal(r.n_fields, 2);
    assert_field(&r, "a", "1");
    assert_field(&r, "b", "2");

    new_req(&r, state);
    assert_int_equal(parse_query(&r, ""), 0);
    assert_int_equal(r.n_fields, 0);
    new_req(&r, state);
    assert_int_equal(parse_query(&r, "&"), 0);
    assert_int_equal(r.n_fields, 0);
}

static void
test_urlencoded_from_body_flag(void **state)
{
    struct req r;
    const char *body = "csrf=tok&name=x";

    new_req(&r, state);
    assert_int_equal(req_parse_urlencoded(&r, "page=2", 6, 0), 0);
    assert_int_equal(req_parse_urlencoded(&r, body, strlen(body), 1), 0);
    assert_int_equal(r.n_fields, 3);
    assert_int_equal(req_field(&r, "page")->from_body, 0);
    assert_int_equal(req_field(&r, "csrf")->from_body, 1);
    assert_int_equal(req_field(&r, "name")->from_body, 1);
}

static void
test_urlencoded_uses_only_n_bytes(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(req_parse_urlencoded(&r, "a=1&b=2", 5, 0), 0);
    assert_int_equal(r.n_fields, 2);
    assert_field(&r, "b", "");
}

static void
test_urlencoded_many_fields_grow(void **state)
{
    struct req r;
    char buf[1024], want[16];
    size_t n = 0;

    new_req(&r, state);
    for (int i = 0; i < 50; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%sf%d=%d",
                              i ? "&" : "", i, i * 7);
    assert_int_equal(req_parse_urlencoded(&r, buf, n, 0), 0);
    assert_int_equal(r.n_fields, 50);
    for (int i = 0; i < 50; i++) {
        char name[8];

        snprintf(name, sizeof(name), "f%d", i);
        snprintf(want, sizeof(want), "%d", i * 7);
        assert_field(&r, name, want);
    }
}

static void
urlencoded_bad(void **state, const char *s, int status, const char *code)
{
    struct req r;

    new_req(&r, state);
    if (parse_query(&r, s) == 0)
        fail_msg("\"%s\" accepted", s);
    assert_failed(&r, status, code);
}

static void
test_urlencoded_refuses_bad_names(void **state)
{
    char longname[80];

    urlencoded_bad(state, "=1", 400, "bad_param");
    urlencoded_bad(state, "a=1&=2", 400, "bad_param");
    urlencoded_bad(state, "a+b=1", 400, "bad_param");
    urlencoded_bad(state, "a%20b=1", 400, "bad_param");
    urlencoded_bad(state, "a%00=1", 400, "bad_param");
    urlencoded_bad(state, "a%3Cb=1", 400, "bad_param");
    urlencoded_bad(state, "%E4%BA%A7=1", 400, "bad_param");
    urlencoded_bad(state, "a[=1", 400, "bad_param");
    urlencoded_bad(state, "a]=1", 400, "bad_param");
    urlencoded_bad(state, "[]=1", 400, "bad_param");
    urlencoded_bad(state, "a[]b=1", 400, "bad_param");
    urlencoded_bad(state, "a%0A=1", 400, "bad_param");
    /* 65 bytes is one too many; 64 is fine */
    memset(longname, 'n', 65);
    memcpy(longname + 65, "=1", 3);
    urlencoded_bad(state, longname, 400, "bad_param");
    {
        struct req r;

        new_req(&r, state);
        longname[64] = '=';
        longname[65] = '1';
        longname[66] = '\0';
        assert_int_equal(parse_query(&r, longname), 0);
        assert_int_equal(r.fields[0].len, 1);
    }
}

static void
test_urlencoded_accepts_name_chars(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(parse_query(&r, "a_b=1&A.B-9=2"), 0);
    assert_field(&r, "a_b", "1");
    assert_field(&r, "A.B-9", "2");
}

/*
 * 2026-11-27 (found by this test): valid_name() documents an optional "[]"
 * suffix (for repeated form fields such as "ids[]"), but the ']' is then
 * checked as an ordinary character and refused, so "ids[]=1" failed with
 * 400 bad_param.
 */
static void
test_urlencoded_accepts_bracket_suffix(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(parse_query(&r, "ids[]=1&ids[]=2"), 0);
    assert_no_error(&r);
    assert_int_equal(r.n_fields, 2);
    assert_string_equal(r.fields[0].name, "ids[]");
    assert_string_equal(r.fields[1].value, "2");
}

static void
test_urlencoded_refuses_bad_escapes(void **state)
{
    urlencoded_bad(state, "a=%G1", 400, "bad_encoding");
    urlencoded_bad(state, "a=%4", 400, "bad_encoding");
    urlencoded_bad(state, "a=1%", 400, "bad_encoding");
    urlencoded_bad(state, "a%=1", 400, "bad_encoding");
}

static void
test_urlencoded_refuses_invalid_utf8(void **state)
{
    urlencoded_bad(state, "a=%C3%28", 400, "bad_encoding");
    urlencoded_bad(state, "a=%FF", 400, "bad_encoding");
    urlencoded_bad(state, "a=%ED%A0%80", 400, "bad_encoding");
    urlencoded_bad(state, "a=%E4%BA", 400, "bad_encoding");
    urlencoded_bad(state, "a=\xC3\x28", 400, "bad_encoding");
}

static void
test_urlencoded_refuses_nul_and_controls(void **state)
{
    struct req r;

    urlencoded_bad(state, "a=%00", 400, "bad_encoding");
    urlencoded_bad(state, "a=x%00y", 400, "bad_encoding");
    urlencoded_bad(state, "a=%01", 400, "bad_encoding");
    urlencoded_bad(state, "a=%7F", 400, "bad_encoding");
    /* a raw NUL inside n */
    new_req(&r, state);
    assert_int_equal(req_parse_urlencoded(&r, "a=x\0y", 5, 0), -1);
    assert_failed(&r, 400, "bad_encoding");
    /* TAB, LF and CR are allowed in values (single-line types refuse them
     * later, in route_check_params) */
    new_req(&r, state);
    assert_int_equal(parse_query(&r, "note=a%0D%0Ab%09c"), 0);
    assert_field(&r, "note", "a\r\nb\tc");
}

static void
test_urlencoded_field_limit_413(void **state)
{
    struct req_limits lim = test_limits;
    struct req r;

    (void)state;
    lim.max_field = 6;
    req_init(&r, *state, &lim);
    /* 6 bytes decoded is fine: two Chinese characters */
    assert_int_equal(parse_query(&r, "a=%E4%BA%A7%E5%93%81&b=123456"), 0);
    assert_int_equal(r.n_fields, 2);
    req_init(&r, *state, &lim);
    assert_int_equal(parse_query(&r, "a=1&b=1234567"), -1);
    assert_failed(&r, 413, "too_large");
    req_init(&r, *state, &lim);
    assert_int_equal(parse_query(&r, "a=%E4%BA%A7%E5%93%81x"), -1);
    assert_failed(&r, 413, "too_large");
}

static void
test_urlencoded_param_count_limit_400(void **state)
{
    struct req_limits lim = test_limits;
    struct req r;

    lim.max_params = 3;
    req_init(&r, *state, &lim);
    assert_int_equal(parse_query(&r, "a=1&b=2&c=3"), 0);
    req_init(&r, *state, &lim);
    assert_int_equal(parse_query(&r, "a=1&b=2&c=3&d=4"), -1);
    assert_failed(&r, 400, "too_many_params");
    assert_int_equal(r.n_fields, 3);
    /* the count covers query and body together */
    req_init(&r, *state, &lim);
    assert_int_equal(parse_query(&r, "a=1&b=2"), 0);
    assert_int_equal(req_parse_urlencoded(&r, "c=3&d=4", 7, 1), -1);
    assert_failed(&r, 400, "too_many_params");
}

static void
test_req_fail_keeps_first(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(req_fail(&r, 413, "too_large", "first"), -1);
    assert_int_equal(req_fail(&r, 400, "bad_param", "second"), -1);
    assert_failed(&r, 413, "too_large");
    assert_string_equal(r.err_msg, "first");
}

/* ==== req_parse_cookies =================================================== */

static void
test_cookies_pairs_and_spaces(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(req_parse_cookies(&r, "a=1; b=2;c=3;  \td=four  "), 0);
    assert_int_equal(r.n_cookies, 4);
    assert_string_equal(req_cookie(&r, "a"), "1");
    assert_string_equal(req_cookie(&r, "b"), "2");
    assert_string_equal(req_cookie(&r, "c"), "3");
    assert_string_equal(req_cookie(&r, "d"), "four");
    assert_null(req_cookie(&r, "e"));
}

static void
test_cookies_quoted_values(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(req_parse_cookies(&r, "t=\"x y\"; e=\"\"; q=\"; z=b=c"),
                     0);
    assert_string_equal(req_cookie(&r, "t"), "x y");
    assert_string_equal(req_cookie(&r, "e"), "");
    assert_string_equal(req_cookie(&r, "q"), "\""); /* lone quote kept */
    assert_string_equal(req_cookie(&r, "z"), "b=c");
}

static void
test_cookies_malformed_skipped(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(req_parse_cookies(&r, "junk; =nameless; ; ;;b=2; x"), 0);
    assert_int_equal(r.n_cookies, 1);
    assert_string_equal(req_cookie(&r, "b"), "2");

    new_req(&r, state);
    assert_int_equal(req_parse_cookies(&r, NULL), 0);
    assert_int_equal(r.n_cookies, 0);
    new_req(&r, state);
    assert_int_equal(req_parse_cookies(&r, ""), 0);
    assert_int_equal(r.n_cookies, 0);
    new_req(&r, state);
    assert_int_equal(req_parse_cookies(&r, "a="), 0);
    assert_string_equal(req_cookie(&r, "a"), "");
    assert_int_equal(r.err_status, 0);
}

static void
test_cookies_capped_at_32(void **state)
{
    struct req r;
    char buf[2048];
    size_t n = 0;

    new_req(&r, state);
    for (int i = 0; i < 50; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "c%d=%d; ", i, i);
    assert_int_equal(req_parse_cookies(&r, buf), 0);
    assert_int_equal(r.n_cookies, 32);
    assert_string_equal(req_cookie(&r, "c0"), "0");
    assert_string_equal(req_cookie(&r, "c31"), "31");
    assert_null(req_cookie(&r, "c32"));
}

/* ==== req_parse_multipart ================================================= */

#define CT "multipart/form-data; boundary=XyZ"

static int
parse_mp(struct req *r, const char *ctype, const char *body, size_t n)
{
    return req_parse_multipart(r, ctype, body, n);
}

#define MP(r, ctype, lit) parse_mp((r), (ctype), (lit), sizeof(lit) - 1)

static void
multipart_bad(void **state, const char *ctype, const char *body, size_t n,
              int status, const char *code)
{
    struct req r;

    new_req(&r, state);
    if (parse_mp(&r, ctype, body, n) == 0)
        fail_msg("multipart body accepted: %.*s", (int)n, body);
    assert_failed(&r, status, code);
}

#define MP_BAD(state, ctype, lit, status, code)                                \
    multipart_bad((state), (ctype), (lit), sizeof(lit) - 1, (status), (code))

static void
test_multipart_fields(void **state)
{
    struct req r;
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n"
        "\r\n"
        "Tom & Jerry <产品>\r\n"
        "--XyZ\r\n"
        "content-disposition: form-data; name=empty\r\n"
        "\r\n"
        "\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n"
        "\r\n"
        "line 1\r\nline 2\twith tab\r\n"
        "--XyZ--\r\n";

    new_req(&r, state);
    assert_int_equal(MP(&r, CT, body), 0);
    assert_no_error(&r);
    assert_int_equal(r.n_fields, 3);
    assert_int_equal(r.n_uploads, 0);
    assert_field(&r, "title", "Tom & Jerry <产品>");
    assert_field(&r, "empty", "");
    assert_field(&r, "note", "line 1\r\nline 2\twith tab");
    for (size_t i = 0; i < r.n_fields; i++)
        assert_int_equal(r.fields[i].from_body, 1);
}

static void
test_multipart_file_part_becomes_upload(void **state)
{
    struct req r;
    /* binary data with NUL, 0xFF, a CRLF and a near-miss delimiter
     * (the boundary itself never occurs in the data: RFC 2046) */
    static const char data[] = "\x00\x01\xFF\xFE\r\n--Xy-\r\n--Xy\x00\x89PNG";
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"csrf\"\r\n"
        "\r\n"
        "tok\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"doc\"; "
        "filename=\"价格 list.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\x00\x01\xFF\xFE\r\n--Xy-\r\n--Xy\x00\x89PNG"
        "\r\n--XyZ--";

    new_req(&r, state);
    assert_int_equal(MP(&r, CT, body), 0);
    assert_no_error(&r);
    assert_int_equal(r.n_fields, 1);
    assert_field(&r, "csrf", "tok");
    assert_int_equal(r.n_uploads, 1);
    assert_string_equal(r.uploads[0].field, "doc");
    assert_string_equal(r.uploads[0].filename, "价格 list.bin");
    assert_string_equal(r.uploads[0].content_type, "application/octet-stream");
    assert_int_equal(r.uploads[0].len, sizeof(data) - 1);
    assert_memory_equal(r.uploads[0].data, data, sizeof(data) - 1);
}

static void
test_multipart_filename_before_name(void **state)
{
    struct req r;
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; filename=\"a.txt\"; name=\"f\"\r\n"
        "\r\n"
        "hi\r\n"
        "--XyZ--\r\n";

    new_req(&r, state);
    assert_int_equal(MP(&r, CT, body), 0);
    assert_int_equal(r.n_uploads, 1);
    assert_string_equal(r.uploads[0].field, "f");
    assert_string_equal(r.uploads[0].filename, "a.txt");
    assert_null(r.uploads[0].content_type);
    assert_int_equal(r.uploads[0].len, 2);
}

/*
 * 2026-11-27 (found by this test): header_param() looks for "name=" at any
 * word start, inside quoted values too.  With filename before name, a file
 * called "my name=x y.txt" was filed under the field "x", and one called
 * "my name=x.txt" was refused (400 bad_param: the name "x.txt\"").
 */
static void
test_multipart_param_inside_quotes_ignored(void **state)
{
    struct req r;
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; filename=\"my name=x y.txt\"; "
        "name=\"doc\"\r\n"
        "\r\n"
        "hi\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; filename=\"my name=x.txt\"; "
        "name=\"doc\"\r\n"
        "\r\n"
        "ho\r\n"
        "--XyZ--\r\n";

    new_req(&r, state);
    assert_int_equal(MP(&r, CT, body), 0);
    assert_int_equal(r.n_uploads, 2);
    assert_string_equal(r.uploads[0].field, "doc");
    assert_string_equal(r.uploads[0].filename, "my name=x y.txt");
    assert_string_equal(r.uploads[1].field, "doc");
    assert_string_equal(r.uploads[1].filename, "my name=x.txt");
}

static void
test_multipart_quoted_boundary_and_preamble(void **state)
{
    struct req r;
    static const char body[] = "This is a preamble; ignore it.\r\n"
                               "--a'b(c)\r\n"
                               "Content-Disposition: form-data; name=\"x\"\r\n"
                               "\r\n"
                               "1\r\n"
                               "--a'b(c)--\r\n"
                               "epilogue";

    new_req(&r, state);
    assert_int_equal(MP(&r,
                        "multipart/form-data; charset=utf-8; "
                        "boundary=\"a'b(c)\"",
                        body),
                     0);
    assert_field(&r, "x", "1");
}

static void
test_multipart_missing_boundary(void **state)
{
    static const char body[] = "--XyZ\r\n\r\n--XyZ--";
    char ct[128];

    MP_BAD(state, "multipart/form-data", body, 400, "bad_multipart");
    MP_BAD(state, "multipart/form-data; boundary=", body, 400, "bad_multipart");
    MP_BAD(state, "multipart/form-data; boundary=\"\"", body, 400,
           "bad_multipart");
    MP_BAD(state, "multipart/form-data; xboundary=XyZ", body, 400,
           "bad_multipart");
    MP_BAD(state, "", body, 400, "bad_multipart");
    /* longer than the 70 bytes RFC 2046 allows */
    snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%071d", 0);
    MP_BAD(state, ct, body, 400, "bad_multipart");
}

static void
test_multipart_no_delimiter_in_body(void **state)
{
    MP_BAD(state, CT, "", 400, "bad_multipart");
    MP_BAD(state, CT, "just text", 400, "bad_multipart");
    MP_BAD(state, CT, "--XY", 400, "bad_multipart");
}

static void
test_multipart_no_closing_delimiter(void **state)
{
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a\"\r\n"
           "\r\n"
           "value",
           400, "bad_multipart");
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a\"\r\n"
           "\r\n"
           "value\r\n"
           "--XyZ",
           400, "bad_multipart");
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a\"\r\n",
           400, "bad_multipart");
    MP_BAD(state, CT, "--XyZ", 400, "bad_multipart");
}

static void
test_multipart_part_without_disposition(void **state)
{
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Type: text/plain\r\n"
           "\r\n"
           "value\r\n"
           "--XyZ--\r\n",
           400, "bad_multipart");
}

static void
test_multipart_part_without_name(void **state)
{
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data\r\n"
           "\r\n"
           "value\r\n"
           "--XyZ--\r\n",
           400, "bad_param");
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a b\"\r\n"
           "\r\n"
           "value\r\n"
           "--XyZ--\r\n",
           400, "bad_param");
    /* "filename" does not count as "name" */
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; filename=\"x\"\r\n"
           "\r\n"
           "value\r\n"
           "--XyZ--\r\n",
           400, "bad_param");
}

static void
test_multipart_crlf_required(void **state)
{
    /* bare LF after the delimiter */
    MP_BAD(state, CT,
           "--XyZ\n"
           "Content-Disposition: form-data; name=\"a\"\n"
           "\n"
           "v\n"
           "--XyZ--\n",
           400, "bad_multipart");
    /* CRLF after the delimiter, LF between the headers and the body */
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a\"\n"
           "\n"
           "v\n"
           "--XyZ--\n",
           400, "bad_multipart");
    /* garbage after a delimiter */
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a\"\r\n"
           "\r\n"
           "v\r\n"
           "--XyZjunk\r\n"
           "--XyZ--",
           400, "bad_multipart");
}

static void
test_multipart_value_invalid_utf8(void **state)
{
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a\"\r\n"
           "\r\n"
           "\xC3\x28\r\n"
           "--XyZ--\r\n",
           400, "bad_encoding");
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a\"\r\n"
           "\r\n"
           "x\0y\r\n"
           "--XyZ--\r\n",
           400, "bad_encoding");
    MP_BAD(state, CT,
           "--XyZ\r\n"
           "Content-Disposition: form-data; name=\"a\"\r\n"
           "\r\n"
           "esc\x1B[0m\r\n"
           "--XyZ--\r\n",
           400, "bad_encoding");
    /* a file name must be valid single-line text */
    MP_BAD(
        state, CT,
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"f\"; filename=\"\xFF.txt\"\r\n"
        "\r\n"
        "data\r\n"
        "--XyZ--\r\n",
        400, "bad_encoding");
}

static void
test_multipart_limits(void **state)
{
    struct req_limits lim = test_limits;
    struct req r;
    static const char two_files[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"f\"; filename=\"1\"\r\n"
        "\r\n"
        "1\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"f\"; filename=\"2\"\r\n"
        "\r\n"
        "2\r\n"
        "--XyZ--\r\n";
    static const char long_value[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"a\"\r\n"
        "\r\n"
        "12345678901\r\n"
        "--XyZ--\r\n";

    lim.max_uploads = 1;
    lim.max_field = 10;
    req_init(&r, *state, &lim);
    assert_int_equal(MP(&r, CT, two_files), -1);
    assert_failed(&r, 400, "too_many_params");
    assert_int_equal(r.n_uploads, 1);
    req_init(&r, *state, &lim);
    assert_int_equal(MP(&r, CT, long_value), -1);
    assert_failed(&r, 413, "too_large");
}

static void
test_multipart_closing_only(void **state)
{
    struct req r;

    new_req(&r, state);
    assert_int_equal(MP(&r, CT, "--XyZ--\r\n"), 0);
    assert_int_equal(r.n_fields, 0);
    assert_int_equal(r.n_uploads, 0);
}

/* ==== req_pick_lang, req_accept_xml, req_method_parse ===================== */

static void
test_pick_lang_header_order(void **state)
{
    (void)state;
    assert_string_equal(req_pick_lang("zh-CN,zh;q=0.9,en;q=0.8", "en"),
                        "zh-CN");
    assert_string_equal(req_pick_lang("en-US,en", "zh-CN"), "en");
    assert_string_equal(req_pick_lang("en-US,en;q=0.9,zh-CN;q=0.8", "zh-CN"),
                        "en");
    assert_string_equal(req_pick_lang("zh-TW", "en"), "zh-CN");
    assert_string_equal(req_pick_lang("ZH", "en"), "zh-CN");
    assert_string_equal(req_pick_lang("fr-FR, de;q=0.5, en;q=0.3", "zh-CN"),
                        "en");
}

static void
test_pick_lang_default(void **state)
{
    (void)state;
    assert_string_equal(req_pick_lang("fr", "en"), "en");
    assert_string_equal(req_pick_lang("fr", "zh-CN"), "zh-CN");
    assert_string_equal(req_pick_lang(NULL, "zh-CN"), "zh-CN");
    assert_string_equal(req_pick_lang("", "en"), "en");
    assert_string_equal(req_pick_lang(",, ,", "en"), "en");
    assert_string_equal(req_pick_lang("*", "en"), "en");
}

static void
test_pick_lang_q_zero_refuses(void **state)
{
    (void)state;
    assert_string_equal(req_pick_lang("en;q=0, zh", "en"), "zh-CN");
    assert_string_equal(req_pick_lang("zh;q=0,en", "zh-CN"), "en");
    assert_string_equal(req_pick_lang("en;q=0", "zh-CN"), "zh-CN");
    assert_string_equal(req_pick_lang("en;q=0.5, zh", "zh-CN"), "en");
}

/*
 * 2026-11-27 (found by this test): "q=0.0" and "q=0.000" mean "not
 * acceptable" exactly like "q=0" (RFC 9110, 12.4.2), but req_pick_lang
 * treats any "q=0." as a positive weight.
 */
static void
test_pick_lang_q_zero_point_zero_refuses(void **state)
{
    (void)state;
    assert_string_equal(req_pick_lang("en;q=0.0, zh", "en"), "zh-CN");
    assert_string_equal(req_pick_lang("en;q=0.000, zh", "en"), "zh-CN");
}

static void
test_accept_xml(void **state)
{
    (void)state;
    assert_true(req_accept_xml("application/xml"));
    assert_true(req_accept_xml("text/xml"));
    assert_true(req_accept_xml("application/xml, */*;q=0.1"));
    assert_false(req_accept_xml(NULL));
    assert_false(req_accept_xml(""));
    assert_false(req_accept_xml("*/*"));
    assert_false(req_accept_xml("application/json"));
    /* what a browser sends */
    assert_false(req_accept_xml("text/html,application/xhtml+xml,"
                                "application/xml;q=0.9,*/*;q=0.8"));
}

static void
test_method_parse(void **state)
{
    (void)state;
    assert_int_equal(req_method_parse("GET"), REQ_GET);
    assert_int_equal(req_method_parse("HEAD"), REQ_HEAD);
    assert_int_equal(req_method_parse("POST"), REQ_POST);
    assert_int_equal(req_method_parse("PUT"), REQ_PUT);
    assert_int_equal(req_method_parse("DELETE"), REQ_DELETE);
    assert_int_equal(req_method_parse("PATCH"), REQ_PATCH);
    assert_int_equal(req_method_parse("get"), 0);
    assert_int_equal(req_method_parse("TRACE"), 0);
    assert_int_equal(req_method_parse(""), 0);
    assert_int_equal(req_method_parse(NULL), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_utf8_ascii_valid),
        T(test_utf8_chinese_counts_code_points),
        T(test_utf8_emoji_and_edges_valid),
        T(test_utf8_refuses_overlongs),
        T(test_utf8_refuses_surrogates),
        T(test_utf8_refuses_above_max),
        T(test_utf8_refuses_noncharacters_fffe_ffff),
        T(test_utf8_refuses_truncated),
        T(test_utf8_refuses_nul_controls_del),
        T(test_utf8_tab_lf_cr_only_multiline),

        T(test_path_normal),
        T(test_path_root),
        T(test_path_trailing_slash_dropped),
        T(test_path_xml_suffix),
        T(test_path_xml_suffix_cannot_make_dot_segment),
        T(test_path_must_start_with_slash),
        T(test_path_refuses_encoded_slash),
        T(test_path_refuses_nul_cr_lf_controls),
        T(test_path_refuses_dot_segments),
        T(test_path_refuses_empty_segment),
        T(test_path_refuses_backslash),
        T(test_path_refuses_bad_escapes),
        T(test_path_refuses_invalid_utf8),
        T(test_path_decodes_chinese),
        T(test_path_uses_only_n_bytes),

        T(test_urlencoded_pairs),
        T(test_urlencoded_plus_and_escapes),
        T(test_url_query_round_trip),
        T(test_one_of),
        T(test_urlencoded_empty_value_and_bare_name),
        T(test_urlencoded_skips_empty_pairs),
        T(test_urlencoded_from_body_flag),
        T(test_urlencoded_uses_only_n_bytes),
        T(test_urlencoded_many_fields_grow),
        T(test_urlencoded_refuses_bad_names),
        T(test_urlencoded_accepts_name_chars),
        T(test_urlencoded_accepts_bracket_suffix),
        T(test_urlencoded_refuses_bad_escapes),
        T(test_urlencoded_refuses_invalid_utf8),
        T(test_urlencoded_refuses_nul_and_controls),
        T(test_urlencoded_field_limit_413),
        T(test_urlencoded_param_count_limit_400),
        T(test_req_fail_keeps_first),

        T(test_cookies_pairs_and_spaces),
        T(test_cookies_quoted_values),
        T(test_cookies_malformed_skipped),
        T(test_cookies_capped_at_32),

        T(test_multipart_fields),
        T(test_multipart_file_part_becomes_upload),
        T(test_multipart_filename_before_name),
        T(test_multipart_param_inside_quotes_ignored),
        T(test_multipart_quoted_boundary_and_preamble),
        T(test_multipart_missing_boundary),
        T(test_multipart_no_delimiter_in_body),
        T(test_multipart_no_closing_delimiter),
        T(test_multipart_part_without_disposition),
        T(test_multipart_part_without_name),
        T(test_multipart_crlf_required),
        T(test_multipart_value_invalid_utf8),
        T(test_multipart_limits),
        T(test_multipart_closing_only),

        T(test_pick_lang_header_order),
        T(test_pick_lang_default),
        T(test_pick_lang_q_zero_refuses),
        T(test_pick_lang_q_zero_point_zero_refuses),
        T(test_accept_xml),
        T(test_method_parse),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
