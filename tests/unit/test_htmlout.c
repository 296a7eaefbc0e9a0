/*
 * test_htmlout.c - htmlout_doc() against xsltSaveResultToString().
 *
 * Each case is a small stylesheet (method="html", indent="no",
 * encoding="UTF-8", doctype-system="about:legacy-compat" unless it says
 * otherwise) and an input document.  The transform's result is written by
 * htmlout_doc() and then by libxslt, and the bytes must be equal.  Order
 * matters: xsltSaveResultToString() inserts the Content-Type <meta> into
 * the result tree, so htmlout_doc() goes first, and once more afterwards
 * to check it leaves an existing meta alone exactly as libxml2 does.
 *
 * With --bench, renders a 50-row table page 20000 times with each
 * serialiser and prints microseconds per page (not a timed test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "core/arena.h"
#include "core/htmlout.h"

#define XSL_OPEN                                                               \
    "<xsl:stylesheet version='1.0'"                                            \
    " xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
#define XSL_OUTPUT                                                             \
    "<xsl:output method='html' indent='no' encoding='UTF-8'"                   \
    " doctype-system='about:legacy-compat'/>"
/* A stylesheet with the project's xsl:output and one template for "/". */
#define XSL(body)                                                              \
    XSL_OPEN XSL_OUTPUT "<xsl:template match='/'>" body                        \
                        "</xsl:template></xsl:stylesheet>"

struct html_case {
    const char *name;
    const char *xsl;
    const char *xml;          /* input, or NULL to use build */
    xmlDocPtr (*build)(void); /* input built with the tree API */
};

/* Input with C0 controls, which no XML parser would accept but the tree
 * API stores as given. */
static xmlDocPtr
build_controls(void)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr r = xmlNewDocNode(doc, NULL, BAD_CAST "r", NULL);

    xmlDocSetRootElement(doc, r);
    xmlNodeAddContent(r, BAD_CAST "a\001b\037\177c\013\r\n\td");
    xmlNewProp(r, BAD_CAST "a", BAD_CAST "\001 \002x\"y\014");
    xmlNewProp(r, BAD_CAST "u", BAD_CAST "\001\002 \t/p q\003");
    return doc;
}

