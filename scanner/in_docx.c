/* in_docx.c - Word (OOXML) documents: package, styles, numbering, stories.
 *
 * The package is read with the defensive zip reader; the main document is
 * found through _rels/.rels and its own relationships lead to the headers,
 * footers, notes, comments, styles and numbering. Text is extracted in the
 * "accepted changes" view a reader sees on screen: insertions kept,
 * deletions and hidden text skipped (and reported), field codes dropped in
 * favour of their results, one branch of each mc:AlternateContent. List
 * numbers are computed from numbering.xml so findings can name "section
 * 12.3" as printed. Locations are logical (story + paragraph). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "listnum.h"
#include "opc_xml.h"
#include "options.h"
#include "package.h"

static const char *const W[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main", NULL};
static const char *const MC[] = {
    "http://schemas.openxmlformats.org/markup-compatibility/2006", NULL};
static const char *const REL[] = {
    "http://schemas.openxmlformats.org/package/2006/relationships", NULL};
/* mc:Choice branches whose requirements we read like any other markup */
static const char *const UNDERSTOOD[] = {
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    NULL};

#define MAX_LEVELS 9
#define MAX_FIELD_NEST 64
#define MAX_PENDING_BOXES 256
#define PART_NAME_MAX 512
#define RUN_IN_HEADING_BYTES 160

typedef struct level_def {
    int start;
    char fmt[16];   /* numFmt: decimal, lowerLetter, bullet, ... */
    char text[48];  /* lvlText: "%1.%2." */
    char style[64]; /* pStyle bound to this level */
} level_def;

typedef struct abstract_num {
    char *id;
    char *style_link; /* numStyleLink: levels defined by a numbering style */
    level_def lvl[MAX_LEVELS];
    int count[MAX_LEVELS];  /* counters shared by every num using it */
    int started[MAX_LEVELS];
} abstract_num;

typedef struct num_inst {
    char *id;
    size_t abstract;        /* index into abstracts, FP_NONE if unknown */
    int override[MAX_LEVELS]; /* startOverride, -1 if none */
    int used;
} num_inst;

typedef struct style_def {
    char *id;
    char *based_on;
    int heading;   /* 1..9 from name or outline level, 0 if none */
    char *num_id;  /* numPr in the style */
    int ilvl;      /* -1 when the style's numPr has no ilvl */
} style_def;

typedef struct docx {
    fp_doc *d;
    fp_zip *zip;
    uint64_t max_depth;
    style_def *styles;
    size_t nstyles, capstyles;
    abstract_num *abstracts;
    size_t nabstracts, capabstracts;
    num_inst *nums;
    size_t nnums, capnums;
    fp_story story;
    int in_cell;
    int in_para;
    /* complex fields: 1 = reading instructions (skipped), 0 = result */
    unsigned char field[MAX_FIELD_NEST];
    int nfield, field_overflow, field_instr;
    const xmlNode *boxes[MAX_PENDING_BOXES];
    size_t nboxes;
    int warned_deleted, warned_hidden, warned_boxes;
    fp_status st;
} docx;

/* ------------------------------------------------------------ helpers */

static char *attr(const xmlNode *n, const char *local)
{
    return fp_xml_attr(n, local);
}

/* w:val of the first child `local`, as an owned copy (xmlFree) or NULL. */
static char *child_val(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (fp_xml_is(c, W, local))
            return attr(c, "val");
    return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (fp_xml_is(c, W, local))
            return c;
    return NULL;
}

/* On/off properties: present means on unless val says false. */
static int toggle_on(const xmlNode *n)
{
    if (!n)
        return 0;
    char *v = attr(n, "val");
    int on = !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
                     strcmp(v, "off") == 0);
    xmlFree(v);
    return on;
}

static int int_or(const char *s, int fallback)
{
    if (!s || !*s)
        return fallback;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < -1000000 || v > 1000000)
        return fallback;
    return (int)v;
}

static char *dup_xml(char *s) /* xmlChar* -> malloc'ed copy */
{
    char *r = s ? fp_strdup(s) : NULL;
    xmlFree(s);
    return r;
}

