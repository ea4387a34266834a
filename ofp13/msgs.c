/* ofp13/msgs.c -- the OpenFlow 1.3 message codec: every message of
 * OF1.3.5 decodes into one 'struct ofp_msg' and encodes back.  A table
 * indexed by message type gives each type its length rule (minimum, or
 * exact for fixed-size messages) and its body initialiser, destructor,
 * decoder and encoder, so the entry points below are short and no type is
 * handled in more than one place.  Multipart bodies live in multipart.c;
 * matches, actions, instructions, buckets and bands in match.c and
 * actions.c.  Decoding checks structure only (OF1.3.5 §7): validation
 * against switch state belongs to the pipeline. */
#include <config.h>
#include "ofp13/msgs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Bytes of padding that follow a TLV of 'len' bytes to reach a multiple
 * of 8 (HELLO elements, OF1.3.5 §7.5.1). */
static size_t
pad8(size_t len)
{
    return (8 - len % 8) % 8;
}

/* Grows '*arr' (of '*n' elements of 'size' bytes, room for '*cap') so
 * that one more element fits, and returns a pointer to the new element,
 * zeroed, after incrementing '*n'. */
static void *
array_push(void **arr, size_t *n, size_t *cap, size_t size)
{
    if (*n >= *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *arr = xreallocarray(*arr, *cap, size);
    }
    void *elem = (char *)*arr + *n * size;
    memset(elem, 0, size);
    (*n)++;
    return elem;
}

/* Copies all that is left of 'c' into 'dst'. */
static void
bytes_take_rest(struct ofp_bytes *dst, struct cur *c)
{
    ofp_bytes_set(dst, c->p, c->left);
    cur_skip(c, c->left);
}

static void
bytes_put(struct buf *out, const struct ofp_bytes *b)
{
    if (b->len) {
        buf_put(out, b->data, b->len);
    }
}

void
ofp_bytes_set(struct ofp_bytes *dst, const void *src, size_t len)
{
    /* Duplicate first: 'src' may point into the block being replaced. */
    uint8_t *data = len ? xmemdup(src, len) : NULL;
    free(dst->data);
    dst->data = data;
    dst->len = len;
}

void
ofp_bytes_free(struct ofp_bytes *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
}

/* --- Shared wire pieces. ------------------------------------------------ */

size_t
ofp13_header_put(struct buf *out, uint8_t type, uint32_t xid)
{
    size_t start = buf_put_u8(out, OFP13_VERSION);
    buf_put_u8(out, type);
    buf_put_be16(out, 0);
    buf_put_be32(out, xid);
    return start;
}

int
ofp13_msg_finish(struct buf *out, size_t start)
{
    size_t len = out->size - start;
    if (len > OFP_MAX_MSG_LEN) {
        buf_truncate(out, start);
        return EMSGSIZE;
    }
    buf_set_be16(out, start + 2, (uint16_t)len);
    return 0;
}

bool
ofp13_str_decode(struct cur *c, char *dst, size_t n)
{
    if (c->left < n) {
        return false;
    }
    /* The wire string need not be terminated; the copy always is, and
     * bytes after the first NUL are dropped so equal names compare
     * equal. */
    size_t len = strnlen((const char *)c->p, n);
    memcpy(dst, c->p, len);
    memset(dst + len, 0, n + 1 - len);
    return cur_skip(c, n);
}

void
ofp13_str_encode(struct buf *out, const char *src, size_t n)
{
    size_t len = strnlen(src, n);
    if (len) {
        buf_put(out, src, len);
    }
    buf_put_zeros(out, n - len);
}

