/* datapath/execute.h -- applying one OpenFlow action to a packet's bytes:
 * header pushes and pops, TTL changes, set_field with every checksum kept
 * correct (IPv4 header; TCP, UDP, ICMPv6 pseudo-headers; ICMPv4; SCTP
 * CRC32c).  Output, group, set_queue and controller actions are not
 * executed here: the pipeline handles them because they need switch state.
 * The packet's layer offsets and the flow key are kept up to date so the
 * next action and the next table see the modified packet. */
#ifndef DATAPATH_EXECUTE_H
#define DATAPATH_EXECUTE_H 1

#include <stdbool.h>

#include "ofp13/actions.h"

struct dp_key;
struct dp_packet;

enum dp_exec_result {
    DP_EXEC_OK,           /* Applied (or a no-op where the spec says so). */
    DP_EXEC_TTL_EXPIRED,  /* DEC_NW_TTL / DEC_MPLS_TTL reached 0 (or was 0):
                          * the packet must be dropped, with a packet-in
                          * of reason INVALID_TTL if the controller asked. */
    DP_EXEC_INAPPLICABLE, /* The packet lacks the header the action needs
                           * (e.g. pop_vlan on an untagged frame): the
                           * action is skipped. */
};

/* Applies header-modifying action 'a' (COPY_TTL_OUT/IN, SET/DEC_MPLS_TTL,
 * PUSH/POP_VLAN, PUSH/POP_MPLS, PUSH/POP_PBB, SET/DEC_NW_TTL, SET_FIELD)
 * to 'pkt' and updates 'key' (re-extracting when the layout changes; the
 * pipeline fields METADATA, IN_PORT, TUNNEL_ID in 'key' are preserved).
 * Other action types return DP_EXEC_OK and do nothing. */
enum dp_exec_result dp_execute_action(struct dp_packet *pkt,
                                      struct dp_key *key,
                                      const struct ofp_action *a);

/* Checksum helpers (exported for tests and for ports that complete
 * partial checksums). */
uint16_t dp_csum(const void *, size_t);   /* Internet checksum. */
uint32_t dp_crc32c(const void *, size_t); /* SCTP CRC32c. */

#endif /* datapath/execute.h */
