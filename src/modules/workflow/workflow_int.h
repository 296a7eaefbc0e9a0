/*
 * workflow_int.h - what the files of src/modules/workflow/ share and
 * nothing else sees.  The module:
 *
 * workflow - the approval engine (issue 3, "Approval workflows"), its
 * pages, and the leave request: the small document type that proves it.
 *
 * Pages:  GET  /workflow/inbox              waiting for me      workflow.view
 *         GET  /workflow/{id}               one instance        workflow.view
 *         POST /workflow/{id}/decide        approve or reject   workflow.view
 *         GET  /workflow/flows              flow definitions    workflow.admin
 *         GET  /workflow/flows/new, POST    define a flow       workflow.admin
 *         GET  /workflow/flows/{id}/edit, POST
 *                                           edit (409 on version)
 *                                                               workflow.admin
 *         GET  /leave                       my leave requests   leave.request
 *         GET  /leave/new, POST             ask for leave       leave.request
 *         GET  /leave/{id}                  one of mine         leave.request
 *         POST /leave/{id}/resubmit         after a return      leave.request
 * Tables: wf_flow, wf_step, wf_instance, wf_decision, leave_request;
 *         qd_user, qd_role, user_role, user_scope, org_closure, org_unit
 *         (read, for the approver rules); audit_log (through audit.c)
 * Style:  xsl/workflow.xsl; data elements wf-inbox, wf-instance, wf-flows,
 *         wf-flow-form, leave-list, leave-form, leave
 *         (schema/xsd/workflow.xsd)
 *
 * The C interface for other modules is workflow.h; the rules of the
 * approvers are written out there and, once, in SQL in WF_ELIGIBLE below:
 * the inbox, the instance page, the decision and the list of who may
 * decide all use that one predicate, so they cannot disagree.
 *
 * Who sees an instance: its requester, whoever may decide its current
 * step, whoever decided one of its steps, and workflow.admin.  Anyone else
 * gets 404, exactly as for a missing id, and the denial is logged.
 *
 * Decisions (PORTABILITY.md item 9, SECURITY.md "Integrity under
 * concurrency"): the reads (instance, eligibility, steps) run first and
 * are ended; then one unit of work whose first statement is the guarded
 * UPDATE of wf_instance (status 'pending', the step decided and the
 * version read), checked by its row count, then the wf_decision row,
 * unique per (instance, step_seq), the audit record and the document's
 * callback.  A double click, or ten approvers at once, leaves exactly one
 * decision; the others get 409 "already decided".
 *
 * Rounds.  A document rejected "back to the requester" is returned, may
 * be changed and submitted again: the same instance (one per document,
 * uq_wf_instance_doc) starts again at the first step.  Its earlier
 * decisions stay; wf_decision.step_seq holds round * WF_ROUND + seq, the
 * round being the number of rejections before it, so the unique key
 * still allows one decision per step and round.
 *
 * Editing a flow replaces its steps; pending instances go on at their
 * step number under the new definition (a step that no longer exists has
 * no eligible approver: workflow.admin sees such instances on the flow
 * list's "pending" count).  At most one active flow per document type is
 * allowed by the form; should two exist anyway, the newest is used.
 *
 * Files:  workflow_int.h  what the files share and nothing else sees:
 *                         the limits, WF_ELIGIBLE, a document type, the
 *                         steps of a flow, the flow form, the functions
 *                         used across files
 *         doctypes.c      the document types that go through flows:
 *                         the table a module adds its line to
 *                         (workflow.h step 1)
 *         engine.c        the steps of a flow; wf_submit, wf_waiting_for
 *                         and wf_instance_of (workflow.h)
 *         decide.c        a decision (wf_decide) and the approvers'
 *                         pages: the inbox, an instance, the decide form
 *         flows.c         flow definitions: the list, the form, its
 *                         checks and the stored flow
 *         flow_save.c     the writes of a flow: create, and update with
 *                         its version check (409)
 *         leave.c         the leave request: its on_final and summary,
 *                         its pages
 *         routes.c        the parameters, the route table and
 *                         workflow_module (listed in src/modules.c)
 */
#ifndef QUDAO_WORKFLOW_INT_H
#define QUDAO_WORKFLOW_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "../../db/db.h"

struct ctx;

#define PERM_VIEW  "workflow.view"
#define PERM_ADMIN "workflow.admin"
#define PERM_LEAVE "leave.request"

#define WF_FORM_ROWS   5   /* step rows in the flow form */
#define WF_INBOX_MAX   200 /* rows of the inbox */
#define WF_APPROVERS   50  /* names listed as "may decide" */
#define WF_LIST_MAX    500 /* flows, leave requests listed */
#define WF_NOTE_MAX    500
#define LEAVE_MAX_DAYS 60
#define ID_MAX         999999999999999999LL

/*
 * May user `me` decide step `s` of instance `i`?  Needs the aliases i
 * (wf_instance), s (wf_step) and me (qd_user) in the statement; binds
 * nothing.  The rules are those of workflow.h: never the requester; a
 * named user; a holder of the role at the requester's unit or above it;
 * or a branch_mgr at the nearest unit at or above the requester's that
 * has an active branch_mgr other than the requester.
 */
