/* xmlin.c - see xmlin.h. */
#include "xmlin.h"

#include <stdio.h>
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