/* ofp_port, OF1.3.5 §7.2.1 (64 bytes). */
enum ofperr
ofp13_port_decode(struct cur *c, struct ofp_port *p)
{
    memset(p, 0, sizeof *p);
    if (!cur_get_be32(c, &p->port_no) || !cur_skip(c, 4) ||
        !cur_get_bytes(c, p->hw_addr, OFP_ETH_ALEN) || !cur_skip(c, 2) ||
        !ofp13_str_decode(c, p->name, OFP_MAX_PORT_NAME_LEN) ||
        !cur_get_be32(c, &p->config) || !cur_get_be32(c, &p->state) ||
        !cur_get_be32(c, &p->curr) || !cur_get_be32(c, &p->advertised) ||
        !cur_get_be32(c, &p->supported) || !cur_get_be32(c, &p->peer) ||
        !cur_get_be32(c, &p->curr_speed) || !cur_get_be32(c, &p->max_speed)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

void
ofp13_port_encode(const struct ofp_port *p, struct buf *out)
{
    buf_put_be32(out, p->port_no);
    buf_put_zeros(out, 4);
    buf_put(out, p->hw_addr, OFP_ETH_ALEN);
    buf_put_zeros(out, 2);
    ofp13_str_encode(out, p->name, OFP_MAX_PORT_NAME_LEN);
    buf_put_be32(out, p->config);
    buf_put_be32(out, p->state);
    buf_put_be32(out, p->curr);
    buf_put_be32(out, p->advertised);
    buf_put_be32(out, p->supported);
    buf_put_be32(out, p->peer);
    buf_put_be32(out, p->curr_speed);
    buf_put_be32(out, p->max_speed);
}

/* --- HELLO (OF1.3.5 §7.5.1). -------------------------------------------- */

static enum ofperr
hello_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_hello *h = &msg->u.hello;

    /* Elements exist from OF1.3.1 (wire 0x04) on; OF1.0 §5.5.1 tells a
     * receiver to ignore whatever body an older HELLO carries. */
    if (msg->version < OFP13_VERSION) {
        cur_skip(c, c->left);
        return 0;
    }
    while (c->left) {
        uint16_t type, len;
        struct cur elem;

        if (!cur_get_be16(c, &type) || !cur_get_be16(c, &len) || len < 4 ||
            !cur_split(c, len - 4, &elem) || !cur_skip(c, pad8(len))) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type != OFPHET_VERSIONBITMAP) {
            continue; /* Unknown elements are skipped (§7.5.1). */
        }
        if (!elem.left || elem.left % 4) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (!h->has_bitmap) {
            /* Only versions 0..31 exist; later words are ignored. */
            cur_get_be32(&elem, &h->bitmap);
            h->has_bitmap = true;
        }
    }
    return 0;
}

static void
hello_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_hello *h = &msg->u.hello;
    if (h->has_bitmap) {
        buf_put_be16(out, OFPHET_VERSIONBITMAP);
        buf_put_be16(out, 8);
        buf_put_be32(out, h->bitmap);
    }
}

/* --- ERROR (§7.4.4). ---------------------------------------------------- */

static enum ofperr
error_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_error_msg *e = &msg->u.error;
    if (!cur_get_be16(c, &e->type) || !cur_get_be16(c, &e->code)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    /* ofp_error_experimenter_msg: type 0xffff, exp_type, experimenter. */
    if (e->type == OFPET_EXPERIMENTER && !cur_get_be32(c, &e->experimenter)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    e->error =
        ofperr_from_wire(OFP13_VERSION, e->type, e->code, e->experimenter);
    bytes_take_rest(&e->data, c);
    return 0;
}

static void
error_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_error_msg *e = &msg->u.error;
    buf_put_be16(out, e->type);
    buf_put_be16(out, e->code);
    if (e->type == OFPET_EXPERIMENTER) {
        buf_put_be32(out, e->experimenter);
    }
    bytes_put(out, &e->data);
}

static void
error_uninit(struct ofp_msg *msg)
{
    ofp_bytes_free(&msg->u.error.data);
}

/* --- ECHO_REQUEST, ECHO_REPLY, EXPERIMENTER. ---------------------------- */

static enum ofperr
echo_decode(struct cur *c, struct ofp_msg *msg)
{
    bytes_take_rest(&msg->u.echo, c);
    return 0;
}

static void
echo_encode(const struct ofp_msg *msg, struct buf *out)
{
    bytes_put(out, &msg->u.echo);
}

static void
echo_uninit(struct ofp_msg *msg)
{
    ofp_bytes_free(&msg->u.echo);
}

static enum ofperr
experimenter_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_experimenter_msg *x = &msg->u.experimenter;
    if (!cur_get_be32(c, &x->experimenter) || !cur_get_be32(c, &x->exp_type)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    bytes_take_rest(&x->data, c);
    return 0;
}

static void
experimenter_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_experimenter_msg *x = &msg->u.experimenter;
    buf_put_be32(out, x->experimenter);
    buf_put_be32(out, x->exp_type);
    bytes_put(out, &x->data);
}

static void
experimenter_uninit(struct ofp_msg *msg)
{
    ofp_bytes_free(&msg->u.experimenter.data);
}

/* --- FEATURES_REPLY, GET_CONFIG_REPLY, SET_CONFIG. ---------------------- */

static enum ofperr
features_reply_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_features_reply *f = &msg->u.features;
    if (!cur_get_be64(c, &f->datapath_id) || !cur_get_be32(c, &f->n_buffers) ||
        !cur_get_u8(c, &f->n_tables) || !cur_get_u8(c, &f->auxiliary_id) ||
        !cur_skip(c, 2) || !cur_get_be32(c, &f->capabilities) ||
        !cur_get_be32(c, &f->reserved)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
features_reply_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_features_reply *f = &msg->u.features;
    buf_put_be64(out, f->datapath_id);
    buf_put_be32(out, f->n_buffers);
    buf_put_u8(out, f->n_tables);
    buf_put_u8(out, f->auxiliary_id);
    buf_put_zeros(out, 2);
    buf_put_be32(out, f->capabilities);
    buf_put_be32(out, f->reserved);
}

