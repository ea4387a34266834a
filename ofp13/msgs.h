/* ofp13/msgs.h -- the OpenFlow 1.3 message model and its wire codec.
 * Every message of OF1.3.5 (30 types, 14 multipart types plus
 * experimenter) decodes into one 'struct ofp_msg' and encodes back.  The
 * model is version-independent: the 1.0/1.1 translator decodes into the
 * same structs.  Decoding checks structure only (OF1.3.5 §7); validation
 * against switch state is the pipeline's job.
 *
 * Ownership: a decoded message owns every array and byte block it points
 * to; ofp_msg_uninit() frees them.  Decoders never keep pointers into the
 * input buffer. */
#ifndef OFP13_MSGS_H
#define OFP13_MSGS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/actions.h"
#include "ofp13/errors.h"
#include "ofp13/match.h"
#include "ofp13/ofp.h"
#include "util/buf.h"
#include "util/cur.h"

/* A byte block owned by its message (echo payloads, packet data, error
 * data, experimenter bodies). */
struct ofp_bytes {
    uint8_t *data; /* Owned; NULL when empty. */
    size_t len;
};

/* OFPT_HELLO.  'bitmap' holds the version-bitmap element (bit n = wire
 * version n); 'has_bitmap' is false when the peer sent none. */
struct ofp_hello {
    bool has_bitmap;
    uint32_t bitmap; /* Versions 0..31 (only the first word is kept). */
};

/* OFPT_ERROR. */
struct ofp_error_msg {
    uint16_t type, code;
    uint32_t experimenter; /* When type == OFPET_EXPERIMENTER. */
    enum ofperr error;     /* The decoded error, or 0 if unknown. */
    struct ofp_bytes data; /* The offending request's first bytes, or the
                            * ASCII text of HELLO_FAILED. */
};

/* OFPT_EXPERIMENTER. */
struct ofp_experimenter_msg {
    uint32_t experimenter;
    uint32_t exp_type;
    struct ofp_bytes data;
};

/* OFPT_FEATURES_REPLY. */
struct ofp_features_reply {
    uint64_t datapath_id;
    uint32_t n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;
    uint32_t capabilities;
    uint32_t reserved;
};

/* OFPT_GET_CONFIG_REPLY, OFPT_SET_CONFIG. */
struct ofp_switch_config {
    uint16_t flags;
    uint16_t miss_send_len;
};

/* ofp_port (64 bytes). */
struct ofp_port {
    uint32_t port_no;
    uint8_t hw_addr[6];
    char name[OFP_MAX_PORT_NAME_LEN + 1]; /* NUL-terminated. */
    uint32_t config, state;
    uint32_t curr, advertised, supported, peer;
    uint32_t curr_speed, max_speed;
};

/* OFPT_PACKET_IN. */
struct ofp_packet_in {
    uint32_t buffer_id;
    uint16_t total_len;
    uint8_t reason;
    uint8_t table_id;
    uint64_t cookie;
    struct ofp_match match;
    struct ofp_bytes data;
};

/* OFPT_FLOW_REMOVED. */
struct ofp_flow_removed {
    uint64_t cookie;
    uint16_t priority;
    uint8_t reason;
    uint8_t table_id;
    uint32_t duration_sec, duration_nsec;
    uint16_t idle_timeout, hard_timeout;
    uint64_t packet_count, byte_count;
    struct ofp_match match;
};

/* OFPT_PORT_STATUS. */
struct ofp_port_status {
    uint8_t reason;
    struct ofp_port desc;
};

/* OFPT_PACKET_OUT. */
struct ofp_packet_out {
    uint32_t buffer_id;
    uint32_t in_port;
    struct ofp_actions actions;
    struct ofp_bytes data;
};

/* OFPT_FLOW_MOD. */
struct ofp_flow_mod {
    uint64_t cookie, cookie_mask;
    uint8_t table_id;
    uint8_t command;
    uint16_t idle_timeout, hard_timeout;
    uint16_t priority;
    uint32_t buffer_id;
    uint32_t out_port, out_group;
    uint16_t flags;
    struct ofp_match match;
    struct ofp_instructions instructions;
};

