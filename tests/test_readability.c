/* test_readability.c - fineprint's counts against GNU style's.
 *
 * The syllable and sentence expectations below were measured by running
 * style (diction 1.11) on one-line probe texts; the last test runs style
 * itself on the extracted legal text of the project's corpora and, when
 * ../shared/data is present, of the AI-service terms there, and requires
 * agreement within 2 points of Flesch Reading Ease and 1 grade level. It
 * skips, saying why, when style is not installed. */
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <unistd.h>

#include "readability.h"
#include "result.h"

static unsigned syl(const char *w) { return fp_syllables(w, strlen(w)); }

static void test_syllables_follow_style(void **state)
{
    (void)state;
    /* vowel groups, y included */
    assert_int_equal(syl("agreement"), 3);
    assert_int_equal(syl("indemnification"), 6);
    assert_int_equal(syl("liability"), 3);
    assert_int_equal(syl("every"), 2);
    assert_int_equal(syl("warranty"), 2);
    /* a final vowel is silent, whatever the vowel */
    assert_int_equal(syl("the"), 1);
    assert_int_equal(syl("available"), 3);
    assert_int_equal(syl("camera"), 2);
    assert_int_equal(syl("area"), 1);
    /* so is a final "ed" */
    assert_int_equal(syl("provided"), 2);
    assert_int_equal(syl("created"), 1);
    assert_int_equal(syl("damages"), 3);
    /* capitals are not vowels: ALL CAPS words count one */
    assert_int_equal(syl("WARRANTY"), 1);
    assert_int_equal(syl("MERCHANTABILITY"), 1);
    assert_int_equal(syl("Agreement"), 2);
    /* at least one */
    assert_int_equal(syl("rhythm"), 1);
    assert_int_equal(syl("100"), 1);
}

static void measure(const char *text, fp_readability *r)
{
    fp_readability_measure(text, strlen(text), r);
}

static void test_sentences_follow_style(void **state)
{
    (void)state;
    fp_readability r;
    /* a sentence opens on a capital; a lower-case start is not counted */
    measure("The cat sat. the dog ran.", &r);
    assert_int_equal(r.sentences, 1);
    assert_int_equal(r.words, 3);
    /* a colon ends a sentence */
    measure("The cat: It sat.", &r);
    assert_int_equal(r.sentences, 2);
    /* a trailing fragment without a full stop is not counted */
    measure("The cat sat. The dog ran", &r);
    assert_int_equal(r.sentences, 1);
    /* a blank line does not end a sentence: a heading runs into it */
    measure("Heading\n\nThe cat sat.", &r);
    assert_int_equal(r.sentences, 1);
    assert_int_equal(r.words, 4);
    /* a full stop inside a word or before a bracket does not end one */
    measure("We pay $5.00 now (see the list.) The end.", &r);
    assert_int_equal(r.sentences, 1);
    /* words: hyphens join, "'s" joins, other apostrophes and slashes split */
    measure("The third-party user's e-mail didn't go to a/b.", &r);
    assert_int_equal(r.words, 10);
    /* long sentences are counted */
    char buf[1024] = "The";
    for (int i = 0; i < 41; i++)
        strcat(buf, " cat");
    strcat(buf, ". The end.");
    measure(buf, &r);
    assert_int_equal(r.sentences, 2);
    assert_int_equal(r.long_sentences, 1);
    assert_int_equal(r.longest, 42);
    assert_true(fabs(r.long_share - 0.5) < 1e-9);
}

static void test_legal_text_leaves_out_headings(void **state)
{
    (void)state;
    fp_doc *d = tu_doc_str("# Liability\n\nWe are not liable.\n\n- a list item without a stop\n",
                           FP_FORMAT_MARKDOWN);
    fp_buf b = {0};
    assert_int_equal(fp_readability_text(d, &b), FP_OK);
    assert_null(strstr(b.data, "Liability"));
    assert_non_null(strstr(b.data, "We are not liable.\n\n"));
    assert_non_null(strstr(b.data, "without a stop.\n\n"));
    fp_buf_free(&b);
    fp_doc_free(d);
}

/* ------------------------------------------------------- against style */

static int style_available(void)
{
    FILE *p = popen("command -v style 2>/dev/null", "r");
    if (!p)
        return 0;
    char line[256];
    int found = fgets(line, sizeof line, p) != NULL;
    pclose(p);
    return found;
}

