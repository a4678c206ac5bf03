/* doctext.c - print the text fineprint extracts from a document, one
 * paragraph per line, prefixed with its kind, level and source line when
 * -v is given; -m reads any file as Markdown (tags dropped, entities
 * decoded: a crude view of everything an HTML page holds). A development aid (tools/htmlcheck.sh uses it); it links the
 * static library and its internal headers. */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "ingest.h"

static const char *kind_name(fp_para_kind k)
{
    static const char *names[] = {"body", "heading", "item", "cell"};
    return (unsigned)k < 4 ? names[k] : "?";
}

int main(int argc, char **argv)
{
    int verbose = 0, markdown = 0, a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
        verbose |= !strcmp(argv[a], "-v");
        markdown |= !strcmp(argv[a], "-m");
    }
    if (a != argc - 1) {
        fprintf(stderr, "usage: doctext [-v] [-m] FILE\n");
        return 2;
    }
    const char *path = argv[a];
    fp_options *o = fp_options_new();
    fp_doc *d = fp_doc_new(path, 1u << 30);
    if (!o || !d)
        return 2;
    fp_status st = fp_read_file(d, path, o);
    if (!st)
        st = fp_ingest(d, markdown ? FP_FORMAT_MARKDOWN : FP_FORMAT_AUTO, o);
    if (!st)
        st = fp_doc_finish(d);
    for (size_t i = 0; i < d->warnings.count; i++)
        fprintf(stderr, "%s: warning: %s\n", path, d->warnings.items[i]);
    if (st) {
        fprintf(stderr, "%s: %s\n", path, d->errmsg.data ? d->errmsg.data : "error");
        fp_doc_free(d);
        fp_options_free(o);
        return 2;
    }
    for (size_t i = 0; i < d->npara; i++) {
        const fp_para *p = &d->paras[i];
        if (verbose)
            printf("%u\t%s%d\t%s\t", p->src_line, kind_name(p->kind), p->level, p->label);
        printf("%.*s\n", (int)(p->end - p->start), d->text.data + p->start);
    }
    fp_doc_free(d);
    fp_options_free(o);
    return 0;
}
