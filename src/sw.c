/* src/sw.c -- the switch: controller messages, asynchronous messages,
 * fail mode (see sw.h). */
#include <config.h>
#include "src/sw.h"

#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/mac-learning.h"
#include "datapath/pipeline.h"
#include "datapath/port-xen.h"
#include "datapath/port.h"
#include "ofp13/ext.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "src/chan.h"
#include "src/ofconn.h"
#include "src/sw-dp.h"
#include "util/buf.h"
#include "util/cur.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MOD "sw"

/* A connection whose output queue holds more than this gets no more
 * packet-ins until it drains (they are counted as dropped). */
#define PACKET_IN_BACKLOG (1024 * 1024)
#define EXPIRE_INTERVAL_MS 100
#define LINK_INTERVAL_MS 1000

struct sw {
    const struct conf *conf;
    struct event_base *base;
    struct chan_mgr *chans;
    struct sw_dp *dp;
    struct event *notify_ev;
    struct event *expire_ev;
    struct event *link_ev;
    bool standalone_active; /* Table misses go to NORMAL now. */
    uint16_t frag_flags;    /* SET_CONFIG flags (switch-wide). */
    bool have_gen_id;
    uint64_t gen_id;
    uint64_t n_packet_in_no_controller; /* Dropped: nobody to send to. */
    struct dp_xen_watch *xen_watch;     /* --port xen:auto, or NULL. */
    struct event *xen_ev;
};

static struct log_ratelimit sw_rl = LOG_RATELIMIT_INIT(60, 20);

/* --- Helpers. ------------------------------------------------------------ */

static struct ofconn *
ofconn_of(struct chan *chan)
{
    return chan_get_user(chan);
}

static void
send_msg(struct chan *chan, struct ofp_msg *msg)
{
    int err = chan_send_msg(chan, msg);
    if (err) {
        LOG_RL(&sw_rl, LOG_LVL_WARN, MOD, "%s: cannot encode %s: %s",
               chan_name(chan), ofp_type_name(msg->type), strerror(err));
    }
}

static void
port_to_ofp(struct sw *sw, const struct sw_port *p, struct ofp_port *op)
{
    struct dp_port_features f;
    memset(op, 0, sizeof *op);
    op->port_no = p->port_no;
    memcpy(op->hw_addr, p->hw_addr, 6);
    snprintf(op->name, sizeof op->name, "%s", p->name);
    op->config = p->config;
    op->state = p->state;
    if (!dp_port_get_features(p->dev, &f)) {
        op->curr = f.curr;
        op->advertised = f.advertised;
        op->supported = f.supported;
        op->peer = f.peer;
        op->curr_speed = f.curr_speed;
        op->max_speed = f.max_speed;
    }
}

/* Sends PORT_STATUS 'reason' for 'p' to every connection that wants it. */
struct port_status_ctx {
    struct ofp_msg *msg;
};

static void
send_port_status_cb(struct chan *chan, void *ctx_)
{
    struct port_status_ctx *ctx = ctx_;
    struct ofconn *oc = ofconn_of(chan);
    if (oc && ofconn_wants_async(oc, OFPT_PORT_STATUS,
                                 ctx->msg->u.port_status.reason)) {
        send_msg(chan, ctx->msg);
    }
}

static void
send_port_status(struct sw *sw, const struct sw_port *p, uint8_t reason)
{
    struct ofp_msg msg;
    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PORT_STATUS, 0);
    msg.u.port_status.reason = reason;
    port_to_ofp(sw, p, &msg.u.port_status.desc);
    struct port_status_ctx ctx = { &msg };
    chan_mgr_for_each(sw->chans, send_port_status_cb, &ctx);
    ofp_msg_uninit(&msg);
}

/* --- Fail mode. ---------------------------------------------------------- */

static void
update_fail_mode(struct sw *sw)
{
    bool connected = chan_mgr_count(sw->chans, CHAN_KIND_CONTROLLER) > 0;
    bool standalone =
        sw->conf->fail_mode == CONF_FAIL_STANDALONE && !connected;
    if (standalone != sw->standalone_active) {
        sw->standalone_active = standalone;
        sw_dp_set_standalone(sw->dp, standalone);
        LOG_INFO(MOD, "%s",
                 standalone ? "no controller: standalone, table misses "
                              "go to the learning switch"
                            : "controller connected: leaving standalone "
                              "mode");
    }
}

/* --- Asynchronous messages from the datapath. --------------------------- */

struct async_ctx {
    struct sw *sw;
    struct ofp_msg *msg;
    uint8_t reason;
    bool sent;
    uint64_t now;
};

static void
send_async_cb(struct chan *chan, void *ctx_)
{
    struct async_ctx *ctx = ctx_;
    struct ofconn *oc = ofconn_of(chan);
    if (!oc || !ofconn_wants_async(oc, ctx->msg->type, ctx->reason)) {
        return;
    }
    if (ctx->msg->type == OFPT_PACKET_IN) {
        if (chan_pending(chan) > PACKET_IN_BACKLOG ||
            !ofconn_take_packet_in_token(oc, ctx->now)) {
            oc->n_packet_in_dropped++;
            return;
        }
        oc->n_packet_in++;
    }
    send_msg(chan, ctx->msg);
    ctx->sent = true;
}

static void
drain_events(struct sw *sw)
{
    enum { MAX_PER_ROUND = 256 };
    struct dp_event evs[MAX_PER_ROUND];
    size_t n;

    do {
        n = 0;
        sw_dp_lock(sw->dp);
        struct dp_pipeline *pl = sw_dp_pipeline(sw->dp);
        while (n < MAX_PER_ROUND && dp_pipeline_event_pop(pl, &evs[n])) {
            n++;
        }
        sw_dp_unlock(sw->dp);

        uint64_t now = sw_dp_now();
        for (size_t i = 0; i < n; i++) {
            struct dp_event *ev = &evs[i];
            struct ofp_msg msg;
            ofp_msg_init(&msg, OFP13_VERSION,
                         ev->type == DP_EVENT_PACKET_IN ? OFPT_PACKET_IN
                                                        : OFPT_FLOW_REMOVED,
                         0);
            struct async_ctx ctx = { sw, &msg, 0, false, now };
            /* Move the event's body into the message (no copy). */
            if (ev->type == DP_EVENT_PACKET_IN) {
                msg.u.packet_in = ev->u.packet_in;
                ctx.reason = msg.u.packet_in.reason;
            } else {
                msg.u.flow_removed = ev->u.flow_removed;
                ctx.reason = msg.u.flow_removed.reason;
            }
            chan_mgr_for_each(sw->chans, send_async_cb, &ctx);
            if (!ctx.sent && ev->type == DP_EVENT_PACKET_IN) {
                sw->n_packet_in_no_controller++;
            }
            ofp_msg_uninit(&msg); /* Frees what the event owned. */
        }
    } while (n == MAX_PER_ROUND);
}

