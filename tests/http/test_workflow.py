"""test_workflow.py - the approval engine and the leave request that proves
it (issue 3, "Approval workflows").

Each database kind gets its own small database (the demo organisation, its
approval flow "leave" and 200 products: a copy of the template that
test_identity and test_demo_channel use too) with a known demo password,
and a stack on it.  The administrator defines a flow of its own through the
pages (retiring the demo's), then demo users ask for leave and decide:

  step 1  role branch_mgr in the requester's chain, back to the requester
          on rejection
  step 2  role director, only from 4 days (min 4.00 = days x 100), a
          rejection ends it

Until the seed roles carry them, the fixture grants workflow.view and
leave.request to the staff roles straight in the database (what the lead
adds to seed.c).  Every page asked for here is checked against
schema/xsd/page.xsd (XML) or parsed with the CSP rules (HTML).
"""
import contextlib
import os
import sqlite3
import threading
import urllib.parse

import pytest

import stack as qs

PW = qs.DEMO_PASSWORD
STAFF_ROLES = ("director", "branch_mgr", "sales_rep", "warehouse", "finance",
               "purchasing")
STAFF_PERMS = ("workflow.view", "leave.request")
FLOW = "leave_t"  # the flow the tests define


class Browser(qs.Browser):
    """The shared browser, with page checks of its own."""

    demo_password = PW

    # -- pages, checked on the way --------------------------------------

    def page(self, path, status=200):
        """GET path as XML (valid against page.xsd) and as HTML (parsed
        with the CSP rules); returns the XML response."""
        x = self.get(path + ".xml", xml=True)
        assert x.status == status, x
        qs.assert_valid_page(x)
        h = self.get(path)
        assert h.status == status, h
        qs.assert_html_page(h)
        return x


def db_write(db, sql):
    """Run one writing statement straight on the test database."""
    if db.kind == "sqlite":
        with contextlib.closing(sqlite3.connect(db.workdir / "q.db",
                                                timeout=30)) as c:
            c.execute(sql)
            c.commit()
    else:
        qs.psql(sql, db.pg_name)


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    os.environ["DEPLOY_LOGIN_RATE"] = "off"
    work = tmp_path_factory.mktemp(f"wf-{db_kind}")
    db, _ = qs.demo_database(db_kind, work, 200, PW)
    try:
        roles = ", ".join(f"'{r}'" for r in STAFF_ROLES)
        for perm in STAFF_PERMS:  # what the seed roles will grant
            db_write(db, "INSERT INTO role_perm (role_id, perm) "
                         f"SELECT r.id, '{perm}' FROM qd_role r "
                         f"WHERE r.code IN ({roles}) AND NOT EXISTS "
                         "(SELECT 1 FROM role_perm p WHERE p.role_id = r.id "
                         f"AND p.perm = '{perm}')")
        st = qs.Stack(work / "var", db.connstr)
        st.start()
        try:
            yield db, st
        finally:
            st.stop()
            assert not st.sanitizer_reports(), st.sanitizer_reports()[:10]
    finally:
        db.drop()


def user(env, login):
    return Browser(env[1]).login(login)


def scalar(env, sql):
    return int(env[0].scalar(sql))


# ------------------------------------------------------------ helpers

def flow_fields(code, name, steps, status="active", version=None):
    """The flow form's fields: steps are dicts with name, approver, role
    (role code -> looked up by the caller as id), user, min, reject."""
    f = {"code": code, "name": name, "doc_type": "leave", "status": status}
    if version is not None:
        f["version"] = str(version)
    for i, s in enumerate(steps, 1):
        for k, v in s.items():
            f[f"s{i}_{k}"] = v
    return f


def role_ids(env):
    return {code: rid for rid, code in
            env[0].query("SELECT id, code FROM qd_role")}


def form_steps(form):
    """The step rows of a <wf-flow-form> as form fields."""
    out = {}
    for s in form.findall("step"):
        row = s.get("row")
        for attr, field in (("name", "name"), ("approver", "approver"),
                            ("role-id", "role"), ("user-login", "user"),
                            ("min", "min"), ("on-reject", "reject")):
            if s.get(attr) is not None:
                out[f"s{row}_{field}"] = s.get(attr)
    return out


