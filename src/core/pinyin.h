/*
 * pinyin.h - hanzi to pinyin, and the product search key built with it.
 *
 * The table comes from Unihan at build time (tools/mkpinyin): the common
 * reading of a character is Unihan's first kMandarin reading; the other
 * readings of polyphonic characters come from kMandarin, kTGHZ2013 and
 * kXHC1983.  Pinyin here is lower-case ASCII without tones, ü written v
 * (绿 -> lv).
 */
#ifndef QUDAO_PINYIN_H
#define QUDAO_PINYIN_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* product.search_key is VARCHAR(600): characters (code points), not bytes */
#define PINYIN_KEY_MAX 600

/* The widest syllable ("zhuang", "chuang", "shuang") and its NUL. */
#define PINYIN_SYLLABLE_SIZE 8

/*
 * Full pinyin of text with the common reading of each character:
 * "可口可乐" -> "kekoukele".  Letters and digits of other text are kept,
 * ASCII and full-width forms in lower-case ASCII ("TCL电视 55寸" ->
 * "tcldianshi55cun"); everything else (spaces, punctuation, other
 * scripts, characters without a reading) is left out.  NULL gives "".
 * In the arena.
 */
char *pinyin_full(struct arena *a, const char *text);

/*
 * Initials: the first letter of each character's common reading, with
 * letters and digits of other text kept as pinyin_full keeps them:
 * "可口可乐" -> "kkkl", "中国" -> "zg" (zh, ch, sh give z, c, s), "TCL电视"
 * -> "tclds".  NULL gives "".  In the arena.
 */
char *pinyin_initials(struct arena *a, const char *text);

/*
 * The readings of code point cp, the common one first: up to max
 * pointers to static syllables go to out.  Returns how many readings the
 * character has (0: not a character with a reading), which may be more
 * than max.
 */
int pinyin_readings(uint32_t cp, const char **out, int max);

/*
 * Text as it is stored in a search key and as a search is matched against
 * it: ASCII letters in lower case, '|' (the key's separator) as a space,
 * everything else unchanged.  NULL stays NULL.  In the arena.
 */
char *pinyin_key_text(struct arena *a, const char *s);

/*
 * The search key of a product (product.search_key): its parts, each
 * through pinyin_key_text, separated by '|' (no part contains one, so a
 * search matches within one part, never across two):
 *
 *   1. code (always first: "code|..." is how an exact code is found),
 *      barcode, name, spec, brand;
 *   2. full pinyin and initials of the name, then of the brand, then of the
 *      spec (only for a part with a character that has a reading);
 *   3. for each polyphonic character of name, brand, spec (in that order),
 *      for each of its other readings: the part's initials and its full
 *      pinyin with that one character read so (银行 gives yinxing and yx
 *      in 2, yinhang, yh, yinheng in 3).
 *
 * Empty and NULL parts and repeats of an earlier part are left out.  The
 * key holds at most PINYIN_KEY_MAX characters: parts go in while they fit;
 * the first that does not is cut at a character boundary to fill the key
 * and what follows is dropped, so polyphonic variants go first, then the
 * pinyin of spec, brand, name.  In the arena.
 */
char *pinyin_search_key(struct arena *a, const char *code, const char *name,
                        const char *spec, const char *brand,
                        const char *barcode);

/*
 * The longest term of a search key, in characters (product_term.term is
 * VARCHAR(12), schema/0007-search.xml).
 */
#define PINYIN_TERM_MAX 12

/*
 * Where a term starts in its key (product_term.tier): the relevance
 * levels of the search (src/modules/products/list.c) come from it.
 */
enum pinyin_tier {
    PINYIN_TIER_CODE = 0,       /* the whole code (it fits in a term) */
    PINYIN_TIER_CODE_START = 1, /* the start of a longer code */
    PINYIN_TIER_PART = 2,       /* the start of another part */
    PINYIN_TIER_INSIDE = 3      /* anywhere else in a part */
};

/* One term of a key: its text (at most PINYIN_TERM_MAX characters) and
 * its tier (enum pinyin_tier). */
struct pinyin_term {
    const char *text;
    int tier;
};

/*
 * The terms of a search key (product_term, schema/0007-search.xml): for
 * every part of key (between '|'), the text that starts at each of its
 * characters, cut to PINYIN_TERM_MAX characters, with its tier; sorted by
 * text (byte order, which for UTF-8 is code point order), then tier.
 * Left out: repeats (the best tier stays) and a term that begins another
 * of a tier as good (it finds nothing the other does not).  A part
 * contains q (of up to PINYIN_TERM_MAX characters) exactly when some term
 * starts with q, and the best tier among those terms says where: the
 * search's "contains" needs every position, not only syllable starts
 * ("ouke" is in "kekoukele").  The array and the strings are in the
 * arena; *n_terms receives their number (0 for NULL or "").  The stored
 * terms are deleted by working them out again from the stored key
 * (product_terms_write): a change here needs a migration that rewrites
 * product_term.
 */
void pinyin_terms(struct arena *a, const char *key, struct pinyin_term **terms,
                  size_t *n_terms);

/*
 * The range of terms a search of q (already key text, see
 * pinyin_key_text) looks up: *lo is q cut to PINYIN_TERM_MAX characters,
 * *hi the same with its last character raised by one code point, so that
 * lo <= term < hi holds exactly for the terms starting with lo (in byte
 * and code point order; no LIKE, whose index use depends on the engine's
 * collation and case rules).  Returns 0, or -1 when q is empty.  In the
 * arena.
 */
int pinyin_term_range(struct arena *a, const char *q, char **lo, char **hi);

#endif
