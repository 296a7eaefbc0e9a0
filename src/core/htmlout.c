/*
 * htmlout.c - write the HTML result tree of a transform into an sbuf.
 *
 * Byte for byte what xsltSaveResultToString() writes on libxml2 2.9.14 /
 * libxslt 1.1.35 for xsl:output method="html" indent="no"
 * encoding="UTF-8" (tests/unit/test_htmlout.c holds us to it), without
 * libxml2's copy and second pass over every attribute value.  What we
 * replicate, from HTMLtree.c, entities.c, uri.c and buf.c of 2.9.14:
 *
 * - "<!DOCTYPE html>\n" for doctype-system="about:legacy-compat"; a
 *   newline after the last top-level node; nothing for an empty result.
 * - htmlSetMetaEncoding(): a <meta http-equiv="Content-Type"
 *   content="text/html; charset=UTF-8"> first in <head>, or the content
 *   of an existing Content-Type meta rewritten unless it names UTF-8.  We
 *   write it out and never modify the tree (libxslt does modify it).
 * - The HTML 4 element table: 13 void elements, and <li> which loses its
 *   end tag when empty; namespaced elements are never looked up.
 * - Text: & < > escaped, C0 controls but tab, LF and CR dropped, the rest
 *   (quotes, UTF-8) raw; raw inside <script> and <style>.
 * - Attributes: boolean ones as the bare name; the same escaping but
 *   "&{...}" and "<!--...-->" kept raw; quoted with " unless the value
 *   holds " and no ', then with ', and with both " and &quot;.  href,
 *   action, src (and name on <a>) lose leading blanks and are %-escaped
 *   like xmlURIEscapeStr(v, "@/:=?;#%&,+<>").
 *
 * Not replicated: indent="yes" (rule 9 forbids it) and output encodings
 * other than UTF-8; the stylesheets use neither.
 */
#include "htmlout.h"

#include <string.h>

#include <libxml/parserInternals.h> /* xmlStringTextNoenc */

#define META_CONTENT "text/html; charset=UTF-8"

/* Bytes below 64 that escaping changes: & < > and the C0 controls (NUL,
 * the end, included) but tab, LF and CR.  All others are copied. */
#define BIT(c) (1ULL << (c))
#define ESCAPED_BELOW_64                                                       \
    (((BIT(32) - 1) & ~(BIT('\t') | BIT('\n') | BIT('\r'))) | BIT('&') |       \
     BIT('<') | BIT('>'))

/* Bytes xmlURIEscapeStr(s, "@/:=?;#%&,+<>") keeps: the unreserved
 * (alphanumerics and -_.!~*'()) and that list; the rest become %XX. */
#define BITS(from, to) (BIT((to) + 1) - BIT(from))
#define URI_KEPT_BELOW_64                                                      \
    (BITS('0', '9') | BIT('-') | BIT('.') | BIT('!') | BIT('*') | BIT('\'') |  \
     BIT('(') | BIT(')') | BIT('/') | BIT(':') | BIT('=') | BIT('?') |         \
     BIT(';') | BIT('#') | BIT('%') | BIT('&') | BIT(',') | BIT('+') |         \
     BIT('<') | BIT('>'))
#define URI_KEPT_64_TO_127 /* bit n for byte 64 + n */                         \
    (BITS('A' - 64, 'Z' - 64) | BITS('a' - 64, 'z' - 64) | BIT('_' - 64) |     \
     BIT('~' - 64) | BIT('@' - 64))

enum esc_mode {
    ESC_TEXT, /* element content */
    ESC_ATTR, /* attribute value quoted with ' or with " free of " */
    ESC_QUOT, /* attribute value quoted with ", " written as &quot; */
    ESC_URI   /* URI attribute value, %-escaped */
};

enum attr_kind { ATTR_PLAIN, ATTR_BOOLEAN, ATTR_URI };

struct htmlout {
    struct sbuf *out;
    xmlNodePtr meta_parent;  /* gets the Content-Type meta first */
    xmlNodePtr meta_rewrite; /* existing meta whose content is replaced */
};