static const struct html_case cases[] = {
    {"table_form",
     XSL("<html><head><title>Orders</title></head><body>"
         "<form action='/order/save' method='post'><table class='grid'>"
         "<xsl:for-each select='page/line'><tr><td><table><tr>"
         "<td><input type='text' name='qty' value='{@qty}'/></td>"
         "<td><select name='unit'><xsl:for-each select='/page/unit'>"
         "<option value='{@id}'><xsl:if test='@id = current()/@unit'>"
         "<xsl:attribute name='selected'>selected</xsl:attribute></xsl:if>"
         "<xsl:value-of select='.'/></option></xsl:for-each></select></td>"
         "<td><input type='checkbox' name='ok' checked='checked'/>"
         "<textarea name='note' rows='2'><xsl:value-of select='@note'/>"
         "</textarea></td></tr></table></td></tr></xsl:for-each>"
         "</table><button type='submit' disabled='disabled'>Save</button>"
         "</form></body></html>"),
     "<page><unit id='1'>kg</unit><unit id='2'>箱</unit>"
     "<line qty='3' unit='2' note='a &lt; b'/><line qty='' unit='1'/></page>",
     NULL},
    {"links",
     XSL("<html><head><title>Links</title></head><body>"
         "<xsl:for-each select='r/q'>"
         "<a href=\"{concat('/search?q=', @v, '&amp;page=2#top')}\">"
         "<xsl:value-of select='@v'/></a>"
         "<a name='{@v}' title='{@v}'>n</a><div name='{@v}'/>"
         "<img src='{concat(\"  /img/\", @v, \".png\")}' alt='{@v}'/>"
         "<form action='{concat(\"/f?x=\", @v)}'/>"
         "<A HREF='{@v}'>caps</A></xsl:for-each></body></html>"),
     "<r><q v='a b&amp;c=d'/><q v='中文 搜索'/><q v='it&apos;s'/>"
     "<q v='say &quot;hi&quot;'/><q v='&#10;&#9; lead[]{}|\\^`~'/>"
     "<q v='x&amp;{y}z &lt;!-- ssi --&gt; 😀'/><q v=''/>"
     "<q v='a_b-c.d!e~f*g(h)@i/j:k=l?m;n#o%p,q+r'/></r>",
     NULL},
    {"attr_values",
     XSL("<html><head><title>a</title></head><body>"
         "<xsl:for-each select='r/v'><p title='{.}' data-x='{@x}'>.</p>"
         "</xsl:for-each></body></html>"),
     "<r><v x='&lt;b&gt; &amp; &quot;q&quot;'>both &quot; and &apos;</v>"
     "<v x='only &apos;single&apos;'>only &quot;double&quot;</v>"
     "<v x='line&#10;break&#9;tab&#13;cr'>a &amp;{b} c</v>"
     "<v x='&amp;{ no end'>&lt;!-- c --&gt; and &lt;!-- open</v>"
     "<v x='&lt;!-->'>&amp;amp; &amp;lt; &amp;#39;</v></r>",
     NULL},
    {"text_markup",
     XSL("<html><head><title><xsl:value-of select='r/t'/></title></head>"
         "<body><p><xsl:value-of select='r/t'/></p><pre>"
         "<xsl:value-of select='r/u'/></pre></body></html>"),
     "<r><t>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quoted\" "
     "'single' &amp;amp; &gt;</t><u>  two\n lines\ttab &amp;{x}</u></r>",
     NULL},
    {"chinese_emoji",
     XSL("<html lang='zh'><head><title>渠道 <xsl:value-of select='r/@e'/>"
         "</title></head><body><h1 title='{r/@e}'>你好，世界</h1>"
         "<p><xsl:value-of select='r'/></p>"
         "<a href='/商品/{r/@e}?名=值'>链接 🚀</a></body></html>"),
     "<r e='😀👍🏽'>价格：¥1,234.50 — “引号” 𠀀 ✓</r>",
     NULL},
    {"empty_elements",
     XSL("<html><head><title/></head><body><p></p><div/><span/>"
         "<table><tr><td></td><td/><th/></tr></table><ul><li/><li>x</li>"
         "<LI/></ul><ol><li></li></ol><textarea name='t'/><select/>"
         "<embed src='a.swf'/><iframe src='about:blank'/><b/><i></i>"
         "<xsl:element name='dd'/><a/></body></html>"),
     "<r/>", NULL},
    {"void_elements",
     XSL("<html><head><base href='/app/'/><link rel='stylesheet' "
         "href='/s.css'/><meta name='viewport' content='width=device-width'/>"
         "<title>v</title></head><body>a<br/>b<BR/><hr class='sep'/>"
         "<img src='/a.png' alt='A &amp; B' width='10'/>"
         "<input type='text' name='q' value='{r}'/>"
         "<map name='m'><area shape='rect' coords='0,0,1,1' "
         "href='/x?a=1&amp;b=2'/></map>"
         "<table><colgroup><col span='2'/></colgroup></table>"
         "<object><param name='p' value='v'/></object><basefont size='3'/>"
         "<isindex prompt='?'/><frame src='f.html'/>"
         "<br>text inside a void element</br></body></html>"),
     "<r>x &lt;&gt; \"y\"</r>", NULL},
    {"boolean_attrs",
     XSL("<html><head><title>b</title></head><body><form>"
         "<input type='checkbox' checked='checked' disabled='' "
         "readonly='readonly'/><select multiple='multiple'>"
         "<option selected='selected'>1</option><option SELECTED='no'>2"
         "</option></select><table><tr><td nowrap='nowrap'>n</td></tr>"
         "</table><hr noshade='noshade'/><ul compact='compact'/>"
         "<object declare='declare'/><img ismap='ismap' src='i.png'/>"
         "<map><area nohref='nohref'/></map><frame noresize='noresize'/>"
         "<input CHECKED='checked' hidden='hidden' required='required'/>"
         "</form></body></html>"),
     "<r/>", NULL},
    {"comment_pi",
     XSL("<html><head><title>c</title></head><body>"
         "<xsl:comment> rendered by qudao &amp; <xsl:value-of select='r'/> "
         "</xsl:comment><p>x</p><xsl:comment/>"
         "<xsl:processing-instruction name='pi'>a "
         "b</xsl:processing-instruction>"
         "<xsl:processing-instruction name='empty'/></body></html>"),
     "<r>&lt;tag&gt; 注释</r>", NULL},
    {"script_style",
     XSL("<html><head><title>s</title>"
         "<script src='/js/app.js?v=1&amp;x=2' defer='defer'></script>"
         "<script type='text/javascript'>if (a &lt; b &amp;&amp; c &gt; d)"
         " { x = \"q\"; }</script><style>p &gt; a { content: \"&amp;\"; }"
         "</style></head><body><script><xsl:value-of select='r'/></script>"
         "<SCRIPT>a &lt; b</SCRIPT><noscript>&lt;b&gt;</noscript>"
         "</body></html>"),
     "<r>var s = '&lt;/p&gt; &amp;';</r>", NULL},
    {"no_head", XSL("<html><body><p>no head at all</p></body></html>"), "<r/>",
     NULL},
    {"head_empty", XSL("<html><head/><body/></html>"), "<r/>", NULL},
    {"head_only", XSL("<head><title>t</title></head><p>no html element</p>"),
     "<r/>", NULL},
    {"meta_existing",
     XSL("<html><head><title>m</title><meta http-equiv='content-type' "
         "content='text/html; charset=ISO-8859-1'/><meta "
         "http-equiv='Content-Type' content='other'/></head><body/></html>"),
     "<r/>", NULL},
    {"meta_utf8",
     XSL("<html><head><meta content='text/html; charset=utf-8' "
         "http-equiv='Content-Type'/><title>m</title></head></html>"),
     "<r/>", NULL},
    {"meta_odd",
     XSL("<html><meta charset='utf-8'/><head><meta http-equiv="
         "'Content-Type'/><meta http-equiv='Content-Type' CONTENT='x'/>"
         "</head></html>"),
     "<r/>", NULL},
    {"meta_caps",
     XSL("<html><head><meta http-equiv='Content-Type' CONTENT='x'/>"
         "<title>c</title></head></html>"),
     "<r/>", NULL},
    {"meta_both_cases",
     XSL("<html><head><title>c</title><meta http-equiv='CONTENT-TYPE' "
         "Content='x' content='y' name='n'/></head></html>"),
     "<r/>", NULL},
    {"unknown_elements",
     XSL("<html><head><title>u</title></head><body><section><nav/>"
         "<foo-bar baz='1'>q</foo-bar><wbr/><source src='a b'/>"
         "<main/></section>"
         "<svg xmlns='http://www.w3.org/2000/svg' width='10'><br/>"
         "<style>a &gt; b</style><a href='a b'>s</a><path d='M0 0'/><img "
         "src='a b'/></svg>"
         "<p xml:lang='zh-CN'>中</p></body></html>"),
     "<r/>", NULL},
    {"empty_xsl_attribute",
     XSL("<html><head><title>e</title></head><body>"
         "<div><xsl:attribute name='title'/><xsl:attribute "
         "name='class'></xsl:attribute>d</div>"
         "<a><xsl:attribute name='href'/>h</a><input value=''/>"
         "<img src='{r/@none}' alt=''/></body></html>"),
     "<r/>", NULL},
    {"controls",
     XSL("<html><head><title>x</title></head><body><p title='{r/@a}'>"
         "<xsl:value-of select='r'/></p><a href='{r/@u}'>u</a>"
         "</body></html>"),
     NULL, build_controls},
    {"no_doctype",
     XSL_OPEN "<xsl:output method='html' indent='no' encoding='UTF-8'/>"
              "<xsl:template match='/'><xsl:comment>top</xsl:comment>"
              "<xsl:value-of select='r'/><html><head/></html>"
              "</xsl:template></xsl:stylesheet>",
     "<r>t &amp; &lt;</r>", NULL},
    {"doctype_public",
     XSL_OPEN "<xsl:output method='html' indent='no' encoding='UTF-8' "
              "doctype-public='-//W3C//DTD HTML 4.01//EN' doctype-system="
              "'http://www.w3.org/TR/html4/strict.dtd'/>"
              "<xsl:template match='/'><html><body/></html>"
              "</xsl:template></xsl:stylesheet>",
     "<r/>", NULL},
    {"empty_result", XSL(""), "<r/>", NULL},
};

