/* in_odt.c - OpenDocument text (.odt): content.xml, with headers and
 * footers from styles.xml.
 *
 * Same model as DOCX: headings (text:h with outline level), paragraphs,
 * list items with labels computed from the list style (or taken from the
 * text:number the writer cached), table cells, notes as footnote/endnote
 * stories, annotations as comments, text boxes as their own story.
 * Recorded tracked changes (text:tracked-changes) hold deleted text and
 * are skipped, as is hidden text. */
#include <stdlib.h>
#include <string.h>

#include "listnum.h"
#include "opc_xml.h"
#include "package.h"

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

static const char *const TEXT[] = {NS_TEXT, NULL};
static const char *const TABLE[] = {NS_TABLE, NULL};
static const char *const OFFICE[] = {NS_OFFICE, NULL};
static const char *const DRAW[] = {NS_DRAW, NULL};

#define MAX_LEVELS 10
#define MAX_DEFERRED 256

typedef struct deferred {
    const xmlNode *node;
    fp_story story;
} deferred;

typedef struct odt {
    fp_doc *d;
    fp_zip *zip;
    uint64_t max_depth;
    xmlDoc *content, *styles;
    fp_story story;
    int in_para, in_cell, list_depth;
    const char *list_style; /* style of the outermost enclosing list */
    int count[MAX_LEVELS];  /* list counters for the current list */
    int outline[MAX_LEVELS]; /* heading counters */
    deferred later[MAX_DEFERRED];
    size_t nlater;
    int warned_changes, warned_hidden, warned_deferred;
    fp_status st;
} odt;

static int is(const xmlNode *n, const char *const *ns, const char *local)
{
    return fp_xml_is(n, ns, local);
}

static int int_attr(const xmlNode *n, const char *local, int fallback)
{
    char *v = fp_xml_attr(n, local);
    int r = fallback;
    if (v) {
        char *end;
        long l = strtol(v, &end, 10);
        if (!*end && l >= 0 && l < 1000000)
            r = (int)l;
    }
    xmlFree(v);
    return r;
}

static void warn_once(odt *o, int *flag, const char *what)
{
    if (!*flag) {
        *flag = 1;
        fp_doc_warn(o->d, "%s", what);
    }
}

/* --------------------------------------------------------------- numbering */

/* The list-level style for `level` (1-based) of a list or outline style
 * named `name` (NULL name: the outline style), searched in both parts. */
static const xmlNode *level_style(const odt *o, const char *name, int level)
{
    xmlDoc *docs[] = {o->content, o->styles};
    for (int k = 0; k < 2; k++) {
        const xmlNode *root = docs[k] ? xmlDocGetRootElement(docs[k]) : NULL;
        for (const xmlNode *sec = root ? root->children : NULL; sec; sec = sec->next) {
            if (!is(sec, OFFICE, "automatic-styles") && !is(sec, OFFICE, "styles"))
                continue;
            for (const xmlNode *s = sec->children; s; s = s->next) {
                int match = 0;
                if (!name) {
                    match = is(s, TEXT, "outline-style");
                } else if (is(s, TEXT, "list-style")) {
                    char *n = fp_xml_attr(s, "name");
                    match = n && !strcmp(n, name);
                    xmlFree(n);
                }
                if (!match)
                    continue;
                for (const xmlNode *l = s->children; l; l = l->next)
                    if (int_attr(l, "level", 0) == level)
                        return l;
            }
        }
    }
    return NULL;
}

/* Render the label of `level` from counters, honouring display-levels,
 * prefix and suffix; empty for bullets and unnumbered levels. */
