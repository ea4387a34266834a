/* tests/unit/test-dp-ports-net.c -- the device port kinds against real
 * devices: tap (create, attach, remove, traffic, a device moved to another
 * namespace or deleted under the port), afpacket and pcap on a veth pair
 * (exact bytes both ways, VLAN and priority tags rebuilt, own frames not
 * read back, link state, descriptions), and afpacket with the kernel's
 * default offloads: TCP over IPv4 and IPv6 and UDP GSO between two network
 * namespaces forwarded by this test through two afpacket ports, with every
 * forwarded frame checked to fit the MTU and carry valid checksums.
 *
 * Isolation: main() moves the whole test into a private network namespace
 * (unshare), so every veth and tap it creates lives and dies there and the
 * host's interfaces are never touched; hosts for the TCP tests are named
 * namespaces "ofs-t-PID-..." removed by the fixtures and again at exit.
 * Without root (or where namespaces are not allowed) the program exits
 * with 77, which automake reports as SKIP. */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "datapath/netdev-linux.h"
#include "datapath/packet.h"
#include "datapath/port.h"
#include "ofp13/ofp.h"
#include "tests/unit/dp-ports-util.h"

/* Interface and namespace names of the running test, set by the fixtures
 * (each test runs in its own forked process). */
static char if_a[IFNAMSIZ], if_b[IFNAMSIZ];
static char ns1[64], ns2[64];

/* Runs a shell command built like printf(); returns its exit status. */
static int __attribute__((format(printf, 1, 2))) run(const char *fmt, ...)
{
    char cmd[1024];
    va_list args;
    int status;

    va_start(args, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, args);
    va_end(args);
    status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define RUN_OK(...) ck_assert_msg(run(__VA_ARGS__) == 0, "command failed")

static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* -------------------------------------------------------------------- */
/* Frames. */

struct frame {
    uint8_t b[2048];
    size_t size;
};

/* A frame: addresses, then 'tags' (n_tags TPID/TCI pairs), then ethertype
 * 0x88b5 and a pattern up to 'size' bytes. */
static struct frame
mkframe(size_t size, unsigned int seed, const uint16_t *tags, int n_tags)
{
    struct frame f;
    size_t ofs = 12;

    memset(&f, 0, sizeof f);
    memcpy(f.b, "\x02\x00\x00\x00\x00\x0b\x02\x00\x00\x00\x00\x0a", 12);
    for (int i = 0; i < 2 * n_tags; i++) {
        f.b[ofs++] = (uint8_t)(tags[i] >> 8);
        f.b[ofs++] = (uint8_t)tags[i];
    }
    f.b[ofs++] = 0x88;
    f.b[ofs++] = 0xb5;
    for (size_t i = ofs; i < size; i++) {
        f.b[i] = (uint8_t)(seed * 13 + i);
    }
    f.size = size;
    return f;
}

/* -------------------------------------------------------------------- */
/* A raw AF_PACKET socket, the test's own view of an interface: it sends
 * frames as a peer would and receives with PACKET_AUXDATA, rebuilding the
 * VLAN tag independently of the code under test. */

static int
raw_open(const char *ifname)
{
    struct sockaddr_ll sll;
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
    int one = 1;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(
        setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one), 0);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)if_nametoindex(ifname);
    ck_assert_int_gt(sll.sll_ifindex, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sll, sizeof sll), 0);
    return fd;
}

static void
raw_send(int fd, const struct frame *f)
{
    ck_assert_int_eq(send(fd, f->b, f->size, 0), (ssize_t)f->size);
}

/* Receives the next incoming frame within 'timeout_ms'; returns false on
 * timeout. */
static bool
raw_recv(int fd, struct frame *f, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;

    for (;;) {
        uint8_t buf[2048];
        union {
            struct cmsghdr align;
            char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
        } control;
        struct sockaddr_ll sll;
        struct iovec iov = { buf, sizeof buf };
        struct msghdr msg;

        memset(&msg, 0, sizeof msg);
        msg.msg_name = &sll;
        msg.msg_namelen = sizeof sll;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = &control;
        msg.msg_controllen = sizeof control;
        ssize_t n = recvmsg(fd, &msg, 0);
        if (n < 0) {
            int left = (int)(deadline - now_ms());
            struct pollfd pfd = { fd, POLLIN, 0 };
            ck_assert_int_eq(errno, EAGAIN);
            if (left <= 0) {
                return false;
            }
            poll(&pfd, 1, left);
            continue;
        }
        if (sll.sll_pkttype == PACKET_OUTGOING) {
            continue;
        }
        memset(f, 0, sizeof *f);
        size_t ofs = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c;
             c = CMSG_NXTHDR(&msg, c)) {
            struct tpacket_auxdata aux;
            if (c->cmsg_level != SOL_PACKET ||
                c->cmsg_type != PACKET_AUXDATA) {
                continue;
            }
            memcpy(&aux, CMSG_DATA(c), sizeof aux);
            if (aux.tp_status & TP_STATUS_VLAN_VALID) {
                uint16_t tpid = (aux.tp_status & TP_STATUS_VLAN_TPID_VALID)
                                    ? aux.tp_vlan_tpid
                                    : 0x8100;
                memcpy(f->b, buf, 12);
                f->b[12] = (uint8_t)(tpid >> 8);
                f->b[13] = (uint8_t)tpid;
                f->b[14] = (uint8_t)(aux.tp_vlan_tci >> 8);
                f->b[15] = (uint8_t)aux.tp_vlan_tci;
                memcpy(f->b + 16, buf + 12, (size_t)n - 12);
                ofs = 4;
            }
        }
        if (!ofs) {
            memcpy(f->b, buf, (size_t)n);
        }
        f->size = (size_t)n + ofs;
        return true;
    }
}