/* -------------------------------------------------------------- styles */

static int heading_from_name(const char *name)
{
    if (!name)
        return 0;
    if (!strcasecmp(name, "title"))
        return 1;
    if (!strncasecmp(name, "heading", 7)) {
        const char *p = name + 7;
        if (*p == ' ')
            p++;
        if (p[0] >= '1' && p[0] <= '9' && !p[1])
            return p[0] - '0';
    }
    return 0;
}

static fp_status load_style(docx *x, const xmlNode *s)
{
    char *type = attr(s, "type");
    /* numbering styles matter too: numStyleLink lists point at them */
    int paragraph = !type || !strcmp(type, "paragraph") || !strcmp(type, "numbering");
    xmlFree(type);
    if (!paragraph)
        return FP_OK;
    if (fp_grow((void **)&x->styles, &x->capstyles, x->nstyles + 1, sizeof *x->styles))
        return FP_ERR_NOMEM;
    style_def *st = &x->styles[x->nstyles++];
    memset(st, 0, sizeof *st);
    st->id = dup_xml(attr(s, "styleId"));
    st->based_on = dup_xml(child_val(s, "basedOn"));
    char *name = child_val(s, "name");
    st->heading = heading_from_name(name) ? heading_from_name(name)
                                          : heading_from_name(st->id);
    xmlFree(name);
    const xmlNode *ppr = child(s, "pPr");
    char *outline = child_val(ppr, "outlineLvl");
    int ol = int_or(outline, -1);
    xmlFree(outline);
    if (!st->heading && ol >= 0 && ol < MAX_LEVELS)
        st->heading = ol + 1;
    const xmlNode *numpr = child(ppr, "numPr");
    st->num_id = dup_xml(child_val(numpr, "numId"));
    char *ilvl = child_val(numpr, "ilvl");
    st->ilvl = int_or(ilvl, -1);
    xmlFree(ilvl);
    return FP_OK;
}

static const style_def *find_style(const docx *x, const char *id)
{
    for (size_t i = 0; id && i < x->nstyles; i++)
        if (x->styles[i].id && !strcmp(x->styles[i].id, id))
            return &x->styles[i];
    return NULL;
}

/* --------------------------------------------------------------- numbering */

static void load_level(level_def *l, const xmlNode *lvl)
{
    char *v = child_val(lvl, "start");
    l->start = int_or(v, 1);
    xmlFree(v);
    v = child_val(lvl, "numFmt");
    snprintf(l->fmt, sizeof l->fmt, "%s", v ? v : "decimal");
    xmlFree(v);
    v = child_val(lvl, "lvlText");
    snprintf(l->text, sizeof l->text, "%s", v ? v : "");
    xmlFree(v);
    v = child_val(lvl, "pStyle");
    snprintf(l->style, sizeof l->style, "%s", v ? v : "");
    xmlFree(v);
}

static fp_status load_abstract(docx *x, const xmlNode *a)
{
    if (fp_grow((void **)&x->abstracts, &x->capabstracts, x->nabstracts + 1,
                sizeof *x->abstracts))
        return FP_ERR_NOMEM;
    abstract_num *an = &x->abstracts[x->nabstracts++];
    memset(an, 0, sizeof *an);
    an->id = dup_xml(attr(a, "abstractNumId"));
    an->style_link = dup_xml(child_val(a, "numStyleLink"));
    for (int i = 0; i < MAX_LEVELS; i++) {
        an->lvl[i].start = 1;
        strcpy(an->lvl[i].fmt, "decimal");
    }
    for (const xmlNode *c = a->children; c; c = c->next) {
        if (!fp_xml_is(c, W, "lvl"))
            continue;
        char *il = attr(c, "ilvl");
        int i = int_or(il, -1);
        xmlFree(il);
        if (i >= 0 && i < MAX_LEVELS)
            load_level(&an->lvl[i], c);
    }
    return FP_OK;
}

