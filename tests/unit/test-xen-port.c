/* tests/unit/test-xen-port.c -- the "xen" port's data path against a
 * simulated Linux netfront (xen-netfront.h) on the fake hypervisor
 * (xen-fake.h), through the port API: frames both ways between the guest
 * and a memory port, multi-slot frames, checksum completion, ring index
 * wraparound, full rings, RX starvation, notification hold-off, and every
 * way a malicious frontend can misuse the rings. */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/packet.h"
#include "datapath/port.h"
#include "datapath/xen-backend.h"
#include "tests/unit/xen-fake.h"
#include "tests/unit/xen-netfront.h"
#include "tests/unit/xen-test.h"

/* Sends 'size' bytes seeded by 'seed' from the guest and checks that the
 * port returns exactly them. */
static void
guest_to_port(struct xt *t, size_t size, unsigned int seed,
              const struct xnf_tx_opts *opts)
{
    uint8_t *f = malloc(size);

    xt_make_frame(f, size, seed);
    xt_clear_got(t);
    ck_assert_int_eq(xnf_send(t->nf, f, size, opts), 0);
    xt_pump(t, NULL, 0);
    ck_assert_uint_eq(t->n_got, 1);
    ck_assert_uint_eq(t->got[0]->size, size);
    ck_assert_msg(!memcmp(dp_packet_data(t->got[0]), f, size),
                  "frame of %zu bytes corrupted", size);
    free(f);
    xt_clear_got(t);
}

/* Sends a frame of 'size' bytes to the guest and checks what it got. */
static void
port_to_guest(struct xt *t, size_t size, unsigned int seed)
{
    uint8_t *f = malloc(size), *buf = malloc(65536);
    struct dp_batch b;
    size_t len;

    xt_make_frame(f, size, seed);
    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, size, 0);
    ck_assert_int_eq(dp_port_send_batch(t->port, &b), 0);
    dp_batch_clear(&b);
    ck_assert_int_eq(xnf_recv(t->nf, buf, 65536, &len), 0);
    ck_assert_uint_eq(len, size);
    ck_assert(!memcmp(buf, f, size));
    ck_assert_int_eq(xnf_recv(t->nf, buf, 65536, &len), EAGAIN);
    free(f);
    free(buf);
}