/* -------------------------------------------------------------------- */
/* Ports. */

/* Opens "KIND:ARG". */
static struct dp_port *
open_port(const char *kind, const char *arg)
{
    char spec[128], *msg = NULL;
    struct dp_port *port;

    snprintf(spec, sizeof spec, "%s:%s", kind, arg);
    ck_assert_msg(!dp_port_open(spec, &port, &msg), "%s", msg);
    return port;
}

/* Receives into 'b' until it holds 'want' frames or 'timeout_ms' passes,
 * sleeping in poll() on the port's fd as a datapath thread would. */
static void
port_recv_wait(struct dp_port *port, struct dp_batch *b, size_t want,
               int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;

    while (b->n < want) {
        int r = dp_port_recv_batch(port, b, want - b->n);
        ck_assert_int_ge(r, 0);
        if (r > 0) {
            continue;
        }
        int left = (int)(deadline - now_ms());
        if (left <= 0) {
            break;
        }
        struct pollfd pfd = { dp_port_get_fd(port), POLLIN, 0 };
        poll(&pfd, 1, left);
    }
}

static void
expect_frame(const struct dp_packet *p, const struct frame *f)
{
    ck_assert_uint_eq(p->size, f->size);
    ck_assert_mem_eq(dp_packet_data(p), f->b, f->size);
}

static void
batch_add(struct dp_batch *b, const struct frame *f)
{
    b->pkts[b->n++] = dp_packet_create(f->b, f->size, 0);
}

/* The frames of the exact-bytes tests: untagged, 802.1Q, priority tags
 * (VID 0, with and without priority bits), 802.1ad over 802.1Q, and the
 * largest frames the MTU allows with and without a tag. */
static size_t
test_frames(struct frame *fs)
{
    static const uint16_t vlan100[] = { 0x8100, 0x6064 };
    static const uint16_t prio5[] = { 0x8100, 0xa000 };
    static const uint16_t prio0[] = { 0x8100, 0x0000 };
    static const uint16_t qinq[] = { 0x88a8, 0x00c8, 0x8100, 0x000a };
    size_t n = 0;

    fs[n++] = mkframe(60, 1, NULL, 0);
    fs[n++] = mkframe(64, 2, vlan100, 1);
    fs[n++] = mkframe(64, 3, prio5, 1);
    fs[n++] = mkframe(61, 4, prio0, 1);
    fs[n++] = mkframe(80, 5, qinq, 2);
    fs[n++] = mkframe(1514, 6, NULL, 0);
    fs[n++] = mkframe(1518, 7, vlan100, 1);
    fs[n++] = mkframe(14, 8, NULL, 0);
    return n;
}

/* -------------------------------------------------------------------- */
/* Fixtures. */

static void
veth_setup(void)
{
    snprintf(if_a, sizeof if_a, "pa%d", (int)getpid());
    snprintf(if_b, sizeof if_b, "pb%d", (int)getpid());
    RUN_OK("ip link add %s type veth peer name %s", if_a, if_b);
    RUN_OK("ip link set %s up && ip link set %s up", if_a, if_b);
}

static void
veth_teardown(void)
{
    run("ip link del %s 2>/dev/null; ip link del %s 2>/dev/null", if_a, if_b);
}

/* The afpacket tests run once per receive ring (port-afpacket.c). */
static void
ring_v3_setup(void)
{
    setenv("OFSWITCH_AFPACKET_RING", "v3", 1);
}

static void
ring_v2_setup(void)
{
    setenv("OFSWITCH_AFPACKET_RING", "v2", 1);
}

static void
ring_teardown(void)
{
    unsetenv("OFSWITCH_AFPACKET_RING");
}

static void
netns_setup(void)
{
    const char *prefix = getenv("OFS_TEST_NETNS_PREFIX");

    snprintf(ns1, sizeof ns1, "%s-%d-h1", prefix, (int)getpid());
    snprintf(ns2, sizeof ns2, "%s-%d-h2", prefix, (int)getpid());
    RUN_OK("ip netns add %s && ip netns add %s", ns1, ns2);
}

static void
netns_teardown(void)
{
    run("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null", ns1, ns2);
}

/* -------------------------------------------------------------------- */
/* afpacket. */

START_TEST(test_afpacket_rx_exact)
{
    struct frame fs[16];
    size_t n = test_frames(fs);
    struct dp_port *port = open_port("afpacket", if_a);
    struct dp_port_stats st;
    struct dp_batch b;
    int raw = raw_open(if_b);
    uint64_t bytes = 0;

    ck_assert_str_eq(dp_port_get_name(port), if_a);
    ck_assert_str_eq(dp_port_get_kind(port), "afpacket");
    for (size_t i = 0; i < n; i++) {
        raw_send(raw, &fs[i]);
        bytes += fs[i].size;
    }
    dp_batch_init(&b);
    port_recv_wait(port, &b, n, 2000);
    ck_assert_uint_eq(b.n, n);
    for (size_t i = 0; i < n; i++) {
        expect_frame(b.pkts[i], &fs[i]);
    }
    dp_batch_clear(&b);
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_packets, n);
    ck_assert_uint_eq(st.rx_bytes, bytes);
    ck_assert_uint_eq(st.rx_errors + st.rx_dropped, 0);

    /* More frames than one batch holds come in several. */
    for (unsigned int i = 0; i < 3 * DP_BATCH_SIZE; i++) {
        struct frame f = mkframe(100, i, NULL, 0);
        raw_send(raw, &f);
    }
    for (unsigned int got = 0; got < 3 * DP_BATCH_SIZE;) {
        dp_batch_init(&b);
        port_recv_wait(port, &b, DP_BATCH_SIZE, 2000);
        ck_assert_uint_gt(b.n, 0);
        for (size_t i = 0; i < b.n; i++) {
            struct frame f = mkframe(100, got++, NULL, 0);
            expect_frame(b.pkts[i], &f);
        }
        dp_batch_clear(&b);
    }
    close(raw);
    dp_port_close(port);
}
END_TEST

