/* ofp13/match.c -- the OpenFlow 1.3 OXM match codec (see match.h).  A match
 * decodes into fixed per-field slots (value and mask in wire byte order), so
 * that the pipeline and the text syntax read fields without parsing TLVs
 * again; non-basic TLVs (NXM, experimenter) are kept verbatim so that a tool
 * can still print what a peer sent.  Every TLV is read from its own
 * sub-cursor split off by its declared length, so a malformed length can
 * never make the decoder read outside the match. */
#include <config.h>
#include "ofp13/match.h"

#include <stdlib.h>
#include <string.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* Field table (OF1.3.5 §7.2.3.7, reference §1.4), indexed by field id. */
static const struct oxm_field_info oxm_fields[OXM_N_FIELDS] = {
#define F(ID, NAME, LEN, BITS, MASKABLE, SETTABLE) \
    [OXM_##ID] = { OXM_##ID, NAME, LEN, BITS, MASKABLE, SETTABLE }
    F(IN_PORT, "in_port", 4, 32, false, false),
    F(IN_PHY_PORT, "in_phy_port", 4, 32, false, false),
    F(METADATA, "metadata", 8, 64, true, false),
    F(ETH_DST, "eth_dst", 6, 48, true, true),
    F(ETH_SRC, "eth_src", 6, 48, true, true),
    F(ETH_TYPE, "eth_type", 2, 16, false, true),
    F(VLAN_VID, "vlan_vid", 2, 13, true, true),
    F(VLAN_PCP, "vlan_pcp", 1, 3, false, true),
    F(IP_DSCP, "ip_dscp", 1, 6, false, true),
    F(IP_ECN, "ip_ecn", 1, 2, false, true),
    F(IP_PROTO, "ip_proto", 1, 8, false, true),
    F(IPV4_SRC, "ipv4_src", 4, 32, true, true),
    F(IPV4_DST, "ipv4_dst", 4, 32, true, true),
    F(TCP_SRC, "tcp_src", 2, 16, false, true),
    F(TCP_DST, "tcp_dst", 2, 16, false, true),
    F(UDP_SRC, "udp_src", 2, 16, false, true),
    F(UDP_DST, "udp_dst", 2, 16, false, true),
    F(SCTP_SRC, "sctp_src", 2, 16, false, true),
    F(SCTP_DST, "sctp_dst", 2, 16, false, true),
    F(ICMPV4_TYPE, "icmpv4_type", 1, 8, false, true),
    F(ICMPV4_CODE, "icmpv4_code", 1, 8, false, true),
    F(ARP_OP, "arp_op", 2, 16, false, true),
    F(ARP_SPA, "arp_spa", 4, 32, true, true),
    F(ARP_TPA, "arp_tpa", 4, 32, true, true),
    F(ARP_SHA, "arp_sha", 6, 48, true, true),
    F(ARP_THA, "arp_tha", 6, 48, true, true),
    F(IPV6_SRC, "ipv6_src", 16, 128, true, true),
    F(IPV6_DST, "ipv6_dst", 16, 128, true, true),
    F(IPV6_FLABEL, "ipv6_flabel", 4, 20, true, true),
    F(ICMPV6_TYPE, "icmpv6_type", 1, 8, false, true),
    F(ICMPV6_CODE, "icmpv6_code", 1, 8, false, true),
    F(IPV6_ND_TARGET, "ipv6_nd_target", 16, 128, false, true),
    F(IPV6_ND_SLL, "ipv6_nd_sll", 6, 48, false, true),
    F(IPV6_ND_TLL, "ipv6_nd_tll", 6, 48, false, true),
    F(MPLS_LABEL, "mpls_label", 4, 20, false, true),
    F(MPLS_TC, "mpls_tc", 1, 3, false, true),
    F(MPLS_BOS, "mpls_bos", 1, 1, false, true),
    F(PBB_ISID, "pbb_isid", 3, 24, true, true),
    F(TUNNEL_ID, "tunnel_id", 8, 64, true, true),
    F(IPV6_EXTHDR, "ipv6_exthdr", 2, 9, true, false),
#undef F
};

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848
#define ETH_TYPE_PBB 0x88e7
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_SCTP_ 132
#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136

const struct oxm_field_info *
oxm_field_info(unsigned int id)
{
    return id < OXM_N_FIELDS ? &oxm_fields[id] : NULL;
}

const struct oxm_field_info *
oxm_field_by_name(const char *name)
{
    for (size_t i = 0; i < OXM_N_FIELDS; i++) {
        if (!strcmp(oxm_fields[i].name, name)) {
            return &oxm_fields[i];
        }
    }
    return NULL;
}

/* Byte-array helpers over the first 'len' bytes of a slot. */

static bool
bytes_all_ones(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] != 0xff) {
            return false;
        }
    }
    return true;
}

