"""test_party.py - parties of the channel and their grades (issue 4, M9).

Each database kind gets a database of its own (this module writes): `qudao
init` + `qudao demo --password PW --products 20` + the known channel of
channel.py (agents A-SH, A-GZ; dealers D-SH1, D-SH2 (under A-SH), D-SH3
(under D-SH2), D-SHX (applied), D-GZ1; customer C-GZ1) and its logins.

Every page is checked as XML (valid against page.xsd) and, where it is
shown to people, as HTML (parses, keeps to the CSP rules); the database is
the oracle for what changed (and did not).
"""
import csv
import io
import re

import pytest

import channel
import stack as qs

PW = qs.DEMO_PASSWORD
P = dict(channel.PARTY)  # (this module adds its own)


class Browser(qs.Browser):
    demo_password = PW

    def page(self, path, status=200):
        """GET path as XML (valid) and as HTML (parsed with the CSP rules);
        returns the XML response."""
        base, q, query = path.partition("?")
        x = self.get(base + ".xml" + q + query, xml=True)
        assert x.status == status, x
        qs.assert_valid_page(x)
        h = self.get(path)
        assert h.status == status, h
        qs.assert_html_page(h)
        return x

    def send(self, path, fields, status=None):
        """POST a form asking for XML; checks the status when given and
        that any XML answer validates."""
        r = self.post(path, fields, xml=True)
        if status is not None:
            assert r.status == status, r
        if r.is_xml:
            qs.assert_valid_page(r)
        return r


env, sessions, login = channel.module_fixtures("party", Browser)


# ------------------------------------------------------------------ helpers

def party_row(db, code):
    """(id, parent_id, name, status, version, grade_id) of a party."""
    r = db.query("SELECT id, parent_id, name, status, version, grade_id "
                 f"FROM party WHERE code = '{code}'")
    return r[0] if r else None


def version(db, code):
    return int(party_row(db, code)[4])


def closure(db):
    return {(int(a), int(d), int(k)) for a, d, k in db.query(
        "SELECT ancestor_id, descendant_id, depth FROM party_closure")}


def closure_from_parents(db):
    parent = {int(i): (int(p) if p else None)
              for i, p in db.query("SELECT id, parent_id FROM party")}
    want = set()
    for u in parent:
        d, a = 0, u
        while a is not None:
            want.add((a, u, d))
            a, d = parent[a], d + 1
    return want


def party_unit_code(db, code):
    return db.scalar("SELECT u.code FROM party p JOIN org_unit u ON "
                     f"u.id = p.unit_id WHERE p.code = '{code}'")


def unit_id(db, code):
    return int(db.scalar(f"SELECT id FROM org_unit WHERE code = '{code}'"))


def audit_rows(db, entity, entity_id):
    return db.query("SELECT action, detail FROM audit_log "
                    f"WHERE entity = '{entity}' AND entity_id = {entity_id} "
                    "AND action <> 'denied' ORDER BY at, id")


def codes(resp):
    return [p.get("code") for p in resp.doc.findall("party-list/party")]


def field_messages(resp):
    out = {}
    for m in resp.doc.findall("messages/message"):
        out.setdefault(m.get("field"), []).append(m.get("code"))
    return out


def location_id(resp, prefix):
    loc = resp.header("Location") or ""
    m = re.fullmatch(re.escape(prefix) + r"(\d+)", loc)
    assert m, f"Location {loc!r} is not {prefix}ID: {resp!r}"
    return int(m.group(1))


def party_form(db, **kw):
    f = {"kind": "dealer", "code": "", "name": "", "short_name": "",
         "parent": "", "unit": str(unit_id(db, "SH-SD")), "region": "",
         "rep": "", "contact": "", "phone": "", "email": "", "address": "",
         "tax_no": "", "bank_name": "", "bank_account": "", "note": ""}
    f.update({k: str(v) for k, v in kw.items()})
    return f


