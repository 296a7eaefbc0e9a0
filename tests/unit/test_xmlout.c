/*
 * test_xmlout.c - xmlout_doc() against xmlDocDumpMemoryEnc(.., "UTF-8").
 *
 * Documents built with the tree API (as the handlers build pages: with and
 * without a dictionary) and parsed ones, holding every byte value the
 * tree can hold in text and attribute values -- & < > " ' CR LF TAB, C0
 * controls, DEL, UTF-8 of 2, 3 and 4 bytes, stray continuation bytes --
 * must come out byte for byte as libxml2 writes them.  Seeded random
 * documents do the same over the whole byte range.  Trees xmlout_doc()
 * does not write (namespaces, comments, CDATA, a DTD) are refused with -1
 * and nothing written.
 *
 * With --bench, prints microseconds per 50-row page for both (not a
 * timed test).
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
#include <libxml/parserInternals.h> /* xmlStringTextNoenc */
#include <libxml/tree.h>

#include "core/arena.h"
#include "core/xmlout.h"

#define NASTY "Tom & Jerry <b>\"bold\"</b> 'q' &amp; 产品 > 5 ]]> 😀 \r\n\t end"

/* Whether xmlout_doc() writes what libxml2 writes; prints both if not. */
static int
same_as_libxml2(const char *name, xmlDocPtr doc)
{
    struct arena *a = arena_new(0);
    struct sbuf ours;
    xmlChar *theirs = NULL;
    int n = 0, ok;

    sbuf_init(&ours, a, 0);
    assert_int_equal(xmlout_doc(doc, &ours), 0);
    xmlDocDumpMemoryEnc(doc, &theirs, &n, "UTF-8");
    assert_non_null(theirs);
    ok = ours.len == (size_t)n && memcmp(ours.buf, theirs, ours.len) == 0;
    if (!ok) {
        size_t i = 0;

        while (i < ours.len && i < (size_t)n && ours.buf[i] == theirs[i])
            i++;
        print_error("case %s: differs at byte %zu\n--- xmlout_doc (%zu "
                    "bytes)\n%.*s\n--- libxml2 (%d bytes)\n%.*s\n---\n",
                    name, i, ours.len, (int)ours.len, ours.buf, n, n,
                    (const char *)theirs);
    }
    xmlFree(theirs);
    arena_free(a);
    return ok;
}

/* A page like the handlers build: nested elements, empty ones, text and
 * attributes holding everything awkward. */
static xmlDocPtr
build_page(int with_dict)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr page, meta, list, e;

    if (with_dict) {
        doc->dict = xmlDictCreate();
    }
    page = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
    xmlDocSetRootElement(doc, page);
    xmlNewProp(page, BAD_CAST "route", BAD_CAST "products.list");
    meta = xmlNewTextChild(page, NULL, BAD_CAST "meta", NULL);
    xmlNewTextChild(meta, NULL, BAD_CAST "lang", BAD_CAST "zh-CN");
    xmlNewTextChild(meta, NULL, BAD_CAST "company", BAD_CAST NASTY);
    xmlNewTextChild(meta, NULL, BAD_CAST "empty", BAD_CAST "");
    e = xmlNewTextChild(meta, NULL, BAD_CAST "user", NULL);
    xmlNewProp(e, BAD_CAST "name", BAD_CAST NASTY);
    xmlNewProp(e, BAD_CAST "blank", BAD_CAST "");
    list = xmlNewTextChild(page, NULL, BAD_CAST "products", NULL);
    for (int i = 0; i < 5; i++) {
        e = xmlNewTextChild(list, NULL, BAD_CAST "product", NULL);
        xmlNewProp(e, BAD_CAST "id", BAD_CAST "42");
        xmlNewProp(e, BAD_CAST "name", BAD_CAST "华润曲奇 100g×24袋");
        xmlNewProp(e, BAD_CAST "spec", BAD_CAST "a\"b'c<d>e&f");
    }
    /* text and an element mixed, and text added in pieces */
    e = xmlNewTextChild(page, NULL, BAD_CAST "note", BAD_CAST "one & ");
    xmlNewTextChild(e, NULL, BAD_CAST "b", BAD_CAST "two");
    xmlNodeAddContent(e, BAD_CAST " <three>\r");
    return doc;
}