static bool
bytes_all_zeros(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

/* Does the 'len'-byte big-endian value 'p' fit in its low 'bits' bits? */
static bool
bytes_fit_bits(const uint8_t *p, size_t len, unsigned int bits)
{
    size_t full = bits / 8;       /* Whole significant bytes at the end. */
    unsigned int part = bits % 8; /* Significant bits of the byte before. */
    size_t lead = len - full;     /* Bytes that are not wholly significant. */

    if (full >= len) {
        return true;
    }
    for (size_t i = 0; i + 1 < lead; i++) {
        if (p[i]) {
            return false;
        }
    }
    return !(p[lead - 1] >> part);
}

/* Clears the bits of the 'len' bytes at 'p' above the low 'bits' bits. */
static void
bytes_clip_bits(uint8_t *p, size_t len, unsigned int bits)
{
    size_t full = bits / 8;
    unsigned int part = bits % 8;
    size_t lead = len - full;

    if (full >= len) {
        return;
    }
    for (size_t i = 0; i + 1 < lead; i++) {
        p[i] = 0;
    }
    p[lead - 1] &= (uint8_t)((1u << part) - 1);
}

static bool
bytes_all_zero(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

/* Stores 'v' big-endian in the 'len' bytes at 'p' (bytes above the eighth
 * are zero). */
static void
put_uint(uint8_t *p, size_t len, uint64_t v)
{
    for (size_t i = 0; i < len; i++) {
        p[len - 1 - i] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
    }
}

static uint64_t
get_uint(const uint8_t *p, size_t len)
{
    uint64_t v = 0;
    for (size_t i = len > 8 ? len - 8 : 0; i < len; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

void
ofp_match_init(struct ofp_match *m)
{
    memset(m, 0, sizeof *m);
    m->raw = NULL;
}

void
ofp_match_uninit(struct ofp_match *m)
{
    if (m) {
        free(m->raw);
        ofp_match_init(m);
    }
}

/* 'dst' is overwritten as uninitialised storage: the caller uninits it
 * first if it held raw TLVs. */
void
ofp_match_copy(struct ofp_match *dst, const struct ofp_match *src)
{
    *dst = *src;
    dst->raw =
        (src->n_raw ? xmemdup(src->raw, src->n_raw * sizeof *src->raw) : NULL);
}

static bool
oxm_raw_equal(const struct oxm_raw *a, const struct oxm_raw *b)
{
    return (a->header == b->header && a->experimenter == b->experimenter &&
            a->len == b->len && !memcmp(a->data, b->data, a->len));
}

/* Compares the fields semantically: an exact field equals the same field
 * sent with an all-ones mask, so the 'masked' bits do not take part. */
static void bytes_clip_bits(uint8_t *p, size_t len, unsigned int bits);

bool
ofp_match_equal(const struct ofp_match *a, const struct ofp_match *b)
{
    if (a->present != b->present || a->n_raw != b->n_raw) {
        return false;
    }
    /* Masks are compared over the field's significant bits only: a
     * VLAN_VID mask of 0x1fff matches exactly what an exact VLAN_VID
     * matches, and an ipv6_label mask of 0xfffff what an exact label does,
     * however the controller wrote them. */
    for (size_t f = 0; f < OXM_N_FIELDS; f++) {
        size_t len = oxm_fields[f].len;
        if (!ofp_match_has(a, f)) {
            continue;
        }
        uint8_t ka[OXM_MAX_LEN], kb[OXM_MAX_LEN];
        memcpy(ka, a->mask[f].b, len);
        memcpy(kb, b->mask[f].b, len);
        bytes_clip_bits(ka, len, oxm_fields[f].bits);
        bytes_clip_bits(kb, len, oxm_fields[f].bits);
        if (memcmp(a->value[f].b, b->value[f].b, len) || memcmp(ka, kb, len)) {
            return false;
        }
    }
    for (size_t i = 0; i < a->n_raw; i++) {
        if (!oxm_raw_equal(&a->raw[i], &b->raw[i])) {
            return false;
        }
    }
    return true;
}

/* Stores field 'f' from wire bytes; 'mask' NULL means exact.  'wire_masked'
 * records whether the encoder should write a mask. */
static void
match_store(struct ofp_match *m, enum oxm_field f, const uint8_t *value,
            const uint8_t *mask, bool wire_masked)
{
    size_t len = oxm_fields[f].len;
    struct oxm_value *v = &m->value[f];
    struct oxm_value *k = &m->mask[f];

    memset(v, 0, sizeof *v);
    memset(k, 0, sizeof *k);
    memcpy(v->b, value, len);
    if (mask) {
        memcpy(k->b, mask, len);
        for (size_t i = 0; i < len; i++) {
            v->b[i] &= k->b[i];
        }
    } else {
        memset(k->b, 0xff, len);
    }
    m->present |= UINT64_C(1) << f;
    if (wire_masked) {
        m->masked |= UINT64_C(1) << f;
    } else {
        m->masked &= ~(UINT64_C(1) << f);
    }
}

/* Only an all-ones mask is stored as exact: a mask that covers just the
 * significant bits (VLAN_VID 0x1fff) stays a mask, so that what a peer or
 * a user wrote is what gets encoded. */
void
ofp_match_set(struct ofp_match *m, enum oxm_field f, const void *value,
              const void *mask)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    bool exact;

    if (info) {
        exact = !mask || bytes_all_ones(mask, info->len);
        match_store(m, f, value, exact ? NULL : mask, !exact);
    }
}

void
ofp_match_set_u8(struct ofp_match *m, enum oxm_field f, uint8_t v)
{
    ofp_match_set_u64(m, f, v);
}

void
ofp_match_set_u16(struct ofp_match *m, enum oxm_field f, uint16_t v)
{
    ofp_match_set_u64(m, f, v);
}

void
ofp_match_set_u32(struct ofp_match *m, enum oxm_field f, uint32_t v)
{
    ofp_match_set_u64(m, f, v);
}

void
ofp_match_set_u64(struct ofp_match *m, enum oxm_field f, uint64_t v)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    uint8_t b[OXM_MAX_LEN];

    if (info) {
        put_uint(b, info->len, v);
        ofp_match_set(m, f, b, NULL);
    }
}

void
ofp_match_set_masked_u16(struct ofp_match *m, enum oxm_field f, uint16_t v,
                         uint16_t mask)
{
    ofp_match_set_masked_u64(m, f, v, mask);
}

void
ofp_match_set_masked_u32(struct ofp_match *m, enum oxm_field f, uint32_t v,
                         uint32_t mask)
{
    ofp_match_set_masked_u64(m, f, v, mask);
}

void
ofp_match_set_masked_u64(struct ofp_match *m, enum oxm_field f, uint64_t v,
                         uint64_t mask)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    uint8_t b[OXM_MAX_LEN], k[OXM_MAX_LEN];

    if (info) {
        put_uint(b, info->len, v);
        put_uint(k, info->len, mask);
        ofp_match_set(m, f, b, k);
    }
}

void
ofp_match_clear(struct ofp_match *m, enum oxm_field f)
{
    if ((unsigned int)f < OXM_N_FIELDS) {
        m->present &= ~(UINT64_C(1) << f);
        m->masked &= ~(UINT64_C(1) << f);
        memset(&m->value[f], 0, sizeof m->value[f]);
        memset(&m->mask[f], 0, sizeof m->mask[f]);
    }
}

uint64_t
ofp_match_get_uint(const struct ofp_match *m, enum oxm_field f)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    return info && ofp_match_has(m, f) ? get_uint(m->value[f].b, info->len)
                                       : 0;
}

