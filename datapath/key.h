/* datapath/key.h -- the flow key: every OXM field of a packet (plus the
 * pipeline fields) in one flat, fixed-layout byte array, so that a flow's
 * match becomes a (value, mask) pair over the same layout and the
 * classifier compares with word-wise AND.  A field absent from the packet
 * reads as zero; rules cannot confuse that with a real zero because OXM
 * prerequisites (enforced at flow install) pin the protocol fields that
 * make a field meaningful.  VLAN_VID follows OF1.3: 0 for untagged,
 * OFPVID_PRESENT|vid for tagged. */
#ifndef DATAPATH_KEY_H
#define DATAPATH_KEY_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/match.h"

struct dp_packet;

/* The key's size in bytes: a multiple of 8. */
#define DP_KEY_SIZE 192

struct dp_key {
    uint64_t w[DP_KEY_SIZE / 8];
};

/* Where field 'f' lives in the key (byte offset) and its length (the OXM
 * value length; values are stored in wire byte order). */
size_t dp_key_field_ofs(enum oxm_field f);
size_t dp_key_field_len(enum oxm_field f);

/* Parses the frame of 'pkt' into 'key', sets the packet's layer offsets,
 * and fills in the pipeline fields: IN_PORT = pkt->in_port, IN_PHY_PORT =
 * the same, METADATA = 0, TUNNEL_ID = 'tunnel_id'.  Parses as far as the
 * frame is valid and never reads past pkt->size; a truncated header leaves
 * its fields (and those after it) zero.  Parses 802.1Q/802.1ad tags (outer
 * tag into VLAN_VID/PCP, ETH_TYPE after all tags), MPLS (top label: label,
 * tc, bos), PBB I-TAG (0x88e7: PBB_ISID; the customer frame after it is not
 * parsed further), IPv4 (options, fragments: L4 fields only in the first
 * fragment), IPv6 with extension headers (IPV6_EXTHDR bits, OF1.3.5
 * §7.2.3.8), ARP, ICMPv4, ICMPv6 with ND target/SLL/TLL, TCP, UDP, SCTP. */
void dp_key_extract(struct dp_packet *pkt, uint64_t tunnel_id,
                    struct dp_key *key);

/* Reads field 'f' from 'key' into 'v' (zero-padded to 16 bytes). */
void dp_key_get(const struct dp_key *, enum oxm_field f, struct oxm_value *v);
/* Writes field 'f' of 'key' (used for METADATA and after set_field). */
void dp_key_set(struct dp_key *, enum oxm_field f, const struct oxm_value *);

/* Converts a match into (value, mask) over the key layout; value bits
 * outside the mask are zero. */
void dp_key_from_match(const struct ofp_match *, struct dp_key *value,
                       struct dp_key *mask);
/* Builds an OXM match with the packet's pipeline fields for a packet-in
 * (OF1.3.5 §7.4.1: IN_PORT always; IN_PHY_PORT if it differs; METADATA and
 * TUNNEL_ID when non-zero). */
void dp_key_to_packet_in_match(const struct dp_key *, struct ofp_match *);
/* Builds an exact match of every field present in the packet (used by
 * `ofctl trace` output and tests). */
void dp_key_to_match(const struct dp_key *, struct ofp_match *);

static inline bool
dp_key_masked_equal(const struct dp_key *key, const struct dp_key *value,
                    const struct dp_key *mask)
{
    for (size_t i = 0; i < DP_KEY_SIZE / 8; i++) {
        if ((key->w[i] & mask->w[i]) != value->w[i]) {
            return false;
        }
    }
    return true;
}

uint32_t dp_key_hash(const struct dp_key *, uint32_t basis);
uint32_t dp_key_hash_masked(const struct dp_key *, const struct dp_key *mask,
                            uint32_t basis);

#endif /* datapath/key.h */