/* A parsed stylesheet, or a failed test. */
static xsltStylesheetPtr
load_xsl(const char *text)
{
    xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "case.xsl", NULL,
                                  XML_PARSE_NONET);
    xsltStylesheetPtr style;

    assert_non_null(doc);
    style = xsltParseStylesheetDoc(doc);
    assert_non_null(style);
    return style;
}

/* Print both renderings and where they part. */
static void
print_mismatch(const char *name, const char *ours, size_t n_ours,
               const char *theirs, size_t n_theirs)
{
    size_t i = 0;

    while (i < n_ours && i < n_theirs && ours[i] == theirs[i])
        i++;
    print_error("case %s: differs at byte %zu\n--- htmlout_doc (%zu bytes)\n"
                "%.*s\n--- xsltSaveResultToString (%zu bytes)\n%.*s\n---\n",
                name, i, n_ours, (int)n_ours, ours, n_theirs, (int)n_theirs,
                theirs);
}

/* Whether htmlout_doc() wrote what libxslt wrote; prints both if not. */
static int
same_bytes(const char *name, const struct sbuf *ours, const xmlChar *theirs,
           int n_theirs)
{
    if (ours->len == (size_t)n_theirs &&
        memcmp(ours->buf, theirs, ours->len) == 0)
        return 1;
    print_mismatch(name, ours->buf, ours->len, (const char *)theirs,
                   (size_t)n_theirs);
    return 0;
}