uint64_t
ofp_match_get_mask_uint(const struct ofp_match *m, enum oxm_field f)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    return info && ofp_match_has(m, f) ? get_uint(m->mask[f].b, info->len) : 0;
}

/* Decoding. */

/* Appends a non-basic TLV ('header', then 'payload') to 'm->raw'. */
static enum ofperr
match_add_raw(struct ofp_match *m, uint32_t header, struct cur *payload)
{
    struct oxm_raw raw;

    memset(&raw, 0, sizeof raw);
    raw.header = header;
    if (OXM_CLASS(header) == OFPXMC_EXPERIMENTER &&
        !cur_get_be32(payload, &raw.experimenter)) {
        /* An experimenter OXM must carry its 4-byte experimenter id. */
        return OFPERR_OFPBMC_BAD_LEN;
    }
    raw.len = (uint8_t)payload->left;
    cur_get_bytes(payload, raw.data, payload->left);
    m->raw = xreallocarray(m->raw, m->n_raw + 1, sizeof *m->raw);
    m->raw[m->n_raw++] = raw;
    return 0;
}

/* Decodes one OXM TLV from 'c' into 'm'. */
static enum ofperr
match_decode_tlv(struct cur *c, struct ofp_match *m)
{
    const struct oxm_field_info *info;
    uint8_t value[OXM_MAX_LEN], mask[OXM_MAX_LEN];
    struct cur tlv;
    uint32_t header;
    bool hasmask;

    if (!cur_get_be32(c, &header) || !cur_split(c, OXM_LENGTH(header), &tlv)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (OXM_CLASS(header) != OFPXMC_OPENFLOW_BASIC) {
        return match_add_raw(m, header, &tlv);
    }
    info = oxm_field_info(OXM_FIELD(header));
    if (!info) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    hasmask = OXM_HASMASK(header);
    if (hasmask && !info->maskable) {
        return OFPERR_OFPBMC_BAD_MASK;
    }
    if (tlv.left != (size_t)info->len * (hasmask ? 2 : 1)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (ofp_match_has(m, info->id)) {
        return OFPERR_OFPBMC_DUP_FIELD;
    }
    cur_get_bytes(&tlv, value, info->len);
    if (hasmask) {
        cur_get_bytes(&tlv, mask, info->len);
        for (size_t i = 0; i < info->len; i++) {
            if (value[i] & ~mask[i]) {
                return OFPERR_OFPBMC_BAD_WILDCARDS;
            }
        }
    }
    if (!bytes_fit_bits(value, info->len, info->bits)) {
        return OFPERR_OFPBMC_BAD_VALUE;
    }
    if (hasmask) {
        /* Mask bits beyond the field mean nothing (a VLAN_VID mask of
         * 0x5000 is 0x1000), and an all-zero mask wildcards the field as
         * if it were absent, as Open vSwitch reads them; normalising here
         * keeps decode, text and strict matching in agreement. */
        bytes_clip_bits(mask, info->len, info->bits);
        if (bytes_all_zero(mask, info->len)) {
            return 0;
        }
    }
    match_store(m, info->id, value, hasmask ? mask : NULL, hasmask);
    return 0;
}

/* Prerequisites are not checked here: a bare OXM list (a packet-in match)
 * carries only the pipeline fields, and ofp_match_decode checks them for
 * the 'ofp_match' structure. */
enum ofperr
ofp_match_decode_oxms(struct cur *c, struct ofp_match *m)
{
    ofp_match_init(m);
    while (c->left) {
        enum ofperr error = match_decode_tlv(c, m);
        if (error) {
            ofp_match_uninit(m);
            return error;
        }
    }
    return 0;
}

/* OF1.3.5 §7.2.3.1: type, length (header and TLVs, without padding), the
 * TLVs, then zero to seven bytes of padding to a multiple of 8. */
enum ofperr
ofp_match_decode(struct cur *c, struct ofp_match *m)
{
    uint16_t type, length;
    size_t padded;
    struct cur oxms;
    enum ofperr error;

    ofp_match_init(m);
    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &length)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (type != OFPMT_OXM) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    if (length < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    padded = ((size_t)length + 7) / 8 * 8;
    if (padded - 4 > c->left) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    cur_split(c, length - 4u, &oxms);
    cur_skip(c, padded - length);

    error = ofp_match_decode_oxms(&oxms, m);
    if (!error) {
        error = ofp_match_check_prereqs(m);
        if (error) {
            ofp_match_uninit(m);
        }
    }
    return error;
}

/* Prerequisites (OF1.3.5 §7.2.3.6). */

/* Is field 'f' matched exactly (not masked) with the value 'v'? */
static bool
match_is_exact(const struct ofp_match *m, enum oxm_field f, uint64_t v)
{
    size_t len = oxm_fields[f].len;
    return (ofp_match_has(m, f) && bytes_all_ones(m->mask[f].b, len) &&
            get_uint(m->value[f].b, len) == v);
}

static bool
match_is_ip(const struct ofp_match *m)
{
    return (match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_IP) ||
            match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_IPV6));
}

