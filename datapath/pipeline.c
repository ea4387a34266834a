/* datapath/pipeline.c -- the OpenFlow 1.3 pipeline (see pipeline.h), its
 * data path half: ports and transmit queues, packet buffers and events, the
 * packet path (tables, instructions, action set, outputs, groups, meters)
 * with its recording for the exact-match cache and the replay of a record,
 * PACKET_OUT, creation.  The control half is datapath/pipeline-ctl.c; what
 * they share is in datapath/pipeline-private.h. */
#include <config.h>
#include "datapath/pipeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/classifier.h"
#include "datapath/execute.h"
#include "datapath/pipeline-private.h"
#include "ofp13/ofp.h"
#include "util/xalloc.h"

static void run_tables(struct xctx *, struct pkt_state *, unsigned int);

/* --- Ports and transmit queues. ---------------------------------------- */

struct port *
dp_pipeline_find_port(const struct dp_pipeline *p, uint32_t port_no)
{
    struct port *port;
    HMAP_FOR_EACH_WITH_HASH(port, node, hash_u32(port_no, 0), &p->ports)
    {
        if (port->port_no == port_no) {
            return port;
        }
    }
    return NULL;
}

static bool
port_can_output(const struct port *port)
{
    return !(port->config & (OFPPC_PORT_DOWN | OFPPC_NO_FWD)) &&
           !(port->state & OFPPS_LINK_DOWN);
}

static bool
port_is_live(const void *p_, uint32_t port_no)
{
    const struct port *port = dp_pipeline_find_port(p_, port_no);
    return port && (port->state & OFPPS_LIVE) &&
           !(port->state & OFPPS_LINK_DOWN) &&
           !(port->config & OFPPC_PORT_DOWN);
}

static struct dp_packet *
temp_clone(struct dp_pipeline *p, const struct dp_packet *pkt)
{
    if (p->n_temps == p->alloc_temps) {
        p->alloc_temps = p->alloc_temps ? 2 * p->alloc_temps : 64;
        p->temps = xreallocarray(p->temps, p->alloc_temps, sizeof *p->temps);
    }
    struct dp_packet *c = dp_packet_clone(pkt);
    p->temps[p->n_temps++] = c;
    return c;
}

/* Forgets the queue references to 'port' (it was flushed) or owned by
 * 'owner' (its processing ended); NULL matches nothing. */
static void
refs_forget(struct dp_pipeline *p, const struct port *port,
            const struct pkt_state *owner)
{
    size_t j = 0;
    for (size_t i = 0; i < p->n_refs; i++) {
        if (p->refs[i].port != port && p->refs[i].owner != owner) {
            p->refs[j++] = p->refs[i];
        }
    }
    p->n_refs = j;
}

/* Called before 'ps''s packet is modified: every queue slot that holds it
 * receives a copy of its current contents instead. */
static void
unshare(struct dp_pipeline *p, struct pkt_state *ps)
{
    struct dp_packet *copy = NULL;
    size_t j = 0;
    for (size_t i = 0; i < p->n_refs; i++) {
        struct ref *r = &p->refs[i];
        if (r->owner == ps) {
            if (!copy) {
                copy = temp_clone(p, ps->pkt);
            }
            r->port->txq.pkts[r->idx] = copy;
        } else {
            p->refs[j++] = *r;
        }
    }
    p->n_refs = j;
}

static void
memory_port_push(struct port *port, const struct dp_packet *pkt)
{
    if (port->n_frames == port->alloc_frames) {
        size_t alloc = port->alloc_frames ? 2 * port->alloc_frames : 16;
        struct dp_packet **v = xcalloc(alloc, sizeof *v);
        for (size_t i = 0; i < port->n_frames; i++) {
            v[i] = port->frames[(port->head + i) % port->alloc_frames];
        }
        free(port->frames);
        port->frames = v;
        port->head = 0;
        port->alloc_frames = alloc;
    }
    size_t tail = (port->head + port->n_frames) % port->alloc_frames;
    port->frames[tail] = dp_packet_clone(pkt);
    port->n_frames++;
}

static void
port_flush(struct dp_pipeline *p, struct port *port)
{
    size_t n = port->txq.n;
    if (!n) {
        return;
    }
    refs_forget(p, port, NULL);
    for (size_t i = 0; i < n; i++) {
        port->tx_packets++;
        port->tx_bytes += port->txq.pkts[i]->size;
        if (port->memory) {
            memory_port_push(port, port->txq.pkts[i]);
        }
    }
    if (!port->memory && port->output) {
        port->output(port->aux, port->port_no, &port->txq);
    }
    port->txq.n = 0;
}

/* Queues 'ps''s packet for transmission on 'port'. */
static void
port_enqueue(struct dp_pipeline *p, struct pkt_state *ps, struct port *port)
{
    if (!port_can_output(port)) {
        port->tx_dropped++;
        return;
    }
    if (port->txq.n == DP_BATCH_SIZE) {
        port_flush(p, port);
    }
    struct dp_packet *pkt = ps->pkt;
    if (p->n_refs < MAX_REFS) {
        p->refs[p->n_refs].owner = ps;
        p->refs[p->n_refs].port = port;
        p->refs[p->n_refs].idx = port->txq.n;
        p->n_refs++;
    } else {
        pkt = temp_clone(p, pkt);
    }
    port->txq.pkts[port->txq.n++] = pkt;
    if (!port->dirty) {
        port->dirty = true;
        p->dirty[p->n_dirty++] = port;
    }
}

/* Transmits everything queued and frees the temporary packets. */
void
dp_pipeline_finish_batch(struct dp_pipeline *p)
{
    for (size_t i = 0; i < p->n_dirty; i++) {
        port_flush(p, p->dirty[i]);
        p->dirty[i]->dirty = false;
    }
    p->n_dirty = 0;
    p->n_refs = 0;
    for (size_t i = 0; i < p->n_temps; i++) {
        dp_packet_destroy(p->temps[i]);
    }
    p->n_temps = 0;
}

static int
port_add__(struct dp_pipeline *p, uint32_t port_no, uint32_t config,
           uint32_t state, dp_port_output_cb *output, void *aux, bool memory)
{
    if (port_no == 0 || (port_no > OFPP_MAX && port_no != OFPP_LOCAL)) {
        return EINVAL;
    }
    if (dp_pipeline_find_port(p, port_no)) {
        return EEXIST;
    }
    struct port *port = xzalloc(sizeof *port);
    port->port_no = port_no;
    port->config = config;
    port->state = state;
    port->output = output;
    port->aux = aux;
    port->memory = memory;
    dp_batch_init(&port->txq);
    hmap_insert(&p->ports, &port->node, hash_u32(port_no, 0));

    p->port_array =
        xreallocarray(p->port_array, p->n_ports + 1, sizeof *p->port_array);
    p->dirty = xreallocarray(p->dirty, p->n_ports + 1, sizeof *p->dirty);
    size_t i = p->n_ports;
    while (i > 0 && p->port_array[i - 1]->port_no > port_no) {
        p->port_array[i] = p->port_array[i - 1];
        i--;
    }
    p->port_array[i] = port;
    p->n_ports++;
    dp_pipeline_invalidate(p);
    return 0;
}

