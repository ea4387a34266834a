/* ofp13/multipart.c -- OpenFlow 1.3 multipart request and reply bodies
 * (OF1.3.5 §7.3.5): decoding, encoding with the split of long bodies into
 * several messages, and reassembly of split bodies.  A table indexed by
 * multipart type describes each body: the request's decoder and encoder,
 * and for the reply either a single body or an array whose elements are
 * coded one at a time.  The splitter and the merger work on any array
 * through that description, so adding a type means adding a row. */
#include <config.h>
#include "ofp13/msgs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* ofp_header plus the multipart type, flags and 4 pad bytes. */
#define MP_HEADER_LEN 16
/* The largest element that fits in one message. */
#define MP_MAX_BODY (OFP_MAX_MSG_LEN - MP_HEADER_LEN)

static size_t
pad8(size_t len)
{
    return (8 - len % 8) % 8;
}

/* Splits off 'c' one element whose own u16 length field sits 'len_ofs'
 * bytes into it; the length must be at least 'min' and fit in 'c'. */
static bool
elem_split(struct cur *c, size_t len_ofs, size_t min, struct cur *elem)
{
    uint16_t len;
    return cur_peek_be16(c, len_ofs, &len) && len >= min &&
           cur_split(c, len, elem);
}

/* Patches the u16 length at 'ofs' with the bytes from 'start' to the end.
 * An element too long for the field makes its message too long as well,
 * which the splitter reports as EMSGSIZE before anyone reads the field. */
static void
len_patch(struct buf *out, size_t ofs, size_t start)
{
    buf_set_be16(out, ofs, (uint16_t)(out->size - start));
}

/* Makes room for one more element in an array under construction. */
static void *
grow(void *arr, size_t n, size_t *cap, size_t size)
{
    if (n >= *cap) {
        *cap = *cap ? *cap * 2 : 8;
        arr = xreallocarray(arr, *cap, size);
    }
    return arr;
}

/* --- Arrays of elements. ------------------------------------------------ */

/* How one kind of array element is coded.  'decode' reads exactly one
 * element from 'c' into zeroed 'elem'; on error the element may be
 * partly filled but is safe to pass to 'uninit'. */
struct mp_array {
    size_t size; /* sizeof the model element. */
    enum ofperr (*decode)(struct cur *c, void *elem);
    void (*encode)(const void *elem, struct buf *);
    void (*uninit)(void *elem); /* NULL when an element owns nothing. */
};

static void
array_free(const struct mp_array *a, void *arr, size_t n)
{
    if (a->uninit) {
        for (size_t i = 0; i < n; i++) {
            a->uninit((char *)arr + i * a->size);
        }
    }
    free(arr);
}

/* Decodes elements until 'c' is empty.  On success stores the new array
 * in '*arrp' and its length in '*np'; on error frees everything. */
static enum ofperr
array_decode(struct cur *c, const struct mp_array *a, void **arrp, size_t *np)
{
    void *arr = NULL;
    size_t n = 0, cap = 0;

    while (c->left) {
        arr = grow(arr, n, &cap, a->size);
        void *elem = (char *)arr + n * a->size;
        memset(elem, 0, a->size);
        enum ofperr error = a->decode(c, elem);
        if (error) {
            if (a->uninit) {
                a->uninit(elem);
            }
            array_free(a, arr, n);
            return error;
        }
        n++;
    }
    *arrp = arr;
    *np = n;
    return 0;
}

/* Moves the 'n_src' elements of 'src' to the end of 'dst' (of 'n_dst')
 * and frees 'src''s storage.  Returns the new 'dst'. */
static void *
array_append(const struct mp_array *a, void *dst, size_t n_dst, void *src,
             size_t n_src)
{
    if (n_src) {
        dst = xreallocarray(dst, n_dst + n_src, a->size);
        memcpy((char *)dst + n_dst * a->size, src, n_src * a->size);
    }
    free(src);
    return dst;
}

/* Appends the multipart header and returns the message's offset. */
static size_t
mp_header_put(struct buf *out, uint8_t msg_type, uint32_t xid,
              uint16_t mp_type, uint16_t flags)
{
    size_t start = ofp13_header_put(out, msg_type, xid);
    buf_put_be16(out, mp_type);
    buf_put_be16(out, flags);
    buf_put_zeros(out, 4);
    return start;
}

/* Appends 'n' elements of 'arr' as one or more multipart messages, each
 * element whole in one message, with 'more' added to 'flags' on all but
 * the last (OF1.3.5 §7.3.5).  No elements still make one message.
 * Returns 0, or EMSGSIZE with nothing appended if an element alone does
 * not fit in a message. */
static int
array_encode(struct buf *out, uint8_t msg_type, uint32_t xid, uint16_t mp_type,
             uint16_t flags, uint16_t more, const struct mp_array *a,
             const void *arr, size_t n)
{
    size_t first = out->size;
    size_t start = mp_header_put(out, msg_type, xid, mp_type, flags);

    for (size_t i = 0; i < n; i++) {
        size_t elem = out->size;
        a->encode((const char *)arr + i * a->size, out);
        size_t len = out->size - elem;
        if (len > MP_MAX_BODY) {
            buf_truncate(out, first);
            return EMSGSIZE;
        }
        if (out->size - start > OFP_MAX_MSG_LEN) {
            /* Close the message without this element, which then opens
             * the next one. */
            uint8_t *copy = xmemdup(buf_at(out, elem), len);
            buf_truncate(out, elem);
            buf_set_be16(out, start + 10, flags | more);
            ofp13_msg_finish(out, start);
            start = mp_header_put(out, msg_type, xid, mp_type, flags);
            buf_put(out, copy, len);
            free(copy);
        }
    }
    return ofp13_msg_finish(out, start);
}

/* --- DESC (§7.3.5.1). --------------------------------------------------- */

static void
desc_reply_init(struct ofp_multipart_reply *r)
{
    r->u.desc = xzalloc(sizeof *r->u.desc);
    r->n = 1;
}

static void
desc_reply_uninit(struct ofp_multipart_reply *r)
{
    free(r->u.desc);
    r->u.desc = NULL;
    r->n = 0;
}

