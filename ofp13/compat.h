/* ofp13/compat.h -- the OpenFlow 1.0 and 1.1 translator.  Controllers and
 * tools that speak OpenFlow 1.0 (wire 0x01) or 1.1 (wire 0x02) are served
 * through the same 1.3 model as everyone else (ofp13/msgs.h): their bytes
 * decode into 'struct ofp_msg' and friends, and any model message encodes
 * back into 1.0 or 1.1 bytes.  There is no second model.  What differs
 * between versions and cannot be said in the 1.3 model is made explicit in
 * two places, never hidden in flows:
 *
 *   - 'struct ofp_compat_info', filled by the decoder, tells the switch
 *     the per-message semantics it must apply (MODIFY that adds, counter
 *     reset on re-add, the 1.1 table-miss policy, ...);
 *   - a few model-level constants: the internal actions OFPAT_X_* of
 *     ofp13/actions.h (set-VLAN-or-push, set-L4-port-by-packet) and the
 *     1.0 port config bits OFPPC10_* below.
 *
 * Translation rules follow reference/OPENFLOW.md §2 and Open vSwitch
 * (lib/ofp-match.c, ofp-flow.c, ofp-actions.c); each place that chooses
 * says so.  Where the versions cannot agree exactly, the choice is:
 *
 *   - 1.0 ENQUEUE is 1.3's set_queue then output, so in the model the
 *     queue also holds for later outputs of the same list (1.0's applies
 *     to its own output only); Open vSwitch's 1.1+ rendering does the
 *     same.  The 1.0 encoder writes ENQUEUE for each output after a
 *     set_queue.
 *   - 1.0 lets SET_NW_SRC/DST/TOS run on packets without an IP header (a
 *     no-op); the model has a plain set_field, which the pipeline refuses
 *     (OFPBAC_MATCH_INCONSISTENT) when the match does not pin the
 *     protocol, as 1.1+ switches do.
 *   - Replies: what a version cannot say exactly is left out (flows in a
 *     FLOW stats reply, ports with big numbers in a 1.0 list) or refused
 *     (ENOTSUP), never approximated.
 *
 * Everything here is pure: no I/O, no global state.
 *
 * Ownership is as in msgs.h: a decoded message owns what it points to and
 * ofp_msg_uninit() frees it; 'struct ofp_compat_info' may own a port list
 * (ofp_compat_info_uninit()). */
#ifndef OFP13_COMPAT_H
#define OFP13_COMPAT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/actions.h"
#include "ofp13/errors.h"
#include "ofp13/match.h"
#include "ofp13/msgs.h"
#include "util/buf.h"
#include "util/cur.h"

/* --- Model extensions. -------------------------------------------------- */

/* OpenFlow 1.0 port config bits that 1.3 dropped (OF1.0 §5.2.1).  They
 * live in the model's ofp_port.config and ofp_port_mod.config/mask at
 * their 1.0 positions, which 1.3 leaves unused; the bits 1.0 shares with
 * 1.3 (PORT_DOWN, NO_RECV, NO_FWD, NO_PACKET_IN) have the same positions
 * in both.  A 1.0 PORT_MOD may set them (ofp_compat_info.port_config10
 * says so); the switch must honour NO_FLOOD (OFPP_FLOOD skips the port)
 * and may ignore the two STP bits, as a switch without STP.  The 1.1
 * encoder drops them; a 1.3 encoding of a port must mask them out
 * (OFPPC13_ALL). */
#define OFPPC10_NO_STP (1u << 1)
#define OFPPC10_NO_RECV_STP (1u << 3)
#define OFPPC10_NO_FLOOD (1u << 4)
#define OFPPC10_ALL 0x7fu
#define OFPPC13_ALL \
    (OFPPC_PORT_DOWN | OFPPC_NO_RECV | OFPPC_NO_FWD | OFPPC_NO_PACKET_IN)

/* OpenFlow 1.1 table-miss configuration (OF1.1 §A.3.3, TABLE_MOD and the
 * TABLE stats 'config' field).  OF1.3 kept the two bits as
 * OFPTC_DEPRECATED_MASK, so the model's table_mod.config carries them
 * unchanged; ofp_compat_info.table_miss says what they mean. */
#define OFPTC11_TABLE_MISS_CONTROLLER 0u
#define OFPTC11_TABLE_MISS_CONTINUE 1u
#define OFPTC11_TABLE_MISS_DROP 2u
#define OFPTC11_TABLE_MISS_MASK 3u