int
dp_pipeline_port_add(struct dp_pipeline *p, uint32_t port_no, uint32_t config,
                     uint32_t state, dp_port_output_cb *output, void *aux)
{
    return port_add__(p, port_no, config, state, output, aux, false);
}

int
dp_pipeline_port_add_memory(struct dp_pipeline *p, uint32_t port_no,
                            uint32_t config, uint32_t state)
{
    return port_add__(p, port_no, config, state, NULL, NULL, true);
}

static void
port_destroy(struct port *port)
{
    for (size_t i = 0; i < port->n_frames; i++) {
        dp_packet_destroy(port->frames[(port->head + i) % port->alloc_frames]);
    }
    free(port->frames);
    free(port);
}

int
dp_pipeline_port_remove(struct dp_pipeline *p, uint32_t port_no)
{
    struct port *port = dp_pipeline_find_port(p, port_no);
    if (!port) {
        return ENOENT;
    }
    hmap_remove(&p->ports, &port->node);
    size_t j = 0;
    for (size_t i = 0; i < p->n_ports; i++) {
        if (p->port_array[i] != port) {
            p->port_array[j++] = p->port_array[i];
        }
    }
    p->n_ports = j;
    port_destroy(port);
    dp_pipeline_invalidate(p);
    return 0;
}

int
dp_pipeline_port_set_config(struct dp_pipeline *p, uint32_t port_no,
                            uint32_t config)
{
    struct port *port = dp_pipeline_find_port(p, port_no);
    if (!port) {
        return ENOENT;
    }
    port->config = config;
    dp_pipeline_invalidate(p);
    return 0;
}

int
dp_pipeline_port_set_state(struct dp_pipeline *p, uint32_t port_no,
                           uint32_t state)
{
    struct port *port = dp_pipeline_find_port(p, port_no);
    if (!port) {
        return ENOENT;
    }
    port->state = state;
    dp_pipeline_invalidate(p);
    return 0;
}

bool
dp_pipeline_port_get(const struct dp_pipeline *p, uint32_t port_no,
                     uint32_t *config, uint32_t *state)
{
    const struct port *port = dp_pipeline_find_port(p, port_no);
    if (!port) {
        return false;
    }
    if (config) {
        *config = port->config;
    }
    if (state) {
        *state = port->state;
    }
    return true;
}

struct dp_packet *
dp_pipeline_port_pop_frame(struct dp_pipeline *p, uint32_t port_no)
{
    struct port *port = dp_pipeline_find_port(p, port_no);
    if (!port || !port->n_frames) {
        return NULL;
    }
    struct dp_packet *pkt = port->frames[port->head];
    port->head = (port->head + 1) % port->alloc_frames;
    port->n_frames--;
    return pkt;
}

size_t
dp_pipeline_port_n_frames(const struct dp_pipeline *p, uint32_t port_no)
{
    const struct port *port = dp_pipeline_find_port(p, port_no);
    return port ? port->n_frames : 0;
}

bool
dp_pipeline_port_get_stats(const struct dp_pipeline *p, uint32_t port_no,
                           uint64_t now, struct ofp_port_stats *ps)
{
    const struct port *port = dp_pipeline_find_port(p, port_no);
    (void)now;
    if (!port) {
        return false;
    }
    memset(ps, 0, sizeof *ps);
    ps->port_no = port_no;
    ps->rx_packets = port->rx_packets;
    ps->rx_bytes = port->rx_bytes;
    ps->rx_dropped = port->rx_dropped;
    ps->tx_packets = port->tx_packets;
    ps->tx_bytes = port->tx_bytes;
    ps->tx_dropped = port->tx_dropped;
    return true;
}

void
dp_pipeline_set_controller_to_normal(struct dp_pipeline *p, bool on)
{
    if (p->controller_to_normal != on) {
        p->controller_to_normal = on;
        dp_pipeline_invalidate(p);
    }
}

void
dp_pipeline_set_normal_hook(struct dp_pipeline *p, dp_normal_cb *cb, void *aux)
{
    p->normal = cb;
    p->normal_aux = aux;
    dp_pipeline_invalidate(p);
}

/* --- Buffers and events. ----------------------------------------------- */

/* Keeps a copy of 'pkt' and returns its buffer id, or OFP_NO_BUFFER if
 * every buffer is in use.  Ids are a 15-bit cookie over a 16-bit index, so
 * a stale id is recognised after its slot is reused. */
static uint32_t
buffer_store(struct dp_pipeline *p, const struct dp_packet *pkt,
             uint32_t in_port, uint64_t now)
{
    for (size_t i = 0; i < p->n_buffers; i++) {
        size_t idx = (p->next_buffer + i) % p->n_buffers;
        struct buffer_slot *s = &p->buffers[idx];
        if (s->pkt && s->expires_ns > now) {
            continue;
        }
        dp_packet_destroy(s->pkt);
        s->pkt = dp_packet_clone(pkt);
        s->in_port = in_port;
        s->expires_ns = now + p->cfg.buffer_timeout_ns;
        p->buffer_cookie = (uint16_t)(p->buffer_cookie % 0x7fff + 1);
        s->cookie = p->buffer_cookie;
        p->next_buffer = (idx + 1) % p->n_buffers;
        return (uint32_t)s->cookie << 16 | (uint32_t)idx;
    }
    return OFP_NO_BUFFER;
}

/* Checks 'buffer_id'; with 'take', also removes the packet and returns it
 * (owned) in '*pkt' with its in_port. */
enum ofperr
dp_pipeline_buffer_get(struct dp_pipeline *p, uint32_t buffer_id, uint64_t now,
                       bool take, struct dp_packet **pkt, uint32_t *in_port)
{
    size_t idx = buffer_id & 0xffff;
    uint32_t cookie = buffer_id >> 16;
    if (idx >= p->n_buffers || !cookie || cookie > 0x7fff) {
        return OFPERR_OFPBRC_BUFFER_UNKNOWN;
    }
    struct buffer_slot *s = &p->buffers[idx];
    if (!s->pkt || s->cookie != cookie || s->expires_ns <= now) {
        return OFPERR_OFPBRC_BUFFER_EMPTY;
    }
    if (take) {
        *pkt = s->pkt;
        *in_port = s->in_port;
        s->pkt = NULL;
    }
    return 0;
}