static void
notify_cb(evutil_socket_t fd, short what, void *sw_)
{
    struct sw *sw = sw_;
    sw_dp_notify_clear(sw->dp);
    drain_events(sw);
}

static void
expire_cb(evutil_socket_t fd, short what, void *sw_)
{
    struct sw *sw = sw_;
    sw_dp_lock(sw->dp);
    dp_pipeline_expire(sw_dp_pipeline(sw->dp), sw_dp_now());
    mac_learning_expire(sw_dp_mac_learning(sw->dp), sw_dp_now() / 1000000);
    bool events = dp_pipeline_n_events(sw_dp_pipeline(sw->dp)) > 0;
    sw_dp_unlock(sw->dp);
    if (events) {
        drain_events(sw);
    }
}

/* Follows link state and carrier (polling; cheap for the port counts a
 * software switch has) and reports changes as PORT_STATUS MODIFY. */
static void
link_cb(evutil_socket_t fd, short what, void *sw_)
{
    struct sw *sw = sw_;
    size_t n;
    struct sw_port **ports = sw_dp_ports(sw->dp, &n);

    for (size_t i = 0; i < n; i++) {
        struct sw_port *p = ports[i];
        struct dp_port_link link;
        uint32_t state, config;

        if (dp_port_get_link(p->dev, &link)) {
            link.carrier = false;
            link.admin_up = false;
        }
        state = (p->state & ~(OFPPS_LINK_DOWN | OFPPS_LIVE)) |
                (link.carrier ? OFPPS_LIVE : OFPPS_LINK_DOWN);
        config = (p->config & ~OFPPC_PORT_DOWN) |
                 (link.admin_up ? 0 : OFPPC_PORT_DOWN);
        if (state != p->state || config != p->config) {
            p->state = state;
            p->config = config;
            sw_dp_lock(sw->dp);
            dp_pipeline_port_set_state(sw_dp_pipeline(sw->dp), p->port_no,
                                       state);
            dp_pipeline_port_set_config(sw_dp_pipeline(sw->dp), p->port_no,
                                        config);
            if (!(state & OFPPS_LIVE)) {
                mac_learning_flush_port(sw_dp_mac_learning(sw->dp),
                                        p->port_no);
            }
            sw_dp_unlock(sw->dp);
            LOG_INFO(MOD, "port %u (%s): link %s%s", p->port_no, p->name,
                     link.carrier ? "up" : "down",
                     config & OFPPC_PORT_DOWN ? ", administratively down"
                                              : "");
            send_port_status(sw, p, OFPPR_MODIFY);
        }
    }
}

/* --- Message handlers. --------------------------------------------------- */

static void
reply_simple(struct chan *chan, uint8_t type, uint32_t xid)
{
    struct ofp_msg r;
    ofp_msg_init(&r, chan_version(chan), type, xid);
    send_msg(chan, &r);
    ofp_msg_uninit(&r);
}

static enum ofperr
handle_features(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    struct ofp_msg r;
    ofp_msg_init(&r, OFP13_VERSION, OFPT_FEATURES_REPLY, msg->xid);
    r.u.features.datapath_id = sw->conf->datapath_id;
    sw_dp_lock(sw->dp);
    r.u.features.n_buffers = dp_pipeline_n_buffers(sw_dp_pipeline(sw->dp));
    r.u.features.n_tables = dp_pipeline_n_tables(sw_dp_pipeline(sw->dp));
    sw_dp_unlock(sw->dp);
    r.u.features.capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS |
                                OFPC_PORT_STATS | OFPC_GROUP_STATS |
                                OFPC_QUEUE_STATS;
    send_msg(chan, &r);
    ofp_msg_uninit(&r);
    return 0;
}

static enum ofperr
handle_get_config(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    struct ofp_msg r;
    ofp_msg_init(&r, OFP13_VERSION, OFPT_GET_CONFIG_REPLY, msg->xid);
    r.u.config.flags = sw->frag_flags;
    r.u.config.miss_send_len = ofconn_of(chan)->miss_send_len;
    send_msg(chan, &r);
    ofp_msg_uninit(&r);
    return 0;
}

static enum ofperr
handle_set_config(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    struct ofconn *oc = ofconn_of(chan);
    uint16_t flags = msg->u.config.flags;

    if (flags & ~OFPC_FRAG_MASK) {
        return OFPERR_OFPSCFC_BAD_FLAGS;
    }
    if ((flags & OFPC_FRAG_MASK) == OFPC_FRAG_REASM) {
        /* The switch does not reassemble (no OFPC_IP_REASM capability). */
        return OFPERR_OFPSCFC_BAD_FLAGS;
    }
    oc->miss_send_len = msg->u.config.miss_send_len;
    if (!oc->is_controller && oc->miss_send_len &&
        !oc->async.packet_in_mask[0]) {
        /* A management connection asking for packet data: monitor mode. */
        oc->async.packet_in_mask[0] =
            (1u << OFPR_NO_MATCH) | (1u << OFPR_ACTION);
        oc->async.flow_removed_mask[0] =
            (1u << OFPRR_IDLE_TIMEOUT) | (1u << OFPRR_HARD_TIMEOUT) |
            (1u << OFPRR_DELETE) | (1u << OFPRR_GROUP_DELETE);
    }
    /* Fragment handling is switch-wide; a slave may not change it
     * (Open vSwitch ignores it from a slave). */
    if (oc->role != OFPCR_ROLE_SLAVE) {
        sw->frag_flags = flags;
    }
    return 0;
}

static enum ofperr
handle_packet_out(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    sw_dp_lock(sw->dp);
    enum ofperr err = dp_pipeline_packet_out(sw_dp_pipeline(sw->dp),
                                             &msg->u.packet_out, sw_dp_now());
    bool events = dp_pipeline_n_events(sw_dp_pipeline(sw->dp)) > 0;
    sw_dp_unlock(sw->dp);
    if (events) {
        drain_events(sw);
    }
    return err;
}

