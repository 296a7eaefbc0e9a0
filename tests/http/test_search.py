"""The product list: search (q), sort, dir and paging, checked against the
database itself (read directly, not through qudao); the cap of a common
search (SEARCH_MAX products listed, more="true"); products edited in the
back office or imported are found by what they are now; and what the
search text can do to the page (nothing: it is escaped everywhere)."""
import re
import subprocess
import urllib.parse
import uuid
from pathlib import Path

import pytest

import stack as qs

PER_PAGE = 50
SEARCH_MAX = 200  # terms a search reads (src/modules/products/list.c)


@pytest.fixture(scope="module")
def catalog(database):
    """Every product straight from the database."""
    rows = database.query(
        "SELECT id, code, name, barcode, search_key, list_price, category_id"
        " FROM product")
    return [{"id": r[0], "code": r[1], "name": r[2], "barcode": r[3] or "",
             "search_key": r[4] or "", "price": int(r[5]),
             "category_id": r[6]} for r in rows]


def key_text(q):
    """q as the search key stores text: ASCII letters in lower case, '|'
    (the separator of the key's parts) as a space (core/pinyin.h)."""
    return "".join(c.lower() if "A" <= c <= "Z" else " " if c == "|" else c
                   for c in q)


def matches(p, q):
    """The documented search: the search key (lower-case code, barcode,
    name, spec, brand and the pinyin of the Chinese parts, separated by
    '|') contains q."""
    return key_text(q) in p["search_key"]


def rank(p, q):
    """The documented relevance: 0 exact barcode or code, 1 code prefix,
    2 prefix of a part of the key (name, spec, brand, their pinyin or
    initials), 3 anywhere."""
    k, key = key_text(q), p["search_key"]
    if p["barcode"] == q or key.startswith(k + "|"):
        return 0
    if key.startswith(k):
        return 1
    if "|" + k in key:
        return 2
    return 3


def ranked(catalog, q):
    """Codes of the matches of q in the order of the list (sort=code)."""
    return [p["code"] for p in sorted(
        (p for p in catalog if matches(p, q)),
        key=lambda p: (rank(p, q), p["code"]))]


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


