/*
 * pinyin.c - hanzi to pinyin over the table tools/mkpinyin makes from
 * Unihan at build time, and the product search key (see pinyin.h).
 *
 * Look-up: a direct table over U+3400..U+9FFF (CJK Extension A and the
 * unified block, where nearly every character of a product name lives:
 * 27,648 uint16 = 54 KB) and a binary search over the 14,700 other
 * characters with a reading (the supplementary planes, compatibility
 * ideographs: 88 KB).  Measured with 10^7 look-ups of random characters of
 * the unified block (gcc -O2, 2026-11-27): 0.7-1.5 ns through the table,
 * 24-27 ns by binary search over one sorted array of all 41,400
 * characters -- which would also be larger (248 KB).  Readings of the
 * 843 polyphonic characters (only the search key wants them) are a
 * binary search too.
 */
#include <stdlib.h>
#include <string.h>

#include "pinyin.h"

#include "src/core/pinyin_table.h"

#define N_OF(x) (sizeof(x) / sizeof((x)[0]))

/*
 * Decode one UTF-8 character at *s (input is validated at the door, but
 * a stray byte is taken as itself rather than trusted), advance *s.
 */
static uint32_t
next_cp(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp = p[0];
    int n = 0;

    if (cp >= 0xF0 && cp < 0xF8)
        n = 3, cp &= 0x07;
    else if (cp >= 0xE0)
        n = cp < 0xF0 ? 2 : 0, cp &= n ? 0x0F : 0xFF;
    else if (cp >= 0xC0)
        n = 1, cp &= 0x1F;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) { /* broken sequence: one byte */
            *s += 1;
            return p[0];
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    *s += n + 1;
    return cp;
}

