/* util/buf.c -- growable byte buffer (see buf.h). */
#include <config.h>
#include "util/buf.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void
buf_init(struct buf *b)
{
    b->data = NULL;
    b->size = 0;
    b->alloc = 0;
}

void
buf_uninit(struct buf *b)
{
    if (b) {
        free(b->data);
        buf_init(b);
    }
}

void
buf_clear(struct buf *b)
{
    b->size = 0;
}

void
buf_reserve(struct buf *b, size_t more)
{
    if (more > b->alloc - b->size) {
        size_t need = b->size + more;
        size_t alloc = b->alloc ? b->alloc : 64;
        while (alloc < need) {
            alloc *= 2;
        }
        b->data = xrealloc(b->data, alloc);
        b->alloc = alloc;
    }
}

size_t
buf_put(struct buf *b, const void *p, size_t n)
{
    size_t ofs = b->size;
    buf_reserve(b, n);
    if (n) {
        memcpy(b->data + ofs, p, n);
    }
    b->size += n;
    return ofs;
}

size_t
buf_put_zeros(struct buf *b, size_t n)
{
    size_t ofs = b->size;
    buf_reserve(b, n);
    if (n) {
        memset(b->data + ofs, 0, n);
    }
    b->size += n;
    return ofs;
}

size_t
buf_put_u8(struct buf *b, uint8_t v)
{
    return buf_put(b, &v, 1);
}

size_t
buf_put_be16(struct buf *b, uint16_t v)
{
    uint8_t x[2] = { v >> 8, v };
    return buf_put(b, x, 2);
}

size_t
buf_put_be32(struct buf *b, uint32_t v)
{
    uint8_t x[4] = { v >> 24, v >> 16, v >> 8, v };
    return buf_put(b, x, 4);
}

size_t
buf_put_be64(struct buf *b, uint64_t v)
{
    size_t ofs = buf_put_be32(b, v >> 32);
    buf_put_be32(b, (uint32_t)v);
    return ofs;
}

size_t
buf_put_str(struct buf *b, const char *s)
{
    return buf_put(b, s, strlen(s));
}

void
buf_pad(struct buf *b, size_t start, size_t align)
{
    size_t len = b->size - start;
    size_t rem = len % align;
    if (rem) {
        buf_put_zeros(b, align - rem);
    }
}

void
buf_set_u8(struct buf *b, size_t ofs, uint8_t v)
{
    assert(ofs < b->size);
    b->data[ofs] = v;
}

void
buf_set_be16(struct buf *b, size_t ofs, uint16_t v)
{
    assert(ofs <= b->size && b->size - ofs >= 2);
    b->data[ofs] = v >> 8;
    b->data[ofs + 1] = v;
}

void
buf_set_be32(struct buf *b, size_t ofs, uint32_t v)
{
    assert(ofs <= b->size && b->size - ofs >= 4);
    b->data[ofs] = v >> 24;
    b->data[ofs + 1] = v >> 16;
    b->data[ofs + 2] = v >> 8;
    b->data[ofs + 3] = v;
}

void
buf_set_be64(struct buf *b, size_t ofs, uint64_t v)
{
    buf_set_be32(b, ofs, v >> 32);
    buf_set_be32(b, ofs + 4, (uint32_t)v);
}

void
buf_pull(struct buf *b, size_t n)
{
    assert(n <= b->size);
    memmove(b->data, b->data + n, b->size - n);
    b->size -= n;
}

void
buf_truncate(struct buf *b, size_t size)
{
    assert(size <= b->size);
    b->size = size;
}

uint8_t *
buf_steal(struct buf *b, size_t *sizep)
{
    uint8_t *p = b->data;
    if (sizep) {
        *sizep = b->size;
    }
    buf_init(b);
    return p;
}