static struct dp_event *
event_new(struct dp_pipeline *p, enum dp_event_type type)
{
    if (p->n_events >= p->cfg.max_events) {
        p->events_dropped++;
        return NULL;
    }
    struct event_node *e = xzalloc(sizeof *e);
    e->ev.type = type;
    list_push_back(&p->events, &e->node);
    p->n_events++;
    return &e->ev;
}

static void do_normal(struct xctx *, struct pkt_state *);

static void
send_packet_in(struct xctx *x, struct pkt_state *ps, uint8_t reason,
               uint8_t table_id, uint64_t cookie, uint16_t max_len)
{
    struct dp_pipeline *p = x->p;
    if (p->controller_to_normal) {
        /* Standalone fail mode with no controller: what would have gone to
         * the controller goes to the learning switch instead. */
        do_normal(x, ps);
        return;
    }
    const struct port *in = dp_pipeline_find_port(p, x->in_port);
    if (in && (in->config & OFPPC_NO_PACKET_IN)) {
        return;
    }
    /* OF1.3.5 §5.7: the virtual meter OFPM_CONTROLLER limits the packets
     * sent to the controller. */
    struct dp_meter *m = dp_meter_table_find(p->meters, OFPM_CONTROLLER);
    if (m) {
        int band = dp_meter_apply(m, ps->pkt->size, x->now);
        if (band >= 0 && m->bands[band].cfg.type == OFPMBT_DROP) {
            return;
        }
    }
    struct dp_event *ev = event_new(p, DP_EVENT_PACKET_IN);
    if (!ev) {
        return;
    }
    struct ofp_packet_in *pin = &ev->u.packet_in;
    size_t len = ps->pkt->size;
    pin->reason = reason;
    pin->table_id = table_id;
    pin->cookie = cookie;
    pin->total_len = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len);
    ofp_match_init(&pin->match);
    dp_key_to_packet_in_match(&ps->key, &pin->match);
    pin->buffer_id = OFP_NO_BUFFER;
    /* Reference §1.14: a packet is buffered unless max_len forbids it or no
     * buffer is free; only a buffered packet is cut to max_len. */
    if (max_len != OFPCML_NO_BUFFER && p->n_buffers) {
        pin->buffer_id = buffer_store(p, ps->pkt, x->in_port, x->now);
        if (pin->buffer_id != OFP_NO_BUFFER && len > max_len) {
            len = max_len;
        }
    }
    ofp_bytes_set(&pin->data, dp_packet_data(ps->pkt), len);
}

void
dp_pipeline_flow_removed(struct dp_pipeline *p, const struct dp_flow *f,
                         uint8_t reason, uint64_t now)
{
    if (!(f->flags & OFPFF_SEND_FLOW_REM)) {
        return;
    }
    struct dp_event *ev = event_new(p, DP_EVENT_FLOW_REMOVED);
    if (!ev) {
        return;
    }
    struct ofp_flow_removed *fr = &ev->u.flow_removed;
    fr->cookie = f->cookie;
    fr->priority = dp_flow_priority(f);
    fr->reason = reason;
    fr->table_id = f->table_id;
    duration(f->created_ns, now, &fr->duration_sec, &fr->duration_nsec);
    fr->idle_timeout = f->idle_timeout;
    fr->hard_timeout = f->hard_timeout;
    fr->packet_count =
        f->flags & OFPFF_NO_PKT_COUNTS ? UINT64_MAX : f->packet_count;
    fr->byte_count =
        f->flags & OFPFF_NO_BYT_COUNTS ? UINT64_MAX : f->byte_count;
    dp_flow_get_match(f, &fr->match);
}

bool
dp_pipeline_event_pop(struct dp_pipeline *p, struct dp_event *ev)
{
    if (list_is_empty(&p->events)) {
        return false;
    }
    struct event_node *e =
        CONTAINER_OF(list_pop_front(&p->events), struct event_node, node);
    *ev = e->ev;
    free(e);
    p->n_events--;
    return true;
}

size_t
dp_pipeline_n_events(const struct dp_pipeline *p)
{
    return p->n_events;
}

uint64_t
dp_pipeline_n_events_dropped(const struct dp_pipeline *p)
{
    return p->events_dropped;
}

void
dp_event_uninit(struct dp_event *ev)
{
    if (!ev) {
        return;
    }
    if (ev->type == DP_EVENT_PACKET_IN) {
        ofp_match_uninit(&ev->u.packet_in.match);
        ofp_bytes_free(&ev->u.packet_in.data);
    } else {
        ofp_match_uninit(&ev->u.flow_removed.match);
    }
}

/* --- The packet path. -------------------------------------------------- */

static void
rec(struct xctx *x, const struct op *op)
{
    if (!x->recording) {
        return;
    }
    if (x->p->n_ops == MAX_OPS) {
        x->cacheable = false;
        x->recording = false;
        return;
    }
    x->p->ops[x->p->n_ops++] = *op;
}

static void
rec_simple(struct xctx *x, enum op_type type, const struct attrib *at)
{
    struct op op;
    memset(&op, 0, sizeof op);
    op.type = (uint8_t)type;
    if (at) {
        op.table_id = at->table_id;
        op.reason = at->reason;
        op.cookie = at->cookie;
    }
    rec(x, &op);
}

static bool
is_pop(uint16_t type)
{
    return type == OFPAT_POP_VLAN || type == OFPAT_POP_MPLS ||
           type == OFPAT_POP_PBB;
}

static void exec_internal(struct xctx *, struct pkt_state *,
                          const struct ofp_action *, const struct attrib *);

/* Applies a header-modifying action. */
static void
exec_header(struct xctx *x, struct pkt_state *ps, const struct ofp_action *a,
            const struct attrib *at)
{
    if (ofp_action_is_internal(a->type)) {
        exec_internal(x, ps, a, at);
        return;
    }
    unshare(x->p, ps);
    enum dp_exec_result r = dp_execute_action(ps->pkt, &ps->key, a);
    if (r == DP_EXEC_TTL_EXPIRED) {
        /* OF1.3.5 §5.12: a packet whose TTL expires is dropped, and sent
         * to the controller if it asked for INVALID_TTL packet-ins. */
        if (x->p->cfg.invalid_ttl_to_controller) {
            send_packet_in(x, ps, OFPR_INVALID_TTL, at->table_id, at->cookie,
                           x->p->cfg.miss_send_len);
        }
        ps->stop = true;
    } else if (r == DP_EXEC_OK && ps->top && is_pop(a->type)) {
        /* The headers under the popped one are not all in the key. */
        x->key_stale = true;
    }
}