/* OFPT_GROUP_MOD. */
struct ofp_group_mod {
    uint16_t command;
    uint8_t type;
    uint32_t group_id;
    struct ofp_buckets buckets;
};

/* OFPT_PORT_MOD. */
struct ofp_port_mod {
    uint32_t port_no;
    uint8_t hw_addr[6];
    uint32_t config, mask, advertise;
};

/* OFPT_TABLE_MOD. */
struct ofp_table_mod {
    uint8_t table_id;
    uint32_t config;
};

/* A queue with its properties (QUEUE_GET_CONFIG_REPLY).  Rates are in
 * 1/10 of a percent; OFPQ_RATE_NONE when the property is absent. */
#define OFPQ_RATE_NONE 0xffffffffu
struct ofp_packet_queue {
    uint32_t queue_id;
    uint32_t port;
    uint32_t min_rate; /* OFPQ_RATE_NONE if absent. */
    uint32_t max_rate; /* OFPQ_RATE_NONE if absent. */
    size_t n_exp;      /* Experimenter properties, kept verbatim. */
    struct ofp_queue_exp_prop {
        uint32_t experimenter;
        struct ofp_bytes data;
    } * exp;
};

struct ofp_queue_get_config_reply {
    uint32_t port;
    size_t n;
    struct ofp_packet_queue *queues; /* Owned. */
};

/* OFPT_ROLE_REQUEST, OFPT_ROLE_REPLY. */
struct ofp_role {
    uint32_t role;
    uint64_t generation_id;
};

/* OFPT_GET_ASYNC_REPLY, OFPT_SET_ASYNC.  Index 0: master/equal, 1: slave. */
struct ofp_async_config {
    uint32_t packet_in_mask[2];
    uint32_t port_status_mask[2];
    uint32_t flow_removed_mask[2];
};

/* OFPT_METER_MOD. */
struct ofp_meter_mod {
    uint16_t command;
    uint16_t flags;
    uint32_t meter_id;
    struct ofp_meter_bands bands;
};

/* --- Multipart bodies. -------------------------------------------------- */

struct ofp_desc {
    char mfr_desc[DESC_STR_LEN + 1];
    char hw_desc[DESC_STR_LEN + 1];
    char sw_desc[DESC_STR_LEN + 1];
    char serial_num[SERIAL_NUM_LEN + 1];
    char dp_desc[DESC_STR_LEN + 1];
};

/* FLOW and AGGREGATE requests. */
struct ofp_flow_stats_request {
    uint8_t table_id;
    uint32_t out_port;
    uint32_t out_group;
    uint64_t cookie, cookie_mask;
    struct ofp_match match;
};

struct ofp_flow_stats {
    uint8_t table_id;
    uint32_t duration_sec, duration_nsec;
    uint16_t priority;
    uint16_t idle_timeout, hard_timeout;
    uint16_t flags;
    uint64_t cookie;
    uint64_t packet_count, byte_count;
    struct ofp_match match;
    struct ofp_instructions instructions;
};

struct ofp_aggregate_stats {
    uint64_t packet_count, byte_count;
    uint32_t flow_count;
};

struct ofp_table_stats {
    uint8_t table_id;
    uint32_t active_count;
    uint64_t lookup_count, matched_count;
};

struct ofp_port_stats {
    uint32_t port_no;
    uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped, rx_errors, tx_errors;
    uint64_t rx_frame_err, rx_over_err, rx_crc_err, collisions;
    uint32_t duration_sec, duration_nsec;
};

struct ofp_queue_stats_request {
    uint32_t port_no;
    uint32_t queue_id;
};

struct ofp_queue_stats {
    uint32_t port_no, queue_id;
    uint64_t tx_bytes, tx_packets, tx_errors;
    uint32_t duration_sec, duration_nsec;
};

