"""test_ledger.py - accounts, credit limits, prepayments and credit holds
(issue 4): /accounts, /accounts/{id}, /accounts/{id}/post, /credit, /hold,
/release, and the commands `qudao check --accounts` and `qudao accounts
review-holds`.

Each database kind gets a database of its own (this module writes): `qudao
init` + `qudao demo`, then the small known channel of channel.py (parties
A-SH, D-SH1 ... with zero balances and credit limit channel.LIMIT).  The
database is the oracle: after every test each balance equals the sum of
its entries (checked in SQL and by `qudao check --accounts`).
"""
import datetime
import threading

import pytest

import channel
import stack as qs

DEMO_PW = qs.DEMO_PASSWORD
P = channel.PARTY


class Browser(qs.Browser):
    demo_password = DEMO_PW

    def xml(self, target):
        r = self.get(target, xml=True)
        qs.assert_valid_page(r)
        return r

    def html(self, target):
        r = self.get(target)
        return r, qs.assert_html_page(r)


env, sessions, login = channel.module_fixtures("ledger", Browser)


@pytest.fixture(autouse=True)
def invariants(env):
    """After every test: each balance equals its ledger, exposure is
    receivable + open orders - prepayment, and qudao agrees."""
    yield
    db = env[0]
    bad = db.query(
        "SELECT a.party_id FROM party_account a WHERE"
        " a.receivable <> (SELECT COALESCE(SUM(e.amount), 0) FROM"
        "  ledger_entry e WHERE e.party_id = a.party_id"
        "  AND e.bucket = 'receivable')"
        " OR a.prepayment <> (SELECT COALESCE(SUM(e.amount), 0) FROM"
        "  ledger_entry e WHERE e.party_id = a.party_id"
        "  AND e.bucket = 'prepayment')"
        " OR a.rebate <> (SELECT COALESCE(SUM(e.amount), 0) FROM"
        "  ledger_entry e WHERE e.party_id = a.party_id"
        "  AND e.bucket = 'rebate')"
        " OR a.exposure <> a.receivable + a.open_orders - a.prepayment")
    assert bad == [], bad
    r = db.run("check", "--accounts")
    assert "0 mismatches" in r.stdout, r.stdout


# ------------------------------------------------------------------ helpers

def account(db, code):
    """{column: int or str} of a party's account row."""
    cols = ("receivable", "prepayment", "rebate", "open_orders", "exposure",
            "credit_limit", "hold", "version")
    row = db.query(f"SELECT {', '.join(cols)} FROM party_account"
                   f" WHERE party_id = {P[code]}")[0]
    return {k: (v if k == "hold" else int(v)) for k, v in zip(cols, row)}


def n_entries(db, code=None):
    where = f" WHERE party_id = {P[code]}" if code else ""
    return int(db.scalar(f"SELECT COUNT(*) FROM ledger_entry{where}"))


def post_form(b, code, kind="payment"):
    """GET the posting form: its one-time source id."""
    r = b.xml(f"/accounts/{P[code]}/post?kind={kind}")
    assert r.status == 200, r
    return r.doc.find("ledger-post-form").get("source")


def post(b, code, kind, amount, source=None, xml=True, csrf=True, **kw):
    if source is None:
        source = post_form(b, code, kind)
    f = {"source": source, "kind": kind, "amount": amount}
    f.update(kw)
    return b.post(f"/accounts/{P[code]}/post", f, csrf=csrf, xml=xml)


def messages(resp):
    return {(m.get("field"), m.get("code"))
            for m in resp.doc.findall("messages/message")}


def today(days=0):
    return (datetime.datetime.now(datetime.timezone.utc).date()
            + datetime.timedelta(days=days)).isoformat()


# ------------------------------------------------------------------ pages