static enum ofperr
handle_flow_mod(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    sw_dp_lock(sw->dp);
    enum ofperr err = dp_pipeline_flow_mod(sw_dp_pipeline(sw->dp),
                                           &msg->u.flow_mod, sw_dp_now());
    bool events = dp_pipeline_n_events(sw_dp_pipeline(sw->dp)) > 0;
    sw_dp_unlock(sw->dp);
    if (events) {
        drain_events(sw);
    }
    return err;
}

static enum ofperr
handle_group_mod(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    sw_dp_lock(sw->dp);
    enum ofperr err = dp_pipeline_group_mod(sw_dp_pipeline(sw->dp),
                                            &msg->u.group_mod, sw_dp_now());
    bool events = dp_pipeline_n_events(sw_dp_pipeline(sw->dp)) > 0;
    sw_dp_unlock(sw->dp);
    if (events) {
        drain_events(sw);
    }
    return err;
}

static enum ofperr
handle_meter_mod(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    sw_dp_lock(sw->dp);
    enum ofperr err = dp_pipeline_meter_mod(sw_dp_pipeline(sw->dp),
                                            &msg->u.meter_mod, sw_dp_now());
    bool events = dp_pipeline_n_events(sw_dp_pipeline(sw->dp)) > 0;
    sw_dp_unlock(sw->dp);
    if (events) {
        drain_events(sw);
    }
    return err;
}

static enum ofperr
handle_port_mod(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    const struct ofp_port_mod *pm = &msg->u.port_mod;
    struct sw_port *p = sw_dp_port_find(sw->dp, pm->port_no);
    const uint32_t settable =
        OFPPC_PORT_DOWN | OFPPC_NO_RECV | OFPPC_NO_FWD | OFPPC_NO_PACKET_IN;

    if (!p) {
        return OFPERR_OFPPMFC_BAD_PORT;
    }
    if (memcmp(pm->hw_addr, p->hw_addr, 6)) {
        return OFPERR_OFPPMFC_BAD_HW_ADDR;
    }
    if (pm->mask & ~settable) {
        return OFPERR_OFPPMFC_BAD_CONFIG;
    }
    uint32_t config = (p->config & ~pm->mask) | (pm->config & pm->mask);
    if ((config ^ p->config) & OFPPC_PORT_DOWN) {
        int err = dp_port_set_admin_state(p->dev, !(config & OFPPC_PORT_DOWN));
        if (err) {
            LOG_RL(&sw_rl, LOG_LVL_WARN, MOD, "port %u: set %s: %s",
                   p->port_no, config & OFPPC_PORT_DOWN ? "down" : "up",
                   strerror(err));
            return OFPERR_OFPPMFC_EPERM;
        }
    }
    if (config != p->config) {
        p->config = config;
        sw_dp_lock(sw->dp);
        dp_pipeline_port_set_config(sw_dp_pipeline(sw->dp), p->port_no,
                                    config);
        sw_dp_unlock(sw->dp);
        send_port_status(sw, p, OFPPR_MODIFY);
    }
    return 0;
}

static enum ofperr
handle_table_mod(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    const struct ofp_table_mod *tm = &msg->u.table_mod;
    sw_dp_lock(sw->dp);
    unsigned int n_tables = dp_pipeline_n_tables(sw_dp_pipeline(sw->dp));
    sw_dp_unlock(sw->dp);
    if (tm->table_id != OFPTT_ALL && tm->table_id >= n_tables) {
        return OFPERR_OFPTMFC_BAD_TABLE;
    }
    /* OF1.3: the only config bits are the deprecated miss bits. */
    if (tm->config & ~OFPTC_DEPRECATED_MASK) {
        return OFPERR_OFPTMFC_BAD_CONFIG;
    }
    return 0;
}

struct demote_ctx {
    struct chan *master;
};

static void
demote_cb(struct chan *chan, void *ctx_)
{
    struct demote_ctx *ctx = ctx_;
    struct ofconn *oc = ofconn_of(chan);
    if (oc && chan != ctx->master && oc->role == OFPCR_ROLE_MASTER) {
        oc->role = OFPCR_ROLE_SLAVE;
    }
}

static enum ofperr
handle_role_request(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    struct ofconn *oc = ofconn_of(chan);
    uint32_t role = msg->u.role.role;
    uint64_t gen = msg->u.role.generation_id;

    if (role > OFPCR_ROLE_SLAVE) {
        return OFPERR_OFPRRFC_BAD_ROLE;
    }
    if (role == OFPCR_ROLE_MASTER || role == OFPCR_ROLE_SLAVE) {
        if (sw->have_gen_id && (int64_t)(gen - sw->gen_id) < 0) {
            return OFPERR_OFPRRFC_STALE;
        }
        sw->have_gen_id = true;
        sw->gen_id = gen;
    }
    if (role == OFPCR_ROLE_MASTER) {
        /* A new master demotes the old one (OF1.3.5 §6.3.7). */
        struct demote_ctx ctx = { chan };
        chan_mgr_for_each(sw->chans, demote_cb, &ctx);
    }
    if (role != OFPCR_ROLE_NOCHANGE) {
        oc->role = role;
    }

    struct ofp_msg r;
    ofp_msg_init(&r, OFP13_VERSION, OFPT_ROLE_REPLY, msg->xid);
    r.u.role.role = oc->role;
    r.u.role.generation_id = sw->have_gen_id ? sw->gen_id : 0;
    send_msg(chan, &r);
    ofp_msg_uninit(&r);
    return 0;
}

static enum ofperr
handle_get_async(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    struct ofp_msg r;
    ofp_msg_init(&r, OFP13_VERSION, OFPT_GET_ASYNC_REPLY, msg->xid);
    r.u.async = ofconn_of(chan)->async;
    send_msg(chan, &r);
    ofp_msg_uninit(&r);
    return 0;
}

static enum ofperr
handle_set_async(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    ofconn_of(chan)->async = msg->u.async;
    return 0;
}

static enum ofperr
handle_barrier(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    /* Every earlier message on this connection has been applied and
     * answered synchronously, so the reply can go now. */
    reply_simple(chan, OFPT_BARRIER_REPLY, msg->xid);
    return 0;
}