START_TEST(test_open_describe)
{
    struct xt t;
    struct dp_port_link link;
    struct dp_port_features feat;
    uint8_t mac[6];
    static const uint8_t want_mac[6] = { 0x00, 0x16, 0x3e, 0x12, 0x34, 0x56 };
    int mtu;

    xt_setup(&t, NULL, true);
    ck_assert_str_eq(dp_port_get_name(t.port), "vif5.0");
    ck_assert_str_eq(dp_port_get_kind(t.port), "xen");
    ck_assert_int_eq(dp_port_get_hw_addr(t.port, mac), 0);
    ck_assert(!memcmp(mac, want_mac, 6));
    ck_assert_int_eq(dp_port_get_link(t.port, &link), 0);
    ck_assert(link.admin_up && link.carrier);
    ck_assert_int_eq(dp_port_get_mtu(t.port, &mtu), 0);
    ck_assert_int_eq(mtu, 1500);
    ck_assert_int_eq(dp_port_get_features(t.port, &feat), 0);
    ck_assert_uint_eq(feat.curr_speed, 10000000);

    /* What the backend advertised (netif.h), and the connection made. */
    const char *be = "/local/domain/0/backend/vif/5/0";
    char path[128];
    static const char *const want[][2] = {
        { "feature-rx-copy", "1" }, { "feature-rx-flip", "0" },
        { "feature-sg", "1" },      { "feature-split-event-channels", "1" },
        { "state", "4" },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", be, want[i][0]);
        xt_expect_key(&t, path, want[i][1]);
    }
    xt_expect_key(&t, "/local/domain/5/device/vif/0/state", "4");
    /* The backend maps exactly the two ring pages. */
    ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t.nf)), 2);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_frames_both_ways)
{
    struct xt t;
    struct dp_port *mem;
    struct dp_port_stats st;
    uint8_t f[1514], buf[2048];
    struct dp_batch b;
    size_t len;
    char *err = NULL;

    xt_setup(&t, NULL, true);
    ck_assert_int_eq(dp_port_open("memory:m0", &mem, &err), 0);

    /* Guest -> xen port -> memory port. */
    for (unsigned int i = 0; i < 3; i++) {
        size_t size = i == 0 ? 60 : i == 1 ? 1514 : 342;
        xt_make_frame(f, size, i);
        ck_assert_int_eq(xnf_send(t.nf, f, size, NULL), 0);
    }
    ck_assert(xt_pump(&t, NULL, 0));
    ck_assert_uint_eq(t.n_got, 3);
    dp_batch_init(&b);
    for (size_t i = 0; i < t.n_got; i++) {
        b.pkts[b.n++] = t.got[i];
    }
    ck_assert_int_eq(dp_port_send_batch(mem, &b), 0);
    b.n = 0;
    for (unsigned int i = 0; i < 3; i++) {
        size_t size = i == 0 ? 60 : i == 1 ? 1514 : 342;
        struct dp_packet *p = dp_port_memory_pop_sent(mem);
        ck_assert_ptr_nonnull(p);
        xt_make_frame(f, size, i);
        ck_assert_uint_eq(p->size, size);
        ck_assert(!memcmp(dp_packet_data(p), f, size));
        dp_packet_destroy(p);
    }
    xt_clear_got(&t);
    /* The guest gets one OKAY per request. */
    ck_assert_uint_eq(xnf_tx_reap(t.nf), 3);
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[0], 3);

    /* Memory port -> xen port -> guest. */
    for (unsigned int i = 0; i < 4; i++) {
        xt_make_frame(f, 64 + i * 400, 100 + i);
        ck_assert_int_eq(dp_port_memory_inject(mem, f, 64 + i * 400), 0);
    }
    dp_batch_init(&b);
    ck_assert_int_eq(dp_port_recv_batch(mem, &b, DP_BATCH_SIZE), 4);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), 0);
    dp_batch_clear(&b);
    for (unsigned int i = 0; i < 4; i++) {
        ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
        ck_assert_uint_eq(len, 64 + i * 400);
        xt_make_frame(f, len, 100 + i);
        ck_assert(!memcmp(buf, f, len));
    }
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), EAGAIN);
    ck_assert_uint_eq(xnf_rx_id_mismatches(t.nf), 0);

    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.rx_packets, 3);
    ck_assert_uint_eq(st.rx_bytes, 60 + 1514 + 342);
    ck_assert_uint_eq(st.tx_packets, 4);
    ck_assert_uint_eq(st.tx_bytes, 64 + 464 + 864 + 1264);
    ck_assert_uint_eq(
        st.rx_errors + st.tx_errors + st.tx_dropped + st.rx_dropped, 0);
    dp_port_close(mem);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_multi_slot)
{
    struct xt t;
    struct dp_port_stats st;

    xt_setup(&t, NULL, true);
    /* Linear data crossing a page boundary: two slots. */
    guest_to_port(&t, 1514, 1, &(struct xnf_tx_opts){ .page_offset = 4000 });
    /* Eighteen slots (netif.h's minimum every backend must accept). */
    guest_to_port(&t, 1514, 2, &(struct xnf_tx_opts){ .slot_size = 85 });
    /* The largest frame: 16 pages. */
    guest_to_port(&t, 65535, 3, NULL);
    xnf_tx_reap(t.nf);
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[0], 2 + 18 + 16);

    /* Nineteen slots: dropped, every slot answered with an error. */
    uint8_t f[1514];
    xt_make_frame(f, sizeof f, 4);
    ck_assert_int_eq(
        xnf_send(t.nf, f, sizeof f, &(struct xnf_tx_opts){ .slot_size = 80 }),
        0);
    xt_pump(&t, NULL, 0);
    ck_assert_uint_eq(t.n_got, 0);
    xnf_tx_reap(t.nf);
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[1], 19);
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.rx_errors, 1);
    ck_assert_uint_eq(st.rx_packets, 3);

    /* The connection survives a dropped frame. */
    guest_to_port(&t, 900, 5, NULL);

    /* Multi-page frames to the guest (feature-sg). */
    port_to_guest(&t, 9000, 6);
    port_to_guest(&t, 65535, 7);
    port_to_guest(&t, 4096, 8);
    port_to_guest(&t, 4097, 9);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_no_sg_frontend)
{
    struct xt t;
    struct dp_port_stats st;
    uint8_t f[5000];
    struct dp_batch b;

    xt_setup(&t, &(struct xnf_config){ .no_sg = true }, true);
    port_to_guest(&t, 4096, 1);
    /* A frontend without feature-sg cannot take a frame over a page. */
    xt_make_frame(f, sizeof f, 2);
    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), EMSGSIZE);
    dp_batch_clear(&b);
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.tx_errors, 1);
    port_to_guest(&t, 1514, 3);
    xt_teardown(&t);
}
END_TEST

/* An independent check of a TCP or UDP checksum over IPv4 or IPv6 (no
 * VLAN), written differently from the code under test: 32-bit
 * accumulation folded at the end.  Returns true if the checksum field is
 * right. */
