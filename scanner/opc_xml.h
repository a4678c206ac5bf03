/* opc_xml.h - parsing XML parts of zip packages (DOCX, ODT) safely.
 *
 * Parts are parsed with libxml2 from memory with no network, no entity
 * substitution, no DTD loading and no HUGE option; errors never reach stderr
 * (a per-context handler swallows them, so this is thread-safe). Any DOCTYPE
 * is refused before and while parsing: OPC forbids it, and refusing it
 * closes XXE and entity-expansion bombs. */
#ifndef FP_OPC_XML_H
#define FP_OPC_XML_H

#include <libxml/tree.h>

#include "doc.h"
#include "zip.h"

/* Inflate and parse part `name`. *out is NULL (and FP_OK returned) when
 * the part is absent and `optional` is set. Free with xmlFreeDoc. */
fp_status fp_opc_parse(fp_zip *z, fp_doc *d, const char *name, int optional,
                       xmlDoc **out);

/* Does element n have local name `local` in one of the namespaces `ns`
 * (a NULL-terminated list)? */
int fp_xml_is(const xmlNode *n, const char *const *ns, const char *local);

/* Attribute by local name, in any namespace or none; a copy to release
 * with xmlFree, or NULL. */
char *fp_xml_attr(const xmlNode *n, const char *local);

#endif
