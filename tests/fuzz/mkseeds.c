/* mkseeds.c - write the fuzzers' seed corpora: small valid and invalid
 * inputs of each kind, all made here (no third-party files).
 * Usage: mkseeds OUTDIR   (creates OUTDIR/{text,html,zip,docx,rules,scan,warc})
 * The project's own corpora/ and patterns/ files are added by make fuzz. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zipwriter.h"

static const char *outdir;

static void put(const char *target, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", outdir, target);
    if (mkdir(path, 0755) && errno != EEXIST) {
        perror(path);
        exit(1);
    }
    snprintf(path, sizeof path, "%s/%s/%s", outdir, target, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
        perror(path);
        exit(1);
    }
}

static void put_str(const char *target, const char *name, const char *s)
{
    put(target, name, s, strlen(s));
}

/* text seeds carry a leading flavour byte: even = text, odd = Markdown */
static void text_seed(const char *name, int markdown, const void *body, size_t len)
{
    unsigned char *b = malloc(len + 1);
    if (!b)
        exit(1);
    b[0] = markdown ? '1' : '0';
    memcpy(b + 1, body, len);
    put("text", name, b, len + 1);
    free(b);
}

static void text_seeds(void)
{
    static const char plain[] =
        "TERMS OF SERVICE\n\n1. Acceptance. By using the Service you agree to these Terms.\n\n"
        "2. Disclaimer. THE SERVICE IS PROVIDED \"AS IS\".\r\n(a) We may change these Terms.\r"
        "(b) You will indemnify us, e.g. for claims by third parties; see Sec. 4 of U.S. law.\n";
    static const char md[] =
        "# Terms\n\n## 1. Liability\n\n**Cap.** Our liability is limited to $100.\n\n"
        "- item one\n- item [two](http://x.test/a_(b)) &amp; &#x41; &bogus;\n\n"
        "| a | b |\n|---|---|\n| c | d |\n\n```\ncode\n```\n> quote <b>bold</b>\n---\n";
    static const unsigned char utf16le[] = {0xFF, 0xFE, 'Y', 0, 'o', 0, 'u', 0, ' ', 0,
                                            'a', 0, 'g', 0, 'r', 0, 'e', 0, 'e', 0, '.', 0,
                                            0x3D, 0xD8, 0x00, 0xDE, '\n', 0};
    static const unsigned char utf16be_nobom[] = {0, 'W', 0, 'e', 0, ' ', 0, 'm', 0, 'a',
                                                  0, 'y', 0, '.', 0xD8, 0x00, 0, '\n'};
    static const unsigned char bad_utf8[] = "Caf\xC3\xA9 \xC3 \xE2\x80 \xF0\x9F\x98 \xFF\xFE"
                                            " \xED\xA0\x80 \xC0\xAF \xE2\x80\x9Cquoted\xE2\x80\x9D"
                                            " soft\xC2\xADhyphen\xE2\x80\x94" "dash\xC2\xA0" "nbsp.";
    static const unsigned char cp1252[] = "The \x93Service\x94 is provided \x96 as is \x85 \x80"
                                          "100 \x81\x8D\x8F\x90\x9D.";
    text_seed("plain.txt", 0, plain, sizeof plain - 1);
    text_seed("terms.md", 1, md, sizeof md - 1);
    text_seed("utf16le.txt", 0, utf16le, sizeof utf16le);
    text_seed("utf16be-nobom.txt", 0, utf16be_nobom, sizeof utf16be_nobom);
    text_seed("bad-utf8.txt", 0, bad_utf8, sizeof bad_utf8 - 1);
    text_seed("cp1252.txt", 0, cp1252, sizeof cp1252 - 1);
    text_seed("nul.txt", 0, "a\0b\0c\0", 6);
    text_seed("empty.md", 1, "", 0);
}

static void html_seeds(void)
{
    put_str("html", "page.html",
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Terms</title>"
            "<style>p{}</style><script>var x='<p>';</script></head><body>"
            "<nav><a href=\"/\">Home</a> <a href=\"/a\">About</a></nav><main><h1>Terms</h1>"
            "<h2>1. Warranty</h2><p>The Service is provided &ldquo;as is&rdquo;.</p>"
            "<ol><li>We may terminate.</li><li>You indemnify us.</li></ol>"
            "<div style=\"display:none\">hidden</div><table><tr><td>a</td><td>b</td></tr></table>"
            "</main><footer>&copy; 2024</footer></body></html>");
    put_str("html", "latin1.html",
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            "charset=windows-1252\"></head><body><p>\x93" "as is\x94 \xA0 caf\xE9</p></body></html>");
    put_str("html", "broken.html",
            "<html><body><p>one<p>two<div><b><i>three</b></i><table><td>x<li>y"
            "<!-- unclosed comment <p>&#xFFFFFFFF; &#0; &#55296; <![CDATA[x]]>");
    put_str("html", "xml-prolog.html",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
            "<body><article><section><h3>2.1 Law</h3><p>Governed by the laws of Ireland.</p>"
            "</section></article></body></html>");
    static const unsigned char u16[] = {0xFF, 0xFE, '<', 0, 'p', 0, '>', 0, 'h', 0, 'i', 0};
    put("html", "utf16.html", u16, sizeof u16);
}