static bool
csum_ok(const uint8_t *f, size_t size, size_t l4, uint8_t proto, bool v6)
{
    uint64_t sum = 0;
    size_t l4_len = size - l4;
    size_t ofs = proto == 6 ? 16 : 6;

    if (v6) {
        for (size_t i = 22; i < 54; i += 2) {
            sum += (uint64_t)(f[i] << 8 | f[i + 1]);
        }
    } else {
        for (size_t i = 26; i < 34; i += 2) {
            sum += (uint64_t)(f[i] << 8 | f[i + 1]);
        }
    }
    sum += proto;
    sum += l4_len;
    for (size_t i = 0; i < l4_len; i++) {
        sum += i % 2 ? f[l4 + i] : (uint64_t)f[l4 + i] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (proto == 17 && !(f[l4 + ofs] | f[l4 + ofs + 1])) {
        return false; /* We never leave a UDP checksum out. */
    }
    return sum == 0xffff;
}

/* Builds an Ethernet/IPv4 or IPv6/TCP or UDP frame of 'payload' bytes
 * whose checksum field holds garbage (what a partial checksum looks like
 * to anyone but the sender).  With 'hbh' an IPv6 hop-by-hop header comes
 * first.  Returns the size and the L4 offset in '*l4'. */
static size_t
make_ip_frame(uint8_t *f, bool v6, uint8_t proto, size_t payload, bool hbh,
              size_t *l4)
{
    size_t l4_hdr = proto == 6 ? 20 : 8;
    size_t ofs;

    memset(f, 0, 14);
    f[0] = 0x02;
    f[5] = 0x02;
    f[6] = 0x00;
    f[7] = 0x16;
    f[8] = 0x3e;
    if (!v6) {
        f[12] = 0x08;
        f[13] = 0x00;
        uint8_t *ip = f + 14;
        size_t total = 20 + l4_hdr + payload;
        memset(ip, 0, 20);
        ip[0] = 0x45;
        ip[2] = (uint8_t)(total >> 8);
        ip[3] = (uint8_t)total;
        ip[6] = 0x40; /* DF: not a fragment. */
        ip[8] = 64;
        ip[9] = proto;
        memcpy(ip + 12, (uint8_t[]){ 10, 1, 2, 3, 10, 4, 5, 6 }, 8);
        ofs = 34;
    } else {
        f[12] = 0x86;
        f[13] = 0xdd;
        uint8_t *ip = f + 14;
        size_t plen = (hbh ? 8 : 0) + l4_hdr + payload;
        memset(ip, 0, 40);
        ip[0] = 0x60;
        ip[4] = (uint8_t)(plen >> 8);
        ip[5] = (uint8_t)plen;
        ip[6] = hbh ? 0 : proto;
        ip[7] = 64;
        for (int i = 0; i < 16; i++) {
            ip[8 + i] = (uint8_t)(0x20 + i);
            ip[24 + i] = (uint8_t)(0x90 - i);
        }
        ofs = 54;
        if (hbh) {
            memset(f + ofs, 0, 8);
            f[ofs] = proto;
            f[ofs + 2] = 1; /* PadN option filling the header. */
            f[ofs + 3] = 4;
            ofs += 8;
        }
    }
    *l4 = ofs;
    memset(f + ofs, 0, l4_hdr);
    f[ofs] = 0x30;
    f[ofs + 1] = 0x39;
    f[ofs + 3] = 0x50;
    if (proto == 6) {
        f[ofs + 12] = 0x50;
        f[ofs + 16] = 0xab; /* Garbage checksum. */
        f[ofs + 17] = 0xcd;
    } else {
        f[ofs + 4] = (uint8_t)((8 + payload) >> 8);
        f[ofs + 5] = (uint8_t)(8 + payload);
        f[ofs + 6] = 0x12;
        f[ofs + 7] = 0x34;
    }
    for (size_t i = 0; i < payload; i++) {
        f[ofs + l4_hdr + i] = (uint8_t)(i * 13 + 5);
    }
    return ofs + l4_hdr + payload;
}

START_TEST(test_csum_blank)
{
    static const struct {
        bool v6;
        uint8_t proto;
        size_t payload;
        bool hbh;
    } cases[] = {
        { false, 6, 1000, false }, { false, 17, 333, false },
        { true, 6, 1200, false },  { true, 17, 77, false },
        { true, 6, 10, true },     { false, 6, 5000, false },
    };
    struct xt t;
    uint8_t f[8192];
    struct dp_port_stats st;

    xt_setup(&t, NULL, true);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t l4, size = make_ip_frame(f, cases[i].v6, cases[i].proto,
                                        cases[i].payload, cases[i].hbh, &l4);
        ck_assert(!csum_ok(f, size, l4, cases[i].proto, cases[i].v6));
        ck_assert_int_eq(xnf_send(t.nf, f, size,
                                  &(struct xnf_tx_opts){ .csum_blank = true,
                                                         .slot_size = 700 }),
                         0);
        xt_clear_got(&t);
        xt_pump(&t, NULL, 0);
        ck_assert_uint_eq(t.n_got, 1);
        const uint8_t *g = dp_packet_data(t.got[0]);
        ck_assert_uint_eq(t.got[0]->size, size);
        ck_assert_msg(csum_ok(g, size, l4, cases[i].proto, cases[i].v6),
                      "case %zu: checksum not completed", i);
        /* Nothing but the checksum field changed. */
        size_t cofs = l4 + (cases[i].proto == 6 ? 16 : 6);
        ck_assert(!memcmp(g, f, cofs));
        ck_assert(!memcmp(g + cofs + 2, f + cofs + 2, size - cofs - 2));
        xnf_tx_reap(t.nf);
    }
    /* Without csum_blank the frame is left alone, bad checksum and all. */
    size_t l4, size = make_ip_frame(f, false, 17, 50, false, &l4);
    xt_clear_got(&t);
    ck_assert_int_eq(xnf_send(t.nf, f, size, NULL), 0);
    xt_pump(&t, NULL, 0);
    ck_assert_uint_eq(t.n_got, 1);
    ck_assert(!memcmp(dp_packet_data(t.got[0]), f, size));
    xt_clear_got(&t);

    /* csum_blank on something that is not TCP or UDP: dropped. */
    f[23] = 1; /* ICMP. */
    ck_assert_int_eq(
        xnf_send(t.nf, f, size, &(struct xnf_tx_opts){ .csum_blank = true }),
        0);
    xt_pump(&t, NULL, 0);
    ck_assert_uint_eq(t.n_got, 0);
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.rx_errors, 1);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_csum_function)
{
    uint8_t f[256];
    size_t l4, size;

    /* VLAN-tagged (802.1ad outside 802.1Q). */
    size = make_ip_frame(f + 8, false, 6, 40, false, &l4);
    memmove(f, f + 8, 12);
    f[12] = 0x88;
    f[13] = 0xa8;
    f[14] = 0x00;
    f[15] = 0x0a;
    f[16] = 0x81;
    f[17] = 0x00;
    f[18] = 0x00;
    f[19] = 0x14;
    ck_assert_int_eq(dp_xen_csum_complete(f, size + 8), 0);
    /* Check it untagged. */
    memmove(f + 12, f + 20, size - 12);
    ck_assert(csum_ok(f, size, l4, 6, false));

    /* Truncated or odd frames are refused and left alone. */
    size = make_ip_frame(f, false, 6, 40, false, &l4);
    uint8_t copy[256];
    memcpy(copy, f, size);
    for (size_t cut = 0; cut < l4 + 20; cut++) {
        ck_assert_int_eq(dp_xen_csum_complete(f, cut), EINVAL);
        ck_assert(!memcmp(f, copy, size));
    }
    /* An IPv4 fragment. */
    f[20] = 0x20; /* MF. */
    ck_assert_int_eq(dp_xen_csum_complete(f, size), EINVAL);
    f[20] = 0x40;
    /* A total length past the frame. */
    f[17] = (uint8_t)(f[17] + 1);
    ck_assert_int_eq(dp_xen_csum_complete(f, size), EINVAL);
    f[17] = (uint8_t)(f[17] - 1);
    ck_assert_int_eq(dp_xen_csum_complete(f, size), 0);
    ck_assert(csum_ok(f, size, l4, 6, false));
    /* Padding after the datagram (a 60-byte minimum frame) is not summed. */
    size = make_ip_frame(f, false, 17, 2, false, &l4);
    memset(f + size, 0xee, 60 - size);
    ck_assert_int_eq(dp_xen_csum_complete(f, 60), 0);
    ck_assert(csum_ok(f, size, l4, 17, false));
    /* An IPv6 fragment header of a real fragment. */
    size = make_ip_frame(f, true, 17, 16, true, &l4);
    f[54] = 44;
    f[20] = 44;
    f[56] = 0x00;
    f[57] = 0x08; /* Offset 1. */
    ck_assert_int_eq(dp_xen_csum_complete(f, size), EINVAL);
    /* Not IP. */
    xt_make_frame(f, 100, 1);
    ck_assert_int_eq(dp_xen_csum_complete(f, 100), EINVAL);
}
END_TEST