def add_parties(db, prefix, branch, n, name=None):
    """n customers written straight into the database (with closure and
    account rows), ids from 9400000000 up."""
    base = 9400000000 + int(db.scalar("SELECT COUNT(*) FROM party"))
    ts = f"'{channel.NOW}'" if db.kind == "sqlite" \
        else f"TIMESTAMP '{channel.NOW}'"
    sql = []
    for i in range(n):
        pid = base + i
        nm = name if name is not None else f"Customer {i:03d}"
        sql.append(
            "INSERT INTO party (id, kind, code, name, unit_id, status,"
            " created_at, updated_at, version) VALUES"
            f" ({pid}, 'customer', '{prefix}{i:03d}', '{nm}',"
            f" (SELECT id FROM org_unit WHERE code = '{branch}'),"
            f" 'approved', {ts}, {ts}, 1)")
        sql.append("INSERT INTO party_closure (ancestor_id, descendant_id,"
                   f" depth) VALUES ({pid}, {pid}, 0)")
        sql.append("INSERT INTO party_account (party_id, updated_at,"
                   f" version) VALUES ({pid}, {ts}, 1)")
    db.write(*sql)
    return base


# ------------------------------------------------------------------ list

def test_list_as_html_and_xml(env, login):
    db, _ = env
    b = login("admin")
    r = b.page("/parties")
    lst = r.doc.find("party-list")
    assert int(lst.get("total")) == int(db.scalar(
        "SELECT COUNT(*) FROM party"))
    assert lst.get("can-edit") == "true"
    got = codes(r)
    assert got == sorted(got)  # code ascending by default
    dsh3 = [p for p in lst.findall("party") if p.get("code") == "D-SH3"][0]
    assert dsh3.get("parent-code") == "D-SH2"
    assert dsh3.get("kind") == "dealer"


def test_search_is_literal_and_covers_fields(env, login):
    b = login("admin")
    r = b.page("/parties?q=D-SH")
    assert set(codes(r)) == {"D-SH1", "D-SH2", "D-SH3", "D-SHX"}
    # LIKE metacharacters are literal
    r = b.page("/parties?q=" + qs.quote("%"))
    assert codes(r) == []
    r = b.page("/parties?q=" + qs.quote("D_SH"))
    assert codes(r) == []
    # by name and by phone
    r = b.page("/parties?q=" + qs.quote("莘庄"))
    assert codes(r) == ["D-SH3"]
    r = b.page("/parties?q=5555-0000")
    assert len(codes(r)) >= len(channel.PARTIES)


def test_filters(env, login):
    db, _ = env
    b = login("admin")
    assert set(codes(b.page("/parties?kind=agent"))) >= {"A-SH", "A-GZ"}
    assert "D-SH1" not in codes(b.page("/parties?kind=agent"))
    assert codes(b.page("/parties?status=applied&q=D-")) == ["D-SHX"]
    assert set(codes(b.page(f"/parties?parent={P['A-SH']}"))) == {
        "D-SH1", "D-SH2", "D-SHX"}
    assert set(codes(b.page(
        f"/parties?grade={channel.GRADE['A']}"))) == {"A-SH", "A-GZ"}
    gz = set(codes(b.page(f"/parties?unit={unit_id(db, 'GZ')}&q=-GZ")))
    assert gz == {"A-GZ", "D-GZ1", "C-GZ1"}
    # a region filter with no party in it
    rid = db.scalar("SELECT MIN(id) FROM sales_region")
    assert codes(b.page(f"/parties?region={rid}")) == []
    # bad filter values are refused, not ignored
    assert b.get("/parties.xml?kind=boss", xml=True).status == 400
    assert b.get("/parties.xml?sort=1;drop", xml=True).status == 400


def test_sort_orders(env, login):
    b = login("admin")
    q = "&q=" + qs.quote("-SH")
    r = b.page("/parties?sort=code&dir=desc" + q)
    assert codes(r) == sorted(codes(r), reverse=True)
    r = b.page("/parties?sort=name" + q)
    names = [p.get("name") for p in r.doc.findall("party-list/party")]
    assert len(names) == 5
    r = b.page("/parties?sort=kind" + q)
    assert codes(r)[0] == "A-SH"  # agent before dealer
    r = b.page("/parties?sort=kind&dir=desc" + q)
    assert codes(r)[-1] == "A-SH"
    r = b.page("/parties?sort=status" + q)
    assert codes(r)[0] == "D-SHX"  # applied before approved
    r = b.page("/parties?sort=unit&dir=desc&q=A-")
    assert codes(r)[:2] == ["A-SH", "A-GZ"]  # SH > GZ


