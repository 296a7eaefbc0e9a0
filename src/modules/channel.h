/*
 * channel.h - what the channel module (src/modules/channel.c) offers the
 * others: the approval callbacks of the document type "party" (a dealer's
 * or agent's qualification), registered in workflow/doctypes.c's doc_types.
 */
#ifndef QUDAO_CHANNEL_H
#define QUDAO_CHANNEL_H

#include <stdint.h>

struct ctx;

/*
 * The approval of party doc_id ended (workflow.h): "approved" moves it
 * from review to approved (its users may log in), "rejected" to rejected,
 * "returned" back to applied (it may be qualified again).  A guarded
 * UPDATE ... WHERE status = 'review' and the audit record, inside the
 * decision's transaction.  0, or -1 when the party is not in review any
 * more (the decision is rolled back) or on a database failure.
 */
int channel_party_wf_final(struct ctx *c, int64_t doc_id, const char *status);

/* "AP123 Name (dealer)" for the approval pages; arena text, NULL when
 * the party is unknown. */
const char *channel_party_wf_summary(struct ctx *c, int64_t doc_id);

#endif