START_TEST(test_wraparound)
{
    struct xt t;
    uint8_t f[600], buf[2048];
    size_t len;

    /* Both rings start 5 requests short of the 32-bit index wrapping. */
    xt_setup(&t, &(struct xnf_config){ .start = UINT32_MAX - 5 }, true);
    for (unsigned int i = 0; i < 20; i++) {
        guest_to_port(&t, 100 + i * 20, i,
                      i % 3 ? NULL
                            : &(struct xnf_tx_opts){ .slot_size = 200 });
        xnf_tx_reap(t.nf);
    }
    ck_assert_uint_lt(xnf_tx_ring(t.nf)->req_prod_pvt, 100);
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[1], 0);

    /* RX: 300 frames through a ring of 256 that starts at the edge;
     * each response must land in its request's slot. */
    for (unsigned int i = 0; i < 300; i++) {
        struct dp_batch b;

        xt_make_frame(f, sizeof f, i);
        dp_batch_init(&b);
        b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
        ck_assert_int_eq(dp_port_send_batch(t.port, &b), 0);
        dp_batch_clear(&b);
        ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
        ck_assert_uint_eq(len, sizeof f);
        ck_assert(!memcmp(buf, f, len));
        ck_assert_uint_eq(xnf_rx_refill(t.nf, 1), 1);
    }
    ck_assert_uint_lt(xnf_rx_ring(t.nf)->rsp_cons, 1000);
    ck_assert_uint_eq(xnf_rx_id_mismatches(t.nf), 0);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_full_rings)
{
    struct xt t;
    struct dp_port_stats st;
    uint8_t f[128], buf[256];
    struct dp_batch b;
    size_t len;
    uint64_t sent;

    xt_setup(&t, NULL, true);
    /* 256 frames queued before the backend looks: a full TX ring, pushed
     * with one notification. */
    sent = xnf_notifies_sent(t.nf);
    for (unsigned int i = 0; i < DP_XEN_RING_SIZE; i++) {
        xt_make_frame(f, 60 + i % 60, i);
        ck_assert_int_eq(xnf_send(t.nf, f, 60 + i % 60,
                                  &(struct xnf_tx_opts){ .no_push = true }),
                         0);
    }
    xt_make_frame(f, 60, 999);
    ck_assert_int_eq(xnf_send(t.nf, f, 60, NULL), ENOBUFS);
    xnf_push(t.nf);
    ck_assert_uint_eq(xnf_notifies_sent(t.nf), sent + 1);
    xt_pump(&t, NULL, 0);
    ck_assert_uint_eq(t.n_got, DP_XEN_RING_SIZE);
    for (unsigned int i = 0; i < DP_XEN_RING_SIZE; i++) {
        xt_make_frame(f, 60 + i % 60, i);
        ck_assert_uint_eq(t.got[i]->size, 60 + i % 60);
        ck_assert(!memcmp(dp_packet_data(t.got[i]), f, 60 + i % 60));
    }
    xt_clear_got(&t);
    ck_assert_uint_eq(xnf_tx_reap(t.nf), DP_XEN_RING_SIZE);
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[0], DP_XEN_RING_SIZE);

    /* A full RX ring: 256 buffers take 256 frames (8 batches); the next
     * batch finds none and is dropped, counted as tx_dropped. */
    for (unsigned int k = 0; k <= DP_XEN_RING_SIZE / DP_BATCH_SIZE; k++) {
        dp_batch_init(&b);
        for (unsigned int i = 0; i < DP_BATCH_SIZE; i++) {
            xt_make_frame(f, 100, k * 100 + i);
            b.pkts[b.n++] = dp_packet_create(f, 100, 0);
        }
        ck_assert_int_eq(dp_port_send_batch(t.port, &b),
                         k < DP_XEN_RING_SIZE / DP_BATCH_SIZE ? 0 : ENOBUFS);
        dp_batch_clear(&b);
    }
    for (unsigned int k = 0; k < DP_XEN_RING_SIZE / DP_BATCH_SIZE; k++) {
        for (unsigned int i = 0; i < DP_BATCH_SIZE; i++) {
            ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
            xt_make_frame(f, 100, k * 100 + i);
            ck_assert(len == 100 && !memcmp(buf, f, 100));
        }
    }
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), EAGAIN);
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.tx_packets, DP_XEN_RING_SIZE);
    ck_assert_uint_eq(st.tx_dropped, DP_BATCH_SIZE);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_rx_starvation)
{
    struct xt t;
    struct dp_port_stats st;
    uint8_t f[200], buf[256];
    struct dp_batch b;
    size_t len;

    xt_setup(&t, &(struct xnf_config){ .rx_buffers = 2 }, true);
    dp_batch_init(&b);
    for (unsigned int i = 0; i < 5; i++) {
        xt_make_frame(f, sizeof f, i);
        b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    }
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), ENOBUFS);
    for (unsigned int i = 0; i < 2; i++) {
        ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
        xt_make_frame(f, sizeof f, i);
        ck_assert(len == sizeof f && !memcmp(buf, f, len));
    }
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), EAGAIN);
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.tx_packets, 2);
    ck_assert_uint_eq(st.tx_dropped, 3);
    ck_assert_uint_eq(st.tx_errors, 0);

    /* Buffers again: the same batch goes through. */
    ck_assert_uint_eq(xnf_rx_refill(t.nf, 5), 5);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), 0);
    dp_batch_clear(&b);
    for (unsigned int i = 0; i < 5; i++) {
        ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
        xt_make_frame(f, sizeof f, i);
        ck_assert(len == sizeof f && !memcmp(buf, f, len));
    }
    xt_teardown(&t);
}
END_TEST