/* Run one case of the corpus (state points to it). */
static void
test_case(void **state)
{
    const struct html_case *c = *state;
    xsltStylesheetPtr style = load_xsl(c->xsl);
    xmlDocPtr in, res;
    struct arena *a = arena_new(0);
    struct sbuf before, after;
    xmlChar *theirs = NULL;
    int n_theirs = 0;

    in = c->xml != NULL ? xmlReadMemory(c->xml, (int)strlen(c->xml), "case.xml",
                                        NULL, XML_PARSE_NONET)
                        : c->build();
    assert_non_null(in);
    res = xsltApplyStylesheet(style, in, NULL);
    assert_non_null(res);

    sbuf_init(&before, a, 0);
    htmlout_doc(res, &before); /* before libxslt touches the tree */
    assert_int_equal(xsltSaveResultToString(&theirs, &n_theirs, res, style), 0);
    sbuf_init(&after, a, 0);
    htmlout_doc(res, &after); /* now with libxml2's meta in the tree */

    assert_true(same_bytes(c->name, &before, theirs, n_theirs));
    assert_true(same_bytes(c->name, &after, theirs, n_theirs));

    xmlFree(theirs);
    xmlFreeDoc(res);
    xmlFreeDoc(in);
    xsltFreeStylesheet(style);
    arena_free(a);
}

/* ---- microbenchmark --------------------------------------------------- */

#define BENCH_ROWS  50
#define BENCH_LOOPS 20000

static const char bench_xsl[] =
    XSL("<html><head><title>Catalogue</title>"
        "<link rel='stylesheet' href='/static/app.css'/></head><body>"
        "<h1>商品目录 <xsl:value-of select='page/@title'/></h1>"
        "<form action='/catalog' method='get'><input type='text' name='q' "
        "value='{page/@q}'/><select name='sort'><option value='name' "
        "selected='selected'>名称</option><option value='price'>价格</option>"
        "</select><button type='submit'>搜索</button></form>"
        "<table class='grid'><thead><tr><th>编号</th><th>名称</th><th>价格</th>"
        "<th>库存</th><th/></tr></thead><tbody>"
        "<xsl:for-each select='page/product'><tr class='{@class}'>"
        "<td><xsl:value-of select='@code'/></td>"
        "<td><a href='/product/{@id}?from=catalog&amp;q={/page/@q}' "
        "title='{@name}'><xsl:value-of select='@name'/></a></td>"
        "<td class='num'><xsl:value-of select='@price-text'/></td>"
        "<td class='num'><xsl:value-of select='@stock'/></td>"
        "<td><input type='checkbox' name='pick' value='{@id}'/></td></tr>"
        "</xsl:for-each></tbody></table><p class='foot'>共 "
        "<xsl:value-of select='count(page/product)'/> 件 &amp; more</p>"
        "</body></html>");