def test_paging(env, login):
    db, _ = env
    add_parties(db, "PG-HZ-", "HZ", 55)
    b = login("admin")
    r = b.page("/parties?q=PG-HZ-")
    lst = r.doc.find("party-list")
    assert (lst.get("total"), lst.get("pages"), lst.get("first"),
            lst.get("last")) == ("55", "2", "1", "50")
    r = b.page("/parties?q=PG-HZ-&page=2")
    assert codes(r) == [f"PG-HZ-{i:03d}" for i in range(50, 55)]
    # past the end: the last page
    r = b.page("/parties?q=PG-HZ-&page=99")
    assert r.doc.find("party-list").get("page") == "2"
    # the branch manager of HZ sees them; the one of SH does not
    assert login("mgr-hz").page("/parties?q=PG-HZ-").doc.find(
        "party-list").get("total") == "55"
    assert login("mgr-sh").page("/parties?q=PG-HZ-").doc.find(
        "party-list").get("total") == "0"


def _csv(resp):
    assert resp.status == 200, resp
    assert resp.content_type == "text/csv", resp
    assert resp.body.startswith(b"\xef\xbb\xbf"), resp.body[:10]
    return list(csv.reader(io.StringIO(resp.body[3:].decode("utf-8"))))


def test_csv_export(env, login):
    db, _ = env
    add_parties(db, "CSV-SH-", "SH", 1, name="=HYPERLINK(\"x\")")
    b = login("admin")
    rows = _csv(b.get("/parties.csv?q=-SH"))
    assert rows[0] == ["code", "name", "kind", "status", "grade", "parent",
                       "unit", "region", "rep", "contact", "phone", "email"]
    body = {r[0]: r for r in rows[1:]}
    assert set(body) == {"A-SH", "D-SH1", "D-SH2", "D-SH3", "D-SHX",
                         "CSV-SH-000"}
    assert body["D-SH3"][5] == "D-SH2"
    assert body["D-SH3"][6] == party_unit_code(db, "D-SH3")
    assert body["D-SH1"][4] == "B"
    # formula injection defused
    assert body["CSV-SH-000"][1] == "'=HYPERLINK(\"x\")"
    # the same sort as the page
    rows = _csv(b.get("/parties.csv?q=-SH&sort=code&dir=desc"))
    assert [r[0] for r in rows[1:]] == sorted(body, reverse=True)
    # and the same scope
    rows = _csv(login("dealer-t-sh1").get("/parties.csv"))
    assert [r[0] for r in rows[1:]] == ["D-SH1"]


# ------------------------------------------------------------------ scope

@pytest.mark.parametrize("user,see,not_see", [
    ("mgr-sh", {"A-SH", "D-SH1", "D-SH2", "D-SH3", "D-SHX"},
     {"A-GZ", "D-GZ1", "C-GZ1"}),
    ("rep-sh", {"A-SH", "D-SH1", "D-SH2", "D-SH3", "D-SHX"},
     {"A-GZ", "D-GZ1", "C-GZ1"}),
    ("agent-t-sh", {"A-SH", "D-SH1", "D-SH2", "D-SH3", "D-SHX"},
     {"A-GZ", "D-GZ1", "C-GZ1"}),
    ("dealer-t-sh1", {"D-SH1"}, {"A-SH", "D-SH2", "D-SH3", "A-GZ", "D-GZ1"}),
    ("dealer-t-sh2", {"D-SH2", "D-SH3"}, {"A-SH", "D-SH1", "D-GZ1"}),
    ("mgr-gz", {"A-GZ", "D-GZ1", "C-GZ1"}, {"A-SH", "D-SH1"}),
])
def test_list_scope(env, login, user, see, not_see):
    b = login(user)
    got = set(codes(b.page("/parties?q=-")))
    assert see <= got, got
    assert not (not_see & got), got
    for code in see:
        b.page(f"/parties/{P[code]}")
    for code in not_see:
        b.page(f"/parties/{P[code]}", status=404)


