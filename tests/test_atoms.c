/* test_atoms.c - the conditions derived from patterns (atoms.c): what
 * they are for hand-written patterns, that syntax the parser does not model
 * yields no condition, that a condition never rejects a text its pattern
 * matches (random patterns against random texts), and the facts about the
 * text and PCRE2 that soundness rests on. */
#include "testutil.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "atoms.h"
#include "rules.h"
#include "utf.h"

/* The condition of a pattern, as text ("TRUE" for none). */
static char *cond_of(const char *pattern)
{
    fp_atomtab tab = {0};
    fp_cond c;
    assert_int_equal(fp_atoms_derive(pattern, &tab, &c), FP_OK);
    fp_buf b = {0};
    assert_int_equal(fp_cond_format(&c, &tab, &b), FP_OK);
    fp_cond_free(&c);
    fp_atomtab_free(&tab);
    return fp_buf_steal(&b);
}

static void expect(const char *pattern, const char *want)
{
    char *got = cond_of(pattern);
    if (strcmp(got, want))
        fail_msg("pattern %s\n  want %s\n  got  %s", pattern, want, got);
    free(got);
}

static void test_literals_and_words(void **state)
{
    (void)state;
    expect("\\bwith\\s+all\\s+faults\\b", "\"with all faults\"");
    expect("with all faults", "\"with all faults\"");
    expect("AS IS", "\"as is\"");                     /* lower case */
    expect("U\\.S\\. law", "\"u.s. law\"");           /* escaped punctuation */
    expect("\\bby\\b", "TRUE");                       /* too short to filter */
    expect("\\s+of\\s+", "TRUE");                    /* spaces do not count */
    expect("foo\\s*bar", "OR(\"foo bar\", \"foobar\")");
    expect("(?:the\\s+)?company", "\"company\"");     /* "the company" holds it */
    expect("licen[cs]es?", "OR(\"licence\", \"license\")");
    expect("as[\\s-]is", "OR(\"as is\", \"as-is\")");
    expect("(?<party>we|you)\\s+agree", "OR(\"we agree\", \"you agree\")");
    expect("[Tt]erms", "\"terms\"");
}

static void test_structure(void **state)
{
    (void)state;
    expect("\\bterminate\\b(?=(?:[^.;]|\\.(?=\\S)){0,100}?\\baccount\\b)",
           "AND(\"terminate\", \"account\")");
    expect("\\b(?:may|can)\\s+terminate\\b[^.]{0,80}\\baccounts?\\b",
           "AND(\"account\", OR(\"can terminate\", \"may terminate\"))"); /* small first */
    expect("\\bfoo(?!bar)baz", "\"foobaz\"");           /* zero width */
    expect("(?<!without\\s)notice", "\"notice\"");
    expect("(?<=\\bnot\\s)liable", "AND(\"not \", \"liable\")");
    expect("alpha|beta", "OR(\"alpha\", \"beta\")");
    expect("alpha|\\w+", "TRUE");                        /* one branch is free */
    expect("alpha|be", "TRUE");
    expect("(?:abc){2}", "\"abcabc\"");
    expect("(?:abc)+x", "\"abc\"");
    expect("(?:abc)*def", "\"def\"");
    expect("(?:abc)?def", "\"def\"");                 /* "abcdef" holds "def" */
    expect("(?:abc)?d", "TRUE");                       /* "d" alone is too short */
    expect("(?:abc){0}def", "\"def\"");
    expect("(?:alpha|beta){1,3}", "OR(\"alpha\", \"beta\")");
    expect("(?:abc|xyz)\\w+(?:def|uvw)", "AND(OR(\"abc\", \"xyz\"), OR(\"def\", \"uvw\"))");
    expect("a{2,}bcd", "\"bcd\"");
    /* an AND member made of the commonest words filters nothing: dropped */
    expect("\\b(?:the|its|our)\\s+(?:\\w+\\s+)?licen[cs]e\\b", "OR(\"licence\", \"license\")");
    expect("\\bthe\\s+\\w+\\s+fee\\b", "\" fee\"");
    expect("\\bthe\\s+\\w+\\s+such\\b", "TRUE");
    expect("(?i)Hello(?-i:World)", "\"helloworld\"");
    expect("(?i:Hello)\\s+(?>World)", "\"hello world\"");
    expect("(?#note)hello", "\"hello\"");
    expect("(\\w+)\\s+\\1\\s+again", "\" again\"");        /* a back reference: anything */
    expect("^\\s*(?:\\(?[a-z0-9]{1,4}[.)]\\s*)?where\\b", "\"where\"");
}

