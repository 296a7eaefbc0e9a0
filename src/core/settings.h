/*
 * settings.h - the site's basic settings (table `setting`, edited at
 * /admin/settings): company name, default language and theme, currency,
 * number formats, mail.
 *
 * Read through a small per-worker cache refreshed when older than
 * SETTINGS_TTL seconds, so a change reaches every worker on every host
 * within that time without a query per request.  The cache is only a
 * copy: the database stays the truth, and a worker that dies loses
 * nothing.
 */
#ifndef QUDAO_SETTINGS_H
#define QUDAO_SETTINGS_H

struct db;

#define SETTINGS_TTL 5

/* Reload the cache when it is stale.  Runs (and ends) its own read
 * transaction, so call it when none is open.  0, or -1 when the database
 * failed (the old values stay). */
int settings_refresh(struct db *db);

/* The value of a setting, or NULL when unset (valid until the next
 * refresh). */
const char *settings_get(const char *name);

#endif
