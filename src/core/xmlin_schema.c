/*
 * xmlin_schema.c - the import schemas, compiled once per worker
 * (xmlin.h: xmlin_schema).  Apart from xmlin.c so that the request
 * parsers' fuzz target links without the configuration and the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "log.h"
#include "xmlin.h"

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