/* A DOCX with most of what the reader handles: styles, numbering, notes,
 * header, footer, comments, tracked changes, fields, text boxes. */
static void docx_full(zw *w, int method, int strict)
{
    zw_docx x = {
        .body = "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:numPr><w:ilvl w:val=\"0\"/>"
                "<w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>Liability</w:t></w:r></w:p>"
                "<w:p><w:r><w:t xml:space=\"preserve\">The Service is provided </w:t></w:r>"
                "<w:ins><w:r><w:t>\"as is\"</w:t></w:r></w:ins><w:del><w:r><w:delText>no"
                "</w:delText></w:r></w:del><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                "<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="
                "\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="
                "\"end\"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>"
                "<w:r><w:tab/><w:br/><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/></w:r></w:p>"
                "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
                "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:drawing><wps:txbx>"
                "<w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
                "</w:drawing></w:r></mc:Choice><mc:Fallback><w:r><w:pict><v:textbox>"
                "<w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>"
                "</v:textbox></w:pict></w:r></mc:Fallback></mc:AlternateContent>"
                "<w:sdt><w:sdtContent><w:p><w:r><w:t>sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        .styles = "<w:style w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn "
                  "w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
                  "<w:style w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>",
        .numbering = "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"3\"/>"
                     "<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl><w:lvl "
                     "w:ilvl=\"1\"><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%1.%2)\"/>"
                     "</w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/>"
                     "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"2\"/></w:lvlOverride></w:num>",
        .footnotes = "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p/></w:footnote><w:footnote "
                     "w:id=\"1\"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote>",
        .header = "<w:p><w:r><w:t>Header</w:t></w:r></w:p>",
        .footer = "<w:p><w:r><w:t>Footer</w:t></w:r></w:p>",
        .comments = "<w:comment w:id=\"0\"><w:p><w:r><w:t>Comment</w:t></w:r></w:p></w:comment>",
        .strict = strict,
        .method = method,
    };
    zw_docx_write(w, &x);
}

static void put_zip(const char *target, const char *name, zw *w)
{
    if (w->failed) {
        fprintf(stderr, "mkseeds: out of memory\n");
        exit(1);
    }
    put(target, name, w->data, w->len);
    zw_free(w);
}

static void odt(zw *w)
{
    zw_add(w, "mimetype", "application/vnd.oasis.opendocument.text", 0);
    zw_add(w, "content.xml",
           "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:"
           "opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:"
           "text:1.0\"><office:body><office:text><text:h text:outline-level=\"1\">Terms</text:h>"
           "<text:list><text:list-item><text:p>We may <text:span>change</text:span> these "
           "terms.<text:s text:c=\"3\"/><text:tab/><text:line-break/></text:p></text:list-item>"
           "</text:list><text:p>Note<text:note><text:note-body><text:p>n</text:p></text:note-body>"
           "</text:note></text:p></office:text></office:body></office:document-content>", 8);
    zw_finish(w, 0);
}

/* Package seeds go to both the zip and the docx fuzzers. */
static void package_seed(const char *name, zw *w)
{
    put("zip", name, w->data, w->len);
    put_zip("docx", name, w);
}

static void package_seeds(void)
{
    zw w = {0};
    docx_full(&w, 8, 0);
    zw_finish(&w, 0);
    package_seed("full.docx", &w);
    docx_full(&w, 0, 1);
    zw_finish(&w, 0);
    package_seed("strict-stored.docx", &w);
    odt(&w);
    package_seed("text.odt", &w);

    zw_opts dd = {.method = 8, .descriptor = 1};
    zw_add_ex(&w, "a.txt", "descriptor entry descriptor entry", 33, &dd);
    zw_opts crc = {.method = 8, .crc_xor = 1};
    zw_add_ex(&w, "b.txt", "bad crc", 7, &crc);
    zw_opts lie = {.method = 8, .lie_usize = 1, .usize = 10};
    zw_add_ex(&w, "c.bin", NULL, 100000, &lie);
    zw_alias(&w, "d.bin", 2);
    zw_finish(&w, 0);
    package_seed("hostile.zip", &w);

    zw_opts enc = {.method = 8, .flags = 1};
    zw_add_ex(&w, "word/document.xml", "x", 1, &enc);
    zw_opts m12 = {.method = 12};
    zw_add_ex(&w, "e.bz2", "y", 1, &m12);
    zw_finish(&w, 1);
    package_seed("encrypted-zip64.zip", &w);

    docx_full(&w, 8, 0);
    zw_finish(&w, 0);
    w.len -= w.len / 3; /* truncated */
    package_seed("truncated.docx", &w);

    put("docx", "doctype.docx", "PK\5\6", 4);
}