struct ofp_bucket_counter {
    uint64_t packet_count, byte_count;
};

struct ofp_group_stats {
    uint32_t group_id;
    uint32_t ref_count;
    uint64_t packet_count, byte_count;
    uint32_t duration_sec, duration_nsec;
    size_t n_buckets;
    struct ofp_bucket_counter *buckets; /* Owned. */
};

struct ofp_group_desc {
    uint8_t type;
    uint32_t group_id;
    struct ofp_buckets buckets;
};

struct ofp_group_features {
    uint32_t types;
    uint32_t capabilities;
    uint32_t max_groups[4];
    uint32_t actions[4];
};

struct ofp_meter_band_stats {
    uint64_t packet_band_count, byte_band_count;
};

struct ofp_meter_stats {
    uint32_t meter_id;
    uint32_t flow_count;
    uint64_t packet_in_count, byte_in_count;
    uint32_t duration_sec, duration_nsec;
    size_t n_bands;
    struct ofp_meter_band_stats *bands; /* Owned. */
};

struct ofp_meter_config {
    uint16_t flags;
    uint32_t meter_id;
    struct ofp_meter_bands bands;
};

struct ofp_meter_features {
    uint32_t max_meter;
    uint32_t band_types;
    uint32_t capabilities;
    uint8_t max_bands;
    uint8_t max_color;
};

/* One table-features property.  'ids' holds, by property type:
 *   INSTRUCTIONS(_MISS): instruction types; for OFPIT_EXPERIMENTER the
 *       experimenter id in bits 16..47 (id = exp << 16 | 0xffff).
 *   NEXT_TABLES(_MISS): table ids.
 *   WRITE/APPLY_ACTIONS(_MISS): action types, experimenter as above.
 *   MATCH, WILDCARDS, WRITE/APPLY_SETFIELD(_MISS): OXM headers; for
 *       experimenter-class OXMs the experimenter id in bits 32..63.
 * EXPERIMENTER(_MISS) properties use 'experimenter', 'exp_type', 'data'. */
struct ofp_table_feature_prop {
    uint16_t type;
    size_t n_ids;
    uint64_t *ids; /* Owned. */
    uint32_t experimenter, exp_type;
    struct ofp_bytes data;
};

struct ofp_table_features {
    uint8_t table_id;
    char name[OFP_MAX_TABLE_NAME_LEN + 1];
    uint64_t metadata_match, metadata_write;
    uint32_t config;
    uint32_t max_entries;
    size_t n_props;
    struct ofp_table_feature_prop *props; /* Owned, in wire order. */
};

struct ofp_mp_experimenter {
    uint32_t experimenter;
    uint32_t exp_type;
    struct ofp_bytes data;
};

/* OFPT_MULTIPART_REQUEST. */
struct ofp_multipart_request {
    uint16_t type;  /* OFPMP_* */
    uint16_t flags; /* OFPMPF_REQ_MORE */
    union {
        struct ofp_flow_stats_request flow;   /* FLOW, AGGREGATE */
        uint32_t port_no;                     /* PORT_STATS */
        struct ofp_queue_stats_request queue; /* QUEUE */
        uint32_t group_id;                    /* GROUP */
        uint32_t meter_id;                    /* METER, METER_CONFIG */
        struct {
            size_t n;
            struct ofp_table_features *tables; /* Owned.  n == 0: get. */
        } table_features;                      /* TABLE_FEATURES */
        struct ofp_mp_experimenter experimenter;
    } u;
};