START_TEST(test_afpacket_tx_exact)
{
    struct frame fs[16], got;
    size_t n = test_frames(fs);
    struct dp_port *port = open_port("afpacket", if_a);
    struct dp_port_stats st;
    struct dp_batch b;
    int raw = raw_open(if_b);

    /* The runt is refused by the kernel; send the others. */
    n--;
    dp_batch_init(&b);
    for (size_t i = 0; i < n; i++) {
        batch_add(&b, &fs[i]);
    }
    ck_assert_int_eq(dp_port_send_batch(port, &b), 0);
    ck_assert_uint_eq(b.n, n); /* The batch is the caller's. */
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(raw_recv(raw, &got, 2000), "frame %zu not received", i);
        ck_assert_uint_eq(got.size, fs[i].size);
        ck_assert_mem_eq(got.b, fs[i].b, got.size);
    }
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.tx_packets, n);
    ck_assert_uint_eq(st.tx_errors + st.tx_dropped, 0);

    /* Our own frames are not read back, even after the ring's retire
     * timer has fired many times. */
    usleep(50 * 1000);
    dp_batch_clear(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_packets, 0);

    /* Too long for the MTU: counted as an error, the rest still goes. */
    struct frame big = mkframe(1600, 9, NULL, 0);
    batch_add(&b, &fs[0]);
    batch_add(&b, &big);
    batch_add(&b, &fs[1]);
    ck_assert_int_eq(dp_port_send_batch(port, &b), EMSGSIZE);
    ck_assert(raw_recv(raw, &got, 2000));
    ck_assert_mem_eq(got.b, fs[0].b, fs[0].size);
    ck_assert(raw_recv(raw, &got, 2000));
    ck_assert_mem_eq(got.b, fs[1].b, fs[1].size);
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.tx_packets, n + 2);
    ck_assert_uint_eq(st.tx_errors, 1);
    dp_batch_clear(&b);
    close(raw);
    dp_port_close(port);
}
END_TEST

START_TEST(test_afpacket_poll)
{
    struct dp_port *port = open_port("afpacket", if_a);
    struct pollfd pfd = { dp_port_get_fd(port), POLLIN, 0 };
    struct frame f = mkframe(60, 1, NULL, 0);
    int raw = raw_open(if_b);
    struct dp_batch b;

    ck_assert_int_eq(poll(&pfd, 1, 20), 0);
    raw_send(raw, &f);
    long long t0 = now_ms();
    ck_assert_int_eq(poll(&pfd, 1, 1000), 1);
    /* The ring hands a block over within its 1 ms retire timeout (with
     * slack for a loaded machine). */
    ck_assert_int_lt(now_ms() - t0, 200);
    dp_batch_init(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 1);
    expect_frame(b.pkts[0], &f);
    dp_batch_clear(&b);
    ck_assert_int_eq(poll(&pfd, 1, 20), 0);
    close(raw);
    dp_port_close(port);
}
END_TEST

/* The test's own reading of an interface's flags and address. */
static unsigned int
if_flags(const char *name)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    ck_assert_int_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
    close(fd);
    return (unsigned short)ifr.ifr_flags;
}

static void
if_hwaddr(const char *name, uint8_t mac[6])
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    ck_assert_int_eq(ioctl(fd, SIOCGIFHWADDR, &ifr), 0);
    close(fd);
    memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
}

START_TEST(test_afpacket_link)
{
    struct dp_port *port = open_port("afpacket", if_a);
    struct dp_port_features feat;
    struct dp_port_link link;
    uint8_t mac[6], want[6];
    int mtu;

    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up && link.carrier);
    ck_assert_int_eq(dp_port_get_mtu(port, &mtu), 0);
    ck_assert_int_eq(mtu, 1500);
    RUN_OK("ip link set %s mtu 1400", if_a);
    ck_assert_int_eq(dp_port_get_mtu(port, &mtu), 0);
    ck_assert_int_eq(mtu, 1400);
    ck_assert_int_eq(dp_port_get_hw_addr(port, mac), 0);
    if_hwaddr(if_a, want);
    ck_assert_mem_eq(mac, want, 6);
    ck_assert_int_eq(dp_port_set_hw_addr(port, mac), EOPNOTSUPP);

    /* veth reports 10 Gbit/s full duplex over twisted pair. */
    ck_assert_int_eq(dp_port_get_features(port, &feat), 0);
    ck_assert_uint_eq(feat.curr & (OFPPF_10GB_FD | OFPPF_COPPER),
                      OFPPF_10GB_FD | OFPPF_COPPER);
    ck_assert_uint_eq(feat.curr_speed, 10000000);
    ck_assert_uint_eq(feat.max_speed, 10000000);

    /* PORT_DOWN is ifdown. */
    ck_assert_int_eq(dp_port_set_admin_state(port, false), 0);
    ck_assert_uint_eq(if_flags(if_a) & IFF_UP, 0);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(!link.admin_up && !link.carrier);
    ck_assert_int_eq(dp_port_set_admin_state(port, true), 0);
    ck_assert_uint_eq(if_flags(if_a) & IFF_UP, IFF_UP);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up && link.carrier);

    /* The peer going down takes the carrier away. */
    RUN_OK("ip link set %s down", if_b);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up && !link.carrier);
    RUN_OK("ip link set %s up", if_b);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up && link.carrier);

    /* The port follows a renamed interface (it holds the ifindex). */
    char renamed[IFNAMSIZ];
    snprintf(renamed, sizeof renamed, "pr%d", (int)getpid());
    RUN_OK("ip link set %s down && ip link set %s name %s", if_a, if_a,
           renamed);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(!link.admin_up);
    ck_assert_int_eq(dp_port_set_admin_state(port, true), 0);
    ck_assert_uint_eq(if_flags(renamed) & IFF_UP, IFF_UP);
    RUN_OK("ip link set %s down && ip link set %s name %s", renamed, renamed,
           if_a);
    dp_port_close(port);

    /* Not Ethernet. */
    char *msg = NULL;
    ck_assert_int_eq(dp_port_open("afpacket:lo", &port, &msg), EINVAL);
    ck_assert_ptr_nonnull(strstr(msg, "not an Ethernet interface"));
    free(msg);
}
END_TEST

