"""test_statement.py - receivables ageing and customer statements (对账,
issue 4: src/modules/statement.c).

Each database kind gets its own database: the demo organisation, the small
known channel of channel.py, and ledger entries written straight into
ledger_entry (with matching party_account balances) at dates relative to
AS_OF, twenty days before today (UTC, the server's clock):

  D-SH1  invoices 1,000.00 due 120 days before AS_OF, 2,000.00 due 75,
         3,000.00 due 45, 4,000.00 due 10, 500.00 due 5 days after;
         a payment of 1,500.00 (FIFO: settles the 120-day invoice and
         500.00 of the 75-day one); an invoice after AS_OF (777.00)
  D-SH2  an invoice of 800.00 without a due date, 60 days before AS_OF;
         a prepayment of 300.00; 100.00 of it applied to the invoice
  D-SH3  a payment of 50.00 and nothing to pay (a credit balance)
  D-GZ1  an invoice of 1,200.00 due 95 days before; a credit note 200.00;
         rep-gz's staff record as its rep
  C-GZ1  an invoice of 600.00 due 5 days before AS_OF; no region; serviced
         by the GZ branch itself rather than GZ-SD (channel.py's servicing
         unit), where rep-gz does not see it and mgr-gz does

The answers are the numbers worked out by hand below (fen), compared
exactly.  Every XML page validates against page.xsd and every HTML page
parses with the CSP rules (stack.py).

Design choice under test: only a user who sits at the statement's own
party may answer it; anyone else -- a sibling dealer, the agent above the
dealer, an administrator -- gets 404 exactly as for a missing statement,
and staff roles without statement.answer get 403 before that.
"""
import datetime

import pytest

import channel
import stack as qs

PW = qs.DEMO_PASSWORD

TODAY = datetime.datetime.now(datetime.timezone.utc).date()
AS_OF = TODAY - datetime.timedelta(days=20)


def day(offset):
    """AS_OF + offset days as yyyy-mm-dd."""
    return (AS_OF + datetime.timedelta(days=offset)).isoformat()


P = channel.PARTY

# (id, party, kind, bucket, amount fen, entry offset, due offset or None,
#  note)
ENTRIES = [
    (9400000001, "D-SH1", "receivable", "receivable", 100000, -150, -120,
     "invoice 1"),
    (9400000002, "D-SH1", "receivable", "receivable", 200000, -105, -75,
     "invoice 2"),
    (9400000003, "D-SH1", "receivable", "receivable", 300000, -75, -45,
     "invoice 3"),
    (9400000004, "D-SH1", "receivable", "receivable", 400000, -40, -10,
     "invoice 4"),
    (9400000005, "D-SH1", "payment", "receivable", -150000, -30, None,
     "bank transfer"),
    (9400000006, "D-SH1", "receivable", "receivable", 50000, -25, 5,
     "invoice 5"),
    (9400000007, "D-SH1", "receivable", "receivable", 77700, 3, 33,
     "after the as-of date"),
    (9400000011, "D-SH2", "receivable", "receivable", 80000, -60, None,
     "invoice, no due date"),
    (9400000012, "D-SH2", "prepayment", "prepayment", 30000, -50, None,
     "prepayment"),
    (9400000013, "D-SH2", "prepay_apply", "prepayment", -10000, -40, None,
     "applied"),
    (9400000014, "D-SH2", "prepay_apply", "receivable", -10000, -40, None,
     "applied"),
    (9400000021, "D-SH3", "payment", "receivable", -5000, -35, None,
     "paid twice"),
    (9400000031, "D-GZ1", "receivable", "receivable", 120000, -125, -95,
     "invoice GZ"),
    (9400000032, "D-GZ1", "credit_note", "receivable", -20000, -10, None,
     "returned goods, note 'B&Q' <x>"),
    (9400000041, "C-GZ1", "receivable", "receivable", 60000, -35, -5,
     "hotel"),
]

# party: (current, 0-30, 31-60, 61-90, >90, unapplied, total, prepaid)
# as of AS_OF, worked out by hand
AGEING = {
    "D-SH1": (50000, 400000, 300000, 150000, 0, 0, 900000, 0),
    "D-SH2": (0, 0, 70000, 0, 0, 0, 70000, 20000),
    "D-SH3": (0, 0, 0, 0, 0, -5000, -5000, 0),
    "D-GZ1": (0, 0, 0, 0, 100000, 0, 100000, 0),
    "C-GZ1": (0, 60000, 0, 0, 0, 0, 60000, 0),
}
AMOUNT_ATTRS = ("current", "d30", "d60", "d90", "over90", "unapplied",
                "total", "prepaid")


