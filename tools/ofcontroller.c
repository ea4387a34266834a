/* tools/ofcontroller.c -- ofcontroller, the reference OpenFlow 1.3
 * controller of ofswitch: an L2 learning switch for any number of
 * switches, in the spirit of ovs-testcontroller and Ryu's
 * simple_switch_13, for demos, tests and load generation.
 *
 * Switches connect to the listeners given with --listen (TCP, TLS or unix
 * sockets; tools/ofconn-lib.c does the transport, HELLO and echo).  When a
 * switch connects, the controller asks for its features (to learn and log
 * its datapath id), deletes the flows an earlier run of it left behind
 * (they carry its cookie) and installs a table-miss flow that sends every
 * unmatched frame to the controller in full.  Each packet-in teaches it
 * where the source MAC lives (per switch and VLAN); a frame to a known
 * destination gets a flow for its (in_port, VLAN, eth_src, eth_dst) with
 * an idle timeout and is sent on, any other frame is flooded.  With --hub
 * nothing is learned and every frame is flooded.
 *
 * All state hangs off one 'struct ctl' created in main() and handed to
 * every callback; there are no mutable globals.  Runs on one libevent
 * loop; SIGTERM and SIGINT stop it cleanly, SIGHUP reopens the log file.
 *
 * Exit status: 0 after a signal, 1 when a listener cannot be opened, 2 for
 * a bad command line. */
#include <config.h>

#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofp13/errors.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "tools/ofconn-lib.h"
#include "util/hmap.h"
#include "util/list.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MOD "ofcontroller"

/* Every flow this controller installs carries this cookie, so that a new
 * connection can remove what an earlier one left without touching flows
 * that others installed. */
#define CTL_COOKIE UINT64_C(0x0fc0000000000001)
/* Learned flows sit above the table-miss flow (priority 0). */
#define CTL_FLOW_PRIORITY 1
/* A learned MAC not seen for this long is forgotten. */
#define CTL_MAC_AGE_MS (300 * 1000)

#define ETH_TYPE_VLAN 0x8100
#define ETH_TYPE_QINQ 0x88a8

struct ctl_options {
    bool hub;
    uint16_t idle_timeout; /* Seconds; 0 = learned flows never idle out. */
    size_t max_macs;       /* Per switch. */
    unsigned int probe_ms; /* Inactivity probe; 0 = off. */
};

/* The controller. */
struct ctl {
    struct event_base *base;
    struct tc_ctx *tc;
    struct ctl_options opts;
    struct list switches; /* 'struct ctl_switch'es. */
};

/* One connected switch. */
struct ctl_switch {
    struct list node; /* In ctl's 'switches'. */
    struct ctl *ctl;
    struct tc_conn *conn;
    bool have_features;
    uint64_t dpid;
    uint32_t features_xid;
    struct hmap macs; /* 'struct ctl_mac'es by (vlan, mac). */
    struct list lru;  /* Same entries, most recently learned first. */
    uint64_t n_packet_in, n_flow_mod, n_packet_out;
};

/* A learned MAC address. */
struct ctl_mac {
    struct hmap_node hmap_node; /* In ctl_switch's 'macs'. */
    struct list lru_node;       /* In ctl_switch's 'lru'. */
    uint8_t mac[6];
    uint16_t vlan; /* VID, or 0xffff when untagged. */
    uint32_t port;
    uint64_t learned_ms;
};

static struct log_ratelimit ctl_rl = LOG_RATELIMIT_INIT(60, 20);

static uint64_t
now_ms(void)
{
    return tc_now_ns() / 1000000u;
}

/* --- MAC learning. ------------------------------------------------------- */

static uint32_t
mac_hash(const uint8_t mac[6], uint16_t vlan)
{
    return hash_bytes(mac, 6, vlan);
}