/* OpenFlow 1.1 switch config flag: send packets whose TTL expires to the
 * controller (OF1.1 §A.3.2).  1.3 replaced it by the INVALID_TTL bit of
 * the async packet-in mask.  It stays in the model's config flags of a
 * 1.1 SET_CONFIG or GET_CONFIG_REPLY (so the switch takes only the
 * OFPC_FRAG_MASK bits as fragment handling) and is reported in
 * ofp_compat_info.invalid_ttl_to_controller; a model config with it set
 * encodes it for 1.1 and drops it for 1.0. */
#define OFPC11_INVALID_TTL_TO_CONTROLLER (1u << 2)

/* Table-miss policies a 1.1 TABLE_MOD can ask for. */
enum ofp_compat_table_miss {
    OFP_COMPAT_MISS_NONE = 0,   /* Not a 1.1 TABLE_MOD. */
    OFP_COMPAT_MISS_CONTROLLER, /* Packet-in NO_MATCH (1.0/1.1 default). */
    OFP_COMPAT_MISS_CONTINUE,   /* Go on to the next table. */
    OFP_COMPAT_MISS_DROP,       /* Drop the packet. */
};

/* Per-message semantics that the 1.3 model cannot carry.  The decoder
 * fills it for every message (all false/zero for 1.3 messages and for
 * messages where nothing differs); the switch applies it. */
struct ofp_compat_info {
    uint8_t version; /* Wire version of the decoded message. */

    /* FLOW_MOD. */
    bool modify_may_add;      /* MODIFY(_STRICT) that matches nothing adds
                               * the flow: always in 1.0, in 1.1 when
                               * cookie_mask is 0 (§2.9); the pipeline's
                               * DP_FM_MODIFY_MAY_ADD. */
    bool readd_resets_counts; /* An ADD that replaces an identical flow
                               * resets its counters (1.0 and 1.1 ADD);
                               * DP_FM_READD_RESETS. */
    bool modify_sets_cookie;  /* 1.0 MODIFY(_STRICT): the flows it changes
                               * also take the message's cookie, as Open
                               * vSwitch does (not for a cookie of all
                               * ones). */
    bool table_chosen;        /* 1.0 has no table_id: the translator chose
                               * table 0 for ADD and OFPTT_ALL for MODIFY
                               * and DELETE (strict or not), as Open
                               * vSwitch does; a MODIFY that adds puts the
                               * flow in table 0 (§2.9). */
    bool match_normalised;    /* 1.0/1.1 match fields whose prerequisites
                               * were absent were dropped (OVS "normal
                               * form"); worth a rate-limited warning. */

    /* PORT_MOD. */
    bool port_config10; /* config/mask may hold OFPPC10_* bits. */

    /* TABLE_MOD (1.1). */
    enum ofp_compat_table_miss table_miss;

    /* SET_CONFIG (1.1): OFPC11_INVALID_TTL_TO_CONTROLLER was set. */
    bool invalid_ttl_to_controller;

    /* FEATURES_REPLY (1.0/1.1 carry the port list that 1.3 moved to
     * PORT_DESC); decoded for tools.  Owned. */
    size_t n_ports;
    struct ofp_port *ports;
};

void ofp_compat_info_init(struct ofp_compat_info *);
/* Frees the port list; NULL is a no-op. */
void ofp_compat_info_uninit(struct ofp_compat_info *);

/* Switch state an encoder needs that no model message carries.  Every
 * member may be zero/NULL. */
struct ofp_compat_ctx {
    /* FEATURES_REPLY port list (1.0/1.1).  Ports with a 1.0-inexpressible
     * number are left out of a 1.0 list; a list that would push the reply
     * over 64 KiB is left out entirely, as Open vSwitch does. */
    const struct ofp_port *ports;
    size_t n_ports;
    /* TABLE stats: 1.1 'config' per table id (OFPTC11_TABLE_MISS_*; tables
     * past 'n_table_miss' report CONTROLLER, the 1.1 default), and the
     * max_entries to report (0: 1000000). */
    const uint8_t *table_miss;
    size_t n_table_miss;
    uint32_t max_entries;
};

/* --- Entry points. ------------------------------------------------------ */

