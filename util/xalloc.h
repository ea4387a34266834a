/* util/xalloc.h -- checked allocation.  These functions never return NULL:
 * on exhaustion they log and abort, because a switch that silently loses a
 * flow or a message is worse than one that restarts. */
#ifndef UTIL_XALLOC_H
#define UTIL_XALLOC_H 1

#include <stddef.h>

void *xmalloc(size_t size);
void *xzalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Like xrealloc(p, n * size), failing on overflow of n * size. */
void *xreallocarray(void *p, size_t n, size_t size);
void *xmemdup(const void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* util/xalloc.h */