static struct ctl_mac *
mac_lookup(const struct ctl_switch *sw, const uint8_t mac[6], uint16_t vlan)
{
    struct ctl_mac *m;

    HMAP_FOR_EACH_WITH_HASH(m, hmap_node, mac_hash(mac, vlan), &sw->macs)
    {
        if (m->vlan == vlan && !memcmp(m->mac, mac, 6)) {
            return m;
        }
    }
    return NULL;
}

static void
mac_remove(struct ctl_switch *sw, struct ctl_mac *m)
{
    hmap_remove(&sw->macs, &m->hmap_node);
    list_remove(&m->lru_node);
    free(m);
}

/* Records that 'mac' on 'vlan' was seen on 'port'.  When the table is full
 * the entry learned longest ago makes room. */
static void
mac_learn(struct ctl_switch *sw, const uint8_t mac[6], uint16_t vlan,
          uint32_t port)
{
    struct ctl_mac *m = mac_lookup(sw, mac, vlan);

    if (!m) {
        if (hmap_count(&sw->macs) >= sw->ctl->opts.max_macs) {
            struct ctl_mac *oldest =
                CONTAINER_OF(sw->lru.prev, struct ctl_mac, lru_node);
            mac_remove(sw, oldest);
        }
        m = xzalloc(sizeof *m);
        memcpy(m->mac, mac, 6);
        m->vlan = vlan;
        hmap_insert(&sw->macs, &m->hmap_node, mac_hash(mac, vlan));
    } else {
        list_remove(&m->lru_node);
        if (m->port != port) {
            LOG_DBG(MOD,
                    "%016" PRIx64 ": %02x:%02x:%02x:%02x:%02x:%02x moved "
                    "from port %" PRIu32 " to %" PRIu32,
                    sw->dpid, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
                    m->port, port);
        }
    }
    m->port = port;
    m->learned_ms = now_ms();
    list_push_front(&sw->lru, &m->lru_node);
}

/* The port where 'mac' on 'vlan' was last seen, or 0 if unknown or aged
 * out. */
static uint32_t
mac_port(struct ctl_switch *sw, const uint8_t mac[6], uint16_t vlan)
{
    struct ctl_mac *m = mac_lookup(sw, mac, vlan);

    if (!m) {
        return 0;
    }
    if (now_ms() - m->learned_ms > CTL_MAC_AGE_MS) {
        mac_remove(sw, m);
        return 0;
    }
    return m->port;
}

/* Forgets every MAC learned on 'port' (the port went away or down). */
static void
mac_flush_port(struct ctl_switch *sw, uint32_t port)
{
    struct ctl_mac *m;

    HMAP_FOR_EACH(m, hmap_node, &sw->macs)
    {
        if (m->port == port) {
            mac_remove(sw, m);
        }
    }
}

/* --- Messages to the switch. --------------------------------------------- */

static void
ctl_send(struct ctl_switch *sw, struct ofp_msg *msg)
{
    int err = tc_conn_send_msg(sw->conn, msg);
    if (err) {
        LOG_RL(&ctl_rl, LOG_LVL_WARN, MOD, "%s: cannot encode %s: %s",
               tc_conn_name(sw->conn), ofp_type_name(msg->type),
               strerror(err));
    }
}

static void
flow_mod_init(struct ofp_msg *msg, uint32_t xid, uint8_t command)
{
    ofp_msg_init(msg, OFP13_VERSION, OFPT_FLOW_MOD, xid);
    struct ofp_flow_mod *fm = &msg->u.flow_mod;
    fm->command = command;
    fm->cookie = CTL_COOKIE;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
}

static void
push_output(struct ofp_actions *actions, uint32_t port, uint16_t max_len)
{
    struct ofp_action a;

    memset(&a, 0, sizeof a);
    a.type = OFPAT_OUTPUT;
    a.u.output.port = port;
    a.u.output.max_len = max_len;
    ofp_actions_push(actions, &a);
}

/* On connect: features request, removal of our old flows and the
 * table-miss flow (OF1.3.5 §5.4: without one, a 1.3 switch drops misses).
 * The switch handles them in order, so the delete cannot remove the new
 * table-miss flow. */