/* Decodes one message of exactly 'size' bytes in any version the switch
 * speaks: 1.0 and 1.1 through the translator, 1.3 through
 * ofp_msg_decode(); a HELLO of any version decodes.  Other versions give
 * OFPBRC_BAD_VERSION.  'msg' is always initialised, as by ofp_msg_decode:
 * on error it is empty but has the header's version and xid and the model
 * type (or the wire type when unknown).  The model keeps the wire version
 * in msg->version; message types are the 1.3 (model) numbers.
 * 'info' (may be NULL) is always initialised; call
 * ofp_compat_info_uninit() on it.
 *
 * Errors, besides those of ofp_msg_decode(): OFPBRC_BAD_TYPE (a type the
 * version does not have, e.g. GROUP_MOD in 1.0), OFPBRC_BAD_MULTIPART
 * (1.0's BAD_STAT: a stats type the version does not have),
 * OFPTMFC_BAD_CONFIG (1.1 TABLE_MOD), OFPBRC_BAD_LEN,
 * OFPBMC_BAD_TYPE/BAD_LEN/BAD_VALUE/BAD_WILDCARDS
 * (1.1 match), OFPBAC_BAD_TYPE/BAD_LEN/BAD_ARGUMENT/BAD_OUT_PORT (1.0/1.1
 * actions), OFPBIC_* (1.1 instructions), OFPFMFC_BAD_FLAGS (flags the
 * version does not have), OFPFMFC_BAD_TABLE_ID (1.1 flow_mod to
 * OFPTT_ALL), OFPFMFC_BAD_COMMAND; for the 1.0 EMERG flow_mod flag
 * OFPFMFC_BAD_TIMEOUT (1.0 BAD_EMERG_TIMEOUT) when a timeout is set, else
 * OFPFMFC_TABLE_FULL (1.0 ALL_TABLES_FULL): the emergency flow cache has
 * no room, as in Open vSwitch. */
enum ofperr ofp_msg_decode_any(const uint8_t *data, size_t size,
                               struct ofp_msg *msg,
                               struct ofp_compat_info *info);

/* Appends the wire encoding of 'msg' for 'version' (1.0, 1.1 or 1.3; 1.3
 * is ofp_msg_encode()).  Long multipart (stats) replies are split into
 * several messages with REPLY_MORE, as in 1.3.  Returns 0; EMSGSIZE if a
 * message that cannot be split is too long; ENOTSUP if the message cannot
 * be expressed in 'version' (a type the version lacks, a match or an
 * action it cannot say, a 1.0 PACKET_IN with reason INVALID_TTL, ...): the
 * caller then does not send it on that connection.  Nothing is appended
 * on error.
 *
 * FLOW stats replies leave out the flows the version cannot express
 * exactly (ofp_flow_stats_expressible()) rather than show a wrong flow:
 * for 1.0 a flow needs a 1.0-expressible match and at most APPLY_ACTIONS
 * with 1.0-expressible actions (no goto_table, meter, metadata,
 * write/clear actions, group, TTL, MPLS, PBB, IPv6 or ICMP rewrites); for
 * 1.1 a 1.1-expressible match, no METER instruction and 1.1-expressible
 * actions (no PBB, no IPv6, ICMP or ARP rewrites).  The AGGREGATE reply
 * still counts every flow. */
int ofp_msg_encode_version(const struct ofp_msg *, uint8_t version,
                           struct buf *out);
/* The same with switch state the message does not carry ('ctx' may be
 * NULL). */
int ofp_msg_encode_version_ctx(const struct ofp_msg *, uint8_t version,
                               const struct ofp_compat_ctx *ctx,
                               struct buf *out);
/* FEATURES_REPLY with its port list: 1.0 (32 bytes, ofp10_phy_port list,
 * computed actions bitmap), 1.1 (ofp11_port list) or 1.3 (no list). */
int ofp_features_reply_encode_version(const struct ofp_msg *,
                                      const struct ofp_port *ports,
                                      size_t n_ports, uint8_t version,
                                      struct buf *out);

/* Can 'version' express this flow exactly (see ofp_msg_encode_version)?
 * For 1.3 always true. */
bool ofp_flow_stats_expressible(const struct ofp_flow_stats *,
                                uint8_t version);
/* Can 'version' express this match exactly? */
bool ofp_match_expressible(const struct ofp_match *, uint8_t version);

/* --- Wire pieces (for the translator's tests and tools). ---------------- */