/* The model-only OFPAT_X_* actions of the 1.0/1.1 translator
 * (ofp13/actions.h), carried out with standard ones. */
static void
exec_internal(struct xctx *x, struct pkt_state *ps, const struct ofp_action *a,
              const struct attrib *at)
{
    struct dp_pipeline *p = x->p;
    struct ofp_action std;

    memset(&std, 0, sizeof std);
    if (a->type == OFPAT_X_SET_VLAN_OR_PUSH) {
        uint16_t vid =
            (uint16_t)get_be(key_cbytes(&ps->key, p->ofs_vlan_vid), 2);
        if (!(vid & OFPVID_PRESENT)) {
            std.type = OFPAT_PUSH_VLAN;
            std.u.ethertype = 0x8100;
            exec_header(x, ps, &std, at);
            if (ps->stop) {
                return;
            }
        }
        std.type = OFPAT_SET_FIELD;
        std.u.set_field.field = a->u.set_field.field;
        std.u.set_field.value = a->u.set_field.value;
        exec_header(x, ps, &std, at);
    } else if (a->type == OFPAT_X_SET_L4_SRC ||
               a->type == OFPAT_X_SET_L4_DST) {
        bool src = a->type == OFPAT_X_SET_L4_SRC;
        uint16_t eth_type =
            (uint16_t)get_be(key_cbytes(&ps->key, p->ofs_eth_type), 2);
        if (eth_type != 0x0800 && eth_type != 0x86dd) {
            return;
        }
        switch (*key_cbytes(&ps->key, p->ofs_ip_proto)) {
        case 6:
            std.u.set_field.field = src ? OXM_TCP_SRC : OXM_TCP_DST;
            break;
        case 17:
            std.u.set_field.field = src ? OXM_UDP_SRC : OXM_UDP_DST;
            break;
        case 132:
            std.u.set_field.field = src ? OXM_SCTP_SRC : OXM_SCTP_DST;
            break;
        default:
            return;
        }
        std.type = OFPAT_SET_FIELD;
        std.u.set_field.value = a->u.set_field.value;
        exec_header(x, ps, &std, at);
    }
}

static void do_group(struct xctx *, struct pkt_state *, struct dp_group *,
                     const struct attrib *, bool final);

static void
do_normal(struct xctx *x, struct pkt_state *ps)
{
    struct dp_pipeline *p = x->p;
    uint32_t ports[MAX_NORMAL_PORTS];
    if (!p->normal) {
        return;
    }
    size_t n = p->normal(p->normal_aux, ps->pkt, &ps->key, x->in_port, ports,
                         MAX_NORMAL_PORTS);
    for (size_t i = 0; i < n && i < MAX_NORMAL_PORTS; i++) {
        uint32_t port_no = ports[i];
        if (port_no == OFPP_ALL || port_no == OFPP_FLOOD) {
            for (size_t j = 0; j < p->n_ports; j++) {
                struct port *port = p->port_array[j];
                if (port->port_no != x->in_port && port->port_no <= OFPP_MAX &&
                    !(port_no == OFPP_FLOOD &&
                      (port->state & OFPPS_BLOCKED))) {
                    port_enqueue(p, ps, port);
                }
            }
        } else if (port_no <= OFPP_MAX || port_no == OFPP_LOCAL) {
            struct port *port = dp_pipeline_find_port(p, port_no);
            if (port && port_no != x->in_port) {
                port_enqueue(p, ps, port);
            }
        }
    }
}

static void
do_output(struct xctx *x, struct pkt_state *ps, uint32_t port_no,
          uint16_t max_len, const struct attrib *at)
{
    struct dp_pipeline *p = x->p;
    struct port *port;

    switch (port_no) {
    case OFPP_IN_PORT:
        port = dp_pipeline_find_port(p, x->in_port);
        if (port) {
            port_enqueue(p, ps, port);
        }
        break;

    case OFPP_ALL:
    case OFPP_FLOOD:
        /* Reference §1.10: ALL is every standard port but the ingress
         * port; FLOOD also skips blocked ports (NO_FWD and down ports are
         * skipped by port_enqueue() for both). */
        for (size_t i = 0; i < p->n_ports; i++) {
            port = p->port_array[i];
            if (port->port_no == x->in_port || port->port_no > OFPP_MAX) {
                continue;
            }
            if (port_no == OFPP_FLOOD && (port->state & OFPPS_BLOCKED)) {
                continue;
            }
            port_enqueue(p, ps, port);
        }
        break;

    case OFPP_CONTROLLER:
        send_packet_in(x, ps, at->reason, at->table_id, at->cookie, max_len);
        break;

    case OFPP_LOCAL:
        port = dp_pipeline_find_port(p, OFPP_LOCAL);
        if (port && x->in_port != OFPP_LOCAL) {
            port_enqueue(p, ps, port);
        }
        break;

    case OFPP_NORMAL:
        do_normal(x, ps);
        break;

    case OFPP_TABLE:
        /* Packet-out only (OF1.3.5 §4.5): run a copy through the tables so
         * that the actions after this one see the packet unchanged. */
        if (x->packet_out && !x->in_tables) {
            struct pkt_state sub;
            sub.pkt = temp_clone(p, ps->pkt);
            sub.key = ps->key;
            sub.stop = false;
            sub.top = false;
            x->in_tables = true;
            run_tables(x, &sub, 0);
            x->in_tables = false;
            refs_forget(p, NULL, &sub);
        }
        break;

    default:
        /* OF1.3.5 §4.5: sending back out of the ingress port takes
         * OFPP_IN_PORT. */
        if (port_no <= OFPP_MAX && port_no != x->in_port) {
            port = dp_pipeline_find_port(p, port_no);
            if (port) {
                port_enqueue(p, ps, port);
            }
        }
        break;
    }
}

/* Executes action 'a' on 'ps' (in an apply-actions list, an action set or
 * a bucket) and records it. */