static void
test_page(void **state)
{
    xmlDocPtr doc = build_page(0);

    (void)state;
    assert_true(same_as_libxml2("page", doc));
    xmlFreeDoc(doc);
    doc = build_page(1);
    assert_true(same_as_libxml2("page with a dictionary", doc));
    xmlFreeDoc(doc);
}

/* Every byte 1..255 in text and in an attribute value. */
static void
test_all_bytes(void **state)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr r = xmlNewDocNode(doc, NULL, BAD_CAST "r", NULL);
    char s[256];

    (void)state;
    for (int i = 1; i < 256; i++)
        s[i - 1] = (char)i;
    s[255] = '\0';
    xmlDocSetRootElement(doc, r);
    xmlNewProp(r, BAD_CAST "all", BAD_CAST s);
    xmlNodeAddContent(r, BAD_CAST s);
    assert_true(same_as_libxml2("all bytes", doc));
    xmlFreeDoc(doc);
}

/* A parsed document: its own dictionary, entities already resolved. */
static void
test_parsed(void **state)
{
    static const char xml[] =
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<page route='x'><meta><lang>en</lang></meta>"
        "<list q='a&amp;b &quot;c&quot; &lt;d&gt; &#10;&#9;'>"
        "<item id='1' name='茶 &amp; 咖啡'/><item id='2'>x &lt; y &amp;&gt;"
        "</item><empty></empty></list></page>";
    xmlDocPtr doc = xmlReadMemory(xml, (int)sizeof(xml) - 1, "t.xml", NULL,
                                  XML_PARSE_NONET);

    (void)state;
    assert_non_null(doc);
    assert_true(same_as_libxml2("parsed", doc));
    doc->standalone = 1;
    assert_true(same_as_libxml2("standalone", doc));
    xmlFreeDoc(doc);
}

/* A document without a root: the declaration only. */
static void
test_empty(void **state)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");

    (void)state;
    assert_true(same_as_libxml2("empty", doc));
    xmlFreeDoc(doc);
}

/* A small generator, the same sequence on every run. */
static uint32_t seed = 2463534242u;

static uint32_t
next_rand(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

/* A random string of up to 40 bytes, weighted to the awkward ones. */
static void
random_text(char *s)
{
    static const char awkward[] = "&<>\"'\r\n\t\x01\x1f\x7f";
    static const char *const utf8[] = {"产", "品", "é", "😀", "\xe2\x80\xa8"};
    int n = (int)(next_rand() % 40), k = 0;

    for (int i = 0; i < n; i++) {
        uint32_t r = next_rand() % 10;

        if (r < 3) {
            s[k++] = awkward[next_rand() % (sizeof(awkward) - 1)];
        } else if (r < 5) {
            const char *u = utf8[next_rand() % 5];

            memcpy(s + k, u, strlen(u));
            k += (int)strlen(u);
        } else if (r < 6) {
            s[k++] = (char)(1 + next_rand() % 255); /* any byte */
        } else {
            s[k++] = (char)('a' + next_rand() % 26);
        }
    }
    s[k] = '\0';
}

/* Random trees: nested elements, attributes, text. */
static void
random_children(xmlNodePtr parent, int depth)
{
    int n = (int)(next_rand() % 5);
    char s[256];

    for (int i = 0; i < n; i++) {
        xmlNodePtr e;

        random_text(s);
        if (next_rand() % 3 == 0) {
            xmlNodeAddContent(parent, BAD_CAST s);
            continue;
        }
        e = xmlNewTextChild(parent, NULL, BAD_CAST(i % 2 ? "a" : "bc-d"),
                            next_rand() % 2 ? BAD_CAST s : NULL);
        for (int j = (int)(next_rand() % 4); j > 0; j--) {
            char name[8];

            snprintf(name, sizeof(name), "k%d", j);
            random_text(s);
            xmlNewProp(e, BAD_CAST name, BAD_CAST s);
        }
        if (depth < 4)
            random_children(e, depth + 1);
    }
}

static void
test_random(void **state)
{
    (void)state;
    for (int i = 0; i < 300; i++) {
        xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
        xmlNodePtr r = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
        char name[32];

        if (i % 2)
            doc->dict = xmlDictCreate();
        xmlDocSetRootElement(doc, r);
        random_children(r, 0);
        snprintf(name, sizeof(name), "random %d", i);
        assert_true(same_as_libxml2(name, doc));
        xmlFreeDoc(doc);
    }
}

/* Refused without writing anything. */
static void
check_refused(xmlDocPtr doc)
{
    struct arena *a = arena_new(0);
    struct sbuf out;

    sbuf_init(&out, a, 0);
    sbuf_adds(&out, "x");
    assert_int_equal(xmlout_doc(doc, &out), -1);
    assert_int_equal(out.len, 1);
    arena_free(a);
    xmlFreeDoc(doc);
}

static xmlDocPtr
parse(const char *xml)
{
    xmlDocPtr doc =
        xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);

    assert_non_null(doc);
    return doc;
}

