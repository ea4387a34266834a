/* datapath/meter.c -- the OpenFlow meter table (see meter.h). */
#include <config.h>
#include "datapath/meter.h"

#include <stdlib.h>
#include <string.h>

#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* Tokens per kbit (micro-bits) and per packet (nano-packets): with these
 * units a band fills at exactly 'rate' tokens per nanosecond. */
#define TOKENS_PER_KBIT 1000000000ULL
#define TOKENS_PER_BIT 1000000ULL
#define TOKENS_PER_PACKET 1000000000ULL
/* Default burst: 100 ms of the rate, at least one 1500-byte frame. */
#define DEFAULT_BURST_NS 100000000ULL
#define MIN_BURST_BYTES 1500ULL

#define OFPMF_ALL (OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS)

struct dp_meter_table {
    struct hmap meters; /* 'struct dp_meter' by meter_id. */
    size_t max_meters;
    size_t max_bands;
};

static uint32_t
meter_hash(uint32_t id)
{
    return hash_u32(id, 0);
}

struct dp_meter_table *
dp_meter_table_create(size_t max_meters, size_t max_bands)
{
    struct dp_meter_table *mt = xzalloc(sizeof *mt);
    hmap_init(&mt->meters);
    hmap_reserve(&mt->meters, 2);
    mt->max_meters = max_meters;
    mt->max_bands = max_bands;
    return mt;
}

static void
meter_destroy(struct dp_meter *m)
{
    free(m->bands);
    free(m);
}

void
dp_meter_table_destroy(struct dp_meter_table *mt)
{
    if (!mt) {
        return;
    }
    struct dp_meter *m;
    HMAP_FOR_EACH(m, node, &mt->meters)
    {
        hmap_remove(&mt->meters, &m->node);
        meter_destroy(m);
    }
    hmap_uninit(&mt->meters);
    free(mt);
}

struct dp_meter *
dp_meter_table_find(const struct dp_meter_table *mt, uint32_t meter_id)
{
    struct dp_meter *m;
    HMAP_FOR_EACH_WITH_HASH(m, node, meter_hash(meter_id), &mt->meters)
    {
        if (m->meter_id == meter_id) {
            return m;
        }
    }
    return NULL;
}

size_t
dp_meter_table_count(const struct dp_meter_table *mt)
{
    return hmap_count(&mt->meters);
}

static bool
meter_id_valid(uint32_t id)
{
    return (id >= 1 && id <= OFPM_MAX) || id == OFPM_CONTROLLER;
}

