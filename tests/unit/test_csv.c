/*
 * test_csv.c - lists as CSV (src/core/csv.c).
 *
 * Covers: the byte-order mark and the headers of a CSV answer, plain
 * fields, quoting of commas, quotes and line breaks, formula injection
 * defused for = + - @ TAB and CR at the start of a text field (and left
 * alone inside one and in numeric fields), empty and NULL fields, CRLF
 * row ends, and UTF-8 text passed through untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/csv.h"
#include "core/ctx.h"

static struct ctx *
new_ctx(void)
{
    struct arena *a = arena_new(4096);
    struct ctx *c = arena_alloc(a, sizeof(*c));

    memset(c, 0, sizeof(*c));
    c->a = a;
    return c;
}

/* The body written so far, as a string. */
static const char *
body(struct ctx *c)
{
    sbuf_addc(&c->raw, '\0');
    c->raw.len--;
    return c->raw.buf;
}

static void
test_begin(void **state)
{
    struct ctx *c = new_ctx();

    (void)state;
    csv_begin(c, "parties.csv");
    assert_string_equal(c->raw_type, "text/csv; charset=utf-8");
    assert_string_equal(body(c), "\xEF\xBB\xBF");
    assert_non_null(strstr(c->headers.buf, "Content-Disposition: attachment;"
                                           " filename=\"parties.csv\"\r\n"));
    arena_free(c->a);
}

static void
test_fields(void **state)
{
    struct ctx *c = new_ctx();

    (void)state;
    csv_begin(c, "x.csv");
    csv_text(c, "A-SH");
    csv_text(c, "上海浦江商贸有限公司");
    csv_text(c, NULL);
    csv_text(c, "");
    csv_num(c, "-12.50");
    csv_row(c);
    csv_text(c, "a,b");
    csv_text(c, "say \"hi\"");
    csv_text(c, "two\nlines");
    csv_row(c);
    assert_string_equal(body(c),
                        "\xEF\xBB\xBF"
                        "A-SH,上海浦江商贸有限公司,,,-12.50\r\n"
                        "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    arena_free(c->a);
}

static void
test_formulas(void **state)
{
    static const char *const in[] = {"=1+2",     "+86 21", "-5",
                                     "@SUM(A1)", "\tx",    "\rx"};
    static const char *const out[] = {"\"'=1+2\"", "\"'+86 21\"",
                                      "\"'-5\"",   "\"'@SUM(A1)\"",
                                      "\"'\tx\"",  "\"'\rx\""};

    (void)state;
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        struct ctx *c = new_ctx();
        char want[64];

        csv_begin(c, "x.csv");
        csv_text(c, in[i]);
        csv_row(c);
        snprintf(want, sizeof(want), "\xEF\xBB\xBF%s\r\n", out[i]);
        assert_string_equal(body(c), want);
        arena_free(c->a);
    }
    {
        struct ctx *c = new_ctx();

        csv_begin(c, "x.csv");
        csv_text(c, "a=b");
        csv_num(c, "-5");
        csv_row(c);
        assert_string_equal(body(c), "\xEF\xBB\xBF"
                                     "a=b,-5\r\n");
        arena_free(c->a);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_begin),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_formulas),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
