/*
 * test_xd.c - the page-document helpers (src/core/xd.c).
 *
 * Covers: xd_text keeping '&', '<', '>', quotes and Chinese exactly (the
 * Debian 12 libxml2 regression in STYLE.md: the non-escaping tree calls
 * print an error and leave the node empty for text holding '&'), xd_elem,
 * xd_attr (NULL adds nothing, special characters kept), xd_attr_int,
 * xd_attr_money (the raw fen and a grouped "-text" beside it), and a
 * serialised document that escapes everything and parses back to the same
 * text.  libxml2 must report no error while any of this runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "core/money.h"
#include "core/xd.h"

#define NASTY "Tom & Jerry <b>\"bold\"</b> 'q' &amp; 产品 > 5 ]]> 😀"

static int n_xml_errors;

static void
count_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
    n_xml_errors++;
}

/* Each test gets a document with a <page> root in *state. */
static int
setup(void **state)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");

    xmlDocSetRootElement(doc, xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL));
    n_xml_errors = 0;
    *state = doc;
    return 0;
}

static int
teardown(void **state)
{
    xmlFreeDoc(*state);
    assert_int_equal(n_xml_errors, 0);
    return 0;
}

static xmlNodePtr
root(void **state)
{
    return xmlDocGetRootElement((xmlDocPtr)*state);
}

/* The text content of n must be want. */
static void
assert_content(xmlNodePtr n, const char *want)
{
    xmlChar *got = xmlNodeGetContent(n);

    assert_non_null(got);
    assert_string_equal((const char *)got, want);
    xmlFree(got);
}

/* Attribute name of n must be want (or absent when want is NULL). */
static void
assert_prop(xmlNodePtr n, const char *name, const char *want)
{
    xmlChar *got = xmlGetProp(n, BAD_CAST name);

    if (want == NULL) {
        if (got != NULL)
            fail_msg("attribute %s=\"%s\" should be absent", name, got);
        return;
    }
    if (got == NULL)
        fail_msg("attribute %s missing", name);
    assert_string_equal((const char *)got, want);
    xmlFree(got);
}

/* The serialised document (owned by the caller, xmlFree). */
static char *
dump(void **state)
{
    xmlChar *mem = NULL;
    int len = 0;

    xmlDocDumpMemoryEnc((xmlDocPtr)*state, &mem, &len, "UTF-8");
    assert_non_null(mem);
    assert_true(len > 0);
    return (char *)mem;
}

static void
test_xd_elem_adds_empty_child(void **state)
{
    xmlNodePtr e = xd_elem(root(state), "products");

    assert_non_null(e);
    assert_ptr_equal(e->parent, root(state));
    assert_string_equal((const char *)e->name, "products");
    assert_null(e->children);
    assert_content(e, "");
}

static void
test_xd_text_ampersand_kept(void **state)
{
    xmlNodePtr e = xd_text(root(state), "name", "A & B");

    assert_non_null(e);
    assert_non_null(e->children); /* the regression left it empty */
    assert_content(e, "A & B");
}

static void
test_xd_text_special_and_chinese(void **state)
{
    xmlNodePtr e = xd_text(root(state), "d", NASTY);

    assert_content(e, NASTY);
    assert_content(xd_text(root(state), "zh", "产品目录（新）"),
                   "产品目录（新）");
    assert_content(xd_text(root(state), "amp", "&"), "&");
    assert_content(xd_text(root(state), "ent", "&lt;&#38;"), "&lt;&#38;");
    assert_content(xd_text(root(state), "multi", "a\nb\tc"), "a\nb\tc");
}

static void
test_xd_text_null_is_empty(void **state)
{
    xmlNodePtr e = xd_text(root(state), "description", NULL);

    assert_non_null(e);
    assert_content(e, "");
}

static void
test_xd_attr_null_adds_nothing(void **state)
{
    xmlNodePtr e = xd_elem(root(state), "product");

    xd_attr(e, "brand", NULL);
    assert_null(e->properties);
    assert_prop(e, "brand", NULL);
    xd_attr(e, "brand", "");
    assert_prop(e, "brand", "");
}

static void
test_xd_attr_special_and_chinese(void **state)
{
    xmlNodePtr e = xd_elem(root(state), "product");

    xd_attr(e, "name", NASTY);
    xd_attr(e, "code", "A&B");
    assert_prop(e, "name", NASTY);
    assert_prop(e, "code", "A&B");
}

