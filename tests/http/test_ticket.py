"""test_ticket.py - complaints, feedback and after-sales tickets (issue 4,
"Complaints and feedback").

Each database kind gets its own database: the demo company (`qudao demo
--products 20`) and the small known channel of channel.py (parties A-SH,
D-SH1, D-SH2 (parent of D-SH3), A-GZ, D-GZ1 ...; logins agent-t-sh,
dealer-t-sh1, dealer-t-sh2, dealer-t-gz1).  The SH parties are serviced
by the SH sales department (SH-SD), where rep-sh sits, so the rep (and
mgr-sh above it) see them.

Every page asked for is checked as XML (valid against page.xsd) and as
HTML (parses, keeps to the CSP rules); the database is the oracle for
what changed and what did not.
"""
import datetime
import re

import pytest

import channel
import stack as qs

PW = qs.DEMO_PASSWORD


class Browser(qs.Browser):
    demo_password = PW

    def page(self, path, status=200):
        """GET path as XML (validated) and as HTML (parsed, CSP rules);
        returns the XML response."""
        base, sep, query = path.partition("?")
        x = self.get(base + ".xml" + sep + query, xml=True)
        assert x.status == status, x
        qs.assert_valid_page(x)
        h = self.get(path)
        assert h.status == status, h
        qs.assert_html_page(h)
        return x

    def list(self, query=""):
        """/tickets.xml?query (validated); the XML response."""
        sep = "?" if query else ""
        x = self.get(f"/tickets.xml{sep}{query}", xml=True)
        assert x.status == 200, x
        qs.assert_valid_page(x)
        return x


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from channel.environment(db_kind, tmp_path_factory, "ticket", PW)


@pytest.fixture(scope="module")
def sessions(env):
    return {}


@pytest.fixture
def user(env, sessions):
    """user(login) -> a logged-in Browser, one session per login."""
    def make(login):
        if login not in sessions:
            sessions[login] = Browser(env[1]).login(login)
        return sessions[login]
    return make


# ------------------------------------------------------------ helpers

def fields(**kw):
    f = {"kind": "complaint", "priority": "normal", "subject": "broken cap",
         "body": "line one\nline two", "product": "", "order_ref": ""}
    f.update({k: str(v) for k, v in kw.items()})
    return f


def open_ticket(b, **kw):
    """POST /tickets/new; the new ticket's id."""
    r = b.post("/tickets/new", fields(**kw))
    assert r.status == 303, r
    loc = r.header("Location")
    m = re.fullmatch(r"/tickets/(\d+)", loc or "")
    assert m, loc
    return int(m.group(1))


def row(db, tid):
    """The ticket's row as a dict (strings; None for NULL)."""
    cols = ("status", "version", "assignee_id", "replied_at", "resolved_at",
            "created_at", "respond_by", "resolve_by", "party_id",
            "product_id", "order_ref", "subject", "body", "priority", "kind")
    r = db.query(f"SELECT {', '.join(cols)} FROM ticket WHERE id = {tid}")
    return dict(zip(cols, r[0])) if r else None


def n(db, sql):
    return int(db.scalar(sql))


def ts(s):
    return datetime.datetime.strptime(s[:19].replace("T", " "),
                                      "%Y-%m-%d %H:%M:%S")


def user_id(db, login):
    return n(db, f"SELECT id FROM qd_user WHERE login = '{login}'")


def version(db, tid):
    return int(row(db, tid)["version"])


def audit_actions(db, tid):
    return [r[0] for r in db.query(
        "SELECT action FROM audit_log WHERE entity = 'ticket' AND"
        f" entity_id = {tid} AND action <> 'denied' ORDER BY id")]


def items(resp):
    return {int(i.get("id")): i for i in resp.doc.findall("ticket-list/item")}


def codes(resp):
    return [m.get("code") for m in resp.doc.findall("messages/message")]


def field_codes(resp):
    out = {}
    for m in resp.doc.findall("messages/message"):
        out.setdefault(m.get("field"), []).append(m.get("code"))
    return out


def post(b, tid, what, **kw):
    return b.post(f"/tickets/{tid}/{what}", {k: str(v) for k, v in kw.items()},
                  xml=True)