@pytest.mark.parametrize("user,foreign", [
    ("dealer-t-sh1", "D-GZ1"), ("rep-sh", "A-GZ"), ("dealer-t-sh2", "A-SH"),
    ("agent-t-sh", "C-GZ1")])
def test_foreign_ids_answer_404_everywhere(env, login, user, foreign):
    db, _ = env
    b = login(user)
    fid = P[foreign]
    missing = 9999999999
    for path in (f"/parties/{fid}", f"/parties/{missing}"):
        h = b.get(path)
        assert h.status == 404, h
        x = b.get(path + ".xml", xml=True)
        assert x.status == 404 and x.error_code == "not_found", x
        assert b.get(path + ".csv").status == 404, path
    # the list with the foreign party as a filter shows nothing of it
    x = b.page(f"/parties?parent={fid}")
    assert codes(x) == [] and x.doc.find("party-list").get(
        "parent-code") is None
    assert _csv(b.get(f"/parties.csv?parent={fid}"))[1:] == []
    # the denial was logged
    assert int(db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'party' AND "
        f"entity_id = {fid} AND action = 'denied'")) >= 1


def test_channel_users_see_no_edit_links_and_cannot_write(env, login):
    db, _ = env
    b = login("agent-t-sh")
    x = b.page(f"/parties/{P['D-SH1']}")
    n = x.doc.find("party")
    assert n.get("can-edit") is None and n.get("can-grade") is None
    assert n.find("history") is None
    assert x.doc.find("party").find("account") is not None
    assert b.page("/parties").doc.find("party-list").get("can-edit") is None
    before = version(db, "D-SH1")
    r = b.send(f"/parties/{P['D-SH1']}/status",
               {"action": "suspend", "version": before})
    assert r.status == 403, r
    assert b.get(f"/parties/{P['D-SH1']}/edit").status == 403
    assert version(db, "D-SH1") == before
    # the dealer's path starts at its own party (the agent is outside)
    x = login("dealer-t-sh2").page(f"/parties/{P['D-SH3']}")
    assert [p.get("code") for p in x.doc.findall("party/path/party")] == [
        "D-SH2"]
    assert x.doc.find("party").get("parent-code") == "D-SH2"
    x = login("dealer-t-sh2").page(f"/parties/{P['D-SH2']}")
    assert x.doc.find("party").get("parent-id") is None


def test_detail_page(env, login):
    b = login("mgr-sh")
    x = b.page(f"/parties/{P['D-SH3']}")
    n = x.doc.find("party")
    assert [p.get("code") for p in n.findall("path/party")] == [
        "A-SH", "D-SH2"]
    assert n.get("can-edit") == "true"
    a = n.find("account")
    assert a.get("credit-limit") == str(channel.LIMIT)
    assert a.get("credit-limit-text") == "50,000.00"
    assert a.get("hold") == "none"
    x = b.page(f"/parties/{P['A-SH']}")
    assert {p.get("code") for p in x.doc.findall("party/children/party")} \
        == {"D-SH1", "D-SH2", "D-SHX"}
    h = b.get(f"/parties/{P['A-SH']}")
    assert f'href="/accounts/{P["A-SH"]}"' in h.text


# ------------------------------------------------------------------ create