enum ofperr
dp_meter_table_check(const struct dp_meter_table *mt,
                     const struct ofp_meter_mod *mm)
{
    if (mm->command != OFPMC_ADD && mm->command != OFPMC_MODIFY) {
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
    if (!meter_id_valid(mm->meter_id)) {
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    if (mm->flags & ~OFPMF_ALL) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    if (!(mm->flags & OFPMF_KBPS) == !(mm->flags & OFPMF_PKTPS)) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    if (mm->bands.n > mt->max_bands) {
        return OFPERR_OFPMMFC_OUT_OF_BANDS;
    }
    for (size_t i = 0; i < mm->bands.n; i++) {
        const struct ofp_meter_band *b = &mm->bands.b[i];
        if (b->type != OFPMBT_DROP && b->type != OFPMBT_DSCP_REMARK) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        if (!b->rate) {
            return OFPERR_OFPMMFC_BAD_RATE;
        }
        if ((mm->flags & OFPMF_BURST) && !b->burst_size) {
            return OFPERR_OFPMMFC_BAD_BURST;
        }
    }
    const struct dp_meter *old = dp_meter_table_find(mt, mm->meter_id);
    if (mm->command == OFPMC_ADD) {
        if (old) {
            return OFPERR_OFPMMFC_METER_EXISTS;
        }
        if (dp_meter_table_count(mt) >= mt->max_meters) {
            return OFPERR_OFPMMFC_OUT_OF_METERS;
        }
    } else if (!old) {
        return OFPERR_OFPMMFC_UNKNOWN_METER;
    }
    return 0;
}

static void
band_init(struct dp_meter_band *band, const struct ofp_meter_band *cfg,
          uint16_t flags)
{
    uint64_t max;

    band->cfg = *cfg;
    if (flags & OFPMF_BURST) {
        max = (uint64_t)cfg->burst_size *
              (flags & OFPMF_PKTPS ? TOKENS_PER_PACKET : TOKENS_PER_KBIT);
    } else {
        uint64_t floor = flags & OFPMF_PKTPS
                             ? TOKENS_PER_PACKET
                             : MIN_BURST_BYTES * 8 * TOKENS_PER_BIT;
        max = (uint64_t)cfg->rate * DEFAULT_BURST_NS;
        if (max < floor) {
            max = floor;
        }
    }
    band->bucket_max = max;
    band->tokens = max;
    band->packet_count = band->byte_count = 0;
}

void
dp_meter_table_apply(struct dp_meter_table *mt, const struct ofp_meter_mod *mm,
                     uint64_t now)
{
    struct dp_meter *m = dp_meter_table_find(mt, mm->meter_id);

    if (!m) {
        m = xzalloc(sizeof *m);
        m->meter_id = mm->meter_id;
        m->created_ns = now;
        hmap_insert(&mt->meters, &m->node, meter_hash(m->meter_id));
    }
    free(m->bands);
    m->flags = mm->flags;
    m->n_bands = mm->bands.n;
    m->bands = xcalloc(m->n_bands + 1, sizeof *m->bands);
    for (size_t i = 0; i < m->n_bands; i++) {
        band_init(&m->bands[i], &mm->bands.b[i], m->flags);
    }
    m->last_ns = now;
}

enum ofperr
dp_meter_table_check_delete(const struct dp_meter_table *mt, uint32_t meter_id)
{
    (void)mt;
    if (!meter_id_valid(meter_id) && meter_id != OFPM_ALL) {
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    return 0;
}

void
dp_meter_table_delete(struct dp_meter_table *mt, uint32_t meter_id)
{
    struct dp_meter *m;
    if (meter_id == OFPM_ALL) {
        HMAP_FOR_EACH(m, node, &mt->meters)
        {
            hmap_remove(&mt->meters, &m->node);
            meter_destroy(m);
        }
        return;
    }
    m = dp_meter_table_find(mt, meter_id);
    if (m) {
        hmap_remove(&mt->meters, &m->node);
        meter_destroy(m);
    }
}

static int
compare_meters(const void *a_, const void *b_)
{
    const struct dp_meter *const *a = a_;
    const struct dp_meter *const *b = b_;
    return (*a)->meter_id < (*b)->meter_id ? -1
                                           : (*a)->meter_id > (*b)->meter_id;
}

struct dp_meter **
dp_meter_table_sorted(const struct dp_meter_table *mt, size_t *n)
{
    struct dp_meter **v = xcalloc(hmap_count(&mt->meters) + 1, sizeof *v);
    struct dp_meter *m;
    size_t i = 0;
    HMAP_FOR_EACH(m, node, &mt->meters)
    {
        v[i++] = m;
    }
    qsort(v, i, sizeof *v, compare_meters);
    *n = i;
    return v;
}

int
dp_meter_apply(struct dp_meter *m, uint32_t bytes, uint64_t now)
{
    uint64_t dt = now > m->last_ns ? now - m->last_ns : 0;
    uint64_t cost = m->flags & OFPMF_PKTPS
                        ? TOKENS_PER_PACKET
                        : (uint64_t)bytes * 8 * TOKENS_PER_BIT;
    int applied = -1;

    m->last_ns += dt;
    m->packet_in_count++;
    m->byte_in_count += bytes;
    for (size_t i = 0; i < m->n_bands; i++) {
        struct dp_meter_band *b = &m->bands[i];
        if (dt) {
            /* Cap the interval so that rate * dt cannot overflow: a longer
             * pause fills the bucket anyway. */
            uint64_t rate = b->cfg.rate;
            uint64_t fill = b->bucket_max / rate + 1;
            uint64_t add = (dt < fill ? dt : fill) * rate;
            uint64_t room = b->bucket_max - b->tokens;
            b->tokens += add < room ? add : room;
        }
        if (b->tokens >= cost) {
            b->tokens -= cost;
        } else if (applied < 0 || b->cfg.rate > m->bands[applied].cfg.rate) {
            applied = (int)i;
        }
    }
    if (applied >= 0) {
        m->bands[applied].packet_count++;
        m->bands[applied].byte_count += bytes;
    }
    return applied;
}

uint8_t
dp_meter_remark_dscp(uint8_t dscp, uint8_t prec_level)
{
    unsigned int drop = (dscp >> 1) & 3;
    drop += prec_level;
    if (drop > 3) {
        drop = 3;
    }
    return (uint8_t)((dscp & ~6u & 0x3f) | drop << 1);
}

void
dp_meter_get_stats(const struct dp_meter *m, uint64_t now,
                   struct ofp_meter_stats *ms)
{
    uint64_t d = now > m->created_ns ? now - m->created_ns : 0;

    memset(ms, 0, sizeof *ms);
    ms->meter_id = m->meter_id;
    ms->flow_count = m->flow_count;
    ms->packet_in_count = m->packet_in_count;
    ms->byte_in_count = m->byte_in_count;
    ms->duration_sec = (uint32_t)(d / 1000000000u);
    ms->duration_nsec = (uint32_t)(d % 1000000000u);
    ms->n_bands = m->n_bands;
    ms->bands = xcalloc(m->n_bands + 1, sizeof *ms->bands);
    for (size_t i = 0; i < m->n_bands; i++) {
        ms->bands[i].packet_band_count = m->bands[i].packet_count;
        ms->bands[i].byte_band_count = m->bands[i].byte_count;
    }
}

void
dp_meter_get_config(const struct dp_meter *m, struct ofp_meter_config *mc)
{
    memset(mc, 0, sizeof *mc);
    mc->flags = m->flags;
    mc->meter_id = m->meter_id;
    /* Bands are plain data: the array is all the reply owns. */
    mc->bands.n = m->n_bands;
    mc->bands.b = xcalloc(m->n_bands + 1, sizeof *mc->bands.b);
    for (size_t i = 0; i < m->n_bands; i++) {
        mc->bands.b[i] = m->bands[i].cfg;
    }
}

void
dp_meter_table_get_features(const struct dp_meter_table *mt,
                            struct ofp_meter_features *mf)
{
    memset(mf, 0, sizeof *mf);
    mf->max_meter =
        mt->max_meters > UINT32_MAX ? UINT32_MAX : (uint32_t)mt->max_meters;
    mf->band_types = 1u << OFPMBT_DROP | 1u << OFPMBT_DSCP_REMARK;
    mf->capabilities = OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS;
    mf->max_bands = mt->max_bands > 255 ? 255 : (uint8_t)mt->max_bands;
    mf->max_color = 0;
}
