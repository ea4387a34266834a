/* util/buf.h -- a growable byte buffer for building messages.  Appends
 * return offsets, not pointers: a later append may move the storage, so a
 * caller that wants to patch a field later (a length, a count) keeps the
 * offset and uses the buf_set_* functions.  Multi-byte puts are big-endian
 * (network order), as every OpenFlow field is. */
#ifndef UTIL_BUF_H
#define UTIL_BUF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
    uint8_t *data; /* Owned; NULL while empty. */
    size_t size;   /* Bytes in use. */
    size_t alloc;  /* Bytes allocated. */
};

#define BUF_INITIALIZER \
    {                   \
        NULL, 0, 0      \
    }

void buf_init(struct buf *);
void buf_uninit(struct buf *);
void buf_clear(struct buf *);
void buf_reserve(struct buf *, size_t more);

/* Appends and return the offset where the new bytes start. */
size_t buf_put(struct buf *, const void *, size_t);
size_t buf_put_zeros(struct buf *, size_t);
size_t buf_put_u8(struct buf *, uint8_t);
size_t buf_put_be16(struct buf *, uint16_t);
size_t buf_put_be32(struct buf *, uint32_t);
size_t buf_put_be64(struct buf *, uint64_t);
size_t buf_put_str(struct buf *, const char *);
/* Pads with zeros to a multiple of 'align' bytes counted from 'start'. */
void buf_pad(struct buf *, size_t start, size_t align);

/* Overwrite bytes already in the buffer at 'ofs' (must be in range). */
void buf_set_u8(struct buf *, size_t ofs, uint8_t);
void buf_set_be16(struct buf *, size_t ofs, uint16_t);
void buf_set_be32(struct buf *, size_t ofs, uint32_t);
void buf_set_be64(struct buf *, size_t ofs, uint64_t);

/* Borrowed pointer to offset 'ofs', valid until the next append. */
static inline uint8_t *
buf_at(const struct buf *b, size_t ofs)
{
    return b->data + ofs;
}

/* Removes the first 'n' bytes (n <= size). */
void buf_pull(struct buf *, size_t n);
/* Shrinks to 'size' bytes (size <= current size). */
void buf_truncate(struct buf *, size_t size);
/* Hands the storage to the caller and leaves 'b' empty. */
uint8_t *buf_steal(struct buf *, size_t *sizep);

#endif /* util/buf.h */
