/* src/ofconn.h -- the switch's view of one OpenFlow connection: role and
 * generation, asynchronous-message configuration, miss_send_len,
 * multipart-request reassembly and the packet-in budget.  Attached to a
 * 'struct chan' (src/chan.h) once HELLO negotiation is done.  Control
 * thread only. */
#ifndef SRC_OFCONN_H
#define SRC_OFCONN_H 1

#include <stdbool.h>
#include <stdint.h>

#include "ofp13/msgs.h"

struct chan;

struct ofconn {
    struct chan *chan;
    uint32_t role;                 /* OFPCR_ROLE_EQUAL/MASTER/SLAVE. */
    struct ofp_async_config async; /* Per connection (OF1.3.5 §7.3.10). */
    uint16_t miss_send_len;        /* From SET_CONFIG. */
    bool is_controller;            /* --controller, not management. */

    /* A multipart request being reassembled (REQ_MORE), or type OFPT_HELLO
     * (0) when none. */
    struct ofp_msg mp_pending;
    bool mp_pending_valid;

    /* Packet-in budget (--controller-rate-limit): a token bucket refilled
     * at 'rate' per second, and what a slow or limited controller lost. */
    unsigned int pin_rate;
    double pin_tokens;
    uint64_t pin_last_ns;
    uint64_t n_packet_in;         /* Sent. */
    uint64_t n_packet_in_dropped; /* Rate limit or output queue full. */
};

/* OVS's defaults (reference §1.18): master/equal get packet-ins for
 * NO_MATCH and ACTION, every port status and flow removed; slaves get port
 * status only. */
void ofconn_init(struct ofconn *, struct chan *, bool is_controller,
                 unsigned int packet_in_rate);
void ofconn_uninit(struct ofconn *);

/* Should this connection receive an asynchronous message of 'type'
 * (OFPT_PACKET_IN, OFPT_PORT_STATUS, OFPT_FLOW_REMOVED) with 'reason'? */
bool ofconn_wants_async(const struct ofconn *, uint8_t type, uint8_t reason);

/* Takes one packet-in token at 'now_ns'; false when over the rate limit. */
bool ofconn_take_packet_in_token(struct ofconn *, uint64_t now_ns);

/* Role-request rules: true if 'type' changes switch state and so is
 * refused (OFPBRC_IS_SLAVE) from a slave.  'msg' is needed for multipart
 * (a non-empty TABLE_FEATURES request is a modification). */
bool ofconn_msg_modifies(const struct ofp_msg *);

#endif /* src/ofconn.h */