#define WF_ELIGIBLE                                                            \
    " me.id <> i.requester_id AND me.status = 'active' AND ("                  \
    "(s.approver = 'user' AND s.user_id = me.id)"                              \
    " OR (s.approver = 'role' AND EXISTS (SELECT 1 FROM user_role er"          \
    " JOIN user_scope es ON es.user_id = er.user_id"                           \
    " JOIN org_closure ec ON ec.ancestor_id = es.unit_id"                      \
    " WHERE er.user_id = me.id AND er.role_id = s.role_id"                     \
    " AND ec.descendant_id = i.unit_id))"                                      \
    " OR (s.approver = 'manager' AND EXISTS (SELECT 1 FROM user_role mr"       \
    " JOIN qd_role mq ON mq.id = mr.role_id"                                   \
    " JOIN user_scope ms ON ms.user_id = mr.user_id"                           \
    " JOIN org_closure mc ON mc.ancestor_id = ms.unit_id"                      \
    " WHERE mr.user_id = me.id AND mq.code = 'branch_mgr'"                     \
    " AND mc.descendant_id = i.unit_id"                                        \
    " AND NOT EXISTS (SELECT 1 FROM org_closure nc"                            \
    " JOIN user_scope ns ON ns.unit_id = nc.ancestor_id"                       \
    " JOIN user_role nr ON nr.user_id = ns.user_id"                            \
    " JOIN qd_role nq ON nq.id = nr.role_id"                                   \
    " JOIN qd_user nu ON nu.id = ns.user_id"                                   \
    " WHERE nc.descendant_id = i.unit_id AND nq.code = 'branch_mgr'"           \
    " AND nu.status = 'active' AND nu.id <> i.requester_id"                    \
    " AND nc.depth < mc.depth))))"

/* A document type that goes through flows (see workflow.h). */
struct wf_doc_type {
    const char *name;
    int (*on_final)(struct ctx *c, int64_t doc_id, const char *status);
    const char *(*summary)(struct ctx *c, int64_t doc_id);
};

/* One step of a flow as stored. */
struct step_def {
    int seq;
    const char *name, *approver, *on_reject;
    int64_t role_id, user_id; /* 0: none */
    int has_min;
    int64_t min_amount;
    const char *role_name, *user_login, *user_name;
};

/* A step row of the form, as typed and as understood. */
struct step_in {
    const char *name, *approver, *on_reject, *user_login;
    int64_t role_id, user_id, min_amount;
    int has_min;
};

/* The flow form. */
struct flow_in {
    struct ctx *c;
    int64_t id; /* 0: new */
    int64_t version;
    const char *code, *name, *doc_type, *status;
    struct step_in steps[WF_FORM_ROWS];
    int n_steps;
    const char *before; /* audit: the flow as it was */
};

/* The choices of the decide form (decide.c) and of a step row of the
 * flow form (flows.c), which the parameter specs take too (routes.c). */
extern const char *const wf_decisions[];
extern const char *const wf_approvers[];
extern const char *const wf_on_rejects[];
extern const char *const wf_flow_statuses[];

/* The functions used across files, by the file that defines them; the
 * handlers (wf_inbox ...) are those of the route table (routes.c). */

/* doctypes.c */
const struct wf_doc_type *wf_doc_type_find(const char *name);
void wf_doc_types_xml(xmlNodePtr parent);

/* engine.c */
int wf_load_steps(struct ctx *c, int64_t flow_id, struct step_def **out,
                  size_t *n);
int wf_step_applies(const struct step_def *s, int64_t amount);
int wf_next_step(const struct step_def *s, size_t n, int after, int64_t amount);

/* decide.c */
void wf_step_attrs(xmlNodePtr n, const struct step_def *s);
int wf_inbox(struct ctx *c);
int wf_show(struct ctx *c);
int wf_decide_post(struct ctx *c);

/* flows.c */
const char *wf_plain_money(struct ctx *c, int64_t fen);
xmlNodePtr wf_flow_form(struct ctx *c, int64_t id, int from_req,
                        const struct db_rows *f, const struct step_def *steps,
                        size_t n_steps);
int wf_read_flow_form(struct ctx *c, struct flow_in *in);
int wf_fetch_flow(struct ctx *c, int64_t id, struct db_rows *f,
                  struct step_def **steps, size_t *n_steps);
int wf_flows(struct ctx *c);
int wf_flow_new_form(struct ctx *c);
int wf_flow_edit_form(struct ctx *c);

/* flow_save.c */
int wf_flow_create(struct ctx *c);
int wf_flow_update(struct ctx *c);

/* leave.c */
int wf_leave_final(struct ctx *c, int64_t doc_id, const char *status);
const char *wf_leave_summary(struct ctx *c, int64_t doc_id);
int wf_leave_list(struct ctx *c);
int wf_leave_new_form(struct ctx *c);
int wf_leave_create(struct ctx *c);
int wf_leave_show(struct ctx *c);
int wf_leave_resubmit(struct ctx *c);

#endif /* QUDAO_WORKFLOW_INT_H */