def ask_leave(b, days, reason="family matters"):
    """Submit a leave request; returns (leave id, instance id)."""
    r = b.post("/leave/new", {"days": str(days), "reason": reason})
    assert r.status == 303, r
    lid = int(r.header("Location").rsplit("/", 1)[1])
    page = b.page(f"/leave/{lid}")
    iid = page.doc.find("leave").get("instance-id")
    assert iid is not None, page
    return lid, int(iid)


def instance(b, iid):
    return b.page(f"/workflow/{iid}").doc.find("wf-instance")


def decide(b, iid, decision, step=None, note=None, xml=False):
    f = {"decision": decision}
    if step is not None:
        f["step"] = str(step)
    if note is not None:
        f["note"] = note
    return b.post(f"/workflow/{iid}/decide", f, xml=xml)


def inbox_ids(b):
    x = b.page("/workflow/inbox")
    return {int(i.get("instance")) for i in x.doc.iter("item")}


def leave_status(env, lid):
    return env[0].scalar(f"SELECT status FROM leave_request WHERE id = {lid}")


def decisions(env, iid):
    return env[0].query("SELECT step_seq, decision FROM wf_decision "
                        f"WHERE instance_id = {iid} ORDER BY step_seq")


# ------------------------------------------------------------ flows

@pytest.fixture(scope="module")
def flow(env):
    """The administrator defines the test flow through the pages: the demo
    flow must be retired first (one active flow per document type)."""
    admin = user(env, "admin")
    ids = role_ids(env)
    steps = [
        {"name": "Branch manager", "approver": "role",
         "role": ids["branch_mgr"], "reject": "requester"},
        {"name": "Sales director", "approver": "role", "role": ids["director"],
         "min": "4", "reject": "end"},
    ]
    r = admin.post("/workflow/flows/new",
                   flow_fields(FLOW, "Leave (tests)", steps), xml=True)
    assert r.status == 422, r
    assert any(m.get("code") == "active_exists"
               for m in r.doc.iter("message")), r
    qs.assert_valid_page(r)

    flows = admin.page("/workflow/flows").doc.find("wf-flows")
    demo = [f for f in flows.findall("flow") if f.get("code") == "leave"][0]
    assert demo.get("status") == "active" and demo.get("steps") == "2"
    form = admin.page(f"/workflow/flows/{demo.get('id')}/edit").doc.find(
        "wf-flow-form")
    fields = {"code": form.get("code"), "name": form.get("name"),
              "doc_type": form.get("doc-type"), "status": "retired",
              "version": form.get("version")}
    fields.update(form_steps(form))
    r = admin.post(f"/workflow/flows/{demo.get('id')}/edit", fields)
    assert r.status == 303 and r.header("Location") == "/workflow/flows", r

    r = admin.post("/workflow/flows/new",
                   flow_fields(FLOW, "Leave (tests)", steps))
    assert r.status == 303, r
    flows = admin.page("/workflow/flows").doc.find("wf-flows")
    mine = [f for f in flows.findall("flow") if f.get("code") == FLOW][0]
    assert mine.get("status") == "active" and mine.get("steps") == "2"
    db = env[0]
    rows = db.query("SELECT s.seq, s.approver, r.code, "
                    "COALESCE(s.min_amount, -1), "
                    "s.on_reject FROM wf_step s JOIN wf_flow f "
                    "ON f.id = s.flow_id LEFT JOIN qd_role r "
                    f"ON r.id = s.role_id WHERE f.code = '{FLOW}' "
                    "ORDER BY s.seq")
    assert rows == [["1", "role", "branch_mgr", "-1", "requester"],
                    ["2", "role", "director", "400", "end"]]
    return int(mine.get("id"))


def html_form(resp, action):
    """The fields a browser would post from the form with this action."""
    form = resp.html.xpath(f"//form[@action='{action}']")[0]
    out = {}
    for el in form.xpath(".//input | .//textarea"):
        if el.get("name") and el.get("type") not in ("submit",):
            out[el.get("name")] = el.get("value") if el.tag == "input" \
                else (el.text or "")
    for el in form.xpath(".//select"):
        chosen = el.xpath("./option[@selected]") or el.xpath("./option")
        out[el.get("name")] = chosen[0].get("value")
    return out