static enum ofperr
handle_queue_get_config(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    uint32_t port = msg->u.queue_get_config_port;
    if (port != OFPP_ANY && !sw_dp_port_find(sw->dp, port)) {
        return OFPERR_OFPQOFC_BAD_PORT;
    }
    struct ofp_msg r;
    ofp_msg_init(&r, OFP13_VERSION, OFPT_QUEUE_GET_CONFIG_REPLY, msg->xid);
    r.u.queue_config.port = port;
    const struct conf *c = sw->conf;
    r.u.queue_config.queues =
        xcalloc(c->n_queues + 1, sizeof *r.u.queue_config.queues);
    for (size_t i = 0; i < c->n_queues; i++) {
        const struct conf_queue *q = &c->queues[i];
        if (port != OFPP_ANY && q->port != port) {
            continue;
        }
        struct ofp_packet_queue *pq =
            &r.u.queue_config.queues[r.u.queue_config.n++];
        memset(pq, 0, sizeof *pq);
        pq->queue_id = q->queue_id;
        pq->port = q->port;
        /* Rates are configured in kbit/s; OpenFlow wants 1/10 of a percent
         * of the port speed. */
        struct sw_port *sp = sw_dp_port_find(sw->dp, q->port);
        struct dp_port_features f = { 0 };
        if (sp) {
            dp_port_get_features(sp->dev, &f);
        }
        uint64_t speed = f.curr_speed ? f.curr_speed : 10000000;
        pq->min_rate = q->min_kbps ? (uint32_t)(q->min_kbps * 1000 / speed)
                                   : OFPQ_RATE_NONE;
        pq->max_rate = q->max_kbps ? (uint32_t)(q->max_kbps * 1000 / speed)
                                   : OFPQ_RATE_NONE;
    }
    send_msg(chan, &r);
    ofp_msg_uninit(&r);
    return 0;
}

/* --- Multipart. ---------------------------------------------------------- */

static void
fill_desc(struct sw *sw, struct ofp_desc *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->mfr_desc, sizeof d->mfr_desc, "ofswitch project");
    snprintf(d->hw_desc, sizeof d->hw_desc, "ofswitchd software switch");
    snprintf(d->sw_desc, sizeof d->sw_desc, "%s", PACKAGE_VERSION);
    snprintf(d->serial_num, sizeof d->serial_num, "None");
    snprintf(d->dp_desc, sizeof d->dp_desc, "%s", sw->conf->name);
}

static void
port_stats_of(struct sw *sw, struct sw_port *p, uint64_t now,
              struct ofp_port_stats *ps)
{
    struct dp_port_stats st;
    memset(ps, 0, sizeof *ps);
    dp_port_get_stats(p->dev, &st);
    ps->port_no = p->port_no;
    ps->rx_packets = st.rx_packets;
    ps->tx_packets = st.tx_packets;
    ps->rx_bytes = st.rx_bytes;
    ps->tx_bytes = st.tx_bytes;
    ps->rx_dropped = st.rx_dropped;
    ps->tx_dropped = st.tx_dropped;
    ps->rx_errors = st.rx_errors;
    ps->tx_errors = st.tx_errors;
    /* Not measured by a software port: all-ones ("unavailable"). */
    ps->rx_frame_err = ps->rx_over_err = ps->rx_crc_err = ps->collisions =
        UINT64_MAX;
    uint64_t age = now - p->added_ns;
    ps->duration_sec = age / 1000000000ULL;
    ps->duration_nsec = age % 1000000000ULL;
}

static void table_features_fill(struct sw *, struct ofp_multipart_reply *);

static enum ofperr
handle_multipart(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    const struct ofp_multipart_request *req = &msg->u.mp_request;
    struct ofp_msg r;
    enum ofperr err = 0;
    uint64_t now = sw_dp_now();

    ofp_msg_init_mp_reply(&r, msg->xid, req->type);
    struct ofp_multipart_reply *rep = &r.u.mp_reply;
    struct dp_pipeline *pl = sw_dp_pipeline(sw->dp);

    switch (req->type) {
    case OFPMP_DESC:
        if (!rep->u.desc) {
            rep->u.desc = xmalloc(sizeof *rep->u.desc);
        }
        fill_desc(sw, rep->u.desc);
        rep->n = 1;
        break;
    case OFPMP_FLOW:
        sw_dp_lock(sw->dp);
        err = dp_pipeline_flow_stats(pl, &req->u.flow, now, &rep->u.flow,
                                     &rep->n);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_AGGREGATE:
        sw_dp_lock(sw->dp);
        err = dp_pipeline_aggregate_stats(pl, &req->u.flow, &rep->u.aggregate);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_TABLE:
        sw_dp_lock(sw->dp);
        dp_pipeline_table_stats(pl, &rep->u.table, &rep->n);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_PORT_STATS: {
        size_t n;
        struct sw_port **ports = sw_dp_ports(sw->dp, &n);
        if (req->u.port_no != OFPP_ANY &&
            !sw_dp_port_find(sw->dp, req->u.port_no)) {
            err = OFPERR_OFPBRC_BAD_PORT;
            break;
        }
        rep->u.port_stats = xcalloc(n + 1, sizeof *rep->u.port_stats);
        for (size_t i = 0; i < n; i++) {
            if (req->u.port_no == OFPP_ANY ||
                req->u.port_no == ports[i]->port_no) {
                port_stats_of(sw, ports[i], now, &rep->u.port_stats[rep->n++]);
            }
        }
        break;
    }
    case OFPMP_QUEUE: {
        const struct conf *c = sw->conf;
        uint32_t port = req->u.queue.port_no, qid = req->u.queue.queue_id;
        if (port != OFPP_ANY && !sw_dp_port_find(sw->dp, port)) {
            err = OFPERR_OFPQOFC_BAD_PORT;
            break;
        }
        rep->u.queue = xcalloc(c->n_queues + 1, sizeof *rep->u.queue);
        bool found = false;
        for (size_t i = 0; i < c->n_queues; i++) {
            const struct conf_queue *q = &c->queues[i];
            if ((port == OFPP_ANY || q->port == port) &&
                (qid == OFPQ_ALL || q->queue_id == qid)) {
                struct ofp_queue_stats *qs = &rep->u.queue[rep->n++];
                memset(qs, 0, sizeof *qs);
                qs->port_no = q->port;
                qs->queue_id = q->queue_id;
                found = true;
            }
        }
        if (!found && qid != OFPQ_ALL) {
            err = OFPERR_OFPQOFC_BAD_QUEUE;
        }
        break;
    }
    case OFPMP_GROUP:
        sw_dp_lock(sw->dp);
        dp_pipeline_group_stats(pl, req->u.group_id, now, &rep->u.group,
                                &rep->n);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_GROUP_DESC:
        sw_dp_lock(sw->dp);
        dp_pipeline_group_desc(pl, &rep->u.group_desc, &rep->n);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_GROUP_FEATURES:
        sw_dp_lock(sw->dp);
        dp_pipeline_group_features(pl, &rep->u.group_features);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_METER:
        sw_dp_lock(sw->dp);
        dp_pipeline_meter_stats(pl, req->u.meter_id, now, &rep->u.meter,
                                &rep->n);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_METER_CONFIG:
        sw_dp_lock(sw->dp);
        dp_pipeline_meter_config(pl, req->u.meter_id, &rep->u.meter_config,
                                 &rep->n);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_METER_FEATURES:
        sw_dp_lock(sw->dp);
        dp_pipeline_meter_features(pl, &rep->u.meter_features);
        sw_dp_unlock(sw->dp);
        break;
    case OFPMP_TABLE_FEATURES:
        if (req->u.table_features.n) {
            /* Reconfiguring the pipeline is optional (OF1.3.5 §7.3.5.18);
             * this switch's tables are all alike and fixed. */
            err = OFPERR_OFPTFFC_EPERM;
            break;
        }
        table_features_fill(sw, rep);
        break;
    case OFPMP_PORT_DESC: {
        size_t n;
        struct sw_port **ports = sw_dp_ports(sw->dp, &n);
        rep->u.port_desc = xcalloc(n + 1, sizeof *rep->u.port_desc);
        for (size_t i = 0; i < n; i++) {
            port_to_ofp(sw, ports[i], &rep->u.port_desc[rep->n++]);
        }
        break;
    }
    case OFPMP_EXPERIMENTER:
    default:
        err = OFPERR_OFPBRC_BAD_EXPERIMENTER;
        break;
    }
    if (!err) {
        send_msg(chan, &r);
    }
    ofp_msg_uninit(&r);
    return err;
}