/* Append n bytes (arena.h). */
#define put(out, s, n) sbuf_put((out), (s), (n))

/* Append a string. */
static inline void
puts_(struct sbuf *out, const xmlChar *s)
{
    put(out, s, strlen((const char *)s));
}

/* Append a string literal. */
#define PUTL(out, lit) put((out), (lit), sizeof(lit) - 1)

/* c in lower case if it is an ASCII capital, as xmlStrcasecmp() folds. */
static inline unsigned
fold(unsigned c)
{
    return c - 'A' < 26 ? c + ('a' - 'A') : c;
}

/* Whether name equals lower, ASCII case-insensitive; NULL equals nothing. */
static inline int
name_is(const xmlChar *name, const char *lower)
{
    if (name == NULL)
        return 0;
    while (*lower != '\0' && fold(*name) == (unsigned char)*lower) {
        name++;
        lower++;
    }
    return *name == '\0' && *lower == '\0';
}

/* Whether s contains lower in any case, like xmlStrcasestr(). */
static int
has_word(const xmlChar *s, const char *lower)
{
    size_t n = strlen(lower);

    for (; *s != '\0'; s++) {
        size_t i = 0;

        while (i < n && fold(s[i]) == (unsigned char)lower[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/*
 * An element without namespace per libxml2's HTML 4 table: 1 if void
 * ("empty": no end tag, children never written), 2 if it loses its end
 * tag when empty ("saveEndTag": li only), 0 otherwise or unknown.
 */
static int
elem_kind(const xmlChar *n)
{
    switch (fold(n[0])) {
    case 'a': return name_is(n, "area");
    case 'b':
        return name_is(n, "br") || name_is(n, "base") || name_is(n, "basefont");
    case 'c': return name_is(n, "col");
    case 'f': return name_is(n, "frame");
    case 'h': return name_is(n, "hr");
    case 'i':
        return name_is(n, "img") || name_is(n, "input") ||
               name_is(n, "isindex");
    case 'l': return name_is(n, "link") ? 1 : name_is(n, "li") ? 2 : 0;
    case 'm': return name_is(n, "meta");
    case 'p': return name_is(n, "param");
    }
    return 0;
}

/* Boolean per htmlIsBooleanAttr(), URI for href, action, src and name on
 * <a> when neither they nor their element have a namespace, or plain. */
static enum attr_kind
attr_kind(xmlAttrPtr attr)
{
    const xmlChar *n = attr->name;
    xmlNodePtr e = attr->parent;
    int uri = attr->ns == NULL && e != NULL && e->ns == NULL, b = 0;

    switch (fold(n[0])) {
    case 'a': return uri && name_is(n, "action") ? ATTR_URI : ATTR_PLAIN;
    case 'c': b = name_is(n, "checked") || name_is(n, "compact"); break;
    case 'd':
        b = name_is(n, "disabled") || name_is(n, "defer") ||
            name_is(n, "declare");
        break;
    case 'h': return uri && name_is(n, "href") ? ATTR_URI : ATTR_PLAIN;
    case 'i': b = name_is(n, "ismap"); break;
    case 'm': b = name_is(n, "multiple"); break;
    case 'n':
        if (name_is(n, "name"))
            return uri && name_is(e->name, "a") ? ATTR_URI : ATTR_PLAIN;
        b = name_is(n, "nowrap") || name_is(n, "noshade") ||
            name_is(n, "noresize") || name_is(n, "nohref");
        break;
    case 'r': b = name_is(n, "readonly"); break;
    case 's':
        if (name_is(n, "src"))
            return uri ? ATTR_URI : ATTR_PLAIN;
        b = name_is(n, "selected");
        break;
    }
    return b ? ATTR_BOOLEAN : ATTR_PLAIN;
}

/* Whether xmlURIEscapeStr(s, "@/:=?;#%&,+<>") leaves byte c alone. */
static inline int
uri_keeps(unsigned c)
{
    if (c >= 128)
        return 0;
    /* c & 63: GCC's UBSan otherwise reports the shift it hoists above
     * the range test (seen with -O2 -fsanitize=shift, 2026-11-27) */
    if (c < 64)
        return (int)(URI_KEPT_BELOW_64 >> (c & 63)) & 1;
    return (int)(URI_KEPT_64_TO_127 >> (c & 63)) & 1;
}

/* Append s[0..n), whose entity escaping is done, in the form mode wants. */
static void
put_run(struct sbuf *out, const xmlChar *s, size_t n, enum esc_mode mode)
{
    static const char hex[] = "0123456789ABCDEF";
    const xmlChar *end = s + n, *run = s;

    if (mode == ESC_TEXT || mode == ESC_ATTR) {
        put(out, s, n);
        return;
    }
    for (; s < end; s++) {
        if (mode == ESC_QUOT ? *s != '"' : uri_keeps(*s))
            continue;
        put(out, run, (size_t)(s - run));
        if (mode == ESC_QUOT) {
            PUTL(out, "&quot;");
        } else {
            char pct[3] = {'%', hex[*s >> 4], hex[*s & 15]};

            put(out, pct, 3);
        }
        run = s + 1;
    }
    put(out, run, (size_t)(end - run));
}

/*
 * Append s escaped as xmlEncodeEntitiesReentrant() (text) or
 * xmlEncodeAttributeEntities() (attributes) do in an HTML document, then
 * put through mode's quoting or %-escaping.
 */
static void
put_escaped(struct sbuf *out, const xmlChar *s, enum esc_mode mode)
{
    const xmlChar *run = s, *end;
    unsigned c;

    for (;; s++) {
        c = *s;
        if (c >= 64 || !(ESCAPED_BELOW_64 & BIT(c)))
            continue;
        if (c == '\0')
            break;
        put_run(out, run, (size_t)(s - run), mode);
        run = s + 1;
        if (mode != ESC_TEXT && c == '<' && s[1] == '!' && s[2] == '-' &&
            s[3] == '-' && (end = xmlStrstr(s, BAD_CAST "-->")) != NULL) {
            run = s; /* a server-side include stays as it is */
            s = end + 2;
        } else if (mode != ESC_TEXT && c == '&' && s[1] == '{' &&
                   (end = xmlStrchr(s, '}')) != NULL) {
            run = s; /* so does an HTML 4 "&{script}" */
            s = end;
        } else if (c == '&') {
            PUTL(out, "&amp;");
        } else if (c == '<') {
            PUTL(out, "&lt;");
        } else if (c == '>') {
            PUTL(out, "&gt;");
        } /* other C0 controls are dropped */
    }
    put_run(out, run, (size_t)(s - run), mode);
}

/* Append s between quotes as xmlBufWriteQuotedString() does, unescaped:
 * for namespace URIs and doctype identifiers. */
static void
put_quoted(struct sbuf *out, const xmlChar *s)
{
    int dq = strchr((const char *)s, '"') != NULL;
    int sq = strchr((const char *)s, '\'') != NULL;
    const char *q = dq && !sq ? "'" : "\"";

    put(out, q, 1);
    put_run(out, s, strlen((const char *)s), dq && sq ? ESC_QUOT : ESC_ATTR);
    put(out, q, 1);
}

/* Append an element's or attribute's name with its namespace prefix. */
static void
put_qname(struct sbuf *out, xmlNsPtr ns, const xmlChar *name)
{
    if (ns != NULL && ns->prefix != NULL) {
        puts_(out, ns->prefix);
        PUTL(out, ":");
    }
    puts_(out, name);
}

/* Append one attribute, its leading space included, like
 * htmlAttrDumpOutput() given the value by xmlNodeListGetString(). */
static void
put_attr(struct sbuf *out, xmlAttrPtr attr)
{
    enum attr_kind kind = attr_kind(attr);
    enum esc_mode mode = kind == ATTR_URI ? ESC_URI : ESC_ATTR;
    const char *q = "\""; /* in a URI " becomes %22: always this */
    int dq = 0, sq = 0, lead = 1;
    xmlNodePtr t;

    PUTL(out, " ");
    put_qname(out, attr->ns, attr->name);
    if (attr->children == NULL || kind == ATTR_BOOLEAN)
        return;
    for (t = attr->children; mode == ESC_ATTR && t != NULL; t = t->next) {
        if (t->content != NULL)
            dq |= strchr((const char *)t->content, '"') != NULL;
    }
    for (t = attr->children; dq && t != NULL; t = t->next) {
        if (t->content != NULL)
            sq |= strchr((const char *)t->content, '\'') != NULL;
    }
    if (dq && sq)
        mode = ESC_QUOT;
    else if (dq)
        q = "'";
    PUTL(out, "=");
    put(out, q, 1);
    for (t = attr->children; t != NULL; t = t->next) {
        const xmlChar *s = t->content;

        if ((t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE) ||
            s == NULL)
            continue;
        /* Blanks (and the controls escaping drops) lead a URI: skipped. */
        while (mode == ESC_URI && lead && *s != '\0' && *s <= 0x20)
            s++;
        lead = lead && *s == '\0';
        put_escaped(out, s, mode);
    }
    put(out, q, 1);
}

static void put_node(struct htmlout *h, xmlNodePtr cur);

/* Append an element, its children and end tag per the HTML 4 table. */
static void
put_element(struct htmlout *h, xmlNodePtr cur)
{
    struct sbuf *out = h->out;
    int kind = cur->ns == NULL ? elem_kind(cur->name) : 0;
    int rewrite = cur == h->meta_rewrite, meta = cur == h->meta_parent;
    xmlAttrPtr attr;
    xmlNsPtr ns;
    xmlNodePtr child;

    PUTL(out, "<");
    put_qname(out, cur->ns, cur->name);
    for (ns = cur->nsDef; ns != NULL; ns = ns->next) {
        if (ns->type != XML_LOCAL_NAMESPACE || ns->href == NULL ||
            xmlStrEqual(ns->prefix, BAD_CAST "xml"))
            continue;
        PUTL(out, " xmlns");
        if (ns->prefix != NULL) {
            PUTL(out, ":");
            puts_(out, ns->prefix);
        }
        PUTL(out, "=");
        put_quoted(out, ns->href);
    }
    for (attr = cur->properties; attr != NULL; attr = attr->next) {
        /* xmlSetProp() replaces the first unprefixed "content" in place */
        if (rewrite && attr->ns == NULL &&
            xmlStrEqual(attr->name, BAD_CAST "content")) {
            PUTL(out, " content=\"" META_CONTENT "\"");
            rewrite = 0;
        } else {
            put_attr(out, attr);
        }
    }
    if (rewrite) /* or appends one */
        PUTL(out, " content=\"" META_CONTENT "\"");
    PUTL(out, ">");
    if (kind == 1 || (kind == 2 && cur->children == NULL && !meta))
        return;
    if (meta)
        PUTL(out,
             "<meta http-equiv=\"Content-Type\" content=\"" META_CONTENT "\">");
    for (child = cur->children; child != NULL; child = child->next)
        put_node(h, child);
    PUTL(out, "</");
    put_qname(out, cur->ns, cur->name);
    PUTL(out, ">");
}

/* Append any node of the result tree, like htmlNodeDumpFormatOutput(). */
static void
put_node(struct htmlout *h, xmlNodePtr cur)
{
    struct sbuf *out = h->out;
    xmlNodePtr p = cur->parent;

    switch (cur->type) {
    case XML_ELEMENT_NODE: put_element(h, cur); break;
    case XML_TEXT_NODE:
        if (cur->content == NULL)
            break;
        if (cur->name == xmlStringTextNoenc ||
            (p != NULL && p->type == XML_ELEMENT_NODE &&
             (name_is(p->name, "script") || name_is(p->name, "style"))))
            puts_(out, cur->content);
        else
            put_escaped(out, cur->content, ESC_TEXT);
        break;
    case XML_CDATA_SECTION_NODE: /* HTML_PRESERVE_NODE */
        if (cur->content != NULL)
            puts_(out, cur->content);
        break;
    case XML_COMMENT_NODE:
        if (cur->content != NULL) {
            PUTL(out, "<!--");
            puts_(out, cur->content);
            PUTL(out, "-->");
        }
        break;
    case XML_PI_NODE:
        PUTL(out, "<?");
        puts_(out, cur->name);
        if (cur->content != NULL) {
            PUTL(out, " ");
            puts_(out, cur->content);
        }
        PUTL(out, ">");
        break;
    case XML_ENTITY_REF_NODE:
        PUTL(out, "&");
        puts_(out, cur->name);
        PUTL(out, ";");
        break;
    default: /* the DTD is written by htmlout_doc() */ break;
    }
}

/* The first element of list named head or meta, or html too when top is
 * set: where htmlSetMetaEncoding() stops looking at each level. */
static xmlNodePtr
meta_anchor(xmlNodePtr list, int top)
{
    for (; list != NULL; list = list->next) {
        if (list->type == XML_ELEMENT_NODE &&
            ((top && name_is(list->name, "html")) ||
             name_is(list->name, "head") || name_is(list->name, "meta")))
            return list;
    }
    return NULL;
}

/* The content attribute value of a <meta http-equiv="Content-Type">, or
 * NULL if meta is not one (attributes with one text child only). */
static const xmlChar *
meta_content(xmlNodePtr meta)
{
    const xmlChar *content = NULL, *v;
    int http = 0;
    xmlAttrPtr a;

    for (a = meta->properties; a != NULL; a = a->next) {
        if (a->children == NULL || a->children->type != XML_TEXT_NODE ||
            a->children->next != NULL)
            continue;
        v = a->children->content;
        if (name_is(a->name, "http-equiv") && name_is(v, "content-type"))
            http = 1;
        else if (v != NULL && name_is(a->name, "content"))
            content = v;
        if (http && content != NULL)
            return content;
    }
    return NULL;
}

/*
 * Decide what htmlSetMetaEncoding(doc, "UTF-8") would do: a new meta
 * first in the <head> (or in <html> if a meta precedes the head, or
 * nowhere without either), or a new content for the first Content-Type
 * meta found at that place unless it already says UTF-8.
 */
static void
plan_meta(struct htmlout *h, xmlDocPtr doc)
{
    xmlNodePtr cur = meta_anchor(doc->children, 1), html = NULL, parent;
    const xmlChar *content;

    if (cur != NULL && name_is(cur->name, "html")) {
        html = cur;
        cur = meta_anchor(cur->children, 0);
    }
    if (cur == NULL)
        return;
    parent = name_is(cur->name, "head") ? cur : html;
    for (cur = cur == parent ? cur->children : cur; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE || !name_is(cur->name, "meta") ||
            (content = meta_content(cur)) == NULL)
            continue;
        if (!has_word(content, "utf-8"))
            h->meta_rewrite = cur;
        return;
    }
    h->meta_parent = parent;
}

/* Append the serialised document (doctype included) to out. */
void
htmlout_doc(xmlDocPtr result, struct sbuf *out)
{
    struct htmlout h = {out, NULL, NULL};
    xmlDtdPtr dtd = result->intSubset;
    xmlNodePtr cur = result->children;

    /* xsltSaveResultTo() writes nothing at all for an empty result */
    if (cur == NULL || (cur->type == XML_DTD_NODE && cur->next == NULL))
        return;
    plan_meta(&h, result);
    if (dtd != NULL) {
        PUTL(out, "<!DOCTYPE ");
        puts_(out, dtd->name);
        if (dtd->ExternalID != NULL) {
            PUTL(out, " PUBLIC ");
            put_quoted(out, dtd->ExternalID);
            if (dtd->SystemID != NULL) {
                PUTL(out, " ");
                put_quoted(out, dtd->SystemID);
            }
        } else if (dtd->SystemID != NULL &&
                   !xmlStrEqual(dtd->SystemID,
                                BAD_CAST "about:legacy-compat")) {
            PUTL(out, " SYSTEM ");
            put_quoted(out, dtd->SystemID);
        }
        PUTL(out, ">\n");
    }
    for (; cur != NULL; cur = cur->next)
        put_node(&h, cur);
    PUTL(out, "\n");
}
