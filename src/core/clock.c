/* clock.c - see clock.h. */
#include "clock.h"

#include <stdlib.h>

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