# ------------------------------------------------------------ the journey

def test_dealer_opens_staff_handles_the_conversation(env, user):
    db, _ = env
    dealer, rep = user("dealer-t-sh1"), user("rep-sh")
    product = db.scalar("SELECT code FROM product ORDER BY code")
    tid = open_ticket(dealer, subject="leaking bottles", priority="high",
                      product=product, order_ref="SO-2026-0042")
    t = row(db, tid)
    assert t["status"] == "open" and t["version"] == "1"
    assert int(t["party_id"]) == channel.PARTY["D-SH1"]
    assert t["order_ref"] == "SO-2026-0042" and t["product_id"] is not None
    # (psql's rows split at line breaks: ask for the length)
    assert t["body"].startswith("line one")
    assert n(db, f"SELECT LENGTH(body) FROM ticket WHERE id = {tid}") == 17
    # the default targets: 24 h to respond, 120 h to resolve
    created = ts(t["created_at"])
    assert ts(t["respond_by"]) - created == datetime.timedelta(hours=24)
    assert ts(t["resolve_by"]) - created == datetime.timedelta(hours=120)
    assert audit_actions(db, tid) == ["create"]

    # the dealer sees it, without the staff facts
    mine = items(dealer.list())
    assert tid in mine and mine[tid].get("assignee-id") is None
    assert dealer.list().doc.find("ticket-list").get("viewer") == "party"
    d = dealer.page(f"/tickets/{tid}").doc.find("ticket")
    assert d.get("party-code") == "D-SH1" and d.get("product-code") == product
    assert d.get("can-assign") is None and d.get("can-resolve") is None
    assert d.get("can-reply") == "true" and d.get("can-close") == "true"

    # rep-sh sees it and may assign it to itself
    assert tid in items(rep.list())
    x = rep.page(f"/tickets/{tid}").doc.find("ticket")
    assert x.get("viewer") == "staff" and x.get("can-assign") == "true"
    me = [u for u in x.findall("assignees/user") if u.get("me") == "true"]
    assert me and me[0].get("login") == "rep-sh"
    r = post(rep, tid, "assign", assignee=me[0].get("id"), version=1)
    assert r.status == 303, r
    t = row(db, tid)
    assert t["status"] == "assigned"
    assert int(t["assignee_id"]) == user_id(db, "rep-sh")
    assert tid in items(rep.list("assignee=me"))

    # the first public reply sets replied_at and answers the ticket
    r = post(rep, tid, "reply", body="we will replace them",
             version=version(db, tid))
    assert r.status == 303, r
    t = row(db, tid)
    assert t["status"] == "answered" and t["replied_at"] is not None
    first_reply = t["replied_at"]

    # an internal note: staff only, the status stays
    note = "NOTE-supplier-batch-7781 is faulty"
    r = post(rep, tid, "reply", body=note, internal=1,
             version=version(db, tid))
    assert r.status == 303, r
    t = row(db, tid)
    assert t["status"] == "answered" and t["replied_at"] == first_reply
    assert n(db, f"SELECT COUNT(*) FROM ticket_reply WHERE ticket_id = {tid}"
                 " AND internal = 1") == 1
    x = rep.page(f"/tickets/{tid}")
    notes = [p for p in x.doc.findall("ticket/conversation/reply")
             if p.get("internal") == "true"]
    assert len(notes) == 1 and notes[0].text == note
    assert note.encode() in rep.get(f"/tickets/{tid}").body
    # ... which the dealer never sees, in XML or HTML
    x = dealer.page(f"/tickets/{tid}")
    replies = x.doc.findall("ticket/conversation/reply")
    assert [p.text for p in replies] == ["we will replace them"]
    assert replies[0].get("from") == "staff"
    assert note.encode() not in x.body
    assert b"NOTE-supplier" not in dealer.get(f"/tickets/{tid}").body
    assert b"NOTE-supplier" not in dealer.get("/tickets.csv").body

    # the dealer answers: the ticket goes back to open (reopen)
    r = post(dealer, tid, "reply", body="thanks, when?",
             version=version(db, tid))
    assert r.status == 303, r
    t = row(db, tid)
    assert t["status"] == "open" and t["replied_at"] == first_reply
    x = dealer.page(f"/tickets/{tid}")
    assert [p.get("from") for p in
            x.doc.findall("ticket/conversation/reply")] == ["staff", "party"]

    # rep-sh resolves
    r = post(rep, tid, "status", to="resolved", version=version(db, tid))
    assert r.status == 303, r
    t = row(db, tid)
    assert t["status"] == "resolved" and t["resolved_at"] is not None
    x = rep.page(f"/tickets/{tid}").doc.find("ticket")
    assert x.get("resolution-minutes") is not None
    assert x.get("response-minutes") is not None
    assert x.get("can-reopen") == "true" and x.get("can-resolve") is None
    # (audit ids come from two workers' key banks: compare as a multiset)
    assert sorted(audit_actions(db, tid)) == sorted(
        ["create", "assign", "reply", "note", "reply", "resolve"])

    # the dealer closes it; closed is final
    r = post(dealer, tid, "status", to="closed", version=version(db, tid))
    assert r.status == 303, r
    assert row(db, tid)["status"] == "closed"
    before = version(db, tid)
    r = post(dealer, tid, "reply", body="one more thing", version=before)
    assert r.status == 422 and "ticket_closed" in codes(r), r
    r = post(rep, tid, "status", to="open", version=before)
    assert r.status == 422 and "bad_transition" in codes(r), r
    assert version(db, tid) == before


