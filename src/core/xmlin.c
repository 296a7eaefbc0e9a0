/* xmlin.c - see xmlin.h. */
#include "xmlin.h"
#include "cfg.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

static xmlParserInputPtr
no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

void
xmlin_init(void)
{
    xmlSetExternalEntityLoader(no_entities);
}

/* Count nodes and depth; -1 past a cap. */
static int
walk(xmlNodePtr n, int depth, size_t *nodes)
{
    if (depth > XMLIN_MAX_DEPTH)
        return -1;
    for (; n != NULL; n = n->next) {
        if (++*nodes > XMLIN_MAX_NODES)
            return -1;
        if (n->type == XML_ENTITY_REF_NODE)
            return -1;
        if (n->children != NULL && n->type == XML_ELEMENT_NODE &&
            walk(n->children, depth + 1, nodes) != 0)
            return -1;
    }
    return 0;
}

static int
contains(const char *buf, size_t n, const char *s)
{
    size_t m = strlen(s);

    for (size_t i = 0; i + m <= n; i++)
        if (buf[i] == s[0] && memcmp(buf + i, s, m) == 0)
            return 1;
    return 0;
}

xmlDocPtr
xmlin_parse(const char *buf, size_t n, char *err, size_t errlen)
{
    xmlDocPtr doc;
    size_t nodes = 0;

    if (n > INT32_MAX) {
        snprintf(err, errlen, "document too large");
        return NULL;
    }
    /* refuse before parsing: a DOCTYPE is where every XML bomb lives */
    if (contains(buf, n, "<!DOCTYPE") || contains(buf, n, "<!ENTITY")) {
        snprintf(err, errlen, "a DOCTYPE is not allowed");
        return NULL;
    }
    doc = xmlReadMemory(buf, (int)n, "input.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
    if (doc == NULL) {
        snprintf(err, errlen, "not well-formed XML");
        return NULL;
    }
    if (doc->intSubset != NULL || doc->extSubset != NULL ||
        walk(doc->children, 0, &nodes) != 0) {
        xmlFreeDoc(doc);
        snprintf(err, errlen,
                 "the document is too deep, too large or "
                 "declares a DTD");
        return NULL;
    }
    return doc;
}

#define XMLIN_SCHEMAS    8            /* distinct import schemas */
#define XMLIN_SCHEMA_MAX (256 * 1024) /* bytes of one XSD file */

static struct {
    const char *file;
    xmlSchemaPtr schema;
} schemas[XMLIN_SCHEMAS];

xmlSchemaPtr
xmlin_schema(const char *file)
{
    xmlSchemaParserCtxtPtr pc = NULL;
    xmlSchemaPtr schema = NULL;
    char path[4096], *buf;
    size_t i, n = 0;
    FILE *fp;

    for (i = 0; i < XMLIN_SCHEMAS && schemas[i].file != NULL; i++)
        if (strcmp(schemas[i].file, file) == 0)
            return schemas[i].schema;
    if (i == XMLIN_SCHEMAS) {
        log_error("xmlin: more than %d import schemas", XMLIN_SCHEMAS);
        return NULL;
    }
    snprintf(path, sizeof(path), "%s/%s", cfg->share_dir, file);
    if ((fp = fopen(path, "rb")) == NULL ||
        (buf = malloc(XMLIN_SCHEMA_MAX)) == NULL) {
        log_error("xmlin: cannot read %s", path);
        if (fp != NULL)
            fclose(fp);
        return NULL;
    }
    n = fread(buf, 1, XMLIN_SCHEMA_MAX, fp);
    fclose(fp);
    if (n > 0 && n < XMLIN_SCHEMA_MAX)
        pc = xmlSchemaNewMemParserCtxt(buf, (int)n);
    if (pc != NULL) {
        schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
    }
    free(buf);
    if (schema == NULL) {
        log_error("xmlin: %s does not compile", path);
        return NULL;
    }
    schemas[i].file = file;
    schemas[i].schema = schema;
    return schema;
}