/* Exact sets grow by product while small; past that the pieces are ANDed,
 * and long strings are cut to a prefix. */
static void test_limits(void **state)
{
    (void)state;
    /* 9 x 9 = 81 strings: too many, so two OR-sets */
    char *got = cond_of("(?:aa1|aa2|aa3|aa4|aa5|aa6|aa7|aa8|aa9)x"
                        "(?:bb1|bb2|bb3|bb4|bb5|bb6|bb7|bb8|bb9)");
    assert_string_equal(got, "AND(OR(\"aa1x\", \"aa2x\", \"aa3x\", \"aa4x\", \"aa5x\", "
                             "\"aa6x\", \"aa7x\", \"aa8x\", \"aa9x\"), OR(\"bb1\", \"bb2\", "
                             "\"bb3\", \"bb4\", \"bb5\", \"bb6\", \"bb7\", \"bb8\", \"bb9\"))");
    free(got);
    expect("the quick brown fox jumps over the lazy dog", "\"the quick brown \"");
    expect("(?:" "aaa|bbb|ccc|ddd|eee|fff|ggg|hhh|iii|jjj|kkk|lll|mmm|nnn|ooo|ppp|"
           "qqq|rrr|sss|ttt|uuu|vvv|www|xxx|yyy|zzz" ")",
           "OR(\"aaa\", \"bbb\", \"ccc\", \"ddd\", \"eee\", \"fff\", \"ggg\", \"hhh\", "
           "\"iii\", \"jjj\", \"kkk\", \"lll\", \"mmm\", \"nnn\", \"ooo\", \"ppp\", "
           "\"qqq\", \"rrr\", \"sss\", \"ttt\", \"uuu\", \"vvv\", \"www\", \"xxx\", "
           "\"yyy\", \"zzz\")");
}

/* Characters: non-ASCII is kept only from General Punctuation, which has
 * no case forms; other letters (PCRE2 matches them caselessly to other
 * code points) and wide classes constrain nothing. */
static void test_characters(void **state)
{
    (void)state;
    expect("won\\x{2019}t", "\"won\xe2\x80\x99t\"");
    expect("won['\\x{2019}]t", "OR(\"won't\", \"won\xe2\x80\x99t\")");
    expect("won\xe2\x80\x99t", "\"won\xe2\x80\x99t\"");  /* raw UTF-8 */
    expect("caf\\x{e9}s", "\"caf\"");
    expect("caf\xc3\xa9s", "\"caf\"");
    expect("\\x41BC", "\"abc\"");
    expect("\\o{101}BC", "\"abc\"");
    expect("[a-z]bcd", "\"bcd\"");                      /* 26 members: anything */
    expect("[^a]bcd", "\"bcd\"");
    expect("[[:alpha:]]bcd", "\"bcd\"");
    expect("[\\d]bcd", "\"bcd\"");
    expect("[a-c]xy", "OR(\"axy\", \"bxy\", \"cxy\")");
    expect("[]a]xy", "OR(\"]xy\", \"axy\")");
    expect("\\$\\s?\\d+ dollars", "\" dollars\"");
    expect("\\p{Lu}abc\\P{L}", "\"abc\"");
    expect("\\Nabc\\Rdef", "AND(\"abc\", \"def\")");
}

/* Syntax the parser does not model drops the whole condition. */
static void test_unmodelled_syntax_gives_none(void **state)
{
    (void)state;
    const char *none[] = {
        "(?x) hello world", "(?ix:hello) world", "\\Qhello\\E world",
        "(?(1)hello|world)", "(*UTF)hello world", "(?C1)hello world",
        "hello{world", "hello{,3}", "hello)", "(hello", "[hello", "hello\\",
        "\\N{U+41}hello", "(?P<n>hello)(?P=n)", "hello\\qworld", "[\\Qa\\E]bc",
        "[[.a.]]bcd", "\\ghello", "(?<name", "\\x{110000}abc", "\\o{8}abc",
    };
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        char *got = cond_of(none[i]);
        if (strcmp(got, "TRUE") && !(i == 13 && strstr(got, "hello")))
            fail_msg("pattern %s: want TRUE, got %s", none[i], got);
        free(got);
    }
    /* references and recursion are "anything", not a reason to give up */
    expect("hello(?1)world", "AND(\"hello\", \"world\")");
    expect("hello\\k<x>world", "AND(\"hello\", \"world\")");
    expect("hello\\g{-1}world", "AND(\"hello\", \"world\")");
}

