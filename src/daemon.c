/* src/daemon.c -- detaching, pid files (see daemon.h). */
#include <config.h>
#include "src/daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/xalloc.h"

/* The write end of the pipe to the waiting parent, or -1.  Process-wide
 * by nature: there is one parent. */
static int ready_fd = -1;

int
daemon_detach(void)
{
    int fds[2];
    if (pipe(fds)) {
        return errno;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(fds[0]);
        close(fds[1]);
        return err;
    }
    if (pid > 0) {
        /* Parent: wait for one byte ("ready") or EOF (the child died). */
        char c;
        close(fds[1]);
        ssize_t n;
        do {
            n = read(fds[0], &c, 1);
        } while (n < 0 && errno == EINTR);
        if (n == 1) {
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        _exit(WIFEXITED(status) && WEXITSTATUS(status) ? WEXITSTATUS(status)
                                                       : 1);
    }
    close(fds[0]);
    ready_fd = fds[1];
    setsid();
    if (chdir("/")) {
        /* Not fatal: only keeps a mount busy. */
    }
    return 0;
}

void
daemon_ready(void)
{
    if (ready_fd >= 0) {
        int fd = open("/dev/null", O_RDWR);
        if (fd >= 0) {
            dup2(fd, STDIN_FILENO);
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            if (fd > STDERR_FILENO) {
                close(fd);
            }
        }
        ssize_t n = write(ready_fd, "", 1);
        (void)n;
        close(ready_fd);
        ready_fd = -1;
    }
}

int
daemon_pidfile_create(const char *path, char **errp)
{
    FILE *f = fopen(path, "r");
    if (f) {
        long pid;
        if (fscanf(f, "%ld", &pid) == 1 && pid > 0 && pid != getpid() &&
            kill((pid_t)pid, 0) == 0) {
            fclose(f);
            *errp = xasprintf("%s: already running as pid %ld", path, pid);
            return EEXIST;
        }
        fclose(f);
    }
    char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
    f = fopen(tmp, "w");
    if (!f) {
        int err = errno;
        *errp = xasprintf("%s: %s", tmp, strerror(err));
        free(tmp);
        return err;
    }
    fprintf(f, "%ld\n", (long)getpid());
    if (fclose(f) || rename(tmp, path)) {
        int err = errno;
        *errp = xasprintf("%s: %s", path, strerror(err));
        unlink(tmp);
        free(tmp);
        return err;
    }
    free(tmp);
    return 0;
}

void
daemon_pidfile_remove(const char *path)
{
    if (path) {
        unlink(path);
    }
}

int
daemon_mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    int err = 0;
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0755) && errno != EEXIST) {
                err = errno;
                break;
            }
            *s = '/';
        }
    }
    if (!err && mkdir(p, 0755) && errno != EEXIST) {
        err = errno;
    }
    free(p);
    return err;
}
