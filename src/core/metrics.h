/*
 * metrics.h - counters shared by the master and all workers of one host
 * (an anonymous shared mapping made before the fork, updated atomically),
 * written as Prometheus text by GET /metrics.
 */
#ifndef QUDAO_METRICS_H
#define QUDAO_METRICS_H

#include <stddef.h>

#include "arena.h"

int metrics_init(void); /* before forking; 0 or -1 */
/* route_idx: route_index(), or route_count() for an unmatched request */
void metrics_request(size_t route_idx, int status, long usec);
void metrics_db_error(void);
void metrics_worker_restart(void);
void metrics_write(struct sbuf *out);

#endif