/* OFPT_MULTIPART_REPLY.  Array bodies own their arrays. */
struct ofp_multipart_reply {
    uint16_t type;
    uint16_t flags; /* OFPMPF_REPLY_MORE */
    size_t n;       /* Elements in the array member used by 'type'. */
    union {
        struct ofp_desc *desc;                     /* DESC (one, owned) */
        struct ofp_flow_stats *flow;               /* FLOW */
        struct ofp_aggregate_stats aggregate;      /* AGGREGATE */
        struct ofp_table_stats *table;             /* TABLE */
        struct ofp_port_stats *port_stats;         /* PORT_STATS */
        struct ofp_queue_stats *queue;             /* QUEUE */
        struct ofp_group_stats *group;             /* GROUP */
        struct ofp_group_desc *group_desc;         /* GROUP_DESC */
        struct ofp_group_features group_features;  /* GROUP_FEATURES */
        struct ofp_meter_stats *meter;             /* METER */
        struct ofp_meter_config *meter_config;     /* METER_CONFIG */
        struct ofp_meter_features meter_features;  /* METER_FEATURES */
        struct ofp_table_features *table_features; /* TABLE_FEATURES */
        struct ofp_port *port_desc;                /* PORT_DESC */
        struct ofp_mp_experimenter experimenter;   /* EXPERIMENTER */
    } u;
};

/* Any message. */
struct ofp_msg {
    uint8_t version; /* Wire version (OFP13_VERSION for this codec). */
    uint8_t type;    /* OFPT_* */
    uint32_t xid;
    union {
        struct ofp_hello hello;
        struct ofp_error_msg error;
        struct ofp_bytes echo; /* ECHO_REQUEST, ECHO_REPLY */
        struct ofp_experimenter_msg experimenter;
        struct ofp_features_reply features;
        struct ofp_switch_config config; /* GET_CONFIG_REPLY, SET_CONFIG */
        struct ofp_packet_in packet_in;
        struct ofp_flow_removed flow_removed;
        struct ofp_port_status port_status;
        struct ofp_packet_out packet_out;
        struct ofp_flow_mod flow_mod;
        struct ofp_group_mod group_mod;
        struct ofp_port_mod port_mod;
        struct ofp_table_mod table_mod;
        struct ofp_multipart_request mp_request;
        struct ofp_multipart_reply mp_reply;
        uint32_t queue_get_config_port; /* QUEUE_GET_CONFIG_REQUEST */
        struct ofp_queue_get_config_reply queue_config;
        struct ofp_role role;          /* ROLE_REQUEST, ROLE_REPLY */
        struct ofp_async_config async; /* GET_ASYNC_REPLY, SET_ASYNC */
        struct ofp_meter_mod meter_mod;
    } u;
};

/* Initialises 'msg' as an empty message of 'type' (all body fields zero,
 * matches and lists empty).  Pair with ofp_msg_uninit(). */
void ofp_msg_init(struct ofp_msg *, uint8_t version, uint8_t type,
                  uint32_t xid);
/* Frees everything 'msg' owns and leaves it empty; NULL is a no-op. */
void ofp_msg_uninit(struct ofp_msg *);
/* Initialises a multipart request/reply of 'mp_type' in 'msg'. */
void ofp_msg_init_mp_request(struct ofp_msg *, uint32_t xid, uint16_t mp_type);
void ofp_msg_init_mp_reply(struct ofp_msg *, uint32_t xid, uint16_t mp_type);

/* Reads the 8-byte header at 'data' without validating the body.  Returns
 * false if fewer than 8 bytes are available. */
bool ofp_header_peek(const uint8_t *data, size_t size, uint8_t *version,
                     uint8_t *type, uint16_t *length, uint32_t *xid);

/* Decodes one OpenFlow 1.3 message that occupies exactly 'size' bytes at
 * 'data' (size must equal the header's length).  'msg' is always
 * initialised: on success it holds the message, on error it is empty but
 * still has the header's version, type and xid (so the error reply can
 * carry the xid).  HELLO decodes for any version.
 * Errors: OFPBRC_BAD_VERSION, OFPBRC_BAD_LEN, OFPBRC_BAD_TYPE,
 * OFPBRC_BAD_MULTIPART, OFPBRC_BAD_EXPERIMENTER (experimenter multipart
 * is decoded, not rejected), and every match/action/instruction/bucket/
 * band error of the body. */