/* 1.0 port numbers are 16 bits: 0..0xfeff are the same number in the
 * model, 0xff00..0xffff are the reserved ports 0xffffff00..0xffffffff
 * (OFPP_NONE = OFPP_ANY).  ofp10_port_from_model() fails for the model
 * numbers 1.0 cannot say. */
uint32_t ofp10_port_to_model(uint16_t port);
bool ofp10_port_from_model(uint32_t port, uint16_t *port10);

/* ofp10_match (40 bytes) <-> model.  Decoding normalises (drops fields
 * whose prerequisites are absent; sets '*normalised' if it dropped
 * anything, 'normalised' may be NULL), maps nw_tos to IP_DSCP, nw_proto
 * and nw_src/nw_dst to ARP_OP/ARP_SPA/ARP_TPA for ARP, tp_src/tp_dst to
 * ICMP type/code for ICMP.  Errors: OFPBRC_BAD_LEN (short),
 * OFPBMC_BAD_VALUE (ICMP type or code over 255).  Encoding appends the 40
 * bytes and returns true only if the match decodes back to exactly 'm';
 * otherwise it appends nothing. */
enum ofperr ofp10_match_decode(struct cur *, struct ofp_match *,
                               bool *normalised);
bool ofp10_match_encode(const struct ofp_match *, struct buf *);

/* ofp11_match (OFPMT_STANDARD, 88 bytes) <-> model.  Errors:
 * OFPBMC_BAD_TYPE, OFPBMC_BAD_LEN, OFPBMC_BAD_WILDCARDS (unknown wildcard
 * bits), OFPBMC_BAD_VALUE (VID, PCP, ToS ECN bits, ICMP type/code, MPLS
 * label or TC out of range). */
enum ofperr ofp11_match_decode(struct cur *, struct ofp_match *,
                               bool *normalised);
bool ofp11_match_encode(const struct ofp_match *, struct buf *);

/* 1.0 / 1.1 action lists occupying all of 'c' <-> model.  'match' (may be
 * NULL: nothing known) is the flow's match: what it guarantees about the
 * packet decides whether a 1.0 SET_VLAN_* becomes a plain set_field, a
 * push_vlan plus set_field, or OFPAT_X_SET_VLAN_OR_PUSH, and whether
 * SET_TP_* becomes a TCP/UDP/SCTP set_field or OFPAT_X_SET_L4_*.
 * Decoders leave 'acts' empty on error.  Encoders return false (appending
 * nothing) if an action cannot be expressed. */
enum ofperr ofp10_actions_decode(struct cur *, const struct ofp_match *match,
                                 struct ofp_actions *);
bool ofp10_actions_encode(const struct ofp_actions *,
                          const struct ofp_match *match, struct buf *);
enum ofperr ofp11_actions_decode(struct cur *, const struct ofp_match *match,
                                 struct ofp_actions *);
bool ofp11_actions_encode(const struct ofp_actions *,
                          const struct ofp_match *match, struct buf *);
/* 1.1 instructions (1.3's minus METER, with 1.1 actions). */
enum ofperr ofp11_instructions_decode(struct cur *,
                                      const struct ofp_match *match,
                                      struct ofp_instructions *);
bool ofp11_instructions_encode(const struct ofp_instructions *,
                               const struct ofp_match *match, struct buf *);

/* --- Internal to the translator (ofp10.c, ofp11.c, ofp1x-common.c). ----- */

/* What a flow's match (and the actions so far) guarantee about a packet,
 * for the translation of 1.0/1.1 set actions. */
struct ofp1x_pkt {
    int vlan;   /* 1: tagged, 0: untagged, -1: unknown. */
    int l4_src; /* OXM_TCP_SRC, OXM_UDP_SRC, OXM_SCTP_SRC, or -1. */
};
void ofp1x_pkt_from_match(const struct ofp_match *, struct ofp1x_pkt *);
/* Updates 'pkt' for the effect of model action 'a'. */
void ofp1x_pkt_apply(struct ofp1x_pkt *, const struct ofp_action *a);

/* Model actions shared by both decoders.  Each appends to 'acts'. */
void ofp1x_push_set_field(struct ofp_actions *, enum oxm_field,
                          uint64_t value);
void ofp1x_push_set_vlan(struct ofp_actions *, struct ofp1x_pkt *,
                         enum oxm_field, uint16_t value, bool may_push);
void ofp1x_push_set_tp(struct ofp_actions *, const struct ofp1x_pkt *,
                       bool dst, uint16_t port);
