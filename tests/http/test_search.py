"""The product list: search (q), sort, dir and paging, checked against the
database itself (read directly, not through qudao); and what the search
text can do to the page (nothing: it is escaped everywhere)."""
import urllib.parse

import pytest

import stack as qs

PER_PAGE = 50


@pytest.fixture(scope="module")
def catalog(database):
    """Every product straight from the database."""
    rows = database.query(
        "SELECT id, code, name, barcode, search_key, list_price, category_id"
        " FROM product")
    return [{"id": r[0], "code": r[1], "name": r[2], "barcode": r[3] or "",
             "search_key": r[4] or "", "price": int(r[5]),
             "category_id": r[6]} for r in rows]


def matches(p, q):
    """The documented search: code prefix, name contains, barcode equal,
    search key (lower-case code, name, brand, barcode) contains."""
    return (p["code"].startswith(q) or q in p["name"] or p["barcode"] == q
            or q in p["search_key"])


def listing(client, **params):
    query = "&".join(f"{k}={qs.quote(str(v))}" for k, v in params.items())
    r = client.get("/products.xml?" + query)
    assert r.status == 200, r
    return r.doc.find("products")


def all_pages(client, **params):
    first = listing(client, **params)
    rows = first.findall("product")
    for page in range(2, int(first.get("pages")) + 1):
        rows += listing(client, page=page, **params).findall("product")
    return first, rows


@pytest.mark.parametrize("q", ["可乐", "薯片", "CSD-00", "csd-00",
                               "6969000000134", "00001", "0000013"])
