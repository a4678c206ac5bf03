/* out_sarif.c - one SARIF 2.1.0 log for the run (OASIS SARIF v2.1.0), the
 * format code-scanning dashboards and editors read. One run: the driver
 * lists every loaded rule; each finding is a result pointing at its rule by
 * id and index. Text and Markdown findings carry an exact region; HTML the
 * source line; DOCX and ODT, which have no lines, a logical location
 * (story / paragraph / section). Documents that could not be read, and
 * document warnings, become tool execution notifications, so a reader of
 * the log sees every file the run was asked about. The mapping is in
 * docs/sarif.md. */
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "rules.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define NOTE_SEP '\x1f' /* between level, file and message in rr->notes */

static const char *sarif_level(fp_severity s)
{
    switch (s) {
    case FP_SEV_HIGH:
        return "error";
    case FP_SEV_MEDIUM:
        return "warning";
    case FP_SEV_LOW:
    case FP_SEV_INFO:
        return "note";
    default: /* fair: a clause that protects the reader is not a problem */
        return "none";
    }
}

/* A URI reference for a path as the user gave it: relative paths stay
 * relative, absolute ones become file:// URIs; bytes outside the RFC 3986
 * unreserved and sub-delims sets (and '/', '@') are percent-encoded. */
static fp_status put_uri(fp_buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    fp_status st = path[0] == '/' ? fp_buf_puts(b, "file://") : FP_OK;
    for (const unsigned char *p = (const unsigned char *)path; !st && *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~/!$&'()*+,;=@", *p))
            st = fp_buf_putc(b, (char)*p);
        else
            st = fp_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
    return st;
}

static void artifact_location(fp_json *j, const char *path)
{
    fp_buf uri = {0};
    if (put_uri(&uri, path) && !j->err)
        j->err = FP_ERR_NOMEM;
    fp_json_key(j, "artifactLocation");
    fp_json_object(j);
    fp_json_kstr(j, "uri", uri.len ? uri.data : "");
    fp_json_end(j);
    fp_buf_free(&uri);
}

static void text_object(fp_json *j, const char *key, const char *text)
{
    fp_json_key(j, key);
    fp_json_object(j);
    fp_json_kstr(j, "text", text);
    fp_json_end(j);
}

/* ------------------------------------------------------------ the driver */

static void write_rule(fp_json *j, const fp_rule *r)
{
    fp_buf help = {0};
    fp_status st = fp_buf_puts(&help, fp_rule_explain(r));
    if (!st && fp_rule_law(r)[0])
        st = fp_buf_printf(&help, "%sLegal anchor: %s", help.len ? " " : "", fp_rule_law(r));
    if (st && !j->err)
        j->err = st;
    fp_json_object(j);
    fp_json_kstr(j, "id", r->id);
    fp_json_kstr(j, "name", fp_rule_title(r));
    text_object(j, "shortDescription", fp_rule_title(r));
    text_object(j, "fullDescription", fp_rule_explain(r));
    text_object(j, "help", help.len ? help.data : "");
    fp_json_key(j, "defaultConfiguration");
    fp_json_object(j);
    fp_json_kstr(j, "level", sarif_level(r->severity));
    fp_json_end(j);
    fp_json_key(j, "properties");
    fp_json_object(j);
    fp_json_kstr(j, "category", r->category);
    fp_json_kstr(j, "categoryTitle", fp_category_title(r->category));
    fp_json_kstr(j, "bearer", fp_bearer_name(fp_rule_bearer(r)));
    fp_json_kstr(j, "severity", fp_severity_name(r->severity));
    fp_json_key(j, "tags");
    fp_json_array(j);
    for (size_t i = 0; i < r->tags.count; i++)
        fp_json_string(j, r->tags.items[i]);
    fp_json_end(j);
    fp_json_end(j);
    fp_json_end(j);
    fp_buf_free(&help);
}

static fp_status sarif_begin(fp_renderer *rr)
{
    fp_json *j = &rr->json;
    fp_json_init(j, &rr->out, 1);
    fp_json_object(j);
    fp_json_kstr(j, "$schema", SARIF_SCHEMA);
    fp_json_kstr(j, "version", "2.1.0");
    fp_json_key(j, "runs");
    fp_json_array(j);
    fp_json_object(j);
    fp_json_key(j, "tool");
    fp_json_object(j);
    fp_json_key(j, "driver");
    fp_json_object(j);
    fp_json_kstr(j, "name", "fineprint");
    fp_json_kstr(j, "version", FP_VERSION_STRING);
    fp_json_kstr(j, "semanticVersion", FP_VERSION_STRING);
    fp_json_key(j, "rules");
    fp_json_array(j);
    for (size_t i = 0; rr->rules && i < rr->rules->count; i++)
        write_rule(j, &rr->rules->rules[i]);
    fp_json_end(j); /* rules */
    fp_json_end(j); /* driver */
    fp_json_end(j); /* tool */
    /* Columns count characters (code points), not UTF-16 units. */
    fp_json_kstr(j, "columnKind", "unicodeCodePoints");
    fp_json_key(j, "results");
    fp_json_array(j);
    return j->err;
}

/* ------------------------------------------------------------ one result */

static fp_status message_text(fp_buf *m, const fp_finding *f)
{
    const fp_rule *r = f->rule;
    fp_status st = fp_buf_printf(m, "%s [%s]: ", fp_rule_title(r), fp_category_title(r->category));
    if (!st && f->severity == FP_SEV_FAIR)
        st = fp_buf_puts(m, "protects the reader; ");
    st = st ? st : fp_finding_bearer_phrase(f, m);
    if (!st && f->section && f->section[0])
        st = fp_buf_printf(m, "; section %s", f->section);
    return st ? st : fp_buf_printf(m, ". Matched: \"%s\"", f->match_text);
}

/* The last character of a text span starts at the last non-continuation
 * byte before `end`. */
static size_t last_char(const char *text, size_t start, size_t end)
{
    size_t k = end - 1;
    while (k > start && ((unsigned char)text[k] & 0xC0) == 0x80)
        k--;
    return k;
}

static void write_region(fp_json *j, const fp_result *res, const fp_finding *f)
{
    const fp_doc *d = res->doc;
    fp_json_key(j, "region");
    fp_json_object(j);
    fp_json_kuint(j, "startLine", f->line);
    if (d && d->loc == FP_LOC_BYTES && f->text_end > f->text_start) {
        unsigned el, ec;
        fp_doc_line_col(d, last_char(d->text.data, f->text_start, f->text_end), &el, &ec);
        fp_json_kuint(j, "startColumn", f->col);
        if (el > f->line || (el == f->line && ec >= f->col)) {
            fp_json_kuint(j, "endLine", el);
            fp_json_kuint(j, "endColumn", ec + 1); /* exclusive */
        }
        fp_json_kuint(j, "byteOffset", f->src_start);
        fp_json_kuint(j, "byteLength", f->src_end - f->src_start);
    }
    fp_json_end(j);
}

static void write_logical(fp_json *j, const fp_finding *f)
{
    char para[64], fq[256];
    snprintf(para, sizeof para, "paragraph %zu", f->para + 1);
    int sect = f->section && f->section[0];
    snprintf(fq, sizeof fq, "%s/%s%s%s", f->story, para, sect ? "/" : "", sect ? f->section : "");
    fp_json_key(j, "logicalLocations");
    fp_json_array(j);
    fp_json_object(j);
    fp_json_kstr(j, "name", sect ? f->section : para);
    fp_json_kstr(j, "kind", sect ? "module" : "member");
    fp_json_kstr(j, "fullyQualifiedName", fq);
    fp_json_end(j);
    fp_json_end(j);
}

static void write_location(fp_json *j, const fp_result *res, const fp_finding *f)
{
    fp_json_key(j, "locations");
    fp_json_array(j);
    fp_json_object(j);
    fp_json_key(j, "physicalLocation");
    fp_json_object(j);
    artifact_location(j, res->name);
    if (f->line) /* text, Markdown, HTML */
        write_region(j, res, f);
    fp_json_end(j);
    if (!f->line) /* DOCX, ODT: no lines, only the document's structure */
        write_logical(j, f);
    fp_json_end(j);
    fp_json_end(j);
}

static void write_result_properties(fp_json *j, const fp_finding *f)
{
    const fp_rule *r = f->rule;
    fp_json_key(j, "properties");
    fp_json_object(j);
    fp_json_kstr(j, "bearer", fp_bearer_name(f->bearer));
    if (r->indemnitor.set || r->indemnitee.set) {
        fp_json_kstr(j, "indemnitor", fp_bearer_name(f->indemnitor));
        fp_json_kstr(j, "indemnitee", fp_bearer_name(f->indemnitee));
    }
    fp_json_kstr(j, "category", r->category);
    fp_json_kstr(j, "severity", fp_severity_name(f->severity));
    fp_json_kstr(j, "story", f->story);
    fp_json_kuint(j, "paragraph", f->para);
    fp_json_kstr(j, "section", f->section ? f->section : "");
    fp_json_kstr(j, "heading", f->heading ? f->heading : "");
    fp_json_kstr(j, "sentence", f->sentence_text);
    fp_json_attributes(j, f);
    fp_json_end(j);
}

static void write_result(fp_renderer *rr, const fp_result *res, const fp_finding *f)
{
    fp_json *j = &rr->json;
    fp_buf msg = {0};
    if (message_text(&msg, f) && !j->err)
        j->err = FP_ERR_NOMEM;
    fp_json_object(j);
    fp_json_kstr(j, "ruleId", f->rule->id);
    /* The index into driver.rules is valid only for the set rendered. */
    if (rr->rules && f->rule->index < rr->rules->count &&
        &rr->rules->rules[f->rule->index] == f->rule)
        fp_json_kuint(j, "ruleIndex", f->rule->index);
    fp_json_kstr(j, "kind", f->severity == FP_SEV_FAIR ? "informational" : "fail");
    fp_json_kstr(j, "level", sarif_level(f->severity));
    text_object(j, "message", msg.len ? msg.data : "");
    write_location(j, res, f);
    write_result_properties(j, f);
    fp_json_end(j);
    fp_buf_free(&msg);
}

static fp_status note(fp_renderer *rr, const char *level, const char *file,
                      const char *msg)
{
    return fp_strlist_addf(&rr->notes, "%s%c%s%c%s", level, NOTE_SEP, file, NOTE_SEP, msg);
}

static fp_status sarif_add(fp_renderer *rr, const fp_result *res)
{
    fp_status st = FP_OK;
    if (res->status)
        st = note(rr, "error", res->name, fp_result_error(res));
    for (size_t i = 0; !st && i < res->warnings.count; i++)
        st = note(rr, "warning", res->name, res->warnings.items[i]);
    for (size_t i = 0; !st && i < res->nfindings; i++)
        write_result(rr, res, &res->findings[i]);
    return st ? st : rr->json.err;
}

/* ---------------------------------------------------------- invocation */

static void write_notification(fp_json *j, char *item)
{
    char *file = strchr(item, NOTE_SEP);
    char *msg = file ? strchr(file + 1, NOTE_SEP) : NULL;
    if (!msg)
        return;
    *file++ = '\0';
    *msg++ = '\0';
    fp_json_object(j);
    fp_json_kstr(j, "level", item);
    text_object(j, "message", msg);
    fp_json_key(j, "locations");
    fp_json_array(j);
    fp_json_object(j);
    fp_json_key(j, "physicalLocation");
    fp_json_object(j);
    artifact_location(j, file);
    fp_json_end(j);
    fp_json_end(j);
    fp_json_end(j);
    fp_json_end(j);
}

static fp_status sarif_finish(fp_renderer *rr)
{
    fp_json *j = &rr->json;
    int failed = 0;
    for (size_t i = 0; i < rr->notes.count; i++)
        failed |= !strncmp(rr->notes.items[i], "error", 5);
    fp_json_end(j); /* results */
    fp_json_key(j, "invocations");
    fp_json_array(j);
    fp_json_object(j);
    fp_json_key(j, "executionSuccessful");
    fp_json_bool(j, !failed);
    fp_json_key(j, "toolExecutionNotifications");
    fp_json_array(j);
    for (size_t i = 0; i < rr->notes.count; i++)
        write_notification(j, rr->notes.items[i]);
    fp_json_end(j);
    fp_json_end(j); /* invocation */
    fp_json_end(j); /* invocations */
    fp_json_end(j); /* run */
    fp_json_end(j); /* runs */
    fp_json_end(j); /* log */
    if (!j->err)
        j->err = fp_buf_putc(&rr->out, '\n');
    return j->err;
}

const fp_render_ops fp_sarif_ops = {sarif_begin, sarif_add, sarif_finish};
