/* test_zip.c - the zip reader against well-formed and hostile archives. */
#define _GNU_SOURCE /* memmem */
#include "testutil.h"
#include "zip.h"
#include "zipwriter.h"

#define MIB (1024u * 1024u)

typedef struct opened {
    fp_doc *d;
    fp_zip z;
    fp_status st;
} opened;

static void open_archive(opened *o, zw *w, uint64_t entries, uint64_t part, uint64_t doc)
{
    assert_false(w->failed);
    fp_zip_limits lim = {entries, part, doc};
    o->d = fp_doc_new("t.zip", 1u << 20);
    assert_non_null(o->d);
    o->st = fp_zip_open(&o->z, o->d, w->data, w->len, &lim);
}

static void close_archive(opened *o, zw *w)
{
    fp_zip_close(&o->z);
    fp_doc_free(o->d);
    zw_free(w);
}

/* Read one entry; returns its status, the doc's message in o->d. */
static fp_status read_entry(opened *o, const char *name, char **text)
{
    const fp_zip_entry *e = fp_zip_find(&o->z, name);
    assert_non_null(e);
    unsigned char *out = NULL;
    size_t len = 0;
    fp_status st = fp_zip_read(&o->z, o->d, e, &out, &len);
    if (text)
        *text = (char *)out;
    else
        free(out);
    return st;
}

static void assert_message(const opened *o, const char *needle)
{
    if (!strstr(o->d->errmsg.data ? o->d->errmsg.data : "", needle))
        fail_msg("message '%s' lacks '%s'", o->d->errmsg.data, needle);
}

static void test_roundtrip(void **state)
{
    (void)state;
    zw w = {0};
    zw_add(&w, "word/document.xml", "<stored/>", 0);
    zw_add(&w, "word/styles.xml", "deflated text deflated text deflated", 8);
    zw_opts dd = {.method = 8, .descriptor = 1};
    zw_add_ex(&w, "word/footnotes.xml", "with a data descriptor", 22, &dd);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(o.st, FP_OK);
    assert_int_equal(o.z.count, 3);
    char *t;
    assert_int_equal(read_entry(&o, "/WORD/Document.xml", &t), FP_OK);
    assert_string_equal(t, "<stored/>");
    free(t);
    assert_int_equal(read_entry(&o, "word/styles.xml", &t), FP_OK);
    assert_string_equal(t, "deflated text deflated text deflated");
    free(t);
    assert_int_equal(read_entry(&o, "word/footnotes.xml", &t), FP_OK);
    assert_string_equal(t, "with a data descriptor");
    free(t);
    assert_null(fp_zip_find(&o.z, "word/missing.xml"));
    close_archive(&o, &w);
}

static void test_dotdot_names_do_not_alias(void **state)
{
    (void)state;
    zw w = {0};
    zw_add(&w, "../word/document.xml", "evil", 0);
    zw_add(&w, "/etc/passwd", "absolute", 0);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(o.st, FP_OK);
    assert_null(fp_zip_find(&o.z, "word/document.xml"));
    assert_non_null(fp_zip_find(&o.z, "etc/passwd"));
    close_archive(&o, &w);
}

static void test_duplicate_and_nul_names(void **state)
{
    (void)state;
    zw w = {0};
    zw_add(&w, "word/document.xml", "one", 0);
    zw_add(&w, "Word/Document.xml", "two", 0);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(o.st, FP_ERR_CORRUPT);
    assert_message(&o, "two entries named");
    close_archive(&o, &w);

    zw w2 = {0};
    zw_add(&w2, "word/document.xml", "real", 0);
    zw_finish(&w2, 0);
    /* turn the central name into "word\0document.xml" */
    unsigned char *cd_name = memmem(w2.data + w2.len / 2, w2.len - w2.len / 2,
                                    "word/document.xml", 17);
    assert_non_null(cd_name);
    cd_name[4] = 0;
    open_archive(&o, &w2, 100, MIB, MIB);
    assert_int_equal(o.st, FP_ERR_CORRUPT);
    assert_message(&o, "NUL byte in its name");
    close_archive(&o, &w2);
}

static void test_comment_holding_signature(void **state)
{
    (void)state;
    zw w = {0};
    zw_add(&w, "a.xml", "content", 0);
    zw_finish(&w, 0);
    /* append a comment that contains a fake end record */
    static const unsigned char fake[22] = {'P', 'K', 5, 6, 0, 0, 0, 0, 9, 0, 9, 0,
                                           0, 0, 0, 0, 0, 0, 0, 0, 5, 0};
    w.data[w.len - 2] = sizeof fake;
    zw_put(&w, fake, sizeof fake);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(o.st, FP_OK);
    assert_non_null(fp_zip_find(&o.z, "a.xml"));
    close_archive(&o, &w);
}

static void test_bad_crc(void **state)
{
    (void)state;
    zw w = {0};
    zw_opts bad = {.method = 8, .crc_xor = 0x1234};
    zw_add_ex(&w, "word/document.xml", "some text", 9, &bad);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(o.st, FP_OK);
    assert_int_equal(read_entry(&o, "word/document.xml", NULL), FP_ERR_CORRUPT);
    assert_message(&o, "word/document.xml: CRC mismatch");
    close_archive(&o, &w);
}