static bool
fd_readable(int fd)
{
    struct pollfd pfd = { fd, POLLIN, 0 };
    return poll(&pfd, 1, 0) == 1;
}

START_TEST(test_notifications)
{
    struct xt t;
    uint8_t f[100], buf[256];
    struct dp_batch b;
    size_t len;
    uint64_t s0, r0;
    int fd;

    /* One event channel for both rings, as most frontends use. */
    xt_setup(&t, &(struct xnf_config){ .no_split = true }, true);
    fd = dp_port_get_fd(t.port);
    xt_pump(&t, NULL, 0);
    ck_assert(!fd_readable(fd));
    s0 = xnf_notifies_sent(t.nf);
    r0 = xnf_notifies_received(t.nf);
    xt_make_frame(f, sizeof f, 1);

    /* The backend asked for a notification on the next request... */
    ck_assert_int_eq(xnf_send(t.nf, f, sizeof f, NULL), 0);
    ck_assert_uint_eq(xnf_notifies_sent(t.nf), s0 + 1);
    ck_assert(fd_readable(fd));
    /* ...and only on that one, until it has looked at the ring again. */
    ck_assert_int_eq(xnf_send(t.nf, f, sizeof f, NULL), 0);
    ck_assert_uint_eq(xnf_notifies_sent(t.nf), s0 + 1);

    /* Both answered in one push: one notification to the frontend. */
    xt_run_once(&t);
    ck_assert_uint_eq(t.n_got, 2);
    ck_assert(!fd_readable(fd));
    ck_assert_uint_eq(xnf_notifies_received(t.nf), r0 + 1);

    /* The backend's final check re-armed req_event. */
    ck_assert_int_eq(xnf_send(t.nf, f, sizeof f, NULL), 0);
    ck_assert_uint_eq(xnf_notifies_sent(t.nf), s0 + 2);
    /* The frontend has not reaped since: its rsp_event is behind, so this
     * response does not notify. */
    xt_run_once(&t);
    ck_assert_uint_eq(t.n_got, 3);
    ck_assert_uint_eq(xnf_notifies_received(t.nf), r0 + 1);
    /* Reaping re-arms rsp_event: the next response notifies. */
    ck_assert_uint_eq(xnf_tx_reap(t.nf), 3);
    ck_assert_int_eq(xnf_send(t.nf, f, sizeof f, NULL), 0);
    ck_assert_uint_eq(xnf_notifies_sent(t.nf), s0 + 3);
    xt_run_once(&t);
    ck_assert_uint_eq(t.n_got, 4);
    ck_assert_uint_eq(xnf_notifies_received(t.nf), r0 + 2);
    xt_clear_got(&t);

    /* RX: the first response notifies, the next not until the frontend
     * has consumed with a final check. */
    for (int i = 0; i < 2; i++) {
        dp_batch_init(&b);
        b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
        ck_assert_int_eq(dp_port_send_batch(t.port, &b), 0);
        dp_batch_clear(&b);
    }
    ck_assert_uint_eq(xnf_notifies_received(t.nf), r0 + 3);
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), EAGAIN);
    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), 0);
    dp_batch_clear(&b);
    ck_assert_uint_eq(xnf_notifies_received(t.nf), r0 + 4);

    /* Refilling RX buffers does not wake the backend: it never waits for
     * them (it drops instead), so it never asks. */
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
    ck_assert_uint_eq(xnf_rx_refill(t.nf, 3), 3);
    ck_assert_uint_eq(xnf_notifies_sent(t.nf), s0 + 3);
    ck_assert(!fd_readable(fd));
    xt_teardown(&t);
}
END_TEST

