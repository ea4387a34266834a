/* src/ofconn.c -- per-connection switch state (see ofconn.h). */
#include <config.h>
#include "src/ofconn.h"

#include <string.h>

#include "ofp13/ofp.h"

void
ofconn_init(struct ofconn *oc, struct chan *chan, bool is_controller,
            unsigned int packet_in_rate)
{
    memset(oc, 0, sizeof *oc);
    oc->chan = chan;
    oc->role = OFPCR_ROLE_EQUAL;
    oc->is_controller = is_controller;
    oc->miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
    oc->async.packet_in_mask[0] = (1u << OFPR_NO_MATCH) | (1u << OFPR_ACTION);
    oc->async.packet_in_mask[1] = 0;
    oc->async.port_status_mask[0] =
        (1u << OFPPR_ADD) | (1u << OFPPR_DELETE) | (1u << OFPPR_MODIFY);
    oc->async.port_status_mask[1] = oc->async.port_status_mask[0];
    oc->async.flow_removed_mask[0] =
        (1u << OFPRR_IDLE_TIMEOUT) | (1u << OFPRR_HARD_TIMEOUT) |
        (1u << OFPRR_DELETE) | (1u << OFPRR_GROUP_DELETE);
    oc->async.flow_removed_mask[1] = 0;
    if (!is_controller) {
        /* Management connections (ofctl, ovs-ofctl) get no packet-ins or
         * flow-removed messages until they ask with SET_CONFIG (a non-zero
         * miss_send_len, as `ofctl monitor` sends) or SET_ASYNC, as Open
         * vSwitch treats its service connections. */
        oc->async.packet_in_mask[0] = 0;
        oc->async.flow_removed_mask[0] = 0;
    }
    oc->pin_rate = packet_in_rate;
    oc->pin_tokens = packet_in_rate;
}

void
ofconn_uninit(struct ofconn *oc)
{
    if (oc->mp_pending_valid) {
        ofp_msg_uninit(&oc->mp_pending);
        oc->mp_pending_valid = false;
    }
}

bool
ofconn_wants_async(const struct ofconn *oc, uint8_t type, uint8_t reason)
{
    int i = oc->role == OFPCR_ROLE_SLAVE;
    uint32_t mask;

    if (reason >= 32) {
        return false;
    }
    switch (type) {
    case OFPT_PACKET_IN:
        mask = oc->async.packet_in_mask[i];
        break;
    case OFPT_PORT_STATUS:
        mask = oc->async.port_status_mask[i];
        break;
    case OFPT_FLOW_REMOVED:
        mask = oc->async.flow_removed_mask[i];
        break;
    default:
        return true;
    }
    return (mask >> reason) & 1;
}

bool
ofconn_take_packet_in_token(struct ofconn *oc, uint64_t now_ns)
{
    if (!oc->pin_rate) {
        return true;
    }
    double elapsed = (now_ns - oc->pin_last_ns) / 1e9;
    oc->pin_last_ns = now_ns;
    oc->pin_tokens += elapsed * oc->pin_rate;
    /* Bursts of up to one second's worth. */
    if (oc->pin_tokens > oc->pin_rate) {
        oc->pin_tokens = oc->pin_rate;
    }
    if (oc->pin_tokens < 1.0) {
        return false;
    }
    oc->pin_tokens -= 1.0;
    return true;
}

bool
ofconn_msg_modifies(const struct ofp_msg *msg)
{
    switch (msg->type) {
    case OFPT_PACKET_OUT:
    case OFPT_FLOW_MOD:
    case OFPT_GROUP_MOD:
    case OFPT_PORT_MOD:
    case OFPT_TABLE_MOD:
    case OFPT_METER_MOD:
        return true;
    case OFPT_MULTIPART_REQUEST:
        return msg->u.mp_request.type == OFPMP_TABLE_FEATURES &&
               msg->u.mp_request.u.table_features.n > 0;
    default:
        return false;
    }
}