/* The 50-row catalogue input, built with the tree API. */
static xmlDocPtr
bench_input(void)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr page = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
    char buf[64];
    int i;

    xmlDocSetRootElement(doc, page);
    xmlNewProp(page, BAD_CAST "title", BAD_CAST "Spring & \"new\"");
    xmlNewProp(page, BAD_CAST "q", BAD_CAST "茶 <green>");
    for (i = 0; i < BENCH_ROWS; i++) {
        xmlNodePtr p = xmlNewTextChild(page, NULL, BAD_CAST "product", NULL);

        snprintf(buf, sizeof(buf), "%d", 1000 + i);
        xmlNewProp(p, BAD_CAST "id", BAD_CAST buf);
        snprintf(buf, sizeof(buf), "QD-%05d", i);
        xmlNewProp(p, BAD_CAST "code", BAD_CAST buf);
        snprintf(buf, sizeof(buf), "绿茶 Green tea & co. #%d", i);
        xmlNewProp(p, BAD_CAST "name", BAD_CAST buf);
        snprintf(buf, sizeof(buf), "%d,%03d.50", i + 1, (i * 37) % 1000);
        xmlNewProp(p, BAD_CAST "price-text", BAD_CAST buf);
        snprintf(buf, sizeof(buf), "%d", (i * 13) % 200);
        xmlNewProp(p, BAD_CAST "stock", BAD_CAST buf);
        xmlNewProp(p, BAD_CAST "class", BAD_CAST(i % 2 ? "odd" : "even"));
    }
    return doc;
}

/* CPU time of this thread in microseconds: a busy machine (other
 * builds, other tests) inflates wall-clock time but not this. */
static double
now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Time both serialisers on the same page; 0 on success. */
static int
run_bench(void)
{
    xsltStylesheetPtr style;
    xmlDocPtr in = bench_input(), res;
    struct arena *a = arena_new(64 * 1024);
    struct sbuf sb;
    xmlChar *theirs;
    int n_theirs, i, ok;
    double t0, t_lib, t_ours, t_xslt;

    xmlDocPtr sdoc = xmlReadMemory(bench_xsl, (int)sizeof(bench_xsl) - 1,
                                   "bench.xsl", NULL, 0);
    style = xsltParseStylesheetDoc(sdoc);
    if (style == NULL)
        return 1;

    t0 = now_us();
    for (i = 0; i < BENCH_LOOPS / 10; i++)
        xmlFreeDoc(xsltApplyStylesheet(style, in, NULL));
    t_xslt = (now_us() - t0) / (BENCH_LOOPS / 10);

    res = xsltApplyStylesheet(style, in, NULL);
    sbuf_init(&sb, a, 0);
    htmlout_doc(res, &sb);
    xsltSaveResultToString(&theirs, &n_theirs, res, style);
    ok = same_bytes("bench", &sb, theirs, n_theirs);
    printf("page: %d bytes, identical: %s\n", n_theirs, ok ? "yes" : "NO");
    xmlFree(theirs);

    t0 = now_us();
    for (i = 0; i < BENCH_LOOPS; i++) {
        xsltSaveResultToString(&theirs, &n_theirs, res, style);
        xmlFree(theirs);
    }
    t_lib = (now_us() - t0) / BENCH_LOOPS;

    t0 = now_us();
    for (i = 0; i < BENCH_LOOPS; i++) {
        arena_reset(a);
        sbuf_init(&sb, a, 32 * 1024);
        htmlout_doc(res, &sb);
    }
    t_ours = (now_us() - t0) / BENCH_LOOPS;

    printf("thread CPU time per page, %d pages each:\n", BENCH_LOOPS);
    printf("transform only:           %8.2f us/page\n", t_xslt);
    printf("xsltSaveResultToString:   %8.2f us/page\n", t_lib);
    printf("htmlout_doc:              %8.2f us/page (%.1fx faster)\n", t_ours,
           t_lib / t_ours);

    xmlFreeDoc(res);
    xmlFreeDoc(in);
    xsltFreeStylesheet(style);
    arena_free(a);
    return ok ? 0 : 1;
}

/* Run the corpus, or with --bench the microbenchmark; 0 if all passed. */
int
main(int argc, char **argv)
{
    struct CMUnitTest tests[sizeof(cases) / sizeof(cases[0])];
    size_t i;
    int rc;

    xmlInitParser();
    if (argc > 1 && strcmp(argv[1], "--bench") == 0) {
        rc = run_bench();
    } else {
        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            tests[i] = (struct CMUnitTest){.name = cases[i].name,
                                           .test_func = test_case,
                                           .initial_state = (void *)&cases[i]};
        }
        rc = cmocka_run_group_tests_name("htmlout", tests, NULL, NULL);
    }
    xsltCleanupGlobals();
    xmlCleanupParser();
    return rc;
}