START_TEST(test_link_monitor)
{
    struct pollfd pfd;
    int fd;

    ck_assert_int_eq(dp_netdev_monitor_open(&fd), 0);
    pfd.fd = fd;
    pfd.events = POLLIN;
    ck_assert(!dp_netdev_monitor_drain(fd));
    ck_assert_int_eq(poll(&pfd, 1, 20), 0);

    /* The peer's carrier going away is announced. */
    RUN_OK("ip link set %s down", if_b);
    ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
    ck_assert(dp_netdev_monitor_drain(fd));
    ck_assert_int_eq(poll(&pfd, 1, 0), 0);
    ck_assert(!dp_netdev_monitor_drain(fd));
    close(fd);
}
END_TEST

START_TEST(test_afpacket_deleted)
{
    struct dp_port *port = open_port("afpacket", if_a);
    struct dp_port_link link;
    struct dp_batch b;

    RUN_OK("ip link del %s", if_a);
    /* Reading reports nothing (and does not spin on the socket error);
     * the link state reports the device gone. */
    dp_batch_init(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);
    struct pollfd pfd = { dp_port_get_fd(port), POLLIN, 0 };
    ck_assert_int_eq(poll(&pfd, 1, 20), 0);
    ck_assert_int_eq(dp_port_get_link(port, &link), ENODEV);
    ck_assert(!link.admin_up && !link.carrier);
    dp_port_close(port);
}
END_TEST

/* Makes the host stack send, from 'ifname', a UDP datagram of odd length
 * and a TCP SYN: with veth's default checksum offload both leave with
 * partial checksums (the pseudo-header sum only). */
static void
send_stack_traffic(const char *ifname)
{
    struct sockaddr_in to;
    int u, t;

    RUN_OK("ip addr add 10.7.0.1/24 dev %s && "
           "ip neigh add 10.7.0.2 lladdr 02:00:00:00:00:99 dev %s "
           "nud permanent",
           ifname, ifname);
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    to.sin_addr.s_addr = htonl(0x0a070002);
    u = socket(AF_INET, SOCK_DGRAM, 0);
    ck_assert_int_eq(sendto(u, "0123456789abcdefghijklmnopqrstuvwxyz", 37, 0,
                            (struct sockaddr *)&to, sizeof to),
                     37);
    close(u);
    t = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    to.sin_port = htons(80);
    connect(t, (struct sockaddr *)&to, sizeof to);
    usleep(20 * 1000);
    close(t);
}

/* Receives from 'port' what send_stack_traffic() sent and checks that the
 * checksums arrive complete. */
static void
expect_complete_checksums(struct dp_port *port)
{
    bool udp = false, tcp = false;
    long long deadline = now_ms() + 2000;

    while ((!udp || !tcp) && now_ms() < deadline) {
        struct dp_batch b;
        struct tu_frame t;

        dp_batch_init(&b);
        port_recv_wait(port, &b, 1, 100);
        for (size_t i = 0; i < b.n; i++) {
            const uint8_t *d = dp_packet_data(b.pkts[i]);
            if (!tu_parse(d, b.pkts[i]->size, &t) || !t.ipv4) {
                continue;
            }
            ck_assert_msg(tu_checksums_ok(d, b.pkts[i]->size),
                          "protocol %d: bad checksum", t.proto);
            udp |= t.proto == 17;
            tcp |= t.proto == 6;
        }
        dp_batch_clear(&b);
    }
    ck_assert_msg(udp && tcp, "udp %d tcp %d", udp, tcp);
}

START_TEST(test_afpacket_partial_csum)
{
    struct dp_port *port = open_port("afpacket", if_a);

    send_stack_traffic(if_b);
    expect_complete_checksums(port);
    dp_port_close(port);
}
END_TEST

/* -------------------------------------------------------------------- */
/* pcap. */

START_TEST(test_pcap_partial_csum)
{
    struct dp_port *port = open_port("pcap", if_a);

    send_stack_traffic(if_b);
    expect_complete_checksums(port);
    dp_port_close(port);
}
END_TEST

START_TEST(test_pcap_veth)
{
    struct frame fs[16], got;
    size_t n = test_frames(fs);
    struct dp_port *port = open_port("pcap", if_a);
    struct dp_port_stats st;
    struct dp_port_link link;
    struct dp_batch b;
    int raw = raw_open(if_b);

    ck_assert_str_eq(dp_port_get_kind(port), "pcap");
    for (size_t i = 0; i < n; i++) {
        raw_send(raw, &fs[i]);
    }
    dp_batch_init(&b);
    port_recv_wait(port, &b, n, 2000);
    ck_assert_uint_eq(b.n, n);
    for (size_t i = 0; i < n; i++) {
        expect_frame(b.pkts[i], &fs[i]);
    }
    dp_batch_clear(&b);

    /* Output, and it is not read back (direction in only). */
    for (size_t i = 0; i < 3; i++) {
        batch_add(&b, &fs[i]);
    }
    ck_assert_int_eq(dp_port_send_batch(port, &b), 0);
    for (size_t i = 0; i < 3; i++) {
        ck_assert(raw_recv(raw, &got, 2000));
        ck_assert_uint_eq(got.size, fs[i].size);
        ck_assert_mem_eq(got.b, fs[i].b, got.size);
    }
    dp_batch_clear(&b);
    usleep(50 * 1000);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), 0);

    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_packets, n);
    ck_assert_uint_eq(st.tx_packets, 3);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up && link.carrier);
    close(raw);
    dp_port_close(port);
}
END_TEST