START_TEST(test_admin_down)
{
    struct xt t;
    struct dp_port_stats st;
    struct dp_port_link link;
    uint8_t f[100];
    struct dp_batch b;

    xt_setup(&t, NULL, true);
    ck_assert_int_eq(dp_port_set_admin_state(t.port, false), 0);
    ck_assert_int_eq(dp_port_get_link(t.port, &link), 0);
    ck_assert(!link.admin_up && link.carrier);
    xt_make_frame(f, sizeof f, 1);
    ck_assert_int_eq(xnf_send(t.nf, f, sizeof f, NULL), 0);
    xt_pump(&t, NULL, 0);
    ck_assert_uint_eq(t.n_got, 0);
    /* The guest's ring still moves. */
    ck_assert_uint_eq(xnf_tx_reap(t.nf), 1);
    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), ENETDOWN);
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.rx_dropped, 1);
    ck_assert_uint_eq(st.tx_dropped, 1);
    ck_assert_uint_eq(st.rx_packets + st.tx_packets, 0);
    ck_assert_int_eq(dp_port_set_admin_state(t.port, true), 0);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), 0);
    dp_batch_clear(&b);
    guest_to_port(&t, 100, 2, NULL);
    xt_teardown(&t);
}
END_TEST

/* --- A malicious frontend. --- */

/* Queues a raw TX request. */
static void
raw_tx(struct xt *t, uint32_t gref, uint16_t offset, uint16_t flags,
       uint16_t id, uint16_t size)
{
    netif_tx_front_ring_t *r = xnf_tx_ring(t->nf);
    netif_tx_request_t *req = RING_GET_REQUEST(r, r->req_prod_pvt++);

    req->gref = gref;
    req->offset = offset;
    req->flags = flags;
    req->id = id;
    req->size = size;
}

/* Publishes raw requests and kicks the backend whatever req_event says. */
static void
raw_push(struct xt *t)
{
    netif_tx_front_ring_t *r = xnf_tx_ring(t->nf);
    RING_PUSH_REQUESTS(r);
    xnf_kick(t->nf);
}

static bool
cond_backend_closed(struct xt *t)
{
    return xt_backend_state(t) == XenbusStateClosed;
}

/* Expects the backend to have closed the connection, the frontend to
 * follow, and a reconnect to bring frames through again. */
static void
expect_closed_then_reconnect(struct xt *t)
{
    ck_assert(xt_pump(t, cond_backend_closed, 2000));
    ck_assert(xt_cond_link_down(t));
    ck_assert_int_eq(xnf_state(t->nf), XenbusStateClosed);
    /* Nothing of the guest stays mapped. */
    ck_assert_uint_eq(xen_fake_n_mapped(xnf_fake(t->nf)), 0);
    xnf_reinit(t->nf);
    ck_assert(xt_pump(t, xt_cond_connected, 2000));
    guest_to_port(t, 300, 77, NULL);
    port_to_guest(t, 300, 78);
}

