/* clock.c - see clock.h. */
#include "clock.h"

#include <stdlib.h>
#include <string.h>

static long
offset(void)
{
    static int loaded;
    static long secs;

    if (!loaded) {
        const char *s = getenv("QUDAO_CLOCK_OFFSET");

        secs = s != NULL ? strtol(s, NULL, 10) : 0;
        loaded = 1;
    }
    return secs;
}

time_t
clock_now(void)
{
    return time(NULL) + offset();
}

time_t
clock_now_ms(int *ms)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    *ms = (int)(ts.tv_nsec / 1000000);
    return ts.tv_sec + offset();
}

void
clock_day(char buf[11], int days)
{
    time_t t = clock_now() + (time_t)days * 86400;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

void
clock_day_add(const char *iso, int days, char out[11])
{
    struct tm tm;
    time_t t;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = atoi(iso) - 1900;
    tm.tm_mon = atoi(iso + 5) - 1;
    tm.tm_mday = atoi(iso + 8) + days;
    tm.tm_hour = 12; /* away from any edge */
    t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int64_t
clock_day_number(const char *iso)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = atoi(iso) - 1900;
    tm.tm_mon = atoi(iso + 5) - 1;
    tm.tm_mday = atoi(iso + 8);
    tm.tm_hour = 12;
    return (int64_t)(timegm(&tm) / 86400);
}