def test_accounts_list_html_xml_csv(env, login):
    b = login("finance")
    r, root = b.html("/accounts")
    assert r.status == 200
    r = b.xml("/accounts.xml?q=D-SH&sort=code&dir=desc")
    codes = [a.get("code") for a in r.doc.findall("ledger-accounts/account")]
    assert codes == sorted([c for c in P if c.startswith("D-SH")],
                           reverse=True)
    a = r.doc.find("ledger-accounts/account")
    assert a.get("credit-limit") == str(channel.LIMIT)
    assert a.get("available-text") == "50,000.00"
    r = b.get("/accounts.csv?q=GZ")
    assert r.status == 200 and "text/csv" in r.header("Content-Type")
    text = r.body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("code,name,kind,receivable")
    assert "D-GZ1" in text and "D-SH1" not in text


def test_scope_of_channel_users(env, login):
    db, _ = env
    d = login("dealer-t-sh1")
    r = d.xml("/accounts.xml")
    assert [a.get("code") for a in r.doc.findall("ledger-accounts/account")] \
        == ["D-SH1"]
    assert d.xml(f"/accounts/{P['D-SH1']}.xml").status == 200
    gz = P["D-GZ1"]
    assert d.get(f"/accounts/{gz}").status == 404
    assert d.get(f"/accounts/{gz}", xml=True).status == 404
    assert d.get(f"/accounts/{gz}.csv").status == 404
    assert d.get(f"/accounts/{gz}.xml").status == 404
    csv = d.get("/accounts.csv").body.decode("utf-8-sig")
    assert "D-GZ1" not in csv and "D-SH1" in csv
    a = login("agent-t-sh")
    codes = {x.get("code") for x in
             a.xml("/accounts.xml").doc.findall("ledger-accounts/account")}
    assert codes == {"A-SH", "D-SH1", "D-SH2", "D-SH3", "D-SHX"}
    # channel users and reps may look, not post
    assert d.get(f"/accounts/{P['D-SH1']}/post").status == 403
    rep = login("rep-sh")
    assert rep.get(f"/accounts/{P['D-SH1']}/post").status == 403
    before = n_entries(db)
    r = rep.post(f"/accounts/{P['D-SH1']}/post",
                 {"source": "1", "kind": "payment", "amount": "1"})
    assert r.status == 403
    assert rep.post(f"/accounts/{P['D-SH1']}/credit",
                    {"credit_limit": "1", "version": "1"}).status == 403
    assert n_entries(db) == before


def test_post_each_kind(env, login):
    db, _ = env
    b = login("finance")
    r = post(b, "D-SH2", "adjustment", "1,000.00", bucket="receivable",
             direction="up", note="opening balance")
    assert r.status == 303, r
    assert r.header("Location") == f"/accounts/{P['D-SH2']}?done=posted"
    a = account(db, "D-SH2")
    assert (a["receivable"], a["exposure"]) == (100000, 100000)
    assert post(b, "D-SH2", "payment", "100.10").status == 303
    assert post(b, "D-SH2", "prepayment", "50").status == 303
    assert post(b, "D-SH2", "prepay_apply", "20.5").status == 303
    assert post(b, "D-SH2", "credit_note", "9.40").status == 303
    assert post(b, "D-SH2", "adjustment", "1.00", bucket="rebate",
                direction="up", note="rebate correction").status == 303
    a = account(db, "D-SH2")
    assert a["receivable"] == 100000 - 10010 - 2050 - 940
    assert a["prepayment"] == 5000 - 2050
    assert a["rebate"] == 100
    assert a["exposure"] == a["receivable"] - a["prepayment"]
    # the page shows the entries newest first with the balance after each
    r = b.xml(f"/accounts/{P['D-SH2']}.xml")
    acc = r.doc.find("ledger-account")
    assert acc.get("receivable") == str(a["receivable"])
    entries = acc.findall("entry")
    assert len(entries) == 7
    recv = [e for e in entries if e.get("bucket") == "receivable"]
    assert recv[0].get("balance") == str(a["receivable"])
    assert recv[-1].get("balance") == "100000"
    r = b.xml(f"/accounts/{P['D-SH2']}.xml?kind=payment&from={today(-1)}"
              f"&to={today()}")
    assert [e.get("kind") for e in
            r.doc.findall("ledger-account/entry")] == ["payment"]
    r, _ = b.html(f"/accounts/{P['D-SH2']}?done=posted")
    assert r.status == 200
    csv = b.get(f"/accounts/{P['D-SH2']}.csv").body.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("id,entry_on,kind")
    assert len(csv.splitlines()) == 8
    audits = int(db.scalar("SELECT COUNT(*) FROM audit_log WHERE"
                           " entity = 'party_account' AND action = 'post'"
                           f" AND entity_id = {P['D-SH2']}"))
    assert audits == 6