class Browser(qs.Browser):
    demo_password = PW

    def page(self, path, status=200):
        """GET path as XML (valid) and HTML (parsed); the XML response."""
        x = self.get(path + ".xml" if "?" not in path else
                     path.replace("?", ".xml?", 1), xml=True)
        assert x.status == status, x
        qs.assert_valid_page(x)
        h = self.get(path)
        assert h.status == status, h
        qs.assert_html_page(h)
        return x


def date_sql(db, iso):
    return f"'{iso}'" if db.kind == "sqlite" else f"DATE '{iso}'"


def ts_sql(db, iso):
    return f"'{iso}'" if db.kind == "sqlite" else f"TIMESTAMP '{iso}'"


def install_ledger(db):
    sql = []
    for n, (eid, party, kind, bucket, amount, off, due, note) in \
            enumerate(ENTRIES):
        due_sql = date_sql(db, day(due)) if due is not None else "NULL"
        # the two entries of a prepayment application share their source
        src = 9400000013 if eid == 9400000014 else eid
        note_sql = note.replace("'", "''")
        sql.append(
            "INSERT INTO ledger_entry (id, party_id, kind, bucket, amount,"
            " source_type, source_id, entry_on, due_on, note, posted_at)"
            f" VALUES ({eid}, {P[party]}, '{kind}', '{bucket}', {amount},"
            f" 'test', {src}, {date_sql(db, day(off))}, {due_sql},"
            f" '{note_sql}', {ts_sql(db, day(off) + ' 09:00:00.000')})")
    for party in {e[1] for e in ENTRIES}:
        rec = sum(e[4] for e in ENTRIES if e[1] == party and
                  e[3] == "receivable")
        pre = sum(e[4] for e in ENTRIES if e[1] == party and
                  e[3] == "prepayment")
        sql.append(f"UPDATE party_account SET receivable = {rec},"
                   f" prepayment = {pre} WHERE party_id = {P[party]}")
    # servicing unit, region and rep of the fixture parties
    sql += [
        "UPDATE party SET unit_id = (SELECT id FROM org_unit"
        f" WHERE code = 'GZ') WHERE id = {P['C-GZ1']}",
        "UPDATE party SET region_id = (SELECT id FROM sales_region"
        " WHERE code = 'CN-EC-SH') WHERE code LIKE 'D-SH%'"
        " OR code = 'A-SH'",
        "UPDATE party SET region_id = (SELECT id FROM sales_region"
        f" WHERE code = 'CN-SC-GZ') WHERE id = {P['D-GZ1']}",
        "UPDATE party SET rep_id = (SELECT s.id FROM staff s"
        " JOIN qd_user q ON q.id = s.user_id WHERE q.login = 'rep-sh')"
        f" WHERE id IN ({P['D-SH1']}, {P['D-SH2']})",
        "UPDATE party SET rep_id = (SELECT s.id FROM staff s"
        " JOIN qd_user q ON q.id = s.user_id WHERE q.login = 'rep-gz')"
        f" WHERE id = {P['D-GZ1']}",
    ]
    db.write(*sql)


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from channel.environment(db_kind, tmp_path_factory, "stmt", PW,
                                   setup=install_ledger)


@pytest.fixture(scope="module")
def users(env):
    """login -> a logged-in Browser, one session per user for the module."""
    cache = {}

    def get(login):
        if login not in cache:
            cache[login] = Browser(env[1]).login(login)
        return cache[login]
    return get


def scalar(env, sql):
    return env[0].scalar(sql)


def amounts(el):
    return tuple(int(el.get(a)) for a in AMOUNT_ATTRS)


def statement_id(env, party, frm, to):
    v = env[0].query(
        f"SELECT id FROM statement WHERE party_id = {P[party]}"
        f" AND period_from = {date_sql(env[0], frm)}"
        f" AND period_to = {date_sql(env[0], to)}")
    return int(v[0][0]) if v else None


