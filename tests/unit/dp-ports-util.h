/* tests/unit/dp-ports-util.h -- helpers shared by the port tests: an
 * independent checker of IPv4 header and TCP/UDP checksums (written
 * byte by byte, unlike the code under test, so the two cannot share a
 * mistake) and frame builders. */
#ifndef TESTS_UNIT_DP_PORTS_UTIL_H
#define TESTS_UNIT_DP_PORTS_UTIL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t
tu_sum16(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;

    for (size_t i = 0; i < n; i++) {
        sum += (i % 2) ? p[i] : (uint32_t)p[i] << 8;
    }
    return sum;
}

static inline uint16_t
tu_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)sum;
}

/* Frame layout found by tu_parse(). */
struct tu_frame {
    size_t l3, l4; /* Offsets. */
    bool ipv4, ipv6;
    uint8_t proto; /* 6, 17 or other. */
    size_t l4_len; /* Transport header and payload. */
};

/* Parses Ethernet (with VLAN tags), IPv4 or IPv6 (no extension headers).
 * Returns false if the frame is not IP or is truncated. */
static inline bool
tu_parse(const uint8_t *f, size_t size, struct tu_frame *t)
{
    size_t ofs = 12;

    memset(t, 0, sizeof *t);
    for (;;) {
        if (size < ofs + 2) {
            return false;
        }
        uint16_t type = (uint16_t)(f[ofs] << 8 | f[ofs + 1]);
        if (type == 0x8100 || type == 0x88a8) {
            ofs += 4;
            continue;
        }
        t->l3 = ofs + 2;
        if (type == 0x0800) {
            if (size < t->l3 + 20) {
                return false;
            }
            size_t ihl = (size_t)(f[t->l3] & 15) * 4;
            size_t tot = (size_t)(f[t->l3 + 2] << 8 | f[t->l3 + 3]);
            if (size < t->l3 + tot || tot < ihl) {
                return false;
            }
            t->ipv4 = true;
            t->proto = f[t->l3 + 9];
            t->l4 = t->l3 + ihl;
            t->l4_len = tot - ihl;
            return true;
        } else if (type == 0x86dd) {
            if (size < t->l3 + 40) {
                return false;
            }
            size_t plen = (size_t)(f[t->l3 + 4] << 8 | f[t->l3 + 5]);
            if (size < t->l3 + 40 + plen) {
                return false;
            }
            t->ipv6 = true;
            t->proto = f[t->l3 + 6];
            t->l4 = t->l3 + 40;
            t->l4_len = plen;
            return true;
        }
        return false;
    }
}

/* Returns true if every checksum of the IP frame 'f' is right (IPv4
 * header; TCP or UDP including the pseudo-header; a zero UDP-over-IPv4
 * checksum means "none").  Non-IP frames pass. */
static inline bool
tu_checksums_ok(const uint8_t *f, size_t size)
{
    struct tu_frame t;
    uint32_t sum;

    if (!tu_parse(f, size, &t)) {
        return true;
    }
    if (t.ipv4 && tu_fold(tu_sum16(f + t.l3, t.l4 - t.l3)) != 0xffff) {
        return false;
    }
    if (t.proto != 6 && t.proto != 17) {
        return true;
    }
    if (t.proto == 17 && t.ipv4 && !f[t.l4 + 6] && !f[t.l4 + 7]) {
        return true;
    }
    if (t.ipv4) {
        sum = tu_sum16(f + t.l3 + 12, 8);
    } else {
        sum = tu_sum16(f + t.l3 + 8, 32);
    }
    sum += t.proto + (uint32_t)t.l4_len;
    sum += tu_sum16(f + t.l4, t.l4_len);
    return tu_fold(sum) == 0xffff;
}

#endif /* tests/unit/dp-ports-util.h */