def test_flow_pages_and_the_demo_flow(env, flow):
    admin = user(env, "admin")
    admin.page("/workflow/flows/new")
    form = admin.page(f"/workflow/flows/{flow}/edit").doc.find("wf-flow-form")
    assert form.get("code") == FLOW
    assert len(form.findall("step")) == 5  # two filled rows, three empty
    assert form.findall("step")[1].get("min") == "4.00"
    # the HTML form posted as a browser does (empty rows included) saves
    # the same flow again
    action = f"/workflow/flows/{flow}/edit"
    fields = html_form(admin.get(action), action)
    assert fields["s3_name"] == "" and fields["s3_reject"] == "end"
    del fields["csrf"]
    before = env[0].query("SELECT seq, name, approver, role_id, user_id, "
                          "COALESCE(min_amount, -1), on_reject FROM wf_step "
                          f"WHERE flow_id = {flow} ORDER BY seq")
    r = admin.post(action, fields)
    assert r.status == 303, r
    after = env[0].query("SELECT seq, name, approver, role_id, user_id, "
                         "COALESCE(min_amount, -1), on_reject FROM wf_step "
                         f"WHERE flow_id = {flow} ORDER BY seq")
    assert after == before
    # the demo's own instances are still there and readable
    assert scalar(env, "SELECT COUNT(*) FROM wf_instance") >= 6


def test_flow_form_refuses_bad_rows(env, flow):
    admin = user(env, "admin")
    ids = role_ids(env)
    cases = [
        ({"name": "x", "approver": "role"}, "s1_role", "required"),
        ({"name": "x", "approver": "role", "role": "999999"}, "s1_role",
         "bad_choice"),
        ({"name": "x", "approver": "user", "user": "nobody-here"}, "s1_user",
         "no_user"),
        ({"approver": "manager"}, "s1_name", "required"),
        ({"name": "x", "approver": "manager", "min": "abc"}, "s1_min",
         "bad_amount"),
    ]
    for row, field, code in cases:
        r = admin.post("/workflow/flows/new",
                       flow_fields("bad_one", "Bad", [row], "retired"),
                       xml=True)
        assert r.status == 422, (row, r)
        qs.assert_valid_page(r)
        assert any(m.get("field") == field and m.get("code") == code
                   for m in r.doc.iter("message")), (row, r)
        # what was typed comes back
        assert r.doc.find("wf-flow-form/step").get("name") == row.get("name")
    r = admin.post("/workflow/flows/new",
                   flow_fields("bad_one", "Bad", [], "retired"), xml=True)
    assert r.status == 422
    assert any(m.get("code") == "no_steps" for m in r.doc.iter("message"))
    r = admin.post("/workflow/flows/new",
                   flow_fields("Bad Code", "Bad", [{
                       "name": "x", "approver": "role",
                       "role": ids["director"]}], "retired"), xml=True)
    assert r.status == 422
    assert any(m.get("code") == "bad_code" for m in r.doc.iter("message"))
    r = admin.post("/workflow/flows/new",
                   flow_fields(FLOW, "Dup", [{
                       "name": "x", "approver": "manager"}], "retired"),
                   xml=True)
    assert r.status == 422
    assert any(m.get("code") == "code_taken" for m in r.doc.iter("message"))
    html = admin.post("/workflow/flows/new",
                      flow_fields("bad_one", "Bad", [], "retired"))
    assert html.status == 422
    qs.assert_html_page(html)
    assert scalar(env, "SELECT COUNT(*) FROM wf_flow "
                       "WHERE code = 'bad_one'") == 0