static void
test_refused(void **state)
{
    xmlDocPtr doc;
    xmlNodePtr r;

    (void)state;
    check_refused(parse("<r xmlns='urn:x'/>"));
    check_refused(parse("<r><x:a xmlns:x='urn:x'/></r>"));
    check_refused(parse("<r xmlns:x='urn:x' x:a='1'/>"));
    check_refused(parse("<r><!-- c --></r>"));
    check_refused(parse("<r><![CDATA[x]]></r>"));
    check_refused(parse("<?pi x?><r/>"));
    check_refused(parse("<!DOCTYPE r><r/>"));
    doc = xmlNewDoc(BAD_CAST "1.0");
    r = xmlNewDocNode(doc, NULL, BAD_CAST "r", NULL);
    xmlDocSetRootElement(doc, r);
    xmlAddChild(r, xmlNewTextLen(BAD_CAST "raw", 3))->name = xmlStringTextNoenc;
    check_refused(doc);
}

/* ---- microbenchmark --------------------------------------------------- */

static double
cpu_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void
bench(void)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr page = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
    struct arena *a = arena_new(0);
    double t0, t1, t2;
    int loops = 20000;

    xmlDocSetRootElement(doc, page);
    for (int i = 0; i < 50; i++) {
        xmlNodePtr p = xmlNewTextChild(page, NULL, BAD_CAST "product", NULL);

        xmlNewProp(p, BAD_CAST "id", BAD_CAST "4802");
        xmlNewProp(p, BAD_CAST "code", BAD_CAST "BIS-04802");
        xmlNewProp(p, BAD_CAST "name", BAD_CAST "华润曲奇 100g×24袋");
        xmlNewProp(p, BAD_CAST "spec", BAD_CAST "100g×24袋");
        xmlNewProp(p, BAD_CAST "unit", BAD_CAST "箱");
        xmlNewProp(p, BAD_CAST "price", BAD_CAST "14150");
        xmlNewProp(p, BAD_CAST "price-text", BAD_CAST "141.50");
        xmlNewProp(p, BAD_CAST "status", BAD_CAST "active");
    }
    t0 = cpu_us();
    for (int i = 0; i < loops; i++) {
        struct sbuf out;

        arena_reset(a);
        sbuf_init(&out, a, 32 * 1024);
        xmlout_doc(doc, &out);
    }
    t1 = cpu_us();
    for (int i = 0; i < loops; i++) {
        xmlChar *mem = NULL;
        int n = 0;

        xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
        xmlFree(mem);
    }
    t2 = cpu_us();
    printf("xmlout_doc %.1f us/page, xmlDocDumpMemoryEnc %.1f us/page\n",
           (t1 - t0) / loops, (t2 - t1) / loops);
    xmlFreeDoc(doc);
    arena_free(a);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page),   cmocka_unit_test(test_all_bytes),
        cmocka_unit_test(test_parsed), cmocka_unit_test(test_empty),
        cmocka_unit_test(test_random), cmocka_unit_test(test_refused),
    };

    if (argc > 1 && strcmp(argv[1], "--bench") == 0) {
        bench();
        return 0;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
