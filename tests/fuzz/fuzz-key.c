/* tests/fuzz/fuzz-key.c -- libFuzzer target for flow key extraction and
 * header actions (datapath/key.c, datapath/execute.c).  The whole input is
 * an Ethernet frame: it is extracted into a flow key, then two header
 * actions run on it, the first chosen by the input's first byte and the
 * second by its last byte (each modulo the number of sample actions: the
 * push, pop, TTL and copy-TTL actions, then one SET_FIELD per OXM field
 * with a value derived from the same byte).  The frame is copied into a
 * packet that ends exactly at the end of its heap block, so any read past
 * it is an AddressSanitizer report.  After each action the key must equal
 * a fresh extraction of the modified bytes, with the pipeline fields
 * (IN_PORT, IN_PHY_PORT, METADATA, TUNNEL_ID) preserved; a difference is an
 * abort().  Any crash, sanitizer report, leak or abort() is a bug in
 * datapath/.
 *
 * Seeds: tests/fuzz/corpus/key/ (frames of every kind the parser knows). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/execute.h"
#include "datapath/key.h"
#include "datapath/packet.h"
#include "ofp13/actions.h"
#include "ofp13/match.h"
#include "ofp13/ofp.h"
#include "util/cur.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_IN_PORT 3
#define FUZZ_TUNNEL_ID UINT64_C(0x0123456789abcdef)
#define FUZZ_METADATA UINT64_C(0xfedcba9876543210)

/* Action types tried before the SET_FIELD actions. */
static const uint16_t fuzz_types[] = {
    OFPAT_COPY_TTL_OUT, OFPAT_COPY_TTL_IN, OFPAT_SET_MPLS_TTL,
    OFPAT_DEC_MPLS_TTL, OFPAT_PUSH_VLAN,   OFPAT_POP_VLAN,
    OFPAT_PUSH_MPLS,    OFPAT_POP_MPLS,    OFPAT_SET_NW_TTL,
    OFPAT_DEC_NW_TTL,   OFPAT_PUSH_PBB,    OFPAT_POP_PBB,
    OFPAT_OUTPUT,
};
#define N_FUZZ_TYPES (sizeof fuzz_types / sizeof fuzz_types[0])
#define N_FUZZ_ACTIONS (N_FUZZ_TYPES + OXM_N_FIELDS)

/* The sample action number 'sel % N_FUZZ_ACTIONS', its arguments derived
 * from 'sel'. */
static struct ofp_action
fuzz_action(uint8_t sel)
{
    static const uint16_t ethertypes[] = { 0x8100, 0x88a8, 0x8847, 0x8848,
                                           0x0800, 0x86dd, 0x0806, 0x88e7 };
    size_t i = sel % N_FUZZ_ACTIONS;
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    if (i < N_FUZZ_TYPES) {
        a.type = fuzz_types[i];
        switch (a.type) {
        case OFPAT_SET_MPLS_TTL:
        case OFPAT_SET_NW_TTL:
            a.u.ttl = sel >> 4;
            break;
        case OFPAT_PUSH_VLAN:
            a.u.ethertype = sel & 0x80 ? 0x88a8 : 0x8100;
            break;
        case OFPAT_PUSH_MPLS:
            a.u.ethertype = sel & 0x80 ? 0x8848 : 0x8847;
            break;
        case OFPAT_POP_MPLS:
            a.u.ethertype = ethertypes[sel >> 5];
            break;
        case OFPAT_PUSH_PBB:
            a.u.ethertype = 0x88e7;
            break;
        default:
            break;
        }
        return a;
    }

    a.type = OFPAT_SET_FIELD;
    a.u.set_field.field = (enum oxm_field)(i - N_FUZZ_TYPES);
    for (size_t b = 0; b < OXM_MAX_LEN; b++) {
        a.u.set_field.value.b[b] = (uint8_t)(sel * 37 + b * 11);
    }
    if (a.u.set_field.field == OXM_ETH_TYPE ||
        a.u.set_field.field == OXM_IP_PROTO) {
        /* Types and protocols the parser knows, so that the next
         * extraction goes somewhere interesting. */
        put_be16(a.u.set_field.value.b, ethertypes[sel >> 5]);
        if (a.u.set_field.field == OXM_IP_PROTO) {
            static const uint8_t protos[] = { 1, 6, 17, 132, 58, 0, 44, 59 };
            a.u.set_field.value.b[0] = protos[sel >> 5];
        }
    }
    return a;
}