START_TEST(test_bad_frames_dropped)
{
    struct xt t;
    struct dp_port_stats st;
    uint32_t ref;
    void *page;

    xt_setup(&t, NULL, true);
    page = xnf_grant_page(t.nf, true, &ref);
    ck_assert_ptr_nonnull(page);

    raw_tx(&t, 3999, 0, 0, 200, 60);    /* A grant never given. */
    raw_tx(&t, ref, 4000, 0, 201, 200); /* Past the end of the page. */
    raw_tx(&t, ref, 0, 0, 202, 10);     /* Shorter than Ethernet. */
    raw_tx(&t, ref, 0, NETTXF_more_data, 203, 100); /* Bad second slot: */
    raw_tx(&t, 3998, 0, 0, 204, 40);                /* its grant. */
    raw_tx(&t, ref, 64, 0, 205, 100);               /* A good one. */
    raw_push(&t);
    xt_pump(&t, NULL, 0);
    ck_assert_uint_eq(t.n_got, 1);
    ck_assert_uint_eq(t.got[0]->size, 100);
    ck_assert(!memcmp(dp_packet_data(t.got[0]), (uint8_t *)page + 64, 100));
    xt_clear_got(&t);
    xnf_tx_reap(t.nf);
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[1], 5);
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[0], 1);
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.rx_errors, 4);
    ck_assert_uint_eq(st.rx_packets, 1);

    /* Extra info: a multicast filter update is accepted (and ignored), a
     * GSO request that was never negotiated drops its frame. */
    guest_to_port(&t, 200, 1, &(struct xnf_tx_opts){ .extra_mcast = true });
    uint8_t f[300];
    xt_make_frame(f, sizeof f, 2);
    ck_assert_int_eq(xnf_send(t.nf, f, sizeof f,
                              &(struct xnf_tx_opts){ .extra_gso = true,
                                                     .extra_mcast = true }),
                     0);
    xt_pump(&t, NULL, 0);
    ck_assert_uint_eq(t.n_got, 0);
    xnf_tx_reap(t.nf);
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[3], 3); /* NULL. */
    ck_assert_uint_eq(xnf_tx_status_counts(t.nf)[1], 6);
    ck_assert_int_eq(xt_backend_state(&t), XenbusStateConnected);
    guest_to_port(&t, 1000, 3, NULL);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_chain_past_producer)
{
    struct xt t;
    uint32_t ref;

    xt_setup(&t, NULL, true);
    xnf_grant_page(t.nf, true, &ref);
    /* more_data on the last posted request. */
    raw_tx(&t, ref, 0, NETTXF_more_data, 200, 100);
    raw_push(&t);
    expect_closed_then_reconnect(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_slot_larger_than_packet)
{
    struct xt t;
    uint32_t ref;

    xt_setup(&t, NULL, true);
    xnf_grant_page(t.nf, true, &ref);
    raw_tx(&t, ref, 0, NETTXF_more_data, 200, 100);
    raw_tx(&t, ref, 0, 0, 201, 200); /* 200 > the 100 of the packet. */
    raw_push(&t);
    expect_closed_then_reconnect(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_bad_extra_info)
{
    struct xt t;
    uint32_t ref;

    xt_setup(&t, NULL, true);
    xnf_grant_page(t.nf, true, &ref);
    raw_tx(&t, ref, 0, NETTXF_extra_info, 200, 100);
    netif_tx_front_ring_t *r = xnf_tx_ring(t.nf);
    netif_extra_info_t *e =
        (netif_extra_info_t *)RING_GET_REQUEST(r, r->req_prod_pvt++);
    memset(e, 0, sizeof *e);
    e->type = 9; /* No such type. */
    raw_push(&t);
    expect_closed_then_reconnect(&t);

    /* An extra_info slot announced but never posted. */
    raw_tx(&t, ref, 0, NETTXF_extra_info, 201, 100);
    raw_push(&t);
    expect_closed_then_reconnect(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_producer_jumps)
{
    struct xt t;
    netif_tx_front_ring_t *r;

    /* Past the ring size. */
    xt_setup(&t, NULL, true);
    r = xnf_tx_ring(t.nf);
    r->sring->req_prod = r->req_prod_pvt + DP_XEN_RING_SIZE + 1;
    xnf_kick(t.nf);
    expect_closed_then_reconnect(&t);

    /* Backwards, behind requests already answered. */
    for (int i = 0; i < 3; i++) {
        guest_to_port(&t, 100, (unsigned int)i, NULL);
    }
    r = xnf_tx_ring(t.nf);
    r->sring->req_prod = r->req_prod_pvt - 2;
    xnf_kick(t.nf);
    expect_closed_then_reconnect(&t);

    /* The RX ring, found when sending. */
    netif_rx_front_ring_t *rx = xnf_rx_ring(t.nf);
    uint8_t f[100];
    struct dp_batch b;
    rx->sring->req_prod = rx->req_prod_pvt + 1000;
    xt_make_frame(f, sizeof f, 1);
    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), ENETDOWN);
    dp_batch_clear(&b);
    expect_closed_then_reconnect(&t);
    xt_teardown(&t);
}
END_TEST

START_TEST(test_requests_rewritten)
{
    struct xt t;
    uint8_t f[1000], buf[2048];
    netif_tx_front_ring_t *r;
    RING_IDX idx;
    size_t len;

    xt_setup(&t, NULL, true);
    r = xnf_tx_ring(t.nf);

    /* TX: once the backend has read the request, the frontend rewrites it
     * (at the backend's grant copy): bigger, elsewhere, another id. */
    xt_make_frame(f, sizeof f, 1);
    ck_assert_int_eq(
        xnf_send(t.nf, f, sizeof f, &(struct xnf_tx_opts){ .no_push = true }),
        0);
    idx = r->req_prod_pvt - 1;
    netif_tx_request_t orig = *RING_GET_REQUEST(r, idx);
    netif_tx_request_t evil = { .gref = 3999,
                                .offset = 3000,
                                .flags = NETTXF_more_data,
                                .id = 0xbeef,
                                .size = 4000 };
    ck_assert_int_eq(xen_fake_on_copy_write(xnf_fake(t.nf), 0,
                                            RING_GET_REQUEST(r, idx), &evil,
                                            sizeof evil),
                     0);
    xnf_push(t.nf);
    xt_pump(&t, NULL, 0);
    ck_assert_uint_eq(t.n_got, 1);
    ck_assert_uint_eq(t.got[0]->size, sizeof f);
    ck_assert(!memcmp(dp_packet_data(t.got[0]), f, sizeof f));
    /* The response carries the id that was read, not the rewritten one. */
    netif_tx_response_t *rsp = RING_GET_RESPONSE(r, idx);
    ck_assert_uint_eq(rsp->id, orig.id);
    ck_assert_int_eq(rsp->status, NETIF_RSP_OKAY);
    ck_assert_int_eq(xt_backend_state(&t), XenbusStateConnected);
    xt_clear_got(&t);

    /* RX: the posted buffer's request is rewritten the same way. */
    netif_rx_front_ring_t *rx = xnf_rx_ring(t.nf);
    RING_IDX ridx = rx->rsp_cons;
    netif_rx_request_t rorig = *RING_GET_REQUEST(rx, ridx);
    netif_rx_request_t revil = { .id = 0xbeef, .gref = 3999 };
    ck_assert_int_eq(xen_fake_on_copy_write(xnf_fake(t.nf), 0,
                                            RING_GET_REQUEST(rx, ridx), &revil,
                                            sizeof revil),
                     0);
    struct dp_batch b;
    dp_batch_init(&b);
    b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), 0);
    dp_batch_clear(&b);
    ck_assert_uint_eq(RING_GET_RESPONSE(rx, ridx)->id, rorig.id);
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
    ck_assert(len == sizeof f && !memcmp(buf, f, len));
    xt_teardown(&t);
}
END_TEST