/* Does the field 'f' of 'm' have its prerequisite?  A prerequisite's own
 * prerequisite is checked when that field's turn comes, since a
 * prerequisite is always present. */
static bool
match_prereq_ok(const struct ofp_match *m, enum oxm_field f)
{
    switch (f) {
    case OXM_IN_PORT:
    case OXM_METADATA:
    case OXM_ETH_DST:
    case OXM_ETH_SRC:
    case OXM_ETH_TYPE:
    case OXM_VLAN_VID:
    case OXM_TUNNEL_ID:
        return true;
    case OXM_IN_PHY_PORT:
        return ofp_match_has(m, OXM_IN_PORT);
    case OXM_VLAN_PCP: {
        /* VLAN_VID must select tagged frames: a VID whose mask covers the
         * PRESENT bit must have it set (0x0000 exact is OFPVID_NONE). */
        uint16_t vid = (uint16_t)ofp_match_get_uint(m, OXM_VLAN_VID);
        uint16_t mask = (uint16_t)ofp_match_get_mask_uint(m, OXM_VLAN_VID);
        return (ofp_match_has(m, OXM_VLAN_VID) &&
                !((mask & OFPVID_PRESENT) && !(vid & OFPVID_PRESENT)));
    }
    case OXM_IP_DSCP:
    case OXM_IP_ECN:
    case OXM_IP_PROTO:
        return match_is_ip(m);
    case OXM_IPV4_SRC:
    case OXM_IPV4_DST:
        return match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_IP);
    case OXM_TCP_SRC:
    case OXM_TCP_DST:
        return match_is_exact(m, OXM_IP_PROTO, IPPROTO_TCP_);
    case OXM_UDP_SRC:
    case OXM_UDP_DST:
        return match_is_exact(m, OXM_IP_PROTO, IPPROTO_UDP_);
    case OXM_SCTP_SRC:
    case OXM_SCTP_DST:
        return match_is_exact(m, OXM_IP_PROTO, IPPROTO_SCTP_);
    case OXM_ICMPV4_TYPE:
    case OXM_ICMPV4_CODE:
        return (match_is_exact(m, OXM_IP_PROTO, IPPROTO_ICMP_) &&
                match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_IP));
    case OXM_ARP_OP:
    case OXM_ARP_SPA:
    case OXM_ARP_TPA:
    case OXM_ARP_SHA:
    case OXM_ARP_THA:
        return match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_ARP);
    case OXM_IPV6_SRC:
    case OXM_IPV6_DST:
    case OXM_IPV6_FLABEL:
    case OXM_IPV6_EXTHDR:
        return match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_IPV6);
    case OXM_ICMPV6_TYPE:
    case OXM_ICMPV6_CODE:
        return (match_is_exact(m, OXM_IP_PROTO, IPPROTO_ICMPV6_) &&
                match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_IPV6));
    case OXM_IPV6_ND_TARGET:
        return (match_is_exact(m, OXM_ICMPV6_TYPE, ND_NEIGHBOR_SOLICIT) ||
                match_is_exact(m, OXM_ICMPV6_TYPE, ND_NEIGHBOR_ADVERT));
    case OXM_IPV6_ND_SLL:
        return match_is_exact(m, OXM_ICMPV6_TYPE, ND_NEIGHBOR_SOLICIT);
    case OXM_IPV6_ND_TLL:
        return match_is_exact(m, OXM_ICMPV6_TYPE, ND_NEIGHBOR_ADVERT);
    case OXM_MPLS_LABEL:
    case OXM_MPLS_TC:
    case OXM_MPLS_BOS:
        return (match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_MPLS) ||
                match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_MPLS_MCAST));
    case OXM_PBB_ISID:
        return match_is_exact(m, OXM_ETH_TYPE, ETH_TYPE_PBB);
    }
    return false;
}