static void
exec_action(struct xctx *x, struct pkt_state *ps, const struct ofp_action *a,
            const struct attrib *at, bool final)
{
    struct op op;

    switch (a->type) {
    case OFPAT_OUTPUT:
        memset(&op, 0, sizeof op);
        op.type = OP_OUTPUT;
        op.table_id = at->table_id;
        op.reason = at->reason;
        op.cookie = at->cookie;
        op.port = a->u.output.port;
        op.max_len = a->u.output.max_len;
        if (x->recording && op.port <= OFPP_MAX && op.port != x->in_port) {
            /* Ports cannot change while the record is valid. */
            op.u.port = dp_pipeline_find_port(x->p, op.port);
            op.type = op.u.port ? OP_OUTPUT_PORT : OP_DROP;
        }
        rec(x, &op);
        do_output(x, ps, a->u.output.port, a->u.output.max_len, at);
        break;

    case OFPAT_GROUP: {
        struct dp_group *g = dp_group_table_find(x->p->groups, a->u.group_id);
        memset(&op, 0, sizeof op);
        op.type = OP_GROUP;
        op.table_id = at->table_id;
        op.reason = at->reason;
        op.cookie = at->cookie;
        op.final = final;
        op.u.group = g;
        if (g) {
            rec(x, &op);
            do_group(x, ps, g, at, final);
        }
        break;
    }

    case OFPAT_SET_QUEUE:
        /* Queues are configured outside OpenFlow and ports here have
         * none: the packet keeps the port's default queue. */
        break;

    case OFPAT_EXPERIMENTER:
        break;

    default:
        memset(&op, 0, sizeof op);
        op.type = OP_ACTION;
        op.table_id = at->table_id;
        op.reason = at->reason;
        op.cookie = at->cookie;
        op.u.action = a;
        rec(x, &op);
        exec_header(x, ps, a, at);
        break;
    }
}

static uint32_t
select_hash(const struct dp_pipeline *p, const struct pkt_state *ps)
{
    return dp_cls_hash_masked(&ps->key, &p->select_mask, 0x5e1ec7);
}

/* Runs bucket 'i' of 'g' as an action set on a copy of 'ps', or on 'ps'
 * itself if 'in_place' (nothing uses the packet afterwards). */
static void
run_bucket(struct xctx *x, struct pkt_state *ps, struct dp_group *g, size_t i,
           const struct attrib *at, bool in_place)
{
    struct dp_bucket *rt = &g->rt[i];
    struct pkt_state sub, *bs = ps;

    rt->packet_count++;
    rt->byte_count += ps->pkt->size;
    if (!in_place) {
        sub.pkt = temp_clone(x->p, ps->pkt);
        sub.key = ps->key;
        sub.stop = false;
        sub.top = false;
        bs = &sub;
    }
    for (size_t j = 0; j < rt->n && !bs->stop; j++) {
        const struct ofp_action *a = rt->order[j];
        if (a->type == OFPAT_OUTPUT && rt->has_group) {
            continue;
        }
        exec_action(x, bs, a, at, a->type == OFPAT_GROUP);
    }
    if (!in_place) {
        refs_forget(x->p, NULL, &sub);
    }
}

static void
do_group(struct xctx *x, struct pkt_state *ps, struct dp_group *g,
         const struct attrib *at, bool final)
{
    struct dp_pipeline *p = x->p;

    if (x->depth >= MAX_GROUP_DEPTH) {
        return;
    }
    g->packet_count++;
    g->byte_count += ps->pkt->size;

    /* Bucket actions are executed afresh on every packet, never recorded:
     * liveness and select hashing are decided per packet. */
    bool recording = x->recording;
    x->recording = false;
    x->depth++;
    if (g->type == OFPGT_ALL) {
        size_t last = SIZE_MAX;
        for (size_t i = g->buckets.n; i-- > 0;) {
            if (dp_group_bucket_is_live(p->groups, &g->buckets.b[i],
                                        &p->liveness)) {
                last = i;
                break;
            }
        }
        for (size_t i = 0; last != SIZE_MAX && i <= last; i++) {
            if (i == last || dp_group_bucket_is_live(
                                 p->groups, &g->buckets.b[i], &p->liveness)) {
                run_bucket(x, ps, g, i, at, final && i == last);
            }
        }
    } else {
        int b = dp_group_choose_bucket(p->groups, g, select_hash(p, ps),
                                       &p->liveness);
        if (b >= 0) {
            run_bucket(x, ps, g, (size_t)b, at, final);
        }
    }
    x->depth--;
    x->recording = recording;
}

/* Meters 'ps'.  Returns false if the packet is dropped. */
static bool
run_meter(struct xctx *x, struct pkt_state *ps, struct dp_meter *m)
{
    int band = dp_meter_apply(m, ps->pkt->size, x->now);
    if (band < 0) {
        return true;
    }
    const struct ofp_meter_band *b = &m->bands[band].cfg;
    if (b->type == OFPMBT_DROP) {
        return false;
    }
    if (b->type == OFPMBT_DSCP_REMARK) {
        struct dp_pipeline *p = x->p;
        uint16_t eth_type =
            (uint16_t)get_be(key_cbytes(&ps->key, p->ofs_eth_type), 2);
        if (eth_type != 0x0800 && eth_type != 0x86dd) {
            return true;
        }
        uint8_t dscp = *key_cbytes(&ps->key, p->ofs_ip_dscp);
        uint8_t new_dscp = dp_meter_remark_dscp(dscp, b->prec_level);
        if (new_dscp != dscp) {
            struct ofp_action a;
            memset(&a, 0, sizeof a);
            a.type = OFPAT_SET_FIELD;
            a.u.set_field.field = OXM_IP_DSCP;
            a.u.set_field.value.b[0] = new_dscp;
            unshare(p, ps);
            dp_execute_action(ps->pkt, &ps->key, &a);
            if (ps->top) {
                x->key_stale = true;
            }
        }
    }
    return true;
}

static void
write_metadata(struct dp_pipeline *p, struct pkt_state *ps, uint64_t value,
               uint64_t mask)
{
    uint8_t *b = key_bytes(&ps->key, p->ofs_metadata);
    uint64_t md = get_be(b, 8);
    put_be(b, 8, (md & ~mask) | (value & mask));
}

/* The action set (reference §1.5): one slot per action type, one per
 * set_field field, executed in slot order. */
enum {
    SLOT_COPY_TTL_IN,
    SLOT_POP_VLAN,
    SLOT_POP_PBB,
    SLOT_POP_MPLS,
    SLOT_PUSH_MPLS,
    SLOT_PUSH_PBB,
    SLOT_PUSH_VLAN,
    SLOT_COPY_TTL_OUT,
    SLOT_DEC_MPLS_TTL,
    SLOT_DEC_NW_TTL,
    SLOT_SET_MPLS_TTL,
    SLOT_SET_NW_TTL,
    SLOT_SET_FIELD, /* + field id */
    SLOT_SET_QUEUE = SLOT_SET_FIELD + OXM_N_FIELDS,
    SLOT_GROUP,
    SLOT_OUTPUT,
    N_SLOTS
};

