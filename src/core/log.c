/*
 * log.c - one line per event on stderr: time (UTC), level, pid, text.
 * Under systemd stderr goes to the journal; the quick start sends it to
 * var/qudao.log.  Newlines in messages are replaced so a line stays a line.
 */
#include "log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level threshold = LOG_INFO;

void
log_set_level(const char *name)
{
    if (name == NULL)
        return;
    if (strcmp(name, "debug") == 0)
        threshold = LOG_DEBUG;
    else if (strcmp(name, "warn") == 0)
        threshold = LOG_WARN;
    else if (strcmp(name, "error") == 0)
        threshold = LOG_ERROR;
    else
        threshold = LOG_INFO;
}

void
log_msg(enum log_level lv, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    char line[2048];
    char stamp[32];
    struct timespec ts;
    struct tm tm;
    va_list ap;
    int n;

    if (lv < threshold)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    for (char *p = line; *p != '\0'; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    fprintf(stderr, "%s.%03ldZ %s [%ld] %s\n", stamp, ts.tv_nsec / 1000000,
            names[lv], (long)getpid(), line);
}