def test_flow_edit_with_a_stale_version_is_409(env, flow):
    admin = user(env, "admin")
    other = user(env, "admin")
    updates = ("SELECT COUNT(*) FROM audit_log WHERE entity = 'wf_flow' "
               f"AND entity_id = {flow} AND action = 'update'")
    before = scalar(env, updates)
    form = admin.page(f"/workflow/flows/{flow}/edit").doc.find("wf-flow-form")
    fields = {"code": FLOW, "name": "Leave (tests)", "doc_type": "leave",
              "status": "active", "version": form.get("version")}
    fields.update(form_steps(form))
    # someone else saves first (a new name), then our stale save
    theirs = dict(fields, name="Leave (renamed)")
    assert other.post(f"/workflow/flows/{flow}/edit", theirs).status == 303
    r = admin.post(f"/workflow/flows/{flow}/edit", fields, xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    f = r.doc.find("wf-flow-form")
    assert f.find("conflict").get("name") == "Leave (renamed)"
    assert f.get("name") == "Leave (tests)"  # ours, as typed
    assert int(f.get("version")) == int(form.get("version")) + 1
    html = admin.post(f"/workflow/flows/{flow}/edit", fields)
    assert html.status == 409
    qs.assert_html_page(html)
    # saving again on the version shown is a deliberate overwrite
    fields["version"] = f.get("version")
    assert admin.post(f"/workflow/flows/{flow}/edit", fields).status == 303
    steps = env[0].query("SELECT COUNT(*) FROM wf_step s JOIN wf_flow f "
                         f"ON f.id = s.flow_id WHERE f.code = '{FLOW}'")
    assert steps == [["2"]]  # steps replaced by the same two
    assert scalar(env, updates) == before + 2  # theirs and ours


def test_flow_pages_need_workflow_admin(env, flow):
    rep = user(env, "rep-sh")
    for path in ("/workflow/flows", "/workflow/flows/new",
                 f"/workflow/flows/{flow}/edit"):
        r = rep.get(path + ".xml", xml=True)
        assert r.status == 403 and r.error_code == "forbidden", r
    r = rep.post(f"/workflow/flows/{flow}/edit", {"code": "x"}, xml=True)
    assert r.status == 403


# ------------------------------------------------------------ approvals

def test_short_leave_skips_the_director(env, flow):
    rep, mgr, director = (user(env, x) for x in ("rep-sh", "mgr-sh",
                                                  "director"))
    lid, iid = ask_leave(rep, 2, "dentist & <school> visit")
    inst = instance(rep, iid)  # the requester sees it
    assert inst.get("status") == "pending" and inst.get("step-seq") == "1"
    assert inst.get("mine") == "1" and inst.get("can-decide") == "0"
    assert [s.get("state") for s in inst.iter("step")] == ["current",
                                                           "skipped"]
    assert inst.findtext("document/summary") == "dentist & <school> visit"
    assert "mgr-sh" in [a.get("login") for a in inst.iter("approver")]
    assert iid in inbox_ids(mgr)
    assert iid not in inbox_ids(director)
    assert iid not in inbox_ids(rep)
    assert instance(mgr, iid).get("can-decide") == "1"
    html = mgr.get(f"/workflow/{iid}")
    form = html.html.xpath(f"//form[@action='/workflow/{iid}/decide']")
    assert form and set(form[0].xpath(".//button/@value")) == {"approve",
                                                               "reject"}
    r = decide(mgr, iid, "approve", step=1, note="ok")
    assert r.status == 303 and r.header("Location") == "/workflow/inbox", r
    inst = instance(rep, iid)
    assert inst.get("status") == "approved"
    assert [s.get("state") for s in inst.iter("step")] == ["done", "skipped"]
    d = inst.find("decisions/decision")
    assert (d.get("user-login"), d.get("decision"), d.findtext("note"),
            d.get("step-seq"), d.get("round")) == ("mgr-sh", "approve", "ok",
                                                  "1", "1")
    assert d.get("at").endswith("Z")
    assert leave_status(env, lid) == "approved"
    assert decisions(env, iid) == [["1", "approve"]]
    assert iid not in inbox_ids(mgr)
    assert rep.page(f"/leave/{lid}").doc.find("leave").get(
        "status") == "approved"
    assert lid in {int(x.get("id")) for x in
                   rep.page("/leave").doc.iter("leave")}
    assert scalar(env, "SELECT COUNT(*) FROM audit_log WHERE entity = "
                       f"'wf_instance' AND entity_id = {iid}") == 2


def test_long_leave_goes_through_both_steps(env, flow):
    rep, mgr, director = (user(env, x) for x in ("rep-sh", "mgr-sh",
                                                  "director"))
    lid, iid = ask_leave(rep, 5, "wedding in the home town")
    inst = instance(rep, iid)
    assert [s.get("state") for s in inst.iter("step")] == ["current",
                                                           "waiting"]
    assert iid not in inbox_ids(director)
    assert decide(mgr, iid, "approve", step=1).status == 303
    inst = instance(mgr, iid)  # decided by him: still visible
    assert inst.get("status") == "pending" and inst.get("step-seq") == "2"
    assert inst.get("can-decide") == "0"
    assert [s.get("state") for s in inst.iter("step")] == ["done", "current"]
    assert iid not in inbox_ids(mgr)
    assert iid in inbox_ids(director)
    assert leave_status(env, lid) == "pending"
    r = decide(director, iid, "approve", step=2, note="enjoy")
    assert r.status == 303, r
    inst = instance(director, iid)
    assert inst.get("status") == "approved"
    assert [(d.get("user-login"), d.get("step-seq"))
            for d in inst.iter("decision")] == [("mgr-sh", "1"),
                                                ("director", "2")]
    assert leave_status(env, lid) == "approved"
    assert decisions(env, iid) == [["1", "approve"], ["2", "approve"]]


def test_rejection_returns_to_the_requester_who_resubmits(env, flow):
    rep, mgr = user(env, "rep-hz"), user(env, "mgr-hz")
    lid, iid = ask_leave(rep, 3, "personal")
    r = decide(mgr, iid, "reject", step=1, note="say why, please")
    assert r.status == 303, r
    assert leave_status(env, lid) == "returned"
    inst = instance(rep, iid)
    assert inst.get("status") == "returned"
    assert inst.find("approvers") is None
    assert iid not in inbox_ids(mgr)
    page = rep.page(f"/leave/{lid}")
    assert page.doc.find("leave").get("instance-status") == "returned"
    html = rep.get(f"/leave/{lid}")
    assert html.html.xpath(f"//form[@action='/leave/{lid}/resubmit']")
    # a refused resubmission shows the form again with what was typed
    bad = rep.post(f"/leave/{lid}/resubmit", {"days": "99",
                                             "reason": "moving house"},
                   xml=True)
    assert bad.status == 422, bad
    qs.assert_valid_page(bad)
    assert bad.doc.find("leave/resubmit").get("days") == "99"
    # another user cannot resubmit it (not theirs: 404)
    assert user(env, "rep-sh").post(f"/leave/{lid}/resubmit", {
        "days": "2", "reason": "x"}, xml=True).status == 404
    r = rep.post(f"/leave/{lid}/resubmit", {"days": "2",
                                            "reason": "moving house"})
    assert r.status == 303 and r.header("Location") == f"/leave/{lid}", r
    assert leave_status(env, lid) == "pending"
    inst = instance(rep, iid)
    assert inst.get("status") == "pending" and inst.get("step-seq") == "1"
    assert inst.get("amount") == "200"
    assert inst.findtext("document/summary") == "moving house"
    assert iid in inbox_ids(mgr)
    assert decide(mgr, iid, "approve", step=1).status == 303
    assert leave_status(env, lid) == "approved"
    inst = instance(rep, iid)
    assert [(d.get("decision"), d.get("round"))
            for d in inst.iter("decision")] == [("reject", "1"),
                                                ("approve", "2")]
    # round 2 is recorded as 100 + step: one decision per step and round
    assert decisions(env, iid) == [["1", "reject"], ["101", "approve"]]
    again = rep.post(f"/leave/{lid}/resubmit", {"days": "2", "reason": "x"},
                     xml=True)
    assert again.status == 409, again


def test_rejection_at_the_last_step_ends_it(env, flow):
    rep, mgr, director = (user(env, x) for x in ("rep-bj", "mgr-bj",
                                                  "director"))
    lid, iid = ask_leave(rep, 6, "long trip")
    assert decide(mgr, iid, "approve", step=1).status == 303
    assert decide(director, iid, "reject", step=2,
                  note="busy season").status == 303
    assert leave_status(env, lid) == "rejected"
    inst = instance(rep, iid)
    assert inst.get("status") == "rejected"
    assert [s.get("state") for s in inst.iter("step")] == ["done", "rejected"]
    assert iid not in inbox_ids(director)
    r = rep.post(f"/leave/{lid}/resubmit", {"days": "6", "reason": "x"},
                 xml=True)
    assert r.status == 409, r
    r = decide(director, iid, "approve", step=2, xml=True)
    assert r.status == 409 and r.error_code == "conflict", r
    assert decisions(env, iid) == [["1", "approve"], ["2", "reject"]]


def test_outsiders_get_404(env, flow):
    rep = user(env, "rep-sh")
    lid, iid = ask_leave(rep, 5, "private")
    for login in ("mgr-hz", "director", "rep-hz", "finance"):
        b = user(env, login)
        r = b.get(f"/workflow/{iid}.xml", xml=True)
        assert r.status == 404 and r.error_code == "not_found", (login, r)
        qs.assert_valid_page(r)
        r = decide(b, iid, "approve", step=1, xml=True)
        assert r.status == 404 and r.error_code == "not_found", (login, r)
        r = decide(b, iid, "approve", xml=True)
        assert r.status == 404, (login, r)
        assert iid not in inbox_ids(b)
        r = b.get(f"/leave/{lid}.xml", xml=True)
        assert r.status == 404, (login, r)
        r = b.post(f"/leave/{lid}/resubmit", {"days": "1", "reason": "x"},
                   xml=True)
        assert r.status == 404, (login, r)
    # a missing id answers the same way
    r = user(env, "mgr-hz").get("/workflow/999999.xml", xml=True)
    assert r.status == 404 and r.error_code == "not_found"
    assert decisions(env, iid) == []
    assert env[0].scalar(f"SELECT status FROM wf_instance WHERE id = {iid}") \
        == "pending"
    assert scalar(env, "SELECT COUNT(*) FROM audit_log WHERE "
                       f"entity = 'wf_instance' AND entity_id = {iid} "
                       "AND action = 'denied'") >= 4
    # the administrator of the flows may look at it
    admin = user(env, "admin")
    assert instance(admin, iid).get("can-decide") == "0"
    assert decide(admin, iid, "approve", step=1, xml=True).status == 404


def test_nobody_approves_their_own_request(env, flow):
    mgr = user(env, "mgr-sh")
    lid, iid = ask_leave(mgr, 1, "own request")
    assert iid not in inbox_ids(mgr)
    inst = instance(mgr, iid)
    assert inst.get("mine") == "1" and inst.get("can-decide") == "0"
    # the only branch_mgr in his chain is himself: nobody may decide
    assert inst.find("approvers") is not None
    assert inst.findall("approvers/approver") == []
    r = decide(mgr, iid, "approve", step=1, xml=True)
    assert r.status == 404, r
    assert decisions(env, iid) == []


def test_decide_refuses_a_bad_form(env, flow):
    rep, mgr = user(env, "rep-gz"), user(env, "mgr-gz")
    lid, iid = ask_leave(rep, 1, "short")
    r = mgr.post(f"/workflow/{iid}/decide", {"step": "1"}, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert any(m.get("field") == "decision" for m in r.doc.iter("message"))
    assert r.doc.find("wf-instance").get("can-decide") == "1"
    r = mgr.post(f"/workflow/{iid}/decide", {"decision": "maybe"}, xml=True)
    assert r.status == 400, r
    r = mgr.post(f"/workflow/{iid}/decide", {"decision": "approve",
                                             "note": "x" * 501}, xml=True)
    assert r.status == 422, r
    r = mgr.post(f"/workflow/{iid}/decide", {"decision": "approve"},
                 csrf=None, xml=True)
    assert r.status == 403 and r.error_code == "csrf", r
    r = mgr.get(f"/workflow/{iid}/decide?decision=approve")
    assert r.status == 405
    assert decisions(env, iid) == []
    # the requester's own decide: not theirs
    assert decide(rep, iid, "approve", step=1, xml=True).status == 404
    assert decide(mgr, iid, "approve", step=1).status == 303


def fire(env, b, iid, fields, n=10):
    """n identical decide POSTs at once from one session; their statuses."""
    st = env[1]
    fields = dict(fields, csrf=b.csrf())
    body = urllib.parse.urlencode(fields)
    headers = b.headers()
    barrier = threading.Barrier(n)
    out = [None] * n

    def one(k):
        barrier.wait()
        r = st.post(f"/workflow/{iid}/decide", body,
                    "application/x-www-form-urlencoded", headers)
        out[k] = r.status
    threads = [threading.Thread(target=one, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return out


def test_concurrent_double_approval_is_recorded_once(env, flow):
    rep, mgr = user(env, "rep-cd"), user(env, "mgr-cd")
    lid, iid = ask_leave(rep, 2, "double click")
    statuses = fire(env, mgr, iid, {"decision": "approve", "step": "1"})
    assert sorted(statuses) == [303] + [409] * 9, statuses
    assert decisions(env, iid) == [["1", "approve"]]
    assert scalar(env, "SELECT COUNT(*) FROM wf_decision "
                       f"WHERE instance_id = {iid} AND step_seq = 1") == 1
    assert leave_status(env, lid) == "approved"
    assert scalar(env, "SELECT COUNT(*) FROM audit_log WHERE "
                       f"entity = 'wf_instance' AND entity_id = {iid} "
                       "AND action = 'approve'") == 1
    assert env[0].scalar(f"SELECT version FROM wf_instance WHERE id = {iid}") \
        == "2"


def test_concurrent_approvals_without_a_step_field(env, flow):
    """A form without the step field decides the current step; repeats
    after the step moved on to the director are 409, not a second step."""
    rep, mgr = user(env, "rep-cq"), user(env, "mgr-cq")
    lid, iid = ask_leave(rep, 5, "double click, long")
    statuses = fire(env, mgr, iid, {"decision": "approve"})
    assert sorted(statuses) == [303] + [409] * 9, statuses
    assert decisions(env, iid) == [["1", "approve"]]
    inst = env[0].query(f"SELECT status, step_seq FROM wf_instance "
                        f"WHERE id = {iid}")
    assert inst == [["pending", "2"]]
    assert leave_status(env, lid) == "pending"


def test_leave_form_and_list_pages(env, flow):
    rep = user(env, "rep-wh")
    rep.page("/leave/new")
    r = rep.post("/leave/new", {"days": "0", "reason": ""}, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    fields = {m.get("field") for m in r.doc.iter("message")}
    assert {"days", "reason"} <= fields
    assert r.doc.find("leave-form").get("days") == "0"
    html = rep.post("/leave/new", {"days": "61", "reason": "too long"})
    assert html.status == 422
    qs.assert_html_page(html)
    assert scalar(env, "SELECT COUNT(*) FROM leave_request l JOIN qd_user u "
                       "ON u.id = l.user_id WHERE u.login = 'rep-wh'") == 0
    rep.page("/leave")
    # the demo's requests are there for their owners
    demo = user(env, "rep-gz").page("/leave").doc
    assert "returned" in {x.get("status") for x in demo.iter("leave")}


def test_anonymous_visitors_are_sent_to_the_login(env, flow):
    b = Browser(env[1])
    for path in ("/workflow/inbox", "/leave", "/leave/new", "/workflow/1"):
        r = b.get(path)
        assert r.status == 303 and r.header("Location").startswith(
            "/login?next="), r
        x = b.get(path + ".xml", xml=True)
        assert x.status == 401, x


# ------------------------------------------------------------ other rules

def test_manager_and_named_user_rules(env, flow):
    """Step 1 the requester's manager (the nearest branch_mgr above), step 2
    a named user (finance), whatever the amount."""
    admin = user(env, "admin")
    form = admin.page(f"/workflow/flows/{flow}/edit").doc.find("wf-flow-form")
    fields = flow_fields(FLOW, "Leave (tests)", [
        {"name": "Manager", "approver": "manager", "reject": "end"},
        {"name": "Finance", "approver": "user", "user": "finance",
         "reject": "end"},
    ], version=form.get("version"))
    assert admin.post(f"/workflow/flows/{flow}/edit", fields).status == 303
    rep, mgr, fin = (user(env, x) for x in ("rep-wh", "mgr-wh", "finance"))
    lid, iid = ask_leave(rep, 1, "manager rule")
    inst = instance(rep, iid)
    assert [a.get("login") for a in inst.iter("approver")] == ["mgr-wh"]
    assert iid not in inbox_ids(user(env, "mgr-cs"))
    assert decide(user(env, "mgr-cs"), iid, "approve",
                  xml=True).status == 404
    assert iid in inbox_ids(mgr)
    assert decide(mgr, iid, "approve", step=1).status == 303
    assert [a.get("login") for a in instance(fin, iid).iter("approver")] \
        == ["finance"]
    assert iid in inbox_ids(fin)
    assert decide(fin, iid, "approve", step=2, note="paid leave").status \
        == 303
    assert leave_status(env, lid) == "approved"
    assert decisions(env, iid) == [["1", "approve"], ["2", "approve"]]


def test_no_active_flow_refuses_the_request(env, flow):
    admin = user(env, "admin")
    form = admin.page(f"/workflow/flows/{flow}/edit").doc.find("wf-flow-form")
    fields = {"code": FLOW, "name": "Leave (tests)", "doc_type": "leave",
              "status": "retired", "version": form.get("version")}
    fields.update(form_steps(form))
    assert admin.post(f"/workflow/flows/{flow}/edit", fields).status == 303
    rep = user(env, "rep-cs")
    r = rep.post("/leave/new", {"days": "1", "reason": "no flow"}, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert any(m.get("code") == "no_flow" for m in r.doc.iter("message"))
    assert scalar(env, "SELECT COUNT(*) FROM leave_request l JOIN qd_user u "
                       "ON u.id = l.user_id WHERE u.login = 'rep-cs'") == 0