/* Table features: every table can do everything this switch implements. */
static void
table_features_fill(struct sw *sw, struct ofp_multipart_reply *rep)
{
    static const uint16_t insts[] = {
        OFPIT_GOTO_TABLE,    OFPIT_WRITE_METADATA, OFPIT_WRITE_ACTIONS,
        OFPIT_APPLY_ACTIONS, OFPIT_CLEAR_ACTIONS,  OFPIT_METER
    };
    static const uint16_t acts[] = {
        OFPAT_OUTPUT,       OFPAT_COPY_TTL_OUT, OFPAT_COPY_TTL_IN,
        OFPAT_SET_MPLS_TTL, OFPAT_DEC_MPLS_TTL, OFPAT_PUSH_VLAN,
        OFPAT_POP_VLAN,     OFPAT_PUSH_MPLS,    OFPAT_POP_MPLS,
        OFPAT_SET_QUEUE,    OFPAT_GROUP,        OFPAT_SET_NW_TTL,
        OFPAT_DEC_NW_TTL,   OFPAT_SET_FIELD,    OFPAT_PUSH_PBB,
        OFPAT_POP_PBB,
    };
    sw_dp_lock(sw->dp);
    unsigned int n_tables = dp_pipeline_n_tables(sw_dp_pipeline(sw->dp));
    sw_dp_unlock(sw->dp);

    rep->u.table_features = xcalloc(n_tables, sizeof *rep->u.table_features);
    for (unsigned int t = 0; t < n_tables; t++) {
        struct ofp_table_features *tf = &rep->u.table_features[rep->n++];
        memset(tf, 0, sizeof *tf);
        tf->table_id = t;
        snprintf(tf->name, sizeof tf->name, "table%u", t);
        tf->metadata_match = UINT64_MAX;
        tf->metadata_write = UINT64_MAX;
        tf->max_entries = sw->conf->max_flows ? sw->conf->max_flows : 1000000;
        static const uint16_t prop_types[] = {
            OFPTFPT_INSTRUCTIONS,   OFPTFPT_INSTRUCTIONS_MISS,
            OFPTFPT_NEXT_TABLES,    OFPTFPT_NEXT_TABLES_MISS,
            OFPTFPT_WRITE_ACTIONS,  OFPTFPT_WRITE_ACTIONS_MISS,
            OFPTFPT_APPLY_ACTIONS,  OFPTFPT_APPLY_ACTIONS_MISS,
            OFPTFPT_MATCH,          OFPTFPT_WILDCARDS,
            OFPTFPT_WRITE_SETFIELD, OFPTFPT_WRITE_SETFIELD_MISS,
            OFPTFPT_APPLY_SETFIELD, OFPTFPT_APPLY_SETFIELD_MISS,
        };
        tf->n_props = ARRAY_SIZE(prop_types);
        tf->props = xcalloc(tf->n_props, sizeof *tf->props);
        for (size_t i = 0; i < tf->n_props; i++) {
            struct ofp_table_feature_prop *p = &tf->props[i];
            p->type = prop_types[i];
            switch (p->type) {
            case OFPTFPT_INSTRUCTIONS:
            case OFPTFPT_INSTRUCTIONS_MISS:
                p->ids = xcalloc(ARRAY_SIZE(insts), sizeof *p->ids);
                for (size_t k = 0; k < ARRAY_SIZE(insts); k++) {
                    /* The last table cannot goto another. */
                    if (insts[k] == OFPIT_GOTO_TABLE && t + 1 >= n_tables) {
                        continue;
                    }
                    p->ids[p->n_ids++] = insts[k];
                }
                break;
            case OFPTFPT_NEXT_TABLES:
            case OFPTFPT_NEXT_TABLES_MISS:
                p->ids = xcalloc(n_tables, sizeof *p->ids);
                for (unsigned int k = t + 1; k < n_tables; k++) {
                    p->ids[p->n_ids++] = k;
                }
                break;
            case OFPTFPT_WRITE_ACTIONS:
            case OFPTFPT_WRITE_ACTIONS_MISS:
            case OFPTFPT_APPLY_ACTIONS:
            case OFPTFPT_APPLY_ACTIONS_MISS:
                p->ids = xcalloc(ARRAY_SIZE(acts), sizeof *p->ids);
                for (size_t k = 0; k < ARRAY_SIZE(acts); k++) {
                    p->ids[p->n_ids++] = acts[k];
                }
                break;
            default: {
                /* OXM lists: every field for MATCH and WILDCARDS, the
                 * settable ones for the SETFIELD properties. */
                bool set = p->type >= OFPTFPT_WRITE_SETFIELD;
                p->ids = xcalloc(OXM_N_FIELDS, sizeof *p->ids);
                for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
                    const struct oxm_field_info *fi = oxm_field_info(f);
                    if (set && !fi->settable) {
                        continue;
                    }
                    bool masked = p->type == OFPTFPT_MATCH && fi->maskable;
                    p->ids[p->n_ids++] =
                        OXM_HEADER(OFPXMC_OPENFLOW_BASIC, f, masked,
                                   masked ? fi->len * 2 : fi->len);
                }
                break;
            }
            }
        }
    }
}

