/*
 * xmlin.h - parsing XML that comes from outside (SECURITY.md class 5):
 * no DOCTYPE at all, no entity substitution, no DTD loading, no network,
 * an external entity loader that always fails, and caps on bytes, depth
 * and nodes.
 */
#ifndef QUDAO_XMLIN_H
#define QUDAO_XMLIN_H

#include <stddef.h>

#include <libxml/tree.h>

#define XMLIN_MAX_DEPTH 64
#define XMLIN_MAX_NODES 200000

void xmlin_init(void); /* once per process: installs the entity loader */

/* A document, or NULL with a short reason in err. */
xmlDocPtr xmlin_parse(const char *buf, size_t n, char *err, size_t errlen);

/*
 * The XSD file (a path under the share directory, e.g.
 * "schema/xsd/import-products.xsd"), compiled on first use and kept for
 * the worker's life, like the stylesheets.  Read into memory first: the
 * entity loader refuses every file by name, and an import schema is one
 * self-contained file.  NULL (logged) when missing or broken.
 */
#include <libxml/xmlschemas.h>
xmlSchemaPtr xmlin_schema(const char *file);

#endif
