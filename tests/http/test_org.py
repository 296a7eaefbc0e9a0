"""test_org.py - the sales organisation (M1): units, regions, staff.

Each database kind gets a database of its own (this module writes): `qudao
init` + `qudao demo --password DEMO_PW --products 200`, which builds the demo
company (headquarters HQ, regional units R-EC ..., branches SH, HZ, NJ ...
each with a sales department <B>-SD and a sales point <B>-P1, ~70 staff)
and its logins: admin (password of `qudao init`, sees everything),
director, mgr-<branch> and rep-<branch> (DEMO_PW).

Logging in is done by the `Browser` class and the `login` fixture below:
GET /login.xml for the pre-login CSRF token and cookie, then POST /login
with login, password and csrf; the session cookie is kept in the jar.

Every page is checked as HTML (parses, keeps to the CSP rules) and as XML
(validates against schema/xsd/page.xsd); the database is the oracle for
what changed (and did not).
"""
import os
import re
import urllib.parse

import pytest

import stack as qs

DEMO_PW = qs.DEMO_PASSWORD


# ------------------------------------------------------------------ login

class Browser:
    """A client with a cookie jar, like a browser (cookies by name only:
    one host, path /)."""

    def __init__(self, client):
        self.c = client
        self.jar = {}

    def _headers(self, extra=None):
        h = {}
        if self.jar:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        h.update(extra or {})
        return h

    def _keep(self, r):
        for v in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if value == "" or "Max-Age=0" in v:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        return r

    def get(self, target, xml=False):
        h = dict(qs.XML_ACCEPT) if xml else {}
        return self._keep(self.c.get(target, self._headers(h)))

    def xml(self, target):
        """GET target as XML; asserts it validates against page.xsd."""
        r = self.get(target, xml=True)
        qs.assert_valid_page(r)
        return r

    def html(self, target):
        """GET target as HTML; asserts the page parses and keeps to the
        CSP rules.  Returns (response, parsed root)."""
        r = self.get(target)
        return r, qs.assert_html_page(r)

    def csrf(self):
        """The CSRF token of this browser's session (or pre-login)."""
        r = self.get("/login.xml" if not self.logged_in() else "/org.xml",
                     xml=True)
        return r.doc.findtext("meta/csrf")

    def logged_in(self):
        return any(k.endswith("qd_session") for k in self.jar)

    def post(self, target, fields, csrf=True, xml=False):
        """POST a form; fields is a dict or a list of pairs (for repeated
        names).  csrf: True adds the session's token, a string that token,
        False none."""
        pairs = list(fields.items()) if isinstance(fields, dict) \
            else list(fields)
        if csrf is True:
            pairs.append(("csrf", self.csrf()))
        elif csrf:
            pairs.append(("csrf", csrf))
        h = dict(qs.XML_ACCEPT) if xml else {}
        body = urllib.parse.urlencode(pairs)
        return self._keep(self.c.post(target, body,
                                      "application/x-www-form-urlencoded",
                                      self._headers(h)))

    def login(self, login, password=DEMO_PW):
        r = self.post("/login", {"login": login, "password": password})
        assert r.status == 303, r
        assert self.logged_in(), self.jar
        return self


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    """(database, stack) of this module: a fresh demo company.  The stack
    runs without nginx's limit on POST /login (a dozen users log in within
    seconds here; test_identity tests the limits)."""
    work = tmp_path_factory.mktemp(f"org-{db_kind}")
    db, _ = qs.demo_database(db_kind, work, 200, DEMO_PW)
    try:
        st = qs.Stack(work / "var", db.connstr)
        saved = os.environ.get("DEPLOY_LOGIN_RATE")
        os.environ["DEPLOY_LOGIN_RATE"] = "off"   # read by deploy/stack
        try:
            st.start()
        finally:
            if saved is None:
                del os.environ["DEPLOY_LOGIN_RATE"]
            else:
                os.environ["DEPLOY_LOGIN_RATE"] = saved
        try:
            yield db, st
        finally:
            st.stop()
            assert not st.sanitizer_reports(), st.sanitizer_reports()[:10]
    finally:
        db.drop()


@pytest.fixture(scope="module")
def sessions(env):
    """Logged-in browsers of this module, one per user."""
    return {}


@pytest.fixture
def login(env, sessions):
    """LOGIN: login(name) -> a Browser logged in as that demo user (admin
    with the password of `qudao init`, everyone else with DEMO_PW).  One
    session per user for the whole module (logging in is slow on purpose:
    scrypt)."""
    def make(name):
        if name not in sessions:
            pw = qs.ADMIN_PASSWORD if name == "admin" else DEMO_PW
            sessions[name] = Browser(env[1]).login(name, pw)
        return sessions[name]
    return make