static void render(const odt *o, const char *style, const int *count, int level,
                   char *out, size_t cap)
{
    out[0] = '\0';
    const xmlNode *ls = level_style(o, style, level);
    if (!ls || (style && !is(ls, TEXT, "list-level-style-number")))
        return;
    char *fmt = fp_xml_attr(ls, "num-format");
    if (!fmt || !*fmt) {
        xmlFree(fmt);
        return;
    }
    int shown = int_attr(ls, "display-levels", 1);
    char *prefix = fp_xml_attr(ls, "num-prefix"), *suffix = fp_xml_attr(ls, "num-suffix");
    size_t k = (size_t)snprintf(out, cap, "%s", prefix ? prefix : "");
    for (int l = level - shown + 1; l <= level && k < cap; l++) {
        if (l < 1)
            continue;
        const xmlNode *lsl = level_style(o, style, l);
        char *f = lsl ? fp_xml_attr(lsl, "num-format") : NULL;
        char num[24];
        fp_list_number(num, sizeof num, count[l - 1], (f ? f : fmt)[0]);
        xmlFree(f);
        k += (size_t)snprintf(out + k, cap - k, "%s%s", l > level - shown + 1 && l > 1 ? "." : "", num);
    }
    if (k < cap)
        snprintf(out + k, cap - k, "%s", suffix ? suffix : "");
    xmlFree(fmt);
    xmlFree(prefix);
    xmlFree(suffix);
}

/* Advance counter `level` (1-based), resetting deeper ones. */
static void advance(const odt *o, const char *style, int *count, int level)
{
    if (level < 1 || level > MAX_LEVELS)
        return;
    const xmlNode *ls = level_style(o, style, level);
    int start = ls ? int_attr(ls, "start-value", 1) : 1;
    count[level - 1] = count[level - 1] ? count[level - 1] + 1 : start;
    for (int i = level; i < MAX_LEVELS; i++)
        count[i] = 0;
}

static void trim_label(char *label)
{
    size_t n = strlen(label);
    while (n && (label[n - 1] == '.' || label[n - 1] == ' ' || label[n - 1] == ':'))
        label[--n] = '\0';
}

/* ------------------------------------------------------------ text */

static void walk(odt *o, const xmlNode *n, unsigned depth);

static void walk_children(odt *o, const xmlNode *n, unsigned depth)
{
    for (const xmlNode *c = n->children; c && !o->st; c = c->next)
        walk(o, c, depth + 1);
}

static void defer(odt *o, const xmlNode *n, fp_story story)
{
    if (o->nlater < MAX_DEFERRED)
        o->later[o->nlater++] = (deferred){n, story};
    else
        warn_once(o, &o->warned_deferred, "too many notes or text boxes in "
                  "one paragraph; some were skipped");
}

/* Read what was deferred, first in first out. Each item leaves the queue
 * before it is read, so items deferred while reading it queue behind. */
static void flush_deferred(odt *o, unsigned depth)
{
    while (o->nlater && !o->st) {
        deferred item = o->later[0];
        memmove(o->later, o->later + 1, --o->nlater * sizeof *o->later);
        fp_story saved = o->story;
        o->story = item.story;
        walk_children(o, item.node, depth);
        o->story = saved;
    }
}

static void append_text(odt *o, const char *s)
{
    if (o->in_para && !o->st && s)
        o->st = fp_doc_append_at(o->d, s, strlen(s), 0);
}

/* A paragraph or heading; `label` may be empty. */
static void paragraph(odt *o, const xmlNode *p, fp_para_kind kind, int level,
                      const char *label, unsigned depth)
{
    if (o->in_para) { /* nested (a text box inside a paragraph) */
        walk_children(o, p, depth);
        return;
    }
    if ((o->st = fp_doc_para_begin(o->d, kind, o->story, level)))
        return;
    fp_para *cur = fp_doc_current_para(o->d);
    if (cur && label)
        snprintf(cur->label, sizeof cur->label, "%s", label);
    o->in_para = 1;
    walk_children(o, p, depth);
    o->in_para = 0;
    if (!o->st)
        o->st = fp_doc_para_end(o->d, NULL);
    flush_deferred(o, depth);
}

/* The writer's cached number (text:number), if any. */
static int cached_number(const xmlNode *p, char *out, size_t cap)
{
    for (const xmlNode *c = p->children; c; c = c->next)
        if (is(c, TEXT, "number")) {
            xmlChar *t = xmlNodeGetContent(c);
            snprintf(out, cap, "%s", t ? (const char *)t : "");
            xmlFree(t);
            return 1;
        }
    return 0;
}

static void heading(odt *o, const xmlNode *h, unsigned depth)
{
    int level = int_attr(h, "outline-level", 1);
    if (level < 1)
        level = 1;
    char label[FP_LABEL_MAX] = "";
    if (level <= MAX_LEVELS)
        advance(o, NULL, o->outline, level);
    if (!cached_number(h, label, sizeof label) && level <= MAX_LEVELS)
        render(o, NULL, o->outline, level, label, sizeof label);
    trim_label(label);
    paragraph(o, h, FP_PARA_HEADING, level > 9 ? 9 : level, label, depth);
}