/* -------------------------------------------------- random soundness */

static uint64_t rng = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *pieces[] = {
    "abc", "ab", "bca", "cab", "Abc", "x", "xyz", "\\s+", "\\s*", "\\s", " ",
    "[ab]", "[^a]", "\\b", "\\w+", ".", "[\\s-]", "\\x{2019}", "'", "\\.", ".",
};

static void gen_pattern(fp_buf *b, int depth)
{
    unsigned n = 1 + rnd(4);
    for (unsigned i = 0; i < n; i++) {
        unsigned k = rnd(depth > 2 ? 10 : 14);
        if (k < 9) {
            fp_buf_puts(b, pieces[rnd(sizeof pieces / sizeof *pieces)]);
        } else if (k == 9) {
            fp_buf_puts(b, "abc");
        } else {
            static const char *open[] = {"(?:", "(?=", "(?!", "(?<name>"};
            fp_buf_puts(b, open[k - 10]);
            gen_pattern(b, depth + 1);
            if (rnd(2)) {
                fp_buf_putc(b, '|');
                gen_pattern(b, depth + 1);
            }
            fp_buf_putc(b, ')');
        }
        static const char *quant[] = {"", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,3}"};
        if (k >= 10 || rnd(3) == 0)
            fp_buf_puts(b, quant[rnd(sizeof quant / sizeof *quant)]);
    }
}

/* Normalised-looking text: words from the pieces' alphabet, single spaces,
 * mixed case, the odd right quote. */
static void gen_text(char *out, size_t cap)
{
    static const char *words[] = {"abc", "ab", "Bca", "cab", "x", "XYZ", "a-b",
                                  "c.", "won't", "won\xe2\x80\x99t", "abcabc"};
    size_t n = 0, nw = 1 + rnd(6);
    out[0] = '\0';
    for (size_t i = 0; i < nw; i++) {
        const char *w = words[rnd(sizeof words / sizeof *words)];
        if (n + strlen(w) + 2 >= cap)
            break;
        if (i)
            out[n++] = ' ';
        memcpy(out + n, w, strlen(w) + 1);
        n += strlen(w);
    }
}

static int cond_admits(const fp_cond *c, const fp_atomtab *tab, const char *text)
{
    char folded[256];
    size_t n = strlen(text);
    for (size_t i = 0; i <= n; i++)
        folded[i] = (char)fp_ascii_lower((unsigned char)text[i]);
    uint64_t bits[64] = {0};
    assert_true(tab->atoms.count <= 64 * 64);
    for (size_t a = 0; a < tab->atoms.count; a++)
        if (strstr(folded, tab->atoms.items[a]))
            bits[a / 64] |= (uint64_t)1 << (a % 64);
    return fp_cond_holds(c, bits);
}

/* Every text a random pattern matches (caseless, UTF, as rules compile)
 * must pass its condition; and the conditions must not all be empty. */
static void test_random_patterns_never_reject_a_match(void **state)
{
    (void)state;
    size_t matched = 0, constrained = 0;
    for (int round = 0; round < 3000; round++) {
        fp_buf pat = {0};
        gen_pattern(&pat, 0);
        int code;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat.data, PCRE2_ZERO_TERMINATED,
                                       PCRE2_CASELESS | PCRE2_UTF | PCRE2_DUPNAMES,
                                       &code, &off, NULL);
        if (!re) {
            fp_buf_free(&pat);
            continue;
        }
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        fp_atomtab tab = {0};
        fp_cond c;
        assert_int_equal(fp_atoms_derive(pat.data, &tab, &c), FP_OK);
        constrained += c.count > 0;
        for (int t = 0; t < 40; t++) {
            char text[256];
            gen_text(text, sizeof text);
            if (pcre2_match(re, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) < 0)
                continue;
            matched++;
            if (!cond_admits(&c, &tab, text)) {
                fp_buf f = {0};
                fp_cond_format(&c, &tab, &f);
                fail_msg("pattern %s matches \"%s\" but its condition %s rejects it",
                         pat.data, text, f.data);
            }
        }
        fp_cond_free(&c);
        fp_atomtab_free(&tab);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        fp_buf_free(&pat);
    }

    assert_true(matched > 1000);
    assert_true(constrained > 300);
}