static enum ofperr
config_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_switch_config *sc = &msg->u.config;
    if (!cur_get_be16(c, &sc->flags) || !cur_get_be16(c, &sc->miss_send_len)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
config_encode(const struct ofp_msg *msg, struct buf *out)
{
    buf_put_be16(out, msg->u.config.flags);
    buf_put_be16(out, msg->u.config.miss_send_len);
}

/* --- PACKET_IN (§7.4.1). ------------------------------------------------ */

static void
packet_in_init(struct ofp_msg *msg)
{
    ofp_match_init(&msg->u.packet_in.match);
}

static void
packet_in_uninit(struct ofp_msg *msg)
{
    ofp_match_uninit(&msg->u.packet_in.match);
    ofp_bytes_free(&msg->u.packet_in.data);
}

static enum ofperr
packet_in_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_packet_in *pi = &msg->u.packet_in;
    if (!cur_get_be32(c, &pi->buffer_id) || !cur_get_be16(c, &pi->total_len) ||
        !cur_get_u8(c, &pi->reason) || !cur_get_u8(c, &pi->table_id) ||
        !cur_get_be64(c, &pi->cookie)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    enum ofperr error = ofp_match_decode(c, &pi->match);
    if (error) {
        return error;
    }
    /* Two pad bytes align the frame's IP header (§7.4.1). */
    if (!cur_skip(c, 2)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    bytes_take_rest(&pi->data, c);
    return 0;
}

static void
packet_in_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_packet_in *pi = &msg->u.packet_in;
    buf_put_be32(out, pi->buffer_id);
    buf_put_be16(out, pi->total_len);
    buf_put_u8(out, pi->reason);
    buf_put_u8(out, pi->table_id);
    buf_put_be64(out, pi->cookie);
    ofp_match_encode(&pi->match, out);
    buf_put_zeros(out, 2);
    bytes_put(out, &pi->data);
}

/* --- FLOW_REMOVED (§7.4.2). --------------------------------------------- */

static void
flow_removed_init(struct ofp_msg *msg)
{
    ofp_match_init(&msg->u.flow_removed.match);
}

static void
flow_removed_uninit(struct ofp_msg *msg)
{
    ofp_match_uninit(&msg->u.flow_removed.match);
}

static enum ofperr
flow_removed_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_flow_removed *fr = &msg->u.flow_removed;
    if (!cur_get_be64(c, &fr->cookie) || !cur_get_be16(c, &fr->priority) ||
        !cur_get_u8(c, &fr->reason) || !cur_get_u8(c, &fr->table_id) ||
        !cur_get_be32(c, &fr->duration_sec) ||
        !cur_get_be32(c, &fr->duration_nsec) ||
        !cur_get_be16(c, &fr->idle_timeout) ||
        !cur_get_be16(c, &fr->hard_timeout) ||
        !cur_get_be64(c, &fr->packet_count) ||
        !cur_get_be64(c, &fr->byte_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp_match_decode(c, &fr->match);
}

static void
flow_removed_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_flow_removed *fr = &msg->u.flow_removed;
    buf_put_be64(out, fr->cookie);
    buf_put_be16(out, fr->priority);
    buf_put_u8(out, fr->reason);
    buf_put_u8(out, fr->table_id);
    buf_put_be32(out, fr->duration_sec);
    buf_put_be32(out, fr->duration_nsec);
    buf_put_be16(out, fr->idle_timeout);
    buf_put_be16(out, fr->hard_timeout);
    buf_put_be64(out, fr->packet_count);
    buf_put_be64(out, fr->byte_count);
    ofp_match_encode(&fr->match, out);
}

/* --- PORT_STATUS (§7.4.3). ---------------------------------------------- */

static enum ofperr
port_status_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_port_status *ps = &msg->u.port_status;
    if (!cur_get_u8(c, &ps->reason) || !cur_skip(c, 7)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp13_port_decode(c, &ps->desc);
}

static void
port_status_encode(const struct ofp_msg *msg, struct buf *out)
{
    buf_put_u8(out, msg->u.port_status.reason);
    buf_put_zeros(out, 7);
    ofp13_port_encode(&msg->u.port_status.desc, out);
}

/* --- PACKET_OUT (§7.3.7). ----------------------------------------------- */

static void
packet_out_init(struct ofp_msg *msg)
{
    ofp_actions_init(&msg->u.packet_out.actions);
}

static void
packet_out_uninit(struct ofp_msg *msg)
{
    ofp_actions_uninit(&msg->u.packet_out.actions);
    ofp_bytes_free(&msg->u.packet_out.data);
}

static enum ofperr
packet_out_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_packet_out *po = &msg->u.packet_out;
    uint16_t actions_len;
    struct cur actions;

    if (!cur_get_be32(c, &po->buffer_id) || !cur_get_be32(c, &po->in_port) ||
        !cur_get_be16(c, &actions_len) || !cur_skip(c, 6) ||
        !cur_split(c, actions_len, &actions)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    enum ofperr error = ofp_actions_decode(&actions, &po->actions);
    if (error) {
        return error;
    }
    bytes_take_rest(&po->data, c);
    return 0;
}

static void
packet_out_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_packet_out *po = &msg->u.packet_out;
    buf_put_be32(out, po->buffer_id);
    buf_put_be32(out, po->in_port);
    size_t len_ofs = buf_put_be16(out, 0);
    buf_put_zeros(out, 6);
    size_t start = out->size;
    ofp_actions_encode(&po->actions, out);
    /* An oversized list makes the whole message too long, which
     * ofp13_msg_finish() reports, so truncation here is harmless. */
    buf_set_be16(out, len_ofs, (uint16_t)(out->size - start));
    bytes_put(out, &po->data);
}

