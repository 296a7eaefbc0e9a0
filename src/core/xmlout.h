/*
 * xmlout.h - our own serialiser for the page document as XML.
 *
 * xmlDocDumpMemoryEnc(doc, ..., "UTF-8") costs ~0.6 million instructions
 * for a 10 KB catalog page (an encoder pass, a buffer call per attribute
 * and per escaped run); walking the tree ourselves costs a tenth of that.
 * The output is byte for byte what xmlDocDumpMemoryEnc() writes on
 * libxml2 2.9.14 for the documents Qudao builds -- elements, attributes
 * and text, no namespaces -- and a unit test holds us to that.  Anything
 * else in the tree (namespaces, comments, CDATA, entity references, a
 * DTD ...) makes xmlout_doc() refuse, and the caller uses libxml2.
 */
#ifndef QUDAO_XMLOUT_H
#define QUDAO_XMLOUT_H

#include <libxml/tree.h>

#include "arena.h"

/*
 * Append the document, with its XML declaration naming UTF-8, to out.
 * Returns 0, or -1 (out unchanged) when the tree holds a node this
 * serialiser does not write.
 */
int xmlout_doc(xmlDocPtr doc, struct sbuf *out);

#endif