/* ------------------------------------------------- the ground it stands on */

static int matches_cp(pcre2_code *re, pcre2_match_data *md, uint32_t cp)
{
    char buf[4];
    size_t n = fp_utf8_encode(cp, buf);
    return pcre2_match(re, (PCRE2_SPTR)buf, n, 0, 0, md, NULL) >= 0;
}

static pcre2_code *caseless(const char *pattern)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_CASELESS | PCRE2_UTF, &code, &off, NULL);
    assert_non_null(re);
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* Caseless UTF matching folds exactly two non-ASCII characters onto ASCII
 * letters (fp_atoms_text_ok looks for them), and none onto or within
 * General Punctuation (atoms keep those characters as they are). */
static void test_pcre2_caseless_folding_is_as_assumed(void **state)
{
    (void)state;
    pcre2_code *ascii = caseless("[a-z]");
    pcre2_code *punct = caseless("[\\x{2000}-\\x{206F}]");
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    for (uint32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        if (matches_cp(ascii, md, cp))
            assert_true(cp == 0x17F || cp == 0x212A);
        assert_int_equal(matches_cp(punct, md, cp), cp >= 0x2000 && cp <= 0x206F);
    }
    for (uint32_t a = 0x2000; a <= 0x206F; a++) {
        char pat[16];
        snprintf(pat, sizeof pat, "\\x{%x}", (unsigned)a);
        pcre2_code *one = caseless(pat);
        for (uint32_t b = 0x2000; b <= 0x206F; b++)
            assert_int_equal(matches_cp(one, md, b), a == b);
        pcre2_code_free(one);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(ascii);
    pcre2_code_free(punct);
}

static void test_text_check(void **state)
{
    (void)state;
    char buf[64];
    const char *bad[] = {"a  b", "a\tb", "a\rb", "a\x0b" "b", "di\xc5\xbf" "claim",
                         "\xe2\x84\xaa" "elvin"};
    for (size_t at = 0; at < 20; at++) { /* every alignment of the 8-byte scan */
        memset(buf, 'x', at);
        strcpy(buf + at, "a b won\xe2\x80\x99t. c d\n");
        assert_true(fp_atoms_text_ok(buf, strlen(buf), 1));
        assert_false(fp_atoms_text_ok(buf, strlen(buf), 2));
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            memset(buf, 'x', at);
            snprintf(buf + at, sizeof buf - at, "%s yy\n", bad[i]);
            assert_false(fp_atoms_text_ok(buf, strlen(buf), 1));
        }
    }
    assert_true(fp_atoms_text_ok("", 0, 0));
}

/* The normaliser keeps the promise for awkward white space. */
static void test_normalised_text_keeps_the_promise(void **state)
{
    (void)state;
    const char *src = "One \t two\xc2\xa0\xc2\xa0three\r\n four \xe2\x80\x8b five\n\n"
                      "  six\xe2\x80\x83seven \xe2\x80\xa8 eight  \n\n\tnine   ten\n";
    fp_doc *d = tu_doc("ws.txt", src, strlen(src), FP_FORMAT_TEXT, FP_OK);
    assert_true(fp_atoms_text_ok(d->text.data, d->text.len, d->npara));
    fp_doc_free(d);
}

/* U+017F in a document: PCRE2 matches it for 's', the folded text does
 * not hold "s", so that document runs without the atom filter. */
static void test_long_s_document_still_matches(void **state)
{
    (void)state;
    fp_rules *rules = tu_rules(
        "[t.disclaim]\ncategory = as_is\nbears = user\nseverity = low\n"
        "require = claim\npattern = \\bdisclaims\\s+all\\s+warranties\\b\n"
        "explain = test\nmatch = The provider disclaims all warranties.\n"
        "nomatch = The provider gives warranties.\n");
    assert_int_equal(rules->rules[0].cond.count > 0, 1);
    const char *text = "The provider di\xc5\xbf" "claims all warranties.\n";
    fp_scanner *sc = NULL;
    assert_int_equal(fp_scanner_new(rules, NULL, &sc), FP_OK);
    fp_result *res = NULL;
    assert_int_equal(fp_scan_memory(sc, "s.txt", text, strlen(text), FP_FORMAT_TEXT, &res),
                     FP_OK);
    assert_int_equal(fp_result_finding_count(res), 1);
    fp_result_free(res);
    fp_scanner_free(sc);
    fp_rules_free(rules);
}

