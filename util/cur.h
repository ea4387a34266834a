/* util/cur.h -- a bounds-checked reader over a byte range.  Every getter
 * returns false instead of reading past the end and leaves the cursor
 * untouched on failure; multi-byte getters decode big-endian.  A cursor
 * borrows the bytes it reads. */
#ifndef UTIL_CUR_H
#define UTIL_CUR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
    const uint8_t *p; /* Next byte to read. */
    size_t left;      /* Bytes left. */
};

static inline struct cur
cur_make(const void *p, size_t size)
{
    struct cur c = { p, size };
    return c;
}

static inline bool
cur_get_bytes(struct cur *c, void *dst, size_t n)
{
    if (n > c->left) {
        return false;
    }
    if (n) {
        memcpy(dst, c->p, n);
    }
    c->p += n;
    c->left -= n;
    return true;
}

static inline bool
cur_skip(struct cur *c, size_t n)
{
    if (n > c->left) {
        return false;
    }
    c->p += n;
    c->left -= n;
    return true;
}

static inline bool
cur_get_u8(struct cur *c, uint8_t *v)
{
    if (c->left < 1) {
        return false;
    }
    *v = c->p[0];
    c->p++;
    c->left--;
    return true;
}

static inline bool
cur_get_be16(struct cur *c, uint16_t *v)
{
    if (c->left < 2) {
        return false;
    }
    *v = (uint16_t)(c->p[0] << 8 | c->p[1]);
    c->p += 2;
    c->left -= 2;
    return true;
}

static inline bool
cur_get_be32(struct cur *c, uint32_t *v)
{
    if (c->left < 4) {
        return false;
    }
    *v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
         (uint32_t)c->p[2] << 8 | c->p[3];
    c->p += 4;
    c->left -= 4;
    return true;
}

static inline bool
cur_get_be64(struct cur *c, uint64_t *v)
{
    struct cur save = *c;
    uint32_t hi, lo;
    if (!cur_get_be32(c, &hi) || !cur_get_be32(c, &lo)) {
        *c = save;
        return false;
    }
    *v = (uint64_t)hi << 32 | lo;
    return true;
}

/* Peeks without consuming. */
static inline bool
cur_peek_be16(const struct cur *c, size_t ofs, uint16_t *v)
{
    if (ofs > c->left || c->left - ofs < 2) {
        return false;
    }
    *v = (uint16_t)(c->p[ofs] << 8 | c->p[ofs + 1]);
    return true;
}

/* Splits the next 'n' bytes off into 'sub' and advances past them. */
static inline bool
cur_split(struct cur *c, size_t n, struct cur *sub)
{
    if (n > c->left) {
        return false;
    }
    sub->p = c->p;
    sub->left = n;
    c->p += n;
    c->left -= n;
    return true;
}

/* Big-endian loads and stores on plain memory. */
static inline uint16_t
get_be16(const void *p)
{
    const uint8_t *b = p;
    return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t
get_be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
           b[3];
}

static inline uint64_t
get_be64(const void *p)
{
    const uint8_t *b = p;
    return (uint64_t)get_be32(b) << 32 | get_be32(b + 4);
}

static inline void
put_be16(void *p, uint16_t v)
{
    uint8_t *b = p;
    b[0] = v >> 8;
    b[1] = v;
}

static inline void
put_be32(void *p, uint32_t v)
{
    uint8_t *b = p;
    b[0] = v >> 24;
    b[1] = v >> 16;
    b[2] = v >> 8;
    b[3] = v;
}

static inline void
put_be64(void *p, uint64_t v)
{
    uint8_t *b = p;
    put_be32(b, v >> 32);
    put_be32(b + 4, (uint32_t)v);
}

#endif /* util/cur.h */