def test_overdue_is_flagged_for_staff(env, user):
    db, _ = env
    dealer, rep = user("dealer-t-sh1"), user("rep-sh")
    late = open_ticket(dealer, subject="overdue one")
    fresh = open_ticket(dealer, subject="fresh one")
    past = ("'2020-01-01 08:00:00.000'" if db.kind == "sqlite"
            else "TIMESTAMP '2020-01-01 08:00:00'")
    db.write(f"UPDATE ticket SET created_at = {past}, respond_by = {past}"
             f" WHERE id = {late}")
    got = items(rep.list("overdue=1"))
    assert late in got and fresh not in got
    assert got[late].get("overdue") == "true"
    assert got[late].get("respond-overdue") == "true"
    assert items(rep.list())[fresh].get("overdue") is None
    x = rep.page(f"/tickets/{late}").doc.find("ticket")
    assert x.get("overdue") == "true" and x.get("respond-overdue") == "true"
    html = rep.get(f"/tickets/{late}").html
    assert html.xpath("//span[contains(@class, 'overdue')]")
    # the party does not get the staff's flags
    d = dealer.page(f"/tickets/{late}").doc.find("ticket")
    assert d.get("overdue") is None
    # a reply ends the response part (resolve_by still ahead)
    r = post(rep, late, "reply", body="on it", version=version(db, late))
    assert r.status == 303, r
    assert late not in items(rep.list("overdue=1"))
    x = rep.page(f"/tickets/{late}").doc.find("ticket")
    assert x.get("overdue") is None and x.get("respond-late") == "true"
    csv = rep.get("/tickets.csv?overdue=1").text
    assert "overdue one" not in csv


# ------------------------------------------------------------ scope

def test_another_dealer_gets_404_everywhere(env, user):
    db, _ = env
    tid = open_ticket(user("dealer-t-sh1"), subject="only for SH1 eyes")
    gz = user("dealer-t-gz1")
    assert gz.get(f"/tickets/{tid}").status == 404
    x = gz.get(f"/tickets/{tid}.xml", xml=True)
    assert x.status == 404 and x.error_code == "not_found"
    assert gz.get(f"/tickets/{tid}.csv").status == 404
    assert tid not in items(gz.list())
    assert tid not in items(gz.list("party=D-SH1"))
    assert b"only for SH1 eyes" not in gz.get("/tickets.csv").body
    assert b"only for SH1 eyes" not in gz.get("/tickets.csv?party=D-SH1").body
    # and cannot write to it
    v = version(db, tid)
    for what, f in (("reply", {"body": "hi"}), ("status", {"to": "closed"})):
        r = post(gz, tid, what, version=v, **f)
        assert r.status == 404, r
    assert version(db, tid) == v
    assert n(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'ticket'"
                 f" AND entity_id = {tid} AND action = 'denied'") >= 1


