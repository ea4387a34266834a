/* util/log.c -- logging (see log.h). */
#include <config.h>
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "util/xalloc.h"

/* The process's log: level, destination.  Guarded by 'log_mutex' except the
 * level, which is read racily on purpose (a stale read only delays a level
 * change by one message). */
static volatile enum log_level log_level = LOG_LVL_INFO;
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;
static char *log_path;
static bool log_syslog;

static const char *const level_names[] = { "off", "err", "warn", "info",
                                           "dbg" };

bool
log_level_parse(const char *s, enum log_level *lvl)
{
    for (size_t i = 0; i < ARRAY_SIZE(level_names); i++) {
        if (!strcmp(s, level_names[i])) {
            *lvl = i;
            return true;
        }
    }
    if (!strcmp(s, "debug")) {
        *lvl = LOG_LVL_DBG;
        return true;
    }
    if (!strcmp(s, "error")) {
        *lvl = LOG_LVL_ERR;
        return true;
    }
    if (!strcmp(s, "warning")) {
        *lvl = LOG_LVL_WARN;
        return true;
    }
    return false;
}

void
log_set_level(enum log_level lvl)
{
    log_level = lvl;
}

enum log_level
log_get_level(void)
{
    return log_level;
}

int
log_open_file(const char *path)
{
    FILE *f = NULL;
    if (path) {
        f = fopen(path, "a");
        if (!f) {
            return errno;
        }
        setvbuf(f, NULL, _IOLBF, 0);
    }
    pthread_mutex_lock(&log_mutex);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    free(log_path);
    log_path = path ? xstrdup(path) : NULL;
    pthread_mutex_unlock(&log_mutex);
    return 0;
}

void
log_open_syslog(const char *ident)
{
    openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
    log_syslog = true;
}

int
log_reopen(void)
{
    char *path = NULL;
    int error = 0;

    pthread_mutex_lock(&log_mutex);
    if (log_path) {
        path = xstrdup(log_path);
    }
    pthread_mutex_unlock(&log_mutex);
    if (path) {
        error = log_open_file(path);
        free(path);
    }
    return error;
}

void
log_msg(enum log_level lvl, const char *module, const char *fmt, ...)
{
    static const int syslog_prio[] = { LOG_ERR, LOG_ERR, LOG_WARNING, LOG_INFO,
                                       LOG_DEBUG };
    char msg[1024];
    va_list args;

    if (lvl > log_level || lvl == LOG_LVL_OFF) {
        return;
    }
    va_start(args, fmt);
    vsnprintf(msg, sizeof msg, fmt, args);
    va_end(args);

    if (log_syslog) {
        syslog(syslog_prio[lvl], "%s: %s", module, msg);
        return;
    }

    struct timespec ts;
    struct tm tm;
    char stamp[32];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

    pthread_mutex_lock(&log_mutex);
    fprintf(log_file ? log_file : stderr, "%s.%03ldZ|%s|%s|%s\n", stamp,
            ts.tv_nsec / 1000000, level_names[lvl], module, msg);
    pthread_mutex_unlock(&log_mutex);
}

static uint64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool
log_ratelimit_allow(struct log_ratelimit *rl)
{
    /* Tokens are kept in units of 1/60000 message per ms: 'rate' messages
     * a minute add 'rate' units per ms; a message costs 60000. */
    bool ok;
    uint64_t now = now_ms();

    pthread_mutex_lock(&log_mutex);
    uint64_t cap = (uint64_t)rl->burst * 60000;
    if (!rl->last_ms) {
        rl->tokens_ms = cap;
    } else {
        uint64_t add = (now - rl->last_ms) * rl->rate;
        rl->tokens_ms = rl->tokens_ms + add > cap ? cap : rl->tokens_ms + add;
    }
    rl->last_ms = now;
    if (rl->tokens_ms >= 60000) {
        rl->tokens_ms -= 60000;
        ok = true;
    } else {
        rl->suppressed++;
        ok = false;
    }
    pthread_mutex_unlock(&log_mutex);
    return ok;
}