def issue(users, env, party, frm, to, who="finance"):
    """Issue (or find) the statement of party for [frm, to]; its id."""
    sid = statement_id(env, party, frm, to)
    if sid is None:
        r = users(who).post("/statements/new",
                            {"party": party, "from": frm, "to": to})
        assert r.status == 303, r
        sid = int(r.header("Location").rsplit("/", 1)[1])
    return sid


# ------------------------------------------------------------------ ageing

def test_ageing_buckets_fifo_by_party(env, users):
    x = users("finance").page(f"/receivables/ageing?as_of={AS_OF}")
    a = x.doc.find("ageing")
    assert a.get("as-of") == AS_OF.isoformat() and a.get("group") == "party"
    got = {g.get("code"): g for g in a.findall("group")}
    for code, want in AGEING.items():
        assert code in got, (code, sorted(got))
        assert amounts(got[code]) == want, (code, amounts(got[code]))
        assert int(got[code].get("net")) == want[6] - want[7]
    # the payment settled the 120-day invoice first: nothing over 90 days
    assert got["D-SH1"].get("over90-text") == "0.00"
    assert got["D-SH1"].get("d90-text") == "1,500.00"
    # A-SH has no entries, and the invoice after AS_OF is not counted
    assert "A-SH" not in got
    s = a.find("sum")
    for i, attr in enumerate(AMOUNT_ATTRS):
        assert int(s.get(attr)) == sum(int(g.get(attr))
                                       for g in a.findall("group")), attr
    # default sort: largest total first
    totals = [int(g.get("total")) for g in a.findall("group")]
    assert totals == sorted(totals, reverse=True)


def test_ageing_as_of_today_counts_the_later_invoice(env, users):
    x = users("finance").page("/receivables/ageing")
    g = {g.get("code"): g for g in x.doc.find("ageing").findall("group")}
    assert int(g["D-SH1"].get("total")) == 900000 + 77700


def test_ageing_grouped_by_unit_and_region(env, users):
    f = users("finance")
    a = f.page(f"/receivables/ageing?as_of={AS_OF}&group=unit") \
        .doc.find("ageing")
    groups = {g.get("code"): g for g in a.findall("group")}
    for g in groups.values():          # each group sums its parties
        for i, attr in enumerate(AMOUNT_ATTRS):
            assert int(g.get(attr)) == sum(
                int(p.get(attr)) for p in g.findall("party")), attr
        assert int(g.get("parties")) == len(g.findall("party"))

    def expect(codes):
        return tuple(sum(AGEING[c][i] for c in codes) for i in range(8))

    def fixture_part(g, codes):
        mine = [p for p in g.findall("party") if p.get("code") in codes]
        assert {p.get("code") for p in mine} == set(codes)
        return tuple(sum(int(p.get(a)) for p in mine) for a in AMOUNT_ATTRS)

    assert fixture_part(groups["SH-SD"], ["D-SH1", "D-SH2", "D-SH3"]) == \
        expect(["D-SH1", "D-SH2", "D-SH3"]) == \
        (50000, 400000, 370000, 150000, 0, -5000, 965000, 20000)
    assert fixture_part(groups["GZ"], ["C-GZ1"]) == expect(["C-GZ1"])
    assert fixture_part(groups["GZ-SD"], ["D-GZ1"]) == expect(["D-GZ1"])
    assert int(groups["SH-SD"].get("net")) == \
        int(groups["SH-SD"].get("total")) - int(groups["SH-SD"].get("prepaid"))

    a = f.page(f"/receivables/ageing?as_of={AS_OF}&group=region") \
        .doc.find("ageing")
    groups = {g.get("code"): g for g in a.findall("group")}
    assert fixture_part(groups["CN-EC-SH"], ["D-SH1", "D-SH2", "D-SH3"]) \
        == expect(["D-SH1", "D-SH2", "D-SH3"])
    assert fixture_part(groups["CN-SC-GZ"], ["D-GZ1"]) == expect(["D-GZ1"])
    none = [g for g in a.findall("group") if g.get("id") is None]
    assert len(none) == 1 and a.findall("group")[-1] is none[0]
    assert "C-GZ1" in {p.get("code") for p in none[0].findall("party")}

    a = f.page(f"/receivables/ageing?as_of={AS_OF}&group=rep") \
        .doc.find("ageing")
    reps = {g.get("name"): g for g in a.findall("group") if g.get("id")}
    sh = [g for g in a.findall("group")
          if {"D-SH1", "D-SH2"} <= {p.get("code") for p in g.findall("party")}]
    assert len(sh) == 1 and sh[0].get("id") is not None, reps
    assert fixture_part(sh[0], ["D-SH1", "D-SH2"]) == \
        expect(["D-SH1", "D-SH2"])