/* Reassembles multipart requests sent with REQ_MORE (OF1.3.5 §7.3.5):
 * returns true when 'msg' (possibly merged into the pending request) is
 * complete and should be handled, with the complete request in '*msgp'. */
static bool
multipart_reassemble(struct chan *chan, struct ofp_msg *msg,
                     struct ofp_msg **msgp, enum ofperr *errp)
{
    struct ofconn *oc = ofconn_of(chan);
    *errp = 0;
    if (oc->mp_pending_valid) {
        if (oc->mp_pending.xid != msg->xid) {
            /* A new request while one is pending: the old one is
             * abandoned (OF1.3.5 leaves this to the switch). */
            ofp_msg_uninit(&oc->mp_pending);
            oc->mp_pending_valid = false;
        } else {
            *errp = ofp_multipart_merge(&oc->mp_pending, msg);
            if (*errp) {
                ofp_msg_uninit(&oc->mp_pending);
                oc->mp_pending_valid = false;
                return false;
            }
            if (oc->mp_pending.u.mp_request.flags & OFPMPF_REQ_MORE) {
                return false;
            }
            *msgp = &oc->mp_pending;
            return true;
        }
    }
    if (msg->u.mp_request.flags & OFPMPF_REQ_MORE) {
        /* Only a TABLE_FEATURES request body can continue in another
         * message (ofp_multipart_merge).  Refuse REQ_MORE on any other
         * type now rather than leave it pending past a barrier. */
        if (msg->u.mp_request.type != OFPMP_TABLE_FEATURES) {
            *errp = OFPERR_OFPBRC_BAD_MULTIPART;
            return false;
        }
        oc->mp_pending = *msg;
        oc->mp_pending_valid = true;
        ofp_msg_init(msg, msg->version, msg->type, msg->xid);
        return false;
    }
    *msgp = msg;
    return true;
}

/* --- ofswitch experimenter messages (ofp13/ext.h). ---------------------- */

static void
send_ext_reply(struct chan *chan, uint32_t xid, uint32_t exp_type,
               const void *body, size_t len)
{
    struct ofp_msg r;
    ofp_msg_init(&r, OFP13_VERSION, OFPT_EXPERIMENTER, xid);
    r.u.experimenter.experimenter = OFSW_EXPERIMENTER_ID;
    r.u.experimenter.exp_type = exp_type;
    ofp_bytes_set(&r.u.experimenter.data, body, len);
    send_msg(chan, &r);
    ofp_msg_uninit(&r);
}

static void
send_ext_error_text(struct chan *chan, uint32_t xid, const char *text)
{
    send_ext_reply(chan, xid, OFSW_ERROR_TEXT, text, strlen(text));
}

static enum ofperr
ext_dump_fdb(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    size_t n;
    sw_dp_lock(sw->dp);
    struct mac_entry_info *e = mac_learning_dump(sw_dp_mac_learning(sw->dp),
                                                 sw_dp_now() / 1000000, &n);
    sw_dp_unlock(sw->dp);

    /* One reply per 4000 entries keeps each message under 64 KiB. */
    struct buf b = BUF_INITIALIZER;
    size_t i = 0;
    do {
        buf_clear(&b);
        for (size_t k = 0; k < 4000 && i < n; k++, i++) {
            buf_put_be16(&b, e[i].vlan);
            buf_put(&b, e[i].mac, 6);
            buf_put_be32(&b, e[i].port);
            buf_put_be32(&b, e[i].age_s);
        }
        send_ext_reply(chan, msg->xid, OFSW_DUMP_FDB_REPLY, b.data, b.size);
    } while (i < n);
    buf_uninit(&b);
    free(e);
    return 0;
}

static enum ofperr
ext_add_port(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    const struct ofp_bytes *d = &msg->u.experimenter.data;
    if (d->len < 5) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    uint32_t port_no = get_be32(d->data);
    char *spec = xstrndup((const char *)d->data + 4, d->len - 4);
    char *err = NULL;
    uint32_t no;
    if (port_no > OFPP_MAX) {
        err = xasprintf("port number %u is out of range", port_no);
    } else {
        sw_dp_port_add(sw->dp, spec, port_no, &no, &err);
    }
    free(spec);
    if (err) {
        send_ext_error_text(chan, msg->xid, err);
        LOG_WARN(MOD, "add-port: %s", err);
        free(err);
        return OFPERR_OFPBRC_EPERM;
    }
    struct sw_port *p = sw_dp_port_find(sw->dp, no);
    LOG_INFO(MOD, "port %u: %s (added)", no, p->spec);
    send_port_status(sw, p, OFPPR_ADD);
    uint8_t body[4];
    put_be32(body, no);
    send_ext_reply(chan, msg->xid, OFSW_ADD_PORT_REPLY, body, sizeof body);
    return 0;
}

/* Removes port 'p' and tells the controllers (PORT_STATUS DELETE). */
static void
remove_port(struct sw *sw, struct sw_port *p)
{
    uint32_t port_no = p->port_no;
    struct ofp_port desc;
    port_to_ofp(sw, p, &desc);
    sw_dp_port_del(sw->dp, port_no);
    LOG_INFO(MOD, "port %u: removed", port_no);

    struct ofp_msg ps;
    ofp_msg_init(&ps, OFP13_VERSION, OFPT_PORT_STATUS, 0);
    ps.u.port_status.reason = OFPPR_DELETE;
    ps.u.port_status.desc = desc;
    struct port_status_ctx ctx = { &ps };
    chan_mgr_for_each(sw->chans, send_port_status_cb, &ctx);
    ofp_msg_uninit(&ps);
}

/* xen:auto: add a port for every vif the toolstack creates for this
 * backend domain and remove it when the guest goes (datapath/port-xen.h). */