/* --- FLOW_MOD (§7.3.4.1). ----------------------------------------------- */

static void
flow_mod_init(struct ofp_msg *msg)
{
    ofp_match_init(&msg->u.flow_mod.match);
    ofp_instructions_init(&msg->u.flow_mod.instructions);
}

static void
flow_mod_uninit(struct ofp_msg *msg)
{
    ofp_match_uninit(&msg->u.flow_mod.match);
    ofp_instructions_uninit(&msg->u.flow_mod.instructions);
}

static enum ofperr
flow_mod_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_flow_mod *fm = &msg->u.flow_mod;
    if (!cur_get_be64(c, &fm->cookie) || !cur_get_be64(c, &fm->cookie_mask) ||
        !cur_get_u8(c, &fm->table_id) || !cur_get_u8(c, &fm->command) ||
        !cur_get_be16(c, &fm->idle_timeout) ||
        !cur_get_be16(c, &fm->hard_timeout) ||
        !cur_get_be16(c, &fm->priority) || !cur_get_be32(c, &fm->buffer_id) ||
        !cur_get_be32(c, &fm->out_port) || !cur_get_be32(c, &fm->out_group) ||
        !cur_get_be16(c, &fm->flags) || !cur_skip(c, 2)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    enum ofperr error = ofp_match_decode(c, &fm->match);
    return error ? error : ofp_instructions_decode(c, &fm->instructions);
}

static void
flow_mod_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_flow_mod *fm = &msg->u.flow_mod;
    buf_put_be64(out, fm->cookie);
    buf_put_be64(out, fm->cookie_mask);
    buf_put_u8(out, fm->table_id);
    buf_put_u8(out, fm->command);
    buf_put_be16(out, fm->idle_timeout);
    buf_put_be16(out, fm->hard_timeout);
    buf_put_be16(out, fm->priority);
    buf_put_be32(out, fm->buffer_id);
    buf_put_be32(out, fm->out_port);
    buf_put_be32(out, fm->out_group);
    buf_put_be16(out, fm->flags);
    buf_put_zeros(out, 2);
    ofp_match_encode(&fm->match, out);
    ofp_instructions_encode(&fm->instructions, out);
}

/* --- GROUP_MOD (§7.3.4.2). ---------------------------------------------- */

static void
group_mod_init(struct ofp_msg *msg)
{
    ofp_buckets_init(&msg->u.group_mod.buckets);
}

static void
group_mod_uninit(struct ofp_msg *msg)
{
    ofp_buckets_uninit(&msg->u.group_mod.buckets);
}

static enum ofperr
group_mod_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_group_mod *gm = &msg->u.group_mod;
    if (!cur_get_be16(c, &gm->command) || !cur_get_u8(c, &gm->type) ||
        !cur_skip(c, 1) || !cur_get_be32(c, &gm->group_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp_buckets_decode(c, &gm->buckets);
}

static void
group_mod_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_group_mod *gm = &msg->u.group_mod;
    buf_put_be16(out, gm->command);
    buf_put_u8(out, gm->type);
    buf_put_zeros(out, 1);
    buf_put_be32(out, gm->group_id);
    ofp_buckets_encode(&gm->buckets, out);
}

/* --- PORT_MOD, TABLE_MOD (§7.3.4.3-4). ---------------------------------- */

