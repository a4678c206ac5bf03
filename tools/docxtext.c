/* docxtext - print the paragraphs fineprint extracts from a document, one
 * per line: story, kind, label, section, text (tab-separated). A tool for
 * checking the ingestors against independent extractors (docxcheck.sh).
 * Build: see tools/docxcheck.sh (links build/libfineprint.a). */
#include <stdio.h>

#include "doc.h"
#include "ingest.h"
#include "options.h"
#include "segment.h"

int main(int argc, char **argv)
{
    static const char *kinds[] = {"body", "heading", "list", "cell"};
    if (argc != 2) {
        fprintf(stderr, "usage: docxtext FILE\n");
        return 2;
    }
    fp_options *o = fp_options_new();
    fp_doc *d = fp_doc_new(argv[1], (size_t)fp_options_get_limit(o, FP_LIMIT_TEXT_BYTES));
    if (!o || !d)
        return 2;
    fp_status st = fp_read_file(d, argv[1], o);
    if (!st)
        st = fp_ingest(d, FP_FORMAT_AUTO, o);
    if (!st)
        st = fp_doc_finish(d);
    if (!st)
        st = fp_segment(d, (size_t)fp_options_get_limit(o, FP_LIMIT_SENTENCE_BYTES));
    int rc = 0;
    if (st) {
        fprintf(stderr, "%s: %s\n", argv[1], d->errmsg.data ? d->errmsg.data : fp_strerror(st));
        rc = 1;
    }
    for (size_t i = 0; !st && i < d->npara; i++) {
        const fp_para *p = &d->paras[i];
        printf("%s\t%s\t%s\t%s\t%.*s\n", fp_story_name(p->story),
               kinds[p->kind], p->label, p->section, (int)(p->end - p->start),
               d->text.data + p->start);
    }
    fp_doc_free(d);
    fp_options_free(o);
    return rc;
}