static void
xen_watch_cb(evutil_socket_t fd, short what, void *sw_)
{
    struct sw *sw = sw_;
    struct dp_xen_watch_event e;

    while (dp_xen_watch_next(sw->xen_watch, &e) > 0) {
        if (e.added) {
            uint32_t no;
            char *err = NULL;
            if (sw_dp_port_add(sw->dp, e.spec, 0, &no, &err)) {
                LOG_WARN(MOD, "xen:auto: %s", err ? err : e.spec);
                free(err);
                continue;
            }
            LOG_INFO(MOD, "port %u: %s (xen:auto)", no, e.spec);
            send_port_status(sw, sw_dp_port_find(sw->dp, no), OFPPR_ADD);
        } else {
            size_t n;
            struct sw_port **ports = sw_dp_ports(sw->dp, &n);
            for (size_t i = 0; i < n; i++) {
                if (!strcmp(ports[i]->spec, e.spec)) {
                    remove_port(sw, ports[i]);
                    break;
                }
            }
        }
    }
}

static enum ofperr
ext_del_port(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    const struct ofp_bytes *d = &msg->u.experimenter.data;
    if (d->len != 4) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    uint32_t port_no = get_be32(d->data);
    struct sw_port *p = sw_dp_port_find(sw->dp, port_no);
    if (!p || port_no == OFPP_LOCAL) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    remove_port(sw, p);
    send_ext_reply(chan, msg->xid, OFSW_DEL_PORT_REPLY, NULL, 0);
    return 0;
}

static enum ofperr
handle_experimenter(struct sw *sw, struct chan *chan, struct ofp_msg *msg)
{
    if (msg->u.experimenter.experimenter != OFSW_EXPERIMENTER_ID) {
        return OFPERR_OFPBRC_BAD_EXPERIMENTER;
    }
    /* Port changes and switch internals are for management connections
     * (the control socket, --listen), not controllers. */
    if (chan_get_kind(chan) != CHAN_KIND_MGMT) {
        return OFPERR_OFPBRC_EPERM;
    }
    switch (msg->u.experimenter.exp_type) {
    case OFSW_DUMP_FDB_REQUEST:
        return ext_dump_fdb(sw, chan, msg);
    case OFSW_ADD_PORT_REQUEST:
        return ext_add_port(sw, chan, msg);
    case OFSW_DEL_PORT_REQUEST:
        return ext_del_port(sw, chan, msg);
    default:
        return OFPERR_OFPBRC_BAD_EXP_TYPE;
    }
}

/* --- Dispatch. ----------------------------------------------------------- */

typedef enum ofperr handler_fn(struct sw *, struct chan *, struct ofp_msg *);

static const struct {
    uint8_t type;
    handler_fn *handler;
} handlers[] = {
    { OFPT_FEATURES_REQUEST, handle_features },
    { OFPT_GET_CONFIG_REQUEST, handle_get_config },
    { OFPT_SET_CONFIG, handle_set_config },
    { OFPT_PACKET_OUT, handle_packet_out },
    { OFPT_FLOW_MOD, handle_flow_mod },
    { OFPT_GROUP_MOD, handle_group_mod },
    { OFPT_PORT_MOD, handle_port_mod },
    { OFPT_TABLE_MOD, handle_table_mod },
    { OFPT_MULTIPART_REQUEST, handle_multipart },
    { OFPT_BARRIER_REQUEST, handle_barrier },
    { OFPT_QUEUE_GET_CONFIG_REQUEST, handle_queue_get_config },
    { OFPT_ROLE_REQUEST, handle_role_request },
    { OFPT_GET_ASYNC_REQUEST, handle_get_async },
    { OFPT_SET_ASYNC, handle_set_async },
    { OFPT_METER_MOD, handle_meter_mod },
    { OFPT_EXPERIMENTER, handle_experimenter },
};

static void
received_cb(void *sw_, struct chan *chan, const uint8_t *data, size_t size)
{
    struct sw *sw = sw_;
    struct ofconn *oc = ofconn_of(chan);
    struct ofp_msg msg;
    enum ofperr err;

    if (!oc) {
        return;
    }
    err = ofp_msg_decode(data, size, &msg);
    if (err) {
        LOG_RL(&sw_rl, LOG_LVL_INFO, MOD, "%s: bad %s: %s", chan_name(chan),
               ofp_type_name(data[1]) ? ofp_type_name(data[1]) : "message",
               ofperr_get_name(err));
        chan_send_error(chan, err, data, size);
        ofp_msg_uninit(&msg);
        return;
    }

    switch (msg.type) {
    case OFPT_ERROR:
        LOG_RL(&sw_rl, LOG_LVL_INFO, MOD, "%s: peer sent error %s",
               chan_name(chan),
               msg.u.error.error ? ofperr_get_name(msg.u.error.error)
                                 : "(unknown)");
        ofp_msg_uninit(&msg);
        return;
    case OFPT_ECHO_REPLY:
    case OFPT_HELLO:
        ofp_msg_uninit(&msg);
        return;
    default:
        break;
    }

    if (oc->role == OFPCR_ROLE_SLAVE && ofconn_msg_modifies(&msg)) {
        chan_send_error(chan, OFPERR_OFPBRC_IS_SLAVE, data, size);
        ofp_msg_uninit(&msg);
        return;
    }

    struct ofp_msg *m = &msg;
    if (msg.type == OFPT_MULTIPART_REQUEST &&
        !multipart_reassemble(chan, &msg, &m, &err)) {
        if (err) {
            chan_send_error(chan, err, data, size);
        }
        ofp_msg_uninit(&msg);
        return;
    }

    handler_fn *h = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(handlers); i++) {
        if (handlers[i].type == m->type) {
            h = handlers[i].handler;
        }
    }
    /* Messages a switch never receives (replies, async) are BAD_TYPE. */
    err = h ? h(sw, chan, m) : OFPERR_OFPBRC_BAD_TYPE;
    if (err) {
        chan_send_error(chan, err, data, size);
    }
    if (m != &msg) {
        ofp_msg_uninit(m);
        ofconn_of(chan)->mp_pending_valid = false;
    }
    ofp_msg_uninit(&msg);
}

static void
connected_cb(void *sw_, struct chan *chan)
{
    struct sw *sw = sw_;
    struct ofconn *oc = xmalloc(sizeof *oc);
    ofconn_init(oc, chan, chan_get_kind(chan) == CHAN_KIND_CONTROLLER,
                sw->conf->controller_rate_limit);
    chan_set_user(chan, oc);
    update_fail_mode(sw);
}

