/* util/log.h -- logging with levels and per-call-site rate limits.  The
 * log level and destination are the only mutable globals of the project:
 * a process has one log.  Any thread may log. */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum log_level {
    LOG_LVL_OFF,
    LOG_LVL_ERR,
    LOG_LVL_WARN,
    LOG_LVL_INFO,
    LOG_LVL_DBG,
};

/* Parses "off", "err", "warn", "info", "dbg"/"debug". */
bool log_level_parse(const char *, enum log_level *);
void log_set_level(enum log_level);
enum log_level log_get_level(void);
/* Log to 'path' (NULL: stderr).  Returns 0 or a positive errno. */
int log_open_file(const char *path);
/* Log to syslog with 'ident'. */
void log_open_syslog(const char *ident);
/* Reopens the current log file (for SIGHUP after rotation). */
int log_reopen(void);

void log_msg(enum log_level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A token bucket: 'rate' messages per minute, bursts of 'burst'. */
struct log_ratelimit {
    unsigned int rate, burst;
    uint64_t tokens_ms; /* Scaled tokens; protected by atomic ops. */
    uint64_t last_ms;
    unsigned int suppressed;
};
#define LOG_RATELIMIT_INIT(RATE, BURST) \
    {                                   \
        RATE, BURST, 0, 0, 0            \
    }

/* Returns true if a message may be logged now (and counts it). */
bool log_ratelimit_allow(struct log_ratelimit *);

#define LOG_ERR(MOD, ...) log_msg(LOG_LVL_ERR, MOD, __VA_ARGS__)
#define LOG_WARN(MOD, ...) log_msg(LOG_LVL_WARN, MOD, __VA_ARGS__)
#define LOG_INFO(MOD, ...) log_msg(LOG_LVL_INFO, MOD, __VA_ARGS__)
#define LOG_DBG(MOD, ...)                           \
    do {                                            \
        if (log_get_level() >= LOG_LVL_DBG) {       \
            log_msg(LOG_LVL_DBG, MOD, __VA_ARGS__); \
        }                                           \
    } while (0)

/* Rate-limited (per call site): 'RL' is a static struct log_ratelimit. */
#define LOG_RL(RL, LVL, MOD, ...)                                  \
    do {                                                           \
        if (log_get_level() >= (LVL) && log_ratelimit_allow(RL)) { \
            log_msg(LVL, MOD, __VA_ARGS__);                        \
        }                                                          \
    } while (0)

#endif /* util/log.h */