static void rules_seeds(void)
{
    put_str("rules", "small.rules",
            "# a comment\n[t.one]\ntitle = One\ncategory = as_is\nbears = user\nseverity = high\n"
            "require = as is | with all faults\npattern = \\bas\\s+is\\b\n"
            "pattern = (?<cap>\\$\\d+)\n           continued\nexclude = customary\n"
            "unless = t.two\nexplain = x\nlaw = y\ntags = core\nmatch = It is as is.\n"
            "nomatch = Nothing here.\n\n[t.two]\ntitle = Two\ncategory = liability\n"
            "bears = counterparty or user\nseverity = low\npattern = (?i)liab(?:le|ility)\n"
            "match = liable\n");
    put_str("rules", "bad.rules",
            "[x]\ntitle=\npattern = (unclosed\nseverity = extreme\nbears = nobody\n"
            "[x]\n[no-end\nkey without equals\nmatch = \n");
    put_str("rules", "backtrack.rules",
            "[bt.catastrophic]\ntitle = t\ncategory = as_is\nbears = user\nseverity = low\n"
            "pattern = (a+)+$\nmatch = aaaa\nnomatch = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n");
}

static void scan_seeds(void)
{
    static const char text[] =
        "1. Disclaimer. THE SERVICE IS PROVIDED \"AS IS\" AND \"AS AVAILABLE\".\n\n"
        "2. Indemnity. You will indemnify, defend and hold harmless the Company from any claims.\n\n"
        "3. Liability. Our total liability shall not exceed $100.\n\n"
        "4. Changes. We may modify these Terms at any time without notice.\n\n"
        "5. Law. These Terms are governed by the laws of the State of New York.\n\n"
        "6. Arbitration. Any dispute will be resolved by binding arbitration.\n";
    put_str("scan", "terms.txt", text);
    put_str("scan", "terms.html", "<html><body><h1>Terms</h1><p>We may terminate your "
                                  "account at any time for any reason.</p></body></html>");
    zw w = {0};
    docx_full(&w, 8, 0);
    zw_finish(&w, 0);
    put_zip("scan", "full.docx", &w);
    put("scan", "binary.bin", "\x7f" "ELF\0\0\1", 7);
}

/* One WARC record holding `block`, appended to out (a buffer of cap). */
static size_t warc_record_seed(char *out, size_t cap, const char *type, const char *uri,
                               const char *block)
{
    return (size_t)snprintf(out, cap, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: <%s>\r\n"
                            "WARC-Date: 2024-05-01T12:00:00Z\r\nContent-Length: %zu\r\n\r\n%s\r\n\r\n",
                            type, uri, strlen(block), block);
}

static void warc_seeds(void)
{
    static const char page[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                               "<html><head><title>Terms of Use</title></head><body><p>The Service "
                               "is provided as is.</p></body></html>";
    static const char chunked[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n"
                                  "10\r\nYou will indemnif\r\n9\r\ny us now.\r\n0\r\n\r\n";
    char buf[4096];
    size_t n = warc_record_seed(buf, sizeof buf, "warcinfo", "", "software: seed\r\n");
    n += warc_record_seed(buf + n, sizeof buf - n, "response", "https://example.com/terms", page);
    n += warc_record_seed(buf + n, sizeof buf - n, "response", "https://example.com/a", chunked);
    put("warc", "crawl.warc", buf, n);
    put("warc", "truncated.warc", buf, n / 2);
    /* a gzip member of one stored (uncompressed) deflate block */
    static const unsigned char gz[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 6, 0, 0xf9, 0xff,
                                       'W', 'A', 'R', 'C', '/', '1', 0, 0, 0, 0, 6, 0, 0, 0};
    put("warc", "member.warc.gz", gz, sizeof gz);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mkseeds OUTDIR\n");
        return 2;
    }
    outdir = argv[1];
    if (mkdir(outdir, 0755) && errno != EEXIST) {
        perror(outdir);
        return 1;
    }
    text_seeds();
    html_seeds();
    package_seeds();
    rules_seeds();
    scan_seeds();
    warc_seeds();
    return 0;
}