static void
test_xd_attr_int_values(void **state)
{
    xmlNodePtr e = xd_elem(root(state), "n");

    xd_attr_int(e, "zero", 0);
    xd_attr_int(e, "neg", -42);
    xd_attr_int(e, "max", INT64_MAX);
    xd_attr_int(e, "min", INT64_MIN);
    assert_prop(e, "zero", "0");
    assert_prop(e, "neg", "-42");
    assert_prop(e, "max", "9223372036854775807");
    assert_prop(e, "min", "-9223372036854775808");
}

static void
test_xd_attr_money_adds_raw_and_text(void **state)
{
    xmlNodePtr e = xd_elem(root(state), "product");

    xd_attr_money(e, "price", 123456);
    assert_prop(e, "price", "123456");
    assert_prop(e, "price-text", "1,234.56");
    xd_attr_money(e, "cost", -5);
    assert_prop(e, "cost", "-5");
    assert_prop(e, "cost-text", "-0.05");
    xd_attr_money(e, "zero", 0);
    assert_prop(e, "zero", "0");
    assert_prop(e, "zero-text", "0.00");
    xd_attr_money(e, "big", MONEY_MAX);
    assert_prop(e, "big", "999999999999999999");
    assert_prop(e, "big-text", "9,999,999,999,999,999.99");
}

static void
test_xd_serialised_doc_escapes(void **state)
{
    xmlNodePtr p = xd_elem(root(state), "product");
    char *xml;

    xd_attr(p, "name", "a\"b<c>&d");
    xd_attr_money(p, "price", 150);
    xd_text(p, "description", "x < y & z > w");
    xd_text(p, "zh", "产品");
    xml = dump(state);
    /* the attribute, escaped */
    assert_non_null(strstr(xml, "name=\"a&quot;b&lt;c&gt;&amp;d\""));
    assert_non_null(strstr(xml, "price=\"150\""));
    assert_non_null(strstr(xml, "price-text=\"1.50\""));
    /* the text, escaped */
    assert_non_null(
        strstr(xml, "<description>x &lt; y &amp; z &gt; w</description>"));
    /* Chinese stays UTF-8, not character references */
    assert_non_null(strstr(xml, "<zh>产品</zh>"));
    /* nothing raw got through */
    assert_null(strstr(xml, "<c>"));
    assert_null(strstr(xml, "& "));
    xmlFree(xml);
}

static void
test_xd_serialised_doc_parses_back(void **state)
{
    xmlNodePtr p = xd_elem(root(state), "product"), q;
    xmlDocPtr back;
    char *xml;

    xd_attr(p, "name", NASTY);
    xd_text(p, "description", NASTY);
    xml = dump(state);
    back = xmlReadMemory(xml, (int)strlen(xml), "back.xml", "UTF-8",
                         XML_PARSE_NONET);
    assert_non_null(back);
    q = xmlDocGetRootElement(back)->children;
    assert_non_null(q);
    assert_string_equal((const char *)q->name, "product");
    assert_prop(q, "name", NASTY);
    assert_content(q->children, NASTY);
    xmlFreeDoc(back);
    xmlFree(xml);
}

/* xd_rows: one element per row, column i as attribute names[i]; a NULL
 * name skips its column and a NULL cell adds no attribute. */
static void
test_xd_rows_columns_become_attributes(void **state)
{
    char *cells[] = {"1", "A&B", "skip", "2", NULL, "x"};
    struct db_rows r = {.n_rows = 2, .n_cols = 3, .cells = cells};
    const char *const names[] = {"id", "name", NULL};
    xmlNodePtr list = xd_elem(root(state), "list"), a, b;
    xmlChar *v;

    xd_rows(list, "row", &r, names, XD_N(names));
    a = list->children;
    b = a->next;
    assert_non_null(b);
    assert_null(b->next);
    v = xmlGetProp(a, BAD_CAST "name");
    assert_string_equal((char *)v, "A&B");
    xmlFree(v);
    assert_null(xmlHasProp(a, BAD_CAST "skip"));
    v = xmlGetProp(b, BAD_CAST "id");
    assert_string_equal((char *)v, "2");
    xmlFree(v);
    assert_null(xmlHasProp(b, BAD_CAST "name")); /* NULL cell */
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_xd_elem_adds_empty_child),
        T(test_xd_text_ampersand_kept),
        T(test_xd_text_special_and_chinese),
        T(test_xd_text_null_is_empty),
        T(test_xd_attr_null_adds_nothing),
        T(test_xd_attr_special_and_chinese),
        T(test_xd_attr_int_values),
        T(test_xd_attr_money_adds_raw_and_text),
        T(test_xd_serialised_doc_escapes),
        T(test_xd_serialised_doc_parses_back),
        T(test_xd_rows_columns_become_attributes),
    };
    int rc;

    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, count_error);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
