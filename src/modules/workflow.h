/*
 * workflow.h - the approval engine, for every module that needs approvals
 * (rebates, returns, budgets, requisitions, purchase orders, customer
 * qualification, leave).  One engine; the flows themselves are defined by
 * an administrator at /workflow/flows, not in code.
 *
 * A module takes part in three steps:
 *
 * 1. It registers its document type in the static table `doc_types` in
 *    workflow/doctypes.c (one line: name, final callback, optional summary):
 *
 *        {"rebate", rebate_wf_final, rebate_wf_summary},
 *
 *    where, declared in the module's own header,
 *
 *        int rebate_wf_final(struct ctx *c, int64_t doc_id,
 *                            const char *status);
 *
 *    is called inside the SAME transaction as the decision that moves the
 *    instance out of "pending": status "approved" or "rejected" (final), or
 *    "returned" (the document went back to its requester, who may change
 *    it and submit it again).  It updates the module's own document (a
 *    guarded UPDATE ... WHERE status = 'pending') and returns 0, or -1 to
 *    roll the whole decision back (the approver then sees a 500).  The
 *    unit of work may be run again after a deadlock, so the callback must
 *    have no effect outside the database.  The optional summary
 *
 *        const char *rebate_wf_summary(struct ctx *c, int64_t doc_id);
 *
 *    returns one line about the document for the approval pages (arena
 *    text, NULL when unknown).
 *
 * 2. When the document is submitted, the module writes its document and
 *    calls wf_submit() in the same unit of work (db_uow), after its own
 *    first write (PORTABILITY.md item 9: write first on SQLite).
 *
 * 3. The approvers decide on the workflow pages (/workflow/inbox,
 *    /workflow/{id}); the module hears the outcome through on_final.
 *
 * Approver rules of a step (wf_step.approver):
 *   role     a user who holds the step's role and sits (user_scope) at the
 *            requester's unit or one of its ancestors (org_closure);
 *   manager  a user with the role branch_mgr at the nearest ancestor unit
 *            (the requester's own unit first) that has an active one;
 *   user     the named user.
 * Nobody approves their own document: the requester is never an eligible
 * approver, whatever the rule says (and the "manager" of a branch manager
 * is the branch_mgr of the next unit up).
 *
 * A step with min_amount applies only when the document's amount is at
 * least that much; below it the step is skipped.  Amounts are BIGINT minor
 * units like money (a leave request uses days x 100, so a threshold typed
 * as "3" or "3.00" means three days).
 */
#ifndef QUDAO_WORKFLOW_H
#define QUDAO_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>

struct ctx;
struct db;

/* Results of wf_submit besides 0 (done) and -1 (database failure). */
#define WF_NO_FLOW  1 /* no active flow for the document type */
#define WF_CONFLICT 2 /* already submitted (pending or decided) */

/* Steps of a flow: 1..WF_MAX_STEPS (wf_decision.step_seq keeps the
 * round of a resubmitted document as round * WF_ROUND + seq). */
#define WF_MAX_STEPS 20
#define WF_ROUND     100

/*
 * Submit document (doc_type, doc_id) of the current user, sitting at
 * unit_id (0: none), for approval: find the active flow of doc_type,
 * start an instance at the first step that applies to amount (skipping
 * steps whose min_amount is above it) and write the audit record.  When
 * no step applies the document is approved at once and its on_final is
 * called with "approved".  A document that was "returned" starts again
 * from the first step (a new round; earlier decisions stay recorded).
 *
 * Runs inside the caller's unit of work and never commits.  Returns 0;
 * WF_NO_FLOW or WF_CONFLICT (the caller rolls back and tells the user);
 * or -1 on a database failure (the caller's db_uow may retry it, then
 * the caller reports ctx_db_fail).
 */
int wf_submit(struct ctx *c, const char *doc_type, int64_t doc_id,
              int64_t amount, int64_t unit_id);

/*
 * The current user decides step step_seq of an instance (0: whatever step
 * is current): approve (1) or reject (0), with an optional note (at most
 * 500 characters, checked by the caller).  The decision is a guarded
 * status transition, the first statement of its own unit of work:
 *
 *     UPDATE wf_instance SET step_seq = ?, status = ?, version = ...
 *     WHERE id = ? AND status = 'pending' AND step_seq = ? AND version = ?
 *
 * then the wf_decision row (unique per instance, round and step), the
 * audit record and, when the instance leaves "pending", on_final -- all
 * committed together, so concurrent or repeated decisions take effect
 * once.
 *
 * Call it outside a transaction (open reads are ended).  Returns 0 when
 * committed; otherwise -1 with the error recorded in c: 404 when there is
 * no such instance or the user may not decide that step (as if missing,
 * and the denial is logged), 409 "already decided" when the step is no
 * longer pending, 500/503 on a database failure.
 */
int wf_decide(struct ctx *c, int64_t instance_id, int step_seq, int approve,
              const char *note);

/* One instance waiting for the current user (wf_waiting_for). */
struct wf_item {
    int64_t instance_id;
    const char *doc_type;
    int64_t doc_id;
    int64_t amount;
    int step_seq;
    const char *flow;      /* flow name */
    const char *step;      /* step name */
    const char *requester; /* display name */
    const char *requester_login;
    const char *unit;  /* requester's unit name, or NULL */
    const char *since; /* last change, ISO 8601 UTC */
};

/*
 * The pending instances whose current step the current user may decide,
 * oldest first, at most 200; only doc_type's when it is not NULL.  Items
 * in the request's arena.  0, or -1 on a database failure (then call
 * ctx_db_fail).
 */
int wf_waiting_for(struct ctx *c, const char *doc_type, struct wf_item **items,
                   size_t *n_items);

/*
 * The instance of a document: *instance_id (0 when never submitted) and
 * *status (arena text, NULL when none).  0 or -1 (database failure).
 */
int wf_instance_of(struct ctx *c, const char *doc_type, int64_t doc_id,
                   int64_t *instance_id, const char **status);

/*
 * The demo (src/demo_workflow.c, called by `qudao demo` after the
 * organisation): the flow "leave" with two steps and a few leave requests
 * in each state.  Inside the caller's transaction; 0 or -1.
 */
int demo_workflow(struct db *db);

#endif
