/*
 * demo_channel.c - the demo channel (issue 4).  Being built.
 */
#include "cmd.h"

int
demo_channel(struct db *db, const char *pw_hash)
{
    (void)db;
    (void)pw_hash;
    return 0;
}
