/*
 * render.c - compiled stylesheets, message catalogs and transforms (see
 * render.h and RENDERING.md).
 */
#include "render.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libexslt/exslt.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "htmlout.h"
#include "log.h"
#include "route.h"
#include "xmlout.h"

#define QUDAO_NS   "urn:qudao"
#define MAX_SHEETS 64

static const char *const langs[] = {"en", "zh-CN"};
#define N_LANGS 2

struct sheet {
    const char *name;
    xsltStylesheetPtr style;
};

struct render {
    struct sheet sheets[MAX_SHEETS];
    size_t n_sheets;
    xmlHashTablePtr catalogs[N_LANGS];
    xsltSecurityPrefsPtr prefs;
};

static int
lang_index(const char *lang)
{
    return lang != NULL && strcmp(lang, "en") == 0 ? 0 : 1;
}

/* XPath function q:t(key): the message for the transform's language, or
 * the key itself when the catalog lacks it (a test catches that). */
static void
fn_t(xmlXPathParserContextPtr ctxt, int nargs)
{
    xsltTransformContextPtr tctxt;
    xmlHashTablePtr cat;
    xmlChar *key;
    const xmlChar *msg = NULL;

    if (nargs != 1) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    key = xmlXPathPopString(ctxt);
    if (key == NULL)
        return;
    tctxt = xsltXPathGetTransformContext(ctxt);
    cat = tctxt != NULL ? tctxt->_private : NULL;
    if (cat != NULL)
        msg = xmlHashLookup(cat, key);
    valuePush(ctxt, xmlXPathNewString(msg != NULL ? msg : key));
    xmlFree(key);
}

xmlChar *
render_fmt(const xmlChar *s, const xmlChar *a1, const xmlChar *a2,
           const xmlChar *a3)
{
    xmlBufferPtr b = xmlBufferCreate();
    xmlChar *out;

    if (b == NULL)
        abort();
    for (;;) {
        const xmlChar *open = xmlStrchr(s, '{');
        const xmlChar *close = open != NULL ? xmlStrchr(open + 1, '}') : NULL;
        const xmlChar *arg = NULL;

        if (close == NULL) {
            xmlBufferCat(b, s);
            break;
        }
        xmlBufferAdd(b, s, (int)(open - s));
        if (close - open == 2 && open[1] >= '1' && open[1] <= '3')
            arg = open[1] == '1' ? a1 : open[1] == '2' ? a2 : a3;
        if (arg != NULL)
            xmlBufferCat(b, arg);
        else
            xmlBufferAdd(b, open, (int)(close - open + 1));
        s = close + 1;
    }
    out = xmlStrdup(xmlBufferContent(b));
    xmlBufferFree(b);
    if (out == NULL)
        abort();
    return out;
}

/* XPath function q:fmt(s, a1, a2, a3): render_fmt on their string values
 * (the fmt template of layout.xsl; a recursion of templates in XSLT cost
 * ~20,000 instructions a call, 200,000 a catalog page). */
static void
fn_fmt(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *arg[4] = {NULL, NULL, NULL, NULL};

    if (nargs != 4) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    for (int i = 3; i >= 0; i--)
        arg[i] = xmlXPathPopString(ctxt);
    if (arg[0] != NULL && arg[1] != NULL && arg[2] != NULL && arg[3] != NULL)
        valuePush(ctxt, xmlXPathWrapString(
                            render_fmt(arg[0], arg[1], arg[2], arg[3])));
    for (int i = 0; i < 4; i++)
        xmlFree(arg[i]);
}

static void
free_msg(void *payload, const xmlChar *name)
{
    (void)name;
    xmlFree(payload);
}

/* Add the messages of one catalog file: <messages><msg key="k">text</msg>.
 * 0 or -1. */
static int
load_catalog_file(xmlHashTablePtr h, const char *path, char *err, size_t errlen)
{
    xmlDocPtr doc;

    doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        snprintf(err, errlen, "cannot read message catalog %s", path);
        xmlFreeDoc(doc);
        return -1;
    }
    for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n != NULL;
         n = n->next) {
        xmlChar *key;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        key = xmlGetProp(n, BAD_CAST "key");
        if (key != NULL)
            xmlHashUpdateEntry(h, key, xmlNodeGetContent(n), free_msg);
        xmlFree(key);
    }
    xmlFreeDoc(doc);
    return 0;
}

/*
 * The catalog of a language: xsl/i18n/<lang>.xml (the frame and the
 * errors) and every module's xsl/i18n/<lang>/<module>.xml.
 */
static xmlHashTablePtr
load_catalog(const char *share_dir, const char *lang, char *err, size_t errlen)
{
    char path[4096];
    xmlHashTablePtr h = xmlHashCreate(1024);
    DIR *dp;
    struct dirent *e;

    snprintf(path, sizeof(path), "%s/xsl/i18n/%s.xml", share_dir, lang);
    if (load_catalog_file(h, path, err, errlen) != 0)
        goto fail;
    snprintf(path, sizeof(path), "%s/xsl/i18n/%s", share_dir, lang);
    dp = opendir(path);
    while (dp != NULL && (e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name);
        char file[4096 + 256];

        if (len < 5 || e->d_name[0] == '.' ||
            strcmp(e->d_name + len - 4, ".xml") != 0)
            continue;
        snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
        if (load_catalog_file(h, file, err, errlen) != 0) {
            closedir(dp);
            goto fail;
        }
    }
    if (dp != NULL)
        closedir(dp);
    return h;
fail:
    xmlHashFree(h, free_msg);
    return NULL;
}