# ------------------------------------------------------------------ helpers

def unit_id(db, code):
    return int(db.scalar(f"SELECT id FROM org_unit WHERE code = '{code}'"))


def unit_row(db, code):
    """(id, parent_id, name, status, version) of a unit by code."""
    r = db.query("SELECT id, parent_id, name, status, version FROM org_unit "
                 f"WHERE code = '{code}'")
    return r[0] if r else None


def subtree_codes(db, code):
    return {r[0] for r in db.query(
        "SELECT u.code FROM org_closure c "
        "JOIN org_unit u ON u.id = c.descendant_id "
        f"WHERE c.ancestor_id = {unit_id(db, code)}")}


def closure_is_consistent(db):
    """org_closure equals what the parent links say, depth included."""
    parent = {int(i): (int(p) if p else None)
              for i, p in db.query("SELECT id, parent_id FROM org_unit")}
    want = set()
    for u in parent:
        d, a = 0, u
        while a is not None:
            want.add((a, u, d))
            a, d = parent[a], d + 1
    have = {(int(a), int(d), int(k)) for a, d, k in db.query(
        "SELECT ancestor_id, descendant_id, depth FROM org_closure")}
    return want == have, sorted(want ^ have)[:10]


def version(db, code):
    return int(unit_row(db, code)[4])


def audit_rows(db, entity, entity_id):
    return db.query("SELECT action, detail FROM audit_log "
                    f"WHERE entity = '{entity}' AND entity_id = {entity_id} "
                    "ORDER BY at, id")  # ids come in banks per worker


def field_messages(resp):
    """{field: [code, ...]} of the messages of an XML response."""
    out = {}
    for m in resp.doc.findall("messages/message"):
        out.setdefault(m.get("field"), []).append(m.get("code"))
    return out


def location_id(resp, prefix):
    loc = resp.header("Location") or ""
    m = re.fullmatch(re.escape(prefix) + r"(\d+)", loc)
    assert m, f"Location {loc!r} is not {prefix}ID: {resp!r}"
    return int(m.group(1))


def unit_form(**kw):
    f = {"kind": "office", "code": "", "name": "", "func": "",
         "address": "", "phone": ""}
    f.update({k: str(v) for k, v in kw.items()})
    return f


# ------------------------------------------------------------------ tree

def test_tree_as_html_and_xml(env, login):
    db, _ = env
    b = login("admin")
    r, root = b.html("/org")
    assert r.status == 200
    assert root.findall(".//table"), "the tree is a table"
    r = b.xml("/org.xml")
    units = r.doc.findall("org-tree/unit")
    assert len(units) == int(db.scalar("SELECT COUNT(*) FROM org_unit"))
    # display order: every unit right after its parent's subtree began,
    # one level deeper than its parent
    depth = {}
    for i, u in enumerate(units):
        if i == 0:
            assert u.get("depth") == "0" and u.get("code") == "HQ"
            assert u.get("parent-id") is None
        else:
            assert u.get("parent-id") in depth, u.attrib
            assert int(u.get("depth")) == depth[u.get("parent-id")] + 1
        depth[u.get("id")] = int(u.get("depth"))
    sh = [u for u in units if u.get("code") == "SH"][0]
    assert int(sh.get("staff")) == int(db.scalar(
        "SELECT COUNT(*) FROM staff s JOIN org_unit u ON u.id = s.unit_id "
        "WHERE u.code = 'SH' AND s.status <> 'left'"))


def test_branch_manager_sees_only_the_branch(env, login):
    db, _ = env
    r = login("mgr-hz").xml("/org.xml")
    codes = {u.get("code") for u in r.doc.findall("org-tree/unit")}
    assert codes == subtree_codes(db, "HZ") == {"HZ", "HZ-SD", "HZ-P1"}
    # the manager's own unit is the root: its parent is not shown
    assert r.doc.find("org-tree/unit").get("parent-id") is None