int
dp_pipeline_action_set_slot(const struct ofp_action *a)
{
    switch (a->type) {
    case OFPAT_COPY_TTL_IN:
        return SLOT_COPY_TTL_IN;
    case OFPAT_POP_VLAN:
        return SLOT_POP_VLAN;
    case OFPAT_POP_PBB:
        return SLOT_POP_PBB;
    case OFPAT_POP_MPLS:
        return SLOT_POP_MPLS;
    case OFPAT_PUSH_MPLS:
        return SLOT_PUSH_MPLS;
    case OFPAT_PUSH_PBB:
        return SLOT_PUSH_PBB;
    case OFPAT_PUSH_VLAN:
        return SLOT_PUSH_VLAN;
    case OFPAT_COPY_TTL_OUT:
        return SLOT_COPY_TTL_OUT;
    case OFPAT_DEC_MPLS_TTL:
        return SLOT_DEC_MPLS_TTL;
    case OFPAT_DEC_NW_TTL:
        return SLOT_DEC_NW_TTL;
    case OFPAT_SET_MPLS_TTL:
        return SLOT_SET_MPLS_TTL;
    case OFPAT_SET_NW_TTL:
        return SLOT_SET_NW_TTL;
    case OFPAT_SET_FIELD:
        return a->u.set_field.field < OXM_N_FIELDS
                   ? SLOT_SET_FIELD + (int)a->u.set_field.field
                   : -1;
    case OFPAT_SET_QUEUE:
        return SLOT_SET_QUEUE;
    case OFPAT_GROUP:
        return SLOT_GROUP;
    case OFPAT_OUTPUT:
        return SLOT_OUTPUT;
    case OFPAT_X_SET_VLAN_OR_PUSH:
    case OFPAT_X_SET_L4_SRC:
    case OFPAT_X_SET_L4_DST:
        /* Translated OF1.1 set actions take the slot of their field. */
        return a->u.set_field.field < OXM_N_FIELDS
                   ? SLOT_SET_FIELD + (int)a->u.set_field.field
                   : -1;
    default:
        return -1;
    }
}

struct aset {
    uint64_t present; /* Bit per slot. */
    const struct ofp_action *a[N_SLOTS];
};

_Static_assert(N_SLOTS <= 64, "action set slots fit in a uint64_t");

static void
aset_write(struct aset *as, const struct ofp_actions *acts)
{
    /* OF1.3.5 §5.10: a write replaces the action of the same type. */
    for (size_t i = 0; i < acts->n; i++) {
        int slot = dp_pipeline_action_set_slot(&acts->a[i]);
        if (slot >= 0) {
            as->present |= 1ULL << slot;
            as->a[slot] = &acts->a[i];
        }
    }
}

static void
exec_action_set(struct xctx *x, struct pkt_state *ps, const struct aset *as,
                const struct attrib *at)
{
    uint64_t present = as->present;
    /* Output only if there is no group (OF1.3.5 §5.10). */
    if (present & (1ULL << SLOT_GROUP)) {
        present &= ~(1ULL << SLOT_OUTPUT);
    }
    while (present && !ps->stop) {
        int slot = __builtin_ctzll(present);
        present &= present - 1;
        exec_action(x, ps, as->a[slot], at, slot == SLOT_GROUP);
    }
}

static void
run_tables(struct xctx *x, struct pkt_state *ps, unsigned int table_id)
{
    struct dp_pipeline *p = x->p;
    struct aset as;
    struct attrib last = { OFPR_ACTION, 0, UINT64_MAX };
    struct op op;

    as.present = 0;
    for (;;) {
        struct dp_flow_table *t = p->tables[table_id];
        if (x->key_stale) {
            x->cacheable = false;
        }
        struct dp_flow *f = dp_flow_table_lookup(t, &ps->key);
        if (!f) {
            dp_flow_table_count_lookup(t, false);
            memset(&op, 0, sizeof op);
            op.type = OP_MISS;
            op.u.table = t;
            rec(x, &op);
            switch (dp_flow_table_get_miss(t)) {
            case DP_TABLE_MISS_CONTINUE:
                if (table_id + 1 < p->n_tables) {
                    table_id++;
                    continue;
                }
                return;
            case DP_TABLE_MISS_CONTROLLER: {
                struct attrib at = { OFPR_NO_MATCH, (uint8_t)table_id,
                                     UINT64_MAX };
                rec_simple(x, OP_MISS_CONTROLLER, &at);
                send_packet_in(x, ps, OFPR_NO_MATCH, (uint8_t)table_id,
                               UINT64_MAX, p->cfg.miss_send_len);
                return;
            }
            case DP_TABLE_MISS_NORMAL: {
                /* Standalone fail mode: the miss goes to the learning
                 * switch, recorded as an output so cache hits replay it. */
                struct attrib at = { OFPR_NO_MATCH, (uint8_t)table_id,
                                     UINT64_MAX };
                memset(&op, 0, sizeof op);
                op.type = OP_OUTPUT;
                op.table_id = at.table_id;
                op.reason = at.reason;
                op.cookie = at.cookie;
                op.port = OFPP_NORMAL;
                rec(x, &op);
                do_output(x, ps, OFPP_NORMAL, 0, &at);
                return;
            }
            case DP_TABLE_MISS_DROP:
            default:
                /* OF1.3.5 §5.4: without a table-miss flow the packet is
                 * dropped, its action set discarded. */
                return;
            }
        }

        dp_flow_table_count_lookup(t, true);
        dp_flow_count(f, ps->pkt->size, x->now);
        memset(&op, 0, sizeof op);
        op.type = OP_FLOW;
        op.u.flow = f;
        rec(x, &op);

        struct attrib at = { f->table_miss ? OFPR_NO_MATCH : OFPR_ACTION,
                             (uint8_t)table_id, f->cookie };
        const struct ofp_instructions *in = &f->insts;

        /* OF1.3.5 §5.9: meter, apply, clear, write, metadata, goto. */
        if (f->meter) {
            memset(&op, 0, sizeof op);
            op.type = OP_METER;
            op.u.meter = f->meter;
            rec(x, &op);
            if (!run_meter(x, ps, f->meter)) {
                /* The record stops here but the next packet may pass. */
                x->cacheable = false;
                return;
            }
        }
        if (ofp_instructions_has(in, OFPIT_APPLY_ACTIONS)) {
            for (size_t i = 0; i < in->apply.n; i++) {
                exec_action(x, ps, &in->apply.a[i], &at, false);
                if (ps->stop) {
                    x->cacheable = false;
                    return;
                }
            }
        }
        if (ofp_instructions_has(in, OFPIT_CLEAR_ACTIONS)) {
            as.present = 0;
        }
        if (ofp_instructions_has(in, OFPIT_WRITE_ACTIONS)) {
            aset_write(&as, &in->write);
        }
        if (ofp_instructions_has(in, OFPIT_WRITE_METADATA)) {
            write_metadata(p, ps, in->metadata, in->metadata_mask);
            memset(&op, 0, sizeof op);
            op.type = OP_METADATA;
            op.u.md.value = in->metadata;
            op.u.md.mask = in->metadata_mask;
            rec(x, &op);
        }
        /* Packet-ins from the action set are attributed to the last flow
         * that matched. */
        last = at;
        if (ofp_instructions_has(in, OFPIT_GOTO_TABLE) &&
            in->goto_table > table_id && in->goto_table < p->n_tables) {
            table_id = in->goto_table;
            continue;
        }
        break;
    }
    exec_action_set(x, ps, &as, &last);
    if (ps->stop) {
        x->cacheable = false;
    }
}