static size_t find_abstract(const docx *x, const char *id)
{
    for (size_t i = 0; id && i < x->nabstracts; i++)
        if (x->abstracts[i].id && !strcmp(x->abstracts[i].id, id))
            return i;
    return FP_NONE;
}

static fp_status load_num(docx *x, const xmlNode *n)
{
    if (fp_grow((void **)&x->nums, &x->capnums, x->nnums + 1, sizeof *x->nums))
        return FP_ERR_NOMEM;
    num_inst *ni = &x->nums[x->nnums++];
    memset(ni, 0, sizeof *ni);
    ni->id = dup_xml(attr(n, "numId"));
    char *aid = child_val(n, "abstractNumId");
    ni->abstract = find_abstract(x, aid);
    xmlFree(aid);
    for (int i = 0; i < MAX_LEVELS; i++)
        ni->override[i] = -1;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!fp_xml_is(c, W, "lvlOverride"))
            continue;
        char *il = attr(c, "ilvl");
        int i = int_or(il, -1);
        xmlFree(il);
        char *so = child_val(c, "startOverride");
        if (i >= 0 && i < MAX_LEVELS && so)
            ni->override[i] = int_or(so, 1);
        xmlFree(so);
    }
    return FP_OK;
}

static const num_inst *find_num(const docx *x, const char *id)
{
    for (size_t i = 0; id && i < x->nnums; i++)
        if (x->nums[i].id && !strcmp(x->nums[i].id, id))
            return &x->nums[i];
    return NULL;
}

/* Word's numFmt names as list-number styles; unknown formats print as
 * decimal, which a reader can still cite. */
static char number_style(const char *fmt)
{
    static const struct { const char *name; char style; } map[] = {
        {"lowerLetter", 'a'}, {"upperLetter", 'A'}, {"lowerRoman", 'i'},
        {"upperRoman", 'I'}, {"decimalZero", '0'}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(fmt, map[i].name))
            return map[i].style;
    return '1';
}

/* The label a reader sees for level `ilvl` of abstract an, with its
 * counters already advanced. Empty for bullets and "none". */
static void render_label(const abstract_num *an, int ilvl, char *out, size_t cap)
{
    const level_def *l = &an->lvl[ilvl];
    out[0] = '\0';
    if (!strcmp(l->fmt, "bullet") || !strcmp(l->fmt, "none"))
        return;
    size_t k = 0;
    for (const char *p = l->text; *p && k + 1 < cap; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int ref = p[1] - '1';
            int v = an->started[ref] ? an->count[ref] : an->lvl[ref].start;
            char num[32];
            fp_list_number(num, sizeof num, v, number_style(an->lvl[ref].fmt));
            for (const char *q = num; *q && k + 1 < cap; q++)
                out[k++] = *q;
            p++;
        } else {
            out[k++] = *p;
        }
    }
    out[k] = '\0';
}

/* Advance the counters for a numbered paragraph and return its label. */
static void next_label(docx *x, const char *num_id, int ilvl, const char *style,
                       char *out, size_t cap)
{
    out[0] = '\0';
    num_inst *ni = (num_inst *)find_num(x, num_id);
    if (!ni || ni->abstract == FP_NONE)
        return;
    abstract_num *an = &x->abstracts[ni->abstract];
    /* a list defined through a numbering style: follow the link (bounded,
     * links may loop) to the abstract that holds the levels */
    for (int hops = 0; an->style_link && hops < 4; hops++) {
        const style_def *st = find_style(x, an->style_link);
        const num_inst *target = st ? find_num(x, st->num_id) : NULL;
        if (!target || target->abstract == FP_NONE)
            break;
        an = &x->abstracts[target->abstract];
    }
    if (ilvl < 0) { /* a style's numPr: the level bound to the style */
        ilvl = 0;
        for (int i = 0; style && i < MAX_LEVELS; i++)
            if (!strcmp(an->lvl[i].style, style))
                ilvl = i;
    }
    if (ilvl >= MAX_LEVELS)
        ilvl = MAX_LEVELS - 1;
    if (!ni->used) { /* a restart override applies at the first use */
        for (int i = 0; i < MAX_LEVELS; i++)
            if (ni->override[i] >= 0) {
                an->count[i] = ni->override[i] - 1;
                an->started[i] = 1;
            }
        ni->used = 1;
    }
    if (an->started[ilvl])
        an->count[ilvl]++;
    else
        an->count[ilvl] = an->lvl[ilvl].start;
    an->started[ilvl] = 1;
    for (int i = ilvl + 1; i < MAX_LEVELS; i++)
        an->started[i] = 0;
    render_label(an, ilvl, out, cap);
}