def assert_capped(head, got, catalog, q):
    """More than SEARCH_MAX products match q: the list says so and holds
    some of them -- at most SEARCH_MAX: the index is read up to SEARCH_MAX
    terms, and a product may have several -- once each, by relevance then
    code; the best levels, when they hold few products, are there whole,
    and no product is listed below its level."""
    total = int(head.get("total"))
    assert head.get("more") == "true"
    assert SEARCH_MAX // 4 <= total <= SEARCH_MAX
    assert head.get("pages") == str(-(-total // PER_PAGE))
    assert len(got) == total == len(set(got))
    by_code = {p["code"]: p for p in catalog}
    assert all(matches(by_code[c], q) for c in got), q
    keys = [(rank(by_code[c], q), c) for c in got]
    assert keys == sorted(keys)
    for level in range(4):
        mine = {p["code"] for p in catalog
                if matches(p, q) and rank(p, q) <= level}
        if len(mine) <= SEARCH_MAX // 4:
            assert mine <= set(got), (q, level)


def check_search(client, catalog, q):
    """The whole list of q, page by page, against the documented search:
    every match once, by relevance then code -- or, past SEARCH_MAX
    matches, assert_capped."""
    want = ranked(catalog, q)
    head, rows = all_pages(client, q=q)
    got = [r.get("code") for r in rows]
    assert head.get("q") == q
    if len(want) > SEARCH_MAX:
        assert_capped(head, got, catalog, q)
        return want
    assert head.get("more") is None
    assert head.get("total") == str(len(want))
    assert head.get("pages") == str(-(-len(want) // PER_PAGE))
    assert got == want  # every match, once, by relevance then code
    return want


@pytest.mark.parametrize("q", ["可乐", "薯片", "CSD-00", "csd-00",
                               "6969000000134", "00001", "0000013",
                               "kele", "KELE", "shupian", "sp", "klkl",
                               "330ml×24罐", "康乐", "kangle", "yue",
                               "kangyue", "lvyuan", "旺福"])
def test_search_matches_database(client, catalog, q):
    want = check_search(client, catalog, q)
    assert want, f"demo data should match {q!r}"


def names_starting(catalog, prefix):
    return {p["code"] for p in catalog if p["name"].startswith(prefix)}


@pytest.mark.parametrize("q,prefix", [
    ("kanglekele", "康乐可乐"),     # full pinyin of the name
    ("klkl", "康乐可乐"),           # initials
    ("KangLe", "康乐"),             # pinyin of the brand, any case
    ("lvyuan", "绿源"),             # ü as v
    ("qfqxxfs", "清风去屑洗发水"),   # initials of brand and item
])
def test_search_pinyin(client, catalog, q, prefix):
    """Products are found by the pinyin and initials of their names; the
    ones whose name starts with those words come before the others."""
    want = names_starting(catalog, prefix)
    assert want, prefix
    head, rows = all_pages(client, q=q)
    got = [r.get("code") for r in rows]
    if head.get("more") == "true":  # capped: the best level fills the list
        assert len(want) > SEARCH_MAX // 4 and set(got) <= want
        return
    assert want <= set(got)
    assert set(got[:len(want)]) == want  # name (pinyin) prefix: rank 2


def test_search_polyphonic_reading(client, catalog):
    """乐 is le and yue:康乐 is found by kangyue as well (both readings
    are in the key), though its pinyin is kangle."""
    head, rows = all_pages(client, q="kangyue")
    a = {r.get("code") for r in rows}
    assert a and a <= names_starting(catalog, "康乐")
    if head.get("more") is None:
        assert names_starting(catalog, "康乐") <= a


def test_search_spec_and_brand(client, catalog):
    for q, field in (("330ml×24罐", "spec"), ("旺福", "name")):
        head, rows = all_pages(client, q=q)
        assert int(head.get("total")) > 0
        assert all(q in r.get(field) for r in rows), q


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
                               "CSD%", "_SD-00001", "%可乐%", "|", "csd|",
                               "kele|"])
def test_wildcards_and_quotes_match_literally(client, catalog, q):
    """LIKE wildcards, SQL quoting and the key's separator in q are plain
    text ('|' is a space in the key and in the search alike: no match
    across two parts)."""
    want = check_search(client, catalog, q)
    if q in ("%", "_", "%%", "可%乐", "CSD%", "%可乐%", "csd|", "kele|"):
        assert want == []


# ------------------------------------------------------------ the cap

def test_common_search_is_capped(client, catalog):
    """"1" is in nearly every product (codes, barcodes, specs): the list
    holds up to SEARCH_MAX of them, says there are more, pages to its end
    and clamps a page past it; the HTML says so, the CSV has them all."""
    assert len(ranked(catalog, "1")) > 10 * SEARCH_MAX
    check_search(client, catalog, "1")
    qs.assert_valid_page(client.get("/products.xml?q=1"))  # more="true"
    total = int(listing(client, q="1").get("total"))
    last = -(-total // PER_PAGE)
    head = listing(client, q="1", page=last + 3)
    assert (head.get("page"), head.get("first"), head.get("last")) == \
        (str(last), str((last - 1) * PER_PAGE + 1), str(total))
    r = client.get("/products?q=1", {"Cookie": "lang=en"})
    root = qs.assert_html_page(r)
    note = root.xpath("//*[contains(@class, 'more')]")
    assert note and f"More than {total} products" in note[0].text_content()
    assert f"of {total}+" in root.xpath(
        "string(//p[contains(@class, 'summary')])")
    csv = client.get("/products.csv?q=1")
    assert csv.status == 200, csv
    assert len(csv.text.strip().splitlines()) == total + 1
    # below the cap there is no note
    r = client.get("/products?q=" + qs.quote("可乐"), {"Cookie": "lang=en"})
    assert not qs.assert_html_page(r).xpath("//*[contains(@class, 'more')]")


def test_capped_search_keeps_the_better_levels(client, catalog):
    """"nsh" starts a part of a few products (level 2: the initials of
    南山..., 柠檬汽水) and is inside thousands of others: the few come
    first, all of them, in code order, and the rest of the cap goes to the
    next level; the same levels with the order reversed inside them."""
    best = sorted(p["code"] for p in catalog
                  if matches(p, "nsh") and rank(p, "nsh") < 3)
    assert 0 < len(best) < SEARCH_MAX // 4
    assert len(ranked(catalog, "nsh")) > 2 * SEARCH_MAX
    head, rows = all_pages(client, q="nsh")
    got = [r.get("code") for r in rows]
    assert_capped(head, got, catalog, "nsh")
    assert got[:len(best)] == best
    head, rows = all_pages(client, q="NSH", sort="code", dir="desc")
    assert [r.get("code") for r in rows][:len(best)] == best[::-1]


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


# ------------------------------------------------------- relevance, own data

def pinyin_helper(*args):
    """The output of `tests/unit/test_pinyin ARGS` (built with the unit
    tests, next to the qudao binary under test)."""
    helper = Path(qs.qudao_bin()).resolve().parent.parent / "tests" / \
        "unit" / "test_pinyin"
    assert helper.exists(), \
        f"{helper} missing: make tests/unit/test_pinyin (or make check)"
    r = subprocess.run([str(helper), *args], capture_output=True,
                       text=True, check=True, timeout=30)
    return r.stdout


def key_of(code, name, spec, brand, barcode):
    """The search key the application writes, from the pinyin code itself
    (`test_pinyin --key`)."""
    return pinyin_helper("--key", code, name, spec or "", brand or "",
                         barcode or "").rstrip("\n")


def terms_of(key):
    """The terms the application writes for a key into product_term (the
    search's index: `test_pinyin --terms`), as (tier, term)."""
    return [(int(line.split("\t", 1)[0]), line.split("\t", 1)[1])
            for line in pinyin_helper("--terms", key).rstrip("\n").split("\n")]


# code, name, spec, brand, barcode: every one matches "hang" at a known
# level of relevance, or "6900000000104" (a barcode)
OWN = [
    ("ZQ-03", "中国银行纪念币", None, None, "6900000000203"),  # 3: yinhang
    ("HANG-2", "测试品二", None, None, "6900000000302"),       # 1: code prefix
    ("ZQ-02", "行李箱", "20寸", None, "6900000000401"),        # 2: hanglixiang
    ("HANG", "测试品一", None, None, "6900000000500"),         # 0: exact code
    ("ZQ-01", "杭州龙井", "250g", "西湖", "6900000000609"),     # 2: hangzhou
    ("ZQ-04", "百分之%的_茶", None, "航天", "6900000000104"),  # 2: brand pinyin
    ("6900000000104-B", "测试品三", None, None, None),        # 1 for the barcode
]


def sql_text(s):
    return "NULL" if s is None else "'" + s.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def own(db_kind, tmp_path_factory):
    """A small demo database plus the products of OWN, inserted with SQL
    and their keys written by the application's code; its own stack."""
    db = qs.create_database(db_kind, tmp_path_factory.mktemp("db-own"), 120)
    rows = []
    for i, (code, name, spec, brand, barcode) in enumerate(OWN):
        key = key_of(code, name, spec, brand, barcode)
        rows.append(
            "INSERT INTO product (id, code, name, spec, unit, pack_qty,"
            " barcode, brand, category_id, status, list_price, launch_on,"
            " search_key, description, created_at, updated_at, version)"
            f" VALUES ({990001 + i}, {sql_text(code)}, {sql_text(name)},"
            f" {sql_text(spec)}, '个', 1, {sql_text(barcode)},"
            f" {sql_text(brand)}, NULL, 'active', {1000 + i}, NULL,"
            f" {sql_text(key)}, NULL, '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 1)")
        rows += [f"INSERT INTO product_term (tier, term, code, product_id)"
                 f" VALUES ({tier}, {sql_text(t)}, {sql_text(code)},"
                 f" {990001 + i})" for tier, t in terms_of(key)]
    db.write(*rows)
    st = qs.Stack(tmp_path_factory.mktemp("stack-own") / "var", db.connstr)
    st.start()
    st.sign_in()
    yield st
    st.stop()
    db.drop()


def own_codes(rows):
    mine = {o[0] for o in OWN}
    return [r.get("code") for r in rows if r.get("code") in mine]


def test_relevance_order(own):
    """Exact code, then code prefix, then a part's prefix (name pinyin with
    a polyphonic reading: 行李 hangli; brand pinyin), then anywhere (银行
    yinhang); within a level, the chosen sort."""
    head, rows = all_pages(own, q="hang")
    assert own_codes(rows) == ["HANG", "HANG-2", "ZQ-01", "ZQ-02", "ZQ-04",
                               "ZQ-03"]
    assert [r.get("code") for r in rows[:2]] == ["HANG", "HANG-2"]
    # the same levels, the sort inside them reversed
    head, rows = all_pages(own, q="HANG", sort="code", dir="desc")
    assert own_codes(rows) == ["HANG", "HANG-2", "ZQ-04", "ZQ-02", "ZQ-01",
                               "ZQ-03"]
    head, rows = all_pages(own, q="hang", sort="price")
    assert own_codes(rows) == ["HANG", "HANG-2", "ZQ-02", "ZQ-01", "ZQ-04",
                               "ZQ-03"]


def test_relevance_barcode(own):
    head, rows = all_pages(own, q="6900000000104")
    assert [r.get("code") for r in rows] == ["ZQ-04", "6900000000104-B"]


def test_initials_and_pinyin_of_own(own):
    # within a syllable ("ngzhou"), and longer than a term (12
    # characters: the rest is checked against the key)
    for q in ("hzlj", "hangzhoulongjing", "杭州", "xihu", "250G", "ngzhou",
              "hangzhoulongjin", "杭州龙井"):
        assert own_codes(all_pages(own, q=q)[1]) == ["ZQ-01"], q
    for q in ("xlx", "hanglixiang", "xinglixiang"):
        assert own_codes(all_pages(own, q=q)[1]) == ["ZQ-02"], q


def test_literal_wildcards_of_own(own):
    assert own_codes(all_pages(own, q="%的_")[1]) == ["ZQ-04"]
    assert own_codes(all_pages(own, q="之_的")[1]) == []
    assert own_codes(all_pages(own, q="分之%")[1]) == ["ZQ-04"]


def test_empty_result_of_own(own):
    head, rows = all_pages(own, q="qqqzzz")
    assert head.get("total") == "0" and rows == []
    # the first 12 characters are a term of ZQ-01, the whole is not in its
    # key: the key decides
    head, rows = all_pages(own, q="hangzhoulongjiang")
    assert head.get("total") == "0" and rows == []


# ------------------------------------------- every writer keeps the index

def admin(st):
    return qs.Browser(qs.Client(st.port)).login("admin")


def found(st, q):
    """Codes of everything the search for q lists (all pages)."""
    return [r.get("code") for r in all_pages(st, q=q)[1]]


def test_edited_product_is_found_by_what_it_is_now(own):
    """The back office rewrites the search terms with the key: a product is
    found by its new name and code, and no longer by the old ones."""
    b = admin(own)
    r = b.post("/products/new", {
        "code": "SRCH-ED", "name": "猕猴桃果汁", "unit": "瓶",
        "pack_qty": "1", "status": "new", "list_price": "1.00"})
    assert r.status == 303, r
    pid = re.match(r"^/products/(\d+)$", r.header("Location")).group(1)
    for q in ("mhtgz", "猕猴桃", "mihoutao", "srch-ed", "SRCH-ED"):
        assert found(own, q) == ["SRCH-ED"], q
    r = b.post(f"/products/{pid}/edit", {
        "code": "SRCH-NEW", "name": "菠萝啤", "unit": "瓶", "pack_qty": "1",
        "status": "new", "version": "1"})
    assert r.status == 303, r
    for q in ("blp", "菠萝", "boluopi", "srch-new", "SRCH-N"):
        assert found(own, q) == ["SRCH-NEW"], q
    for q in ("mhtgz", "猕猴桃", "mihoutao", "srch-ed"):
        assert found(own, q) == [], q
    # the code is in the index too (the order within a level)
    assert own.get("/products.xml?q=srch").doc.find(
        "products/product").get("code") == "SRCH-NEW"


def upload(b, xml_text):
    """POST /import/products: the document as a form's file."""
    boundary = "----qd" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"csrf\"\r\n\r\n{b.csrf()}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\";"
            f" filename=\"p.xml\"\r\nContent-Type: application/xml\r\n\r\n"
            ).encode() + xml_text.encode() + f"\r\n--{boundary}--\r\n".encode()
    r = b._keep(b.c.post("/import/products", body,
                         f"multipart/form-data; boundary={boundary}",
                         b.headers(dict(qs.XML_ACCEPT))))
    assert r.status == 200, (r, r.text)
    assert r.doc.find("product-import").get("state") == "done", r.text
    return r


def import_doc(*products):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<products>\n' + "".join(
        f"<product><code>{c}</code><name>{n}</name><unit>盒</unit>"
        "</product>\n" for c, n in products) + "</products>\n")


def test_imported_product_is_found(own):
    """The XML import writes the search terms of what it creates and of
    what it updates."""
    b = admin(own)
    upload(b, import_doc(("IMP-S1", "榴莲酥饼"), ("IMP-S2", "绿豆糕")))
    for q in ("llsb", "榴莲", "liulian", "imp-s1"):
        assert found(own, q) == ["IMP-S1"], q
    for q in ("ldg", "绿豆", "lvdougao"):
        assert found(own, q) == ["IMP-S2"], q
    assert found(own, "imp-s") == ["IMP-S1", "IMP-S2"]
    upload(b, import_doc(("IMP-S2", "芝麻糖")))
    for q in ("zmt", "芝麻", "zhimatang"):
        assert found(own, q) == ["IMP-S2"], q
    for q in ("ldg", "绿豆", "lvdougao"):
        assert found(own, q) == [], q