def test_other_branch_staff_do_not_see_sh_tickets(env, user):
    db, _ = env
    tid = open_ticket(user("dealer-t-sh1"), subject="sh business")
    gz = user("rep-gz")
    assert tid not in items(gz.list())
    assert gz.get(f"/tickets/{tid}.xml", xml=True).status == 404
    r = post(gz, tid, "assign", assignee=user_id(db, "rep-gz"),
             version=version(db, tid))
    assert r.status == 404, r
    # the SH manager (above the rep) sees it; the director (HQ) too
    assert tid in items(user("mgr-sh").list())
    assert tid in items(user("director").list())


def test_agent_sees_its_subtree_and_files_for_it(env, user):
    db, _ = env
    t1 = open_ticket(user("dealer-t-sh1"), subject="from sh1")
    t3 = open_ticket(user("rep-sh"), party="D-SH3", subject="for sh3")
    tgz = open_ticket(user("dealer-t-gz1"), subject="from gz1")
    agent = user("agent-t-sh")
    got = items(agent.list())
    assert t1 in got and t3 in got and tgz not in got
    assert agent.page(f"/tickets/{t3}").doc.find("ticket").get(
        "party-code") == "D-SH3"
    form = agent.page("/tickets/new").doc.find("ticket-form")
    assert form.get("party-choice") == "subtree"
    assert {o.get("code") for o in form.findall("party-option")} == \
        {"A-SH", "D-SH1", "D-SH2", "D-SH3", "D-SHX"}
    tid = open_ticket(agent, party="D-SH2", subject="agent for sh2")
    assert int(row(db, tid)["party_id"]) == channel.PARTY["D-SH2"]
    before = n(db, "SELECT COUNT(*) FROM ticket")
    r = agent.post("/tickets/new", fields(party="D-GZ1"), xml=True)
    assert r.status == 422 and field_codes(r).get("party") == \
        ["no_such_party"], r
    assert n(db, "SELECT COUNT(*) FROM ticket") == before


def test_dealer_files_only_for_itself(env, user):
    db, _ = env
    dealer = user("dealer-t-sh1")
    form = dealer.page("/tickets/new").doc.find("ticket-form")
    assert form.get("party-choice") == "own"
    assert form.get("own-party-code") == "D-SH1"
    before = n(db, "SELECT COUNT(*) FROM ticket")
    for code in ("D-SH2", "D-GZ1", "NO-SUCH"):
        r = dealer.post("/tickets/new", fields(party=code), xml=True)
        assert r.status == 422, r
        assert field_codes(r).get("party") == ["no_such_party"], r
    assert n(db, "SELECT COUNT(*) FROM ticket") == before
    # naming its own party is fine
    tid = open_ticket(dealer, party="D-SH1")
    assert int(row(db, tid)["party_id"]) == channel.PARTY["D-SH1"]


def test_staff_file_for_parties_in_scope_only(env, user):
    db, _ = env
    rep = user("rep-sh")
    form = rep.page("/tickets/new").doc.find("ticket-form")
    assert form.get("party-choice") == "code"
    tid = open_ticket(rep, party="D-SH2", subject="phoned in")
    t = row(db, tid)
    assert int(t["party_id"]) == channel.PARTY["D-SH2"]
    r = rep.post("/tickets/new", fields(party="D-GZ1"), xml=True)
    assert r.status == 422 and field_codes(r).get("party") == \
        ["no_such_party"], r
    r = rep.post("/tickets/new", fields(), xml=True)
    assert r.status == 422 and "party" in field_codes(r), r


# ------------------------------------------------------------ input

