/*
 * xmlout.c - write the page document as XML into an sbuf (see xmlout.h).
 *
 * Byte for byte what xmlDocDumpMemoryEnc(doc, .., "UTF-8") writes on
 * libxml2 2.9.14 (tests/unit/test_xmlout.c holds us to it).  What we
 * replicate, from xmlsave.c and encoding.c of 2.9.14:
 *
 * - `<?xml version="V" encoding="UTF-8"?>` and a newline (V is the
 *   document's version, "1.0" when it has none; standalone when set),
 *   then each top-level element followed by a newline.
 * - An element without children as `<name/>`, otherwise `<name>`, the
 *   children, `</name>`; attributes in tree order as ` name="value"`.
 * - Text (xmlEscapeContent, the escaping when an encoding is named):
 *   & < > as entities, CR as &#13;, every other byte raw.
 * - Attribute values (xmlBufAttrSerializeTxtContent, with the document's
 *   encoding set to UTF-8 while dumping, so non-ASCII stays raw): & < > "
 *   as entities, LF, CR and TAB as &#10; &#13; &#9;, the rest raw.
 * - The UTF-8 to UTF-8 "conversion" of the output is a plain copy.
 *
 * Not replicated, and refused (-1) so the caller falls back to libxml2:
 * namespaces, comments, processing instructions, CDATA, entity
 * references, DTDs, "noenc" text, attributes with other than text
 * children.  Qudao's page documents hold none of them.
 */
#include "xmlout.h"

#include <string.h>

#include <libxml/parserInternals.h> /* xmlStringTextNoenc */

/* Escaping classes: 0 copy, else the index of the replacement. */
enum { E_NONE, E_AMP, E_LT, E_GT, E_QUOT, E_CR, E_LF, E_TAB };

static const char *const repl[] = {"",       "&amp;", "&lt;",  "&gt;",
                                   "&quot;", "&#13;", "&#10;", "&#9;"};
static const unsigned char repl_len[] = {0, 5, 4, 4, 6, 5, 5, 4};

/* Bytes that text escapes (and NUL, the end). */
static const unsigned char text_esc[256] = {
    [0] = 0xff, ['&'] = E_AMP, ['<'] = E_LT, ['>'] = E_GT, ['\r'] = E_CR};

/* Bytes that attribute values escape (and NUL, the end). */
static const unsigned char attr_esc[256] = {
    [0] = 0xff,     ['&'] = E_AMP, ['<'] = E_LT,  ['>'] = E_GT,
    ['"'] = E_QUOT, ['\r'] = E_CR, ['\n'] = E_LF, ['\t'] = E_TAB};

/* Append n bytes (arena.h). */
#define put(out, s, n) sbuf_put((out), (s), (n))

/* Append a string literal. */
#define PUTL(out, lit) put((out), (lit), sizeof(lit) - 1)

/* Append s escaped with table esc. */
static void
put_escaped(struct sbuf *out, const xmlChar *s, const unsigned char *esc)
{
    for (;;) {
        const xmlChar *run = s;
        unsigned k;

        while (esc[*s] == 0)
            s++;
        if (s > run)
            put(out, run, (size_t)(s - run));
        k = esc[*s];
        if (k == 0xff)
            return;
        put(out, repl[k], repl_len[k]);
        s++;
    }
}

/* Append a name (element or attribute). */
static void
put_name(struct sbuf *out, const xmlChar *name)
{
    put(out, name, strlen((const char *)name));
}

/* Can we write this node and everything under it?  1 yes, 0 no. */
static int
supported(xmlNodePtr n)
{
    for (; n != NULL; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            if (n->name == xmlStringTextNoenc)
                return 0;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE || n->ns != NULL || n->nsDef != NULL)
            return 0;
        for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
            if (a->ns != NULL)
                return 0;
            for (xmlNodePtr t = a->children; t != NULL; t = t->next)
                if (t->type != XML_TEXT_NODE)
                    return 0;
        }
        if (!supported(n->children))
            return 0;
    }
    return 1;
}

/* Write node n (an element or text) and what it holds. */
static void
put_node(struct sbuf *out, xmlNodePtr n)
{
    if (n->type == XML_TEXT_NODE) {
        if (n->content != NULL)
            put_escaped(out, n->content, text_esc);
        return;
    }
    PUTL(out, "<");
    put_name(out, n->name);
    for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
        PUTL(out, " ");
        put_name(out, a->name);
        PUTL(out, "=\"");
        for (xmlNodePtr t = a->children; t != NULL; t = t->next)
            if (t->content != NULL)
                put_escaped(out, t->content, attr_esc);
        PUTL(out, "\"");
    }
    if (n->children == NULL) {
        PUTL(out, "/>");
        return;
    }
    PUTL(out, ">");
    for (xmlNodePtr c = n->children; c != NULL; c = c->next)
        put_node(out, c);
    PUTL(out, "</");
    put_name(out, n->name);
    PUTL(out, ">");
}

int
xmlout_doc(xmlDocPtr doc, struct sbuf *out)
{
    const xmlChar *version;

    if (doc == NULL || doc->intSubset != NULL || doc->extSubset != NULL ||
        !supported(doc->children))
        return -1;
    for (xmlNodePtr n = doc->children; n != NULL; n = n->next)
        if (n->type != XML_ELEMENT_NODE)
            return -1;
    /* xmlBufWriteQuotedString: "..." unless the value holds a quote */
    version = doc->version != NULL ? doc->version : BAD_CAST "1.0";
    if (strchr((const char *)version, '"') != NULL)
        return -1;
    PUTL(out, "<?xml version=\"");
    put_name(out, version);
    PUTL(out, "\" encoding=\"UTF-8\"");
    if (doc->standalone == 0)
        PUTL(out, " standalone=\"no\"");
    else if (doc->standalone == 1)
        PUTL(out, " standalone=\"yes\"");
    PUTL(out, "?>\n");
    for (xmlNodePtr n = doc->children; n != NULL; n = n->next) {
        put_node(out, n);
        PUTL(out, "\n");
    }
    return 0;
}