static void
switch_setup(struct ctl_switch *sw)
{
    struct ofp_msg msg;

    sw->features_xid = tc_conn_next_xid(sw->conn);
    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FEATURES_REQUEST, sw->features_xid);
    ctl_send(sw, &msg);
    ofp_msg_uninit(&msg);

    flow_mod_init(&msg, tc_conn_next_xid(sw->conn), OFPFC_DELETE);
    msg.u.flow_mod.table_id = OFPTT_ALL;
    msg.u.flow_mod.cookie_mask = UINT64_MAX;
    ctl_send(sw, &msg);
    ofp_msg_uninit(&msg);

    flow_mod_init(&msg, tc_conn_next_xid(sw->conn), OFPFC_ADD);
    struct ofp_flow_mod *fm = &msg.u.flow_mod;
    fm->priority = 0;
    fm->instructions.present |= OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    push_output(&fm->instructions.apply, OFPP_CONTROLLER, OFPCML_NO_BUFFER);
    ctl_send(sw, &msg);
    ofp_msg_uninit(&msg);
}

/* Sends the frame of packet-in 'pin' (by buffer id if the switch buffered
 * it) out of 'port'. */
static void
send_packet_out(struct ctl_switch *sw, const struct ofp_packet_in *pin,
                uint32_t in_port, uint32_t port)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PACKET_OUT,
                 tc_conn_next_xid(sw->conn));
    struct ofp_packet_out *po = &msg.u.packet_out;
    po->buffer_id = pin->buffer_id;
    po->in_port = in_port;
    push_output(&po->actions, port, 0);
    if (pin->buffer_id == OFP_NO_BUFFER) {
        ofp_bytes_set(&po->data, pin->data.data, pin->data.len);
    }
    ctl_send(sw, &msg);
    ofp_msg_uninit(&msg);
    sw->n_packet_out++;
}

/* Installs the flow for frames like 'pin' from 'in_port' to 'out_port'.
 * If the switch buffered the frame, the flow_mod names the buffer and the
 * switch sends the frame through the new flow (OF1.3.5 §7.3.4.1);
 * otherwise a packet-out follows. */
static void
install_flow(struct ctl_switch *sw, const struct ofp_packet_in *pin,
             uint32_t in_port, uint16_t vlan, const uint8_t *dst,
             const uint8_t *src, uint32_t out_port)
{
    struct ofp_msg msg;

    flow_mod_init(&msg, tc_conn_next_xid(sw->conn), OFPFC_ADD);
    struct ofp_flow_mod *fm = &msg.u.flow_mod;
    fm->priority = CTL_FLOW_PRIORITY;
    fm->idle_timeout = sw->ctl->opts.idle_timeout;
    fm->buffer_id = pin->buffer_id;
    ofp_match_set_u32(&fm->match, OXM_IN_PORT, in_port);
    ofp_match_set(&fm->match, OXM_ETH_DST, dst, NULL);
    ofp_match_set(&fm->match, OXM_ETH_SRC, src, NULL);
    /* OFPVID_NONE matches untagged frames only, so that a tagged frame
     * between the same MACs is not caught by an untagged flow. */
    ofp_match_set_u16(&fm->match, OXM_VLAN_VID,
                      vlan == 0xffff ? OFPVID_NONE
                                     : (uint16_t)(OFPVID_PRESENT | vlan));
    fm->instructions.present |= OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    push_output(&fm->instructions.apply, out_port, 0);
    ctl_send(sw, &msg);
    ofp_msg_uninit(&msg);
    sw->n_flow_mod++;

    if (pin->buffer_id == OFP_NO_BUFFER) {
        send_packet_out(sw, pin, in_port, out_port);
    }
}

/* --- Messages from the switch. ------------------------------------------- */

