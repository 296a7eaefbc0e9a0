"""Language and theme: chosen from fixed lists (Accept-Language, the
`lang` and `theme` cookies), shown in <meta> and in the HTML frame."""
import pytest

import stack as qs


@pytest.mark.parametrize("accept_language,lang", [
    ("zh-CN", "zh-CN"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
    ("zh-TW", "zh-CN"),
    ("zh", "zh-CN"),
    ("en", "en"),
    ("en-US,en;q=0.9", "en"),
    ("EN-gb", "en"),
    ("fr-FR,en;q=0.5", "en"),
    ("fr-FR, de", "zh-CN"),  # neither: the configured default
    ("en;q=0, zh-CN", "zh-CN"),
    ("en;q=0.0, zh", "zh-CN"),
    ("zh;q=0, en", "en"),
    ("en;q=0.5", "en"),
])
def test_accept_language(client, accept_language, lang):
    r = client.get_xml("/", {"Accept-Language": accept_language})
    assert r.status == 200, r
    assert r.doc.findtext("meta/lang") == lang


def test_no_accept_language_gives_default(client):
    r = client.get_xml("/")
    assert r.doc.findtext("meta/lang") == "zh-CN"


@pytest.mark.parametrize("cookie,accept_language,lang", [
    ("lang=zh-CN", "en", "zh-CN"),
    ("lang=en", "zh-CN", "en"),
    ("theme=slate; lang=en", "zh-CN", "en"),
    ("lang=fr", "en", "en"),           # unknown: ignored
    ("lang=EN", "zh-CN", "zh-CN"),     # exact values only
    ("lang=en;", "zh-CN", "en"),
])
def test_lang_cookie_overrides(client, cookie, accept_language, lang):
    r = client.get_xml("/products", {"Cookie": cookie,
                                     "Accept-Language": accept_language})
    assert r.status == 200, r
    assert r.doc.findtext("meta/lang") == lang


def test_html_in_each_language(client):
    zh = qs.assert_html_page(client.get("/products",
                                        {"Accept-Language": "zh-CN"}))
    en = qs.assert_html_page(client.get("/products",
                                        {"Accept-Language": "en"}))
    assert zh.get("lang") == "zh-CN" and en.get("lang") == "en"
    assert "产品" in zh.findtext(".//title")
    assert "Products" in en.findtext(".//title")
    assert en.findtext(".//h1").strip() == "Products"
    # error pages too, with the same status
    r = client.get("/products/999999", {"Cookie": "lang=en"})
    assert r.status == 404
    root = qs.assert_html_page(r)
    assert root.get("lang") == "en"
    assert "Not found" in root.findtext(".//title")


@pytest.mark.parametrize("cookie,theme", [
    ("theme=slate", "slate"),
    ("theme=classic", "classic"),
    ("theme=evil", "classic"),
    ("theme=slate%22", "classic"),
    ("theme=../../etc/passwd", "classic"),
    ("", "classic"),
])
def test_theme_cookie(client, cookie, theme):
    headers = {"Cookie": cookie} if cookie else {}
    r = client.get_xml("/products", headers)
    assert r.doc.findtext("meta/theme") == theme
    h = client.get("/products", headers)
    root = qs.assert_html_page(h)
    body = root.find("body")
    assert f"theme-{theme}" in body.get("class").split()
    sheets = root.xpath("//link[@rel='stylesheet']/@href")
    assert f"/static/theme-{theme}.css" in sheets
    other = "classic" if theme == "slate" else "slate"
    assert f"/static/theme-{other}.css" not in sheets


def test_theme_stylesheets_exist(client):
    for theme in ("classic", "slate"):
        r = client.get(f"/static/theme-{theme}.css")
        assert r.status == 200 and r.content_type == "text/css", r


@pytest.mark.parametrize("query", [
    "q=%zz", "q=%ff", "&".join(f"p{i}=1" for i in range(201))],
    ids=["bad-escape", "bad-utf8", "201-params"])
def test_lang_cookie_kept_on_refused_query(client, query):
    """A request refused for its query string still speaks the language
    the user chose (the cookie), not only the Accept-Language one."""
    r = client.get_xml("/products?" + query,
                       {"Cookie": "lang=en; theme=slate",
                        "Accept-Language": "zh-CN"})
    assert r.status == 400, r
    assert r.doc.findtext("meta/lang") == "en"
    assert r.doc.findtext("meta/theme") == "slate"
