/*
 * test_pinyin.c - hanzi to pinyin and the product search key
 * (src/core/pinyin.c, table from tools/mkpinyin).
 *
 * Covers: full pinyin and initials with the common reading, polyphonic
 * characters (the common reading in pinyin_full, every reading in the
 * key), ü as v, mixed Chinese and ASCII, full-width letters and digits,
 * non-BMP characters with and without a reading, other scripts and
 * emoji left out, the '|' separator and the 600-character bound of the
 * key, and the speed of a look-up (as a sanity bound, not a benchmark).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/pinyin.h"
#include "core/utf8.h"

static struct arena *a;

static int
setup(void **state)
{
    (void)state;
    a = arena_new(4096);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    arena_free(a);
    return 0;
}

/* Is part a whole '|'-separated part of key? */
static int
has_part(const char *key, const char *part)
{
    size_t n = strlen(part);

    for (const char *p = key; (p = strstr(p, part)) != NULL; p++)
        if ((p == key || p[-1] == '|') && (p[n] == '|' || p[n] == '\0'))
            return 1;
    return 0;
}

static size_t
chars(const char *s)
{
    size_t n = 0;

    assert_int_equal(utf8_check(s, strlen(s), 0, &n), 0);
    return n;
}

static void
test_full_and_initials(void **state)
{
    (void)state;
    assert_string_equal(pinyin_full(a, "可口可乐"), "kekoukele");
    assert_string_equal(pinyin_initials(a, "可口可乐"), "kkkl");
    assert_string_equal(pinyin_full(a, "中国"), "zhongguo");
    assert_string_equal(pinyin_initials(a, "中国"), "zg");
    assert_string_equal(pinyin_full(a, "矿泉水"), "kuangquanshui");
    assert_string_equal(pinyin_initials(a, "矿泉水"), "kqs");
    assert_string_equal(pinyin_full(a, ""), "");
    assert_string_equal(pinyin_full(a, NULL), "");
    assert_string_equal(pinyin_initials(a, NULL), "");
}

static void
test_u_umlaut_is_v(void **state)
{
    (void)state;
    assert_string_equal(pinyin_full(a, "绿女"), "lvnv");
    assert_string_equal(pinyin_full(a, "绿源"), "lvyuan");
}

static void
test_polyphonic_common_reading(void **state)
{
    const char *r[8];
    int n;

    (void)state;
    /* pinyin_full takes Unihan's first kMandarin reading */
    assert_string_equal(pinyin_full(a, "行"), "xing");
    assert_string_equal(pinyin_full(a, "银行"), "yinxing");
    assert_string_equal(pinyin_full(a, "长"), "zhang");
    assert_string_equal(pinyin_full(a, "快乐"), "kuaile");
    /* every reading is known, the common one first */
    n = pinyin_readings(0x884C, r, 8); /* 行 */
    assert_true(n >= 2);
    assert_string_equal(r[0], "xing");
    assert_string_equal(r[1], "hang");
    n = pinyin_readings(0x4E50, r, 8); /* 乐 */
    assert_int_equal(n, 2);
    assert_string_equal(r[0], "le");
    assert_string_equal(r[1], "yue");
    n = pinyin_readings(0x53EF, r, 8); /* 可: kě kè, one toneless reading */
    assert_int_equal(n, 1);
    assert_string_equal(r[0], "ke");
    assert_int_equal(pinyin_readings('A', r, 8), 0);
    assert_int_equal(pinyin_readings(0x1F600, r, 8), 0);
}

static void
test_mixed_text(void **state)
{
    (void)state;
    assert_string_equal(pinyin_full(a, "TCL电视 55寸"), "tcldianshi55cun");
    assert_string_equal(pinyin_initials(a, "TCL电视 55寸"), "tclds55c");
    assert_string_equal(pinyin_full(a, "康乐可乐 330ml×24罐"),
                        "kanglekele330ml24guan");
    assert_string_equal(pinyin_initials(a, "康乐可乐 330ml×24罐"),
                        "klkl330ml24g");
    /* full-width letters and digits as ASCII */
    assert_string_equal(pinyin_full(a, "ＡＢＣ１２３水"), "abc123shui");
    /* punctuation, other scripts and emoji are left out */
    assert_string_equal(pinyin_full(a, "Ωé-水😀,（茶）"), "shuicha");
}

static void
test_non_bmp(void **state)
{
    (void)state;
    /* U+20000 𠀀 (Extension B) has the kMandarin reading hē */
    assert_string_equal(pinyin_full(a, "\xF0\xA0\x80\x80"), "he");
    /* U+2A6D6 (Extension B, no reading listed): left out */
    assert_string_equal(pinyin_full(a, "水\xF0\xAA\x9B\x96茶"), "shuicha");
    /* U+FA18 (a compatibility ideograph, outside the direct table) */
    assert_string_equal(pinyin_full(a, "\xEF\xA8\x98"), "li");
}