static void
handle_packet_in(struct ctl_switch *sw, const struct ofp_packet_in *pin)
{
    const uint8_t *frame = pin->data.data;
    size_t len = pin->data.len;

    sw->n_packet_in++;
    if (!ofp_match_has(&pin->match, OXM_IN_PORT)) {
        LOG_RL(&ctl_rl, LOG_LVL_WARN, MOD,
               "%016" PRIx64 ": packet-in without in_port", sw->dpid);
        return;
    }
    uint32_t in_port = (uint32_t)ofp_match_get_uint(&pin->match, OXM_IN_PORT);
    if (sw->ctl->opts.hub) {
        send_packet_out(sw, pin, in_port, OFPP_FLOOD);
        return;
    }
    if (len < 14) {
        LOG_RL(&ctl_rl, LOG_LVL_WARN, MOD,
               "%016" PRIx64 ": packet-in with a %zu-byte frame", sw->dpid,
               len);
        return;
    }

    const uint8_t *dst = frame, *src = frame + 6;
    uint16_t vlan = 0xffff;
    uint16_t type = get_be16(frame + 12);
    if ((type == ETH_TYPE_VLAN || type == ETH_TYPE_QINQ) && len >= 18) {
        vlan = get_be16(frame + 14) & 0x0fff;
    }

    /* A multicast source is not an address anyone can be reached at. */
    if (!(src[0] & 1)) {
        mac_learn(sw, src, vlan, in_port);
    }
    uint32_t out_port = dst[0] & 1 ? 0 : mac_port(sw, dst, vlan);
    if (!out_port) {
        send_packet_out(sw, pin, in_port, OFPP_FLOOD);
    } else if (out_port != in_port) {
        install_flow(sw, pin, in_port, vlan, dst, src, out_port);
    }
    /* Otherwise the destination is where the frame came from: drop it. */
}

static void
handle_features(struct ctl_switch *sw, const struct ofp_msg *msg)
{
    const struct ofp_features_reply *f = &msg->u.features;

    if (sw->have_features) {
        return;
    }
    sw->have_features = true;
    sw->dpid = f->datapath_id;
    LOG_INFO(MOD,
             "switch %016" PRIx64 " joined (%s): %" PRIu32 " buffers, %u "
             "tables",
             sw->dpid, tc_conn_name(sw->conn), f->n_buffers, f->n_tables);
}

static void
handle_port_status(struct ctl_switch *sw, const struct ofp_port_status *ps)
{
    bool gone = ps->reason == OFPPR_DELETE ||
                (ps->desc.state & OFPPS_LINK_DOWN) ||
                (ps->desc.config & OFPPC_PORT_DOWN);
    if (gone) {
        mac_flush_port(sw, ps->desc.port_no);
    }
}

static void
handle_error(struct ctl_switch *sw, const struct ofp_error_msg *e)
{
    const char *name = e->error ? ofperr_get_name(e->error) : NULL;
    LOG_RL(&ctl_rl, LOG_LVL_WARN, MOD,
           "%016" PRIx64 " (%s): error from switch: %s (type %u, code %u)",
           sw->dpid, tc_conn_name(sw->conn), name ? name : "unknown", e->type,
           e->code);
}

static void
received_cb(struct tc_conn *conn, const uint8_t *data, size_t size, void *ctl_)
{
    struct ctl_switch *sw = tc_conn_get_user(conn);
    struct ofp_msg msg;

    if (!sw) {
        return;
    }
    enum ofperr error = ofp_msg_decode(data, size, &msg);
    if (error) {
        LOG_RL(&ctl_rl, LOG_LVL_WARN, MOD, "%s: cannot decode %s: %s",
               tc_conn_name(conn),
               ofp_type_name(msg.type) ? ofp_type_name(msg.type) : "message",
               ofperr_get_name(error));
        ofp_msg_uninit(&msg);
        return;
    }
    switch (msg.type) {
    case OFPT_PACKET_IN:
        handle_packet_in(sw, &msg.u.packet_in);
        break;
    case OFPT_FEATURES_REPLY:
        handle_features(sw, &msg);
        break;
    case OFPT_PORT_STATUS:
        handle_port_status(sw, &msg.u.port_status);
        break;
    case OFPT_ERROR:
        handle_error(sw, &msg.u.error);
        break;
    default:
        break;
    }
    ofp_msg_uninit(&msg);
}