def test_ageing_sorts_by_over90_and_code(env, users):
    f = users("finance")
    a = f.page(f"/receivables/ageing?as_of={AS_OF}&sort=over90") \
        .doc.find("ageing")
    over = [int(g.get("over90")) for g in a.findall("group")]
    assert over == sorted(over, reverse=True) and over[0] >= 100000
    a = f.page(f"/receivables/ageing?as_of={AS_OF}&sort=code&dir=asc") \
        .doc.find("ageing")
    codes = [g.get("code") for g in a.findall("group")]
    assert codes == sorted(codes)


def test_ageing_csv(env, users):
    f = users("finance")
    r = f.get(f"/receivables/ageing.csv?as_of={AS_OF}&group=unit")
    assert r.status == 200, r
    assert r.content_type == "text/csv"
    assert r.body.startswith(b"\xef\xbb\xbf")
    rows = [line.split(",") for line in
            r.body[3:].decode("utf-8").split("\r\n") if line]
    assert rows[0][:4] == ["group_code", "group_name", "party_code",
                           "party_name"]
    assert rows[0][4:] == ["not_due", "d0_30", "d31_60", "d61_90",
                           "over_90", "unapplied", "total", "prepaid", "net"]
    d1 = [row for row in rows if row[2] == "D-SH1"]
    assert len(d1) == 1 and d1[0][0] == "SH-SD"
    assert d1[0][4:] == ["500.00", "4000.00", "3000.00", "1500.00", "0.00",
                         "0.00", "9000.00", "0.00", "9000.00"]
    assert [row for row in rows
            if row[0] == "SH-SD" and row[3] == "subtotal"]
    assert rows[-1][0] == "total"
    # group=party: one row per party
    r = f.get(f"/receivables/ageing.csv?as_of={AS_OF}")
    rows = [line.split(",") for line in
            r.body[3:].decode("utf-8").split("\r\n") if line]
    assert rows[0][:3] == ["party_code", "party_name", "unit_code"]
    assert [row[3:] for row in rows if row[0] == "D-SH3"] == \
        [["0.00"] * 5 + ["-50.00", "-50.00", "0.00", "-50.00"]]


def test_ageing_is_scoped(env, users):
    def codes(login, extra=""):
        a = users(login).page(f"/receivables/ageing?as_of={AS_OF}{extra}") \
            .doc.find("ageing")
        return {g.get("code") for g in a.findall("group")}

    assert codes("dealer-t-sh1") == {"D-SH1"}
    assert codes("dealer-t-sh2") == {"D-SH2", "D-SH3"}
    assert codes("agent-t-sh") == {"D-SH1", "D-SH2", "D-SH3"}
    gz = codes("mgr-gz")
    assert {"D-GZ1", "C-GZ1"} <= gz and not any("SH" in c for c in gz)
    # rep-gz sits at GZ-SD: D-GZ1 (serviced by GZ-SD), not C-GZ1 (by GZ)
    assert codes("rep-gz") == {"D-GZ1"}
    # a unit outside the scope filters to nothing, never widens it
    sh = env[0].scalar("SELECT id FROM org_unit WHERE code = 'SH'")
    assert codes("mgr-gz", f"&unit={sh}") == set()
    assert codes("finance", f"&unit={sh}") >= {"D-SH1", "D-SH2", "D-SH3"}
    assert codes("finance", "&q=GZ1") == {"D-GZ1", "C-GZ1"}


def test_ageing_refuses_bad_input(env, users):
    f = users("finance")
    for q in ("as_of=2026-02-30", "as_of=yesterday", "group=dealer",
              "sort=name", "page=0", "zz=1"):
        r = f.get(f"/receivables/ageing.xml?{q}", xml=True)
        assert r.status == 400, (q, r)
        qs.assert_valid_page(r)
    r = f.get("/receivables/ageing.xml?as_of=2026-02-30", xml=True)
    assert "as_of" in r.text


# ------------------------------------------------------------------ statements