enum ofperr ofp_msg_decode(const uint8_t *data, size_t size,
                           struct ofp_msg *msg);

/* Appends the wire encoding of 'msg'.  A multipart reply (or request) whose
 * body does not fit in one 64 KiB message is split into several messages,
 * appended one after another, with REPLY_MORE (REQ_MORE) set on all but the
 * last.  Returns 0, or EMSGSIZE if a message that cannot be split (or one
 * element of a multipart body) exceeds 65535 bytes, in which case nothing
 * is appended (EINVAL likewise for a message or multipart type this codec
 * does not know).  The header carries OFP13_VERSION, except that a HELLO
 * carries 'msg->version'. */
int ofp_msg_encode(const struct ofp_msg *, struct buf *);

/* Merges the body of multipart 'part' (same type, same xid) into 'acc',
 * moving its arrays; 'part' is left empty.  'acc' keeps 'part''s flags, so
 * reassembly is complete when !(acc flags & MORE).  Returns 0 or
 * OFPBRC_BAD_MULTIPART (type mismatch or a type whose body cannot be
 * continued, e.g. DESC). */
enum ofperr ofp_multipart_merge(struct ofp_msg *acc, struct ofp_msg *part);

/* Builds an OFPT_ERROR for 'error' in wire 'version' (1.0, 1.1 or 1.3
 * numbering), with 'xid' and up to the first 64 bytes of 'request'
 * ('request_len' may be 0).  Appends to 'out'. */
void ofp_error_encode(enum ofperr error, uint8_t version, uint32_t xid,
                      const void *request, size_t request_len,
                      struct buf *out);

/* Name of a message type ("OFPT_FLOW_MOD") or multipart type
 * ("OFPMP_FLOW"); NULL if unknown. */
const char *ofp_type_name(uint8_t type);
const char *ofp_multipart_type_name(uint16_t type);

/* Copies 'src' into a new owned block in 'dst', freeing the block 'dst'
 * held ('src' may point into it).  'dst' must be initialised (zeroed). */
void ofp_bytes_set(struct ofp_bytes *dst, const void *src, size_t len);
void ofp_bytes_free(struct ofp_bytes *);

/* --- Internal to the codec (msgs.c <-> multipart.c); not for callers. --- */

/* Multipart bodies (multipart.c).  The decoders read the 8-byte multipart
 * header and the body from 'c'; on error the caller uninits.  The encoders
 * append one or more whole messages (splitting arrays) and return 0 or
 * EMSGSIZE with nothing appended. */
enum ofperr ofp13_mp_request_decode(struct cur *c,
                                    struct ofp_multipart_request *);
enum ofperr ofp13_mp_reply_decode(struct cur *c, struct ofp_multipart_reply *);
int ofp13_mp_request_encode(const struct ofp_msg *, struct buf *);
int ofp13_mp_reply_encode(const struct ofp_msg *, struct buf *);
void ofp_mp_request_uninit(struct ofp_multipart_request *);
void ofp_mp_reply_uninit(struct ofp_multipart_reply *);

/* Shared wire pieces (msgs.c).  ofp13_header_put() appends a 1.3 header
 * with a zero length and returns its offset; ofp13_msg_finish() patches
 * the length of the message starting at 'start' and returns 0, or
 * EMSGSIZE (after truncating 'buf' back to 'start') if it exceeds
 * OFP_MAX_MSG_LEN.  Strings are fixed-size NUL
 * padded fields of 'n' bytes; 'dst' has room for n + 1. */
size_t ofp13_header_put(struct buf *, uint8_t type, uint32_t xid);
int ofp13_msg_finish(struct buf *, size_t start);
bool ofp13_str_decode(struct cur *c, char *dst, size_t n);
void ofp13_str_encode(struct buf *, const char *src, size_t n);
enum ofperr ofp13_port_decode(struct cur *c, struct ofp_port *);
void ofp13_port_encode(const struct ofp_port *, struct buf *);

#endif /* ofp13/msgs.h */