/* "Section 12.3." -> "12.3": the number as segment.c keeps labels. */
static void trim_label(char *label)
{
    size_t n = strlen(label);
    while (n && (label[n - 1] == '.' || label[n - 1] == ' ' || label[n - 1] == ':'))
        label[--n] = '\0';
    char *sp = strrchr(label, ' ');
    if (sp)
        memmove(label, sp + 1, strlen(sp + 1) + 1);
}

/* ------------------------------------------------------------ paragraphs */

typedef struct para_props {
    int heading;       /* 1..9 or 0 */
    char label[FP_LABEL_MAX];
    int numbered;      /* has list numbering (maybe a bullet) */
    int ilvl;
} para_props;

/* Resolve heading level and numbering from direct formatting and the style
 * chain (basedOn, bounded against cycles). */
static void paragraph_props(docx *x, const xmlNode *p, para_props *pp)
{
    memset(pp, 0, sizeof *pp);
    const xmlNode *ppr = child(p, "pPr");
    char *style_id = child_val(ppr, "pStyle");
    char *outline = child_val(ppr, "outlineLvl");
    int ol = int_or(outline, -1);
    xmlFree(outline);
    const xmlNode *numpr = child(ppr, "numPr");
    char *num_id = child_val(numpr, "numId");
    char *il = child_val(numpr, "ilvl");
    int ilvl = int_or(il, numpr ? 0 : -1);
    xmlFree(il);
    const char *num_style = NULL;
    const style_def *s = find_style(x, style_id);
    for (int hops = 0; s && hops < 16; hops++) {
        if (!pp->heading && s->heading)
            pp->heading = s->heading;
        if (!num_id && s->num_id) {
            num_id = (char *)xmlStrdup((const xmlChar *)s->num_id);
            ilvl = s->ilvl;
            num_style = s->id;
        }
        s = find_style(x, s->based_on);
    }
    if (!pp->heading && ol >= 0 && ol < MAX_LEVELS)
        pp->heading = ol + 1;
    /* numId 0 removes numbering inherited from the style. An empty
     * paragraph that only carries a section break shows no number to the
     * reader (the document's own cross-references count without it). */
    int section_break_only = child(ppr, "sectPr") && !child(p, "r");
    if (num_id && strcmp(num_id, "0") && !section_break_only) {
        pp->numbered = 1;
        pp->ilvl = ilvl < 0 ? 0 : ilvl;
        next_label(x, num_id, ilvl, num_style ? num_style : style_id,
                   pp->label, sizeof pp->label);
        trim_label(pp->label);
    }
    xmlFree(num_id);
    xmlFree(style_id);
}

static void walk(docx *x, const xmlNode *n, unsigned depth);

static void walk_children(docx *x, const xmlNode *n, unsigned depth)
{
    for (const xmlNode *c = n->children; c && !x->st; c = c->next)
        walk(x, c, depth + 1);
}

