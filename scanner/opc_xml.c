/* opc_xml.c - safe parsing of package parts with libxml2. */
#include "opc_xml.h"

#include "ingest.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>

/* Errors are collected through xmlCtxtGetLastError, never printed. */
static void swallow_error(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    (void)err;
}

/* Called as soon as the parser meets <!DOCTYPE, before any declaration in
 * it is read: stop there. */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
                           const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlStopParser((xmlParserCtxtPtr)ctx);
}

/* A cheap look before parsing. A stride of 2 catches UTF-16 in either
 * byte order (the other byte of each character is skipped). */
static int mentions_doctype(const unsigned char *s, size_t n)
{
    static const char mark[] = "<!DOCTYPE";
    size_t m = sizeof mark - 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '<')
            continue;
        for (size_t step = 1; step <= 2; step++) {
            size_t k = 0;
            while (k < m && i + k * step < n &&
                   s[i + k * step] == (unsigned char)mark[k])
                k++;
            if (k == m)
                return 1;
        }
    }
    return 0;
}

fp_status fp_opc_parse(fp_zip *z, fp_doc *d, const char *name, int optional,
                       xmlDoc **out)
{
    *out = NULL;
    const fp_zip_entry *e = fp_zip_find(z, name);
    if (!e)
        return optional ? FP_OK : fp_doc_fail(d, FP_ERR_CORRUPT, "%s: part "
                                              "missing from the package", name);
    unsigned char *xml;
    size_t len;
    fp_status st = fp_zip_read(z, d, e, &xml, &len);
    if (st)
        return st;
    if (len > 0x7fffffff) {
        free(xml);
        return fp_doc_fail(d, FP_ERR_LIMIT, "%s: part too large to parse", name);
    }
    if (mentions_doctype(xml, len)) {
        free(xml);
        return fp_doc_fail(d, FP_ERR_CORRUPT, "%s: DOCTYPE declarations are "
                           "not allowed in packages (possible XML entity "
                           "attack)", name);
    }
    fp_xml_init();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        free(xml);
        return FP_ERR_NOMEM;
    }
    ctxt->sax->serror = swallow_error;
    ctxt->sax->internalSubset = refuse_doctype;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, (const char *)xml, (int)len, name,
                                    NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
    free(xml);
    if (ctxt->errNo == XML_ERR_USER_STOP || (doc && (doc->intSubset || doc->extSubset))) {
        st = fp_doc_fail(d, FP_ERR_CORRUPT, "%s: DOCTYPE declarations are not "
                         "allowed in packages (possible XML entity attack)", name);
    } else if (!doc || !ctxt->wellFormed) {
        const xmlError *err = xmlCtxtGetLastError(ctxt);
        const char *msg = err && err->message ? err->message : "parse error";
        int mlen = (int)strcspn(msg, "\n");
        /* libxml2's own advice ("use XML_PARSE_HUGE") means nothing to a
         * reader, and the option stays off: say what the file does */
        if (strstr(msg, "Excessive depth"))
            st = fp_doc_fail(d, FP_ERR_LIMIT, "%s: elements nest more than %u "
                             "levels deep (line %d), past what the XML parser "
                             "accepts; possible attack", name,
                             (unsigned)xmlParserMaxDepth, err ? err->line : 0);
        else
                st = fp_doc_fail(d, FP_ERR_CORRUPT, "%s: not well-formed XML (line "
                             "%d: %.*s)", name, err ? err->line : 0,
                             mlen > 120 ? 120 : mlen, msg);
    }
    if (st) {
        if (doc)
            xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    *out = doc;
    return st;
}

int fp_xml_is(const xmlNode *n, const char *const *ns, const char *local)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->ns || !n->ns->href ||
        strcmp((const char *)n->name, local))
        return 0;
    for (; *ns; ns++)
        if (!strcmp((const char *)n->ns->href, *ns))
            return 1;
    return 0;
}

char *fp_xml_attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, local))
            return (char *)xmlNodeGetContent((const xmlNode *)a);
    return NULL;
}