/* Replays a record on a packet whose key matched it. */
static void
replay(struct xctx *x, struct pkt_state *ps, const struct op *ops, size_t n)
{
    struct dp_pipeline *p = x->p;

    for (size_t i = 0; i < n && !ps->stop; i++) {
        const struct op *op = &ops[i];
        struct attrib at = { op->reason, op->table_id, op->cookie };
        switch ((enum op_type)op->type) {
        case OP_MISS:
            dp_flow_table_count_lookup(op->u.table, false);
            break;
        case OP_MISS_CONTROLLER:
            send_packet_in(x, ps, OFPR_NO_MATCH, op->table_id, UINT64_MAX,
                           p->cfg.miss_send_len);
            break;
        case OP_FLOW:
            dp_flow_table_count_lookup(p->tables[op->u.flow->table_id], true);
            dp_flow_count(op->u.flow, ps->pkt->size, x->now);
            break;
        case OP_METER:
            if (!run_meter(x, ps, op->u.meter)) {
                return;
            }
            break;
        case OP_ACTION:
            exec_header(x, ps, op->u.action, &at);
            break;
        case OP_METADATA:
            write_metadata(p, ps, op->u.md.value, op->u.md.mask);
            break;
        case OP_OUTPUT:
            do_output(x, ps, op->port, op->max_len, &at);
            break;
        case OP_OUTPUT_PORT:
            port_enqueue(p, ps, op->u.port);
            break;
        case OP_DROP:
            break;
        case OP_GROUP:
            do_group(x, ps, op->u.group, &at, op->final);
            break;
        }
    }
}

/* Runs the packet of 'ps', whose flow key is extracted already ('hash' is
 * its cache hash). */
static void
process_one(struct dp_pipeline *p, struct pkt_state *ps, uint32_t in_port,
            uint64_t now, uint32_t hash)
{
    struct xctx x = { .p = p, .in_port = in_port, .now = now };

    ps->stop = false;
    ps->top = true;
    if (p->cache && p->cache_enabled) {
        size_t size;
        const struct op *ops =
            dp_cache_lookup(p->cache, &ps->key, hash, &size);
        if (ops) {
            replay(&x, ps, ops, size / sizeof *ops);
        } else {
            struct dp_key key0 = ps->key;
            x.recording = true;
            x.cacheable = true;
            p->n_ops = 0;
            run_tables(&x, ps, 0);
            if (x.cacheable) {
                dp_cache_insert(p->cache, &key0, hash, p->ops,
                                p->n_ops * sizeof *p->ops);
            } else {
                p->uncacheable++;
            }
        }
    } else {
        run_tables(&x, ps, 0);
    }
    refs_forget(p, NULL, ps);
}

/* Extracts the key of 'pkt' and runs it. */
void
dp_pipeline_run_packet(struct dp_pipeline *p, struct dp_packet *pkt,
                       uint32_t in_port, uint64_t now)
{
    struct pkt_state ps;
    ps.pkt = pkt;
    pkt->in_port = in_port;
    dp_key_extract(pkt, 0, &ps.key);
    process_one(p, &ps, in_port, now, p->cache ? dp_cache_hash(&ps.key) : 0);
}