/* -------------------------------------------------------------------- */
/* tap. */

START_TEST(test_tap_create_remove)
{
    char name[IFNAMSIZ];
    struct dp_port *port, *again;
    struct dp_port_link link;
    struct dp_port_features feat;
    bool on = true;
    char *msg = NULL;

    snprintf(name, sizeof name, "tc%d", (int)getpid());
    ck_assert_uint_eq(if_nametoindex(name), 0);
    port = open_port("tap", name);
    ck_assert_uint_gt(if_nametoindex(name), 0);
    ck_assert_str_eq(dp_port_get_name(port), name);
    ck_assert_str_eq(dp_port_get_kind(port), "tap");

    /* Offloads are off, so the kernel never hands over more than the
     * MTU. */
    ck_assert_int_eq(
        dp_netdev_get_offload(-1, name, DP_NETDEV_OFFLOAD_TSO, &on), 0);
    ck_assert(!on);

    /* Created down: nobody sends through it unasked, and what the switch
     * sends is dropped and counted. */
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(!link.admin_up);
    struct frame f = mkframe(60, 1, NULL, 0);
    struct dp_port_stats st;
    struct dp_batch b;
    dp_batch_init(&b);
    batch_add(&b, &f);
    ck_assert_int_eq(dp_port_send_batch(port, &b), EIO);
    dp_batch_clear(&b);
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.tx_dropped, 1);
    ck_assert_uint_eq(st.tx_packets + st.tx_errors, 0);
    ck_assert_int_eq(dp_port_get_features(port, &feat), 0);
    /* tun reports 10 Gbit/s full duplex (10 Mbit/s before Linux 5.x). */
    if (feat.curr_speed == 10000) {
        ck_assert_uint_eq(feat.curr & OFPPF_10MB_FD, OFPPF_10MB_FD);
    } else {
        ck_assert_uint_eq(feat.curr_speed, 10000000);
        ck_assert_uint_eq(feat.curr & OFPPF_10GB_FD, OFPPF_10GB_FD);
    }

    /* A second port on the same (non-persistent, in use) device fails. */
    char spec[64];
    snprintf(spec, sizeof spec, "tap:%s", name);
    ck_assert_int_eq(dp_port_open(spec, &again, &msg), EBUSY);
    ck_assert_ptr_nonnull(strstr(msg, "in use"));
    free(msg);

    dp_port_close(port);
    ck_assert_uint_eq(if_nametoindex(name), 0);
}
END_TEST

START_TEST(test_tap_attach)
{
    char name[IFNAMSIZ], spec[64], *msg = NULL;
    struct dp_port *port;

    snprintf(name, sizeof name, "tp%d", (int)getpid());
    RUN_OK("ip tuntap add dev %s mode tap", name);
    port = open_port("tap", name);
    dp_port_close(port);
    /* Attached, not created: the persistent device stays. */
    ck_assert_uint_gt(if_nametoindex(name), 0);
    /* And can be attached again. */
    port = open_port("tap", name);
    dp_port_close(port);
    RUN_OK("ip tuntap del dev %s mode tap", name);

    /* An interface of the name that is not a tap. */
    snprintf(spec, sizeof spec, "tap:%s", if_a);
    ck_assert_int_eq(dp_port_open(spec, &port, &msg), EINVAL);
    ck_assert_ptr_nonnull(strstr(msg, "is not a tap device"));
    free(msg);
}
END_TEST

START_TEST(test_tap_traffic)
{
    char name[IFNAMSIZ];
    struct frame fs[16], got;
    size_t n = test_frames(fs);
    struct dp_port *port;
    struct dp_port_stats st;
    struct dp_batch b;
    int raw;

    snprintf(name, sizeof name, "tt%d", (int)getpid());
    port = open_port("tap", name);
    ck_assert_int_eq(dp_port_set_admin_state(port, true), 0);
    ck_assert_uint_eq(if_flags(name) & IFF_UP, IFF_UP);
    raw = raw_open(name);

    /* Host to switch: what the host transmits on the tap is read from it,
     * tags included (nothing strips them on this path). */
    n--; /* The runt: the kernel refuses to send it. */
    for (size_t i = 0; i < n; i++) {
        raw_send(raw, &fs[i]);
    }
    dp_batch_init(&b);
    port_recv_wait(port, &b, n, 2000);
    ck_assert_uint_eq(b.n, n);
    for (size_t i = 0; i < n; i++) {
        expect_frame(b.pkts[i], &fs[i]);
    }

    /* Switch to host. */
    ck_assert_int_eq(dp_port_send_batch(port, &b), 0);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(raw_recv(raw, &got, 2000), "frame %zu", i);
        ck_assert_uint_eq(got.size, fs[i].size);
        ck_assert_mem_eq(got.b, fs[i].b, got.size);
    }
    dp_port_get_stats(port, &st);
    ck_assert_uint_eq(st.rx_packets, n);
    ck_assert_uint_eq(st.tx_packets, n);
    ck_assert_uint_eq(st.tx_errors + st.tx_dropped, 0);
    dp_batch_clear(&b);

    /* A raised MTU: longer frames still arrive whole. */
    RUN_OK("ip link set %s mtu 9000", name);
    struct frame jumbo = mkframe(2000, 3, NULL, 0);
    raw_send(raw, &jumbo);
    port_recv_wait(port, &b, 1, 2000);
    ck_assert_uint_eq(b.n, 1);
    expect_frame(b.pkts[0], &jumbo);
    dp_batch_clear(&b);

    close(raw);
    dp_port_close(port);
}
END_TEST

