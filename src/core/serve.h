/*
 * serve.h - the process model: `qudao serve` is a master that opens the
 * FastCGI socket and keeps N workers alive; each worker holds one database
 * connection and the compiled stylesheets for its whole life and serves
 * requests one at a time through dispatch().
 */
#ifndef QUDAO_SERVE_H
#define QUDAO_SERVE_H

#include <fcgiapp.h>

struct db;
struct render;
struct arena;

struct worker {
    struct db *db; /* NULL while the database is unreachable */
    struct render *render;
    struct arena *arena;
    unsigned long served;
};

/* Run the master until SIGTERM; returns the process exit status. */
int serve_main(void);

/* Serve one accepted request (dispatch.c). */
void dispatch(struct worker *w, FCGX_Request *fr);

/* Open the worker's database connection if it has none; 0 or -1. */
int worker_connect(struct worker *w);

#endif
