/*
 * test_pinyin.c - hanzi to pinyin and the product search key
 * (src/core/pinyin.c, table from tools/mkpinyin).
 *
 * Covers: full pinyin and initials with the common reading, polyphonic
 * characters (the common reading in pinyin_full, every reading in the
 * key), ü as v, mixed Chinese and ASCII, full-width letters and digits,
 * non-BMP characters with and without a reading, other scripts and
 * emoji left out, the '|' separator and the 600-character bound of the
 * key, the search terms of a key and the range a search looks up, and the
 * speed of a look-up (as a sanity bound, not a benchmark).
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

/* The tier of term t among the n terms, or -1 when it is not one. */
static int
tier_of(const struct pinyin_term *terms, size_t n, const char *t)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(terms[i].text, t) == 0)
            return terms[i].tier;
    return -1;
}

/* The best tier of the terms that start with q (the search's look-up:
 * its relevance level), or -1 when none does. */
static int
found_tier(const struct pinyin_term *terms, size_t n, const char *q)
{
    int best = -1;

    for (size_t i = 0; i < n; i++)
        if (strncmp(terms[i].text, q, strlen(q)) == 0 &&
            (best < 0 || terms[i].tier < best))
            best = terms[i].tier;
    return best;
}

/* The byte length of the first n characters of s (fewer if it ends). */
static size_t
first_chars(const char *s, size_t n)
{
    size_t i = 0;

    while (n-- > 0 && s[i] != '\0')
        for (i++; ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    return i;
}

/*
 * Brute force: for every piece of every part of key (parts split at '|',
 * pieces of 1..PINYIN_TERM_MAX characters at every character), the best
 * tier of the places it occurs, worked out from the definition: 0 at the
 * start of a code that fits in a term, 1 at the start of a longer code,
 * 2 at the start of another part, 3 elsewhere.  The terms must find each
 * piece at exactly that tier, and must not find a piece that is nowhere.
 */
static void
check_terms(const char *key)
{
    struct pinyin_term *t;
    size_t n;
    const char *part = key;
    int k = 0;

    pinyin_terms(a, key, &t, &n);
    for (size_t i = 0; i < n; i++) {
        assert_true(chars(t[i].text) <= PINYIN_TERM_MAX);
        assert_true(*t[i].text != '\0');
        assert_null(strchr(t[i].text, '|')); /* within one part */
        assert_in_range(t[i].tier, PINYIN_TIER_CODE, PINYIN_TIER_INSIDE);
        if (i + 1 < n) /* sorted, no repeats */
            assert_true(strcmp(t[i].text, t[i + 1].text) < 0);
    }
    for (;; k++) {
        size_t len = strcspn(part, "|");

        for (size_t i = 0; i < len; i += first_chars(part + i, 1))
            for (size_t m = 1; m <= PINYIN_TERM_MAX; m++) {
                size_t b = first_chars(part + i, m);
                char q[4 * PINYIN_TERM_MAX + 1];
                const char *p = key;
                int best = -1, pk = 0;

                if (i + b > len)
                    break;
                snprintf(q, sizeof(q), "%.*s", (int)b, part + i);
                /* where q occurs in the key, from the definition */
                for (;; pk++) {
                    size_t pl = strcspn(p, "|");

                    for (size_t j = 0; j + b <= pl;
                         j += first_chars(p + j, 1)) {
                        int tier;

                        if (strncmp(p + j, q, b) != 0)
                            continue;
                        tier = j > 0    ? PINYIN_TIER_INSIDE
                               : pk > 0 ? PINYIN_TIER_PART
                               : chars(p) <= PINYIN_TERM_MAX ||
                                       first_chars(p, PINYIN_TERM_MAX + 1) >= pl
                                   ? PINYIN_TIER_CODE
                                   : PINYIN_TIER_CODE_START;
                        if (best < 0 || tier < best)
                            best = tier;
                    }
                    if (p[pl] == '\0')
                        break;
                    p += pl + 1;
                }
                if (found_tier(t, n, q) != best)
                    fail_msg("key %s: \"%s\" found at tier %d, wanted %d", key,
                             q, found_tier(t, n, q), best);
            }
        if (part[len] == '\0')
            break;
        part += len + 1;
    }
}

static void
test_terms(void **state)
{
    const char *key =
        "csd-00001|6900000000134|天府柠檬汽水|tianfuningmengqishui"
        "|tfnmqs|ab|ab";
    struct pinyin_term *t;
    size_t n;

    (void)state;
    check_terms(key);
    pinyin_terms(a, key, &t, &n);
    assert_int_equal(tier_of(t, n, "csd-00001"), PINYIN_TIER_CODE);
    assert_int_equal(tier_of(t, n, "tianfuningme"), PINYIN_TIER_PART);
    assert_int_equal(tier_of(t, n, "天府柠檬汽水"), PINYIN_TIER_PART);
    assert_int_equal(tier_of(t, n, "水"), PINYIN_TIER_INSIDE);
    assert_int_equal(tier_of(t, n, "柠檬汽水|t"), -1); /* never across parts */
    assert_int_equal(tier_of(t, n, "0001"), -1);       /* begins 000134 */
    assert_int_equal(tier_of(t, n, "ab"), PINYIN_TIER_PART); /* once */
    assert_int_equal(found_tier(t, n, "ningmengz"), -1);
    /* a code longer than a term starts one; inside it as anywhere */
    check_terms("abcdefghijklmn-1|x");
    pinyin_terms(a, "abcdefghijklmn-1|x", &t, &n);
    assert_int_equal(tier_of(t, n, "abcdefghijkl"), PINYIN_TIER_CODE_START);
    /* a part start is kept beside a longer term inside another part */
    check_terms("k1|kele|kekele|lekele|xkelebing");
    pinyin_terms(a, "k1|kele|kekele|lekele|xkelebing", &t, &n);
    assert_int_equal(found_tier(t, n, "kele"), PINYIN_TIER_PART);
    assert_int_equal(found_tier(t, n, "kek"), PINYIN_TIER_PART);
    assert_int_equal(found_tier(t, n, "ekele"), PINYIN_TIER_INSIDE);
    assert_int_equal(found_tier(t, n, "k1"), PINYIN_TIER_CODE);
    assert_int_equal(found_tier(t, n, "k"), PINYIN_TIER_CODE);
    /* the code's text elsewhere: the code still wins */
    check_terms("ab-1|xab-1|ab-12");
    /* an empty code (the key starts with '|') and a key of one part */
    check_terms("|天府|tf");
    check_terms("only-a-code-longer-than-a-term");
    /* a real key, polyphonic readings and all */
    check_terms(pinyin_search_key(a, "CSD-00001", "天府柠檬汽水 500ml×24瓶",
                                  "500ml×24瓶", "天府", "6900000000134"));
    check_terms(pinyin_search_key(a, "BNK-1", "银行卡套", NULL, "乐行", NULL));
    pinyin_terms(a, "", &t, &n);
    assert_int_equal(n, 0);
    pinyin_terms(a, NULL, &t, &n);
    assert_int_equal(n, 0);
}

static void
test_term_range(void **state)
{
    char *lo, *hi;

    (void)state;
    assert_int_equal(pinyin_term_range(a, "kele", &lo, &hi), 0);
    assert_string_equal(lo, "kele");
    assert_string_equal(hi, "kelf");
    assert_int_equal(pinyin_term_range(a, "可乐", &lo, &hi), 0);
    assert_string_equal(lo, "可乐");
    assert_string_equal(hi, "可乑"); /* U+4E50 -> U+4E51 */
    assert_int_equal(pinyin_term_range(a, "%", &lo, &hi), 0);
    assert_string_equal(hi, "&");
    /* longer than a term: its first PINYIN_TERM_MAX characters */
    assert_int_equal(pinyin_term_range(a, "tianfuningmengqishui", &lo, &hi), 0);
    assert_string_equal(lo, "tianfuningme");
    assert_string_equal(hi, "tianfuningmf");
    assert_int_equal(pinyin_term_range(a, "ab\x7f", &lo, &hi), 0);
    assert_string_equal(hi, "ab\xc2\x80"); /* U+007F -> U+0080 */
    assert_int_equal(pinyin_term_range(a, "\xed\x9f\xbf", &lo, &hi), 0);
    assert_string_equal(hi, "\xee\x80\x80"); /* over the surrogates */
    assert_int_equal(pinyin_term_range(a, "", &lo, &hi), -1);
}

/* "" as NULL: the helper's way of passing an empty column. */
static const char *
arg(const char *s)
{
    return *s != '\0' ? s : NULL;
}

/*
 * test_pinyin --key CODE NAME SPEC BRAND BARCODE prints the search key the
 * application would write, --terms KEY its terms, one a line as TIER, a
 * tab and the term: the HTTP
 * tests insert products with them (tests/http/test_search.py).  Without
 * arguments: the tests.
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
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_term_range),
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
    if (argc == 3 && strcmp(argv[1], "--terms") == 0) {
        struct pinyin_term *t;
        size_t n;

        setup(NULL);
        pinyin_terms(a, argv[2], &t, &n);
        for (size_t i = 0; i < n; i++)
            printf("%d\t%s\n", t[i].tier, t[i].text);
        teardown(NULL);
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr,
                "usage: %s [--key CODE NAME SPEC BRAND BARCODE | --terms KEY]"
                "\n",
                argv[0]);
        return 2;
    }
    return cmocka_run_group_tests(tests, setup, teardown);
}