static void list(odt *o, const xmlNode *l, unsigned depth)
{
    char *style = fp_xml_attr(l, "style-name");
    const char *saved_style = o->list_style;
    int outer = o->list_depth == 0;
    if (outer) {
        o->list_style = style;
        char *cont = fp_xml_attr(l, "continue-numbering");
        int keep = cont && !strcmp(cont, "true");
        xmlFree(cont);
        char *from = fp_xml_attr(l, "continue-list");
        if (!keep && !from)
            memset(o->count, 0, sizeof o->count);
        xmlFree(from);
    }
    o->list_depth++;
    for (const xmlNode *item = l->children; item && !o->st; item = item->next) {
        int header = is(item, TEXT, "list-header");
        if (!header && !is(item, TEXT, "list-item"))
            continue;
        int level = o->list_depth > MAX_LEVELS ? MAX_LEVELS : o->list_depth;
        int restart = int_attr(item, "start-value", -1);
        for (const xmlNode *c = item->children; c && !o->st; c = c->next) {
            if (is(c, TEXT, "p")) {
                char label[FP_LABEL_MAX] = "";
                if (!header) {
                    advance(o, o->list_style, o->count, level);
                    if (restart >= 0)
                        o->count[level - 1] = restart;
                    restart = -1;
                    if (!cached_number(c, label, sizeof label))
                        render(o, o->list_style, o->count, level, label, sizeof label);
                    trim_label(label);
                    header = 1; /* later paragraphs of the item: no number */
                }
                paragraph(o, c, label[0] ? FP_PARA_BODY : FP_PARA_LIST_ITEM,
                          level, label, depth + 1);
            } else {
                walk(o, c, depth + 1);
            }
        }
    }
    o->list_depth--;
    if (outer)
        o->list_style = saved_style;
    xmlFree(style);
}

static void walk_text(odt *o, const xmlNode *n, unsigned depth)
{
    const char *name = (const char *)n->name;
    if (!strcmp(name, "p")) {
        paragraph(o, n, o->in_cell ? FP_PARA_TABLE_CELL : FP_PARA_BODY, 0, NULL, depth);
    } else if (!strcmp(name, "h")) {
        heading(o, n, depth);
    } else if (!strcmp(name, "list")) {
        list(o, n, depth);
    } else if (!strcmp(name, "s")) {
        if (o->in_para)
            fp_doc_soft_break(o->d, 0); /* runs of spaces fold to one */
    } else if (!strcmp(name, "tab") || !strcmp(name, "line-break")) {
        if (o->in_para)
            fp_doc_soft_break(o->d, 0);
    } else if (!strcmp(name, "note")) {
        char *cls = fp_xml_attr(n, "note-class");
        fp_story story = cls && !strcmp(cls, "endnote") ? FP_STORY_ENDNOTE : FP_STORY_FOOTNOTE;
        xmlFree(cls);
        for (const xmlNode *c = n->children; c; c = c->next)
            if (is(c, TEXT, "note-body"))
                o->in_para ? defer(o, c, story) : walk_children(o, c, depth);
    } else if (!strcmp(name, "tracked-changes")) {
        if (n->children)
            warn_once(o, &o->warned_changes, "deleted text present (tracked "
                      "changes); the accepted view was read");
    } else if (!strcmp(name, "hidden-text") || !strcmp(name, "hidden-paragraph")) {
        warn_once(o, &o->warned_hidden, "hidden text present; it was skipped");
    } else if (!strcmp(name, "number") || !strcmp(name, "note-citation") ||
               !strcmp(name, "sequence-decls") || !strcmp(name, "variable-decls") ||
               !strcmp(name, "user-field-decls") || !strcmp(name, "bookmark") ||
               !strcmp(name, "soft-page-break") || !strcmp(name, "table-of-content-source") ||
               !strcmp(name, "index-title-template")) {
        return;
    } else {
        walk_children(o, n, depth); /* span, a, section, index bodies... */
    }
}