static int
add_sheet(struct render *r, const char *share_dir, const char *name, char *err,
          size_t errlen)
{
    char path[4096];
    xsltStylesheetPtr style;

    for (size_t i = 0; i < r->n_sheets; i++)
        if (strcmp(r->sheets[i].name, name) == 0)
            return 0;
    if (r->n_sheets == MAX_SHEETS) {
        snprintf(err, errlen, "too many stylesheets");
        return -1;
    }
    snprintf(path, sizeof(path), "%s/xsl/%s", share_dir, name);
    style = xsltParseStylesheetFile(BAD_CAST path);
    if (style == NULL) {
        snprintf(err, errlen, "cannot compile stylesheet %s", path);
        return -1;
    }
    r->sheets[r->n_sheets].name = name;
    r->sheets[r->n_sheets].style = style;
    r->n_sheets++;
    return 0;
}

struct render *
render_load(const char *share_dir, char *err, size_t errlen)
{
    static int registered;
    struct render *r = calloc(1, sizeof(*r));
    /* a reload (SIGHUP) compiles again under the preferences the first
     * load installed, which forbid the file reads of xsl:import */
    xsltSecurityPrefsPtr installed = xsltGetDefaultSecurityPrefs();

    if (r == NULL)
        abort();
    xsltSetDefaultSecurityPrefs(NULL);
    if (!registered) {
        exsltStrRegister();
        xsltRegisterExtModuleFunction(BAD_CAST "t", BAD_CAST QUDAO_NS, fn_t);
        xsltRegisterExtModuleFunction(BAD_CAST "fmt", BAD_CAST QUDAO_NS,
                                      fn_fmt);
        registered = 1;
    }
    for (int i = 0; i < N_LANGS; i++) {
        r->catalogs[i] = load_catalog(share_dir, langs[i], err, errlen);
        if (r->catalogs[i] == NULL)
            goto fail;
    }
    /* compile first: restrictive defaults would make xsl:import fail */
    if (add_sheet(r, share_dir, "error.xsl", err, errlen) != 0)
        goto fail;
    for (size_t i = 0, n = route_count(); i < n; i++) {
        const struct route *rt = route_at(i);

        if (rt->xsl != NULL &&
            add_sheet(r, share_dir, rt->xsl, err, errlen) != 0)
            goto fail;
    }
    r->prefs = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(r->prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(r->prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(r->prefs, XSLT_SECPREF_CREATE_DIRECTORY,
                         xsltSecurityForbid);
    xsltSetSecurityPrefs(r->prefs, XSLT_SECPREF_READ_NETWORK,
                         xsltSecurityForbid);
    xsltSetSecurityPrefs(r->prefs, XSLT_SECPREF_WRITE_NETWORK,
                         xsltSecurityForbid);
    xsltSetDefaultSecurityPrefs(r->prefs);
    return r;
fail:
    render_free(r);
    xsltSetDefaultSecurityPrefs(installed);
    return NULL;
}

void
render_free(struct render *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_sheets; i++)
        xsltFreeStylesheet(r->sheets[i].style);
    for (int i = 0; i < N_LANGS; i++)
        if (r->catalogs[i] != NULL)
            xmlHashFree(r->catalogs[i], free_msg);
    if (r->prefs != NULL) {
        /* another load's preferences (the one that replaces us) stay */
        if (xsltGetDefaultSecurityPrefs() == r->prefs)
            xsltSetDefaultSecurityPrefs(NULL);
        xsltFreeSecurityPrefs(r->prefs);
    }
    free(r);
}

int
render_html(struct render *r, const char *xsl, xmlDocPtr doc, const char *lang,
            struct sbuf *out)
{
    xsltStylesheetPtr style = NULL;
    xsltTransformContextPtr tctxt;
    xmlDocPtr res;
    int failed;

    for (size_t i = 0; i < r->n_sheets; i++)
        if (strcmp(r->sheets[i].name, xsl) == 0)
            style = r->sheets[i].style;
    if (style == NULL) {
        log_error("render: no stylesheet %s", xsl);
        return -1;
    }
    tctxt = xsltNewTransformContext(style, doc);
    if (tctxt == NULL)
        return -1;
    xsltSetCtxtSecurityPrefs(r->prefs, tctxt);
    tctxt->_private = r->catalogs[lang_index(lang)];
    res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, tctxt);
    failed = res == NULL || tctxt->state != XSLT_STATE_OK;
    xsltFreeTransformContext(tctxt);
    if (failed) {
        log_error("render: transform with %s failed", xsl);
        xmlFreeDoc(res);
        return -1;
    }
    htmlout_doc(res, out);
    xmlFreeDoc(res);
    return 0;
}

void
render_xml(xmlDocPtr doc, struct sbuf *out)
{
    xmlChar *mem = NULL;
    int len = 0;

    /* our serialiser: the same bytes at a tenth of the cost; libxml2's
     * for a tree it does not write */
    if (xmlout_doc(doc, out) == 0)
        return;
    xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
    if (mem != NULL) {
        sbuf_add(out, (const char *)mem, (size_t)len);
        xmlFree(mem);
    }
}

const char *
render_msg(struct render *r, const char *lang, const char *key)
{
    return xmlHashLookup(r->catalogs[lang_index(lang)], BAD_CAST key);
}