START_TEST(test_tap_other_netns)
{
    char name[IFNAMSIZ];
    struct dp_port *port;
    struct dp_port_link link;
    uint8_t mac[6];
    static const uint8_t set[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
    int mtu;

    snprintf(name, sizeof name, "tn%d", (int)getpid());
    port = open_port("tap", name);
    ck_assert_int_eq(dp_port_set_hw_addr(port, set), 0);
    RUN_OK("ip link set %s netns %s", name, ns1);
    ck_assert_uint_eq(if_nametoindex(name), 0);

    /* The control calls follow the device into its namespace. */
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(!link.admin_up);
    ck_assert_int_eq(dp_port_set_admin_state(port, true), 0);
    RUN_OK("ip netns exec %s ip link show %s | grep -q '[<,]UP[,>]'", ns1,
           name);
    ck_assert_int_eq(dp_port_get_link(port, &link), 0);
    ck_assert(link.admin_up);
    ck_assert_int_eq(dp_port_get_hw_addr(port, mac), 0);
    ck_assert_mem_eq(mac, set, 6);
    RUN_OK("ip netns exec %s ip link set %s mtu 1280", ns1, name);
    ck_assert_int_eq(dp_port_get_mtu(port, &mtu), 0);
    ck_assert_int_eq(mtu, 1280);

    /* Renamed there too. */
    RUN_OK("ip netns exec %s ip link set %s down", ns1, name);
    RUN_OK("ip netns exec %s ip link set %s name eth7", ns1, name);
    ck_assert_int_eq(dp_port_set_admin_state(port, true), 0);
    RUN_OK("ip netns exec %s ip link show eth7 | grep -q '[<,]UP[,>]'", ns1);

    /* Closing removes the device wherever it is. */
    dp_port_close(port);
    ck_assert_int_ne(
        run("ip netns exec %s ip link show eth7 2>/dev/null", ns1), 0);
}
END_TEST

START_TEST(test_tap_deleted)
{
    char name[IFNAMSIZ];
    struct dp_port *port;
    struct dp_port_link link;
    struct dp_batch b;

    snprintf(name, sizeof name, "td%d", (int)getpid());
    port = open_port("tap", name);
    RUN_OK("ip link del %s", name);
    dp_batch_init(&b);
    ck_assert_int_eq(dp_port_recv_batch(port, &b, DP_BATCH_SIZE), -ENODEV);
    ck_assert_int_eq(dp_port_get_link(port, &link), ENODEV);
    dp_port_close(port);
}
END_TEST

/* -------------------------------------------------------------------- */
/* GSO: TCP and UDP between two namespaces through two afpacket ports, with
 * the kernel's default offloads on every interface. */

/* What the forwarding loop saw. */
struct fwd_counts {
    unsigned long frames, oversized, bad_csum, super_frames;
    size_t max_size;
};

/* Starts "ip netns exec NS /usr/bin/python3 -c CODE ARG" with its stdout
 * on a pipe; returns the pid and stores the pipe in '*out'. */
static pid_t
spawn_py(const char *ns, const char *code, const char *arg, int *out)
{
    int fds[2];
    pid_t pid;

    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (!pid) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execlp("ip", "ip", "netns", "exec", ns, "/usr/bin/python3", "-c", code,
               arg, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    *out = fds[0];
    return pid;
}

/* Forwards frames between 'p1' and 'p2' until every pid in 'pids' has
 * exited (their statuses go to 'status') or 'timeout_ms' passes; 'spy' is
 * a plain packet socket on p1's interface that counts super-frames. */
static void
forward(struct dp_port *p1, struct dp_port *p2, int spy, pid_t *pids,
        int *status, int n_pids, int timeout_ms, struct fwd_counts *c)
{
    struct dp_port *ports[2] = { p1, p2 };
    long long deadline = now_ms() + timeout_ms;
    int running = n_pids;

    memset(c, 0, sizeof *c);
    while (running && now_ms() < deadline) {
        struct pollfd pfds[3] = {
            { dp_port_get_fd(p1), POLLIN, 0 },
            { dp_port_get_fd(p2), POLLIN, 0 },
            { spy, POLLIN, 0 },
        };
        poll(pfds, 3, 10);

        for (int i = 0; i < 2; i++) {
            struct dp_batch b;
            int r;
            do {
                dp_batch_init(&b);
                r = dp_port_recv_batch(ports[i], &b, DP_BATCH_SIZE);
                ck_assert_int_ge(r, 0);
                for (size_t k = 0; k < b.n; k++) {
                    const struct dp_packet *p = b.pkts[k];
                    c->frames++;
                    if (p->size > c->max_size) {
                        c->max_size = p->size;
                    }
                    c->oversized += p->size > 1514;
                    c->bad_csum +=
                        !tu_checksums_ok(dp_packet_data(p), p->size);
                }
                dp_port_send_batch(ports[!i], &b);
                dp_batch_clear(&b);
            } while (r == DP_BATCH_SIZE);
        }

        uint8_t buf[64];
        ssize_t len;
        while ((len = recv(spy, buf, sizeof buf, MSG_TRUNC | MSG_DONTWAIT)) >=
               0) {
            c->super_frames += len > 1514;
        }

        for (int i = 0; i < n_pids; i++) {
            if (pids[i] > 0 &&
                waitpid(pids[i], &status[i], WNOHANG) == pids[i]) {
                pids[i] = 0;
                running--;
            }
        }
    }
    for (int i = 0; i < n_pids; i++) {
        if (pids[i] > 0) {
            kill(pids[i], SIGKILL);
            waitpid(pids[i], &status[i], 0);
            status[i] = -1;
        }
    }
}

static void
read_all(int fd, char *buf, size_t size)
{
    size_t n = 0;
    ssize_t r;

    while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0) {
        n += (size_t)r;
    }
    buf[n] = '\0';
    close(fd);
}

static const char tcp_server[] =
    "import socket, sys, hashlib\n"
    "a = sys.argv[1]\n"
    "fam = socket.AF_INET6 if ':' in a else socket.AF_INET\n"
    "s = socket.socket(fam, socket.SOCK_STREAM)\n"
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
    "s.bind((a, 5201)); s.listen(1); s.settimeout(40)\n"
    "c, _ = s.accept(); c.settimeout(40)\n"
    "h = hashlib.sha256(); n = 0\n"
    "while True:\n"
    "    d = c.recv(1 << 16)\n"
    "    if not d: break\n"
    "    h.update(d); n += len(d)\n"
    "print(n, h.hexdigest(), flush=True)\n";

static const char tcp_client[] =
    "import socket, sys, hashlib, time\n"
    "a = sys.argv[1]\n"
    "fam = socket.AF_INET6 if ':' in a else socket.AF_INET\n"
    "data = bytes((i * 7 + i // 256) & 255 for i in range(1 << 22))\n"
    "for _ in range(200):\n"
    "    try:\n"
    "        s = socket.create_connection((a, 5201), timeout=40); break\n"
    "    except OSError: time.sleep(0.05)\n"
    "s.sendall(data); s.close()\n"
    "print(len(data), hashlib.sha256(data).hexdigest(), flush=True)\n";

static const char udp_server[] =
    "import socket, sys\n"
    "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
    "s.bind((sys.argv[1], 5300)); s.settimeout(10)\n"
    "sizes = []\n"
    "try:\n"
    "    while len(sizes) < 6:\n"
    "        d = s.recv(65536)\n"
    "        sizes.append(len(d))\n"
    "        if d != bytes((i + len(sizes) - 1) & 255 for i in "
    "range(len(d))):\n"
    "            sizes.append(-1)\n"
    "except OSError: pass\n"
    "print(' '.join(map(str, sizes)), flush=True)\n";

/* One sendmsg of 5300 bytes with UDP_SEGMENT 1000: a single super-frame
 * the receiving side must see as six datagrams. */
static const char udp_client[] =
    "import socket, sys, time\n"
    "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
    "s.setsockopt(17, 103, 1000)\n"
    "time.sleep(0.5)\n"
    "d = b''.join(bytes((i + k) & 255 for i in range(1000 if k < 5 else 300))"
    " for k in range(6))\n"
    "s.sendto(d, (sys.argv[1], 5300))\n"
    "print('sent', flush=True)\n";

/* Runs one transfer: 'server' in ns2 and 'client' in ns1, forwarded. */
static void
transfer(struct dp_port *p1, struct dp_port *p2, int spy, const char *server,
         const char *client, const char *addr, char *server_out,
         char *client_out, struct fwd_counts *c)
{
    int out[2], status[2];
    pid_t pids[2];

    pids[0] = spawn_py(ns2, server, addr, &out[0]);
    pids[1] = spawn_py(ns1, client, addr, &out[1]);
    forward(p1, p2, spy, pids, status, 2, 60000, c);
    read_all(out[0], server_out, 256);
    read_all(out[1], client_out, 256);
    ck_assert_msg(status[0] == 0 && status[1] == 0,
                  "server %d (%s) client %d (%s)", status[0], server_out,
                  status[1], client_out);
}

START_TEST(test_afpacket_gso)
{
    char s1[IFNAMSIZ], s2[IFNAMSIZ], server_out[256], client_out[256];
    struct dp_port *p1, *p2;
    struct fwd_counts c;
    int spy, one = 1;

    /* h1 (ns1) -- v1 == s1 -- [two afpacket ports] -- s2 == v2 -- h2. */
    snprintf(s1, sizeof s1, "s1p%d", (int)getpid());
    snprintf(s2, sizeof s2, "s2p%d", (int)getpid());
    RUN_OK("ip link add %s type veth peer name v1 netns %s", s1, ns1);
    RUN_OK("ip link add %s type veth peer name v2 netns %s", s2, ns2);
    RUN_OK("ip link set %s up && ip link set %s up", s1, s2);
    RUN_OK("ip netns exec %s sh -c 'ip link set lo up && ip link set v1 up "
           "&& ip addr add 10.9.0.1/24 dev v1 "
           "&& ip addr add fd09::1/64 dev v1 nodad'",
           ns1);
    RUN_OK("ip netns exec %s sh -c 'ip link set lo up && ip link set v2 up "
           "&& ip addr add 10.9.0.2/24 dev v2 "
           "&& ip addr add fd09::2/64 dev v2 nodad'",
           ns2);
    /* The kernel's defaults are what is tested: TSO and checksum offload
     * on the hosts' interfaces. */
    RUN_OK("ip netns exec %s ethtool -k v1 | grep -q "
           "'^tcp-segmentation-offload: on'",
           ns1);

    p1 = open_port("afpacket", s1);
    p2 = open_port("afpacket", s2);

    /* A plain packet socket on s1 (no virtio_net_hdr) sees the frames as
     * the peer sent them, super-frames included. */
    spy = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
    ck_assert_int_ge(spy, 0);
    setsockopt(spy, SOL_PACKET, 23 /* PACKET_IGNORE_OUTGOING */, &one,
               sizeof one);
    struct sockaddr_ll sll;
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)if_nametoindex(s1);
    ck_assert_int_eq(bind(spy, (struct sockaddr *)&sll, sizeof sll), 0);

    /* TCP over IPv4: 4 MiB arrive intact. */
    transfer(p1, p2, spy, tcp_server, tcp_client, "10.9.0.2", server_out,
             client_out, &c);
    ck_assert_str_eq(server_out, client_out);
    ck_assert_int_eq(strncmp(server_out, "4194304 ", 8), 0);
    ck_assert_msg(c.super_frames > 0, "the peer sent no GSO frames");
    ck_assert_msg(c.oversized == 0, "%lu frames over the MTU (max %zu)",
                  c.oversized, c.max_size);
    ck_assert_msg(c.bad_csum == 0, "%lu frames with bad checksums",
                  c.bad_csum);

    /* TCP over IPv6. */
    transfer(p1, p2, spy, tcp_server, tcp_client, "fd09::2", server_out,
             client_out, &c);
    ck_assert_str_eq(server_out, client_out);
    ck_assert_int_eq(strncmp(server_out, "4194304 ", 8), 0);
    ck_assert(c.super_frames > 0);
    ck_assert_uint_eq(c.oversized, 0);
    ck_assert_uint_eq(c.bad_csum, 0);

    /* UDP GSO: one super-frame, six datagrams of the right sizes and
     * contents. */
    transfer(p1, p2, spy, udp_server, udp_client, "10.9.0.2", server_out,
             client_out, &c);
    ck_assert_str_eq(server_out, "1000 1000 1000 1000 1000 300\n");
    ck_assert(c.super_frames > 0);
    ck_assert_uint_eq(c.oversized, 0);
    ck_assert_uint_eq(c.bad_csum, 0);

    struct dp_port_stats st;
    dp_port_get_stats(p1, &st);
    ck_assert_uint_eq(st.rx_errors, 0);
    close(spy);
    dp_port_close(p1);
    dp_port_close(p2);
    run("ip link del %s; ip link del %s", s1, s2);
}
END_TEST