/* --- Switch life cycle. -------------------------------------------------- */

static void
connected_cb(struct tc_conn *conn, void *ctl_)
{
    struct ctl *ctl = ctl_;
    struct ctl_switch *sw = xzalloc(sizeof *sw);

    sw->ctl = ctl;
    sw->conn = conn;
    hmap_init(&sw->macs);
    /* Give the map its own buckets before the first insert: util/hmap.c
     * (as of this writing) inserts the first node of a map into a bucket
     * array shared by every empty map, which links unrelated maps
     * together.  A map that starts with buckets of its own never touches
     * the shared one. */
    hmap_reserve(&sw->macs, 64);
    list_init(&sw->lru);
    list_push_back(&ctl->switches, &sw->node);
    tc_conn_set_user(conn, sw);
    LOG_DBG(MOD, "%s: connected", tc_conn_name(conn));
    switch_setup(sw);
}

static void
switch_destroy(struct ctl_switch *sw)
{
    struct ctl_mac *m;

    HMAP_FOR_EACH(m, hmap_node, &sw->macs)
    {
        mac_remove(sw, m);
    }
    hmap_uninit(&sw->macs);
    list_remove(&sw->node);
    free(sw);
}

static void
closed_cb(struct tc_conn *conn, const char *why, void *ctl_)
{
    struct ctl_switch *sw = tc_conn_get_user(conn);

    if (!sw) {
        LOG_RL(&ctl_rl, LOG_LVL_WARN, MOD, "%s: closed before negotiation: %s",
               tc_conn_name(conn), why);
        return;
    }
    if (sw->have_features) {
        LOG_INFO(MOD,
                 "switch %016" PRIx64 " left (%s): %s; %" PRIu64
                 " packet-ins, %" PRIu64 " flows, %" PRIu64 " packet-outs",
                 sw->dpid, tc_conn_name(conn), why, sw->n_packet_in,
                 sw->n_flow_mod, sw->n_packet_out);
    } else {
        LOG_INFO(MOD, "%s: closed before features reply: %s",
                 tc_conn_name(conn), why);
    }
    switch_destroy(sw);
}

/* --- Signals. ------------------------------------------------------------ */

static void
stop_cb(evutil_socket_t sig, short what, void *ctl_)
{
    struct ctl *ctl = ctl_;

    LOG_INFO(MOD, "%s: exiting", strsignal(sig));
    event_base_loopbreak(ctl->base);
}

static void
hup_cb(evutil_socket_t sig, short what, void *ctl_)
{
    int err = log_reopen();
    if (err) {
        LOG_ERR(MOD, "cannot reopen the log file: %s", strerror(err));
    }
}

/* --- Command line. ------------------------------------------------------- */

static void
usage(FILE *stream)
{
    fprintf(stream,
            "usage: ofcontroller [OPTIONS]\n"
            "An OpenFlow 1.3 L2 learning controller for any number of "
            "switches.\n\n"
            "  -l, --listen TARGET      ptcp:[PORT][:IP], pssl:[PORT][:IP] "
            "or\n"
            "                           punix:PATH (repeatable; default "
            "ptcp:6653,\n"
            "                           which binds 127.0.0.1)\n"
            "      --private-key FILE   TLS private key (for pssl:)\n"
            "      --certificate FILE   TLS certificate (for pssl:)\n"
            "      --ca-cert FILE       CA certificate that switches' "
            "certificates\n"
            "                           must be signed by (for pssl:)\n"
            "      --hub                flood every frame, learn nothing\n"
            "      --idle-timeout SECS  idle timeout of learned flows "
            "(default 60)\n"
            "      --max-macs N         MAC addresses learned per switch "
            "(default\n"
            "                           65536)\n"
            "      --probe-interval SECS  echo an idle switch after SECS, "
            "drop it after\n"
            "                           as long again (default 5, 0 = off)\n"
            "      --pidfile FILE       write the process id to FILE\n"
            "  -v, --verbose LEVEL      log level: off, err, warn, info, "
            "dbg\n"
            "      --log-file FILE      log to FILE instead of stderr\n"
            "  -h, --help               print this help\n"
            "  -V, --version            print the version\n");
}

