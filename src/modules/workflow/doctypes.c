/*
 * doctypes.c - the document types that go through flows: the table a
 * module adds its line to (workflow.h, step 1), its look-up and its
 * names for the flow form.  See workflow_int.h.
 */
#include <stddef.h>
#include <string.h>

#include "workflow_int.h"

#include "../channel.h"
#include "../price.h"

#include "../../core/xd.h"

/* clang-format off */
static const struct wf_doc_type doc_types[] = {
    {"leave", wf_leave_final, wf_leave_summary},
    {"party", channel_party_wf_final, channel_party_wf_summary},
    {"price", price_wf_final, price_wf_summary},
};
/* clang-format on */

#define N_DOC_TYPES (sizeof(doc_types) / sizeof(doc_types[0]))

const struct wf_doc_type *
wf_doc_type_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < N_DOC_TYPES; i++)
        if (strcmp(doc_types[i].name, name) == 0)
            return &doc_types[i];
    return NULL;
}

/* The names of the document types, one <doc-type name="..."/> each
 * under parent: the choices of the flow form (flows.c). */
void
wf_doc_types_xml(xmlNodePtr parent)
{
    for (size_t i = 0; i < N_DOC_TYPES; i++)
        xd_attr(xd_elem(parent, "doc-type"), "name", doc_types[i].name);
}
