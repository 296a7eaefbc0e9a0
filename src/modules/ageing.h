/*
 * ageing.h - the arithmetic of receivables ageing (issue 4), pure: no
 * database, no request.  statement.c feeds it one party's receivable
 * entries at a time; tests/unit/test_ageing.c checks it.
 *
 * The rule: every credit of the party up to the as-of date (payments,
 * credit notes, negative adjustments, prepayment applications) settles
 * the oldest open debits first, "oldest" meaning the earliest due date
 * (FIFO by due date).  What stays open of each debit is put in a bucket
 * by its days past due on the as-of date:
 *
 *     not yet due   due date after the as-of date (days < 0)
 *     0-30          due 0 to 30 days ago (due today counts as 0)
 *     31-60, 61-90, over 90
 *
 * Credits beyond every debit are "unapplied" (a credit balance, <= 0), so
 * the buckets and the unapplied credit always add up to the balance of
 * the receivable bucket.  Exact integers of fen; no floating point.
 */
#ifndef QUDAO_AGEING_H
#define QUDAO_AGEING_H

#include <stddef.h>
#include <stdint.h>

enum ageing_bucket {
    AGEING_CURRENT, /* not yet due */
    AGEING_D30,     /* 0-30 days past due */
    AGEING_D60,     /* 31-60 */
    AGEING_D90,     /* 61-90 */
    AGEING_OVER90,  /* more than 90 */
    AGEING_N_BUCKETS
};

/* One open debit: its due day (ageing_day) and amount (> 0). */
struct ageing_item {
    long due;
    int64_t amount;
};

/* The ageing of one party or a group of parties. */
struct ageing {
    int64_t bucket[AGEING_N_BUCKETS]; /* open debits, each >= 0 */
    int64_t unapplied;                /* credit beyond every debit, <= 0 */
    int64_t total;                    /* sum of the above */
};

/*
 * "yyyy-mm-dd" (or a longer text starting so, as engines return dates)
 * as a day number, days since 1970-01-01 (proleptic Gregorian).  Returns
 * 0, or -1 when s is not a real calendar day between years 1 and 9999.
 */
int ageing_day(const char *s, long *day);

/* The day number as "yyyy-mm-dd" into buf (at least 11 bytes). */
void ageing_date(long day, char *buf, size_t n);

/* The bucket of a debit that is days_past_due days past due (negative:
 * not yet due). */
enum ageing_bucket ageing_bucket_of(long days_past_due);

/*
 * Age one party: debits in order of due day (earliest first; equal days
 * in any order), n of them, each amount > 0; credit the sum of the
 * party's credits as a positive number (>= 0); as_of the day number of
 * the as-of date.  Fills *out (overwritten).
 */
void ageing_settle(const struct ageing_item *debits, size_t n, int64_t credit,
                   long as_of, struct ageing *out);

/* sum += x, field by field. */
void ageing_add(struct ageing *sum, const struct ageing *x);

/* Is every amount of a zero? */
int ageing_is_zero(const struct ageing *a);

#endif