static void emit_text(docx *x, const xmlNode *t)
{
    if (x->field_instr || !x->in_para)
        return;
    for (const xmlNode *c = t->children; c && !x->st; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            x->st = fp_doc_append_at(x->d, (const char *)c->content,
                                     strlen((const char *)c->content), 0);
}

static void emit_cp(docx *x, uint32_t cp)
{
    if (!x->field_instr && x->in_para && !x->st)
        x->st = fp_doc_append_cp(x->d, cp, 0, 0);
}

static void soft_break(docx *x)
{
    if (!x->field_instr && x->in_para)
        fp_doc_soft_break(x->d, 0);
}

static void field_char(docx *x, const xmlNode *n)
{
    char *type = attr(n, "fldCharType");
    if (!type)
        return;
    if (!strcmp(type, "begin")) {
        if (x->nfield < MAX_FIELD_NEST) {
            x->field[x->nfield++] = 1;
            x->field_instr++;
        } else {
            x->field_overflow++;
        }
    } else if (!strcmp(type, "separate")) {
        if (!x->field_overflow && x->nfield && x->field[x->nfield - 1]) {
            x->field[x->nfield - 1] = 0;
            x->field_instr--;
        }
    } else if (!strcmp(type, "end")) {
        if (x->field_overflow)
            x->field_overflow--;
        else if (x->nfield && x->field[--x->nfield])
            x->field_instr--;
    }
    xmlFree(type);
}

static void warn_once(docx *x, int *flag, const char *what)
{
    if (!*flag) {
        *flag = 1;
        fp_doc_warn(x->d, "%s", what);
    }
}

/* A run whose properties hide it (w:vanish) is not seen by the reader. */
static int run_hidden(const xmlNode *r)
{
    return toggle_on(child(child(r, "rPr"), "vanish"));
}

/* A heading style on a whole clause ("9.1 Caps. Each party's ...") makes a
 * run-in title: the paragraph reads as body text. Long, or a sentence
 * after the title, gives it away. */
static int is_run_in(const fp_doc *d, const fp_para *p)
{
    size_t n = d->text.len - p->start;
    if (n > RUN_IN_HEADING_BYTES)
        return 1;
    const char *s = d->text.data + p->start;
    for (size_t i = 1; i + 2 < n; i++)
        if ((s[i] == '.' || s[i] == ':') && s[i + 1] == ' ' &&
            (s[i + 2] >= 'A' && s[i + 2] <= 'Z') && s[i - 1] != '.')
            return 1;
    return 0;
}

static void paragraph(docx *x, const xmlNode *p, unsigned depth)
{
    para_props pp;
    paragraph_props(x, p, &pp);
    fp_para_kind kind = FP_PARA_BODY;
    int level = 0;
    if (pp.heading) {
        kind = FP_PARA_HEADING;
        level = pp.heading;
    } else if (pp.numbered && !pp.label[0]) {
        kind = FP_PARA_LIST_ITEM; /* a bullet */
        level = pp.ilvl + 1;
    } else if (x->in_cell) {
        kind = FP_PARA_TABLE_CELL;
    } else if (pp.numbered) {
        level = pp.ilvl + 1; /* a numbered clause: its number is a section */
    }
    if ((x->st = fp_doc_para_begin(x->d, kind, x->story, level)))
        return;
    fp_para *cur = fp_doc_current_para(x->d);
    if (cur)
        snprintf(cur->label, sizeof cur->label, "%s", pp.label);
    x->in_para = 1;
    walk_children(x, p, depth);
    x->in_para = 0;
    cur = fp_doc_current_para(x->d);
    if (cur && kind == FP_PARA_HEADING && is_run_in(x->d, cur))
        cur->kind = FP_PARA_BODY;
    if (!x->st)
        x->st = fp_doc_para_end(x->d, NULL);
}

/* Text boxes met inside a paragraph are read after it, as their own
 * paragraphs in the textbox story. */
static void defer_box(docx *x, const xmlNode *box)
{
    if (x->nboxes < MAX_PENDING_BOXES)
        x->boxes[x->nboxes++] = box;
    else
        warn_once(x, &x->warned_boxes, "too many text boxes in one paragraph; "
                  "some were skipped");
}

static void flush_boxes(docx *x, unsigned depth)
{
    while (x->nboxes && !x->st) {
        const xmlNode *box = x->boxes[--x->nboxes];
        fp_story saved = x->story;
        x->story = FP_STORY_TEXTBOX;
        walk_children(x, box, depth);
        x->story = saved;
    }
}

/* mc:AlternateContent: the first Choice whose requirements we understand,
 * else the Fallback. Exactly one branch, so text boxes are not doubled. */
static const xmlNode *pick_branch(const xmlNode *ac)
{
    const xmlNode *fallback = NULL;
    for (const xmlNode *c = ac->children; c; c = c->next) {
        if (fp_xml_is(c, MC, "Fallback") && !fallback)
            fallback = c;
        if (!fp_xml_is(c, MC, "Choice"))
            continue;
        char *req = attr(c, "Requires");
        int ok = req != NULL;
        for (char *tok = req, *save = NULL; ok && (tok = strtok_r(tok, " ", &save)); tok = NULL) {
            xmlNs *ns = xmlSearchNs(c->doc, (xmlNode *)c, (const xmlChar *)tok);
            int known = 0;
            for (int i = 0; ns && UNDERSTOOD[i]; i++)
                known |= !strcmp((const char *)ns->href, UNDERSTOOD[i]);
            ok = known;
        }
        xmlFree(req);
        if (ok)
            return c;
    }
    return fallback;
}

static void walk_word(docx *x, const xmlNode *n, unsigned depth)
{
    const char *name = (const char *)n->name;
    if (!strcmp(name, "p")) {
        if (x->in_para) { /* a paragraph inside a paragraph: a text box */
            walk_children(x, n, depth);
            return;
        }
        paragraph(x, n, depth);
        flush_boxes(x, depth);
    } else if (!strcmp(name, "t")) {
        emit_text(x, n);
    } else if (!strcmp(name, "tab") || !strcmp(name, "ptab") ||
               !strcmp(name, "br") || !strcmp(name, "cr")) {
        soft_break(x);
    } else if (!strcmp(name, "noBreakHyphen")) {
        emit_cp(x, '-');
    } else if (!strcmp(name, "sym")) {
        char *c = attr(n, "char");
        unsigned long cp = c ? strtoul(c, NULL, 16) : 0;
        xmlFree(c);
        if (cp >= 0xF020 && cp <= 0xF0FF) /* symbol-font private area */
            cp -= 0xF000;
        if (cp >= 0x20 && cp <= 0x10FFFF)
            emit_cp(x, (uint32_t)cp);
    } else if (!strcmp(name, "del") || !strcmp(name, "delText")) {
        warn_once(x, &x->warned_deleted, "deleted text present (tracked "
                  "changes); the accepted view was read");
    } else if (!strcmp(name, "r")) {
        if (run_hidden(n))
            warn_once(x, &x->warned_hidden, "hidden text present (w:vanish); "
                      "it was skipped");
        else
            walk_children(x, n, depth);
    } else if (!strcmp(name, "fldChar")) {
        field_char(x, n);
    } else if (!strcmp(name, "tc")) {
        x->in_cell++;
        walk_children(x, n, depth);
        x->in_cell--;
    } else if (!strcmp(name, "txbxContent")) {
        if (x->in_para)
            defer_box(x, n);
        else
            walk_children(x, n, depth);
    } else if (!strcmp(name, "moveFrom") || !strcmp(name, "instrText") ||
               !strcmp(name, "softHyphen") || !strcmp(name, "pPr") ||
               !strcmp(name, "rPr") || !strcmp(name, "sectPr") ||
               !strcmp(name, "tblPr") || !strcmp(name, "trPr") ||
               !strcmp(name, "tcPr") || !strcmp(name, "delInstrText") ||
               !strcmp(name, "moveFromRangeStart")) {
        return; /* not reader-visible text */
    } else {
        walk_children(x, n, depth); /* ins, hyperlink, sdt, fldSimple, tbl... */
    }
}

static void walk(docx *x, const xmlNode *n, unsigned depth)
{
    if (x->st || n->type != XML_ELEMENT_NODE)
        return;
    if (depth > x->max_depth) {
        x->st = fp_doc_fail(x->d, FP_ERR_LIMIT, "elements nest deeper than the "
                            "xml-depth limit (%u)", (unsigned)x->max_depth);
        return;
    }
    if (fp_xml_is(n, MC, "AlternateContent")) {
        const xmlNode *b = pick_branch(n);
        if (b)
            walk_children(x, b, depth);
    } else if (fp_xml_is(n, W, n->name ? (const char *)n->name : "")) {
        walk_word(x, n, depth);
    } else {
        walk_children(x, n, depth); /* drawing, VML and other wrappers */
    }
}

/* ------------------------------------------------------------- the package */

/* Join a relationship target to the directory of its source part,
 * resolving "." and ".." so lookups cannot be confused. */
static int resolve_target(const char *source, const char *target, char *out,
                          size_t cap)
{
    char buf[PART_NAME_MAX * 2];
    if (target[0] == '/') {
        snprintf(buf, sizeof buf, "%s", target + 1);
    } else {
        const char *slash = strrchr(source, '/');
        int dir = slash ? (int)(slash - source + 1) : 0;
        snprintf(buf, sizeof buf, "%.*s%s", dir, source, target);
    }
    size_t k = 0;
    char *save = NULL;
    out[0] = '\0';
    for (char *seg = strtok_r(buf, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (!strcmp(seg, "."))
            continue;
        if (!strcmp(seg, "..")) {
            while (k && out[k - 1] != '/')
                k--;
            if (k)
                k--;
            out[k] = '\0';
            continue;
        }
        size_t n = strlen(seg);
        if (k + n + 2 > cap)
            return -1;
        if (k)
            out[k++] = '/';
        memcpy(out + k, seg, n + 1);
        k += n;
    }
    return 0;
}

/* "word/document.xml" -> "word/_rels/document.xml.rels" */
static void rels_name(const char *part, char *out, size_t cap)
{
    const char *slash = strrchr(part, '/');
    int dir = slash ? (int)(slash - part + 1) : 0;
    snprintf(out, cap, "%.*s_rels/%s.rels", dir, part, part + dir);
}

/* Relationship types are compared by their last segment, which names them
 * in both transitional and strict URIs (".../relationships/footnotes"). */
typedef struct rel_target {
    char type[32];
    char part[PART_NAME_MAX];
} rel_target;

/* Collect the internal relationships of `source`. */
static fp_status read_rels(docx *x, const char *source, rel_target **out,
                           size_t *count)
{
    char name[PART_NAME_MAX + 16];
    rels_name(source, name, sizeof name);
    xmlDoc *doc = NULL;
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    fp_status st = fp_opc_parse(x->zip, x->d, name, 1, &doc);
    if (st || !doc)
        return st;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *r = root ? root->children : NULL; r && !st; r = r->next) {
        if (!fp_xml_is(r, REL, "Relationship"))
            continue;
        char *type = attr(r, "Type"), *target = attr(r, "Target"),
             *mode = attr(r, "TargetMode");
        const char *slash = type ? strrchr(type, '/') : NULL;
        if (slash && target && !(mode && !strcmp(mode, "External"))) {
            if (fp_grow((void **)out, &cap, *count + 1, sizeof **out)) {
                st = FP_ERR_NOMEM;
            } else {
                rel_target *t = &(*out)[*count];
                snprintf(t->type, sizeof t->type, "%s", slash + 1);
                if (!resolve_target(source, target, t->part, sizeof t->part))
                    (*count)++;
            }
        }
        xmlFree(type);
        xmlFree(target);
        xmlFree(mode);
    }
    xmlFreeDoc(doc);
    return st;
}

static fp_status find_main_part(docx *x, char *out, size_t cap)
{
    rel_target *rels;
    size_t n;
    fp_status st = read_rels(x, "", &rels, &n);
    if (st)
        return st;
    out[0] = '\0';
    for (size_t i = 0; i < n && !out[0]; i++)
        if (!strcmp(rels[i].type, "officeDocument"))
            snprintf(out, cap, "%s", rels[i].part);
    free(rels);
    if (!out[0]) /* no usable _rels/.rels: the conventional name */
        snprintf(out, cap, "word/document.xml");
    return FP_OK;
}

static fp_status load_styles(docx *x, const char *part)
{
    xmlDoc *doc;
    fp_status st = fp_opc_parse(x->zip, x->d, part, 1, &doc);
    if (st || !doc)
        return st;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root ? root->children : NULL; c && !st; c = c->next)
        if (fp_xml_is(c, W, "style"))
            st = load_style(x, c);
    xmlFreeDoc(doc);
    return st;
}

