/* walk.c - turn the command line's files, directories and file lists into
 * a sequence of inputs, in a deterministic (sorted) order.
 *
 * Directories are followed through symbolic links, but a directory already
 * on the current path (same device and inode) is not entered again, so a
 * link loop ends the descent instead of the walk. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "warc.h"

int strvec_push(strvec *v, const char *s)
{
    if (v->count == v->cap) {
        size_t n = v->cap ? v->cap * 2 : 8;
        char **p = realloc(v->items, n * sizeof *p);
        if (!p)
            return -1;
        v->items = p;
        v->cap = n;
    }
    char *copy = strdup(s);
    if (!copy)
        return -1;
    v->items[v->count++] = copy;
    return 0;
}

void strvec_free(strvec *v)
{
    for (size_t i = 0; i < v->count; i++)
        free(v->items[i]);
    free(v->items);
    memset(v, 0, sizeof *v);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int any_glob(const strvec *globs, const char *path)
{
    const char *base = base_name(path);
    for (size_t i = 0; i < globs->count; i++)
        if (!fnmatch(globs->items[i], base, 0) || !fnmatch(globs->items[i], path, 0))
            return 1;
    return 0;
}

static int known_document(const char *path)
{
    static const char *const ext[] = {".txt", ".md", ".markdown", ".html",
                                      ".htm", ".docx", ".odt", ".warc", NULL};
    if (warc_is_warc(path, 0))
        return 1; /* .warc.gz has two dots */
    const char *dot = strrchr(base_name(path), '.');
    for (int i = 0; dot && ext[i]; i++)
        if (!strcasecmp(dot, ext[i]))
            return 1;
    return 0;
}

int input_selected(const cli *c, const char *path, int explicit_arg)
{
    if (explicit_arg)
        return 1;
    if (any_glob(&c->exclude, path))
        return 0;
    return c->include.count ? any_glob(&c->include, path) : known_document(path);
}

int looks_binary(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0; /* let the scan report why it cannot be read */
    unsigned char head[4096];
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    if (n >= 4 && !memcmp(head, "PK\x03\x04", 4))
        return 0; /* DOCX, ODT: a zip is binary by nature */
    if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        return 0; /* UTF-16 with a byte-order mark */
    return n > 0 && memchr(head, 0, (size_t)n) != NULL;
}

typedef struct ancestor {
    dev_t dev;
    ino_t ino;
    const struct ancestor *up;
} ancestor;

typedef struct walker {
    const cli *c;
    input_fn emit;
    void *ctx;
    long errors, emitted;
    int stop, report;
} walker;

static void walk_error(walker *w, const char *path, const char *what)
{
    if (w->report)
        fprintf(stderr, "fineprint: %s: %s\n", path, what);
    w->errors++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void walk_path(walker *w, const char *path, const ancestor *up, int explicit_arg);

static void walk_dir(walker *w, const char *path, const struct stat *sb,
                     const ancestor *up)
{
    for (const ancestor *a = up; a; a = a->up)
        if (a->dev == sb->st_dev && a->ino == sb->st_ino)
            return; /* a link back up the tree: already being walked */
    ancestor here = {sb->st_dev, sb->st_ino, up};
    struct dirent **names = NULL;
    int n = scandir(path, &names, NULL, by_name);
    if (n < 0) {
        walk_error(w, path, strerror(errno));
        return;
    }
    size_t plen = strlen(path);
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        int skip = !strcmp(name, ".") || !strcmp(name, "..") ||
                   (name[0] == '.' && !w->c->hidden) || w->stop;
        char *child = skip ? NULL : malloc(plen + strlen(name) + 2);
        if (!skip && !child)
            walk_error(w, path, "out of memory");
        if (child) {
            sprintf(child, "%s%s%s", path, plen && path[plen - 1] == '/' ? "" : "/", name);
            walk_path(w, child, &here, 0);
            free(child);
        }
        free(names[i]);
    }
    free(names);
}

static void walk_path(walker *w, const char *path, const ancestor *up, int explicit_arg)
{
    struct stat sb;
    if (!strcmp(path, "-") && explicit_arg) {
        if (w->emit(w->ctx, path, 0))
            w->stop = 1;
        return;
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        long before = w->emitted;
        walk_dir(w, path, &sb, up);
        /* a directory the user named that yields nothing is most likely
         * the wrong one: say so for it, even when other inputs had files */
        if (explicit_arg && w->emitted == before && !w->stop)
            walk_error(w, path, "is a directory holding no documents to scan "
                                "(searched for .txt .md .markdown .html .htm "
                                ".docx .odt .warc .warc.gz, or --include)");
        return;
    }
    /* explicit files always go to the scanner, which reports any error;
     * a dangling link or special file found in a walk is skipped */
    if (!explicit_arg && (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) &&
        (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)))
        return;
    if (!input_selected(w->c, path, explicit_arg))
        return;
    w->emitted++;
    if (w->emit(w->ctx, path, !explicit_arg))
        w->stop = 1;
}

long walk_inputs(const cli *c, char *const *paths, size_t n, input_fn emit,
                 void *ctx, int report)
{
    walker w = {c, emit, ctx, 0, 0, 0, report};
    for (size_t i = 0; i < n && !w.stop; i++)
        walk_path(&w, paths[i], NULL, 1);
    return w.stop ? -1 : w.errors;
}

long read_file_list(const cli *c, input_fn emit, void *ctx, int report)
{
    int from_stdin = !strcmp(c->files_from, "-");
    FILE *in = from_stdin ? stdin : fopen(c->files_from, "r");
    if (!in) {
        if (report)
            fprintf(stderr, "fineprint: --files-from %s: %s\n", c->files_from, strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long errors = 0;
    int sep = c->null_sep ? '\0' : '\n';
    while ((len = getdelim(&line, &cap, sep, in)) > 0) {
        if (line[len - 1] == sep)
            line[--len] = '\0';
        if (!c->null_sep && len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (!len)
            continue;
        char *p = line;
        long e = walk_inputs(c, &p, 1, emit, ctx, report);
        if (e < 0) {
            errors = -1;
            break;
        }
        errors += e;
    }
    if (ferror(in)) {
        if (report)
            fprintf(stderr, "fineprint: --files-from %s: read error\n", c->files_from);
        errors += errors >= 0;
    }
    free(line);
    if (!from_stdin)
        fclose(in);
    return errors;
}
