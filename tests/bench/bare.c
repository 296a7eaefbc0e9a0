/*
 * bare.c -- the floor of the FastCGI path for tests/bench/catalog.
 *
 * A libfcgi responder that does nothing but answer every request with the
 * same bytes: a fixed header (Status, Content-Type, Content-Length) and the
 * contents of one file, read once at start-up.  Same process model as
 * `qudao serve`: one unix socket opened by FCGX_OpenSocket (backlog 128,
 * mode 0660), N forked workers, each in an FCGX_Accept_r loop serving one
 * connection at a time.  What Qudao spends above this is its own work
 * (parsing, routing, the database, XML, XSLT, serialising).
 *
 *   gcc -O2 -o bare tests/bench/bare.c -lfcgi
 *   bare SOCKET FILE [WORKERS [CONTENT-TYPE]]
 *
 * WORKERS defaults to 2, CONTENT-TYPE to "text/html; charset=utf-8".
 * SIGTERM or SIGINT to the parent stops the workers and removes the socket;
 * a worker also dies with its parent (PR_SET_PDEATHSIG).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#define MAX_WORKERS 64

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

    if (f == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *nb;

            cap = cap ? cap * 2 : 65536;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

static void
serve(int sock, const char *head, int head_len, const char *body, int body_len)
{
    FCGX_Request req;

    if (FCGX_InitRequest(&req, sock, 0) != 0)
        _exit(1);
    while (FCGX_Accept_r(&req) >= 0) {
        FCGX_PutStr(head, head_len, req.out);
        FCGX_PutStr(body, body_len, req.out);
        FCGX_Finish_r(&req);
    }
    _exit(0);
}

int
main(int argc, char **argv)
{
    const char *sock_path, *ctype = "text/html; charset=utf-8";
    int workers = 2, sock, i, head_len, alive;
    pid_t pids[MAX_WORKERS], parent = getpid();
    char head[512], *body;
    size_t body_len;
    struct sigaction sa;

    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s SOCKET FILE [WORKERS [CONTENT-TYPE]]\n",
                argv[0]);
        return 2;
    }
    sock_path = argv[1];
    if (argc > 3) {
        workers = atoi(argv[3]);
        if (workers < 1 || workers > MAX_WORKERS) {
            fprintf(stderr, "bare: WORKERS must be 1..%d\n", MAX_WORKERS);
            return 2;
        }
    }
    if (argc > 4)
        ctype = argv[4];
    body = read_file(argv[2], &body_len);
    if (body == NULL) {
        fprintf(stderr, "bare: %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    if (body_len > 0x7fffffff) {
        fprintf(stderr, "bare: %s is too large\n", argv[2]);
        return 1;
    }
    head_len = snprintf(head, sizeof head,
                        "Status: 200 OK\r\n"
                        "Content-Type: %s\r\n"
                        "Content-Length: %lu\r\n\r\n",
                        ctype, (unsigned long)body_len);
    if (head_len < 0 || (size_t)head_len >= sizeof head) {
        fprintf(stderr, "bare: CONTENT-TYPE too long\n");
        return 2;
    }

    if (FCGX_Init() != 0) {
        fprintf(stderr, "bare: FCGX_Init failed\n");
        return 1;
    }
    unlink(sock_path);
    sock = FCGX_OpenSocket(sock_path, 128);
    if (sock < 0) {
        fprintf(stderr, "bare: cannot listen on %s\n", sock_path);
        return 1;
    }
    if (chmod(sock_path, 0660) != 0)
        fprintf(stderr, "bare: chmod %s: %s\n", sock_path, strerror(errno));

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    for (i = 0; i < workers; i++) {
        pid_t pid = fork();

        if (pid < 0) {
            fprintf(stderr, "bare: fork: %s\n", strerror(errno));
            stop = 1;
            workers = i;
            break;
        }
        if (pid == 0) {
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent)
                _exit(0);
            serve(sock, head, head_len, body, (int)body_len);
        }
        pids[i] = pid;
    }

    /* Wait for a signal or for every worker to be gone. */
    alive = workers;
    while (!stop && alive > 0) {
        pid_t pid = waitpid(-1, NULL, 0);

        if (pid > 0) {
            for (i = 0; i < workers; i++)
                if (pids[i] == pid)
                    pids[i] = 0;
            alive--;
        } else if (errno != EINTR) {
            break;
        }
    }
    for (i = 0; i < workers; i++)
        if (pids[i] > 0)
            kill(pids[i], SIGTERM);
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
    unlink(sock_path);
    free(body);
    return 0;
}
