/*
 * clock.h - the program's clock: UTC, from the system, moved by
 * QUDAO_CLOCK_OFFSET seconds (read once) so tests can move time.  SQL never
 * reads the database's clock; times are bound as parameters.
 */
#ifndef QUDAO_CLOCK_H
#define QUDAO_CLOCK_H

#include <stdint.h>
#include <time.h>

time_t clock_now(void);

/* The same clock with milliseconds (0-999) in *ms. */
time_t clock_now_ms(int *ms);

/* The day `days` from today (0: today; negative: before) by this clock,
 * UTC, as YYYY-MM-DD in buf. */
void clock_day(char buf[11], int days);

/* The day `days` after the date iso (YYYY-MM-DD; negative: before) as
 * YYYY-MM-DD in out (which may be iso). */
void clock_day_add(const char *iso, int days, char out[11]);

/* Days since 1970-01-01 of the date iso (YYYY-MM-DD, already checked). */
int64_t clock_day_number(const char *iso);

#endif