static void
test_key_parts(void **state)
{
    const char *k;

    (void)state;
    k = pinyin_search_key(a, "CSD-00001", "康乐可乐 330ml×24罐", "330ml×24罐",
                          "康乐", "6969000000134");
    /* code first, then barcode, name, spec, brand */
    assert_true(
        strncmp(k, "csd-00001|6969000000134|康乐可乐 330ml×24罐|",
                strlen("csd-00001|6969000000134|康乐可乐 330ml×24罐|")) == 0);
    assert_true(has_part(k, "330ml×24罐"));
    assert_true(has_part(k, "康乐"));
    assert_true(has_part(k, "kanglekele330ml24guan"));
    assert_true(has_part(k, "klkl330ml24g"));
    assert_true(has_part(k, "kangle"));
    assert_true(has_part(k, "kl"));
    /* 乐 is also yue: variants with that one character read so */
    assert_true(has_part(k, "kangyuekele330ml24guan"));
    assert_true(has_part(k, "kanglekeyue330ml24guan"));
    assert_true(has_part(k, "klky330ml24g"));
    assert_true(has_part(k, "kangyue"));
    assert_null(strstr(k, "KANG"));
    assert_true(chars(k) <= PINYIN_KEY_MAX);
}

static void
test_key_polyphonic(void **state)
{
    const char *k;

    (void)state;
    k = pinyin_search_key(a, "B-1", "中国银行", NULL, NULL, NULL);
    assert_true(has_part(k, "zhongguoyinxing"));
    assert_true(has_part(k, "zgyx"));
    assert_true(has_part(k, "zhongguoyinhang"));
    assert_true(has_part(k, "zgyh"));
    /* the common reading's part comes first */
    assert_true(strstr(k, "zhongguoyinxing") < strstr(k, "zhongguoyinhang"));
}

static void
test_key_ascii_only(void **state)
{
    const char *k;

    (void)state;
    k = pinyin_search_key(a, "AB-1", "Widget X", "10 PCS", "ACME", NULL);
    /* no pinyin parts for text without Chinese */
    assert_string_equal(k, "ab-1|widget x|10 pcs|acme");
    k = pinyin_search_key(a, NULL, NULL, NULL, NULL, NULL);
    assert_string_equal(k, "");
}

static void
test_key_separator(void **state)
{
    const char *k;

    (void)state;
    /* a '|' in the text is stored as a space: parts stay apart */
    k = pinyin_search_key(a, "A|B", "x|y", NULL, NULL, NULL);
    assert_string_equal(k, "a b|x y");
    assert_string_equal(pinyin_key_text(a, "Ké|LE"), "ké le");
    assert_null(pinyin_key_text(a, NULL));
}

static void
test_key_bound(void **state)
{
    char name[200 * 3 + 1], spec[200 * 3 + 1];
    const char *k, *last;
    size_t n;

    (void)state;
    /* 200 polyphonic characters: far more variants than fit */
    for (int i = 0; i < 200; i++) {
        memcpy(name + 3 * i, i % 2 ? "行" : "乐", 3);
        memcpy(spec + 3 * i, "水", 3);
    }
    name[600] = spec[600] = '\0';
    k = pinyin_search_key(a, "CODE-1", name, spec, "品牌", "6900000000000");
    n = chars(k);
    assert_int_equal(n, PINYIN_KEY_MAX);
    /* the raw parts come first and survive whole */
    assert_true(strncmp(k, "code-1|6900000000000|", 21) == 0);
    assert_non_null(strstr(k, name));
    assert_non_null(strstr(k, spec));
    /* the cut is at a character boundary (chars() checked UTF-8) and the
     * pinyin of the name is what was cut: nothing after it */
    last = strrchr(k, '|');
    assert_non_null(last);
    assert_null(strstr(k, "pinpai"));
    /* short fields: nothing cut */
    k = pinyin_search_key(a, "C", "行", NULL, NULL, NULL);
    assert_string_equal(k, "c|行|xing|x|h|hang|heng");
}

/* Not a benchmark: a look-up must stay in the nanoseconds. */
static void
test_speed(void **state)
{
    struct timespec t0, t1;
    double ns;
    const char *text = "康乐可乐橙味汽水苏打饼干薯片电饭煲";
    size_t len = 0;

    (void)state;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 20000; i++) {
        len += strlen(pinyin_full(a, text));
        if (i % 1000 == 0)
            arena_reset(a);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
          (double)(t1.tv_nsec - t0.tv_nsec)) /
         (20000.0 * 17);
    print_message("pinyin_full: %.1f ns a character (%zu)\n", ns, len);
    assert_true(ns < 1000);
}

/* "" as NULL: the helper's way of passing an empty column. */
static const char *
arg(const char *s)
{
    return *s != '\0' ? s : NULL;
}

/*
 * test_pinyin --key CODE NAME SPEC BRAND BARCODE prints the search key the
 * application would write: the HTTP tests insert products with it
 * (tests/http/test_search.py).  Without arguments: the tests.
 */
int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_and_initials),
        cmocka_unit_test(test_u_umlaut_is_v),
        cmocka_unit_test(test_polyphonic_common_reading),
        cmocka_unit_test(test_mixed_text),
        cmocka_unit_test(test_non_bmp),
        cmocka_unit_test(test_key_parts),
        cmocka_unit_test(test_key_polyphonic),
        cmocka_unit_test(test_key_ascii_only),
        cmocka_unit_test(test_key_separator),
        cmocka_unit_test(test_key_bound),
        cmocka_unit_test(test_speed),
    };

    if (argc == 7 && strcmp(argv[1], "--key") == 0) {
        setup(NULL);
        printf("%s\n",
               pinyin_search_key(a, arg(argv[2]), arg(argv[3]), arg(argv[4]),
                                 arg(argv[5]), arg(argv[6])));
        teardown(NULL);
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: %s [--key CODE NAME SPEC BRAND BARCODE]\n",
                argv[0]);
        return 2;
    }
    return cmocka_run_group_tests(tests, setup, teardown);
}