def test_validation_keeps_what_was_typed(env, user):
    db, _ = env
    dealer = user("dealer-t-sh1")
    before = n(db, "SELECT COUNT(*) FROM ticket")
    r = dealer.post("/tickets/new",
                    fields(subject="", kind="rant", priority="urgent",
                           product="NO-SUCH-PRODUCT", order_ref="SO-9",
                           body="kept\ntext"), xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    fc = field_codes(r)
    assert set(fc) >= {"subject", "kind", "product"}, fc
    f = r.doc.find("ticket-form")
    assert f.get("kind") == "rant" and f.get("priority") == "urgent"
    assert f.get("product") == "NO-SUCH-PRODUCT" and f.get("order-ref") == \
        "SO-9"
    assert f.findtext("body") == "kept\ntext"
    h = dealer.post("/tickets/new", fields(subject="", order_ref="SO-9"))
    assert h.status == 422
    root = qs.assert_html_page(h)
    assert root.xpath("//input[@name='order_ref']/@value") == ["SO-9"]
    assert root.xpath("//input[@name='subject']/@aria-invalid") == ["true"]
    assert n(db, "SELECT COUNT(*) FROM ticket") == before
    # a line break in a one-line field is refused before the handler
    r = dealer.post("/tickets/new", fields(subject="a\nb"), xml=True)
    assert r.status == 400, r
    # the reply needs a body and a version
    tid = open_ticket(dealer)
    r = post(dealer, tid, "reply", body="", version=version(db, tid))
    assert r.status == 422 and "body" in field_codes(r), r
    r = post(dealer, tid, "reply", body="no version")
    assert r.status == 422 and "version" in field_codes(r), r
    assert n(db, f"SELECT COUNT(*) FROM ticket_reply WHERE ticket_id = {tid}"
             ) == 0


def test_markup_is_escaped(env, user):
    db, _ = env
    dealer, rep = user("dealer-t-sh1"), user("rep-sh")
    subj = "<script>alert(1)</script> & co"
    body = "<img src=x onerror=alert(2)>\n\"quoted\" 'single'"
    tid = open_ticket(dealer, subject=subj, body=body,
                      order_ref="<b>SO</b>")
    assert row(db, tid)["subject"] == subj
    post(rep, tid, "reply", body="<a href=javascript:alert(3)>x</a>",
         version=version(db, tid))
    for b in (dealer, rep):
        for path in (f"/tickets/{tid}", "/tickets"):
            h = b.get(path)
            assert h.status == 200
            root = qs.assert_html_page(h)
            assert b"<script>alert" not in h.body
            assert b"<img src=x" not in h.body
            assert b"<a href=javascript" not in h.body
            assert not root.xpath("//img") and not root.xpath(
                "//a[starts-with(@href, 'javascript')]")
        h = b.get(f"/tickets/{tid}")
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in h.body
    x = dealer.page(f"/tickets/{tid}").doc.find("ticket")
    assert x.get("subject") == subj and x.findtext("body") == body


# ------------------------------------------------------------ rules

def test_double_submit_takes_effect_once(env, user):
    db, _ = env
    dealer, rep = user("dealer-t-sh1"), user("rep-sh")
    tid = open_ticket(dealer, subject="double clicks")
    v = version(db, tid)
    r1 = post(rep, tid, "reply", body="same reply", version=v)
    r2 = post(rep, tid, "reply", body="same reply", version=v)
    assert r1.status == 303 and r2.status == 409, (r1, r2)
    qs.assert_valid_page(r2)
    c = r2.doc.find("ticket/conflict")
    assert c.get("sent-version") == str(v) and c.get("version") == str(v + 1)
    assert r2.doc.findtext("ticket/draft") == "same reply"
    assert n(db, f"SELECT COUNT(*) FROM ticket_reply WHERE ticket_id = {tid}"
             ) == 1
    v = version(db, tid)
    r1 = post(rep, tid, "status", to="resolved", version=v)
    r2 = post(rep, tid, "status", to="resolved", version=v)
    assert r1.status == 303 and r2.status == 409, (r1, r2)
    assert audit_actions(db, tid).count("resolve") == 1
    assert version(db, tid) == v + 1
    h = rep.post(f"/tickets/{tid}/status", {"to": "closed", "version": v})
    assert h.status == 409
    qs.assert_html_page(h)
    assert row(db, tid)["status"] == "resolved"


def test_who_may_do_what(env, user):
    db, _ = env
    dealer, rep = user("dealer-t-sh1"), user("rep-sh")
    tid = open_ticket(dealer, subject="rules")
    v = version(db, tid)
    # a channel user cannot write internal notes, resolve or assign
    r = post(dealer, tid, "reply", body="secret?", internal=1, version=v)
    assert r.status == 422 and field_codes(r).get("internal") == \
        ["not_allowed"], r
    r = post(dealer, tid, "status", to="resolved", version=v)
    assert r.status == 403, r
    r = post(dealer, tid, "assign", assignee=user_id(db, "rep-sh"),
             version=v)
    assert r.status == 403, r
    # the director reads but does not handle
    director = user("director")
    assert director.page(f"/tickets/{tid}").doc.find("ticket").get(
        "can-reply") is None
    r = post(director, tid, "reply", body="hello", version=v)
    assert r.status == 403, r
    # assignees: staff who handle tickets, in the assigner's subtree, who
    # see the party
    for login in ("rep-gz", "director", "dealer-t-sh1", "mgr-sh"):
        r = post(rep, tid, "assign", assignee=user_id(db, login), version=v)
        assert r.status == 422, (login, r)
        assert field_codes(r).get("assignee") == ["bad_assignee"], r
    mgr = user("mgr-sh")
    r = post(mgr, tid, "assign", assignee=user_id(db, "rep-sh"), version=v)
    assert r.status == 303, r
    assert version(db, tid) == v + 1
    assert n(db, f"SELECT COUNT(*) FROM ticket_reply WHERE ticket_id = {tid}"
             ) == 0
    # reopen by the party from answered
    post(rep, tid, "reply", body="answer", version=version(db, tid))
    assert row(db, tid)["status"] == "answered"
    r = post(dealer, tid, "status", to="open", version=version(db, tid))
    assert r.status == 303, r
    assert row(db, tid)["status"] == "open"


def test_list_search_filters_sort_pages_and_csv(env, user):
    db, _ = env
    dealer, rep = user("dealer-t-sh2"), user("rep-sh")
    ids = [open_ticket(dealer, subject=f"searchable zq{i}",
                       priority=p, kind=k, order_ref=f"ZQ-{i}")
           for i, (p, k) in enumerate([("low", "feedback"),
                                       ("urgent", "service"),
                                       ("normal", "complaint")])]
    got = rep.list("q=searchable%20zq")
    assert set(items(got)) == set(ids)
    assert set(items(rep.list("q=ZQ-1"))) == {ids[1]}
    assert set(items(rep.list("q=searchable%20zq&priority=urgent"))) == \
        {ids[1]}
    assert set(items(rep.list("q=searchable%20zq&kind=feedback"))) == \
        {ids[0]}
    assert set(ids) <= set(items(rep.list("party=D-SH2&status=open")))
    order = [int(i.get("id")) for i in rep.list(
        "q=searchable%20zq&sort=priority&dir=desc").doc.findall(
            "ticket-list/item")]
    assert order == [ids[1], ids[2], ids[0]]
    order = [int(i.get("id")) for i in rep.list(
        "q=searchable%20zq&sort=created&dir=asc").doc.findall(
            "ticket-list/item")]
    assert order == ids
    for s in ("status", "due"):
        for d in ("asc", "desc"):
            rep.page(f"/tickets?sort={s}&dir={d}")
    assert rep.get("/tickets.xml?sort=subject", xml=True).status == 400
    # pages
    total = int(rep.list().doc.find("ticket-list").get("total"))
    lst = rep.list("page=99").doc.find("ticket-list")
    assert lst.get("page") == lst.get("pages") and int(lst.get("total")) == \
        total
    # CSV: the same rows, staff columns for staff only
    csv = rep.get("/tickets.csv?q=searchable%20zq")
    assert csv.status == 200 and "csv" in csv.content_type
    lines = csv.text.lstrip("\ufeff").strip().split("\r\n")
    assert lines[0].split(",")[-2:] == ["assignee", "overdue"]
    assert len(lines) == 4 and all("ZQ-" in ln for ln in lines[1:])
    pcsv = dealer.get("/tickets.csv?q=searchable%20zq").text
    assert "assignee" not in pcsv.split("\r\n")[0]
    # the list pages render
    rep.page("/tickets?q=searchable%20zq&assignee=me&overdue=1")
    dealer.page("/tickets")