def test_money_is_exact(env, login):
    db, _ = env
    b = login("finance")
    assert post(b, "A-GZ", "prepayment", "0.10").status == 303
    assert post(b, "A-GZ", "prepayment", "0.20").status == 303
    assert account(db, "A-GZ")["prepayment"] == 30
    r = b.xml(f"/accounts/{P['A-GZ']}.xml")
    assert r.doc.find("ledger-account").get("prepayment-text") == "0.30"


def test_bad_input_changes_nothing(env, login):
    db, _ = env
    b = login("finance")
    before = n_entries(db)
    for amount in ("abc", "0", "-5", "1.234", "1,23.00", ""):
        r = post(b, "D-SH1", "payment", amount)
        assert r.status == 422, (amount, r)
        assert ("amount", "bad_amount") in messages(r) or \
            ("amount", "required") in messages(r), messages(r)
        qs.assert_valid_page(r)
    r = post(b, "D-SH1", "adjustment", "5", bucket="receivable",
             direction="up")
    assert r.status == 422 and ("note", "required") in messages(r)
    r = post(b, "D-SH1", "payment", "5", entry_on=today(3))
    assert r.status == 422 and ("entry_on", "future_date") in messages(r)
    r = post(b, "D-SH1", "bogus", "5", source=post_form(b, "D-SH1"))
    assert r.status == 422 and ("kind", "bad_choice") in messages(r)
    # a source id the server never handed out
    r = post(b, "D-SH1", "prepayment", "5", source="999999999999")
    assert r.status == 400
    # the HTML form again, as typed
    r = post(b, "D-SH1", "payment", "12x", xml=False)
    assert r.status == 422
    assert qs.assert_html_page(r).find(".//input[@name='amount']") \
        .get("value") == "12x"
    assert n_entries(db) == before


def test_payment_beyond_receivable_refused(env, login):
    db, _ = env
    b = login("finance")
    before = account(db, "D-SH1")
    r = post(b, "D-SH1", "payment", "1.00")
    assert r.status == 422 and ("amount", "over_balance") in messages(r)
    assert account(db, "D-SH1") == before


def test_prepay_apply_beyond_balance(env, login):
    db, _ = env
    b = login("finance")
    assert post(b, "D-GZ1", "adjustment", "100", bucket="receivable",
                direction="up", note="invoice").status == 303
    assert post(b, "D-GZ1", "prepayment", "30").status == 303
    before, n = account(db, "D-GZ1"), n_entries(db, "D-GZ1")
    # beyond the prepayment
    r = post(b, "D-GZ1", "prepay_apply", "30.01")
    assert r.status == 422 and ("amount", "over_balance") in messages(r)
    assert account(db, "D-GZ1") == before and n_entries(db, "D-GZ1") == n
    # beyond the receivable
    assert post(b, "D-GZ1", "prepayment", "200").status == 303
    before, n = account(db, "D-GZ1"), n_entries(db, "D-GZ1")
    r = post(b, "D-GZ1", "prepay_apply", "100.01")
    assert r.status == 422
    assert account(db, "D-GZ1") == before and n_entries(db, "D-GZ1") == n
    # exactly the receivable: two entries of one source
    assert post(b, "D-GZ1", "prepay_apply", "100").status == 303
    a = account(db, "D-GZ1")
    assert (a["receivable"], a["prepayment"]) == (0, 13000)
    rows = db.query("SELECT bucket, amount, source_id FROM ledger_entry"
                    f" WHERE party_id = {P['D-GZ1']}"
                    " AND kind = 'prepay_apply' ORDER BY bucket")
    assert [(r[0], r[1]) for r in rows] == [("prepayment", "-10000"),
                                            ("receivable", "-10000")]
    assert rows[0][2] == rows[1][2]