static void
disconnected_cb(void *sw_, struct chan *chan)
{
    struct sw *sw = sw_;
    struct ofconn *oc = ofconn_of(chan);
    if (oc) {
        ofconn_uninit(oc);
        free(oc);
        chan_set_user(chan, NULL);
    }
    update_fail_mode(sw);
}

/* --- Life cycle. --------------------------------------------------------- */

struct sw *
sw_create(struct event_base *base, const struct conf *conf, char **errp)
{
    struct sw *sw = xzalloc(sizeof *sw);
    sw->conf = conf;
    sw->base = base;
    *errp = NULL;

    struct sw_dp_config dcfg;
    memset(&dcfg, 0, sizeof dcfg);
    dp_pipeline_config_init(&dcfg.pipeline);
    dcfg.pipeline.n_tables = conf->n_tables;
    if (conf->max_flows) {
        dcfg.pipeline.max_flows = conf->max_flows;
    }
    dcfg.pipeline.n_buffers = conf->n_buffers;
    dcfg.n_threads = conf->n_threads;
    dcfg.standalone_normal = conf->fail_mode == CONF_FAIL_STANDALONE;
    sw->standalone_active = dcfg.standalone_normal;
    sw->dp = sw_dp_create(&dcfg);

    /* Ports first: a bad port stops start-up before anything listens. */
    for (size_t i = 0; i < conf->n_ports; i++) {
        uint32_t no;
        if (dp_port_xen_spec_is_auto(conf->ports[i].spec)) {
            if (!sw->xen_watch && dp_xen_watch_create(&sw->xen_watch, errp)) {
                goto error;
            }
            continue;
        }
        if (sw_dp_port_add(sw->dp, conf->ports[i].spec, conf->ports[i].number,
                           &no, errp)) {
            goto error;
        }
        LOG_INFO(MOD, "port %u: %s", no, conf->ports[i].spec);
    }
    /* The switch's own interface: tap NAME as OFPP_LOCAL, with a MAC from
     * the name, left down until someone brings it up. */
    char *local_spec = xasprintf("tap:%s", conf->name);
    int err = sw_dp_port_add(sw->dp, local_spec, OFPP_LOCAL, NULL, errp);
    free(local_spec);
    if (err) {
        goto error;
    }
    struct sw_port *local = sw_dp_port_find(sw->dp, OFPP_LOCAL);
    uint8_t mac[6];
    conf_name_to_mac(conf->name, mac);
    if (!dp_port_set_hw_addr(local->dev, mac)) {
        memcpy(local->hw_addr, mac, 6);
    }

    struct chan_options copts = {
        .versions = conf->versions,
        .probe_ms = 5000,
        .backoff_min_ms = 1000,
        .backoff_max_ms = 8000,
        .private_key = conf->private_key,
        .certificate = conf->certificate,
        .ca_cert = conf->ca_cert,
    };
    static const struct chan_callbacks cbs = { connected_cb, disconnected_cb,
                                               received_cb };
    sw->chans = chan_mgr_create(base, &copts, &cbs, sw);

    struct chan_target t;
    char *perr;
    char *ctl = xasprintf("punix:%s/%s.sock", conf->run_dir, conf->name);
    perr = chan_target_parse(ctl, &t);
    if (!perr && chan_mgr_listen(sw->chans, &t, CHAN_KIND_MGMT, &perr)) {
        /* perr set */
    }
    free(ctl);
    if (perr) {
        *errp = perr;
        goto error;
    }
    for (size_t i = 0; i < conf->n_listens; i++) {
        perr = chan_target_parse(conf->listens[i], &t);
        if (!perr && !t.passive) {
            perr = xasprintf("--listen %s: not a passive target (ptcp:, "
                             "pssl:, punix:)",
                             conf->listens[i]);
        }
        if (!perr) {
            chan_mgr_listen(sw->chans, &t, CHAN_KIND_MGMT, &perr);
        }
        if (perr) {
            *errp = perr;
            goto error;
        }
    }
    for (size_t i = 0; i < conf->n_controllers; i++) {
        perr = chan_target_parse(conf->controllers[i], &t);
        if (!perr && t.passive) {
            perr = xasprintf("--controller %s: not an active target (tcp:, "
                             "ssl:, unix:)",
                             conf->controllers[i]);
        }
        if (!perr) {
            chan_mgr_connect(sw->chans, &t, CHAN_KIND_CONTROLLER, &perr);
        }
        if (perr) {
            *errp = perr;
            goto error;
        }
    }

    sw->notify_ev = event_new(base, sw_dp_notify_fd(sw->dp),
                              EV_READ | EV_PERSIST, notify_cb, sw);
    event_add(sw->notify_ev, NULL);
    struct timeval tv = { 0, EXPIRE_INTERVAL_MS * 1000 };
    sw->expire_ev = event_new(base, -1, EV_PERSIST, expire_cb, sw);
    event_add(sw->expire_ev, &tv);
    struct timeval ltv = { LINK_INTERVAL_MS / 1000, 0 };
    sw->link_ev = event_new(base, -1, EV_PERSIST, link_cb, sw);
    event_add(sw->link_ev, &ltv);

    if (sw->xen_watch) {
        sw->xen_ev = event_new(base, dp_xen_watch_get_fd(sw->xen_watch),
                               EV_READ | EV_PERSIST, xen_watch_cb, sw);
        event_add(sw->xen_ev, NULL);
    }
    if (sw_dp_start(sw->dp)) {
        *errp = xstrdup("cannot start the datapath thread");
        goto error;
    }
    LOG_INFO(MOD, "switch %s (datapath id %016llx) is up, fail mode %s",
             conf->name, (unsigned long long)conf->datapath_id,
             conf->fail_mode == CONF_FAIL_SECURE ? "secure" : "standalone");
    return sw;

error:
    sw_destroy(sw);
    return NULL;
}

void
sw_destroy(struct sw *sw)
{
    if (!sw) {
        return;
    }
    if (sw->notify_ev) {
        event_free(sw->notify_ev);
    }
    if (sw->expire_ev) {
        event_free(sw->expire_ev);
    }
    if (sw->link_ev) {
        event_free(sw->link_ev);
    }
    if (sw->xen_ev) {
        event_free(sw->xen_ev);
    }
    dp_xen_watch_destroy(sw->xen_watch);
    chan_mgr_destroy(sw->chans);
    sw_dp_destroy(sw->dp);
    free(sw);
}