/* Run style on a file; read its Flesch Index and Kincaid grade. */
static int run_style(const char *path, double *fre, double *fk)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "style '%s' 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[512];
    int got = 0;
    while (fgets(line, sizeof line, p)) {
        const char *k;
        if ((k = strstr(line, "Kincaid:")) && sscanf(k + 8, "%lf", fk) == 1)
            got |= 1;
        if ((k = strstr(line, "Flesch Index:")) && sscanf(k + 13, "%lf", fre) == 1)
            got |= 2;
    }
    pclose(p);
    return got == 3 ? 0 : -1;
}

typedef struct check_state {
    fp_scanner *sc;
    char tmp[64];
    int checked;
    double worst_fre, worst_fk;
} check_state;

static void compare_with_style(check_state *cs, const char *path)
{
    fp_result *res = NULL;
    fp_scan_file(cs->sc, path, FP_FORMAT_AUTO, &res);
    assert_non_null(res);
    if (fp_result_status(res) != FP_OK || !res->doc) {
        fp_result_free(res);
        return;
    }
    fp_buf text = {0};
    assert_int_equal(fp_readability_text(res->doc, &text), FP_OK);
    fp_readability r;
    fp_readability_measure(text.data ? text.data : "", text.len, &r);
    FILE *f = fopen(cs->tmp, "w");
    assert_non_null(f);
    fwrite(text.data ? text.data : "", 1, text.len, f);
    fclose(f);
    double fre = 0, fk = 0;
    if (r.words >= 100 && run_style(cs->tmp, &fre, &fk) == 0) {
        double dfre = fabs(fre - r.flesch), dfk = fabs(fk - r.kincaid);
        if (dfre > 2 || dfk > 1)
            fail_msg("%s: fineprint FRE %.1f grade %.1f, style FRE %.1f grade %.1f",
                     path, r.flesch, r.kincaid, fre, fk);
        cs->worst_fre = dfre > cs->worst_fre ? dfre : cs->worst_fre;
        cs->worst_fk = dfk > cs->worst_fk ? dfk : cs->worst_fk;
        cs->checked++;
    }
    fp_buf_free(&text);
    fp_result_free(res);
}

static void compare_directory(check_state *cs, const char *dir, const char *suffix,
                              int descend)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        fp_grow((void **)&names, &cap, n + 1, sizeof *names);
        names[n++] = fp_strdup(e->d_name);
    }
    closedir(dp);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s%s", dir, names[i], descend ? suffix : "");
        size_t len = strlen(path), sl = strlen(suffix);
        if ((descend || (len > sl && !strcmp(path + len - sl, suffix))) &&
            access(path, R_OK) == 0)
            compare_with_style(cs, path);
        free(names[i]);
    }
    free(names);
}

static void test_agrees_with_gnu_style(void **state)
{
    (void)state;
    if (!style_available()) {
        fprintf(stderr, "SKIP: GNU style (Debian package diction) is not installed; "
                        "tools/deps.sh installs it\n");
        skip();
    }
    fp_rules *rules = NULL;
    char err[256];
    assert_int_equal(fp_rules_load_builtin(0, &rules, err, sizeof err), FP_OK);
    check_state cs = {0};
    assert_int_equal(fp_scanner_new(rules, NULL, &cs.sc), FP_OK);
    snprintf(cs.tmp, sizeof cs.tmp, "/tmp/fp-style-%ld.txt", (long)getpid());
    compare_directory(&cs, "corpora", ".md", 0);
    int own = cs.checked;
    const char *shared = "../shared/data/ota-genai/markdown";
    if (access(shared, R_OK) == 0)
        compare_directory(&cs, shared, "/Terms of Service.md", 1);
    else
        fprintf(stderr, "note: %s absent; only the project's corpora were checked\n", shared);
    fprintf(stderr, "style agreement: %d documents (%d of them ours), largest difference "
                    "FRE %.2f, grade %.2f\n", cs.checked, own, cs.worst_fre, cs.worst_fk);
    assert_true(own >= 1);
    unlink(cs.tmp);
    fp_scanner_free(cs.sc);
    fp_rules_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syllables_follow_style),
        cmocka_unit_test(test_sentences_follow_style),
        cmocka_unit_test(test_legal_text_leaves_out_headings),
        cmocka_unit_test(test_agrees_with_gnu_style),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