def test_unit_detail_as_html_and_xml(env, login):
    db, _ = env
    b = login("admin")
    sh = unit_id(db, "SH")
    r, root = b.html(f"/org/units/{sh}")
    assert r.status == 200
    assert root.findtext(".//h1") == db.scalar(
        f"SELECT name FROM org_unit WHERE id = {sh}")
    r = b.xml(f"/org/units/{sh}.xml")
    u = r.doc.find("org-unit")
    assert u.get("code") == "SH" and u.get("kind") == "branch"
    assert [p.get("code") for p in u.findall("path/unit")] == ["HQ", "R-EC"]
    assert {c.get("code") for c in u.findall("children/unit")} == \
        {"SH-SD", "SH-P1"}
    assert len(u.findall("members/member")) == int(db.scalar(
        f"SELECT COUNT(*) FROM staff WHERE unit_id = {sh}"))
    assert [g.get("code") for g in u.findall("covered-regions/region")] == \
        ["CN-EC-SH"]
    assert u.find("history") is not None


# ------------------------------------------------------------------ create

def test_create_unit(env, login):
    db, _ = env
    b = login("mgr-sh")
    sh = unit_id(db, "SH")
    r, root = b.html(f"/org/units/new?parent={sh}")
    assert r.status == 200
    sel = root.find(".//select[@name='parent']")
    assert sel is not None
    assert {o.get("value") for o in sel.findall("option")} - {""} == \
        {str(unit_id(db, c)) for c in ("SH", "SH-SD", "SH-P1")}
    r = b.post("/org/units/new", unit_form(
        parent=sh, code="SH-O1", name="浦东办事处", func="销售与服务",
        address="上海市浦东新区", phone="021-5555 0101"))
    assert r.status == 303, r
    new = location_id(r, "/org/units/")
    row = unit_row(db, "SH-O1")
    assert int(row[0]) == new and int(row[1]) == sh and row[3] == "active"
    ok, diff = closure_is_consistent(db)
    assert ok, diff
    assert int(db.scalar(
        f"SELECT COUNT(*) FROM org_closure WHERE descendant_id = {new}")) == 4
    (action, detail), = audit_rows(db, "org_unit", new)
    assert action == "create" and "浦东办事处" in detail
    r = b.xml(f"/org/units/{new}.xml")
    assert [p.get("code") for p in r.doc.findall("org-unit/path/unit")] == \
        ["SH"]


