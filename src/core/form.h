/*
 * form.h - reading a submitted form field by field.
 *
 * The route's parameter table already refused undeclared and duplicated
 * fields (400).  These getters check each value's meaning; a refusal adds
 * a message naming the field, makes the response 422 and keeps going, so
 * the handler can show the form again with every problem at once and
 * with what was typed (it echoes the values back in its data).
 *
 *     const char *name = form_text(c, "name", FORM_REQUIRED, 100);
 *     int64_t days;
 *     form_int(c, "days", FORM_REQUIRED, 1, 60, &days);
 *     if (!form_ok(c))
 *         return show_form(c);   // status is 422
 */
#ifndef QUDAO_FORM_H
#define QUDAO_FORM_H

#include <stdint.h>

struct ctx;

#define FORM_REQUIRED  1u
#define FORM_MULTILINE 2u

/* Text of at most max_chars characters; NULL when empty (or refused). */
const char *form_text(struct ctx *c, const char *name, unsigned flags,
                      long max_chars);
/* A whole number in [min, max]; 0 when present and valid, else -1 (and
 * *out untouched when absent and optional). */
int form_int(struct ctx *c, const char *name, unsigned flags, int64_t min,
             int64_t max, int64_t *out);
/* One of choices (NULL-terminated); NULL when empty or refused. */
const char *form_enum(struct ctx *c, const char *name, unsigned flags,
                      const char *const *choices);
/* A date YYYY-MM-DD (checked for a real day); NULL when empty/refused. */
const char *form_date(struct ctx *c, const char *name, unsigned flags);
/* An amount of money in fen. */
int form_money(struct ctx *c, const char *name, unsigned flags, int64_t *out);
/* Refuse the form with a message of the handler's own (e.g. "code taken"). */
void form_error(struct ctx *c, const char *field, const char *code,
                const char *text);
/* No field was refused. */
int form_ok(const struct ctx *c);

#endif