def test_search_matches_database(client, catalog, q):
    want = sorted(p["code"] for p in catalog if matches(p, q))
    assert want, f"demo data should match {q!r}"
    head, rows = all_pages(client, q=q)
    got = [r.get("code") for r in rows]
    assert head.get("q") == q
    assert head.get("total") == str(len(want))
    assert head.get("pages") == str(-(-len(want) // PER_PAGE))
    assert got == want  # every match, once, in code order


def test_search_chinese_name(client):
    head, rows = all_pages(client, q="可乐")
    assert int(head.get("total")) > PER_PAGE  # more than one page
    for r in rows:
        assert "可乐" in r.get("name"), dict(r.attrib)


def test_search_code_prefix(client, catalog):
    code = catalog[0]["code"]
    head = listing(client, q=code)
    assert code in [r.get("code") for r in head.findall("product")]
    prefix = code[:6]
    head, rows = all_pages(client, q=prefix)
    assert rows and all(r.get("code").startswith(prefix) or
                        prefix.lower() in r.get("code").lower()
                        for r in rows)


def test_search_barcode(client, catalog):
    p = catalog[17]
    rows = listing(client, q=p["barcode"]).findall("product")
    assert p["id"] in [r.get("id") for r in rows]


def test_search_is_case_insensitive(client):
    """The search key is kept in lower case so that search ignores case;
    the same search in upper, lower and mixed case finds the same rows on
    every database (SQLite's LIKE folds ASCII case, PostgreSQL's does
    not)."""
    totals = {q: listing(client, q=q).get("total")
              for q in ("CSD-00001", "csd-00001", "Csd-00001", "cSD-00001")}
    assert len(set(totals.values())) == 1 and totals["CSD-00001"] != "0", \
        totals


@pytest.mark.parametrize("q", ["%", "_", "!", "%%", "可%乐", "可_乐", "!%",
                               "'", "' OR '1'='1", "\\", "\"", "--", ";",
                               "CSD%", "_SD-00001", "%可乐%"])
def test_wildcards_and_quotes_match_literally(client, catalog, q):
    """LIKE wildcards and SQL quoting in q are plain text."""
    want = sorted(p["code"] for p in catalog if matches(p, q))
    head, rows = all_pages(client, q=q)
    assert head.get("q") == q
    assert [r.get("code") for r in rows] == want
    if q in ("%", "_", "%%", "可%乐", "CSD%", "%可乐%"):
        assert head.get("total") == "0"


def test_no_match(client):
    head = listing(client, q="没有这种产品zzz")
    assert {k: head.get(k) for k in ("total", "pages", "first", "last",
                                     "page")} == \
        {"total": "0", "pages": "0", "first": "0", "last": "0", "page": "1"}
    assert head.findall("product") == []
    r = client.get("/products?q=" + qs.quote("没有这种产品zzz"),
                   {"Cookie": "lang=en"})
    assert r.status == 200
    root = qs.assert_html_page(r)
    assert not root.xpath("//table[contains(@class,'products')]")
    assert "没有这种产品zzz" in root.text_content()


# ----------------------------------------------------------------- sorting

def test_sort_code(client, catalog):
    codes = sorted(p["code"] for p in catalog)
    asc = listing(client, sort="code").findall("product")
    desc = listing(client, sort="code", dir="desc").findall("product")
    assert [r.get("code") for r in asc] == codes[:PER_PAGE]
    assert [r.get("code") for r in desc] == codes[::-1][:PER_PAGE]


def test_sort_price_asc(client, catalog):
    want = sorted(catalog, key=lambda p: (p["price"], p["code"]))
    for page in (1, 2, 120, 240):
        rows = listing(client, sort="price", page=page).findall("product")
        start = (page - 1) * PER_PAGE
        assert [r.get("code") for r in rows] == \
            [p["code"] for p in want[start:start + PER_PAGE]]
        prices = [int(r.get("price")) for r in rows]
        assert prices == sorted(prices)


def test_sort_price_desc(client):
    p1 = listing(client, sort="price", dir="desc").findall("product")
    p2 = listing(client, sort="price", dir="desc", page=2).findall("product")
    prices = [int(r.get("price")) for r in p1 + p2]
    assert prices == sorted(prices, reverse=True)
    assert len(prices) == 2 * PER_PAGE


def test_sort_name_directions_agree(client):
    """Name order depends on the database's collation; whatever it is,
    descending is ascending read backwards."""
    asc_last = listing(client, sort="name", page=240).findall("product")
    desc_first = listing(client, sort="name", dir="desc").findall("product")
    assert [r.get("code") for r in asc_last][::-1] == \
        [r.get("code") for r in desc_first]


def test_sort_category_groups_rows(client):
    rows = []
    for page in (1, 2, 3):
        rows += listing(client, sort="category", q="可乐",
                        page=page).findall("product")
    seen, runs = set(), []
    for r in rows:
        c = r.get("category-id")
        if not runs or runs[-1] != c:
            assert c not in seen, "a category's rows are not together"
            runs.append(c)
            seen.add(c)
    for c in runs:  # within a category: code order
        codes = [r.get("code") for r in rows if r.get("category-id") == c]
        assert codes == sorted(codes)


def test_sort_and_dir_echoed(client):
    for sort in ("code", "name", "price", "category"):
        for d in ("asc", "desc"):
            head = listing(client, sort=sort, dir=d)
            assert (head.get("sort"), head.get("dir")) == (sort, d)
            assert len(head.findall("product")) == PER_PAGE


# ----------------------------------------------------------------- paging

def test_paging(client):
    p1 = listing(client)
    p2 = listing(client, page=2)
    assert (p2.get("first"), p2.get("last"), p2.get("page")) == \
        ("51", "100", "2")
    c1 = [r.get("code") for r in p1.findall("product")]
    c2 = [r.get("code") for r in p2.findall("product")]
    assert not set(c1) & set(c2)
    assert c1[-1] < c2[0]
    last = listing(client, page=240)
    assert (last.get("first"), last.get("last")) == ("11951", "12000")
    assert len(last.findall("product")) == PER_PAGE


@pytest.mark.parametrize("page", [241, 999, 1000000])
def test_page_beyond_last_is_clamped(client, page):
    head = listing(client, page=page)
    assert head.get("page") == "240"
    assert (head.get("first"), head.get("last")) == ("11951", "12000")
    assert len(head.findall("product")) == PER_PAGE


def test_page_beyond_last_of_search(client, catalog):
    n = sum(1 for p in catalog if matches(p, "可乐"))
    pages = -(-n // PER_PAGE)
    head = listing(client, q="可乐", page=pages + 5)
    assert head.get("page") == str(pages)
    assert head.get("first") == str((pages - 1) * PER_PAGE + 1)
    assert head.get("last") == str(n)


def test_page_beyond_last_of_empty_search(client):
    """No match: page 1 of 0, and first = last = 0 (products.xsd), even
    when a later page was asked for."""
    head = listing(client, q="没有这种产品zzz", page=5)
    assert {k: head.get(k) for k in ("total", "pages", "first", "last",
                                     "page")} == \
        {"total": "0", "pages": "0", "first": "0", "last": "0", "page": "1"}


def test_pager_links_keep_the_search(client):
    r = client.get("/products?q=" + qs.quote("可乐") + "&sort=price&dir=desc"
                   "&page=2")
    root = qs.assert_html_page(r)
    links = {a.get("rel"): a.get("href") for a in root.xpath("//a[@rel]")}
    assert set(links) >= {"first", "prev", "next", "last"}
    for rel, want_page in (("first", "1"), ("prev", "1"), ("next", "3"),
                           ("last", "3")):
        url = urllib.parse.urlsplit(links[rel])
        assert url.path == "/products"
        params = urllib.parse.parse_qs(url.query)
        assert params == {"q": ["可乐"], "sort": ["price"], "dir": ["desc"],
                          "page": [want_page]}, (rel, links[rel])
    # and following one gives that page
    nxt = client.get(links["next"].replace("/products", "/products.xml", 1))
    assert nxt.doc.find("products").get("page") == "3"


# ----------------------------------------------------------------- escaping

XSS = "<script>alert(1)</script>\"'&"
NASTY = [
    XSS,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</title><script>alert(1)</script>",
    "a&b=c#d+e%f?g",
    "{1}{2}{3}",
    "]]><!--",
]


@pytest.mark.parametrize("q", NASTY)
def test_search_text_escaped_in_html(client, q):
    r = client.get("/products?q=" + qs.quote(q))
    assert r.status == 200, r
    assert b"<script>alert" not in r.body
    assert b"<img src=x" not in r.body
    root = qs.assert_html_page(r)  # no event handlers, no inline script
    # the search box shows exactly what was typed
    assert root.xpath("//input[@name='q']")[0].get("value") == q
    # every link is local; none carries a scheme from the search text
    for href in root.xpath("//a/@href | //link/@href | //form/@action"):
        assert href.startswith(("/", "#")), href
    # the XML link carries q intact
    alt = root.xpath("//link[@rel='alternate']/@href")[0]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(alt).query)["q"] == \
        [q]
    assert len(root.xpath("//script")) == len(
        root.xpath("//script[@src]"))


@pytest.mark.parametrize("q", NASTY + ["😀", "\u202e", "\u0085", "\ufdd0",
                                       "Ω≈ç√", "　"])
def test_search_text_intact_in_xml(client, q):
    r = client.get("/products.xml?q=" + qs.quote(q))
    assert r.status == 200, r
    assert r.doc.find("products").get("q") == q
    assert b"<script>" not in r.body