static void walk(odt *o, const xmlNode *n, unsigned depth)
{
    if (o->st)
        return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        /* text elements only: not titles or descriptions of drawings */
        if (n->parent && n->parent->ns &&
            !strcmp((const char *)n->parent->ns->href, NS_TEXT))
            append_text(o, (const char *)n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE)
        return;
    if (depth > o->max_depth) {
        o->st = fp_doc_fail(o->d, FP_ERR_LIMIT, "elements nest deeper than the "
                            "xml-depth limit (%u)", (unsigned)o->max_depth);
        return;
    }
    if (n->ns && !strcmp((const char *)n->ns->href, NS_TEXT)) {
        walk_text(o, n, depth);
    } else if (is(n, TABLE, "table-cell") || is(n, TABLE, "covered-table-cell")) {
        o->in_cell++;
        walk_children(o, n, depth);
        o->in_cell--;
    } else if (is(n, OFFICE, "annotation")) {
        o->in_para ? defer(o, n, FP_STORY_COMMENT) : walk_children(o, n, depth);
    } else if (is(n, DRAW, "text-box")) {
        o->in_para ? defer(o, n, FP_STORY_TEXTBOX) : walk_children(o, n, depth);
    } else if (is(n, OFFICE, "annotation-end") || is(n, OFFICE, "forms") ||
               is(n, OFFICE, "automatic-styles") || is(n, OFFICE, "font-face-decls") ||
               is(n, OFFICE, "scripts") || n->ns == NULL ||
               !strcmp((const char *)n->name, "creator") ||
               !strcmp((const char *)n->name, "date")) {
        return; /* metadata, not reader-visible text */
    } else {
        walk_children(o, n, depth);
    }
}

/* Headers and footers live in the master pages of styles.xml. */
static void read_page_stories(odt *o)
{
    const xmlNode *root = o->styles ? xmlDocGetRootElement(o->styles) : NULL;
    for (const xmlNode *sec = root ? root->children : NULL; sec; sec = sec->next) {
        if (!is(sec, OFFICE, "master-styles"))
            continue;
        for (const xmlNode *mp = sec->children; mp && !o->st; mp = mp->next)
            for (const xmlNode *c = mp->children; c && !o->st; c = c->next) {
                if (c->type != XML_ELEMENT_NODE || !c->ns ||
                    strcmp((const char *)c->ns->href, NS_STYLE))
                    continue;
                const char *name = (const char *)c->name;
                if (!strncmp(name, "header", 6) || !strncmp(name, "footer", 6)) {
                    o->story = name[0] == 'h' ? FP_STORY_HEADER : FP_STORY_FOOTER;
                    walk_children(o, c, 2);
                }
            }
    }
}

/* An encrypted ODT is a valid zip whose parts are ciphertext; the manifest
 * says so. */
static fp_status check_encryption(odt *o)
{
    const fp_zip_entry *e = fp_zip_find(o->zip, "META-INF/manifest.xml");
    if (!e)
        return FP_OK;
    unsigned char *m;
    size_t len;
    fp_status st = fp_zip_read(o->zip, o->d, e, &m, &len);
    if (st)
        return st;
    if (strstr((const char *)m, "encryption-data"))
        st = fp_doc_fail(o->d, FP_ERR_ENCRYPTED, "the OpenDocument file is "
                         "password-protected; save it without a password");
    free(m);
    return st;
}

fp_status fp_odt_read(fp_doc *d, fp_zip *zip, const fp_options *opts)
{
    odt o = {.d = d, .zip = zip, .max_depth = opts->limit[FP_LIMIT_XML_DEPTH]};
    d->format = FP_FORMAT_ODT;
    d->loc = FP_LOC_LOGICAL;
    fp_status st = check_encryption(&o);
    if (!st)
        st = fp_opc_parse(zip, d, "content.xml", 0, &o.content);
    if (!st)
        st = fp_opc_parse(zip, d, "styles.xml", 1, &o.styles);
    if (!st) {
        const xmlNode *root = xmlDocGetRootElement(o.content);
        for (const xmlNode *c = root ? root->children : NULL; c && !o.st; c = c->next)
            if (is(c, OFFICE, "body"))
                walk(&o, c, 1);
        if (!o.st)
            read_page_stories(&o);
        st = o.st;
    }
    if (o.content)
        xmlFreeDoc(o.content);
    if (o.styles)
        xmlFreeDoc(o.styles);
    return st;
}
