/*
 * text.h - small text helpers shared by modules: LIKE patterns, the ISO
 * form of database timestamps, URL query values, words from a fixed list.
 */
#ifndef QUDAO_TEXT_H
#define QUDAO_TEXT_H

#include "arena.h"

#define TEXT_LIKE_ESCAPE "!" /* SQL: ... LIKE ? ESCAPE '!' */

/*
 * A LIKE pattern that matches s literally (%, _ and ! escaped with '!'),
 * with '%' added before (when lead) and after (when trail).  In the arena.
 */
char *text_like(struct arena *a, const char *s, int lead, int trail);

/* Copy of s with ASCII letters in lower case (search keys are stored so);
 * NULL stays NULL.  In the arena. */
char *text_lower_ascii(struct arena *a, const char *s);

/* "2026-01-05 08:00:00.123" (as engines return it) ->
 * "2026-01-05T08:00:00.123Z"; NULL stays NULL.  In the arena. */
char *text_iso_ts(struct arena *a, const char *db_ts);

/* First 10 characters of a date or timestamp ("2026-01-05"), or NULL. */
char *text_iso_date(struct arena *a, const char *db_date);

/* A basic e-mail shape: one '@', something before it, a dot inside the
 * part after it, no spaces or separators.  Not a test of delivery. */
int text_email_ok(const char *s);

/* s percent-encoded for a query string value: every byte but ASCII
 * letters, digits and "-._~" as %XX (upper-case hex).  In the arena. */
char *text_url_query(struct arena *a, const char *s);

/* The word of the NULL-terminated list that s equals (a static string to
 * keep instead of s), or NULL: s NULL or not in the list. */
const char *text_one_of(const char *s, const char *const *list);

#endif