enum ofperr
ofp_match_check_prereqs(const struct ofp_match *m)
{
    for (size_t f = 0; f < OXM_N_FIELDS; f++) {
        if (ofp_match_has(m, f) && !match_prereq_ok(m, f)) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        }
    }
    return 0;
}

/* Encoding. */

static size_t
raw_payload_len(const struct oxm_raw *r)
{
    return (OXM_CLASS(r->header) == OFPXMC_EXPERIMENTER ? 4 : 0) + r->len;
}

size_t
ofp_match_oxms_len(const struct ofp_match *m)
{
    size_t len = 0;
    for (size_t f = 0; f < OXM_N_FIELDS; f++) {
        if (ofp_match_has(m, f)) {
            bool masked = (m->masked >> f) & 1;
            len += 4 + (size_t)oxm_fields[f].len * (masked ? 2 : 1);
        }
    }
    for (size_t i = 0; i < m->n_raw; i++) {
        len += 4 + raw_payload_len(&m->raw[i]);
    }
    return len;
}

void
ofp_match_encode_oxms(const struct ofp_match *m, struct buf *b)
{
    for (size_t f = 0; f < OXM_N_FIELDS; f++) {
        if (ofp_match_has(m, f)) {
            bool masked = (m->masked >> f) & 1;
            size_t len = oxm_fields[f].len;
            buf_put_be32(b, OXM_HEADER(OFPXMC_OPENFLOW_BASIC, f, masked,
                                       len * (masked ? 2 : 1)));
            buf_put(b, m->value[f].b, len);
            if (masked) {
                buf_put(b, m->mask[f].b, len);
            }
        }
    }
    for (size_t i = 0; i < m->n_raw; i++) {
        const struct oxm_raw *r = &m->raw[i];
        /* The length byte is recomputed so that a hand-built raw TLV still
         * encodes consistently. */
        buf_put_be32(b, (r->header & ~UINT32_C(0xff)) |
                            (uint32_t)raw_payload_len(r));
        if (OXM_CLASS(r->header) == OFPXMC_EXPERIMENTER) {
            buf_put_be32(b, r->experimenter);
        }
        buf_put(b, r->data, r->len);
    }
}

