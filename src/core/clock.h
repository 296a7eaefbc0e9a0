/*
 * clock.h - the program's clock: UTC, from the system, moved by
 * QUDAO_CLOCK_OFFSET seconds (read once) so tests can move time.  SQL never
 * reads the database's clock; times are bound as parameters.
 */
#ifndef QUDAO_CLOCK_H
#define QUDAO_CLOCK_H

#include <time.h>

time_t clock_now(void);

/* The same clock with milliseconds (0-999) in *ms. */
time_t clock_now_ms(int *ms);

#endif