def test_issue_statement_arithmetic(env, users):
    db = env[0]
    before = int(scalar(env, "SELECT COUNT(*) FROM audit_log"
                        " WHERE entity = 'statement' AND action = 'create'"))
    sid = issue(users, env, "D-SH1", day(-110), day(-20))
    row = db.query(f"SELECT opening, closing, status, version FROM statement"
                   f" WHERE id = {sid}")[0]
    assert [int(row[0]), int(row[1]), row[2], int(row[3])] == \
        [100000, 900000, "issued", 1]
    x = users("finance").page(f"/statements/{sid}")
    s = x.doc.find("statement")
    assert s.get("party-code") == "D-SH1"
    assert (s.get("from"), s.get("to")) == (day(-110), day(-20))
    assert int(s.get("opening")) == 100000
    lines = [(ln.get("date"), ln.get("kind"), int(ln.get("debit") or 0),
              int(ln.get("credit") or 0), int(ln.get("balance")))
             for ln in s.findall("line")]
    assert lines == [
        (day(-105), "receivable", 200000, 0, 300000),
        (day(-75), "receivable", 300000, 0, 600000),
        (day(-40), "receivable", 400000, 0, 1000000),
        (day(-30), "payment", 0, 150000, 850000),
        (day(-25), "receivable", 50000, 0, 900000),
    ]
    assert (int(s.get("debits")), int(s.get("credits"))) == (950000, 150000)
    assert int(s.get("closing")) == 900000 == \
        int(s.get("opening")) + int(s.get("debits")) - int(s.get("credits"))
    assert s.get("closing-text") == "9,000.00"
    assert s.findall("line")[3].get("note") == "bank transfer"
    assert s.findall("line")[3].get("source-type") == "test"
    after = int(scalar(env, "SELECT COUNT(*) FROM audit_log"
                       " WHERE entity = 'statement' AND action = 'create'"))
    assert after in (before, before + 1)
    assert db.query("SELECT detail FROM audit_log WHERE entity ="
                    f" 'statement' AND entity_id = {sid} AND action ="
                    " 'create'")[0][0].endswith("closing: 9000.00")


def test_prepayment_on_the_statement(env, users):
    sid = issue(users, env, "D-SH2", day(-70), day(-30))
    s = users("finance").page(f"/statements/{sid}").doc.find("statement")
    assert int(s.get("opening")) == 0
    lines = [(ln.get("kind"), ln.get("bucket"), int(ln.get("debit") or 0),
              int(ln.get("credit") or 0), int(ln.get("balance")))
             for ln in s.findall("line")]
    assert lines == [
        ("receivable", "receivable", 80000, 0, 80000),
        ("prepayment", "prepayment", 0, 30000, 50000),
        ("prepay_apply", "prepayment", 10000, 0, 60000),
        ("prepay_apply", "receivable", 0, 10000, 50000),
    ]
    assert int(s.get("closing")) == 50000 == int(s.get("opening")) + \
        int(s.get("debits")) - int(s.get("credits"))