void
ofp_match_encode(const struct ofp_match *m, struct buf *b)
{
    size_t start = b->size;
    buf_put_be16(b, OFPMT_OXM);
    buf_put_be16(b, (uint16_t)(4 + ofp_match_oxms_len(m)));
    ofp_match_encode_oxms(m, b);
    buf_pad(b, start, 8);
}

/* Set-field. */

enum ofperr
oxm_set_field_decode(struct cur *c, enum oxm_field *field,
                     struct oxm_value *value)
{
    const struct oxm_field_info *info;
    struct oxm_value v;
    uint32_t header;

    if (!cur_get_be32(c, &header)) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    if (OXM_CLASS(header) != OFPXMC_OPENFLOW_BASIC) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    info = oxm_field_info(OXM_FIELD(header));
    if (!info || !info->settable) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    /* OF1.3.5 §7.2.5: set-field carries no mask in 1.3. */
    if (OXM_HASMASK(header)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    memset(&v, 0, sizeof v);
    if (OXM_LENGTH(header) != info->len || !cur_get_bytes(c, v.b, info->len)) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    /* Whatever follows the TLV is padding and must be zero. */
    if (!bytes_all_zeros(c->p, c->left)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    cur_skip(c, c->left);
    if (!bytes_fit_bits(v.b, info->len, info->bits)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    /* OF1.3.5 §7.2.3.8: a set VLAN_VID must carry OFPVID_PRESENT. */
    if (info->id == OXM_VLAN_VID && !(get_be16(v.b) & OFPVID_PRESENT)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    *field = info->id;
    *value = v;
    return 0;
}

/* Subset and overlap. */

static bool
raw_in(const struct ofp_match *m, const struct oxm_raw *r)
{
    for (size_t i = 0; i < m->n_raw; i++) {
        if (oxm_raw_equal(&m->raw[i], r)) {
            return true;
        }
    }
    return false;
}

/* A field absent from a match behaves as value 0 under mask 0, which is
 * what the zeroed slots of an absent field hold. */
bool
ofp_match_is_subset(const struct ofp_match *m1, const struct ofp_match *m2)
{
    for (size_t f = 0; f < OXM_N_FIELDS; f++) {
        if (!ofp_match_has(m2, f)) {
            continue;
        }
        const uint8_t *v1 = m1->value[f].b, *k1 = m1->mask[f].b;
        const uint8_t *v2 = m2->value[f].b, *k2 = m2->mask[f].b;
        for (size_t i = 0; i < oxm_fields[f].len; i++) {
            if ((k2[i] & ~k1[i]) || ((v1[i] ^ v2[i]) & k2[i])) {
                return false;
            }
        }
    }
    /* Non-basic TLVs cannot be interpreted; each that 'm2' carries must be
     * in 'm1' verbatim. */
    for (size_t i = 0; i < m2->n_raw; i++) {
        if (!raw_in(m1, &m2->raw[i])) {
            return false;
        }
    }
    return true;
}

/* Two matches overlap unless some field they both constrain differs in a
 * bit both masks cover.  Non-basic TLVs are assumed to overlap. */
bool
ofp_match_overlaps(const struct ofp_match *a, const struct ofp_match *b)
{
    uint64_t both = a->present & b->present;
    for (size_t f = 0; f < OXM_N_FIELDS; f++) {
        if (!((both >> f) & 1)) {
            continue;
        }
        for (size_t i = 0; i < oxm_fields[f].len; i++) {
            uint8_t common = a->mask[f].b[i] & b->mask[f].b[i];
            if ((a->value[f].b[i] ^ b->value[f].b[i]) & common) {
                return false;
            }
        }
    }
    return true;
}