static Suite *
net_suite(void)
{
    Suite *s = suite_create("dp-ports-net");
    TCase *tc;

    for (int v3 = 0; v3 < 2; v3++) {
        tc = tcase_create(v3 ? "afpacket-v3" : "afpacket-v2");
        tcase_add_checked_fixture(tc, v3 ? ring_v3_setup : ring_v2_setup,
                                  ring_teardown);
        tcase_add_checked_fixture(tc, veth_setup, veth_teardown);
        tcase_add_test(tc, test_afpacket_rx_exact);
        tcase_add_test(tc, test_afpacket_tx_exact);
        tcase_add_test(tc, test_afpacket_poll);
        tcase_add_test(tc, test_afpacket_link);
        tcase_add_test(tc, test_afpacket_deleted);
        tcase_add_test(tc, test_afpacket_partial_csum);
        suite_add_tcase(s, tc);
    }

    tc = tcase_create("monitor");
    tcase_add_checked_fixture(tc, veth_setup, veth_teardown);
    tcase_add_test(tc, test_link_monitor);
    suite_add_tcase(s, tc);

    tc = tcase_create("pcap");
    tcase_add_checked_fixture(tc, veth_setup, veth_teardown);
    tcase_add_test(tc, test_pcap_veth);
    tcase_add_test(tc, test_pcap_partial_csum);
    suite_add_tcase(s, tc);

    tc = tcase_create("tap");
    tcase_add_checked_fixture(tc, veth_setup, veth_teardown);
    tcase_add_checked_fixture(tc, netns_setup, netns_teardown);
    tcase_add_test(tc, test_tap_create_remove);
    tcase_add_test(tc, test_tap_attach);
    tcase_add_test(tc, test_tap_traffic);
    tcase_add_test(tc, test_tap_other_netns);
    tcase_add_test(tc, test_tap_deleted);
    suite_add_tcase(s, tc);

    for (int v3 = 0; v3 < 2; v3++) {
        tc = tcase_create(v3 ? "gso-v3" : "gso-v2");
        tcase_add_checked_fixture(tc, v3 ? ring_v3_setup : ring_v2_setup,
                                  ring_teardown);
        tcase_add_checked_fixture(tc, netns_setup, netns_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_afpacket_gso);
        suite_add_tcase(s, tc);
    }
    return s;
}