def test_create_writes_closure_account_and_audit(env, login):
    db, _ = env
    b = login("mgr-sh")
    rep = db.scalar("SELECT s.id FROM staff s JOIN qd_user q ON "
                    "q.id = s.user_id WHERE q.login = 'rep-sh'")
    r = b.send("/parties/new", party_form(
        db, code="D-SH1-A", name="徐汇分销点", parent="D-SH1", rep=rep,
        contact="王五", phone="021-1", email="a@example.com"), 303)
    pid = location_id(r, "/parties/")
    row = party_row(db, "D-SH1-A")
    assert int(row[0]) == pid and int(row[1]) == P["D-SH1"]
    assert row[3] == "applied" and int(row[4]) == 1
    assert {(a, k) for a, d, k in closure(db) if d == pid} == {
        (pid, 0), (P["D-SH1"], 1), (P["A-SH"], 2)}
    acc = db.query("SELECT receivable, prepayment, rebate, open_orders, "
                   "exposure, credit_limit, hold FROM party_account "
                   f"WHERE party_id = {pid}")
    assert [tuple(str(v) for v in acc[0])] == [
        ("0", "0", "0", "0", "0", "0", "none")]
    assert [a for a, _ in audit_rows(db, "party", pid)] == ["create"]
    # the dealer above sees it, the sibling dealer does not
    login("dealer-t-sh1").page(f"/parties/{pid}")
    login("dealer-t-sh2").page(f"/parties/{pid}", status=404)
    assert closure(db) == closure_from_parents(db)


def test_create_refusals_keep_values_and_change_nothing(env, login):
    db, _ = env
    b = login("mgr-sh")
    n0 = db.scalar("SELECT COUNT(*) FROM party")
    typed = party_form(db, code="A-SH", name="重复 <b>", contact="赵六",
                       parent="A-GZ", email="nope", kind="dealer")
    r = b.send("/parties/new", typed, 422)
    msgs = field_messages(r)
    assert "code_taken" in msgs["code"]
    assert "no_such_party" in msgs["parent"]  # A-GZ is outside the scope
    assert "bad_email" in msgs["email"]
    f = r.doc.find("party-form")
    assert (f.get("code"), f.get("name"), f.get("contact"),
            f.get("parent"), f.get("email")) == (
        "A-SH", "重复 <b>", "赵六", "A-GZ", "nope")
    # the HTML form shows them again too
    h = b.post("/parties/new", typed)
    assert h.status == 422
    root = qs.assert_html_page(h)
    assert root.get_element_by_id("f-name").get("value") == "重复 <b>"
    # a missing name, a foreign unit, a customer as parent
    r = b.send("/parties/new", party_form(
        db, code="X-1", unit=unit_id(db, "GZ")), 422)
    msgs = field_messages(r)
    assert "required" in msgs["name"] and "no_such_unit" in msgs["unit"]
    r = login("admin").send("/parties/new", party_form(
        db, code="X-2", name="x", parent="C-GZ1"), 422)
    assert "bad_parent" in field_messages(r)["parent"]
    assert b.send("/parties/new", {}).status == 422
    assert db.scalar("SELECT COUNT(*) FROM party") == n0


# ------------------------------------------------------------------ edit

def test_edit_and_stale_version(env, login):
    db, _ = env
    b = login("mgr-sh")
    pid = P["D-SH2"]
    x = b.page(f"/parties/{pid}/edit")
    f = x.doc.find("party-form")
    assert f.get("code") == "D-SH2" and f.get("unit") == str(
        unit_id(db, party_unit_code(db, "D-SH2")))
    v = version(db, "D-SH2")
    fields = party_form(db, code="D-SH2", name="闵行日用品（新）",
                        contact="钱七", version=v)
    r = b.send(f"/parties/{pid}/edit", fields, 303)
    row = party_row(db, "D-SH2")
    assert row[2] == "闵行日用品（新）" and int(row[4]) == v + 1
    assert int(row[1]) == P["A-SH"]  # the parent is kept
    assert audit_rows(db, "party", pid)[-1][0] == "update"
    # the same form again: stale
    fields["name"] = "另一个名字"
    r = b.send(f"/parties/{pid}/edit", fields, 409)
    assert party_row(db, "D-SH2")[2] == "闵行日用品（新）"
    f = r.doc.find("party-form")
    assert f.get("name") == "另一个名字"
    assert f.find("conflict").get("name") == "闵行日用品（新）"
    assert f.get("version") == str(v + 1)
    assert b.post(f"/parties/{pid}/edit", fields).status == 409
    # a party with children cannot become a customer
    r = b.send(f"/parties/{P['A-SH']}/edit", party_form(
        db, kind="customer", code="A-SH", name="x",
        version=version(db, "A-SH")), 422)
    assert "has_children" in field_messages(r)["kind"]
    # foreign: 404, nothing changed
    r = b.send(f"/parties/{P['A-GZ']}/edit", party_form(
        db, code="A-GZ", name="x", version=1), 404)
    assert party_row(db, "A-GZ")[2] != "x"