static void test_overlap_bomb(void **state)
{
    (void)state;
    zw w = {0};
    zw_add(&w, "word/document.xml", "shared bytes", 8);
    zw_alias(&w, "word/header1.xml", 0);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(o.st, FP_ERR_CORRUPT);
    assert_message(&o, "entries overlap");
    assert_message(&o, "zip bomb");
    close_archive(&o, &w);
}

/* Declared 100 bytes, inflates to 8 MiB: stops at the declared size. */
static void test_declared_tiny_inflates_huge(void **state)
{
    (void)state;
    zw w = {0};
    zw_opts lie = {.method = 8, .lie_usize = 1, .usize = 100};
    zw_add_ex(&w, "word/document.xml", NULL, 8 * MIB, &lie);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, 64ull * MIB, 256ull * MIB);
    assert_int_equal(o.st, FP_OK);
    assert_int_equal(read_entry(&o, "word/document.xml", NULL), FP_ERR_CORRUPT);
    assert_message(&o, "word/document.xml inflates past its declared size");
    assert_true(o.z.inflated <= 100);
    close_archive(&o, &w);
}

/* Declared huge: the part limit stops it, never the declared size. */
static void test_part_limit(void **state)
{
    (void)state;
    zw w = {0};
    zw_opts lie = {.method = 8, .lie_usize = 1, .usize = 0xF0000000u};
    zw_add_ex(&w, "word/document.xml", NULL, 8 * MIB, &lie);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, 256ull * MIB);
    assert_int_equal(read_entry(&o, "word/document.xml", NULL), FP_ERR_LIMIT);
    assert_message(&o, "word/document.xml inflates past the inflated-part-bytes limit (1 MiB)");
    close_archive(&o, &w);
}

static void test_document_limit(void **state)
{
    (void)state;
    zw w = {0};
    zw_opts o8 = {.method = 8};
    zw_add_ex(&w, "a.xml", NULL, 700 * 1024, &o8);
    zw_add_ex(&w, "b.xml", NULL, 700 * 1024, &o8);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(read_entry(&o, "a.xml", NULL), FP_OK);
    assert_int_equal(read_entry(&o, "b.xml", NULL), FP_ERR_LIMIT);
    assert_message(&o, "b.xml inflates past the inflated-doc-bytes limit");
    close_archive(&o, &w);
}

static void test_entry_cap(void **state)
{
    (void)state;
    zw w = {0};
    for (int i = 0; i < 100000; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%d", i);
        zw_add(&w, name, "", 0);
    }
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 10000, MIB, MIB);
    assert_int_equal(o.st, FP_ERR_LIMIT);
    assert_message(&o, "zip-entries limit (10000)");
    assert_int_equal(o.z.count, 0);
    close_archive(&o, &w);
}

static void test_encrypted(void **state)
{
    (void)state;
    zw w = {0};
    zw_opts enc = {.method = 0, .flags = 1};
    zw_add_ex(&w, "word/document.xml", "ciphertext", 10, &enc);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(o.st, FP_ERR_ENCRYPTED);
    assert_message(&o, "word/document.xml: entry is encrypted");
    close_archive(&o, &w);
}

static void test_unsupported_method_and_zip64(void **state)
{
    (void)state;
    zw w = {0};
    zw_opts bz = {.method = 12};
    zw_add_ex(&w, "word/document.xml", "bzip2?", 6, &bz);
    zw_finish(&w, 0);
    opened o;
    open_archive(&o, &w, 100, MIB, MIB);
    assert_int_equal(o.st, FP_ERR_UNSUPPORTED);
    assert_message(&o, "word/document.xml: compression method 12");
    close_archive(&o, &w);

    zw w2 = {0};
    zw_add(&w2, "a", "b", 0);
    zw_finish(&w2, 1);
    open_archive(&o, &w2, 100, MIB, MIB);
    assert_int_equal(o.st, FP_ERR_UNSUPPORTED);
    assert_message(&o, "zip64");
    close_archive(&o, &w2);
}

/* Every prefix of a valid archive fails cleanly (no crash, no success
 * pretending the archive was whole). */
static void test_truncated(void **state)
{
    (void)state;
    zw w = {0};
    zw_add(&w, "word/document.xml", "<w:document>text text text</w:document>", 8);
    zw_add(&w, "[Content_Types].xml", "<Types/>", 0);
    zw_finish(&w, 0);
    for (size_t cut = 0; cut < w.len; cut++) {
        fp_zip_limits lim = {100, MIB, MIB};
        fp_doc *d = fp_doc_new("t.zip", 1u << 20);
        fp_zip z;
        fp_status st = fp_zip_open(&z, d, w.data, cut, &lim);
        if (st == FP_OK)
            fail_msg("prefix of %zu/%zu bytes opened", cut, w.len);
        assert_true(d->errmsg.len > 0);
        fp_zip_close(&z);
        fp_doc_free(d);
    }
    zw_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_dotdot_names_do_not_alias),
        cmocka_unit_test(test_duplicate_and_nul_names),
        cmocka_unit_test(test_comment_holding_signature),
        cmocka_unit_test(test_bad_crc),
        cmocka_unit_test(test_overlap_bomb),
        cmocka_unit_test(test_declared_tiny_inflates_huge),
        cmocka_unit_test(test_part_limit),
        cmocka_unit_test(test_document_limit),
        cmocka_unit_test(test_entry_cap),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_unsupported_method_and_zip64),
        cmocka_unit_test(test_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