/* Writes 'value' to the sysctl file 'path' (in our namespace). */
static void
sysctl_write(const char *path, const char *value)
{
    int fd = open(path, O_WRONLY);
    if (fd >= 0) {
        if (write(fd, value, strlen(value)) < 0) {
            /* Best effort: IPv6 may be absent. */
        }
        close(fd);
    }
}

int
main(void)
{
    char prefix[64];
    SRunner *sr;
    int failed;

    if (geteuid() != 0) {
        printf("test-dp-ports-net: SKIP (needs root for network namespaces, "
               "veth and tap devices)\n");
        return 77;
    }
    if (unshare(CLONE_NEWNET) < 0) {
        printf("test-dp-ports-net: SKIP (cannot create a network namespace: "
               "%s)\n",
               strerror(errno));
        return 77;
    }
    /* No IPv6 chatter (router solicitations, MLD) on the interfaces of the
     * exact-bytes tests; the named host namespaces keep IPv6. */
    sysctl_write("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
    sysctl_write("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
    run("ip link set lo up");

    snprintf(prefix, sizeof prefix, "ofs-t-%d", (int)getpid());
    setenv("OFS_TEST_NETNS_PREFIX", prefix, 1);

    sr = srunner_create(net_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    /* Namespaces a crashed test left behind. */
    run("for n in $(ip netns list | awk '{print $1}' | grep '^%s-'); do "
        "ip netns del $n; done",
        prefix);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
