/* tests/fuzz/replay.c -- a main() for the fuzz targets that feeds every
 * file of the given corpus directories (or single files) to
 * LLVMFuzzerTestOneInput(), so that `make check` replays each corpus with
 * any compiler and every crash ever found stays a regression test.  Built
 * once per target as tests/fuzz/replay-TARGET; with no arguments it reads
 * the directory compiled in as FUZZ_CORPUS_DIR (the target's corpus in the
 * source tree, which is only read, so this works from `make distcheck`'s
 * read-only source tree).  Files are replayed in name order, each in a
 * child process of its own, so that one crash (an abort(), a sanitizer
 * report, a leak found at exit) does not hide the inputs after it: every
 * failing file is named at the end and the exit status is 1 if any
 * failed.  With REPLAY_NO_FORK set in the environment the inputs run in
 * this process instead (for a debugger). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs larger than this are skipped: the targets are meant for
 * messages (at most 64 KiB) and short texts. */
#define REPLAY_MAX_INPUT (1024 * 1024)

/* Reads all of 'path'.  Returns false (and reports) on error. */
static bool
read_file(const char *path, uint8_t **data, size_t *size)
{
    FILE *stream = fopen(path, "rb");
    if (!stream) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return false;
    }
    size_t alloc = 4096, n = 0;
    uint8_t *p = xmalloc(alloc);
    for (;;) {
        size_t got = fread(p + n, 1, alloc - n, stream);
        n += got;
        if (n < alloc) {
            break;
        }
        if (alloc >= REPLAY_MAX_INPUT) {
            fprintf(stderr, "replay: %s: larger than %d bytes\n", path,
                    REPLAY_MAX_INPUT);
            fclose(stream);
            free(p);
            return false;
        }
        alloc *= 2;
        p = xrealloc(p, alloc);
    }
    bool ok = !ferror(stream);
    if (!ok) {
        fprintf(stderr, "replay: %s: read error\n", path);
    }
    fclose(stream);
    if (!ok) {
        free(p);
        return false;
    }
    *data = p;
    *size = n;
    return true;
}

/* The outcome of all the inputs run so far. */
struct replay {
    bool fork;     /* Run each input in a child process. */
    long n_run;    /* Inputs run. */
    long n_failed; /* Inputs that crashed or could not be read. */
};

/* Runs one input in this process.  The input is copied into a block of
 * exactly its size, so ASan catches an over-read by even one byte. */
static void
run_input(const uint8_t *data, size_t size)
{
    uint8_t *exact = xmalloc(size ? size : 1);
    if (size) {
        memcpy(exact, data, size);
    }
    LLVMFuzzerTestOneInput(exact, size);
    free(exact);
}

/* Runs one file through the target, in a child process unless 'r->fork'
 * is false. */
static void
replay_file(struct replay *r, const char *path)
{
    uint8_t *data;
    size_t size;
    r->n_run++;
    if (!read_file(path, &data, &size)) {
        r->n_failed++;
        return;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    if (!r->fork) {
        run_input(data, size);
        free(data);
        return;
    }

    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "replay: fork: %s\n", strerror(errno));
        r->n_failed++;
    } else if (!pid) {
        run_input(data, size);
        free(data);
        /* exit(), not _exit(): LeakSanitizer checks for leaks at exit. */
        exit(EXIT_SUCCESS);
    } else {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            continue;
        }
        if (WIFSIGNALED(status)) {
            fprintf(stderr, "replay: FAILED: %s (signal %d)\n", path,
                    WTERMSIG(status));
            r->n_failed++;
        } else if (WEXITSTATUS(status)) {
            fprintf(stderr, "replay: FAILED: %s (exit status %d)\n", path,
                    WEXITSTATUS(status));
            r->n_failed++;
        }
    }
    free(data);
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file in 'dir' in name order. */
static void
replay_dir(struct replay *r, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        r->n_run++;
        r->n_failed++;
        return;
    }
    size_t n = 0, alloc = 0;
    char **names = NULL;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        if (n == alloc) {
            alloc = alloc ? 2 * alloc : 64;
            names = xreallocarray(names, alloc, sizeof *names);
        }
        names[n++] = xasprintf("%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (n) {
        qsort(names, n, sizeof *names, compare_names);
    }

    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            replay_file(r, names[i]);
        }
        free(names[i]);
    }
    free(names);
}

int
main(int argc, char *argv[])
{
#ifdef FUZZ_CORPUS_DIR
    char *default_args[] = { argv[0], (char *)FUZZ_CORPUS_DIR, NULL };
    if (argc < 2) {
        argv = default_args;
        argc = 2;
    }
#endif
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }

    struct replay r = { !getenv("REPLAY_NO_FORK"), 0, 0 };
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            r.n_run++;
            r.n_failed++;
        } else if (S_ISDIR(st.st_mode)) {
            replay_dir(&r, argv[i]);
        } else {
            replay_file(&r, argv[i]);
        }
    }
    /* An empty corpus would make this test pass without testing
     * anything. */
    if (!r.n_run) {
        fprintf(stderr, "replay: no inputs found\n");
        return 1;
    }
    printf("replay: %ld passed, %ld failed\n", r.n_run - r.n_failed,
           r.n_failed);
    return r.n_failed ? 1 : 0;
}
