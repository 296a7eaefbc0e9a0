/*
 * render.h - turning the page document into bytes.
 *
 * Once, in the master before it forks the workers (serve.c), every
 * stylesheet named in the route tables (and error.xsl) is compiled from
 * <share_dir>/xsl and both message catalogs are loaded; the workers share
 * those pages copy-on-write and only read them.  Each transform gets a fresh
 * context with security preferences that forbid every file and network access;
 * only the EXSLT string functions, our q:t() message look-up and q:fmt()
 * are registered.
 */
#ifndef QUDAO_RENDER_H
#define QUDAO_RENDER_H

#include <libxml/tree.h>

#include "arena.h"

struct render;

/* Compile everything; NULL with a message in err on any failure.  May
 * run again (a reload) while an earlier result exists: it compiles
 * without the earlier one's default security preferences and installs
 * its own. */
struct render *render_load(const char *share_dir, char *err, size_t errlen);
void render_free(struct render *r);

/*
 * Transform doc with the named stylesheet for the language and append the
 * HTML to out.  Returns 0, or -1 when the transform failed or was refused
 * (never a partial page).
 */
int render_html(struct render *r, const char *xsl, xmlDocPtr doc,
                const char *lang, struct sbuf *out);

/* The document as XML (UTF-8, with declaration). */
void render_xml(xmlDocPtr doc, struct sbuf *out);

/*
 * The catalog string s with each "{1}", "{2}", "{3}" replaced by a1, a2,
 * a3; any other "{...}" (up to the first "}" after its "{") and an
 * unclosed "{" stay as they are.  The q:fmt() of the stylesheets (the
 * fmt template of layout.xsl).  xmlMalloc'd, never NULL.
 */
xmlChar *render_fmt(const xmlChar *s, const xmlChar *a1, const xmlChar *a2,
                    const xmlChar *a3);

/* The message for key in lang, or NULL (for texts C must produce). */
const char *render_msg(struct render *r, const char *lang, const char *key);

#endif