/* The id of cp's common reading, or -1. */
static int
common_id(uint32_t cp)
{
    size_t lo = 0, hi = N_OF(pinyin_other_cp);

    if (cp >= PINYIN_BLOCK_FIRST && cp <= PINYIN_BLOCK_LAST)
        return (int)pinyin_block[cp - PINYIN_BLOCK_FIRST] - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (pinyin_other_cp[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < N_OF(pinyin_other_cp) && pinyin_other_cp[lo] == cp)
        return pinyin_other_syl[lo];
    return -1;
}

/* Index of cp in pinyin_poly_cp, or -1 when it has one reading or none. */
static int
poly_index(uint32_t cp)
{
    size_t lo = 0, hi = N_OF(pinyin_poly_cp);

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (pinyin_poly_cp[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < N_OF(pinyin_poly_cp) && pinyin_poly_cp[lo] == cp)
        return (int)lo;
    return -1;
}

int
pinyin_readings(uint32_t cp, const char **out, int max)
{
    int p = poly_index(cp), id, n;

    if (p >= 0) {
        n = pinyin_poly_at[p + 1] - pinyin_poly_at[p];
        for (int i = 0; i < n && i < max; i++)
            out[i] = pinyin_syllables[pinyin_poly_syl[pinyin_poly_at[p] + i]];
        return n;
    }
    id = common_id(cp);
    if (id < 0)
        return 0;
    if (max > 0)
        out[0] = pinyin_syllables[id];
    return 1;
}

/* ASCII (or full-width) letter or digit as lower-case ASCII, else 0. */
static char
plain_alnum(uint32_t cp)
{
    if (cp >= 0xFF10 && cp <= 0xFF5A) /* full-width digits and letters */
        cp -= 0xFEE0;
    if (cp >= 'A' && cp <= 'Z')
        return (char)(cp - 'A' + 'a');
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
        return (char)cp;
    return 0;
}

/*
 * Pinyin of text to b: full syllables or initials; the Han character at
 * position alt (counting Han characters with a reading from 0; -1: none)
 * is read as syllable alt_syl instead of its common reading.
 */
static void
convert(struct sbuf *b, const char *text, int initials, int alt,
        const char *alt_syl)
{
    const char *s = text;
    int han = 0;

    if (text == NULL)
        return;
    while (*s != '\0') {
        uint32_t cp = next_cp(&s);
        char c = plain_alnum(cp);
        int id;
        const char *syl;

        if (c != 0) {
            sbuf_addc(b, c);
            continue;
        }
        if ((id = common_id(cp)) < 0)
            continue;
        syl = han == alt ? alt_syl : pinyin_syllables[id];
        han++;
        if (initials)
            sbuf_addc(b, syl[0]);
        else
            sbuf_adds(b, syl);
    }
}

char *
pinyin_full(struct arena *a, const char *text)
{
    struct sbuf b;

    sbuf_init(&b, a, 64);
    convert(&b, text, 0, -1, NULL);
    return b.buf;
}

char *
pinyin_initials(struct arena *a, const char *text)
{
    struct sbuf b;

    sbuf_init(&b, a, 16);
    convert(&b, text, 1, -1, NULL);
    return b.buf;
}

char *
pinyin_key_text(struct arena *a, const char *s)
{
    char *t;

    if (s == NULL)
        return NULL;
    t = arena_strdup(a, s);
    for (char *p = t; *p != '\0'; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        else if (*p == '|')
            *p = ' ';
    }
    return t;
}

/* The key being built: its text, its length in characters, whether full. */
struct key {
    struct sbuf b;
    size_t chars;
    int full;
};

/*
 * Append part s (already key text) after a '|', unless it is empty or
 * already a part of the key, or the key is full; a part that does not fit
 * is cut at a character boundary and the key is then full.  The first
 * part goes in even when empty: the key starts with the code.
 */
static void
key_add(struct key *k, const char *s, int first)
{
    size_t len, room;
    const char *p, *end;

    if (k->full || s == NULL || (*s == '\0' && !first))
        return;
    len = strlen(s);
    if (!first) {
        /* already there as a whole part? ("|" s "|" in "|" key "|") */
        const char *at = k->b.buf;

        while ((at = strstr(at, s)) != NULL) {
            if ((at == k->b.buf || at[-1] == '|') &&
                (at[len] == '|' || at[len] == '\0'))
                return;
            at++;
        }
        if (k->chars + 1 >= PINYIN_KEY_MAX) {
            k->full = 1;
            return;
        }
        sbuf_addc(&k->b, '|');
        k->chars++;
    }
    room = PINYIN_KEY_MAX - k->chars;
    for (p = s, end = s + len; p < end && room > 0; room--) {
        const char *q = p;

        next_cp(&q);
        sbuf_add(&k->b, p, (size_t)(q - p));
        k->chars++;
        p = q;
    }
    if (p < end)
        k->full = 1;
}

/* Part 2 of the key for text: its full pinyin and initials. */
static void
key_add_pinyin(struct key *k, struct arena *a, const char *text)
{
    const char *s;
    int has_han = 0;

    for (s = text; s != NULL && *s != '\0';) {
        uint32_t cp = next_cp(&s);

        if (plain_alnum(cp) == 0 && common_id(cp) >= 0) {
            has_han = 1;
            break;
        }
    }
    if (!has_han)
        return;
    key_add(k, pinyin_full(a, text), 0);
    key_add(k, pinyin_initials(a, text), 0);
}

/* Part 3 of the key for text: initials and full pinyin with each other
 * reading of each polyphonic character. */
static void
key_add_variants(struct key *k, struct arena *a, const char *text)
{
    const char *s = text;
    int han = 0;

    while (s != NULL && *s != '\0' && !k->full) {
        uint32_t cp = next_cp(&s);
        const char *r[8];
        int n;

        if (plain_alnum(cp) != 0 || common_id(cp) < 0)
            continue;
        n = pinyin_readings(cp, r, 8);
        for (int i = 1; i < n && i < 8; i++) {
            struct sbuf ini, full;

            sbuf_init(&ini, a, 16);
            sbuf_init(&full, a, 64);
            convert(&ini, text, 1, han, r[i]);
            convert(&full, text, 0, han, r[i]);
            key_add(k, ini.buf, 0);
            key_add(k, full.buf, 0);
        }
        han++;
    }
}

char *
pinyin_search_key(struct arena *a, const char *code, const char *name,
                  const char *spec, const char *brand, const char *barcode)
{
    struct key k;

    sbuf_init(&k.b, a, 256);
    k.chars = 0;
    k.full = 0;
    key_add(&k, code != NULL ? pinyin_key_text(a, code) : "", 1);
    key_add(&k, pinyin_key_text(a, barcode), 0);
    key_add(&k, pinyin_key_text(a, name), 0);
    key_add(&k, pinyin_key_text(a, spec), 0);
    key_add(&k, pinyin_key_text(a, brand), 0);
    key_add_pinyin(&k, a, name);
    key_add_pinyin(&k, a, brand);
    key_add_pinyin(&k, a, spec);
    key_add_variants(&k, a, name);
    key_add_variants(&k, a, brand);
    key_add_variants(&k, a, spec);
    return k.b.buf;
}

/* qsort comparison of two terms: by their bytes, then by tier. */
static int
cmp_term(const void *x, const void *y)
{
    const struct pinyin_term *a = x, *b = y;
    int c = strcmp(a->text, b->text);

    return c != 0 ? c : a->tier - b->tier;
}

/* The byte length of the first n characters of s (fewer if its part
 * ends first). */
static size_t
chars_bytes(const char *s, size_t n)
{
    const char *p = s;

    while (n-- > 0 && *p != '\0' && *p != '|')
        (void)next_cp(&p);
    return (size_t)(p - s);
}

void
pinyin_terms(struct arena *a, const char *key, struct pinyin_term **terms,
             size_t *n_terms)
{
    size_t n = 0, cap = 0, k = 0;
    struct pinyin_term *t;
    const char *p;
    int part = 0, at_start = 1;

    *terms = NULL;
    *n_terms = 0;
    if (key == NULL || *key == '\0')
        return;
    /* one term per character at most: count characters, not bytes */
    for (p = key; *p != '\0';)
        (void)next_cp(&p), cap++;
    t = arena_alloc(a, cap * sizeof(*t));
    for (p = key; *p != '\0';) {
        size_t len;

        if (*p == '|') {
            p++;
            part++;
            at_start = 1;
            continue;
        }
        len = chars_bytes(p, PINYIN_TERM_MAX);
        t[n].text = arena_strndup(a, p, len);
        if (!at_start)
            t[n].tier = PINYIN_TIER_INSIDE;
        else if (part > 0)
            t[n].tier = PINYIN_TIER_PART;
        else /* the code: whole when it fits in a term */
            t[n].tier = p[len] == '|' || p[len] == '\0'
                            ? PINYIN_TIER_CODE
                            : PINYIN_TIER_CODE_START;
        n++;
        at_start = 0;
        (void)next_cp(&p);
    }
    if (n == 0)
        return;
    /*
     * Sorted, the terms that begin with t follow t.  t adds nothing when
     * one of them has a tier as good as its own: whatever starts t starts
     * that one, found at least as high.  Of repeats the best tier, sorted
     * first, stays.  That leaves out a quarter of the terms.
     */
    qsort(t, n, sizeof(*t), cmp_term);
    for (size_t i = 0; i < n; i++)
        if (k == 0 || strcmp(t[k - 1].text, t[i].text) != 0)
            t[k++] = t[i];
    n = k;
    k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(t[i].text);
        int keep = 1;

        for (size_t j = i + 1;
             j < n && keep && strncmp(t[i].text, t[j].text, len) == 0; j++)
            if (t[j].tier <= t[i].tier)
                keep = 0;
        if (keep)
            t[k++] = t[i];
    }
    *terms = t;
    *n_terms = k;
}

/* Write code point cp as UTF-8 at out (room for 4 bytes); its length. */
static size_t
put_cp(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int
pinyin_term_range(struct arena *a, const char *q, char **lo, char **hi)
{
    const char *p, *last = NULL;
    size_t len, n = 0;
    uint32_t cp = 0;

    if (q == NULL || *q == '\0')
        return -1;
    /* q cut to PINYIN_TERM_MAX characters ('|' cannot occur: key text) */
    for (p = q; *p != '\0' && n < PINYIN_TERM_MAX; n++) {
        last = p;
        cp = next_cp(&p);
    }
    len = (size_t)(p - q);
    *lo = arena_strndup(a, q, len);
    *hi = arena_alloc(a, len + 5);
    memcpy(*hi, q, (size_t)(last - q));
    /* the next code point, skipping the surrogates UTF-8 cannot hold */
    cp = cp + 1 == 0xD800 ? 0xE000 : cp + 1;
    (*hi)[(size_t)(last - q) + put_cp(*hi + (last - q), cp)] = '\0';
    return 0;
}