def test_create_refuses_a_taken_code_with_422(env, login):
    db, _ = env
    b = login("mgr-sh")
    before = db.scalar("SELECT COUNT(*) FROM org_unit")
    form = unit_form(parent=unit_id(db, "SH"), code="HZ", name="Typed <name>")
    r = b.post("/org/units/new", form, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert field_messages(r).get("code") == ["code_taken"]
    f = r.doc.find("org-unit-form")
    assert f.get("name") == "Typed <name>" and f.get("code") == "HZ"
    r = b.post("/org/units/new", form)
    assert r.status == 422
    root = qs.assert_html_page(r)
    assert root.find(".//input[@name='name']").get("value") == "Typed <name>"
    assert root.find(".//*[@id='code-errors']") is not None
    assert db.scalar("SELECT COUNT(*) FROM org_unit") == before


def test_create_checks_every_field(env, login):
    db, _ = env
    b = login("mgr-sh")
    r = b.post("/org/units/new", unit_form(
        parent=unit_id(db, "SH"), kind="castle", code="x" * 41, name=""),
        xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    m = field_messages(r)
    assert m.get("kind") == ["bad_choice"]
    assert m.get("code") == ["too_long"]
    assert m.get("name") == ["required"]


def test_create_under_a_unit_outside_the_scope_is_refused(env, login):
    db, _ = env
    b = login("mgr-sh")
    before = db.scalar("SELECT COUNT(*) FROM org_unit")
    r = b.post("/org/units/new", unit_form(
        parent=unit_id(db, "HZ"), code="SH-X1", name="x"), xml=True)
    assert r.status == 422, r
    assert field_messages(r).get("parent") == ["no_such_unit"]
    assert db.scalar("SELECT COUNT(*) FROM org_unit") == before


def test_permissions_are_checked_before_the_handler(env, login):
    db, _ = env
    before = db.scalar("SELECT COUNT(*) FROM org_unit")
    for who in ("rep-sh", "director"):
        r = login(who).post("/org/units/new", unit_form(
            parent=unit_id(db, "SH"), code=f"DENY-{who}", name="x"), xml=True)
        assert r.status == 403, (who, r)
    assert db.scalar("SELECT COUNT(*) FROM org_unit") == before


# ------------------------------------------------------------------ edit

def test_edit_saves_with_the_version_and_audits_the_changes(env, login):
    db, _ = env
    b = login("mgr-nj")
    nj = unit_id(db, "NJ-SD")
    r = b.xml(f"/org/units/{nj}/edit.xml")
    f = r.doc.find("org-unit-form")
    assert f.get("action") == "edit" and f.get("code") == "NJ-SD"
    old_name = f.get("name")
    b.html(f"/org/units/{nj}/edit")
    r = b.post(f"/org/units/{nj}/edit", unit_form(
        version=f.get("version"), kind="dept", code="NJ-SD",
        name="南京销售一部", func="直销", phone=f.get("phone") or ""))
    assert r.status == 303, r
    assert location_id(r, "/org/units/") == nj
    row = unit_row(db, "NJ-SD")
    assert row[2] == "南京销售一部"
    assert int(row[4]) == int(f.get("version")) + 1
    r = b.xml(f"/org/units/{nj}.xml")
    e = r.doc.find("org-unit/history/entry")
    assert e.get("action") == "update"
    assert f"name: {old_name} -> 南京销售一部" in e.get("detail")
    assert "func:  -> 直销" in e.get("detail")
    assert "code" not in e.get("detail")


def test_edit_with_an_old_version_is_a_409_showing_both(env, login):
    db, _ = env
    b = login("mgr-nj")
    nj = unit_id(db, "NJ")
    v = version(db, "NJ")
    r = b.post(f"/org/units/{nj}/edit", unit_form(
        version=v, kind="branch", code="NJ", name="南京分公司（新）"))
    assert r.status == 303, r
    saved = unit_row(db, "NJ")
    # a second editor still holds version v
    mine = unit_form(version=v, kind="branch", code="NJ", name="我的名字",
                     address="typed address")
    r = b.post(f"/org/units/{nj}/edit", mine, xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    f = r.doc.find("org-unit-form")
    assert f.get("name") == "我的名字" and f.get("address") == "typed address"
    assert f.get("version") == saved[4]          # save again = overwrite
    k = f.find("conflict")
    assert k.get("name") == "南京分公司（新）" and k.get("version") == saved[4]
    assert unit_row(db, "NJ") == saved           # nothing written
    r = b.post(f"/org/units/{nj}/edit", mine)
    assert r.status == 409
    root = qs.assert_html_page(r)
    assert "南京分公司（新）" in r.text and "我的名字" in r.text
    assert root.find(".//input[@name='version']").get("value") == saved[4]


# ------------------------------------------------------------------ move

def test_move_a_subtree_rewrites_the_closure_and_keeps_history(env, login):
    db, _ = env
    b = login("admin")
    cd, rc, rsw = unit_id(db, "CD"), unit_id(db, "R-CC"), unit_id(db, "R-SW")
    r, root = b.html(f"/org/units/{cd}/move")
    offered = {o.get("value") for o in
               root.findall(".//select[@name='parent']/option")}
    assert str(rc) in offered
    assert not offered & {str(unit_id(db, c)) for c in ("CD", "CD-SD")}
    r = b.post(f"/org/units/{cd}/move",
               {"parent": rc, "version": version(db, "CD")})
    assert r.status == 303, r
    assert int(unit_row(db, "CD")[1]) == rc
    ok, diff = closure_is_consistent(db)
    assert ok, diff
    assert {"CD", "CD-SD", "CD-P1"} <= subtree_codes(db, "R-CC")
    assert not {"CD", "CD-SD", "CD-P1"} & subtree_codes(db, "R-SW")
    # the history says where it was
    r = b.xml(f"/org/units/{cd}.xml")
    e = r.doc.find("org-unit/history/entry")
    assert e.get("action") == "move"
    assert "(R-SW) -> " in e.get("detail") and "(R-CC)" in e.get("detail")
    # the branch manager still sees the whole branch
    codes = {u.get("code") for u in
             login("mgr-cd").xml("/org.xml").doc.findall("org-tree/unit")}
    assert codes == {"CD", "CD-SD", "CD-P1"}
    assert rsw  # still there


def test_move_under_itself_is_refused(env, login):
    db, _ = env
    b = login("admin")
    gz = unit_id(db, "GZ")
    for target in ("GZ", "GZ-SD", "GZ-P1"):
        before = unit_row(db, "GZ")
        r = b.post(f"/org/units/{gz}/move",
                   {"parent": unit_id(db, target),
                    "version": version(db, "GZ")}, xml=True)
        assert r.status == 422, (target, r)
        qs.assert_valid_page(r)
        assert field_messages(r).get("parent") == ["under_itself"], target
        assert unit_row(db, "GZ") == before
    r = b.post(f"/org/units/{gz}/move",
               {"parent": unit_id(db, "GZ-SD"),
                "version": version(db, "GZ")})
    assert r.status == 422
    qs.assert_html_page(r)
    assert closure_is_consistent(db)[0]


def test_move_with_an_old_version_is_a_409(env, login):
    db, _ = env
    b = login("admin")
    tj = unit_id(db, "TJ")
    before = unit_row(db, "TJ")
    r = b.post(f"/org/units/{tj}/move",
               {"parent": unit_id(db, "R-EC"),
                "version": int(before[4]) - 1 or 99}, xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    assert r.doc.find("org-unit-form/conflict") is not None
    assert unit_row(db, "TJ") == before


# ------------------------------------------------------------------ retire

def test_retire_a_unit_with_staff_is_refused(env, login):
    db, _ = env
    b = login("mgr-wh")
    wh = unit_id(db, "WH")
    before = unit_row(db, "WH")
    r = b.post(f"/org/units/{wh}/retire", {"version": before[4]}, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    codes = field_messages(r)[None]
    assert "has_staff" in codes and "has_units" in codes
    assert r.doc.find("org-unit").get("status") == "active"
    assert unit_row(db, "WH") == before
    r = b.post(f"/org/units/{wh}/retire", {"version": before[4]})
    assert r.status == 422
    qs.assert_html_page(r)


def test_retire_an_empty_unit(env, login):
    db, _ = env
    b = login("mgr-wh")
    r = b.post("/org/units/new", unit_form(
        parent=unit_id(db, "WH"), code="WH-TMP", name="临时办事处"))
    assert r.status == 303, r
    new = location_id(r, "/org/units/")
    r = b.post(f"/org/units/{new}/retire", {"version": version(db, "WH-TMP")})
    assert r.status == 303, r
    assert unit_row(db, "WH-TMP")[3] == "retired"
    assert audit_rows(db, "org_unit", new)[-1][0] == "retire"
    # retired: no longer a parent for new units
    r = b.post("/org/units/new", unit_form(parent=new, code="WH-TMP2",
                                           name="x"), xml=True)
    assert r.status == 422
    assert field_messages(r).get("parent") == ["unit_retired"]
    r = b.post(f"/org/units/{new}/retire",
               {"version": version(db, "WH-TMP")}, xml=True)
    assert r.status == 422
    assert field_messages(r)[None] == ["already_retired"]


# ------------------------------------------------------------------ scope

def test_another_branchs_ids_answer_404_like_missing_ones(env, login):
    db, _ = env
    b = login("mgr-sh")
    hz = unit_id(db, "HZ")
    hz_staff = int(db.scalar(
        f"SELECT MIN(id) FROM staff WHERE unit_id = {hz}"))
    denied_before = int(db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'denied'"))
    for path in (f"/org/units/{hz}", f"/org/units/{hz}/edit",
                 f"/org/units/{hz}/move", f"/org/units/{hz}/regions",
                 f"/staff/{hz_staff}", f"/staff/{hz_staff}/edit"):
        foreign = b.get(path, xml=True)
        missing = b.get(re.sub(r"/\d+", "/99999999", path, count=1),
                        xml=True)
        assert foreign.status == missing.status == 404, (path, foreign)
        assert foreign.error_code == missing.error_code == "not_found"
        assert foreign.doc.findtext("error/message") == \
            missing.doc.findtext("error/message")
        assert b.get(path).status == 404
    before = unit_row(db, "HZ")
    for path, form in ((f"/org/units/{hz}/edit",
                        unit_form(version=before[4], kind="branch",
                                  code="HZ", name="hijacked")),
                       (f"/org/units/{hz}/move",
                        {"parent": unit_id(db, "SH"), "version": before[4]}),
                       (f"/org/units/{hz}/retire", {"version": before[4]})):
        r = b.post(path, form, xml=True)
        assert r.status == 404, (path, r)
    assert unit_row(db, "HZ") == before
    # the denials were logged and audited
    assert int(db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'denied'")) > \
        denied_before
    # a unit filter outside the scope lists nobody
    r = b.xml(f"/staff.xml?unit={hz}")
    assert r.doc.findall("staff-list/member") == []
    assert r.doc.find("staff-list").get("total") == "0"


def test_rep_sees_only_the_sales_department(env, login):
    db, _ = env
    b = login("rep-sh")
    codes = {u.get("code") for u in
             b.xml("/org.xml").doc.findall("org-tree/unit")}
    assert codes == {"SH-SD"}
    r = b.xml("/staff.xml")
    units = {m.get("unit-code") for m in r.doc.findall("staff-list/member")}
    assert units == {"SH-SD"}
    assert b.get(f"/org/units/{unit_id(db, 'SH')}", xml=True).status == 404


# ------------------------------------------------------------------ CSRF, XSS

def test_a_post_without_the_csrf_token_is_403_and_changes_nothing(env, login):
    db, _ = env
    b = login("mgr-bj")
    bj = unit_id(db, "BJ")
    before = unit_row(db, "BJ")
    n_units = db.scalar("SELECT COUNT(*) FROM org_unit")
    form = unit_form(version=before[4], kind="branch", code="BJ",
                     name="csrf-less")
    for csrf in (False, "not-the-token-0123456789"):
        r = b.post(f"/org/units/{bj}/edit", form, csrf=csrf, xml=True)
        assert r.status == 403, (csrf, r)
        r = b.post("/org/units/new", unit_form(parent=bj, code="BJ-CSRF",
                                               name="x"), csrf=csrf)
        assert r.status == 403, (csrf, r)
        r = b.post(f"/org/units/{bj}/retire", {"version": before[4]},
                   csrf=csrf)
        assert r.status == 403
    assert unit_row(db, "BJ") == before
    assert db.scalar("SELECT COUNT(*) FROM org_unit") == n_units


XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp;"


def test_markup_in_a_unit_name_is_rendered_inert(env, login):
    db, _ = env
    b = login("mgr-cs")
    r = b.post("/org/units/new", unit_form(
        parent=unit_id(db, "CS"), code="CS-XSS", name=XSS, func=XSS,
        address="javascript:alert(3)"))
    assert r.status == 303, r
    new = location_id(r, "/org/units/")
    assert unit_row(db, "CS-XSS")[2] == XSS      # stored as typed
    for path in (f"/org/units/{new}", "/org", f"/org/units/{new}/edit",
                 f"/org/units/{unit_id(db, 'CS')}", f"/org/units/{new}/move"):
        r, root = b.html(path)
        assert r.status == 200, (path, r)
        assert b"<script>alert" not in r.body, path
        assert b"<img" not in r.body, path
        assert b"&lt;script&gt;alert(1)" in r.body, path
    r, root = b.html(f"/org/units/{new}")
    assert root.findtext(".//h1") == XSS
    # and in the XML feed it is data, escaped
    r = b.xml(f"/org/units/{new}.xml")
    assert r.doc.find("org-unit").get("name") == XSS


# ------------------------------------------------------------------ regions

def test_regions_tree_create_edit_and_cover(env, login):
    db, _ = env
    b = login("admin")
    r, _ = b.html("/org/regions")
    r = b.xml("/org/regions.xml")
    regions = r.doc.findall("regions/region")
    assert len(regions) == int(db.scalar("SELECT COUNT(*) FROM sales_region"))
    assert regions[0].get("code") == "CN" and regions[0].get("depth") == "0"
    ec = db.scalar("SELECT id FROM sales_region WHERE code = 'CN-EC'")
    b.html(f"/org/regions/new?parent={ec}")
    r = b.post("/org/regions/new", {"parent": ec, "kind": "city",
                                    "code": "CN-EC-SU", "name": "苏州"})
    assert r.status == 303, r
    su = db.scalar("SELECT id FROM sales_region WHERE code = 'CN-EC-SU'")
    assert {tuple(x) for x in db.query(
        "SELECT ancestor_id, depth FROM region_closure "
        f"WHERE descendant_id = {su}")} == {
        (su, "0"), (ec, "1"),
        (db.scalar("SELECT id FROM sales_region WHERE code = 'CN'"), "2")}
    # a top-level region, and a taken code
    r = b.post("/org/regions/new", {"kind": "country", "code": "HK",
                                    "name": "香港"})
    assert r.status == 303, r
    r = b.post("/org/regions/new", {"kind": "country", "code": "HK",
                                    "name": "again"}, xml=True)
    assert r.status == 422
    assert field_messages(r).get("code") == ["code_taken"]
    # edit with the version, then with the old one: 409
    r = b.xml(f"/org/regions/{su}/edit.xml")
    v = r.doc.find("region-form").get("version")
    b.html(f"/org/regions/{su}/edit")
    r = b.post(f"/org/regions/{su}/edit", {"version": v, "kind": "city",
                                           "code": "CN-EC-SU",
                                           "name": "苏州市"})
    assert r.status == 303, r
    r = b.post(f"/org/regions/{su}/edit", {"version": v, "kind": "city",
                                           "code": "CN-EC-SU",
                                           "name": "mine"}, xml=True)
    assert r.status == 409
    qs.assert_valid_page(r)
    assert r.doc.find("region-form/conflict").get("name") == "苏州市"
    # the Nanjing branch now covers Nanjing and Suzhou
    nj = unit_id(db, "NJ")
    njr = db.scalar("SELECT id FROM sales_region WHERE code = 'CN-EC-NJ'")
    r = b.xml(f"/org/units/{nj}/regions.xml")
    opts = r.doc.findall("org-unit-form/region-option")
    assert [o.get("id") for o in opts if o.get("checked")] == [njr]
    b.html(f"/org/units/{nj}/regions")
    r = b.post(f"/org/units/{nj}/regions",
               [("region", njr), ("region", su), ("region", su),
                ("version", version(db, "NJ"))])
    assert r.status == 303, r
    assert {x[0] for x in db.query(
        f"SELECT region_id FROM unit_region WHERE unit_id = {nj}")} == \
        {njr, su}
    e = b.xml(f"/org/units/{nj}.xml").doc.find("org-unit/history/entry")
    assert e.get("action") == "regions"
    assert e.get("detail") == "regions: CN-EC-NJ -> CN-EC-NJ, CN-EC-SU"
    # an unknown region: 422, nothing replaced
    r = b.post(f"/org/units/{nj}/regions",
               [("region", 99999999), ("version", version(db, "NJ"))],
               xml=True)
    assert r.status == 422
    assert field_messages(r).get("region") == ["no_such_region"]
    assert len(db.query(
        f"SELECT region_id FROM unit_region WHERE unit_id = {nj}")) == 2


def test_regions_are_not_editable_by_a_branch_manager(env, login):
    r = login("mgr-sh").post("/org/regions/new", {
        "kind": "city", "code": "X", "name": "x"}, xml=True)
    assert r.status == 403


# ------------------------------------------------------------------ staff

def test_staff_list_search_filter_sort_and_pages(env, login):
    db, _ = env
    b = login("admin")
    total = int(db.scalar("SELECT COUNT(*) FROM staff"))
    r, _ = b.html("/staff")
    r = b.xml("/staff.xml")
    s = r.doc.find("staff-list")
    assert int(s.get("total")) == total and total > 50
    assert len(s.findall("member")) == 50 and s.get("pages") == "2"
    r = b.xml("/staff.xml?page=2")
    assert len(r.doc.findall("staff-list/member")) == total - 50
    seen = set()
    for sort in ("name", "emp_no", "unit", "hire_on"):
        for d in ("asc", "desc"):
            r = b.xml(f"/staff.xml?sort={sort}&dir={d}")
            rows = r.doc.findall("staff-list/member")
            assert len(rows) == 50
            if sort == "emp_no":
                nos = [m.get("emp-no") for m in rows]
                assert nos == sorted(nos, reverse=(d == "desc"))
            seen.add(rows[0].get("id"))
            b.html(f"/staff?sort={sort}&dir={d}&page=2")
    assert len(seen) > 1
    # search by employee number, name and phone; LIKE characters are literal
    emp, name, phone = db.query(
        "SELECT emp_no, name, phone FROM staff ORDER BY id")[3]
    for q in (emp, name, phone):
        r = b.xml("/staff.xml?q=" + qs.quote(q))
        assert emp in [m.get("emp-no") for m in
                       r.doc.findall("staff-list/member")], q
    for q in ("%", "_", "!"):
        r = b.xml("/staff.xml?q=" + qs.quote(q))
        assert r.doc.find("staff-list").get("total") == "0", q
    # filter by unit (its subtree) and status
    ec = unit_id(db, "R-EC")
    r = b.xml(f"/staff.xml?unit={ec}")
    assert {m.get("unit-code") for m in r.doc.findall("staff-list/member")} \
        <= subtree_codes(db, "R-EC")
    r = b.xml("/staff.xml?status=left")
    assert {m.get("status") for m in r.doc.findall("staff-list/member")} \
        <= {"left"}
    r, root = b.html("/staff?q=" + qs.quote("<b>&") + f"&unit={ec}")
    assert r.status == 200
    assert b.get("/staff?sort=salary").status == 400


def test_create_and_edit_staff(env, login):
    db, _ = env
    b = login("mgr-sz")
    sd = unit_id(db, "SZ-SD")
    r, _ = b.html(f"/staff/new?unit={sd}")
    form = {"unit": sd, "emp_no": "SZ0001", "name": "林小雨",
            "position": "销售代表", "phone": "0755-1234", "email":
            "xiaoyu@example.com", "hire_on": "2025-03-01",
            "status": "active"}
    r = b.post("/staff/new", form)
    assert r.status == 303, r
    sid = location_id(r, "/staff/")
    r, root = b.html(f"/staff/{sid}")
    assert root.findtext(".//h1") == "林小雨"
    r = b.xml(f"/staff/{sid}.xml")
    s = r.doc.find("staff")
    assert s.get("hire-on") == "2025-03-01" and s.get("unit-code") == "SZ-SD"
    assert s.find("history/entry").get("action") == "create"
    # taken employee number, bad e-mail, bad date, foreign unit: 422
    bad = dict(form, emp_no=db.scalar("SELECT MIN(emp_no) FROM staff"),
               email="not-an-address", hire_on="2025-02-30",
               unit=unit_id(db, "SH"))
    r = b.post("/staff/new", bad, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    m = field_messages(r)
    assert m.get("emp_no") == ["code_taken"]
    assert m.get("email") == ["bad_email"]
    assert m.get("hire_on") == ["bad_date"]
    assert m.get("unit") == ["no_such_unit"]
    assert r.doc.find("staff-form").get("email") == "not-an-address"
    r = b.post("/staff/new", bad)
    assert r.status == 422
    qs.assert_html_page(r)
    # edit: move to the sales point, version moves on; old version: 409
    v = b.xml(f"/staff/{sid}/edit.xml").doc.find("staff-form").get(
        "version")
    b.html(f"/staff/{sid}/edit")
    r = b.post(f"/staff/{sid}/edit", dict(form, unit=unit_id(db, "SZ-P1"),
                                          status="leave", version=v))
    assert r.status == 303, r
    row = db.query(f"SELECT unit_id, status, version FROM staff "
                   f"WHERE id = {sid}")[0]
    assert row == [str(unit_id(db, "SZ-P1")), "leave", str(int(v) + 1)]
    r = b.post(f"/staff/{sid}/edit", dict(form, name="旧版本", version=v),
               xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    k = r.doc.find("staff-form/conflict")
    assert k.get("name") == "林小雨" and k.get("status") == "leave"
    assert r.doc.find("staff-form").get("name") == "旧版本"
    r = b.xml(f"/staff/{sid}.xml")
    detail = r.doc.find("staff/history/entry").get("detail")
    assert "status: active -> leave" in detail and "(SZ-P1)" in detail
    # a manager cannot put staff into another branch, nor see them there
    r = b.post(f"/staff/{sid}/edit", dict(form, unit=unit_id(db, "GZ"),
                                          version=int(v) + 1), xml=True)
    assert r.status == 422
    assert field_messages(r).get("unit") == ["no_such_unit"]
    assert login("mgr-gz").get(f"/staff/{sid}", xml=True).status == 404


def test_staff_edit_needs_staff_edit(env, login):
    db, _ = env
    sid = db.scalar("SELECT MIN(s.id) FROM staff s JOIN org_unit u "
                    "ON u.id = s.unit_id WHERE u.code = 'SH-SD'")
    b = login("rep-sh")
    assert b.get(f"/staff/{sid}", xml=True).status == 200
    assert b.get(f"/staff/{sid}/edit", xml=True).status == 403
    r = b.post(f"/staff/{sid}/edit", {"name": "x"}, xml=True)
    assert r.status == 403


def test_every_page_of_the_module_in_both_languages(env, login):
    db, _ = env
    b = login("admin")
    sh = unit_id(db, "SH")
    sid = db.scalar("SELECT MIN(id) FROM staff")
    rid = db.scalar("SELECT MIN(id) FROM sales_region")
    paths = ["/org", f"/org/units/{sh}", f"/org/units/new?parent={sh}",
             f"/org/units/{sh}/edit", f"/org/units/{sh}/move",
             f"/org/units/{sh}/regions", "/org/regions", "/org/regions/new",
             f"/org/regions/{rid}/edit", "/staff", "/staff/new",
             f"/staff/{sid}", f"/staff/{sid}/edit"]
    for lang in ("en", "zh-CN"):
        b = Browser(b.c)                     # a session of its own
        b.jar.update(login("admin").jar)
        b.jar["lang"] = lang
        for p in paths:
            r, root = b.html(p)
            assert r.status == 200, (lang, p, r)
            assert root.get("lang") == lang
            # every form that changes something carries the token
            for form in root.iter("form"):
                if (form.get("method") or "").lower() == "post":
                    assert form.find(".//input[@name='csrf']") is not None, p
            assert "org." not in root.findtext(".//title"), (p, "untranslated")
            q, _, rest = p.partition("?")
            b.xml(q + ".xml" + ("?" + rest if rest else ""))
