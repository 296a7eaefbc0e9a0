/*
 * serve.c - the master and its workers (see serve.h, DESIGN.md "Process
 * model").
 *
 * The master opens the socket, forks the workers and then only waits for
 * signals: SIGCHLD restarts a dead worker (with back-off when workers die
 * young, so a crash loop does not spin), SIGHUP starts a new generation
 * and asks the old one to finish its request and leave, SIGTERM/SIGINT
 * drains everything and exits 0.  A worker blocks the stop signals while
 * it serves a request, so a request in flight always completes.
 *
 * A stop signal that lands between a worker's check of its flag and its
 * accept() would be missed, so the master repeats SIGTERM every half
 * second until the worker is gone (and kills it after 10 s).
 *
 * The master compiles the stylesheets and loads the catalogs (render.h)
 * before it forks, and the workers use that copy: its pages are shared
 * copy-on-write instead of compiled again in every worker (~20 MB each),
 * and a worker starts at once.  SIGHUP compiles afresh first; when that
 * fails (a broken stylesheet) the running generation stays, where new
 * workers would have died at start-up in a loop.
 */
#include "serve.h"

#include <errno.h>
#include <grp.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../db/db.h"
#include "cfg.h"
#include "log.h"
#include "metrics.h"
#include "render.h"
#include "version.h"
#include "xmlin.h"

#define MAX_WORKERS    256
#define STOP_GRACE_SEC 10

struct slot {
    pid_t pid;
    int retiring;
    double started;    /* monotonic seconds */
    double restart_at; /* 0: running or idle */
    double last_term;
};

static volatile sig_atomic_t worker_stop;

static double
now_mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
worker_connect(struct worker *w)
{
    char err[256];

    if (w->db != NULL)
        return 0;
    if (db_open(cfg->database, cfg->dialect, &w->db, err, sizeof(err)) != 0) {
        log_warn("worker: cannot connect to the database: %s", err);
        w->db = NULL;
        return -1;
    }
    return 0;
}

static void
on_worker_stop(int sig)
{
    (void)sig;
    worker_stop = 1;
}

/* Is a connection waiting on the listening socket?  (For the drain.) */
static int
connection_waiting(int sock)
{
    struct pollfd p = {sock, POLLIN, 0};

    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/* The worker's life: connect, serve until told to stop.  r: the
 * master's compiled stylesheets, now this process's own copy. */
static void
worker_main(int sock, struct render *r)
{
    struct worker w;
    struct sigaction sa;
    sigset_t stopset;
    FCGX_Request fr;

    memset(&w, 0, sizeof(w));
    setlocale(LC_CTYPE, "C.UTF-8");
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_worker_stop; /* no SA_RESTART: accept() must wake */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&stopset);
    sigaddset(&stopset, SIGTERM);
    sigaddset(&stopset, SIGINT);

    w.render = r;
    /* after compiling (in the master): the loader refuses every external
     * entity, and our own files are read through it too */
    xmlin_init();
    w.arena = arena_new(256 * 1024);
    (void)worker_connect(&w);
    FCGX_Init();
    /* accept() returns on a stop signal (EINTR) instead of retrying */
    FCGX_InitRequest(&fr, sock, FCGI_FAIL_ACCEPT_ON_INTR);
    for (;;) {
        int rc;

        sigprocmask(SIG_UNBLOCK, &stopset, NULL);
        /* stopping: serve what nginx has already queued on the socket,
         * then leave (the master's repeated SIGTERM ends a wait that
         * another worker's accept made empty) */
        if (worker_stop && !connection_waiting(sock))
            break;
        rc = FCGX_Accept_r(&fr);
        sigprocmask(SIG_BLOCK, &stopset, NULL);
        if (rc < 0)
            break;
        dispatch(&w, &fr);
        FCGX_Finish_r(&fr);
        /* the answer has gone: housekeeping now delays nobody */
        if (w.db != NULL)
            db_idle(w.db);
    }
    arena_free(w.arena);
    render_free(w.render);
    if (w.db != NULL)
        db_close(w.db);
    _exit(0);
}

static pid_t
spawn(int sock, const sigset_t *oldmask, struct render *r)
{
    pid_t pid = fork();

    if (pid == 0) {
        sigprocmask(SIG_SETMASK, oldmask, NULL);
        worker_main(sock, r);
    }
    if (pid < 0)
        log_error("serve: fork failed: %s", strerror(errno));
    return pid;
}

/* Compile the stylesheets afresh into *r (the old ones freed: every
 * worker has its own copy); 0, or -1 with *r unchanged. */
static int
reload_render(struct render **r)
{
    char err[512];
    struct render *fresh = render_load(cfg->share_dir, err, sizeof(err));

    if (fresh == NULL) {
        log_error("serve: %s", err);
        return -1;
    }
    render_free(*r);
    *r = fresh;
    return 0;
}

/* Open the listening socket named by cfg->listen; -1 on failure. */
static int
open_socket(const char **unix_path)
{
    const char *l = cfg->listen;
    int fd;

    *unix_path = NULL;
    if (strncmp(l, "unix:", 5) == 0) {
        const char *path = l + 5;

        unlink(path);
        fd = FCGX_OpenSocket(path, 128);
        if (fd < 0)
            return -1;
        if (chmod(path, 0660) != 0)
            log_warn("serve: chmod %s: %s", path, strerror(errno));
        if (cfg->socket_group != NULL) {
            struct group *g = getgrnam(cfg->socket_group);

            if (g == NULL || chown(path, (uid_t)-1, g->gr_gid) != 0)
                log_warn("serve: cannot give %s to group %s", path,
                         cfg->socket_group);
        }
        *unix_path = path;
        return fd;
    }
    if (strncmp(l, "127.0.0.1:", 10) != 0 && strncmp(l, "localhost:", 10))
        log_warn("serve: listening on %s: only nginx may reach the socket", l);
    /* libfcgi refuses connections from any other address */
    setenv("FCGI_WEB_SERVER_ADDRS", "127.0.0.1", 0);
    return FCGX_OpenSocket(l, 128);
}

