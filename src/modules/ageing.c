/*
 * ageing.c - receivables ageing arithmetic; see ageing.h.
 *
 * Day numbers use the civil-from-days algorithm of H. Hinnant
 * ("chrono-Compatible Low-Level Date Algorithms"): exact integer
 * arithmetic over eras of 400 years, no time zones, no tables.
 */
#include "ageing.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 of y-m-d (m 1-12, d 1-31, already checked). */
static long
days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int
leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* n decimal digits at s as a number; -1 when one is not a digit. */
static long
digits(const char *s, int n)
{
    long v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int
ageing_day(const char *s, long *day)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long y, m, d;

    if (s == NULL || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return -1;
    if (s[10] != '\0' && s[10] != ' ' && s[10] != 'T')
        return -1;
    y = digits(s, 4);
    m = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return -1;
    if (d > mdays[m - 1] + (m == 2 && leap(y)))
        return -1;
    *day = days_from_civil(y, m, d);
    return 0;
}

void
ageing_date(long day, char *buf, size_t n)
{
    long z = day + 719468, era, doe, yoe, y, doy, mp, d, m;

    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    snprintf(buf, n, "%04ld-%02ld-%02ld", y, m, d);
}

enum ageing_bucket
ageing_bucket_of(long days_past_due)
{
    if (days_past_due < 0)
        return AGEING_CURRENT;
    if (days_past_due <= 30)
        return AGEING_D30;
    if (days_past_due <= 60)
        return AGEING_D60;
    if (days_past_due <= 90)
        return AGEING_D90;
    return AGEING_OVER90;
}

void
ageing_settle(const struct ageing_item *debits, size_t n, int64_t credit,
              long as_of, struct ageing *out)
{
    memset(out, 0, sizeof(*out));
    assert(credit >= 0);
    for (size_t i = 0; i < n; i++) {
        int64_t open = debits[i].amount;

        assert(open > 0);
        assert(i == 0 || debits[i - 1].due <= debits[i].due);
        if (credit > 0) {
            int64_t take = credit < open ? credit : open;

            open -= take;
            credit -= take;
        }
        if (open > 0) {
            out->bucket[ageing_bucket_of(as_of - debits[i].due)] += open;
            out->total += open;
        }
    }
    out->unapplied = -credit;
    out->total -= credit;
}

void
ageing_add(struct ageing *sum, const struct ageing *x)
{
    for (int i = 0; i < AGEING_N_BUCKETS; i++)
        sum->bucket[i] += x->bucket[i];
    sum->unapplied += x->unapplied;
    sum->total += x->total;
}

int
ageing_is_zero(const struct ageing *a)
{
    for (int i = 0; i < AGEING_N_BUCKETS; i++)
        if (a->bucket[i] != 0)
            return 0;
    return a->unapplied == 0 && a->total == 0;
}