/* The built-in rules: nearly all get a condition, and FP_RULES_NO_ATOMS
 * gives none. */
/* Does the pattern's whole condition imply one of the `|`-separated
 * literals? On "no", the witness (the way around them) must be `way`. */
static void expect_implies(const char *pattern, const char *literals, int want,
                           const char *way)
{
    fp_atomtab tab = {0};
    fp_cond c;
    fp_strlist lits = {0};
    fp_buf witness = {0};
    char *copy = fp_strdup(literals);
    for (char *t = strtok(copy, "|"); t; t = strtok(NULL, "|"))
        assert_int_equal(fp_strlist_add(&lits, t), FP_OK);
    assert_int_equal(fp_atoms_derive_whole(pattern, &tab, &c), FP_OK);
    int got = fp_cond_implies_any(&c, &tab, &lits, &witness);
    if (got != want || (way && strcmp(witness.data ? witness.data : "", way)))
        fail_msg("pattern %s, literals %s: want %d (%s), got %d (%s)", pattern,
                 literals, want, way ? way : "", got, witness.data ? witness.data : "");
    fp_buf_free(&witness);
    fp_strlist_free(&lits);
    fp_cond_free(&c);
    fp_atomtab_free(&tab);
    free(copy);
}

static void test_require_lint(void **state)
{
    (void)state;
    /* "hold harmless" is not in "hold the Customer harmless" */
    expect_implies("\\b(?:indemnify|hold\\s+\\w+\\s+harmless)\\b", "indemnif|hold harmless",
                   0, "AND(\"hold \", \" harmless\")");
    expect_implies("\\b(?:indemnify|hold\\s+\\w+\\s+harmless)\\b", "indemnif|harmless", 1, NULL);
    /* a literal inside a longer word or phrase counts; every branch needs one */
    expect_implies("\\bliabilit(?:y|ies)\\s+(?:is|are)\\s+excluded", "liabilit", 1, NULL);
    expect_implies("\\bliabilit(?:y|ies)\\s+(?:is|are)\\s+excluded", "liability", 0, NULL);
    expect_implies("\\b(?:sole|only)\\s+(?:remedy|recourse)\\b", "remedy", 0, NULL);
    /* long phrases are not cut, short words are kept */
    expect_implies("under\\s+no\\s+circumstances\\s+whatsoever", "circumstances whatsoever", 1, NULL);
    expect_implies("\\bby\\s+using\\b", "by", 1, NULL);
    /* no condition at all proves nothing */
    expect_implies("(?<!x)\\w+", "foo", 0, NULL);
}

static void test_builtin_rules_get_conditions(void **state)
{
    (void)state;
    char err[256];
    fp_rules *on = NULL, *off = NULL;
    assert_int_equal(fp_rules_load_builtin(0, &on, err, sizeof err), FP_OK);
    assert_int_equal(fp_rules_load_builtin(FP_RULES_NO_ATOMS, &off, err, sizeof err), FP_OK);
    size_t with = 0;
    for (size_t i = 0; i < on->count; i++) {
        with += on->rules[i].cond.count > 0;
        assert_int_equal(off->rules[i].cond.count, 0);
    }
    assert_true(with * 10 >= on->count * 8);
    assert_int_equal(off->atoms.atoms.count, 0);
    for (size_t i = 0; i < fp_rules_warning_count(on); i++)
        assert_null(strstr(fp_rules_warning(on, i), "condition derived"));
    fp_rules_free(on);
    fp_rules_free(off);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_and_words),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_characters),
        cmocka_unit_test(test_unmodelled_syntax_gives_none),
        cmocka_unit_test(test_random_patterns_never_reject_a_match),
        cmocka_unit_test(test_pcre2_caseless_folding_is_as_assumed),
        cmocka_unit_test(test_text_check),
        cmocka_unit_test(test_normalised_text_keeps_the_promise),
        cmocka_unit_test(test_long_s_document_still_matches),
        cmocka_unit_test(test_builtin_rules_get_conditions),
        cmocka_unit_test(test_require_lint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