enum {
    OPT_PRIVATE_KEY = 256,
    OPT_CERTIFICATE,
    OPT_CA_CERT,
    OPT_HUB,
    OPT_IDLE_TIMEOUT,
    OPT_MAX_MACS,
    OPT_PROBE,
    OPT_PIDFILE,
    OPT_LOG_FILE,
};

static bool
parse_uint(const char *s, unsigned long max, unsigned long *v)
{
    char *end;

    if (!*s || *s == '-') {
        return false;
    }
    errno = 0;
    *v = strtoul(s, &end, 10);
    return !errno && !*end && *v <= max;
}

static int
write_pidfile(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        return errno;
    }
    fprintf(f, "%ld\n", (long)getpid());
    if (fclose(f)) {
        return errno;
    }
    return 0;
}

int
main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "listen", required_argument, NULL, 'l' },
        { "private-key", required_argument, NULL, OPT_PRIVATE_KEY },
        { "certificate", required_argument, NULL, OPT_CERTIFICATE },
        { "ca-cert", required_argument, NULL, OPT_CA_CERT },
        { "hub", no_argument, NULL, OPT_HUB },
        { "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
        { "max-macs", required_argument, NULL, OPT_MAX_MACS },
        { "probe-interval", required_argument, NULL, OPT_PROBE },
        { "pidfile", required_argument, NULL, OPT_PIDFILE },
        { "verbose", required_argument, NULL, 'v' },
        { "log-file", required_argument, NULL, OPT_LOG_FILE },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    struct ctl_options opts = { false, 60, 65536, 5000 };
    struct tc_options tco;
    const char **listens = NULL;
    size_t n_listens = 0;
    const char *pidfile = NULL, *log_file = NULL;
    unsigned long v;
    int status = 1;
    int c;

    memset(&tco, 0, sizeof tco);
    while ((c = getopt_long(argc, argv, "l:v:hV", long_options, NULL)) != -1) {
        switch (c) {
        case 'l':
            listens = xreallocarray(listens, n_listens + 1, sizeof *listens);
            listens[n_listens++] = optarg;
            break;
        case OPT_PRIVATE_KEY:
            tco.private_key = optarg;
            break;
        case OPT_CERTIFICATE:
            tco.certificate = optarg;
            break;
        case OPT_CA_CERT:
            tco.ca_cert = optarg;
            break;
        case OPT_HUB:
            opts.hub = true;
            break;
        case OPT_IDLE_TIMEOUT:
            if (!parse_uint(optarg, UINT16_MAX, &v)) {
                fprintf(stderr,
                        "ofcontroller: --idle-timeout: `%s' is not "
                        "a number of seconds from 0 to 65535\n",
                        optarg);
                goto usage_error;
            }
            opts.idle_timeout = (uint16_t)v;
            break;
        case OPT_MAX_MACS:
            if (!parse_uint(optarg, 1u << 24, &v) || !v) {
                fprintf(stderr,
                        "ofcontroller: --max-macs: `%s' is not a "
                        "number from 1 to 16777216\n",
                        optarg);
                goto usage_error;
            }
            opts.max_macs = v;
            break;
        case OPT_PROBE:
            if (!parse_uint(optarg, 3600, &v)) {
                fprintf(stderr,
                        "ofcontroller: --probe-interval: `%s' is "
                        "not a number of seconds from 0 to 3600\n",
                        optarg);
                goto usage_error;
            }
            opts.probe_ms = (unsigned int)v * 1000;
            break;
        case OPT_PIDFILE:
            pidfile = optarg;
            break;
        case 'v': {
            enum log_level lvl;
            if (!log_level_parse(optarg, &lvl)) {
                fprintf(stderr, "ofcontroller: -v: unknown log level `%s'\n",
                        optarg);
                goto usage_error;
            }
            log_set_level(lvl);
            break;
        }
        case OPT_LOG_FILE:
            log_file = optarg;
            break;
        case 'h':
            usage(stdout);
            free(listens);
            return 0;
        case 'V':
            printf("ofcontroller (ofswitch) %s\n", PACKAGE_VERSION);
            free(listens);
            return 0;
        default:
            goto usage_error;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "ofcontroller: unexpected argument `%s'\n",
                argv[optind]);
        goto usage_error;
    }

    /* Check every target before anything starts. */
    static const char *const default_listen[] = { "ptcp:6653" };
    const char *const *targets = n_listens ? listens : default_listen;
    size_t n_targets = n_listens ? n_listens : 1;
    struct tc_target *parsed = xcalloc(n_targets, sizeof *parsed);
    for (size_t i = 0; i < n_targets; i++) {
        char *err = tc_target_parse(targets[i], &parsed[i]);
        if (!err && !parsed[i].passive) {
            err = xasprintf("%s: --listen needs a passive target (ptcp:, "
                            "pssl:, punix:)",
                            targets[i]);
        }
        if (err) {
            fprintf(stderr, "ofcontroller: %s\n", err);
            free(err);
            free(parsed);
            goto usage_error;
        }
    }

    if (log_file) {
        int err = log_open_file(log_file);
        if (err) {
            fprintf(stderr, "ofcontroller: %s: %s\n", log_file, strerror(err));
            free(parsed);
            free(listens);
            return 1;
        }
    }
    signal(SIGPIPE, SIG_IGN);

    struct ctl ctl;
    memset(&ctl, 0, sizeof ctl);
    ctl.opts = opts;
    list_init(&ctl.switches);
    ctl.base = event_base_new();
    if (!ctl.base) {
        LOG_ERR(MOD, "cannot create an event loop");
        free(parsed);
        free(listens);
        return 1;
    }
    const struct tc_callbacks cbs = {
        .connected = connected_cb,
        .received = received_cb,
        .closed = closed_cb,
    };
    tco.probe_ms = opts.probe_ms;
    ctl.tc = tc_ctx_create(ctl.base, &tco, &cbs, &ctl);

    struct event *sigs[3] = { NULL, NULL, NULL };
    for (size_t i = 0; i < n_targets; i++) {
        char *err;
        if (tc_ctx_listen(ctl.tc, &parsed[i], &err)) {
            LOG_ERR(MOD, "%s", err);
            free(err);
            goto out;
        }
        char name[320];
        tc_target_format(&parsed[i], name, sizeof name);
        LOG_INFO(MOD, "listening on %s%s", name,
                 opts.hub ? " (hub mode)" : "");
    }
    if (pidfile) {
        int err = write_pidfile(pidfile);
        if (err) {
            LOG_ERR(MOD, "%s: %s", pidfile, strerror(err));
            pidfile = NULL;
            goto out;
        }
    }
    sigs[0] = evsignal_new(ctl.base, SIGTERM, stop_cb, &ctl);
    sigs[1] = evsignal_new(ctl.base, SIGINT, stop_cb, &ctl);
    sigs[2] = evsignal_new(ctl.base, SIGHUP, hup_cb, &ctl);
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
        event_add(sigs[i], NULL);
    }

    event_base_dispatch(ctl.base);
    status = 0;

out:
    /* Destroying the connections logs every switch's departure. */
    tc_ctx_destroy(ctl.tc);
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
        if (sigs[i]) {
            event_free(sigs[i]);
        }
    }
    event_base_free(ctl.base);
    if (pidfile) {
        unlink(pidfile);
    }
    free(parsed);
    free(listens);
    return status;

usage_error:
    free(listens);
    fprintf(stderr, "Try `ofcontroller --help' for more information.\n");
    return 2;
}
