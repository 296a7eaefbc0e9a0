"""test_channel.py - qualification of the channel and the channel map
(issue 4: src/modules/channel.c).

Each database kind gets its own database (the demo organisation, 20
products, the small known channel of channel.py) and a stack on it.

  documents  upload (multipart) and download: bytes identical, the
             attachment headers; a disguised file refused; the check with
             its version; foreign ids 404
  /apply     the public application: party, closure, account, licence,
             audit; 422 with the typed values; CSRF required
  qualify    422 without a checked licence, 422 without a flow (nothing
             changed), then with a flow the administrator defines: review,
             the manager approves, the dealer's user logs in
  map        scope, filters, links, and 400 more parties drawn quickly
"""
import os
import time
import urllib.parse
import uuid

import pytest

import channel
import stack as qs

PW = qs.DEMO_PASSWORD
PARTY = channel.PARTY

PDF = b"%PDF-1.4\n" + bytes(range(256)) + b"\x00\xff\x00\xff" + \
    os.urandom(20000) + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)
HTML_AS_PDF = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


class Browser(qs.Browser):
    demo_password = PW

    def page(self, path, status=200):
        """GET path as XML (valid against page.xsd) and as HTML (parsed
        with the CSP rules); returns the XML response."""
        x = self.get(path + ".xml" if "?" not in path
                     else path.replace("?", ".xml?", 1), xml=True)
        assert x.status == status, x
        qs.assert_valid_page(x)
        h = self.get(path)
        assert h.status == status, h
        qs.assert_html_page(h)
        return x

    def multipart(self, target, fields, files, csrf=True, xml=False):
        """POST multipart/form-data: fields {name: text}, files {name:
        (filename, content type, bytes)}."""
        fields = dict(fields)
        if csrf is True:
            fields["csrf"] = self.csrf()
        elif csrf:
            fields["csrf"] = csrf
        boundary = "----qd" + uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(
                f"--{boundary}\r\nContent-Disposition: form-data; "
                f"name=\"{k}\"\r\n\r\n".encode() + v.encode() + b"\r\n")
        for k, (fn, ct, data) in files.items():
            parts.append(
                f"--{boundary}\r\nContent-Disposition: form-data; "
                f"name=\"{k}\"; filename=\"{fn}\"\r\nContent-Type: {ct}"
                "\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        h = dict(qs.XML_ACCEPT) if xml else {}
        return self._keep(self.c.post(
            target, body, f"multipart/form-data; boundary={boundary}",
            self.headers(h)))


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from channel.environment(db_kind, tmp_path_factory, "ch", PW)


def user(env, login):
    return Browser(env[1]).login(login)


def anon(env):
    return Browser(env[1])


def scalar(env, sql):
    return env[0].scalar(sql)


def count(env, sql):
    return int(env[0].scalar(sql))


def null(v):
    """NULL as the oracle reads it (None from sqlite3, '' from psql)."""
    return v is None or v == ""


def codes(resp):
    return [m.get("code") for m in resp.doc.iter("message")]


def upload(b, pid, data, name="licence.pdf", kind="licence",
           ctype="application/pdf", xml=False):
    return b.multipart(f"/parties/{pid}/docs", {"kind": kind},
                       {"file": (name, ctype, data)}, xml=xml)


def doc_ids(env, pid):
    return [int(r[0]) for r in env[0].query(
        f"SELECT id FROM party_doc WHERE party_id = {pid} ORDER BY id")]


# ------------------------------------------------------------ documents

def test_upload_download_round_trip(env):
    rep = user(env, "rep-sh")
    pid = PARTY["D-SH1"]
    r = upload(rep, pid, PDF, name="营业执照 2026.pdf")
    assert r.status == 303, r
    assert r.header("Location") == f"/parties/{pid}/docs"
    did = doc_ids(env, pid)[-1]
    row = env[0].query(f"SELECT kind, file_name, mime, byte_size, status, "
                       f"uploaded_by FROM party_doc WHERE id = {did}")[0]
    assert row[:5] == ["licence", "营业执照 2026.pdf", "application/pdf",
                       str(len(PDF)), "pending"]
    assert row[5] is not None
    assert count(env, "SELECT COUNT(*) FROM audit_log WHERE entity = "
                      f"'party_doc' AND entity_id = {did} AND action = "
                      "'upload'") == 1

    d = rep.get(f"/parties/{pid}/docs/{did}")
    assert d.status == 200, d
    assert d.body == PDF
    assert d.header("Content-Type") == "application/pdf"
    cd = d.header("Content-Disposition")
    assert cd.startswith("attachment; "), cd
    assert 'filename="_____2026.pdf"' in cd, cd
    assert "filename*=UTF-8''" + urllib.parse.quote(
        "营业执照 2026.pdf", safe="") in cd, cd
    assert d.header("X-Content-Type-Options") == "nosniff"
    assert "no-store" in d.header("Cache-Control")

    # the list shows it; dealer-t-sh1 (its own party) may read it too
    x = rep.page(f"/parties/{pid}/docs")
    docs = x.doc.find("party-docs")
    assert docs.get("can-upload") == "true"
    assert docs.get("can-check") == "true"
    mine = [e for e in docs.findall("doc") if e.get("id") == str(did)][0]
    assert mine.get("size") == str(len(PDF))
    assert mine.get("file-name") == "营业执照 2026.pdf"
    dealer = user(env, "dealer-t-sh1")
    assert dealer.get(f"/parties/{pid}/docs/{did}").body == PDF
    x = dealer.page(f"/parties/{pid}/docs")
    assert x.doc.find("party-docs").get("can-upload") is None

    # a PNG keeps its type; a name with a wrong extension gets the right one
    r = upload(rep, pid, PNG, name="scan.pdf", kind="tax",
               ctype="application/pdf")
    assert r.status == 303, r
    did2 = doc_ids(env, pid)[-1]
    d = rep.get(f"/parties/{pid}/docs/{did2}")
    assert d.body == PNG
    assert d.header("Content-Type") == "image/png"
    assert 'filename="scan.pdf.png"' in d.header("Content-Disposition")


def test_file_sizes(env):
    """Documents up to 5 MB pass nginx and the worker (the upload routes
    have their own body limit); 5 MB + 1 is refused by the module (422),
    a body beyond the upload limit by nginx (413); nothing is stored."""
    rep = user(env, "rep-sh")
    pid = PARTY["A-SH"]
    big = PDF + b"\0" * (3 * 1024 * 1024)
    assert upload(rep, pid, big, name="big.pdf").status == 303
    did = doc_ids(env, pid)[-1]
    assert rep.get(f"/parties/{pid}/docs/{did}").body == big
    before = doc_ids(env, pid)
    r = upload(rep, pid, PDF + b"\0" * (5 * 1024 * 1024 + 1 - len(PDF)),
               xml=True)
    assert r.status == 422 and "file_too_large" in codes(r), r
    r = upload(rep, pid, PDF + b"\0" * (7 * 1024 * 1024), xml=True)
    assert r.status == 413, r
    assert doc_ids(env, pid) == before
    # other routes keep the 1 MiB limit
    r = rep.post("/parties/new", {"name": "x" * (2 * 1024 * 1024)}, xml=True)
    assert r.status == 413, r


def test_disguised_file_refused(env):
    rep = user(env, "rep-sh")
    pid = PARTY["D-SH2"]
    before = doc_ids(env, pid)
    r = upload(rep, pid, HTML_AS_PDF, name="licence.pdf", xml=True)
    assert r.status == 422, r
    assert "bad_file_type" in codes(r)
    qs.assert_valid_page(r)
    r = upload(rep, pid, PDF, kind="passport", xml=True)
    assert r.status == 422 and "bad_choice" in codes(r) or \
        r.status == 422, r
    r = upload(rep, pid, b"", name="", xml=True)
    assert r.status == 422, r
    # a file in an undeclared field: 400
    r = rep.multipart(f"/parties/{pid}/docs", {"kind": "licence"},
                      {"other": ("x.pdf", "application/pdf", PDF)}, xml=True)
    assert r.status == 400, r
    # no CSRF token: refused before anything
    r = rep.multipart(f"/parties/{pid}/docs", {"kind": "licence"},
                      {"file": ("x.pdf", "application/pdf", PDF)},
                      csrf=None, xml=True)
    assert r.status == 403, r
    assert doc_ids(env, pid) == before


def test_check_document(env):
    mgr = user(env, "mgr-sh")
    pid = PARTY["D-SH2"]
    assert upload(mgr, pid, PDF).status == 303
    did = doc_ids(env, pid)[-1]
    url = f"/parties/{pid}/docs/{did}/check"
    r = mgr.post(url, {"status": "refused", "version": "1"}, xml=True)
    assert r.status == 422 and "required" in codes(r), r   # why refused?
    r = mgr.post(url, {"status": "maybe", "version": "1"}, xml=True)
    assert r.status == 422, r
    r = mgr.post(url, {"status": "checked", "note": "ok", "version": "1"})
    assert r.status == 303, r
    row = env[0].query(f"SELECT status, note, version FROM party_doc "
                       f"WHERE id = {did}")[0]
    assert row == ["checked", "ok", "2"]
    # the same version again: 409, nothing changed
    r = mgr.post(url, {"status": "refused", "note": "x", "version": "1"},
                 xml=True)
    assert r.status == 409, r
    assert scalar(env, f"SELECT status FROM party_doc WHERE id = {did}") \
        == "checked"
    assert count(env, "SELECT COUNT(*) FROM audit_log WHERE entity = "
                      f"'party_doc' AND entity_id = {did} AND action = "
                      "'check'") == 1
    # a dealer may not check (no party.qualify)
    dealer = user(env, "dealer-t-sh2")
    r = dealer.post(url, {"status": "refused", "note": "x", "version": "2"},
                    xml=True)
    assert r.status == 403, r


def test_foreign_documents_404(env):
    gz = user(env, "mgr-gz")
    pid = PARTY["D-GZ1"]
    assert upload(gz, pid, PDF).status == 303
    did = doc_ids(env, pid)[-1]
    assert gz.get(f"/parties/{pid}/docs/{did}").body == PDF
    dealer = user(env, "dealer-t-sh1")
    for path in (f"/parties/{pid}/docs/{did}", f"/parties/{pid}/docs",
                 f"/parties/{PARTY['D-SH1']}/docs/{did}"):
        r = dealer.get(path)
        assert r.status == 404, (path, r)
        assert str(pid).encode() not in (r.body or b"")
    # the missing id answers alike
    assert dealer.get(f"/parties/{pid}/docs/99999999").status == 404
    rep = user(env, "rep-sh")
    assert rep.get(f"/parties/{pid}/docs/{did}").status == 404
    r = upload(rep, pid, PDF, xml=True)
    assert r.status == 404, r
    r = rep.post(f"/parties/{pid}/docs/{did}/check",
                 {"status": "refused", "note": "x", "version": "1"}, xml=True)
    assert r.status == 404, r
    assert scalar(env, f"SELECT status FROM party_doc WHERE id = {did}") \
        == "pending"


# ------------------------------------------------------------ /apply

def apply_fields(region, **kw):
    f = {"name": "杭州新世纪贸易有限公司", "kind": "dealer",
         "region": str(region), "contact": "王经理",
         "phone": "+86 571-8888 0000", "email": "wang@example.com",
         "address": "杭州市西湖区文三路 1 号", "tax_no": "91330100MA2XXXX"}
    f.update(kw)
    return f


def new_district(env):
    """A district under Shanghai that no unit covers: the application must
    walk up to Shanghai's branch."""
    db = env[0]
    rid = 9400000001
    if count(env, f"SELECT COUNT(*) FROM sales_region WHERE id = {rid}"):
        return rid
    sh = db.scalar("SELECT id FROM sales_region WHERE code = 'CN-EC-SH'")
    db.write(
        "INSERT INTO sales_region (id, parent_id, kind, code, name, version)"
        f" VALUES ({rid}, {sh}, 'district', 'CN-EC-SH-PD', '浦东', 1)",
        "INSERT INTO region_closure (ancestor_id, descendant_id, depth) "
        f"VALUES ({rid}, {rid}, 0)",
        "INSERT INTO region_closure (ancestor_id, descendant_id, depth) "
        f"SELECT ancestor_id, {rid}, depth + 1 FROM region_closure "
        f"WHERE descendant_id = {sh}")
    return rid


def test_apply_creates_application(env):
    db = env[0]
    rid = new_district(env)
    v = anon(env)
    x = v.page("/apply")
    form = x.doc.find("apply-form")
    assert any(o.get("id") == str(rid) for o in form.findall("region-option"))
    r = v.multipart("/apply", apply_fields(rid),
                    {"licence": ("执照.pdf", "application/pdf", PDF)})
    assert r.status == 303, r
    loc = r.header("Location")
    assert loc.startswith("/apply/done?ref=AP"), loc
    ref = loc.split("=", 1)[1]
    pid = int(ref[2:])
    row = db.query("SELECT p.kind, p.code, p.status, o.code, p.region_id, "
                   "p.email, p.tax_no, p.parent_id FROM party p JOIN org_unit"
                   f" o ON o.id = p.unit_id WHERE p.id = {pid}")[0]
    assert row[:7] == ["dealer", ref, "applied", "SH", str(rid),
                       "wang@example.com", "91330100MA2XXXX"]
    assert null(row[7])
    assert db.query("SELECT ancestor_id, depth FROM party_closure WHERE "
                    f"descendant_id = {pid}") == [[str(pid), "0"]]
    assert db.query("SELECT receivable, credit_limit, exposure FROM "
                    f"party_account WHERE party_id = {pid}") == \
        [["0", "0", "0"]]
    doc = db.query("SELECT kind, status, byte_size, uploaded_by FROM "
                   f"party_doc WHERE party_id = {pid}")
    assert len(doc) == 1 and null(doc[0][3])
    assert doc[0][:3] == ["licence", "pending", str(len(PDF))]
    audit = db.query("SELECT user_id, addr FROM audit_log WHERE entity = "
                     f"'party' AND entity_id = {pid} AND action = 'apply'")
    assert len(audit) == 1 and null(audit[0][0]) and audit[0][1]
    d = v.page(loc)
    assert d.doc.find("apply-done").get("ref") == ref
    # staff of the branch see the application in the queue with its paper
    # (the branch SH services it: its manager, not the rep at SH-SD)
    q = user(env, "mgr-sh").page("/qualify").doc.find("qualify-queue")
    mine = [p for p in q.findall("party") if p.get("id") == str(pid)][0]
    assert mine.get("status") == "applied" and mine.get("pending") == "1"
    assert mine.get("checked-licences") == "0"
    # ... and in another branch it is not
    q = user(env, "mgr-gz").page("/qualify").doc.find("qualify-queue")
    assert str(pid) not in [p.get("id") for p in q.findall("party")]
    # an applicant of a region covered only by the headquarters
    hq_region = db.scalar("SELECT id FROM sales_region WHERE code = 'CN'")
    r = v.multipart("/apply", apply_fields(hq_region, kind="agent"),
                    {"licence": ("l.png", "image/png", PNG)})
    assert r.status == 303, r
    pid2 = int(r.header("Location").split("=AP", 1)[1])
    assert count(env, "SELECT COUNT(*) FROM party p JOIN org_unit o ON "
                      f"o.id = p.unit_id WHERE p.id = {pid2} AND "
                      "o.parent_id IS NULL") == 1


def test_apply_refusals_keep_values(env):
    db = env[0]
    rid = new_district(env)
    n = count(env, "SELECT COUNT(*) FROM party")
    v = anon(env)
    r = v.multipart("/apply", apply_fields(rid, email="not-an-address",
                                           name=""),
                    {"licence": ("l.pdf", "application/pdf", PDF)}, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    f = r.doc.find("apply-form")
    assert f.get("email") == "not-an-address"
    assert f.get("contact") == "王经理"
    assert f.get("tax-no") == "91330100MA2XXXX"
    sel = [o for o in f.findall("region-option") if o.get("selected")]
    assert [o.get("id") for o in sel] == [str(rid)]
    fields = {m.get("field") for m in r.doc.iter("message")}
    assert {"email", "name"} <= fields
    # HTML: the typed values are back in the inputs
    h = v.multipart("/apply", apply_fields(rid, phone="call me"),
                    {"licence": ("l.pdf", "application/pdf", PDF)})
    assert h.status == 422
    root = qs.assert_html_page(h)
    assert root.find(".//input[@name='phone']").get("value") == "call me"
    # no file, an empty file, a disguised file, an unknown region
    for files, code in (({}, "required"),
                        ({"licence": ("", "application/octet-stream", b"")},
                         "required"),
                        ({"licence": ("l.pdf", "application/pdf",
                                      HTML_AS_PDF)}, "bad_file_type")):
        r = v.multipart("/apply", apply_fields(rid), files, xml=True)
        assert r.status == 422 and code in codes(r), (code, r)
    r = v.multipart("/apply", apply_fields(987654321),
                    {"licence": ("l.pdf", "application/pdf", PDF)}, xml=True)
    assert r.status == 422 and "no_such_region" in codes(r), r
    r = v.multipart("/apply", apply_fields(rid, kind="customer"),
                    {"licence": ("l.pdf", "application/pdf", PDF)}, xml=True)
    assert r.status == 422, r
    # undeclared field: 400
    r = v.multipart("/apply", apply_fields(rid, status="approved"),
                    {"licence": ("l.pdf", "application/pdf", PDF)}, xml=True)
    assert r.status == 400, r
    assert count(env, "SELECT COUNT(*) FROM party") == n
    assert db is env[0]


def test_apply_needs_csrf(env):
    rid = new_district(env)
    n = count(env, "SELECT COUNT(*) FROM party")
    v = anon(env)
    r = v.multipart("/apply", apply_fields(rid),
                    {"licence": ("l.pdf", "application/pdf", PDF)},
                    csrf=None, xml=True)
    assert r.status == 403 and r.error_code == "csrf", r
    r = v.multipart("/apply", apply_fields(rid),
                    {"licence": ("l.pdf", "application/pdf", PDF)},
                    csrf="x" * 43, xml=True)
    assert r.status == 403, r
    assert count(env, "SELECT COUNT(*) FROM party") == n


# ------------------------------------------------------------ qualification

def login_status(env, login):
    b = anon(env)
    return b.post("/login", {"login": login, "password": PW}).status


def define_party_flow(env):
    admin = user(env, "admin")
    rid = scalar(env, "SELECT id FROM qd_role WHERE code = 'branch_mgr'")
    f = {"code": "party_t", "name": "Dealer qualification", "doc_type":
         "party", "status": "active", "s1_name": "Branch manager",
         "s1_approver": "role", "s1_role": str(rid), "s1_reject": "end"}
    r = admin.post("/workflow/flows/new", f)
    assert r.status == 303, r


def test_qualify_and_approve(env):
    db = env[0]
    pid = PARTY["D-SHX"]
    assert login_status(env, "dealer-t-shx") == 422     # applied: no login
    rep = user(env, "rep-sh")

    def qualify(b=rep):
        v = scalar(env, f"SELECT version FROM party WHERE id = {pid}")
        return b.post(f"/parties/{pid}/qualify", {"version": v}, xml=True)

    r = qualify()
    assert r.status == 422 and "no_checked_licence" in codes(r), r
    assert upload(rep, pid, PDF).status == 303
    did = doc_ids(env, pid)[-1]
    r = qualify()                                   # pending is not enough
    assert r.status == 422 and "no_checked_licence" in codes(r), r
    assert rep.post(f"/parties/{pid}/docs/{did}/check",
                    {"status": "checked", "version": "1"}).status == 303
    # rep-gz and mgr-gz: another branch's party is not found
    assert qualify(user(env, "rep-gz")).status == 404
    gz = user(env, "mgr-gz")
    r = qualify(gz)
    assert r.status == 404, r
    # no flow for parties yet: 422 and everything rolled back
    v0 = scalar(env, f"SELECT version FROM party WHERE id = {pid}")
    r = qualify()
    assert r.status == 422 and "no_flow" in codes(r), r
    assert db.query(f"SELECT status, version FROM party WHERE id = {pid}") \
        == [["applied", v0]]
    assert count(env, "SELECT COUNT(*) FROM wf_instance WHERE doc_type = "
                      f"'party' AND doc_id = {pid}") == 0

    define_party_flow(env)
    r = rep.post(f"/parties/{pid}/qualify", {"version": "99"}, xml=True)
    assert r.status == 409, r                       # a stale version
    r = qualify()
    assert r.status == 303, r
    assert scalar(env, f"SELECT status FROM party WHERE id = {pid}") \
        == "review"
    r = qualify()                                   # not applied any more
    assert r.status == 422 and "not_applied" in codes(r), r
    iid = scalar(env, "SELECT id FROM wf_instance WHERE doc_type = 'party' "
                      f"AND doc_id = {pid}")
    assert login_status(env, "dealer-t-shx") == 422     # review: no login

    mgr = user(env, "mgr-sh")
    inbox = mgr.get("/workflow/inbox.xml", xml=True)
    items = [i for i in inbox.doc.iter("item") if i.get("instance") == iid]
    assert items, inbox.body[:2000]
    page = mgr.get(f"/workflow/{iid}.xml", xml=True)
    assert b"D-SHX" in page.body, page
    r = mgr.post(f"/workflow/{iid}/decide", {"decision": "approve"})
    assert r.status == 303, r
    assert scalar(env, f"SELECT status FROM party WHERE id = {pid}") \
        == "approved"
    assert count(env, "SELECT COUNT(*) FROM audit_log WHERE entity = "
                      f"'party' AND entity_id = {pid} AND action IN "
                      "('qualify', 'qualify_final')") == 2
    assert login_status(env, "dealer-t-shx") == 303
    q = rep.page("/qualify").doc.find("qualify-queue")
    assert str(pid) not in [p.get("id") for p in q.findall("party")]


# ------------------------------------------------------------ the map

def nodes(x):
    m = x.doc.find("channel-map")
    return {n.get("code"): n for n in m.findall("node")}


def test_map_scope_of_an_agent(env):
    b = user(env, "agent-t-sh")
    x = b.page("/channel/map")
    ns = nodes(x)
    assert set(ns) == {"A-SH", "D-SH1", "D-SH2", "D-SHX"}, set(ns)
    assert ns["D-SH2"].get("hidden") == "1"          # D-SH3 below depth 2
    assert ns["A-SH"].get("level") == "1"
    # the parent sits between its first and last child
    ys = sorted(int(ns[c].get("y")) for c in ("D-SH1", "D-SH2", "D-SHX"))
    assert int(ns["A-SH"].get("y")) == (ys[0] + ys[-1]) // 2
    assert int(ns["A-SH"].get("x")) < int(ns["D-SH1"].get("x"))
    edges = x.doc.find("channel-map").findall("edge")
    assert {(e.get("from"), e.get("to")) for e in edges} == {
        (str(PARTY["A-SH"]), str(PARTY[c])) for c in ("D-SH1", "D-SH2",
                                                       "D-SHX")}
    x = b.page("/channel/map?depth=3")
    assert "D-SH3" in nodes(x)
    # another agent's party as root: 404
    assert b.get(f"/channel/map?root={PARTY['A-GZ']}").status == 404
    x = b.page(f"/channel/map?root={PARTY['D-SH2']}")
    assert set(nodes(x)) == {"D-SH2", "D-SH3"}
    d = user(env, "dealer-t-sh1").page("/channel/map")
    assert set(nodes(d)) == {"D-SH1"}


def test_map_staff_and_filters(env):
    db = env[0]
    rep = user(env, "rep-sh")
    x = rep.page("/channel/map?depth=5")
    ns = nodes(x)
    assert "SH-SD" in ns and ns["SH-SD"].get("kind") == "unit"
    assert {"A-SH", "D-SH1", "D-SH2", "D-SH3", "D-SHX"} <= set(ns)
    assert not {"A-GZ", "D-GZ1", "C-GZ1", "GZ-SD"} & set(ns)
    # the links: every party node to /parties/{id}
    h = rep.get("/channel/map")
    root = qs.assert_html_page(h)
    hrefs = {a.get("href") for a in root.iter("a")}
    assert f"/parties/{PARTY['A-SH']}" in hrefs
    assert root.find(".//svg") is not None

    director = user(env, "director")
    gz = db.scalar("SELECT id FROM org_unit WHERE code = 'GZ'")
    ns = nodes(director.page(f"/channel/map?branch={gz}"))
    assert {"GZ-SD", "A-GZ", "D-GZ1", "C-GZ1"} <= set(ns)
    assert not {"A-SH", "SH-SD"} & set(ns)
    assert ns["C-GZ1"].get("kind") == "customer"
    # region: of the channel only D-SH1 is in the Shanghai district (and
    # the applications made above); without its parent it hangs under SH-SD
    rid = new_district(env)
    db.write(f"UPDATE party SET region_id = {rid} WHERE id = "
             f"{PARTY['D-SH1']}")
    ns = nodes(director.page(f"/channel/map?region={rid}"))
    assert {"SH-SD", "D-SH1"} <= set(ns), set(ns)
    assert not {"A-SH", "D-SH2", "A-GZ"} & set(ns), set(ns)
    assert {c for c in ns if not c.startswith("AP")} <= {"SH", "SH-SD",
                                                         "D-SH1"}
    assert ns["D-SH1"].get("level") == "1"
    sh = db.scalar("SELECT id FROM org_unit WHERE code = 'SH'")
    ns = nodes(director.page(f"/channel/map?region={rid}&branch={gz}"))
    assert set(ns) == set()
    assert sh
    # bad filter values: 400
    assert director.get("/channel/map?depth=0").status == 400
    assert director.get("/channel/map?branch=x").status == 400


def test_map_many_parties(env):
    """400 more dealers under A-GZ, with balances: the page answers fast
    and the SVG draws every one at depth 2."""
    db = env[0]
    ts = f"'{channel.NOW}'" if db.kind == "sqlite" else \
        f"TIMESTAMP '{channel.NOW}'"
    agz = PARTY["A-GZ"]
    sql = []
    for i in range(400):
        pid = 9500000000 + i
        status = ("approved", "applied", "suspended", "retired")[i % 4]
        sql.append(
            "INSERT INTO party (id, kind, code, name, parent_id, unit_id,"
            " status, created_at, updated_at, version) VALUES"
            f" ({pid}, 'dealer', 'D-GZ-M{i:03d}', '广州批发商{i}', {agz},"
            " (SELECT id FROM org_unit WHERE code = 'GZ'),"
            f" '{status}', {ts}, {ts}, 1)")
        sql.append("INSERT INTO party_closure (ancestor_id, descendant_id,"
                   f" depth) VALUES ({pid}, {pid}, 0)")
        sql.append("INSERT INTO party_closure (ancestor_id, descendant_id,"
                   f" depth) VALUES ({agz}, {pid}, 1)")
        sql.append("INSERT INTO party_account (party_id, receivable,"
                   f" updated_at, version) VALUES ({pid}, {i * 1000}, {ts},"
                   " 1)")
    for k in range(0, len(sql), 200):     # psql takes them as an argument
        db.write(*sql[k:k + 200])
    director = user(env, "director")
    t0 = time.monotonic()
    h = director.get("/channel/map")
    elapsed = time.monotonic() - t0
    assert h.status == 200, h
    assert elapsed < 5, elapsed
    root = qs.assert_html_page(h)
    svg = root.find(".//svg")
    assert svg is not None
    x = director.page("/channel/map")
    ns = nodes(x)
    assert len([c for c in ns if c.startswith("D-GZ-M")]) == 400
    big, small = ns["D-GZ-M399"], ns["D-GZ-M001"]
    assert int(big.get("r")) > int(small.get("r"))
    rows = sorted({int(n.get("y")) for n in ns.values()})
    assert len(rows) >= 400                              # no overlaps
    assert int(x.doc.find("channel-map").get("height")) > 400 * 20
