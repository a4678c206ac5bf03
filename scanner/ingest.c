/* ingest.c - reading files safely, detecting the format, dispatching. */
#include "ingest.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

static int has_suffix(const char *name, const char *suffix)
{
    size_t a = strlen(name), b = strlen(suffix);
    return a >= b && !strcasecmp(name + a - b, suffix);
}

/* Skip a BOM and white space; then look for HTML's opening marks. */
static int looks_like_html(const unsigned char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    static const char *marks[] = {"<!doctype html", "<html", "<head", "<body",
                                  "<!--", "<meta", "<?xml", NULL};
    for (int k = 0; marks[k]; k++) {
        size_t m = strlen(marks[k]);
        if (n - i >= m && !strncasecmp((const char *)s + i, marks[k], m)) {
            if (k < 4)
                return 1;
            /* a comment, meta or XML prolog: HTML if <html appears early */
            size_t window = n - i < 4096 ? n - i : 4096;
            for (size_t j = i; j + 5 <= i + window; j++)
                if (!strncasecmp((const char *)s + j, "<html", 5))
                    return 1;
        }
    }
    return 0;
}

/* ATX headings or bold run-in titles at the start of lines. */
static int looks_like_markdown(const unsigned char *s, size_t n)
{
    size_t window = n < 16384 ? n : 16384, marks = 0;
    for (size_t i = 0; i < window; i++) {
        if (i && s[i - 1] != '\n')
            continue;
        if (s[i] == '#' && i + 1 < window && (s[i + 1] == '#' || s[i + 1] == ' '))
            marks++;
        else if (i + 2 < window && s[i] == '*' && s[i + 1] == '*')
            marks++;
    }
    return marks >= 2;
}

fp_format fp_detect_format(const unsigned char *s, size_t n, const char *name)
{
    if (n >= 4 && !memcmp(s, "PK\x03\x04", 4)) {
        if (name && has_suffix(name, ".odt"))
            return FP_FORMAT_ODT;
        return FP_FORMAT_DOCX; /* the zip reader tells DOCX from ODT */
    }
    if (looks_like_html(s, n))
        return FP_FORMAT_HTML;
    if (name && (has_suffix(name, ".html") || has_suffix(name, ".htm")))
        return FP_FORMAT_HTML;
    if (name && (has_suffix(name, ".md") || has_suffix(name, ".markdown")))
        return FP_FORMAT_MARKDOWN;
    if (looks_like_markdown(s, n))
        return FP_FORMAT_MARKDOWN;
    return FP_FORMAT_TEXT;
}

/* Formats that fineprint recognises but does not read: say what they are. */
static const char *unsupported_kind(const unsigned char *s, size_t n)
{
    if (n >= 8 && !memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return "an OLE2 compound file (legacy Word .doc, or an encrypted "
               "OOXML document); save it as .docx without a password";
    if (n >= 5 && !memcmp(s, "%PDF-", 5))
        return "a PDF file; extract its text first (for example with "
               "pdftotext)";
    if (n >= 5 && !memcmp(s, "{\\rtf", 5))
        return "an RTF file; save it as .docx or plain text";
    return NULL;
}

fp_status fp_read_file(fp_doc *d, const char *path, const fp_options *opts)
{
    uint64_t limit = opts->limit[FP_LIMIT_INPUT_BYTES];
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fp_doc_fail(d, errno == ENOENT ? FP_ERR_NOT_FOUND : FP_ERR_IO,
                           "cannot open: %s", strerror(errno));
    struct stat sb;
    fp_status st = FP_OK;
    if (fstat(fd, &sb) != 0)
        st = fp_doc_fail(d, FP_ERR_IO, "cannot stat: %s", strerror(errno));
    else if (S_ISDIR(sb.st_mode))
        st = fp_doc_fail(d, FP_ERR_IS_DIR, "is a directory, not a document");
    else if (!S_ISREG(sb.st_mode))
        st = fp_doc_fail(d, FP_ERR_NOT_REGULAR, "not a regular file (FIFO, "
                         "socket or device); fineprint reads files only");
    else if ((uint64_t)sb.st_size > limit)
        st = fp_doc_fail(d, FP_ERR_TOO_LARGE, "%lld bytes is over the "
                         "input-bytes limit (%llu)", (long long)sb.st_size,
                         (unsigned long long)limit);
    fp_buf b = {0};
    if (!st)
        st = fp_buf_reserve(&b, (size_t)sb.st_size + 1);
    while (!st) { /* read to EOF: the file may change while we read */
        if (fp_buf_reserve(&b, 65536)) {
            st = FP_ERR_NOMEM;
            break;
        }
        ssize_t n = read(fd, b.data + b.len, 65536);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = fp_doc_fail(d, FP_ERR_IO, "read failed: %s", strerror(errno));
            break;
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
        if (b.len > limit)
            st = fp_doc_fail(d, FP_ERR_TOO_LARGE, "grew past the input-bytes "
                             "limit (%llu) while being read",
                             (unsigned long long)limit);
    }
    close(fd);
    if (!st && b.len != (size_t)sb.st_size)
        fp_doc_warn(d, "file changed size while being read (%lld bytes at "
                    "open, %zu read)", (long long)sb.st_size, b.len);
    if (st) {
        fp_buf_free(&b);
        return st;
    }
    size_t len = b.len;
    fp_doc_take_source(d, (unsigned char *)fp_buf_steal(&b), len);
    if (!d->src)
        return FP_ERR_NOMEM;
    if (!len)
        return fp_doc_fail(d, FP_ERR_EMPTY, "empty file (0 bytes)");
    return FP_OK;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

void fp_xml_init(void) { pthread_once(&xml_once, xmlInitParser); }

fp_status fp_ingest(fp_doc *d, fp_format format, const fp_options *opts)
{
    const char *kind = unsupported_kind(d->src, d->src_len);
    if (kind)
        return fp_doc_fail(d, FP_ERR_UNSUPPORTED, "unsupported: %s", kind);
    if (format == FP_FORMAT_AUTO)
        format = fp_detect_format(d->src, d->src_len, d->name);
    d->format = format;
    switch (format) {
    case FP_FORMAT_TEXT:
        /* normal text is at most as long as its source: one allocation
         * instead of a chain of reallocs that copy and fault it in */
        if (fp_buf_reserve(&d->text, d->src_len < d->text_limit ? d->src_len + 1 : 0))
            return FP_ERR_NOMEM;
        return fp_ingest_text(d, opts, 0);
    case FP_FORMAT_MARKDOWN:
        if (fp_buf_reserve(&d->text, d->src_len < d->text_limit ? d->src_len + 1 : 0))
            return FP_ERR_NOMEM;
        return fp_ingest_text(d, opts, 1);
    case FP_FORMAT_DOCX:
    case FP_FORMAT_ODT:
        return fp_ingest_package(d, opts);
    case FP_FORMAT_HTML:
        if (d->src_len > opts->limit[FP_LIMIT_HTML_BYTES])
            return fp_doc_fail(d, FP_ERR_TOO_LARGE, "%zu bytes of HTML is over "
                               "the html-bytes limit (%llu): its parse tree "
                               "would need about 30 times that in memory",
                               d->src_len,
                               (unsigned long long)opts->limit[FP_LIMIT_HTML_BYTES]);
        return fp_ingest_html(d, opts);
    default:
        return fp_doc_fail(d, FP_ERR_UNSUPPORTED, "unsupported: %s documents "
                           "are not read by this build", fp_format_name(format));
    }
}