static fp_status load_numbering(docx *x, const char *part)
{
    xmlDoc *doc;
    fp_status st = fp_opc_parse(x->zip, x->d, part, 1, &doc);
    if (st || !doc)
        return st;
    const xmlNode *root = xmlDocGetRootElement(doc);
    /* abstracts first: w:num refers to them by id */
    for (const xmlNode *c = root ? root->children : NULL; c && !st; c = c->next)
        if (fp_xml_is(c, W, "abstractNum"))
            st = load_abstract(x, c);
    for (const xmlNode *c = root ? root->children : NULL; c && !st; c = c->next)
        if (fp_xml_is(c, W, "num"))
            st = load_num(x, c);
    xmlFreeDoc(doc);
    return st;
}

/* Footnotes, endnotes and comments: each item in its own story, without
 * the separator pseudo-notes. */
static int is_separator(const xmlNode *n)
{
    char *type = attr(n, "type");
    int sep = type && (strstr(type, "eparator") || !strcmp(type, "continuationNotice"));
    xmlFree(type);
    return sep;
}

static fp_status read_story(docx *x, const char *part, fp_story story)
{
    xmlDoc *doc;
    fp_status st = fp_opc_parse(x->zip, x->d, part, story != FP_STORY_BODY, &doc);
    if (st || !doc)
        return st;
    x->story = story;
    x->nfield = x->field_overflow = x->field_instr = 0;
    x->in_cell = 0;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root ? root->children : NULL; c && !x->st; c = c->next)
        if (!is_separator(c))
            walk(x, c, 1);
    xmlFreeDoc(doc);
    return x->st;
}