# ------------------------------------------------------------------ move

def test_move_refuses_a_cycle(env, login):
    db, _ = env
    b = login("mgr-sh")
    before = closure(db)
    v = version(db, "A-SH")
    for target in ("D-SH3", "A-SH", "D-SH2"):
        r = b.send(f"/parties/{P['A-SH']}/move",
                   {"parent": target, "version": v}, 422)
        assert "under_itself" in field_messages(r)["parent"]
    r = b.send(f"/parties/{P['D-SH2']}/move",
               {"parent": "A-GZ", "version": version(db, "D-SH2")}, 422)
    assert "no_such_party" in field_messages(r)["parent"]
    r = b.send(f"/parties/{P['D-SH2']}/move",
               {"parent": "D-SH1", "version": version(db, "D-SH2") + 5}, 409)
    assert closure(db) == before
    assert version(db, "A-SH") == v
    b.page(f"/parties/{P['D-SH2']}/move")


def test_move_keeps_scope_right(env, login):
    db, _ = env
    b = login("mgr-sh")
    login("dealer-t-sh2").page(f"/parties/{P['D-SH3']}")
    login("dealer-t-sh1").page(f"/parties/{P['D-SH3']}", status=404)
    b.send(f"/parties/{P['D-SH3']}/move",
               {"parent": "D-SH1", "version": version(db, "D-SH3")}, 303)
    assert int(party_row(db, "D-SH3")[1]) == P["D-SH1"]
    assert closure(db) == closure_from_parents(db)
    login("dealer-t-sh2").page(f"/parties/{P['D-SH3']}", status=404)
    login("dealer-t-sh1").page(f"/parties/{P['D-SH3']}")
    act, detail = audit_rows(db, "party", P["D-SH3"])[-1]
    assert act == "move" and "D-SH2" in detail and "D-SH1" in detail
    # to the root and back
    b.send(f"/parties/{P['D-SH3']}/move",
           {"parent": "", "version": version(db, "D-SH3")}, 303)
    assert not party_row(db, "D-SH3")[1]
    assert closure(db) == closure_from_parents(db)
    b.send(f"/parties/{P['D-SH3']}/move",
           {"parent": "D-SH1", "version": version(db, "D-SH3")}, 303)
    assert closure(db) == closure_from_parents(db)


# ------------------------------------------------------------------ status