static void __attribute__((noreturn))
fuzz_fail(const char *why, enum oxm_field f)
{
    fprintf(stderr, "fuzz-key: %s (field %u)\n", why, (unsigned int)f);
    abort();
}

/* Aborts unless 'key' and the packet's offsets are what a fresh
 * extraction of the packet gives, with the pipeline fields preserved. */
static void
fuzz_check_key(struct dp_packet *p, const struct dp_key *key,
               uint64_t tunnel_id)
{
    struct oxm_value in_port, in_phy_port, metadata, tunnel;
    uint16_t l2_5 = p->l2_5_ofs, l3 = p->l3_ofs, l4 = p->l4_ofs;
    uint16_t mpls = p->mpls_ofs;
    struct dp_key fresh;

    dp_key_get(key, OXM_IN_PORT, &in_port);
    dp_key_get(key, OXM_IN_PHY_PORT, &in_phy_port);
    dp_key_get(key, OXM_METADATA, &metadata);
    dp_key_get(key, OXM_TUNNEL_ID, &tunnel);
    if (get_be32(in_port.b) != FUZZ_IN_PORT ||
        get_be32(in_phy_port.b) != FUZZ_IN_PORT) {
        fuzz_fail("in_port not preserved", OXM_IN_PORT);
    }
    if (get_be64(metadata.b) != FUZZ_METADATA) {
        fuzz_fail("metadata not preserved", OXM_METADATA);
    }
    if (get_be64(tunnel.b) != tunnel_id) {
        fuzz_fail("tunnel_id not preserved", OXM_TUNNEL_ID);
    }

    dp_key_extract(p, tunnel_id, &fresh);
    dp_key_set(&fresh, OXM_METADATA, &metadata);
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        struct oxm_value a, b;
        dp_key_get(key, f, &a);
        dp_key_get(&fresh, f, &b);
        if (memcmp(a.b, b.b, sizeof a.b)) {
            fuzz_fail("key differs from a fresh extraction", f);
        }
    }
    if (memcmp(&fresh, key, sizeof fresh)) {
        fuzz_fail("key padding differs from a fresh extraction", 0);
    }
    if (p->l2_5_ofs != l2_5 || p->l3_ofs != l3 || p->l4_ofs != l4 ||
        p->mpls_ofs != mpls) {
        fuzz_fail("layer offsets differ from a fresh extraction", 0);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dp_packet *p = dp_packet_create(data, size, 0);
    struct oxm_value v;
    struct dp_key key;
    uint64_t tunnel_id = FUZZ_TUNNEL_ID;

    p->in_port = FUZZ_IN_PORT;
    dp_key_extract(p, tunnel_id, &key);
    memset(&v, 0, sizeof v);
    put_be64(v.b, FUZZ_METADATA);
    dp_key_set(&key, OXM_METADATA, &v);

    if (size) {
        uint8_t sels[2] = { data[0], data[size - 1] };
        for (size_t i = 0; i < 2; i++) {
            struct ofp_action a = fuzz_action(sels[i]);
            enum dp_exec_result r = dp_execute_action(p, &key, &a);
            if (r != DP_EXEC_OK && r != DP_EXEC_TTL_EXPIRED &&
                r != DP_EXEC_INAPPLICABLE) {
                fuzz_fail("bad result", 0);
            }
            if (a.type == OFPAT_SET_FIELD && r == DP_EXEC_OK &&
                a.u.set_field.field == OXM_TUNNEL_ID) {
                tunnel_id = get_be64(a.u.set_field.value.b);
            }
            fuzz_check_key(p, &key, tunnel_id);
        }
    }

    /* The model conversions must accept whatever the parser produced. */
    struct ofp_match m;
    struct dp_key value, mask;
    dp_key_to_match(&key, &m);
    if (ofp_match_check_prereqs(&m)) {
        fuzz_fail("match of a key breaks prerequisites", 0);
    }
    dp_key_from_match(&m, &value, &mask);
    if (!dp_key_masked_equal(&key, &value, &mask)) {
        fuzz_fail("key does not match its own match", 0);
    }
    ofp_match_uninit(&m);

    dp_packet_destroy(p);
    return 0;
}