static void free_model(docx *x)
{
    for (size_t i = 0; i < x->nstyles; i++) {
        free(x->styles[i].id);
        free(x->styles[i].based_on);
        free(x->styles[i].num_id);
    }
    free(x->styles);
    for (size_t i = 0; i < x->nabstracts; i++) {
        free(x->abstracts[i].id);
        free(x->abstracts[i].style_link);
    }
    free(x->abstracts);
    for (size_t i = 0; i < x->nnums; i++)
        free(x->nums[i].id);
    free(x->nums);
}

static const struct {
    const char *type;
    fp_story story;
} story_rels[] = {
    {"header", FP_STORY_HEADER},     {"footer", FP_STORY_FOOTER},
    {"footnotes", FP_STORY_FOOTNOTE}, {"endnotes", FP_STORY_ENDNOTE},
    {"comments", FP_STORY_COMMENT},
};

static fp_status read_package(docx *x)
{
    char main_part[PART_NAME_MAX];
    rel_target *rels = NULL;
    size_t n = 0;
    fp_status st = find_main_part(x, main_part, sizeof main_part);
    if (!st)
        st = read_rels(x, main_part, &rels, &n);
    for (size_t i = 0; i < n && !st; i++)
        if (!strcmp(rels[i].type, "styles"))
            st = load_styles(x, rels[i].part);
    for (size_t i = 0; i < n && !st; i++)
        if (!strcmp(rels[i].type, "numbering"))
            st = load_numbering(x, rels[i].part);
    if (!st)
        st = read_story(x, main_part, FP_STORY_BODY);
    for (size_t k = 0; k < sizeof story_rels / sizeof *story_rels; k++)
        for (size_t i = 0; i < n && !st; i++)
            if (!strcmp(rels[i].type, story_rels[k].type))
                st = read_story(x, rels[i].part, story_rels[k].story);
    free(rels);
    return st;
}

fp_status fp_docx_read(fp_doc *d, fp_zip *zip, const fp_options *opts)
{
    docx x = {.d = d, .zip = zip, .max_depth = opts->limit[FP_LIMIT_XML_DEPTH]};
    d->format = FP_FORMAT_DOCX;
    d->loc = FP_LOC_LOGICAL;
    fp_status st = read_package(&x);
    free_model(&x);
    return st;
}