def test_status_moves_and_retire_refusals(env, login):
    db, _ = env
    b = login("mgr-gz")
    # A-GZ has a child that is not retired
    r = b.send(f"/parties/{P['A-GZ']}/status",
               {"action": "retire", "version": version(db, "A-GZ")}, 422)
    assert "has_children" in field_messages(r)["action"]
    # D-GZ1 has a receivable
    db.write("UPDATE party_account SET receivable = 100 "
             f"WHERE party_id = {P['D-GZ1']}")
    r = b.send(f"/parties/{P['D-GZ1']}/status",
               {"action": "retire", "version": version(db, "D-GZ1")}, 422)
    assert "has_balance" in field_messages(r)["action"]
    assert party_row(db, "D-GZ1")[3] == "approved"
    db.write("UPDATE party_account SET receivable = 0, prepayment = 5 "
             f"WHERE party_id = {P['D-GZ1']}")
    r = b.send(f"/parties/{P['D-GZ1']}/status",
               {"action": "retire", "version": version(db, "D-GZ1")}, 422)
    assert "has_balance" in field_messages(r)["action"]
    db.write("UPDATE party_account SET prepayment = 0 "
             f"WHERE party_id = {P['D-GZ1']}")
    # suspend, a stale second suspend, reactivate
    v = version(db, "D-GZ1")
    b.send(f"/parties/{P['D-GZ1']}/status",
           {"action": "suspend", "version": v}, 303)
    assert party_row(db, "D-GZ1")[3] == "suspended"
    r = b.send(f"/parties/{P['D-GZ1']}/status",
               {"action": "suspend", "version": v}, 422)
    assert "bad_transition" in field_messages(r)["action"]
    r = b.send(f"/parties/{P['D-GZ1']}/status",
               {"action": "reactivate", "version": v}, 409)
    assert party_row(db, "D-GZ1")[3] == "suspended"
    b.send(f"/parties/{P['D-GZ1']}/status",
           {"action": "reactivate", "version": v + 1}, 303)
    assert party_row(db, "D-GZ1")[3] == "approved"
    # an application is not this module's to suspend
    r = login("mgr-sh").send(f"/parties/{P['D-SHX']}/status",
                             {"action": "suspend",
                              "version": version(db, "D-SHX")}, 422)
    assert party_row(db, "D-SHX")[3] == "applied"
    # the leaf retires; then its agent can
    b.send(f"/parties/{P['D-GZ1']}/status",
           {"action": "retire", "version": version(db, "D-GZ1")}, 303)
    b.send(f"/parties/{P['A-GZ']}/status",
           {"action": "retire", "version": version(db, "A-GZ")}, 303)
    assert party_row(db, "A-GZ")[3] == "retired"
    acts = [a for a, _ in audit_rows(db, "party", P["D-GZ1"])]
    assert acts[-3:] == ["suspend", "reactivate", "retire"]
    # a retired party cannot be a parent
    r = b.send("/parties/new", party_form(
        db, code="D-GZ9", name="x", parent="A-GZ",
        unit=unit_id(db, "GZ")), 422)
    assert "parent_inactive" in field_messages(r)["parent"]
    assert b.send(f"/parties/{P['A-GZ']}/status", {}).status == 422


# ------------------------------------------------------------------ grades

def test_grade_change_writes_history(env, login):
    db, _ = env
    b = login("mgr-sh")
    assert b.get(f"/parties/{P['D-SH2']}.xml", xml=True).doc.find(
        "party").get("can-grade") is None  # branch managers lack grade.edit
    d = login("director")
    v = version(db, "D-SH2")
    r = d.send(f"/parties/{P['D-SH2']}/grade",
               {"grade": channel.GRADE["B"], "note": "年度评定",
                "version": v}, 303)
    row = party_row(db, "D-SH2")
    assert int(row[5]) == channel.GRADE["B"] and int(row[4]) == v + 1
    hist = db.query("SELECT grade_id, prev_id, note FROM grade_history "
                    f"WHERE party_id = {P['D-SH2']}")
    assert [(int(g), p or None, n) for g, p, n in hist] == [
        (channel.GRADE["B"], None, "年度评定")]
    assert audit_rows(db, "party", P["D-SH2"])[-1][0] == "grade"
    x = d.page(f"/parties/{P['D-SH2']}")
    ch = x.doc.find("party/grade-history/change")
    assert (ch.get("to-code"), ch.get("from-code"), ch.get("note"),
            ch.get("login")) == ("B", None, "年度评定", "director")
    # stale: 409, nothing written
    r = d.send(f"/parties/{P['D-SH2']}/grade",
               {"grade": channel.GRADE["A"], "version": v}, 409)
    assert int(party_row(db, "D-SH2")[5]) == channel.GRADE["B"]
    # no such grade
    r = d.send(f"/parties/{P['D-SH2']}/grade",
               {"grade": 12345, "version": v + 1}, 422)
    assert "no_such_grade" in field_messages(r)["grade"]
    # back to none
    d.send(f"/parties/{P['D-SH2']}/grade",
           {"grade": "", "note": "", "version": v + 1}, 303)
    assert not party_row(db, "D-SH2")[5]
    assert int(db.scalar("SELECT COUNT(*) FROM grade_history "
                         f"WHERE party_id = {P['D-SH2']}")) == 2
    # without grade.edit: 403
    assert b.send(f"/parties/{P['D-SH2']}/grade",
                  {"grade": channel.GRADE["A"],
                   "version": v + 2}).status == 403


