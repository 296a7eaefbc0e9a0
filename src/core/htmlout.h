/*
 * htmlout.h - our own serialiser for the HTML result tree of a transform.
 *
 * libxml2's HTML serialiser costs ~150 us a page; walking the result tree
 * ourselves costs 15-30 us (RENDERING.md rule 3).  The output is byte for
 * byte what xsltSaveResultToString() writes for the same result with
 * method="html", indent="no", encoding="UTF-8" -- a unit test holds us to
 * that on a corpus of pages -- including the Content-Type <meta> that
 * libxml2 inserts first in <head>.
 */
#ifndef QUDAO_HTMLOUT_H
#define QUDAO_HTMLOUT_H

#include <libxml/tree.h>

#include "arena.h"

/* Append the serialised document (doctype included) to out. */
void htmlout_doc(xmlDocPtr result, struct sbuf *out);

#endif
