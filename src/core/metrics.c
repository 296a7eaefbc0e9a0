/* metrics.c - see metrics.h. */
#include "metrics.h"

#include <stdint.h>
#include <sys/mman.h>

#include "route.h"

static const int statuses[] = {200, 204, 301, 302, 303, 304, 400, 401, 403, 404,
                               405, 409, 413, 415, 422, 429, 500, 503, 0};
#define N_STATUS (sizeof(statuses) / sizeof(statuses[0])) /* 0 = other */
static const long buckets_us[] = {1000,  2500,   5000,   10000,  25000,
                                  50000, 100000, 250000, 500000, 1000000};
#define N_BUCKETS  (sizeof(buckets_us) / sizeof(buckets_us[0]))
#define MAX_ROUTES 256

struct shared {
    uint64_t requests[MAX_ROUTES + 1][N_STATUS];
    uint64_t hist[N_BUCKETS + 1];
    uint64_t sum_us;
    uint64_t count;
    uint64_t db_errors;
    uint64_t restarts;
};

static struct shared *shm;

int
metrics_init(void)
{
    void *p = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        return -1;
    shm = p;
    return 0;
}

#define ADD(field, n) __atomic_fetch_add(&(field), (n), __ATOMIC_RELAXED)

void
metrics_request(size_t route_idx, int status, long usec)
{
    size_t s, b;

    if (shm == NULL)
        return;
    if (route_idx > MAX_ROUTES)
        route_idx = MAX_ROUTES;
    for (s = 0; statuses[s] != 0 && statuses[s] != status; s++)
        ;
    for (b = 0; b < N_BUCKETS && usec > buckets_us[b]; b++)
        ;
    ADD(shm->requests[route_idx][s], 1);
    ADD(shm->hist[b], 1);
    ADD(shm->sum_us, (uint64_t)(usec < 0 ? 0 : usec));
    ADD(shm->count, 1);
}

void
metrics_db_error(void)
{
    if (shm != NULL)
        ADD(shm->db_errors, 1);
}

void
metrics_worker_restart(void)
{
    if (shm != NULL)
        ADD(shm->restarts, 1);
}

#define LOAD(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)

void
metrics_write(struct sbuf *out)
{
    size_t n_routes = route_count();
    uint64_t cum = 0;

    if (shm == NULL)
        return;
    sbuf_adds(out, "# HELP qudao_requests_total Requests by route and "
                   "status.\n# TYPE qudao_requests_total counter\n");
    for (size_t r = 0; r <= n_routes && r <= MAX_ROUTES; r++) {
        const char *name = r < n_routes ? route_at(r)->name : "unmatched";

        for (size_t s = 0; s < N_STATUS; s++) {
            uint64_t v = LOAD(shm->requests[r][s]);

            if (v == 0)
                continue;
            if (statuses[s] != 0)
                sbuf_printf(out,
                            "qudao_requests_total{route=\"%s\","
                            "status=\"%d\"} %llu\n",
                            name, statuses[s], (unsigned long long)v);
            else
                sbuf_printf(out,
                            "qudao_requests_total{route=\"%s\","
                            "status=\"other\"} %llu\n",
                            name, (unsigned long long)v);
        }
    }
    sbuf_adds(out, "# HELP qudao_request_seconds Request latency.\n"
                   "# TYPE qudao_request_seconds histogram\n");
    for (size_t b = 0; b < N_BUCKETS; b++) {
        cum += LOAD(shm->hist[b]);
        sbuf_printf(out, "qudao_request_seconds_bucket{le=\"%g\"} %llu\n",
                    (double)buckets_us[b] / 1e6, (unsigned long long)cum);
    }
    cum += LOAD(shm->hist[N_BUCKETS]);
    sbuf_printf(out, "qudao_request_seconds_bucket{le=\"+Inf\"} %llu\n",
                (unsigned long long)cum);
    sbuf_printf(out, "qudao_request_seconds_sum %.6f\n",
                (double)LOAD(shm->sum_us) / 1e6);
    sbuf_printf(out, "qudao_request_seconds_count %llu\n",
                (unsigned long long)LOAD(shm->count));
    sbuf_printf(out,
                "# HELP qudao_db_errors_total Database errors.\n"
                "# TYPE qudao_db_errors_total counter\n"
                "qudao_db_errors_total %llu\n",
                (unsigned long long)LOAD(shm->db_errors));
    sbuf_printf(out,
                "# HELP qudao_worker_restarts_total Workers restarted "
                "after dying.\n# TYPE qudao_worker_restarts_total counter\n"
                "qudao_worker_restarts_total %llu\n",
                (unsigned long long)LOAD(shm->restarts));
}