void
dp_pipeline_process(struct dp_pipeline *p, struct dp_batch *batch,
                    uint32_t in_port, uint64_t now)
{
    struct port *in = dp_pipeline_find_port(p, in_port);
    size_t n = batch->n < DP_BATCH_SIZE ? batch->n : DP_BATCH_SIZE;

    if (in) {
        if (in->config & (OFPPC_NO_RECV | OFPPC_PORT_DOWN)) {
            in->rx_dropped += n;
            return;
        }
        in->rx_packets += n;
        for (size_t i = 0; i < n; i++) {
            in->rx_bytes += batch->pkts[i]->size;
        }
    }
    /* Parse every frame and start fetching its cache set before looking
     * any up, then fetch the entries, so that the memory accesses of the
     * batch overlap. */
    bool cache = p->cache && p->cache_enabled;
    for (size_t i = 0; i < n; i++) {
        struct pkt_state *ps = &p->batch[i];
        ps->pkt = batch->pkts[i];
        ps->pkt->in_port = in_port;
        dp_key_extract(ps->pkt, 0, &ps->key);
        if (cache) {
            p->batch_hashes[i] = dp_cache_hash(&ps->key);
            dp_cache_prefetch(p->cache, p->batch_hashes[i]);
        }
    }
    if (cache) {
        for (size_t i = 0; i < n; i++) {
            dp_cache_prefetch_entry(p->cache, p->batch_hashes[i]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        process_one(p, &p->batch[i], in_port, now,
                    cache ? p->batch_hashes[i] : 0);
    }
    dp_pipeline_finish_batch(p);
}

void
dp_pipeline_process_packet(struct dp_pipeline *p, struct dp_packet *pkt,
                           uint32_t in_port, uint64_t now)
{
    struct dp_batch b;
    b.n = 1;
    b.pkts[0] = pkt;
    dp_pipeline_process(p, &b, in_port, now);
}

/* --- PACKET_OUT. ------------------------------------------------------- */

enum ofperr
dp_pipeline_packet_out(struct dp_pipeline *p, const struct ofp_packet_out *po,
                       uint64_t now)
{
    uint32_t in_port = po->in_port;
    if (!((in_port >= 1 && in_port <= OFPP_MAX) || in_port == OFPP_LOCAL ||
          in_port == OFPP_CONTROLLER || in_port == OFPP_ANY)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    enum ofperr err = dp_pipeline_check_actions(p, &po->actions, NULL, true);
    if (err) {
        return err;
    }

    struct dp_packet *pkt;
    if (po->buffer_id != OFP_NO_BUFFER) {
        uint32_t buffered_in_port;
        err = dp_pipeline_buffer_get(p, po->buffer_id, now, true, &pkt,
                                     &buffered_in_port);
        if (err) {
            return err;
        }
    } else {
        pkt = dp_packet_create(po->data.data, po->data.len, 0);
    }

    struct xctx x;
    struct pkt_state ps;
    memset(&x, 0, sizeof x);
    x.p = p;
    x.in_port = in_port;
    x.now = now;
    x.packet_out = true;
    ps.pkt = pkt;
    ps.stop = false;
    ps.top = true;
    pkt->in_port = in_port;
    dp_key_extract(pkt, 0, &ps.key);
    /* OF1.3 has no PACKET_OUT packet-in reason: ACTION, no table, no
     * flow. */
    struct attrib at = { OFPR_ACTION, OFPTT_ALL, UINT64_MAX };
    for (size_t i = 0; i < po->actions.n && !ps.stop; i++) {
        exec_action(&x, &ps, &po->actions.a[i], &at, false);
    }
    refs_forget(p, NULL, &ps);
    dp_pipeline_finish_batch(p);
    dp_packet_destroy(pkt);
    return 0;
}

/* --- Creation. --------------------------------------------------------- */

void
dp_pipeline_config_init(struct dp_pipeline_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->n_tables = 254;
    cfg->max_flows = 1000000;
    cfg->max_groups = 65536;
    cfg->max_buckets = 1024;
    cfg->max_meters = 65536;
    cfg->max_bands = 8;
    cfg->n_buffers = 256;
    cfg->buffer_timeout_ns = 5 * NS_PER_SEC;
    cfg->cache_entries = 65536;
    cfg->max_events = 4096;
    cfg->miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
    cfg->invalid_ttl_to_controller = false;
    cfg->check_out_ports = true;
}

static void
mask_field(struct dp_key *mask, enum oxm_field f)
{
    memset(key_bytes(mask, dp_key_field_ofs(f)), 0xff, dp_key_field_len(f));
}

struct dp_pipeline *
dp_pipeline_create(const struct dp_pipeline_config *cfg_)
{
    struct dp_pipeline_config cfg;
    if (cfg_) {
        cfg = *cfg_;
    } else {
        dp_pipeline_config_init(&cfg);
    }
    if (cfg.n_tables < 1) {
        cfg.n_tables = 1;
    } else if (cfg.n_tables > OFPTT_MAX + 1u) {
        cfg.n_tables = OFPTT_MAX + 1u;
    }
    if (cfg.n_buffers > MAX_BUFFERS) {
        cfg.n_buffers = MAX_BUFFERS;
    }

    struct dp_pipeline *p = xzalloc(sizeof *p);
    p->cfg = cfg;
    p->n_tables = cfg.n_tables;
    p->tables = xcalloc(p->n_tables, sizeof *p->tables);
    for (unsigned int t = 0; t < p->n_tables; t++) {
        p->tables[t] = dp_flow_table_create((uint8_t)t, cfg.max_flows);
    }
    p->batch = xcalloc(DP_BATCH_SIZE, sizeof *p->batch);
    p->groups = dp_group_table_create(cfg.max_groups, cfg.max_buckets);
    p->meters = dp_meter_table_create(cfg.max_meters, cfg.max_bands);
    p->cache = dp_cache_create(cfg.cache_entries);
    p->cache_enabled = true;
    list_init(&p->timeouts);
    hmap_init(&p->ports);
    hmap_reserve(&p->ports, 2);
    p->liveness.port_live = port_is_live;
    p->liveness.aux = p;
    p->n_buffers = cfg.n_buffers;
    p->buffers = xcalloc(p->n_buffers + 1, sizeof *p->buffers);
    list_init(&p->events);

    p->ofs_metadata = dp_key_field_ofs(OXM_METADATA);
    p->ofs_eth_type = dp_key_field_ofs(OXM_ETH_TYPE);
    p->ofs_vlan_vid = dp_key_field_ofs(OXM_VLAN_VID);
    p->ofs_ip_proto = dp_key_field_ofs(OXM_IP_PROTO);
    p->ofs_icmpv6_type = dp_key_field_ofs(OXM_ICMPV6_TYPE);
    p->ofs_ip_dscp = dp_key_field_ofs(OXM_IP_DSCP);

    /* SELECT groups hash the addresses (ARP's too), protocol and ports, so
     * that a meter's DSCP remark or a TTL change never moves a flow. */
    static const enum oxm_field hashed[] = {
        OXM_ETH_DST,  OXM_ETH_SRC,  OXM_ETH_TYPE, OXM_VLAN_VID, OXM_IP_PROTO,
        OXM_IPV4_SRC, OXM_IPV4_DST, OXM_IPV6_SRC, OXM_IPV6_DST, OXM_TCP_SRC,
        OXM_TCP_DST,  OXM_UDP_SRC,  OXM_UDP_DST,  OXM_SCTP_SRC, OXM_SCTP_DST,
        OXM_ARP_SPA,  OXM_ARP_TPA,
    };
    memset(&p->select_mask, 0, sizeof p->select_mask);
    for (size_t i = 0; i < ARRAY_SIZE(hashed); i++) {
        mask_field(&p->select_mask, hashed[i]);
    }
    return p;
}

void
dp_pipeline_destroy(struct dp_pipeline *p)
{
    if (!p) {
        return;
    }
    for (unsigned int t = 0; t < p->n_tables; t++) {
        dp_flow_table_destroy(p->tables[t]);
    }
    free(p->tables);
    dp_group_table_destroy(p->groups);
    dp_meter_table_destroy(p->meters);
    dp_cache_destroy(p->cache);

    struct port *port;
    HMAP_FOR_EACH(port, node, &p->ports)
    {
        hmap_remove(&p->ports, &port->node);
        port_destroy(port);
    }
    hmap_uninit(&p->ports);
    free(p->port_array);
    free(p->dirty);

    for (size_t i = 0; i < p->n_buffers; i++) {
        dp_packet_destroy(p->buffers[i].pkt);
    }
    free(p->buffers);

    struct dp_event ev;
    while (dp_pipeline_event_pop(p, &ev)) {
        dp_event_uninit(&ev);
    }
    for (size_t i = 0; i < p->n_temps; i++) {
        dp_packet_destroy(p->temps[i]);
    }
    free(p->temps);
    free(p->batch);
    free(p);
}

unsigned int
dp_pipeline_n_tables(const struct dp_pipeline *p)
{
    return p->n_tables;
}

size_t
dp_pipeline_n_buffers(const struct dp_pipeline *p)
{
    return p->n_buffers;
}

void
dp_pipeline_set_miss_send_len(struct dp_pipeline *p, uint16_t len)
{
    p->cfg.miss_send_len = len;
    dp_pipeline_invalidate(p);
}

void
dp_pipeline_set_invalid_ttl_to_controller(struct dp_pipeline *p, bool on)
{
    p->cfg.invalid_ttl_to_controller = on;
    dp_pipeline_invalidate(p);
}