static enum ofperr
port_mod_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_port_mod *pm = &msg->u.port_mod;
    if (!cur_get_be32(c, &pm->port_no) || !cur_skip(c, 4) ||
        !cur_get_bytes(c, pm->hw_addr, OFP_ETH_ALEN) || !cur_skip(c, 2) ||
        !cur_get_be32(c, &pm->config) || !cur_get_be32(c, &pm->mask) ||
        !cur_get_be32(c, &pm->advertise) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
port_mod_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_port_mod *pm = &msg->u.port_mod;
    buf_put_be32(out, pm->port_no);
    buf_put_zeros(out, 4);
    buf_put(out, pm->hw_addr, OFP_ETH_ALEN);
    buf_put_zeros(out, 2);
    buf_put_be32(out, pm->config);
    buf_put_be32(out, pm->mask);
    buf_put_be32(out, pm->advertise);
    buf_put_zeros(out, 4);
}

static enum ofperr
table_mod_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_table_mod *tm = &msg->u.table_mod;
    if (!cur_get_u8(c, &tm->table_id) || !cur_skip(c, 3) ||
        !cur_get_be32(c, &tm->config)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
table_mod_encode(const struct ofp_msg *msg, struct buf *out)
{
    buf_put_u8(out, msg->u.table_mod.table_id);
    buf_put_zeros(out, 3);
    buf_put_be32(out, msg->u.table_mod.config);
}

/* --- MULTIPART_REQUEST, MULTIPART_REPLY: multipart.c. ------------------- */

static enum ofperr
mp_request_decode(struct cur *c, struct ofp_msg *msg)
{
    return ofp13_mp_request_decode(c, &msg->u.mp_request);
}

static void
mp_request_uninit(struct ofp_msg *msg)
{
    ofp_mp_request_uninit(&msg->u.mp_request);
}

static enum ofperr
mp_reply_decode(struct cur *c, struct ofp_msg *msg)
{
    return ofp13_mp_reply_decode(c, &msg->u.mp_reply);
}

static void
mp_reply_uninit(struct ofp_msg *msg)
{
    ofp_mp_reply_uninit(&msg->u.mp_reply);
}

/* --- QUEUE_GET_CONFIG_REQUEST, QUEUE_GET_CONFIG_REPLY (§7.3.6). --------- */

static enum ofperr
queue_get_config_request_decode(struct cur *c, struct ofp_msg *msg)
{
    if (!cur_get_be32(c, &msg->u.queue_get_config_port) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
queue_get_config_request_encode(const struct ofp_msg *msg, struct buf *out)
{
    buf_put_be32(out, msg->u.queue_get_config_port);
    buf_put_zeros(out, 4);
}

static void
queue_get_config_reply_uninit(struct ofp_msg *msg)
{
    struct ofp_queue_get_config_reply *r = &msg->u.queue_config;
    for (size_t i = 0; i < r->n; i++) {
        struct ofp_packet_queue *q = &r->queues[i];
        for (size_t j = 0; j < q->n_exp; j++) {
            ofp_bytes_free(&q->exp[j].data);
        }
        free(q->exp);
    }
    free(r->queues);
    r->queues = NULL;
    r->n = 0;
}

/* One queue property (ofp_queue_prop_header: property, len, pad4).  Rate
 * properties are 16 bytes (u16 rate, pad6); an experimenter property is
 * experimenter, pad4 and data.  Unknown properties are ignored, as Open
 * vSwitch does, since a queue description is informational. */
static enum ofperr
queue_prop_decode(struct cur *c, struct ofp_packet_queue *q, size_t *exp_cap)
{
    uint16_t type, len;
    struct cur prop;

    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &len) || !cur_skip(c, 4) ||
        len < 8 || !cur_split(c, len - 8, &prop)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (type == OFPQT_MIN_RATE || type == OFPQT_MAX_RATE) {
        uint16_t rate;
        if (prop.left != 8 || !cur_get_be16(&prop, &rate)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type == OFPQT_MIN_RATE) {
            q->min_rate = rate;
        } else {
            q->max_rate = rate;
        }
    } else if (type == OFPQT_EXPERIMENTER) {
        uint32_t experimenter;
        if (!cur_get_be32(&prop, &experimenter) || !cur_skip(&prop, 4)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        void *arr = q->exp;
        struct ofp_queue_exp_prop *x =
            array_push(&arr, &q->n_exp, exp_cap, sizeof *q->exp);
        q->exp = arr;
        x->experimenter = experimenter;
        bytes_take_rest(&x->data, &prop);
    }
    return 0;
}

/* ofp_packet_queue: queue_id, port, len, pad6, properties. */
static enum ofperr
packet_queue_decode(struct cur *c, struct ofp_packet_queue *q)
{
    uint16_t len;
    struct cur props;
    size_t exp_cap = 0;

    q->min_rate = q->max_rate = OFPQ_RATE_NONE;
    if (!cur_get_be32(c, &q->queue_id) || !cur_get_be32(c, &q->port) ||
        !cur_get_be16(c, &len) || !cur_skip(c, 6) || len < 16 ||
        !cur_split(c, len - 16, &props)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    while (props.left) {
        enum ofperr error = queue_prop_decode(&props, q, &exp_cap);
        if (error) {
            return error;
        }
    }
    return 0;
}

static enum ofperr
queue_get_config_reply_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_queue_get_config_reply *r = &msg->u.queue_config;
    size_t cap = 0;

    if (!cur_get_be32(c, &r->port) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    while (c->left) {
        /* The queue joins the reply before it is decoded, so an error
         * midway leaves it for ofp_msg_uninit() to free. */
        void *arr = r->queues;
        struct ofp_packet_queue *q =
            array_push(&arr, &r->n, &cap, sizeof *r->queues);
        r->queues = arr;
        enum ofperr error = packet_queue_decode(c, q);
        if (error) {
            return error;
        }
    }
    return 0;
}

static void
queue_rate_encode(struct buf *out, uint16_t type, uint32_t rate)
{
    if (rate != OFPQ_RATE_NONE) {
        buf_put_be16(out, type);
        buf_put_be16(out, 16);
        buf_put_zeros(out, 4);
        buf_put_be16(out, (uint16_t)rate);
        buf_put_zeros(out, 6);
    }
}

static void
queue_get_config_reply_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_queue_get_config_reply *r = &msg->u.queue_config;
    buf_put_be32(out, r->port);
    buf_put_zeros(out, 4);
    for (size_t i = 0; i < r->n; i++) {
        const struct ofp_packet_queue *q = &r->queues[i];
        size_t start = buf_put_be32(out, q->queue_id);
        buf_put_be32(out, q->port);
        buf_put_be16(out, 0);
        buf_put_zeros(out, 6);
        queue_rate_encode(out, OFPQT_MIN_RATE, q->min_rate);
        queue_rate_encode(out, OFPQT_MAX_RATE, q->max_rate);
        for (size_t j = 0; j < q->n_exp; j++) {
            const struct ofp_queue_exp_prop *x = &q->exp[j];
            size_t prop = buf_put_be16(out, OFPQT_EXPERIMENTER);
            buf_put_be16(out, 0);
            buf_put_zeros(out, 4);
            buf_put_be32(out, x->experimenter);
            buf_put_zeros(out, 4);
            bytes_put(out, &x->data);
            buf_set_be16(out, prop + 2, (uint16_t)(out->size - prop));
        }
        buf_set_be16(out, start + 8, (uint16_t)(out->size - start));
    }
}

/* --- ROLE_REQUEST, ROLE_REPLY, GET_ASYNC_REPLY, SET_ASYNC. -------------- */

static enum ofperr
role_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_role *r = &msg->u.role;
    if (!cur_get_be32(c, &r->role) || !cur_skip(c, 4) ||
        !cur_get_be64(c, &r->generation_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
role_encode(const struct ofp_msg *msg, struct buf *out)
{
    buf_put_be32(out, msg->u.role.role);
    buf_put_zeros(out, 4);
    buf_put_be64(out, msg->u.role.generation_id);
}

static enum ofperr
async_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_async_config *a = &msg->u.async;
    if (!cur_get_be32(c, &a->packet_in_mask[0]) ||
        !cur_get_be32(c, &a->packet_in_mask[1]) ||
        !cur_get_be32(c, &a->port_status_mask[0]) ||
        !cur_get_be32(c, &a->port_status_mask[1]) ||
        !cur_get_be32(c, &a->flow_removed_mask[0]) ||
        !cur_get_be32(c, &a->flow_removed_mask[1])) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
async_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_async_config *a = &msg->u.async;
    for (int i = 0; i < 2; i++) {
        buf_put_be32(out, a->packet_in_mask[i]);
    }
    for (int i = 0; i < 2; i++) {
        buf_put_be32(out, a->port_status_mask[i]);
    }
    for (int i = 0; i < 2; i++) {
        buf_put_be32(out, a->flow_removed_mask[i]);
    }
}

/* --- METER_MOD (§7.3.4.5). ---------------------------------------------- */

static void
meter_mod_init(struct ofp_msg *msg)
{
    ofp_meter_bands_init(&msg->u.meter_mod.bands);
}

static void
meter_mod_uninit(struct ofp_msg *msg)
{
    ofp_meter_bands_uninit(&msg->u.meter_mod.bands);
}

static enum ofperr
meter_mod_decode(struct cur *c, struct ofp_msg *msg)
{
    struct ofp_meter_mod *mm = &msg->u.meter_mod;
    if (!cur_get_be16(c, &mm->command) || !cur_get_be16(c, &mm->flags) ||
        !cur_get_be32(c, &mm->meter_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp_meter_bands_decode(c, &mm->bands);
}

static void
meter_mod_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_meter_mod *mm = &msg->u.meter_mod;
    buf_put_be16(out, mm->command);
    buf_put_be16(out, mm->flags);
    buf_put_be32(out, mm->meter_id);
    ofp_meter_bands_encode(&mm->bands, out);
}

/* --- The table. --------------------------------------------------------- */

struct msg_class {
    const char *name;
    uint16_t min_len; /* Whole message, header included (§7.1-7.5). */
    bool fixed;       /* Exactly 'min_len' bytes. */
    /* Each may be NULL: nothing to initialise or free, an empty body. */
    void (*init)(struct ofp_msg *);
    void (*uninit)(struct ofp_msg *);
    enum ofperr (*decode)(struct cur *, struct ofp_msg *);
    void (*encode)(const struct ofp_msg *, struct buf *);
    /* Multipart messages encode themselves, since they may become
     * several messages. */
    int (*encode_msgs)(const struct ofp_msg *, struct buf *);
};

#define FIXED(NAME, LEN, DECODE, ENCODE) \
    [NAME] = { #NAME, LEN, true, NULL, NULL, DECODE, ENCODE, NULL }
#define VAR(NAME, LEN, INIT, UNINIT, DECODE, ENCODE) \
    [NAME] = { #NAME, LEN, false, INIT, UNINIT, DECODE, ENCODE, NULL }

static const struct msg_class msg_classes[OFPT_N_TYPES] = {
    VAR(OFPT_HELLO, 8, NULL, NULL, hello_decode, hello_encode),
    VAR(OFPT_ERROR, 12, NULL, error_uninit, error_decode, error_encode),
    VAR(OFPT_ECHO_REQUEST, 8, NULL, echo_uninit, echo_decode, echo_encode),
    VAR(OFPT_ECHO_REPLY, 8, NULL, echo_uninit, echo_decode, echo_encode),
    VAR(OFPT_EXPERIMENTER, 16, NULL, experimenter_uninit, experimenter_decode,
        experimenter_encode),
    FIXED(OFPT_FEATURES_REQUEST, 8, NULL, NULL),
    FIXED(OFPT_FEATURES_REPLY, 32, features_reply_decode,
          features_reply_encode),
    FIXED(OFPT_GET_CONFIG_REQUEST, 8, NULL, NULL),
    FIXED(OFPT_GET_CONFIG_REPLY, 12, config_decode, config_encode),
    FIXED(OFPT_SET_CONFIG, 12, config_decode, config_encode),
    VAR(OFPT_PACKET_IN, 34, packet_in_init, packet_in_uninit, packet_in_decode,
        packet_in_encode),
    VAR(OFPT_FLOW_REMOVED, 56, flow_removed_init, flow_removed_uninit,
        flow_removed_decode, flow_removed_encode),
    FIXED(OFPT_PORT_STATUS, 80, port_status_decode, port_status_encode),
    VAR(OFPT_PACKET_OUT, 24, packet_out_init, packet_out_uninit,
        packet_out_decode, packet_out_encode),
    VAR(OFPT_FLOW_MOD, 56, flow_mod_init, flow_mod_uninit, flow_mod_decode,
        flow_mod_encode),
    VAR(OFPT_GROUP_MOD, 16, group_mod_init, group_mod_uninit, group_mod_decode,
        group_mod_encode),
    FIXED(OFPT_PORT_MOD, 40, port_mod_decode, port_mod_encode),
    FIXED(OFPT_TABLE_MOD, 16, table_mod_decode, table_mod_encode),
    [OFPT_MULTIPART_REQUEST] = { "OFPT_MULTIPART_REQUEST", 16, false, NULL,
                                 mp_request_uninit, mp_request_decode, NULL,
                                 ofp13_mp_request_encode },
    [OFPT_MULTIPART_REPLY] = { "OFPT_MULTIPART_REPLY", 16, false, NULL,
                               mp_reply_uninit, mp_reply_decode, NULL,
                               ofp13_mp_reply_encode },
    FIXED(OFPT_BARRIER_REQUEST, 8, NULL, NULL),
    FIXED(OFPT_BARRIER_REPLY, 8, NULL, NULL),
    FIXED(OFPT_QUEUE_GET_CONFIG_REQUEST, 16, queue_get_config_request_decode,
          queue_get_config_request_encode),
    VAR(OFPT_QUEUE_GET_CONFIG_REPLY, 16, NULL, queue_get_config_reply_uninit,
        queue_get_config_reply_decode, queue_get_config_reply_encode),
    FIXED(OFPT_ROLE_REQUEST, 24, role_decode, role_encode),
    FIXED(OFPT_ROLE_REPLY, 24, role_decode, role_encode),
    FIXED(OFPT_GET_ASYNC_REQUEST, 8, NULL, NULL),
    FIXED(OFPT_GET_ASYNC_REPLY, 32, async_decode, async_encode),
    FIXED(OFPT_SET_ASYNC, 32, async_decode, async_encode),
    VAR(OFPT_METER_MOD, 16, meter_mod_init, meter_mod_uninit, meter_mod_decode,
        meter_mod_encode),
};

static const struct msg_class *
msg_class(uint8_t type)
{
    return type < OFPT_N_TYPES ? &msg_classes[type] : NULL;
}

const char *
ofp_type_name(uint8_t type)
{
    const struct msg_class *cls = msg_class(type);
    return cls ? cls->name : NULL;
}

/* --- Entry points. ------------------------------------------------------ */

void
ofp_msg_init(struct ofp_msg *msg, uint8_t version, uint8_t type, uint32_t xid)
{
    memset(msg, 0, sizeof *msg);
    msg->version = version;
    msg->type = type;
    msg->xid = xid;

    const struct msg_class *cls = msg_class(type);
    if (cls && cls->init) {
        cls->init(msg);
    }
}

void
ofp_msg_uninit(struct ofp_msg *msg)
{
    if (!msg) {
        return;
    }
    const struct msg_class *cls = msg_class(msg->type);
    if (cls && cls->uninit) {
        cls->uninit(msg);
    }
    ofp_msg_init(msg, msg->version, msg->type, msg->xid);
}

bool
ofp_header_peek(const uint8_t *data, size_t size, uint8_t *version,
                uint8_t *type, uint16_t *length, uint32_t *xid)
{
    if (size < OFP_HEADER_LEN) {
        return false;
    }
    *version = data[0];
    *type = data[1];
    *length = get_be16(data + 2);
    *xid = get_be32(data + 4);
    return true;
}

enum ofperr
ofp_msg_decode(const uint8_t *data, size_t size, struct ofp_msg *msg)
{
    uint8_t version, type;
    uint16_t length;
    uint32_t xid;

    if (!ofp_header_peek(data, size, &version, &type, &length, &xid)) {
        ofp_msg_init(msg, 0, 0, 0);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_msg_init(msg, version, type, xid);
    if (length != size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (type != OFPT_HELLO && version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    const struct msg_class *cls = msg_class(type);
    if (!cls) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (size < cls->min_len || (cls->fixed && size != cls->min_len)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    struct cur c = cur_make(data + OFP_HEADER_LEN, size - OFP_HEADER_LEN);
    enum ofperr error = cls->decode ? cls->decode(&c, msg) : 0;
    if (!error && c.left) {
        /* Bytes after the last structure the body defines. */
        error = OFPERR_OFPBRC_BAD_LEN;
    }
    if (error) {
        ofp_msg_uninit(msg);
    }
    return error;
}

int
ofp_msg_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct msg_class *cls = msg_class(msg->type);
    if (!cls) {
        return EINVAL;
    }
    if (cls->encode_msgs) {
        return cls->encode_msgs(msg, out);
    }

    size_t start = ofp13_header_put(out, msg->type, msg->xid);
    if (msg->type == OFPT_HELLO) {
        /* A HELLO carries the sender's highest version (§7.5.1). */
        buf_set_u8(out, start, msg->version);
    }
    if (cls->encode) {
        cls->encode(msg, out);
    }
    return ofp13_msg_finish(out, start);
}

void
ofp_error_encode(enum ofperr error, uint8_t version, uint32_t xid,
                 const void *request, size_t request_len, struct buf *out)
{
    uint16_t type, code;

    ofperr_to_wire(error, version, &type, &code);

    /* OFPT_ERROR is type 1 in every version. */
    size_t start = buf_put_u8(out, version);
    buf_put_u8(out, OFPT_ERROR);
    buf_put_be16(out, 0);
    buf_put_be32(out, xid);
    buf_put_be16(out, type);
    buf_put_be16(out, code);
    if (type == OFPET_EXPERIMENTER) {
        /* ofp_error_experimenter_msg: exp_type is the ONF code. */
        buf_put_be32(out, ONF_EXPERIMENTER_ID);
    }
    /* OF1.3.5 §7.4.4: at least the first 64 bytes of the request. */
    size_t n = request_len < 64 ? request_len : 64;
    if (n) {
        buf_put(out, request, n);
    }
    buf_set_be16(out, start + 2, (uint16_t)(out->size - start));
}
