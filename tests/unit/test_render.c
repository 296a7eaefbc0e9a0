/*
 * test_render.c - render_fmt(), the q:fmt() of the stylesheets, against
 * the fmt template it replaced: the same recursion of templates, run by
 * libxslt here on every case, must give the same text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>

#include "core/render.h"

/* layout.xsl's fmt before q:fmt (2026-11-27), and a driver that writes
 * one <r> per <case>. */
static const char old_fmt[] =
    "<xsl:stylesheet version='1.0'"
    " xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
    "<xsl:output method='xml' encoding='UTF-8'/>"
    "<xsl:template match='/'><out><xsl:for-each select='cases/case'><r>"
    "<xsl:call-template name='fmt'>"
    "<xsl:with-param name='s' select='@s'/>"
    "<xsl:with-param name='a1' select='@a1'/>"
    "<xsl:with-param name='a2' select='@a2'/>"
    "<xsl:with-param name='a3' select='@a3'/>"
    "</xsl:call-template></r></xsl:for-each></out></xsl:template>"
    "<xsl:template name='fmt'>"
    "<xsl:param name='s'/><xsl:param name='a1'/><xsl:param name='a2'/>"
    "<xsl:param name='a3'/>"
    "<xsl:variable name='rest' select=\"substring-after($s, '{')\"/>"
    "<xsl:choose>"
    "<xsl:when test=\"contains($s, '{') and contains($rest, '}')\">"
    "<xsl:variable name='n' select=\"substring-before($rest, '}')\"/>"
    "<xsl:value-of select=\"substring-before($s, '{')\"/>"
    "<xsl:choose>"
    "<xsl:when test=\"$n = '1'\"><xsl:value-of select='$a1'/></xsl:when>"
    "<xsl:when test=\"$n = '2'\"><xsl:value-of select='$a2'/></xsl:when>"
    "<xsl:when test=\"$n = '3'\"><xsl:value-of select='$a3'/></xsl:when>"
    "<xsl:otherwise><xsl:value-of select=\"concat('{', $n, '}')\"/>"
    "</xsl:otherwise></xsl:choose>"
    "<xsl:call-template name='fmt'>"
    "<xsl:with-param name='s' select=\"substring-after($rest, '}')\"/>"
    "<xsl:with-param name='a1' select='$a1'/>"
    "<xsl:with-param name='a2' select='$a2'/>"
    "<xsl:with-param name='a3' select='$a3'/>"
    "</xsl:call-template></xsl:when>"
    "<xsl:otherwise><xsl:value-of select='$s'/></xsl:otherwise>"
    "</xsl:choose></xsl:template></xsl:stylesheet>";

struct fmt_case {
    const char *s, *a1, *a2, *a3, *want;
};

static const struct fmt_case cases[] = {
    {"", "x", "y", "z", ""},
    {"plain text", "x", "y", "z", "plain text"},
    {"{1}-{2} of {3}", "301", "350", "12,000", "301-350 of 12,000"},
    {"第 {1} 页，共 {2} 页", "7", "240", "", "第 7 页，共 240 页"},
    {"{3}{2}{1}{1}", "a", "b", "c", "cbaa"},
    {"no match for “{1}”", "<b>&amp;", "", "", "no match for “<b>&amp;”"},
    {"{4} and {0} and {12} and {}", "a", "b", "c",
     "{4} and {0} and {12} and {}"},
    {"{x}{1}", "a", "", "", "{x}a"},
    {"open { without close {1", "a", "", "", "open { without close {1"},
    {"{{1}}", "a", "", "", "{{1}}"},
    {"}{1}{", "a", "", "", "}a{"},
    {"{1}", "", "", "", ""},
    {"{1}", "{2}", "b", "", "{2}"},
    {"tail {2}", "a", "b{1}", "", "tail b{1}"},
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* Every case: render_fmt gives what the table says, and what the old
 * template gives. */
static void
test_fmt_same_as_template(void **state)
{
    xmlDocPtr sheet_doc =
        xmlReadMemory(old_fmt, (int)strlen(old_fmt), "fmt.xsl", NULL, 0);
    xsltStylesheetPtr sheet = xsltParseStylesheetDoc(sheet_doc);
    xmlDocPtr in = xmlNewDoc(BAD_CAST "1.0"), out;
    xmlNodePtr root = xmlNewDocNode(in, NULL, BAD_CAST "cases", NULL), r;
    size_t i;

    (void)state;
    assert_non_null(sheet);
    xmlDocSetRootElement(in, root);
    for (i = 0; i < N_CASES; i++) {
        xmlNodePtr c = xmlNewTextChild(root, NULL, BAD_CAST "case", NULL);

        xmlNewProp(c, BAD_CAST "s", BAD_CAST cases[i].s);
        xmlNewProp(c, BAD_CAST "a1", BAD_CAST cases[i].a1);
        xmlNewProp(c, BAD_CAST "a2", BAD_CAST cases[i].a2);
        xmlNewProp(c, BAD_CAST "a3", BAD_CAST cases[i].a3);
    }
    out = xsltApplyStylesheet(sheet, in, NULL);
    assert_non_null(out);
    r = xmlDocGetRootElement(out)->children;
    for (i = 0; i < N_CASES; i++, r = r->next) {
        xmlChar *old, *got;

        assert_non_null(r);
        old = xmlNodeGetContent(r);
        got = render_fmt(BAD_CAST cases[i].s, BAD_CAST cases[i].a1,
                         BAD_CAST cases[i].a2, BAD_CAST cases[i].a3);
        assert_string_equal((const char *)got, cases[i].want);
        assert_string_equal((const char *)got, (const char *)old);
        xmlFree(old);
        xmlFree(got);
    }
    assert_null(r);
    xmlFreeDoc(out);
    xmlFreeDoc(in);
    xsltFreeStylesheet(sheet);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_same_as_template),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);

    xsltCleanupGlobals();
    xmlCleanupParser();
    return rc;
}
