/*
 * log.h - one line per event on stderr, prefixed with time, level and pid.
 */
#ifndef QUDAO_LOG_H
#define QUDAO_LOG_H

#include "arena.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(const char *name);
void log_msg(enum log_level lv, const char *fmt, ...) ATTR_FORMAT(2, 3);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