def test_double_submission_sequential(env, login):
    db, _ = env
    b = login("finance")
    src = post_form(b, "C-GZ1", "prepayment")
    r1 = post(b, "C-GZ1", "prepayment", "77.70", source=src)
    assert r1.status == 303
    n = n_entries(db, "C-GZ1")
    r2 = post(b, "C-GZ1", "prepayment", "77.70", source=src)
    assert r2.status == 303
    assert r2.header("Location") == f"/accounts/{P['C-GZ1']}?done=duplicate"
    assert n_entries(db, "C-GZ1") == n
    assert account(db, "C-GZ1")["prepayment"] == 7770
    r = b.xml(r2.header("Location").replace("?", ".xml?"))
    assert ("duplicate" in {m.get("code") for m in
                            r.doc.findall("messages/message")})
    # the same form used for another party: refused
    r3 = post(b, "A-GZ", "prepayment", "77.70", source=src)
    assert r3.status == 409
    assert n_entries(db, "C-GZ1") == n


def test_double_submission_concurrent(env, login):
    db, _ = env
    b = login("finance")
    n = n_entries(db, "A-SH")
    for _ in range(3):
        src = post_form(b, "A-SH", "prepayment")
        token = b.csrf()
        out = []

        def go():
            out.append(post(b, "A-SH", "prepayment", "10", source=src,
                            csrf=token))
        ts = [threading.Thread(target=go) for _ in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert sorted(r.status for r in out) == [303] * 4, out
        locs = [r.header("Location") for r in out]
        assert sum(loc.endswith("done=posted") for loc in locs) == 1, locs
    assert n_entries(db, "A-SH") == n + 3
    assert account(db, "A-SH")["prepayment"] == 3000


def test_credit_limit_edit_and_conflict(env, login):
    db, _ = env
    b = login("finance")
    r = b.xml(f"/accounts/{P['D-SHX']}/credit.xml")
    f = r.doc.find("ledger-credit-form")
    v = f.get("version")
    r = b.post(f"/accounts/{P['D-SHX']}/credit",
               {"credit_limit": "12,345.60", "version": v})
    assert r.status == 303, r
    assert account(db, "D-SHX")["credit_limit"] == 1234560
    # the same old version again: 409 with both values, nothing saved
    r = b.post(f"/accounts/{P['D-SHX']}/credit",
               {"credit_limit": "1.00", "version": v}, xml=True)
    assert r.status == 409
    qs.assert_valid_page(r)
    f = r.doc.find("ledger-credit-form")
    assert f.get("limit-input") == "1.00"
    assert f.find("conflict").get("credit-limit") == "1234560"
    assert account(db, "D-SHX")["credit_limit"] == 1234560
    r = b.post(f"/accounts/{P['D-SHX']}/credit",
               {"credit_limit": "-1", "version": f.get("version")}, xml=True)
    assert r.status == 422
    assert db.query("SELECT detail FROM audit_log WHERE action ="
                    f" 'credit_limit' AND entity_id = {P['D-SHX']}") \
        == [["credit_limit: 50000.00 -> 12345.60"]]
    # mgr-sh holds credit.edit for the SH branch, not for Guangzhou
    m = login("mgr-sh")
    assert m.get(f"/accounts/{P['D-SH1']}/credit").status == 200
    assert m.get(f"/accounts/{P['D-GZ1']}/credit").status == 404


def test_manual_hold_and_release(env, login):
    db, _ = env
    b = login("finance")
    r = b.post(f"/accounts/{P['D-SH1']}/hold", {"reason": ""}, xml=True)
    assert r.status == 422 and ("reason", "required") in messages(r)
    assert account(db, "D-SH1")["hold"] == "none"
    r = b.post(f"/accounts/{P['D-SH1']}/hold", {"reason": "dispute"})
    assert r.status == 303
    assert account(db, "D-SH1")["hold"] == "manual"
    # the sweep leaves a manual hold alone
    db.run("accounts", "review-holds")
    assert account(db, "D-SH1")["hold"] == "manual"
    r = b.xml("/accounts.xml?hold=manual")
    assert [a.get("code") for a in
            r.doc.findall("ledger-accounts/account")] == ["D-SH1"]
    r = b.post(f"/accounts/{P['D-SH1']}/release", {})
    assert r.status == 303
    assert account(db, "D-SH1")["hold"] == "none"
    acts = [r[0] for r in db.query(
        "SELECT action FROM audit_log WHERE entity = 'party_account'"
        f" AND entity_id = {P['D-SH1']} ORDER BY at, id")]
    assert acts[-2:] == ["hold", "release"]


def test_overdue_hold(env, login):
    db, _ = env
    b = login("finance")
    old = today(-100)
    ts = "'2026-01-05 08:00:00.000'"
    db.write(
        "INSERT INTO ledger_entry (id, party_id, kind, bucket, amount,"
        " source_type, source_id, entry_on, due_on, note, posted_at)"
        f" VALUES (9900000001, {P['D-SH3']}, 'receivable', 'receivable',"
        f" 12345, 'test', 1, '{old}', '{old}', 'old invoice', {ts})",
        "INSERT INTO ledger_entry (id, party_id, kind, bucket, amount,"
        " source_type, source_id, entry_on, due_on, note, posted_at)"
        f" VALUES (9900000002, {P['D-SH3']}, 'receivable', 'receivable',"
        f" 5000, 'test', 2, '{today()}', '{today(30)}', 'new invoice', {ts})",
        "UPDATE party_account SET receivable = receivable + 17345,"
        f" exposure = exposure + 17345 WHERE party_id = {P['D-SH3']}")
    out = db.run("accounts", "review-holds").stdout
    assert "1 changed" in out, out
    a = account(db, "D-SH3")
    assert a["hold"] == "overdue"
    assert db.scalar("SELECT hold_reason FROM party_account"
                     f" WHERE party_id = {P['D-SH3']}") == old
    r = b.xml("/accounts.xml?hold=overdue")
    assert [x.get("code") for x in
            r.doc.findall("ledger-accounts/account")] == ["D-SH3"]
    # a part payment settles the oldest first, but not all of it
    assert post(b, "D-SH3", "payment", "100.00").status == 303
    assert account(db, "D-SH3")["hold"] == "overdue"
    # the rest of the old invoice: the hold lifts at once
    assert post(b, "D-SH3", "payment", "23.45").status == 303
    assert account(db, "D-SH3")["hold"] == "none"
    assert "0 changed" in db.run("accounts", "review-holds").stdout
    # the sweep on a later day sees the new invoice overdue
    one = ("--party", str(P["D-SH3"]))
    out = db.run("accounts", "review-holds", "--today", today(95),
                 *one).stdout
    assert "1 changed" in out
    assert account(db, "D-SH3")["hold"] == "overdue"
    out = db.run("accounts", "review-holds", *one).stdout
    assert "1 changed" in out
    assert account(db, "D-SH3")["hold"] == "none"


def test_matrix_of_routes(env, login):
    """Every ledger route answers the roles as its permission says."""
    b = login("director")
    for path in ("/accounts", f"/accounts/{P['D-SH1']}"):
        assert b.get(path).status in (200, 403)
    assert b.get("/accounts/1").status in (404, 403)
    assert login("finance").get("/accounts/1").status == 404
    assert login("finance").get("/accounts/1/post").status == 404
    assert login("finance").get("/accounts/abc").status in (400, 404)