def test_second_statement_for_the_period_is_refused(env, users):
    sid = issue(users, env, "D-SH1", day(-110), day(-20))
    r = users("finance").post("/statements/new", {
        "party": "D-SH1", "from": day(-110), "to": day(-20)}, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert "already_issued" in {m.get("code") for m in
                                r.doc.findall("messages/message")}
    assert int(scalar(env, "SELECT COUNT(*) FROM statement WHERE party_id ="
                      f" {P['D-SH1']}")) == 1
    assert statement_id(env, "D-SH1", day(-110), day(-20)) == sid


@pytest.mark.parametrize("fields,field,code", [
    ({"party": "D-SH1", "from": day(-10), "to": day(-11)}, "to",
     "bad_period"),
    ({"party": "D-SH1", "from": day(-10),
      "to": (TODAY + datetime.timedelta(days=1)).isoformat()}, "to",
     "future"),
    ({"party": "NOPE", "from": day(-10), "to": day(-5)}, "party",
     "no_such_party"),
    ({"party": "D-SH1", "from": "2026-02-30", "to": day(-5)}, "from",
     "bad_date"),
    ({"party": "", "from": day(-10), "to": day(-5)}, "party", "required"),
])
def test_issue_refuses_bad_input(env, users, fields, field, code):
    n = scalar(env, "SELECT COUNT(*) FROM statement")
    r = users("finance").post("/statements/new", fields, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert (field, code) in {(m.get("field"), m.get("code"))
                             for m in r.doc.findall("messages/message")}
    f = r.doc.find("statement-form")
    assert f.get("from") == fields["from"]      # what was typed comes back
    assert scalar(env, "SELECT COUNT(*) FROM statement") == n


def test_issue_form_and_permissions(env, users):
    x = users("finance").page("/statements/new")
    f = x.doc.find("statement-form")
    assert f.get("to") < TODAY.isoformat() and f.get("from").endswith("-01")
    for login in ("rep-sh", "mgr-sh", "dealer-t-sh1"):
        r = users(login).post("/statements/new", {
            "party": "D-SH1", "from": day(-5), "to": day(-1)}, xml=True)
        assert r.status == 403, (login, r)
        assert users(login).get("/statements/new.xml", xml=True).status \
            == 403


def test_statement_not_changed_by_a_later_backdated_entry(env, users):
    from lxml import etree

    def page():
        r = users("finance").get(f"/statements/{sid}.xml", xml=True)
        return etree.tostring(r.doc.find("statement"))

    sid = issue(users, env, "D-GZ1", day(-130), day(0))
    before = page()
    s = users("finance").page(f"/statements/{sid}").doc.find("statement")
    assert (int(s.get("opening")), int(s.get("closing"))) == (0, 100000)
    later = (datetime.datetime.now(datetime.timezone.utc) +
             datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S.000")
    db = env[0]
    db.write(
        "INSERT INTO ledger_entry (id, party_id, kind, bucket, amount,"
        " source_type, source_id, entry_on, note, posted_at) VALUES"
        f" (9400000099, {P['D-GZ1']}, 'adjustment', 'receivable', 1234,"
        f" 'test', 9400000099, {date_sql(db, day(-50))}, 'late',"
        f" {ts_sql(db, later)})")
    try:
        assert page() == before
    finally:   # the other tests count on D-GZ1's entries as they were
        db.write("DELETE FROM ledger_entry WHERE id = 9400000099")


def test_statement_csv(env, users):
    sid = issue(users, env, "D-SH1", day(-110), day(-20))
    r = users("finance").get(f"/statements/{sid}.csv")
    assert r.status == 200 and r.content_type == "text/csv", r
    assert r.body.startswith(b"\xef\xbb\xbf")
    assert f"statement-{sid}.csv" in r.header("Content-Disposition")
    rows = [line.split(",") for line in
            r.body[3:].decode("utf-8").split("\r\n") if line]
    assert rows[0] == ["party", "D-SH1", channel.PARTIES["D-SH1"][6]]
    assert rows[2] == ["date", "kind", "note", "source", "debit", "credit",
                       "balance"]
    assert rows[3] == [day(-110), "opening", "", "", "", "", "1000.00"]
    assert rows[4] == [day(-105), "receivable", "invoice 2",
                       "test #9400000002", "2000.00", "", "3000.00"]
    assert rows[7] == [day(-30), "payment", "bank transfer",
                       "test #9400000005", "", "1500.00", "8500.00"]
    assert rows[-1] == [day(-20), "closing", "", "", "9500.00", "1500.00",
                        "9000.00"]
    # the list as CSV
    r = users("finance").get("/statements.csv?party=D-SH1")
    assert r.status == 200 and r.body.startswith(b"\xef\xbb\xbf"), r
    rows = [line.split(",") for line in
            r.body[3:].decode("utf-8").split("\r\n") if line]
    assert rows[0][:3] == ["id", "party_code", "party_name"]
    assert [row[1] for row in rows[1:]] == ["D-SH1"]
    assert rows[1][5:8] == ["1000.00", "9000.00", "issued"] or \
        rows[1][7] in ("confirmed",)


def test_print_view(env, users):
    sid = issue(users, env, "D-SH1", day(-110), day(-20))
    f = users("finance")
    r = f.get(f"/statements/{sid}/print")
    assert r.status == 200, r
    root = qs.assert_html_page(r)
    assert not root.findall(".//nav") and not root.findall(".//header[@class"
                                                           "='site-header']")
    assert not root.findall(".//form")
    text = root.text_content()
    company = f.get("/statements.xml", xml=True).doc.findtext("meta/company")
    assert company and company in text
    assert channel.PARTIES["D-SH1"][6] in text and "D-SH1" in text
    assert day(-110) in text and day(-20) in text
    assert "9,000.00" in text and "1,000.00" in text
    assert root.find_class("confirm-box")
    assert len(root.findall(".//tbody/tr")) == 6   # opening + 5 entries
    x = f.get(f"/statements/{sid}/print.xml", xml=True)
    qs.assert_valid_page(x)
    assert x.doc.find("statement-print").get("closing") == "900000"


def test_list_filters_and_sorts(env, users):
    f = users("finance")
    issue(users, env, "D-SH1", day(-110), day(-20))
    issue(users, env, "D-SH2", day(-70), day(-30))
    issue(users, env, "D-GZ1", day(-130), day(0))
    lst = f.page("/statements").doc.find("statement-list")
    assert int(lst.get("total")) >= 3 and lst.get("can-issue") == "true"
    tos = [s.get("to") for s in lst.findall("statement")]
    assert tos == sorted(tos, reverse=True)
    lst = f.page("/statements?party=D-SH&sort=party&dir=asc") \
        .doc.find("statement-list")
    assert [s.get("party-code") for s in lst.findall("statement")] == \
        ["D-SH1", "D-SH2"]
    lst = f.page(f"/statements?from={day(-5)}").doc.find("statement-list")
    assert [s.get("party-code") for s in lst.findall("statement")] == \
        ["D-GZ1"]
    lst = f.page(f"/statements?to={day(-105)}").doc.find("statement-list")
    assert {s.get("party-code") for s in lst.findall("statement")} == \
        {"D-SH1", "D-GZ1"}
    r = f.get("/statements.xml?from=2026-13-01", xml=True)
    assert r.status == 400, r
    r = f.get("/statements.xml?status=open", xml=True)
    assert r.status == 400, r


def test_rep_gz_sees_gz_statements_only(env, users):
    sh1 = issue(users, env, "D-SH1", day(-110), day(-20))
    gz1 = issue(users, env, "D-GZ1", day(-130), day(0))
    for login in ("rep-gz", "mgr-gz"):
        lst = users(login).page("/statements").doc.find("statement-list")
        codes = {s.get("party-code") for s in lst.findall("statement")}
        assert codes == {"D-GZ1"}, (login, codes)
        users(login).page(f"/statements/{gz1}")
        users(login).page(f"/statements/{sh1}", status=404)
    lst = users("mgr-sh").page("/statements").doc.find("statement-list")
    assert "D-GZ1" not in {s.get("party-code")
                           for s in lst.findall("statement")}


def test_dealer_cannot_see_another_branch_statement(env, users):
    gz1 = issue(users, env, "D-GZ1", day(-130), day(0))
    d = users("dealer-t-sh1")
    for path, xml in ((f"/statements/{gz1}", False),
                      (f"/statements/{gz1}.xml", True),
                      (f"/statements/{gz1}.csv", False),
                      (f"/statements/{gz1}/print", False),
                      (f"/statements/{gz1}/print.xml", True)):
        r = d.get(path, xml=xml)
        assert r.status == 404, (path, r)
        assert b"D-GZ1" not in r.body and "广州".encode() not in r.body
    missing = d.get("/statements/999999999.xml", xml=True)
    foreign = d.get(f"/statements/{gz1}.xml", xml=True)
    assert missing.status == foreign.status == 404
    assert missing.error_code == foreign.error_code == "not_found"
    lst = d.page("/statements").doc.find("statement-list")
    assert {s.get("party-code") for s in lst.findall("statement")} <= \
        {"D-SH1"}
    # the denial is logged in the audit trail
    assert int(scalar(env, "SELECT COUNT(*) FROM audit_log WHERE entity ="
                      f" 'statement' AND entity_id = {gz1} AND action ="
                      " 'denied'")) >= 1


def answer(b, sid, ans, comment=None, version=1):
    f = {"answer": ans, "version": str(version)}
    if comment is not None:
        f["comment"] = comment
    return b.post(f"/statements/{sid}/answer", f, xml=True)


def test_only_the_party_itself_answers(env, users):
    sid = issue(users, env, "D-SH1", day(-110), day(-20))
    # the agent above D-SH1 sees the statement but cannot answer for it
    s = users("agent-t-sh").page(f"/statements/{sid}").doc.find("statement")
    assert s.get("can-answer") is None
    for login in ("agent-t-sh", "dealer-t-sh2", "dealer-t-gz1", "admin"):
        r = answer(users(login), sid, "confirm")
        assert r.status == 404, (login, r)
        assert r.error_code == "not_found"
    # staff without statement.answer are refused before anything else
    for login in ("finance", "rep-sh", "mgr-sh"):
        r = answer(users(login), sid, "confirm")
        assert r.status == 403, (login, r)
    assert scalar(env, f"SELECT status FROM statement WHERE id = {sid}") \
        == "issued"


def test_dealer_confirms_and_a_second_answer_is_409(env, users):
    sid = issue(users, env, "D-SH1", day(-110), day(-20))
    d = users("dealer-t-sh1")
    s = d.page(f"/statements/{sid}").doc.find("statement")
    assert s.get("can-answer") == "true" and s.get("version") == "1"
    h = d.get(f"/statements/{sid}")
    assert b'action="/statements/' in h.body
    r = answer(d, sid, "confirm", "agreed with our books")
    assert r.status == 303, r
    row = env[0].query(f"SELECT s.status, s.answer, q.login, s.version"
                       f" FROM statement s JOIN qd_user q"
                       f" ON q.id = s.answered_by WHERE s.id = {sid}")[0]
    assert row == ["confirmed", "agreed with our books", "dealer-t-sh1", "2"]
    s = d.page(f"/statements/{sid}").doc.find("statement")
    assert s.get("status") == "confirmed" and s.get("can-answer") is None
    assert s.get("answered-by") == "dealer-t-sh1" and s.get("answered-at")
    assert s.get("answer") == "agreed with our books"
    # staff see the answer too
    s = users("finance").page(f"/statements/{sid}").doc.find("statement")
    assert s.get("status") == "confirmed"
    # again: with the old version, and with the new one
    for v in (1, 2):
        r = answer(d, sid, "dispute", "changed my mind", version=v)
        assert r.status == 409, r
        qs.assert_valid_page(r)
        assert "already_answered" in {m.get("code") for m in
                                      r.doc.findall("messages/message")}
    assert scalar(env, f"SELECT status FROM statement WHERE id = {sid}") \
        == "confirmed"
    assert env[0].query("SELECT action FROM audit_log WHERE entity ="
                        f" 'statement' AND entity_id = {sid} AND action IN"
                        " ('confirm', 'dispute')") == [["confirm"]]


def test_dispute_needs_a_comment(env, users):
    sid = issue(users, env, "D-SH2", day(-70), day(-30))
    d = users("dealer-t-sh2")
    for fields, field, code in (
            ({"answer": "dispute"}, "comment", "required"),
            ({"answer": "dispute", "comment": "x" * 501}, "comment",
             "too_long"),
            ({"answer": "maybe", "comment": "x"}, "answer", None),
            ({"answer": "confirm", "version": "x"}, "version", None)):
        fields = {"version": "1", **fields}
        r = d.post(f"/statements/{sid}/answer", fields, xml=True)
        assert r.status == 422, (fields, r)
        qs.assert_valid_page(r)
        msgs = {(m.get("field"), m.get("code"))
                for m in r.doc.findall("messages/message")}
        assert any(f == field and (code is None or c == code)
                   for f, c in msgs), msgs
        assert scalar(env, f"SELECT status FROM statement WHERE id = {sid}") \
            == "issued"
    r = answer(d, sid, "dispute", "we paid 300.00 on the 3rd: <b>&amp;</b>"
               "\nsee the bank slip")
    assert r.status == 303, r
    s = d.page(f"/statements/{sid}").doc.find("statement")
    assert s.get("status") == "disputed"
    assert s.get("answer").startswith("we paid 300.00 on the 3rd: <b>&amp;")
    h = d.get(f"/statements/{sid}")
    assert b"<b>&amp;" not in h.body    # escaped in HTML
    assert env[0].query("SELECT action FROM audit_log WHERE entity ="
                        f" 'statement' AND entity_id = {sid} AND action IN"
                        " ('confirm', 'dispute')") == [["dispute"]]


def test_empty_posts_are_refused(env, users):
    sid = issue(users, env, "D-SH1", day(-110), day(-20))
    f = users("finance")
    r = f.post("/statements/new", {}, xml=True)
    assert r.status == 422, r
    r = users("dealer-t-sh1").post(f"/statements/{sid}/answer", {}, xml=True)
    assert r.status in (409, 422), r
    r = f.post("/statements/new", {"party": "D-SH1", "zz": "1"}, xml=True)
    assert r.status == 400, r