static enum ofperr
desc_reply_decode(struct cur *c, struct ofp_multipart_reply *r)
{
    struct ofp_desc *d = r->u.desc;
    if (!ofp13_str_decode(c, d->mfr_desc, DESC_STR_LEN) ||
        !ofp13_str_decode(c, d->hw_desc, DESC_STR_LEN) ||
        !ofp13_str_decode(c, d->sw_desc, DESC_STR_LEN) ||
        !ofp13_str_decode(c, d->serial_num, SERIAL_NUM_LEN) ||
        !ofp13_str_decode(c, d->dp_desc, DESC_STR_LEN)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
desc_reply_encode(const struct ofp_multipart_reply *r, struct buf *out)
{
    static const struct ofp_desc empty;
    const struct ofp_desc *d = r->u.desc ? r->u.desc : &empty;
    ofp13_str_encode(out, d->mfr_desc, DESC_STR_LEN);
    ofp13_str_encode(out, d->hw_desc, DESC_STR_LEN);
    ofp13_str_encode(out, d->sw_desc, DESC_STR_LEN);
    ofp13_str_encode(out, d->serial_num, SERIAL_NUM_LEN);
    ofp13_str_encode(out, d->dp_desc, DESC_STR_LEN);
}

/* --- FLOW and AGGREGATE (§7.3.5.2-3). ----------------------------------- */

static void
flow_request_init(struct ofp_multipart_request *r)
{
    ofp_match_init(&r->u.flow.match);
}

static void
flow_request_uninit(struct ofp_multipart_request *r)
{
    ofp_match_uninit(&r->u.flow.match);
}

/* ofp_flow_stats_request: table_id, pad3, out_port, out_group, pad4,
 * cookie, cookie_mask, match (40 bytes with an empty match). */
static enum ofperr
flow_request_decode(struct cur *c, struct ofp_multipart_request *r)
{
    struct ofp_flow_stats_request *f = &r->u.flow;

    /* A body without room for the match header is a request of the wrong
     * length, not a bad match. */
    if (c->left < 40 || !cur_get_u8(c, &f->table_id) || !cur_skip(c, 3) ||
        !cur_get_be32(c, &f->out_port) || !cur_get_be32(c, &f->out_group) ||
        !cur_skip(c, 4) || !cur_get_be64(c, &f->cookie) ||
        !cur_get_be64(c, &f->cookie_mask)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp_match_decode(c, &f->match);
}

static void
flow_request_encode(const struct ofp_multipart_request *r, struct buf *out)
{
    const struct ofp_flow_stats_request *f = &r->u.flow;
    buf_put_u8(out, f->table_id);
    buf_put_zeros(out, 3);
    buf_put_be32(out, f->out_port);
    buf_put_be32(out, f->out_group);
    buf_put_zeros(out, 4);
    buf_put_be64(out, f->cookie);
    buf_put_be64(out, f->cookie_mask);
    ofp_match_encode(&f->match, out);
}

static void
flow_stats_uninit(void *elem)
{
    struct ofp_flow_stats *fs = elem;
    ofp_match_uninit(&fs->match);
    ofp_instructions_uninit(&fs->instructions);
}

/* ofp_flow_stats: length, table_id, pad, duration_sec, duration_nsec,
 * priority, idle_timeout, hard_timeout, flags, pad4, cookie,
 * packet_count, byte_count (48 bytes), match, instructions. */
static enum ofperr
flow_stats_decode(struct cur *c, void *elem)
{
    struct ofp_flow_stats *fs = elem;
    struct cur e;

    ofp_match_init(&fs->match);
    ofp_instructions_init(&fs->instructions);
    if (!elem_split(c, 0, 56, &e) || !cur_skip(&e, 2) ||
        !cur_get_u8(&e, &fs->table_id) || !cur_skip(&e, 1) ||
        !cur_get_be32(&e, &fs->duration_sec) ||
        !cur_get_be32(&e, &fs->duration_nsec) ||
        !cur_get_be16(&e, &fs->priority) ||
        !cur_get_be16(&e, &fs->idle_timeout) ||
        !cur_get_be16(&e, &fs->hard_timeout) ||
        !cur_get_be16(&e, &fs->flags) || !cur_skip(&e, 4) ||
        !cur_get_be64(&e, &fs->cookie) ||
        !cur_get_be64(&e, &fs->packet_count) ||
        !cur_get_be64(&e, &fs->byte_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    enum ofperr error = ofp_match_decode(&e, &fs->match);
    return error ? error : ofp_instructions_decode(&e, &fs->instructions);
}

static void
flow_stats_encode(const void *elem, struct buf *out)
{
    const struct ofp_flow_stats *fs = elem;
    size_t start = buf_put_be16(out, 0);
    buf_put_u8(out, fs->table_id);
    buf_put_zeros(out, 1);
    buf_put_be32(out, fs->duration_sec);
    buf_put_be32(out, fs->duration_nsec);
    buf_put_be16(out, fs->priority);
    buf_put_be16(out, fs->idle_timeout);
    buf_put_be16(out, fs->hard_timeout);
    buf_put_be16(out, fs->flags);
    buf_put_zeros(out, 4);
    buf_put_be64(out, fs->cookie);
    buf_put_be64(out, fs->packet_count);
    buf_put_be64(out, fs->byte_count);
    ofp_match_encode(&fs->match, out);
    ofp_instructions_encode(&fs->instructions, out);
    len_patch(out, start, start);
}

static const struct mp_array flow_stats_array = {
    sizeof(struct ofp_flow_stats),
    flow_stats_decode,
    flow_stats_encode,
    flow_stats_uninit,
};

/* ofp_aggregate_stats_reply: packet_count, byte_count, flow_count, pad4. */
static enum ofperr
aggregate_reply_decode(struct cur *c, struct ofp_multipart_reply *r)
{
    struct ofp_aggregate_stats *a = &r->u.aggregate;
    if (!cur_get_be64(c, &a->packet_count) ||
        !cur_get_be64(c, &a->byte_count) || !cur_get_be32(c, &a->flow_count) ||
        !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
aggregate_reply_encode(const struct ofp_multipart_reply *r, struct buf *out)
{
    const struct ofp_aggregate_stats *a = &r->u.aggregate;
    buf_put_be64(out, a->packet_count);
    buf_put_be64(out, a->byte_count);
    buf_put_be32(out, a->flow_count);
    buf_put_zeros(out, 4);
}

/* --- TABLE (§7.3.5.4): ofp_table_stats, 24 bytes. ----------------------- */

static enum ofperr
table_stats_decode(struct cur *c, void *elem)
{
    struct ofp_table_stats *ts = elem;
    if (!cur_get_u8(c, &ts->table_id) || !cur_skip(c, 3) ||
        !cur_get_be32(c, &ts->active_count) ||
        !cur_get_be64(c, &ts->lookup_count) ||
        !cur_get_be64(c, &ts->matched_count)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
table_stats_encode(const void *elem, struct buf *out)
{
    const struct ofp_table_stats *ts = elem;
    buf_put_u8(out, ts->table_id);
    buf_put_zeros(out, 3);
    buf_put_be32(out, ts->active_count);
    buf_put_be64(out, ts->lookup_count);
    buf_put_be64(out, ts->matched_count);
}

static const struct mp_array table_stats_array = {
    sizeof(struct ofp_table_stats),
    table_stats_decode,
    table_stats_encode,
    NULL,
};

/* --- PORT_STATS (§7.3.5.6): request port_no, pad4; ofp_port_stats, 112
 * bytes. ------------------------------------------------------------------ */

static enum ofperr
port_stats_request_decode(struct cur *c, struct ofp_multipart_request *r)
{
    if (!cur_get_be32(c, &r->u.port_no) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
port_stats_request_encode(const struct ofp_multipart_request *r,
                          struct buf *out)
{
    buf_put_be32(out, r->u.port_no);
    buf_put_zeros(out, 4);
}

static enum ofperr
port_stats_decode(struct cur *c, void *elem)
{
    struct ofp_port_stats *ps = elem;
    uint64_t *counters[] = {
        &ps->rx_packets,   &ps->tx_packets,  &ps->rx_bytes,   &ps->tx_bytes,
        &ps->rx_dropped,   &ps->tx_dropped,  &ps->rx_errors,  &ps->tx_errors,
        &ps->rx_frame_err, &ps->rx_over_err, &ps->rx_crc_err, &ps->collisions,
    };

    if (!cur_get_be32(c, &ps->port_no) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    for (size_t i = 0; i < ARRAY_SIZE(counters); i++) {
        if (!cur_get_be64(c, counters[i])) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    if (!cur_get_be32(c, &ps->duration_sec) ||
        !cur_get_be32(c, &ps->duration_nsec)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
port_stats_encode(const void *elem, struct buf *out)
{
    const struct ofp_port_stats *ps = elem;
    const uint64_t counters[] = {
        ps->rx_packets,   ps->tx_packets,  ps->rx_bytes,   ps->tx_bytes,
        ps->rx_dropped,   ps->tx_dropped,  ps->rx_errors,  ps->tx_errors,
        ps->rx_frame_err, ps->rx_over_err, ps->rx_crc_err, ps->collisions,
    };

    buf_put_be32(out, ps->port_no);
    buf_put_zeros(out, 4);
    for (size_t i = 0; i < ARRAY_SIZE(counters); i++) {
        buf_put_be64(out, counters[i]);
    }
    buf_put_be32(out, ps->duration_sec);
    buf_put_be32(out, ps->duration_nsec);
}

static const struct mp_array port_stats_array = {
    sizeof(struct ofp_port_stats),
    port_stats_decode,
    port_stats_encode,
    NULL,
};

/* --- QUEUE (§7.3.5.8): request port_no, queue_id; ofp_queue_stats, 40
 * bytes. ------------------------------------------------------------------ */

static enum ofperr
queue_request_decode(struct cur *c, struct ofp_multipart_request *r)
{
    if (!cur_get_be32(c, &r->u.queue.port_no) ||
        !cur_get_be32(c, &r->u.queue.queue_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
queue_request_encode(const struct ofp_multipart_request *r, struct buf *out)
{
    buf_put_be32(out, r->u.queue.port_no);
    buf_put_be32(out, r->u.queue.queue_id);
}

static enum ofperr
queue_stats_decode(struct cur *c, void *elem)
{
    struct ofp_queue_stats *qs = elem;
    if (!cur_get_be32(c, &qs->port_no) || !cur_get_be32(c, &qs->queue_id) ||
        !cur_get_be64(c, &qs->tx_bytes) || !cur_get_be64(c, &qs->tx_packets) ||
        !cur_get_be64(c, &qs->tx_errors) ||
        !cur_get_be32(c, &qs->duration_sec) ||
        !cur_get_be32(c, &qs->duration_nsec)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
queue_stats_encode(const void *elem, struct buf *out)
{
    const struct ofp_queue_stats *qs = elem;
    buf_put_be32(out, qs->port_no);
    buf_put_be32(out, qs->queue_id);
    buf_put_be64(out, qs->tx_bytes);
    buf_put_be64(out, qs->tx_packets);
    buf_put_be64(out, qs->tx_errors);
    buf_put_be32(out, qs->duration_sec);
    buf_put_be32(out, qs->duration_nsec);
}

static const struct mp_array queue_stats_array = {
    sizeof(struct ofp_queue_stats),
    queue_stats_decode,
    queue_stats_encode,
    NULL,
};

/* --- GROUP (§7.3.5.9): request group_id, pad4; ofp_group_stats: length,
 * pad2, group_id, ref_count, pad4, packet_count, byte_count,
 * duration_sec, duration_nsec (40 bytes), then 16-byte bucket counters.
 * METER and METER_CONFIG requests have the same shape (meter_id, pad4). */

static enum ofperr
id_request_decode(struct cur *c, struct ofp_multipart_request *r)
{
    /* 'group_id' and 'meter_id' share the union's first word; decode
     * into the member the type names. */
    uint32_t *id = r->type == OFPMP_GROUP ? &r->u.group_id : &r->u.meter_id;
    if (!cur_get_be32(c, id) || !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
id_request_encode(const struct ofp_multipart_request *r, struct buf *out)
{
    buf_put_be32(out, r->type == OFPMP_GROUP ? r->u.group_id : r->u.meter_id);
    buf_put_zeros(out, 4);
}

static void
group_stats_uninit(void *elem)
{
    struct ofp_group_stats *gs = elem;
    free(gs->buckets);
}

static enum ofperr
group_stats_decode(struct cur *c, void *elem)
{
    struct ofp_group_stats *gs = elem;
    struct cur e;

    if (!elem_split(c, 0, 40, &e) || !cur_skip(&e, 4) ||
        !cur_get_be32(&e, &gs->group_id) ||
        !cur_get_be32(&e, &gs->ref_count) || !cur_skip(&e, 4) ||
        !cur_get_be64(&e, &gs->packet_count) ||
        !cur_get_be64(&e, &gs->byte_count) ||
        !cur_get_be32(&e, &gs->duration_sec) ||
        !cur_get_be32(&e, &gs->duration_nsec) || e.left % 16) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gs->n_buckets = e.left / 16;
    gs->buckets =
        (gs->n_buckets ? xcalloc(gs->n_buckets, sizeof *gs->buckets) : NULL);
    for (size_t i = 0; i < gs->n_buckets; i++) {
        cur_get_be64(&e, &gs->buckets[i].packet_count);
        cur_get_be64(&e, &gs->buckets[i].byte_count);
    }
    return 0;
}

static void
group_stats_encode(const void *elem, struct buf *out)
{
    const struct ofp_group_stats *gs = elem;
    size_t start = buf_put_be16(out, 0);
    buf_put_zeros(out, 2);
    buf_put_be32(out, gs->group_id);
    buf_put_be32(out, gs->ref_count);
    buf_put_zeros(out, 4);
    buf_put_be64(out, gs->packet_count);
    buf_put_be64(out, gs->byte_count);
    buf_put_be32(out, gs->duration_sec);
    buf_put_be32(out, gs->duration_nsec);
    for (size_t i = 0; i < gs->n_buckets; i++) {
        buf_put_be64(out, gs->buckets[i].packet_count);
        buf_put_be64(out, gs->buckets[i].byte_count);
    }
    len_patch(out, start, start);
}

static const struct mp_array group_stats_array = {
    sizeof(struct ofp_group_stats),
    group_stats_decode,
    group_stats_encode,
    group_stats_uninit,
};

/* --- GROUP_DESC (§7.3.5.10): length, type, pad, group_id, buckets. ------ */

static void
group_desc_uninit(void *elem)
{
    struct ofp_group_desc *gd = elem;
    ofp_buckets_uninit(&gd->buckets);
}

static enum ofperr
group_desc_decode(struct cur *c, void *elem)
{
    struct ofp_group_desc *gd = elem;
    struct cur e;

    ofp_buckets_init(&gd->buckets);
    if (!elem_split(c, 0, 8, &e) || !cur_skip(&e, 2) ||
        !cur_get_u8(&e, &gd->type) || !cur_skip(&e, 1) ||
        !cur_get_be32(&e, &gd->group_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp_buckets_decode(&e, &gd->buckets);
}

static void
group_desc_encode(const void *elem, struct buf *out)
{
    const struct ofp_group_desc *gd = elem;
    size_t start = buf_put_be16(out, 0);
    buf_put_u8(out, gd->type);
    buf_put_zeros(out, 1);
    buf_put_be32(out, gd->group_id);
    ofp_buckets_encode(&gd->buckets, out);
    len_patch(out, start, start);
}

static const struct mp_array group_desc_array = {
    sizeof(struct ofp_group_desc),
    group_desc_decode,
    group_desc_encode,
    group_desc_uninit,
};

/* --- GROUP_FEATURES (§7.3.5.11): 40 bytes. ------------------------------ */

static enum ofperr
group_features_reply_decode(struct cur *c, struct ofp_multipart_reply *r)
{
    struct ofp_group_features *gf = &r->u.group_features;
    if (!cur_get_be32(c, &gf->types) || !cur_get_be32(c, &gf->capabilities)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    for (size_t i = 0; i < 4; i++) {
        if (!cur_get_be32(c, &gf->max_groups[i])) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    for (size_t i = 0; i < 4; i++) {
        if (!cur_get_be32(c, &gf->actions[i])) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    return 0;
}

static void
group_features_reply_encode(const struct ofp_multipart_reply *r,
                            struct buf *out)
{
    const struct ofp_group_features *gf = &r->u.group_features;
    buf_put_be32(out, gf->types);
    buf_put_be32(out, gf->capabilities);
    for (size_t i = 0; i < 4; i++) {
        buf_put_be32(out, gf->max_groups[i]);
    }
    for (size_t i = 0; i < 4; i++) {
        buf_put_be32(out, gf->actions[i]);
    }
}

/* --- METER (§7.3.5.12): ofp_meter_stats: meter_id, len, pad6, flow_count,
 * packet_in_count, byte_in_count, duration_sec, duration_nsec (40 bytes),
 * then 16-byte band stats. ------------------------------------------------ */

static void
meter_stats_uninit(void *elem)
{
    struct ofp_meter_stats *ms = elem;
    free(ms->bands);
}

static enum ofperr
meter_stats_decode(struct cur *c, void *elem)
{
    struct ofp_meter_stats *ms = elem;
    struct cur e;

    if (!elem_split(c, 4, 40, &e) || !cur_get_be32(&e, &ms->meter_id) ||
        !cur_skip(&e, 8) || !cur_get_be32(&e, &ms->flow_count) ||
        !cur_get_be64(&e, &ms->packet_in_count) ||
        !cur_get_be64(&e, &ms->byte_in_count) ||
        !cur_get_be32(&e, &ms->duration_sec) ||
        !cur_get_be32(&e, &ms->duration_nsec) || e.left % 16) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ms->n_bands = e.left / 16;
    ms->bands = (ms->n_bands ? xcalloc(ms->n_bands, sizeof *ms->bands) : NULL);
    for (size_t i = 0; i < ms->n_bands; i++) {
        cur_get_be64(&e, &ms->bands[i].packet_band_count);
        cur_get_be64(&e, &ms->bands[i].byte_band_count);
    }
    return 0;
}

static void
meter_stats_encode(const void *elem, struct buf *out)
{
    const struct ofp_meter_stats *ms = elem;
    size_t start = buf_put_be32(out, ms->meter_id);
    buf_put_be16(out, 0);
    buf_put_zeros(out, 6);
    buf_put_be32(out, ms->flow_count);
    buf_put_be64(out, ms->packet_in_count);
    buf_put_be64(out, ms->byte_in_count);
    buf_put_be32(out, ms->duration_sec);
    buf_put_be32(out, ms->duration_nsec);
    for (size_t i = 0; i < ms->n_bands; i++) {
        buf_put_be64(out, ms->bands[i].packet_band_count);
        buf_put_be64(out, ms->bands[i].byte_band_count);
    }
    len_patch(out, start + 4, start);
}

static const struct mp_array meter_stats_array = {
    sizeof(struct ofp_meter_stats),
    meter_stats_decode,
    meter_stats_encode,
    meter_stats_uninit,
};

/* --- METER_CONFIG (§7.3.5.13): length, flags, meter_id, bands. ---------- */

static void
meter_config_uninit(void *elem)
{
    struct ofp_meter_config *mc = elem;
    ofp_meter_bands_uninit(&mc->bands);
}

static enum ofperr
meter_config_decode(struct cur *c, void *elem)
{
    struct ofp_meter_config *mc = elem;
    struct cur e;

    ofp_meter_bands_init(&mc->bands);
    if (!elem_split(c, 0, 8, &e) || !cur_skip(&e, 2) ||
        !cur_get_be16(&e, &mc->flags) || !cur_get_be32(&e, &mc->meter_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return ofp_meter_bands_decode(&e, &mc->bands);
}

static void
meter_config_encode(const void *elem, struct buf *out)
{
    const struct ofp_meter_config *mc = elem;
    size_t start = buf_put_be16(out, 0);
    buf_put_be16(out, mc->flags);
    buf_put_be32(out, mc->meter_id);
    ofp_meter_bands_encode(&mc->bands, out);
    len_patch(out, start, start);
}

static const struct mp_array meter_config_array = {
    sizeof(struct ofp_meter_config),
    meter_config_decode,
    meter_config_encode,
    meter_config_uninit,
};

/* --- METER_FEATURES (§7.3.5.14): 16 bytes. ------------------------------ */

static enum ofperr
meter_features_reply_decode(struct cur *c, struct ofp_multipart_reply *r)
{
    struct ofp_meter_features *mf = &r->u.meter_features;
    if (!cur_get_be32(c, &mf->max_meter) ||
        !cur_get_be32(c, &mf->band_types) ||
        !cur_get_be32(c, &mf->capabilities) ||
        !cur_get_u8(c, &mf->max_bands) || !cur_get_u8(c, &mf->max_color) ||
        !cur_skip(c, 2)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

static void
meter_features_reply_encode(const struct ofp_multipart_reply *r,
                            struct buf *out)
{
    const struct ofp_meter_features *mf = &r->u.meter_features;
    buf_put_be32(out, mf->max_meter);
    buf_put_be32(out, mf->band_types);
    buf_put_be32(out, mf->capabilities);
    buf_put_u8(out, mf->max_bands);
    buf_put_u8(out, mf->max_color);
    buf_put_zeros(out, 2);
}

/* --- TABLE_FEATURES (§7.3.5.5). ----------------------------------------- */

/* What a property's body is (§7.3.5.5.2). */
enum tf_kind {
    TF_UNKNOWN,
    TF_TLV_IDS,   /* Instruction or action headers: type, len[, exp]. */
    TF_TABLE_IDS, /* u8 table ids. */
    TF_OXM_IDS,   /* u32 OXM headers[, exp]. */
    TF_EXPERIMENTER,
};

static enum tf_kind
tf_kind(uint16_t type)
{
    static const enum tf_kind kinds[] = {
        [OFPTFPT_INSTRUCTIONS] = TF_TLV_IDS,
        [OFPTFPT_INSTRUCTIONS_MISS] = TF_TLV_IDS,
        [OFPTFPT_NEXT_TABLES] = TF_TABLE_IDS,
        [OFPTFPT_NEXT_TABLES_MISS] = TF_TABLE_IDS,
        [OFPTFPT_WRITE_ACTIONS] = TF_TLV_IDS,
        [OFPTFPT_WRITE_ACTIONS_MISS] = TF_TLV_IDS,
        [OFPTFPT_APPLY_ACTIONS] = TF_TLV_IDS,
        [OFPTFPT_APPLY_ACTIONS_MISS] = TF_TLV_IDS,
        [OFPTFPT_MATCH] = TF_OXM_IDS,
        [OFPTFPT_WILDCARDS] = TF_OXM_IDS,
        [OFPTFPT_WRITE_SETFIELD] = TF_OXM_IDS,
        [OFPTFPT_WRITE_SETFIELD_MISS] = TF_OXM_IDS,
        [OFPTFPT_APPLY_SETFIELD] = TF_OXM_IDS,
        [OFPTFPT_APPLY_SETFIELD_MISS] = TF_OXM_IDS,
    };
    if (type < ARRAY_SIZE(kinds)) {
        return kinds[type];
    }
    return (type == OFPTFPT_EXPERIMENTER || type == OFPTFPT_EXPERIMENTER_MISS
                ? TF_EXPERIMENTER
                : TF_UNKNOWN);
}

static void
tf_prop_uninit(struct ofp_table_feature_prop *p)
{
    free(p->ids);
    ofp_bytes_free(&p->data);
}

/* Reads one id of 'kind' from 'c'.  Returns false on a length problem. */
static bool
tf_id_decode(struct cur *c, enum tf_kind kind, uint64_t *id)
{
    if (kind == TF_TABLE_IDS) {
        uint8_t table_id;
        bool ok = cur_get_u8(c, &table_id);
        *id = table_id;
        return ok;
    } else if (kind == TF_OXM_IDS) {
        uint32_t header, experimenter = 0;
        if (!cur_get_be32(c, &header) ||
            (OXM_CLASS(header) == OFPXMC_EXPERIMENTER &&
             !cur_get_be32(c, &experimenter))) {
            return false;
        }
        *id = (uint64_t)experimenter << 32 | header;
        return true;
    } else {
        /* An instruction or action header: standard ones are 4 bytes,
         * experimenter ones carry the experimenter id; anything else the
         * element holds is skipped. */
        uint16_t type, len;
        uint32_t experimenter = 0;
        struct cur e;
        if (!cur_peek_be16(c, 2, &len) || len < 4 || !cur_split(c, len, &e) ||
            !cur_get_be16(&e, &type) || !cur_skip(&e, 2) ||
            (type == OFPIT_EXPERIMENTER && !cur_get_be32(&e, &experimenter))) {
            return false;
        }
        *id = type == OFPIT_EXPERIMENTER
                  ? (uint64_t)experimenter << 16 | OFPIT_EXPERIMENTER
                  : type;
        return true;
    }
}

/* One property: type, length (excluding padding), body, padding to 8. */
static enum ofperr
tf_prop_decode(struct cur *c, struct ofp_table_feature_prop *p)
{
    uint16_t len;
    struct cur body;

    if (!cur_get_be16(c, &p->type) || !cur_get_be16(c, &len) || len < 4 ||
        !cur_split(c, len - 4, &body) || !cur_skip(c, pad8(len))) {
        return OFPERR_OFPTFFC_BAD_LEN;
    }

    enum tf_kind kind = tf_kind(p->type);
    if (kind == TF_UNKNOWN) {
        return OFPERR_OFPTFFC_BAD_TYPE;
    } else if (kind == TF_EXPERIMENTER) {
        if (!cur_get_be32(&body, &p->experimenter) ||
            !cur_get_be32(&body, &p->exp_type)) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        ofp_bytes_set(&p->data, body.p, body.left);
        return 0;
    }

    size_t cap = 0;
    while (body.left) {
        p->ids = grow(p->ids, p->n_ids, &cap, sizeof *p->ids);
        if (!tf_id_decode(&body, kind, &p->ids[p->n_ids])) {
            return OFPERR_OFPTFFC_BAD_LEN;
        }
        p->n_ids++;
    }
    return 0;
}

static void
tf_prop_encode(const struct ofp_table_feature_prop *p, struct buf *out)
{
    size_t start = buf_put_be16(out, p->type);
    buf_put_be16(out, 0);

    enum tf_kind kind = tf_kind(p->type);
    for (size_t i = 0; i < p->n_ids; i++) {
        uint64_t id = p->ids[i];
        if (kind == TF_TABLE_IDS) {
            buf_put_u8(out, (uint8_t)id);
        } else if (kind == TF_OXM_IDS) {
            buf_put_be32(out, (uint32_t)id);
            if (OXM_CLASS((uint32_t)id) == OFPXMC_EXPERIMENTER) {
                buf_put_be32(out, (uint32_t)(id >> 32));
            }
        } else if ((id & 0xffff) == OFPIT_EXPERIMENTER) {
            buf_put_be16(out, OFPIT_EXPERIMENTER);
            buf_put_be16(out, 8);
            buf_put_be32(out, (uint32_t)(id >> 16));
        } else {
            buf_put_be16(out, (uint16_t)id);
            buf_put_be16(out, 4);
        }
    }
    if (kind == TF_EXPERIMENTER) {
        buf_put_be32(out, p->experimenter);
        buf_put_be32(out, p->exp_type);
    }
    if (p->data.len) {
        buf_put(out, p->data.data, p->data.len);
    }
    len_patch(out, start + 2, start);
    buf_pad(out, start, 8);
}

static void
table_features_uninit(void *elem)
{
    struct ofp_table_features *tf = elem;
    for (size_t i = 0; i < tf->n_props; i++) {
        tf_prop_uninit(&tf->props[i]);
    }
    free(tf->props);
}

/* ofp_table_features: length, table_id, pad5, name[32], metadata_match,
 * metadata_write, config, max_entries (64 bytes), properties. */
static enum ofperr
table_features_decode(struct cur *c, void *elem)
{
    struct ofp_table_features *tf = elem;
    struct cur e;
    size_t cap = 0;

    if (!elem_split(c, 0, 64, &e) || !cur_skip(&e, 2) ||
        !cur_get_u8(&e, &tf->table_id) || !cur_skip(&e, 5) ||
        !ofp13_str_decode(&e, tf->name, OFP_MAX_TABLE_NAME_LEN) ||
        !cur_get_be64(&e, &tf->metadata_match) ||
        !cur_get_be64(&e, &tf->metadata_write) ||
        !cur_get_be32(&e, &tf->config) ||
        !cur_get_be32(&e, &tf->max_entries)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    while (e.left) {
        /* The property joins the element before it is decoded so that an
         * error leaves it for table_features_uninit(). */
        tf->props = grow(tf->props, tf->n_props, &cap, sizeof *tf->props);
        struct ofp_table_feature_prop *p = &tf->props[tf->n_props++];
        memset(p, 0, sizeof *p);
        enum ofperr error = tf_prop_decode(&e, p);
        if (error) {
            return error;
        }
    }
    return 0;
}

static void
table_features_encode(const void *elem, struct buf *out)
{
    const struct ofp_table_features *tf = elem;
    size_t start = buf_put_be16(out, 0);
    buf_put_u8(out, tf->table_id);
    buf_put_zeros(out, 5);
    ofp13_str_encode(out, tf->name, OFP_MAX_TABLE_NAME_LEN);
    buf_put_be64(out, tf->metadata_match);
    buf_put_be64(out, tf->metadata_write);
    buf_put_be32(out, tf->config);
    buf_put_be32(out, tf->max_entries);
    for (size_t i = 0; i < tf->n_props; i++) {
        tf_prop_encode(&tf->props[i], out);
    }
    len_patch(out, start, start);
}

static const struct mp_array table_features_array = {
    sizeof(struct ofp_table_features),
    table_features_decode,
    table_features_encode,
    table_features_uninit,
};

/* A TABLE_FEATURES request is the only request with an array body: empty
 * asks for the features, non-empty sets them. */
static enum ofperr
table_features_request_decode(struct cur *c, struct ofp_multipart_request *r)
{
    void *tables;
    size_t n;
    enum ofperr error = array_decode(c, &table_features_array, &tables, &n);
    if (!error) {
        r->u.table_features.tables = tables;
        r->u.table_features.n = n;
    }
    return error;
}

static void
table_features_request_uninit(struct ofp_multipart_request *r)
{
    array_free(&table_features_array, r->u.table_features.tables,
               r->u.table_features.n);
    r->u.table_features.tables = NULL;
    r->u.table_features.n = 0;
}

/* --- PORT_DESC (§7.3.5.7): ofp_port, 64 bytes. -------------------------- */

static enum ofperr
port_desc_decode(struct cur *c, void *elem)
{
    return ofp13_port_decode(c, elem);
}

static void
port_desc_encode(const void *elem, struct buf *out)
{
    ofp13_port_encode(elem, out);
}

static const struct mp_array port_desc_array = {
    sizeof(struct ofp_port),
    port_desc_decode,
    port_desc_encode,
    NULL,
};

/* --- EXPERIMENTER (§7.3.5.15): experimenter, exp_type, data. ------------ */

static enum ofperr
mp_experimenter_decode(struct cur *c, struct ofp_mp_experimenter *x)
{
    if (!cur_get_be32(c, &x->experimenter) || !cur_get_be32(c, &x->exp_type)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofp_bytes_set(&x->data, c->p, c->left);
    cur_skip(c, c->left);
    return 0;
}

static void
mp_experimenter_encode(const struct ofp_mp_experimenter *x, struct buf *out)
{
    buf_put_be32(out, x->experimenter);
    buf_put_be32(out, x->exp_type);
    if (x->data.len) {
        buf_put(out, x->data.data, x->data.len);
    }
}

static enum ofperr
experimenter_request_decode(struct cur *c, struct ofp_multipart_request *r)
{
    return mp_experimenter_decode(c, &r->u.experimenter);
}

static void
experimenter_request_encode(const struct ofp_multipart_request *r,
                            struct buf *out)
{
    mp_experimenter_encode(&r->u.experimenter, out);
}

static void
experimenter_request_uninit(struct ofp_multipart_request *r)
{
    ofp_bytes_free(&r->u.experimenter.data);
}

static enum ofperr
experimenter_reply_decode(struct cur *c, struct ofp_multipart_reply *r)
{
    return mp_experimenter_decode(c, &r->u.experimenter);
}

static void
experimenter_reply_encode(const struct ofp_multipart_reply *r, struct buf *out)
{
    mp_experimenter_encode(&r->u.experimenter, out);
}

static void
experimenter_reply_uninit(struct ofp_multipart_reply *r)
{
    ofp_bytes_free(&r->u.experimenter.data);
}

/* --- The table. --------------------------------------------------------- */

/* Typed access to the reply union's array member for one type. */
#define REPLY_ARRAY(MEMBER)                                            \
    static void *MEMBER##_get(const struct ofp_multipart_reply *r)     \
    {                                                                  \
        return r->u.MEMBER;                                            \
    }                                                                  \
    static void MEMBER##_set(struct ofp_multipart_reply *r, void *arr) \
    {                                                                  \
        r->u.MEMBER = arr;                                             \
    }
REPLY_ARRAY(flow)
REPLY_ARRAY(table)
REPLY_ARRAY(port_stats)
REPLY_ARRAY(queue)
REPLY_ARRAY(group)
REPLY_ARRAY(group_desc)
REPLY_ARRAY(meter)
REPLY_ARRAY(meter_config)
REPLY_ARRAY(table_features)
REPLY_ARRAY(port_desc)

struct mp_class {
    const char *name;

    /* Request body; NULL members mean an empty body (any other length is
     * OFPBRC_BAD_LEN) or nothing to set up or free. */
    void (*req_init)(struct ofp_multipart_request *);
    void (*req_uninit)(struct ofp_multipart_request *);
    enum ofperr (*req_decode)(struct cur *, struct ofp_multipart_request *);
    void (*req_encode)(const struct ofp_multipart_request *, struct buf *);

    /* Reply body: an array of elements, reached through 'get'/'set'... */
    const struct mp_array *array;
    void *(*get)(const struct ofp_multipart_reply *);
    void (*set)(struct ofp_multipart_reply *, void *);
    /* ...or a single body. */
    void (*reply_init)(struct ofp_multipart_reply *);
    void (*reply_uninit)(struct ofp_multipart_reply *);
    enum ofperr (*reply_decode)(struct cur *, struct ofp_multipart_reply *);
    void (*reply_encode)(const struct ofp_multipart_reply *, struct buf *);
};

#define REQ_NONE NULL, NULL, NULL, NULL
#define REQ(INIT, UNINIT, DECODE, ENCODE) INIT, UNINIT, DECODE, ENCODE
#define REP_ARRAY(ARRAY, MEMBER) \
    &ARRAY, MEMBER##_get, MEMBER##_set, NULL, NULL, NULL, NULL
#define REP_BODY(INIT, UNINIT, DECODE, ENCODE) \
    NULL, NULL, NULL, INIT, UNINIT, DECODE, ENCODE

static const struct mp_class mp_classes[OFPMP_N_TYPES] = {
    [OFPMP_DESC] = { "OFPMP_DESC", REQ_NONE,
                     REP_BODY(desc_reply_init, desc_reply_uninit,
                              desc_reply_decode, desc_reply_encode) },
    [OFPMP_FLOW] = { "OFPMP_FLOW",
                     REQ(flow_request_init, flow_request_uninit,
                         flow_request_decode, flow_request_encode),
                     REP_ARRAY(flow_stats_array, flow) },
    [OFPMP_AGGREGATE] = { "OFPMP_AGGREGATE",
                          REQ(flow_request_init, flow_request_uninit,
                              flow_request_decode, flow_request_encode),
                          REP_BODY(NULL, NULL, aggregate_reply_decode,
                                   aggregate_reply_encode) },
    [OFPMP_TABLE] = { "OFPMP_TABLE", REQ_NONE,
                      REP_ARRAY(table_stats_array, table) },
    [OFPMP_PORT_STATS] = { "OFPMP_PORT_STATS",
                           REQ(NULL, NULL, port_stats_request_decode,
                               port_stats_request_encode),
                           REP_ARRAY(port_stats_array, port_stats) },
    [OFPMP_QUEUE] = { "OFPMP_QUEUE",
                      REQ(NULL, NULL, queue_request_decode,
                          queue_request_encode),
                      REP_ARRAY(queue_stats_array, queue) },
    [OFPMP_GROUP] = { "OFPMP_GROUP",
                      REQ(NULL, NULL, id_request_decode, id_request_encode),
                      REP_ARRAY(group_stats_array, group) },
    [OFPMP_GROUP_DESC] = { "OFPMP_GROUP_DESC", REQ_NONE,
                           REP_ARRAY(group_desc_array, group_desc) },
    [OFPMP_GROUP_FEATURES] = { "OFPMP_GROUP_FEATURES", REQ_NONE,
                               REP_BODY(NULL, NULL,
                                        group_features_reply_decode,
                                        group_features_reply_encode) },
    [OFPMP_METER] = { "OFPMP_METER",
                      REQ(NULL, NULL, id_request_decode, id_request_encode),
                      REP_ARRAY(meter_stats_array, meter) },
    [OFPMP_METER_CONFIG] = { "OFPMP_METER_CONFIG",
                             REQ(NULL, NULL, id_request_decode,
                                 id_request_encode),
                             REP_ARRAY(meter_config_array, meter_config) },
    [OFPMP_METER_FEATURES] = { "OFPMP_METER_FEATURES", REQ_NONE,
                               REP_BODY(NULL, NULL,
                                        meter_features_reply_decode,
                                        meter_features_reply_encode) },
    [OFPMP_TABLE_FEATURES] = { "OFPMP_TABLE_FEATURES",
                               REQ(NULL, table_features_request_uninit,
                                   table_features_request_decode, NULL),
                               REP_ARRAY(table_features_array,
                                         table_features) },
    [OFPMP_PORT_DESC] = { "OFPMP_PORT_DESC", REQ_NONE,
                          REP_ARRAY(port_desc_array, port_desc) },
};

static const struct mp_class mp_experimenter_class = {
    "OFPMP_EXPERIMENTER",
    REQ(NULL, experimenter_request_uninit, experimenter_request_decode,
        experimenter_request_encode),
    REP_BODY(NULL, experimenter_reply_uninit, experimenter_reply_decode,
             experimenter_reply_encode),
};

static const struct mp_class *
mp_class(uint16_t type)
{
    if (type < OFPMP_N_TYPES) {
        return &mp_classes[type];
    }
    return type == OFPMP_EXPERIMENTER ? &mp_experimenter_class : NULL;
}

const char *
ofp_multipart_type_name(uint16_t type)
{
    const struct mp_class *cls = mp_class(type);
    return cls ? cls->name : NULL;
}

/* --- Entry points. ------------------------------------------------------ */

static void
mp_request_body_init(struct ofp_multipart_request *r, uint16_t type)
{
    const struct mp_class *cls = mp_class(type);
    memset(&r->u, 0, sizeof r->u);
    r->type = type;
    if (cls && cls->req_init) {
        cls->req_init(r);
    }
}

static void
mp_reply_body_init(struct ofp_multipart_reply *r, uint16_t type)
{
    const struct mp_class *cls = mp_class(type);
    memset(&r->u, 0, sizeof r->u);
    r->n = 0;
    r->type = type;
    if (cls && cls->reply_init) {
        cls->reply_init(r);
    }
}

void
ofp_msg_init_mp_request(struct ofp_msg *msg, uint32_t xid, uint16_t mp_type)
{
    ofp_msg_init(msg, OFP13_VERSION, OFPT_MULTIPART_REQUEST, xid);
    mp_request_body_init(&msg->u.mp_request, mp_type);
}

void
ofp_msg_init_mp_reply(struct ofp_msg *msg, uint32_t xid, uint16_t mp_type)
{
    ofp_msg_init(msg, OFP13_VERSION, OFPT_MULTIPART_REPLY, xid);
    mp_reply_body_init(&msg->u.mp_reply, mp_type);
}

void
ofp_mp_request_uninit(struct ofp_multipart_request *r)
{
    const struct mp_class *cls = mp_class(r->type);
    if (cls && cls->req_uninit) {
        cls->req_uninit(r);
    }
}

void
ofp_mp_reply_uninit(struct ofp_multipart_reply *r)
{
    const struct mp_class *cls = mp_class(r->type);
    if (!cls) {
        return;
    }
    if (cls->array) {
        array_free(cls->array, cls->get(r), r->n);
        cls->set(r, NULL);
        r->n = 0;
    } else if (cls->reply_uninit) {
        cls->reply_uninit(r);
    }
}

enum ofperr
ofp13_mp_request_decode(struct cur *c, struct ofp_multipart_request *r)
{
    uint16_t type;

    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &r->flags) ||
        !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    const struct mp_class *cls = mp_class(type);
    if (!cls) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    mp_request_body_init(r, type);
    enum ofperr error = cls->req_decode ? cls->req_decode(c, r) : 0;
    /* Request bodies have an exact size for their type (§7.3.5). */
    return !error && c->left ? OFPERR_OFPBRC_BAD_LEN : error;
}

enum ofperr
ofp13_mp_reply_decode(struct cur *c, struct ofp_multipart_reply *r)
{
    uint16_t type;

    if (!cur_get_be16(c, &type) || !cur_get_be16(c, &r->flags) ||
        !cur_skip(c, 4)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    const struct mp_class *cls = mp_class(type);
    if (!cls) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    mp_reply_body_init(r, type);

    enum ofperr error;
    if (cls->array) {
        void *arr;
        size_t n;
        error = array_decode(c, cls->array, &arr, &n);
        if (!error) {
            cls->set(r, arr);
            r->n = n;
        }
    } else {
        error = cls->reply_decode(c, r);
    }
    return !error && c->left ? OFPERR_OFPBRC_BAD_LEN : error;
}

int
ofp13_mp_request_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_multipart_request *r = &msg->u.mp_request;
    const struct mp_class *cls = mp_class(r->type);
    if (!cls) {
        return EINVAL;
    }
    if (r->type == OFPMP_TABLE_FEATURES) {
        return array_encode(out, OFPT_MULTIPART_REQUEST, msg->xid, r->type,
                            r->flags, OFPMPF_REQ_MORE, &table_features_array,
                            r->u.table_features.tables, r->u.table_features.n);
    }

    size_t start = mp_header_put(out, OFPT_MULTIPART_REQUEST, msg->xid,
                                 r->type, r->flags);
    if (cls->req_encode) {
        cls->req_encode(r, out);
    }
    return ofp13_msg_finish(out, start);
}

int
ofp13_mp_reply_encode(const struct ofp_msg *msg, struct buf *out)
{
    const struct ofp_multipart_reply *r = &msg->u.mp_reply;
    const struct mp_class *cls = mp_class(r->type);
    if (!cls) {
        return EINVAL;
    }
    if (cls->array) {
        return array_encode(out, OFPT_MULTIPART_REPLY, msg->xid, r->type,
                            r->flags, OFPMPF_REPLY_MORE, cls->array,
                            cls->get(r), r->n);
    }

    size_t start =
        mp_header_put(out, OFPT_MULTIPART_REPLY, msg->xid, r->type, r->flags);
    cls->reply_encode(r, out);
    return ofp13_msg_finish(out, start);
}

enum ofperr
ofp_multipart_merge(struct ofp_msg *acc, struct ofp_msg *part)
{
    if (acc->type != part->type) {
        return OFPERR_OFPBRC_BAD_MULTIPART;
    }
    if (acc->type == OFPT_MULTIPART_REPLY) {
        struct ofp_multipart_reply *a = &acc->u.mp_reply;
        struct ofp_multipart_reply *p = &part->u.mp_reply;
        const struct mp_class *cls = mp_class(a->type);
        if (p->type != a->type || !cls || !cls->array) {
            return OFPERR_OFPBRC_BAD_MULTIPART;
        }
        cls->set(
            a, array_append(cls->array, cls->get(a), a->n, cls->get(p), p->n));
        a->n += p->n;
        a->flags = p->flags;
        cls->set(p, NULL);
        p->n = 0;
        return 0;
    }
    if (acc->type == OFPT_MULTIPART_REQUEST) {
        struct ofp_multipart_request *a = &acc->u.mp_request;
        struct ofp_multipart_request *p = &part->u.mp_request;
        if (p->type != a->type || a->type != OFPMP_TABLE_FEATURES) {
            return OFPERR_OFPBRC_BAD_MULTIPART;
        }
        a->u.table_features.tables =
            array_append(&table_features_array, a->u.table_features.tables,
                         a->u.table_features.n, p->u.table_features.tables,
                         p->u.table_features.n);
        a->u.table_features.n += p->u.table_features.n;
        a->flags = p->flags;
        p->u.table_features.tables = NULL;
        p->u.table_features.n = 0;
        return 0;
    }
    return OFPERR_OFPBRC_BAD_MULTIPART;
}