/* Refuse to serve a schema this build was not made for. */
static int
check_database(void)
{
    struct db *db;
    char err[256];
    int version = 0;

    if (cfg->database == NULL) {
        log_error("serve: no database configured (key `database`)");
        return -1;
    }
    if (db_open(cfg->database, cfg->dialect, &db, err, sizeof(err)) != 0) {
        /* workers keep trying and /healthz says 503 meanwhile */
        log_warn("serve: database not reachable at start: %s", err);
        return 0;
    }
    if (db_schema_version(db, &version) != 0)
        version = -1;
    db_close(db);
    if (version != QUDAO_SCHEMA_VERSION) {
        log_error("serve: the database schema is at version %d but this "
                  "qudao needs version %d; run `qudao %s`",
                  version, QUDAO_SCHEMA_VERSION,
                  version <= 0 ? "init" : "migrate");
        return -1;
    }
    return 0;
}

int
serve_main(void)
{
    struct slot slots[2 * MAX_WORKERS];
    sigset_t set, oldmask;
    const char *unix_path;
    int n = cfg_workers(), sock, stopping = 0;
    double stop_deadline = 0, backoff = 0.5;
    char err[512];
    struct render *render;

    if (n > MAX_WORKERS)
        n = MAX_WORKERS;
    setlocale(LC_CTYPE, "C.UTF-8");
    if (check_database() != 0)
        return 1;
    /* compile once here, for every worker: a broken stylesheet stops us,
     * not a loop */
    render = render_load(cfg->share_dir, err, sizeof(err));
    if (render == NULL) {
        log_error("serve: %s", err);
        return 1;
    }
    if (metrics_init() != 0) {
        log_error("serve: cannot map the metrics area");
        render_free(render);
        return 1;
    }
    sock = open_socket(&unix_path);
    if (sock < 0) {
        log_error("serve: cannot listen on %s: %s", cfg->listen,
                  strerror(errno));
        render_free(render);
        return 1;
    }
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, &oldmask);
    signal(SIGPIPE, SIG_IGN);

    memset(slots, 0, sizeof(slots));
    for (int i = 0; i < n; i++) {
        slots[i].pid = spawn(sock, &oldmask, render);
        slots[i].started = now_mono();
    }
    log_info("serve: listening on %s with %d workers", cfg->listen, n);

    for (;;) {
        struct timespec ts = {0, 200 * 1000 * 1000};
        siginfo_t info;
        int sig = sigtimedwait(&set, &info, &ts);
        double t = now_mono();
        pid_t pid;
        int status, alive = 0;

        if ((sig == SIGTERM || sig == SIGINT) && !stopping) {
            log_info("serve: stopping (finishing requests in flight)");
            stopping = 1;
            stop_deadline = t + STOP_GRACE_SEC;
            /* no new connections; the workers drain the queue */
            if (unix_path != NULL)
                unlink(unix_path);
            close(sock);
        } else if (sig == SIGHUP && !stopping && reload_render(&render) != 0) {
            log_error("serve: reload refused, the workers go on with the "
                      "stylesheets they have");
        } else if (sig == SIGHUP && !stopping) {
            int placed = 0;

            log_info("serve: reload: starting new workers");
            for (int i = 0; i < 2 * MAX_WORKERS; i++)
                if (slots[i].pid > 0)
                    slots[i].retiring = 1;
                else
                    slots[i].restart_at = 0;
            for (int i = 0; i < 2 * MAX_WORKERS && placed < n; i++) {
                if (slots[i].pid != 0)
                    continue;
                slots[i].pid = spawn(sock, &oldmask, render);
                slots[i].retiring = 0;
                slots[i].started = t;
                placed++;
            }
        }
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            for (int i = 0; i < 2 * MAX_WORKERS; i++) {
                if (slots[i].pid != pid)
                    continue;
                slots[i].pid = 0;
                if (stopping || slots[i].retiring) {
                    slots[i].retiring = 0;
                    break;
                }
                log_warn("serve: worker %ld died (%s %d); restarting",
                         (long)pid, WIFSIGNALED(status) ? "signal" : "status",
                         WIFSIGNALED(status) ? WTERMSIG(status)
                                             : WEXITSTATUS(status));
                metrics_worker_restart();
                backoff = t - slots[i].started < 2.0
                              ? (backoff * 2 > 30 ? 30 : backoff * 2)
                              : 0.5;
                slots[i].restart_at =
                    t + (t - slots[i].started < 2.0 ? backoff : 0);
                break;
            }
        }
        for (int i = 0; i < 2 * MAX_WORKERS; i++) {
            struct slot *s = &slots[i];

            if (s->pid == 0 && s->restart_at > 0 && !stopping &&
                t >= s->restart_at) {
                s->restart_at = 0;
                s->pid = spawn(sock, &oldmask, render);
                s->started = t;
            }
            if (s->pid > 0 && (stopping || s->retiring)) {
                if (stopping && t > stop_deadline) {
                    kill(s->pid, SIGKILL);
                } else if (t - s->last_term > 0.5) {
                    kill(s->pid, SIGTERM);
                    s->last_term = t;
                }
            }
            if (s->pid > 0)
                alive++;
        }
        if (stopping && alive == 0)
            break;
    }
    /* the socket path went at the start of the stop: a new master may
     * already have made its own there */
    render_free(render);
    log_info("serve: stopped");
    return 0;
}