START_TEST(test_bad_rx_buffers)
{
    struct xt t;
    struct dp_port_stats st;
    uint8_t f[300], buf[512];
    struct dp_batch b;
    uint32_t ro_ref;
    size_t len;

    xt_setup(&t, &(struct xnf_config){ .rx_buffers = 0 }, true);
    /* Use up the posted buffers' ring positions with bad ones instead:
     * a read-only grant and a grant never given. */
    netif_rx_front_ring_t *rx = xnf_rx_ring(t.nf);
    ck_assert_uint_eq(RING_FREE_REQUESTS(rx), 0);
    /* Consume the full ring first so there is room. */
    xt_make_frame(f, sizeof f, 1);
    for (unsigned int k = 0; k < DP_XEN_RING_SIZE / DP_BATCH_SIZE; k++) {
        dp_batch_init(&b);
        for (int i = 0; i < DP_BATCH_SIZE; i++) {
            b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
        }
        ck_assert_int_eq(dp_port_send_batch(t.port, &b), 0);
        dp_batch_clear(&b);
    }
    while (!xnf_recv(t.nf, buf, sizeof buf, &len)) {
    }
    xnf_grant_page(t.nf, true, &ro_ref);
    netif_rx_request_t *req = RING_GET_REQUEST(rx, rx->req_prod_pvt);
    req->id = (uint16_t)(rx->req_prod_pvt & (DP_XEN_RING_SIZE - 1));
    req->gref = ro_ref;
    rx->req_prod_pvt++;
    req = RING_GET_REQUEST(rx, rx->req_prod_pvt);
    req->id = (uint16_t)(rx->req_prod_pvt & (DP_XEN_RING_SIZE - 1));
    req->gref = 3999;
    rx->req_prod_pvt++;
    RING_PUSH_REQUESTS(rx);
    ck_assert_uint_eq(xnf_rx_refill(t.nf, 1), 1);

    dp_batch_init(&b);
    for (int i = 0; i < 3; i++) {
        xt_make_frame(f, sizeof f, 10 + (unsigned int)i);
        b.pkts[b.n++] = dp_packet_create(f, sizeof f, 0);
    }
    ck_assert_int_eq(dp_port_send_batch(t.port, &b), EIO);
    dp_batch_clear(&b);
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), EIO);
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), EIO);
    ck_assert_int_eq(xnf_recv(t.nf, buf, sizeof buf, &len), 0);
    xt_make_frame(f, sizeof f, 12);
    ck_assert(len == sizeof f && !memcmp(buf, f, len));
    dp_port_get_stats(t.port, &st);
    ck_assert_uint_eq(st.tx_errors, 2);
    ck_assert_int_eq(xt_backend_state(&t), XenbusStateConnected);
    xt_teardown(&t);
}
END_TEST

/* A frontend that writes garbage into its TX ring, round after round:
 * whatever the bytes, the backend answers or closes, and never crashes,
 * leaks or over-reads (ASan and UBSan watch). */
START_TEST(test_garbage_rings)
{
    struct xt t;
    unsigned int seed = 12345;

    xt_setup(&t, NULL, true);
    for (int round = 0; round < 40; round++) {
        netif_tx_front_ring_t *r = xnf_tx_ring(t.nf);
        unsigned int n = (seed = seed * 1103515245 + 12345) >> 24;

        for (unsigned int i = 0; i < n; i++) {
            uint8_t *slot = (uint8_t *)RING_GET_REQUEST(r, r->req_prod_pvt);
            for (size_t k = 0; k < sizeof(netif_tx_request_t); k++) {
                seed = seed * 1103515245 + 12345;
                slot[k] = (uint8_t)(seed >> 16);
            }
            r->req_prod_pvt++;
        }
        if (round % 5 == 4) {
            r->req_prod_pvt += seed >> 20; /* Any index at all. */
        }
        raw_push(&t);
        xt_pump(&t, NULL, 0);
        xt_clear_got(&t);
        int be = xt_backend_state(&t);
        ck_assert(be == XenbusStateConnected || be == XenbusStateClosing ||
                  be == XenbusStateClosed);
        if (be != XenbusStateConnected) {
            ck_assert(xt_pump(&t, cond_backend_closed, 2000));
            xnf_reinit(t.nf);
            ck_assert(xt_pump(&t, xt_cond_connected, 2000));
        } else {
            xnf_tx_reap(t.nf);
        }
    }
    guest_to_port(&t, 500, 1, NULL);
    xt_teardown(&t);
}
END_TEST

Suite *xen_port_suite(void);

Suite *
xen_port_suite(void)
{
    Suite *s = suite_create("xen-port");
    TCase *tc;

    tc = tcase_create("data");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_open_describe);
    tcase_add_test(tc, test_frames_both_ways);
    tcase_add_test(tc, test_multi_slot);
    tcase_add_test(tc, test_no_sg_frontend);
    tcase_add_test(tc, test_csum_blank);
    tcase_add_test(tc, test_csum_function);
    tcase_add_test(tc, test_wraparound);
    tcase_add_test(tc, test_full_rings);
    tcase_add_test(tc, test_rx_starvation);
    tcase_add_test(tc, test_notifications);
    tcase_add_test(tc, test_admin_down);
    suite_add_tcase(s, tc);

    tc = tcase_create("malicious");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_bad_frames_dropped);
    tcase_add_test(tc, test_chain_past_producer);
    tcase_add_test(tc, test_slot_larger_than_packet);
    tcase_add_test(tc, test_bad_extra_info);
    tcase_add_test(tc, test_producer_jumps);
    tcase_add_test(tc, test_requests_rewritten);
    tcase_add_test(tc, test_bad_rx_buffers);
    tcase_add_test(tc, test_garbage_rings);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(xen_port_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