def test_grades_pages(env, login):
    db, _ = env
    d = login("director")
    x = d.page("/grades")
    a = [g for g in x.doc.findall("grades/grade") if g.get("code") == "A"][0]
    assert (a.get("discount"), a.get("discount-text")) == ("800", "8.00")
    d.page("/grades/new")
    r = d.send("/grades/new", {"code": "VIP", "name": "贵宾", "discount":
                               "12.5", "sort_key": "0", "note": "",
                               "status": "active"}, 303)
    assert db.query("SELECT discount, status, version FROM party_grade "
                    "WHERE code = 'VIP'") == [["1250", "active", "1"]]
    for bad in ("12.345", "101", "-1", "abc"):
        r = d.send("/grades/new", {"code": "V2", "name": "x", "discount":
                                   bad, "status": "active"}, 422)
        assert "bad_rate" in field_messages(r)["discount"]
        assert r.doc.find("grade-form").get("discount") == bad
    r = d.send("/grades/new", {"code": "VIP", "name": "x",
                               "status": "active"}, 422)
    assert "code_taken" in field_messages(r)["code"]
    gid = int(db.scalar("SELECT id FROM party_grade WHERE code = 'VIP'"))
    x = d.page(f"/grades/{gid}/edit")
    assert x.doc.find("grade-form").get("discount") == "12.50"
    fields = {"code": "VIP", "name": "贵宾客户", "discount": "15",
              "sort_key": "9", "note": "n", "status": "active",
              "version": "1"}
    d.send(f"/grades/{gid}/edit", fields, 303)
    assert str(db.scalar("SELECT discount FROM party_grade "
                         f"WHERE id = {gid}")) == "1500"
    fields["name"] = "stale"
    r = d.send(f"/grades/{gid}/edit", fields, 409)
    assert r.doc.find("grade-form/conflict").get("name") == "贵宾客户"
    assert [a for a, _ in audit_rows(db, "party_grade", gid)] == [
        "create", "update"]
    d.page("/grades/9999999/edit", status=404)
    # a retired grade cannot be given
    fields = {"code": "VIP", "name": "贵宾客户", "discount": "15",
              "sort_key": "9", "note": "", "status": "retired",
              "version": "2"}
    d.send(f"/grades/{gid}/edit", fields, 303)
    r = d.send(f"/parties/{P['D-SH1']}/grade",
               {"grade": gid, "version": version(db, "D-SH1")}, 422)
    assert "grade_retired" in field_messages(r)["grade"]
    # channel users and reps have no grade pages
    assert login("dealer-t-sh1").get("/grades").status == 403
    assert login("rep-sh").get("/grades").status == 403


# ------------------------------------------------------------------ XSS

XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']


@pytest.mark.parametrize("payload", XSS)
def test_text_fields_are_escaped(env, login, payload):
    db, _ = env
    b = login("mgr-sh")
    tag = "X1" if payload.startswith("<s") else "X2"
    code = f"XSS-{tag}"
    r = b.send("/parties/new", party_form(
        db, code=code, name=payload, short_name=payload[:40],
        contact=payload[:60], phone=payload[:40], address=payload,
        tax_no=payload[:40], bank_name=payload, bank_account=payload[:40],
        note=payload), 303)
    pid = location_id(r, "/parties/")
    for path in (f"/parties/{pid}", f"/parties?q={qs.quote(code)}",
                 f"/parties/{pid}/edit", f"/parties?q={qs.quote(payload)}"):
        h = b.get(path)
        assert h.status == 200, h
        root = qs.assert_html_page(h)
        assert payload.encode() not in h.body, path
        assert not [i for i in root.iter("img")], path
        assert all(s.get("src") for s in root.iter("script")), path
    x = b.page(f"/parties/{pid}")
    assert x.doc.find("party").get("name") == payload
    # CSV keeps the text (a spreadsheet shows it as text)
    rows = _csv(b.get(f"/parties.csv?q={qs.quote(code)}"))
    assert rows[1][1] == payload
    # a 422 echoes it escaped too
    h = b.post("/parties/new", party_form(db, code=code, name=payload))
    assert h.status == 422 and payload.encode() not in h.body