/* Does 'v' fit in the significant bits of field 'f' (the 1.0/1.1 set
 * actions refuse larger values, e.g. a PCP over 7)? */
bool ofp1x_field_value_ok(enum oxm_field f, const struct oxm_value *v);
/* Decodes the one 1.3-format action in 'c' (type and length included)
 * and appends it. */
enum ofperr ofp1x_push_13_action(struct cur *, struct ofp_actions *);
/* Appends the 1.3 encoding of the one action 'a'. */
void ofp1x_put_13_action(const struct ofp_action *, struct buf *);

/* Port structures: ofp10_phy_port (48 bytes), ofp11_port (64 bytes, the
 * 1.3 layout with the bits 1.1 does not have masked). */
enum ofperr ofp10_phy_port_decode(struct cur *, struct ofp_port *);
void ofp10_phy_port_encode(const struct ofp_port *, struct buf *);
enum ofperr ofp11_port_decode(struct cur *, struct ofp_port *);
void ofp11_port_encode(const struct ofp_port *, struct buf *);
/* 1.0 port feature bits <-> model (1.3) bits. */
uint32_t ofp10_features_to_model(uint32_t);
uint32_t ofp10_features_from_model(uint32_t);

/* Appends one zeroed element to the array '*arr' of '*n' elements of
 * 'size' bytes (room for '*cap') and returns it. */
void *ofp1x_array_push(void **arr, size_t *n, size_t *cap, size_t size);

/* Decodes elements of 'size' bytes with 'decode' until 'c' is empty,
 * appending each to the array '*arr' of '*n'.  Each element is zeroed,
 * given to 'init' (may be NULL) and counted before it is decoded, so on
 * error the array holds only elements its owner can free. */
typedef enum ofperr ofp1x_elem_decode_fn(struct cur *, void *elem);
enum ofperr ofp1x_array_decode(struct cur *, void **arr, size_t *n,
                               size_t size, void (*init)(void *elem),
                               ofp1x_elem_decode_fn *decode);

/* Appends a header of 'version' and returns its offset (length patched by
 * ofp13_msg_finish()). */
size_t ofp1x_header_put(struct buf *, uint8_t version, uint8_t wire_type,
                        uint32_t xid);

/* Encodes one element of a stats body (index 'i' of 'arr') for the
 * version; returns false (the caller truncates) to leave it out. */
typedef bool ofp1x_elem_encode_fn(const void *arr, size_t i,
                                  const struct ofp_compat_ctx *, struct buf *);
/* Appends 'n' elements as one or more stats messages of 'version' (1.0: a
 * 12-byte stats header, 1.1: 16 bytes), splitting at 64 KiB with 'more'
 * added to 'flags' on all but the last.  Returns 0 or EMSGSIZE (nothing
 * appended) when one element alone does not fit. */
int ofp1x_stats_array_encode(struct buf *, uint8_t version, uint8_t wire_type,
                             uint32_t xid, uint16_t stats_type, uint16_t flags,
                             uint16_t more, size_t n, const void *arr,
                             ofp1x_elem_encode_fn *,
                             const struct ofp_compat_ctx *);

/* QUEUE_GET_CONFIG_REPLY queue lists (8-byte queue headers without a
 * port, through 1.1); 1.0 has only MIN_RATE. */
enum ofperr ofp1x_queues_decode(struct cur *, uint8_t version,
                                struct ofp_queue_get_config_reply *);
void ofp1x_queues_encode(const struct ofp_queue_get_config_reply *,
                         uint8_t version, struct buf *);

/* Per-version message codecs behind the entry points: the decoders take
 * a whole message of the version (header checked for at least 8 bytes)
 * and an initialised, non-NULL 'info'; they leave 'msg' as
 * ofp_msg_decode_any() documents.  The encoders take a non-NULL 'ctx'. */
enum ofperr ofp10_msg_decode(const uint8_t *, size_t, struct ofp_msg *,
                             struct ofp_compat_info *);
int ofp10_msg_encode(const struct ofp_msg *, const struct ofp_compat_ctx *,
                     struct buf *);
enum ofperr ofp11_msg_decode(const uint8_t *, size_t, struct ofp_msg *,
                             struct ofp_compat_info *);
int ofp11_msg_encode(const struct ofp_msg *, const struct ofp_compat_ctx *,
                     struct buf *);

#endif /* ofp13/compat.h */
