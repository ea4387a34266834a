/* tests/unit/test-print.c -- the ofp-print formatter (ofp13/print.c).
 * Each test builds a message in the model, encodes it, runs the bytes
 * through ofp_print_stream() and compares the text with what ovs-ofctl
 * 3.1 prints for the same bytes (recorded from "ovs-ofctl ofp-print"),
 * except where this formatter deliberately differs: packet data is shown
 * as a hex dump, table features as one line per property.  Further tests
 * cover the decode-error path of a byte stream and the hex dump. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "ofp13/print.h"
#include "ofp13/text.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Encodes 'msg', prints the bytes and checks the text against 'expected'
 * exactly; also checks that ofp_msg_format() of the model gives the same
 * text.  Uninitialises 'msg'. */
static void
check_print(struct ofp_msg *msg, const char *expected)
{
    struct buf wire = BUF_INITIALIZER;
    struct buf text = BUF_INITIALIZER;
    struct buf direct = BUF_INITIALIZER;

    ck_assert_int_eq(ofp_msg_encode(msg, &wire), 0);
    ck_assert_int_eq(ofp_print_stream(wire.data, wire.size, &text), 0);
    ck_assert_str_eq(ofp_text_cstr(&text), expected);

    ofp_msg_format(msg, &direct);
    ck_assert_str_eq(ofp_text_cstr(&direct), expected);

    buf_uninit(&direct);
    buf_uninit(&text);
    buf_uninit(&wire);
    ofp_msg_uninit(msg);
}

/* Prints raw bytes; returns the text (caller frees) and the error count in
 * '*n_errors'. */
static char *
print_bytes(const void *data, size_t size, int *n_errors)
{
    struct buf text = BUF_INITIALIZER;

    *n_errors = ofp_print_stream(data, size, &text);
    char *s = xstrdup(ofp_text_cstr(&text));
    buf_uninit(&text);
    return s;
}

static uint8_t *
hex_bytes(const char *hex, size_t *size)
{
    size_t n = 0;
    uint8_t *out = xmalloc(strlen(hex) / 2 + 1);

    for (const char *p = hex; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned int v;
        ck_assert(sscanf(p, "%2x", &v) == 1);
        out[n++] = (uint8_t)v;
        p += 2;
    }
    *size = n;
    return out;
}

/* A 42-byte ARP request, used as packet data. */
static const uint8_t arp_packet[42] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44,
    0x55, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x0a, 0x00, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02,
};

#define ARP_PACKET_DUMP                                          \
    "00000000  ff ff ff ff ff ff 00 11-22 33 44 55 08 06 00 01 " \
    "|........\"3DU....|\n"                                      \
    "00000010  08 00 06 04 00 01 00 11-22 33 44 55 0a 00 00 01 " \
    "|........\"3DU....|\n"                                      \
    "00000020  00 00 00 00 00 00 0a 00-00 02                   " \
    "|..........      |\n"

/* "ip,in_port=1,nw_src=10.0.0.0/8". */
static void
sample_match(struct ofp_match *m)
{
    ofp_match_set_u32(m, OXM_IN_PORT, 1);
    ofp_match_set_u16(m, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_masked_u32(m, OXM_IPV4_SRC, 0x0a000000, 0xff000000);
}

static void
push_output(struct ofp_actions *acts, uint32_t port)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_OUTPUT;
    a.u.output.port = port;
    a.u.output.max_len = port == OFPP_CONTROLLER ? OFPCML_NO_BUFFER : 0;
    ofp_actions_push(acts, &a);
}

/* apply_actions(output:2) */
static void
apply_output(struct ofp_instructions *ins, uint32_t port)
{
    ins->present |= OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    push_output(&ins->apply, port);
}

static void
sample_port(struct ofp_port *p, uint32_t port_no)
{
    memset(p, 0, sizeof *p);
    p->port_no = port_no;
    static const uint8_t mac[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01 };
    memcpy(p->hw_addr, mac, 6);
    strcpy(p->name, "eth1");
    p->state = OFPPS_LIVE;
    p->curr = OFPPF_1GB_FD | OFPPF_COPPER | OFPPF_AUTONEG;
    p->advertised = 0x282f;
    p->supported = 0x2fff;
    p->curr_speed = 10000000;
    p->max_speed = 10000000;
}

#define SAMPLE_PORT_TEXT                                                \
    " 1(eth1): addr:aa:bb:cc:dd:ee:01\n"                                \
    "     config:     0\n"                                              \
    "     state:      LIVE\n"                                           \
    "     current:    1GB-FD COPPER AUTO_NEG\n"                         \
    "     advertised: 10MB-HD 10MB-FD 100MB-HD 100MB-FD 1GB-FD COPPER " \
    "AUTO_NEG\n"                                                        \
    "     supported:  10MB-HD 10MB-FD 100MB-HD 100MB-FD 1GB-HD 1GB-FD " \
    "10GB-FD 40GB-FD 100GB-FD 1TB-FD OTHER COPPER AUTO_NEG\n"           \
    "     speed: 10000 Mbps now, 10000 Mbps max\n"

/* --- Symmetric and configuration messages. ------------------------------ */

START_TEST(test_hello)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_HELLO, 1);
    msg.u.hello.has_bitmap = true;
    msg.u.hello.bitmap = (1u << OFP10_VERSION) | (1u << OFP13_VERSION);
    check_print(&msg, "OFPT_HELLO (OF1.3) (xid=0x1):\n"
                      " version bitmap: 0x01, 0x04\n");

    /* Without a bitmap, every version up to the header's is offered. */
    ofp_msg_init(&msg, OFP13_VERSION, OFPT_HELLO, 0xa);
    check_print(&msg, "OFPT_HELLO (OF1.3) (xid=0xa):\n"
                      " version bitmap: 0x01, 0x02, 0x03, 0x04\n");
}
END_TEST

START_TEST(test_error_with_truncated_request)
{
    struct ofp_msg msg;
    uint8_t req[48] = { 0x04, 0x0e, 0x00, 0x50, 0x00, 0x00, 0x00, 0x0a };

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ERROR, 1);
    msg.u.error.type = OFPET_BAD_MATCH;
    msg.u.error.code = 9;
    msg.u.error.error = OFPERR_OFPBMC_BAD_PREREQ;
    ofp_bytes_set(&msg.u.error.data, req, sizeof req);
    check_print(&msg,
                "OFPT_ERROR (OF1.3) (xid=0x1): OFPBMC_BAD_PREREQ\n"
                "OFPT_FLOW_MOD (OF1.3) (xid=0xa):\n"
                "(***truncated to 48 bytes from 80***)\n"
                "00000000  04 0e 00 50 00 00 00 0a-00 00 00 00 00 00 00 00 "
                "|...P............|\n"
                "00000010  00 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00 "
                "|................|\n"
                "00000020  00 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00 "
                "|................|\n");
}
END_TEST

START_TEST(test_error_with_whole_request)
{
    struct ofp_msg msg;
    static const uint8_t req[8] = { 0x04, 0x14, 0x00, 0x08,
                                    0x00, 0x00, 0x00, 0x05 };

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ERROR, 5);
    msg.u.error.type = OFPET_BAD_REQUEST;
    msg.u.error.code = 10;
    msg.u.error.error = OFPERR_OFPBRC_IS_SLAVE;
    ofp_bytes_set(&msg.u.error.data, req, sizeof req);
    check_print(&msg, "OFPT_ERROR (OF1.3) (xid=0x5): OFPBRC_IS_SLAVE\n"
                      "OFPT_BARRIER_REQUEST (OF1.3) (xid=0x5):\n");
}
END_TEST

START_TEST(test_error_hello_failed_and_short_data)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ERROR, 1);
    msg.u.error.type = OFPET_HELLO_FAILED;
    msg.u.error.code = 0;
    msg.u.error.error = OFPERR_OFPHFC_INCOMPATIBLE;
    ofp_bytes_set(&msg.u.error.data, "version mismatch", 16);
    check_print(&msg, "OFPT_ERROR (OF1.3) (xid=0x1): OFPHFC_INCOMPATIBLE\n"
                      "version mismatch\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ERROR, 5);
    msg.u.error.type = OFPET_BAD_REQUEST;
    msg.u.error.code = 6;
    msg.u.error.error = OFPERR_OFPBRC_BAD_LEN;
    ofp_bytes_set(&msg.u.error.data, "ABCD", 4);
    check_print(&msg, "OFPT_ERROR (OF1.3) (xid=0x5): OFPBRC_BAD_LEN\n"
                      "OpenFlow packet too short (only 4 bytes):\n"
                      "00000000  41 42 43 44                             "
                      "        |ABCD            |\n");
}
END_TEST

START_TEST(test_error_unknown_code)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ERROR, 2);
    msg.u.error.type = OFPET_BAD_MATCH;
    msg.u.error.code = 99;
    check_print(&msg, "OFPT_ERROR (OF1.3) (xid=0x2): OFPET_BAD_MATCH "
                      "code=99\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ERROR, 3);
    msg.u.error.type = 77;
    msg.u.error.code = 1;
    check_print(&msg, "OFPT_ERROR (OF1.3) (xid=0x3): type=77 code=1\n");
}
END_TEST

START_TEST(test_echo)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ECHO_REQUEST, 1);
    ofp_bytes_set(&msg.u.echo, "hello", 5);
    check_print(&msg, "OFPT_ECHO_REQUEST (OF1.3) (xid=0x1): 5 bytes of "
                      "payload\n"
                      "00000000  68 65 6c 6c 6f                          "
                      "        |hello           |\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ECHO_REPLY, 2);
    ofp_bytes_set(&msg.u.echo, "hello world 1234567890", 22);
    check_print(&msg, "OFPT_ECHO_REPLY (OF1.3) (xid=0x2): 22 bytes of "
                      "payload\n"
                      "00000000  68 65 6c 6c 6f 20 77 6f-72 6c 64 20 31 32 "
                      "33 34 |hello world 1234|\n"
                      "00000010  35 36 37 38 39 30                       "
                      "        |567890          |\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ECHO_REQUEST, 3);
    check_print(&msg, "OFPT_ECHO_REQUEST (OF1.3) (xid=0x3): 0 bytes of "
                      "payload\n");
}
END_TEST

START_TEST(test_experimenter)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_EXPERIMENTER, 1);
    msg.u.experimenter.experimenter = 0x1234;
    msg.u.experimenter.exp_type = 5;
    ofp_bytes_set(&msg.u.experimenter.data, "\x01\x02\x03", 3);
    check_print(&msg, "OFPT_EXPERIMENTER (OF1.3) (xid=0x1): "
                      "experimenter=0x00001234 exp_type=5 (3 bytes of "
                      "data)\n"
                      "00000000  01 02 03                                "
                      "        |...             |\n");
}
END_TEST

START_TEST(test_empty_bodies)
{
    static const struct {
        uint8_t type;
        const char *text;
    } cases[] = {
        { OFPT_FEATURES_REQUEST,
          "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x7):\n" },
        { OFPT_GET_CONFIG_REQUEST,
          "OFPT_GET_CONFIG_REQUEST (OF1.3) (xid=0x7):\n" },
        { OFPT_BARRIER_REQUEST, "OFPT_BARRIER_REQUEST (OF1.3) (xid=0x7):\n" },
        { OFPT_BARRIER_REPLY, "OFPT_BARRIER_REPLY (OF1.3) (xid=0x7):\n" },
        { OFPT_GET_ASYNC_REQUEST,
          "OFPT_GET_ASYNC_REQUEST (OF1.3) (xid=0x7):\n" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_msg msg;
        ofp_msg_init(&msg, OFP13_VERSION, cases[i].type, 7);
        check_print(&msg, cases[i].text);
    }
}
END_TEST

START_TEST(test_features_reply)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FEATURES_REPLY, 1);
    msg.u.features.datapath_id = 1;
    msg.u.features.n_tables = 254;
    msg.u.features.capabilities = 0x14f;
    check_print(&msg, "OFPT_FEATURES_REPLY (OF1.3) (xid=0x1): "
                      "dpid:0000000000000001\n"
                      "n_tables:254, n_buffers:0\n"
                      "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                      "GROUP_STATS QUEUE_STATS PORT_BLOCKED\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FEATURES_REPLY, 1);
    msg.u.features.datapath_id = 0x123456789abcULL;
    msg.u.features.n_buffers = 256;
    msg.u.features.n_tables = 64;
    msg.u.features.auxiliary_id = 1;
    msg.u.features.capabilities = 0x80000027; /* Two unknown bits. */
    check_print(&msg, "OFPT_FEATURES_REPLY (OF1.3) (xid=0x1): "
                      "dpid:0000123456789abc\n"
                      "n_tables:64, n_buffers:256, auxiliary_id:1\n"
                      "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                      "IP_REASM 0x80000000\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FEATURES_REPLY, 1);
    check_print(&msg, "OFPT_FEATURES_REPLY (OF1.3) (xid=0x1): "
                      "dpid:0000000000000000\n"
                      "n_tables:0, n_buffers:0\n"
                      "capabilities: 0\n");
}
END_TEST

START_TEST(test_switch_config)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_GET_CONFIG_REPLY, 1);
    msg.u.config.miss_send_len = 128;
    check_print(&msg, "OFPT_GET_CONFIG_REPLY (OF1.3) (xid=0x1): "
                      "frags=normal miss_send_len=128\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_SET_CONFIG, 1);
    msg.u.config.flags = OFPC_FRAG_REASM;
    msg.u.config.miss_send_len = 0xffff;
    check_print(&msg, "OFPT_SET_CONFIG (OF1.3) (xid=0x1): "
                      "frags=reassemble miss_send_len=65535\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_SET_CONFIG, 1);
    msg.u.config.flags = OFPC_FRAG_DROP;
    msg.u.config.miss_send_len = 1500;
    check_print(&msg, "OFPT_SET_CONFIG (OF1.3) (xid=0x1): "
                      "frags=drop miss_send_len=1500\n");
}
END_TEST

/* --- Asynchronous messages. --------------------------------------------- */

START_TEST(test_packet_in)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PACKET_IN, 1);
    msg.u.packet_in.buffer_id = OFP_NO_BUFFER;
    msg.u.packet_in.total_len = sizeof arp_packet;
    msg.u.packet_in.reason = OFPR_NO_MATCH;
    ofp_match_set_u32(&msg.u.packet_in.match, OXM_IN_PORT, 1);
    ofp_bytes_set(&msg.u.packet_in.data, arp_packet, sizeof arp_packet);
    check_print(&msg, "OFPT_PACKET_IN (OF1.3) (xid=0x1): cookie=0x0 "
                      "total_len=42 in_port=1 (via no_match) data_len=42 "
                      "(unbuffered)\n" ARP_PACKET_DUMP);

    /* Buffered, from table 3, with pipeline fields; the all-ones cookie
     * of a packet-in that no flow sent is not printed. */
    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PACKET_IN, 2);
    msg.u.packet_in.buffer_id = 0x100;
    msg.u.packet_in.total_len = 100;
    msg.u.packet_in.reason = OFPR_ACTION;
    msg.u.packet_in.table_id = 3;
    msg.u.packet_in.cookie = UINT64_MAX;
    ofp_match_set_u32(&msg.u.packet_in.match, OXM_IN_PORT, 2);
    check_print(&msg, "OFPT_PACKET_IN (OF1.3) (xid=0x2): table_id=3 "
                      "total_len=100 in_port=2 (via action) data_len=0 "
                      "buffer=0x00000100\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PACKET_IN, 3);
    msg.u.packet_in.buffer_id = OFP_NO_BUFFER;
    msg.u.packet_in.total_len = 60;
    msg.u.packet_in.reason = OFPR_INVALID_TTL;
    msg.u.packet_in.cookie = 0xabc;
    ofp_match_set_u32(&msg.u.packet_in.match, OXM_IN_PORT, 1);
    ofp_bytes_set(&msg.u.packet_in.data, "\x01\x02", 2);
    check_print(&msg, "OFPT_PACKET_IN (OF1.3) (xid=0x3): cookie=0xabc "
                      "total_len=60 in_port=1 (via invalid_ttl) data_len=2 "
                      "(unbuffered) (***total_len != data_len***)\n"
                      "00000000  01 02                                   "
                      "        |..              |\n");
}
END_TEST

START_TEST(test_flow_removed)
{
    struct ofp_msg msg;
    struct ofp_flow_removed *fr;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FLOW_REMOVED, 1);
    fr = &msg.u.flow_removed;
    fr->cookie = 5;
    fr->priority = 10;
    fr->reason = OFPRR_IDLE_TIMEOUT;
    fr->duration_sec = 3;
    fr->duration_nsec = 500000000;
    fr->idle_timeout = 10;
    fr->packet_count = 7;
    fr->byte_count = 700;
    sample_match(&fr->match);
    check_print(&msg, "OFPT_FLOW_REMOVED (OF1.3) (xid=0x1): "
                      "priority=10,ip,in_port=1,nw_src=10.0.0.0/8 "
                      "reason=idle table_id=0 cookie:0x5 duration3.500s "
                      "idle10 pkts7 bytes700\n");

    /* Default priority and an empty match print nothing before the
     * reason, as in ovs-ofctl. */
    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FLOW_REMOVED, 1);
    fr = &msg.u.flow_removed;
    fr->priority = OFP_DEFAULT_PRIORITY;
    fr->reason = OFPRR_GROUP_DELETE;
    fr->table_id = 2;
    fr->hard_timeout = 30;
    check_print(&msg, "OFPT_FLOW_REMOVED (OF1.3) (xid=0x1):  "
                      "reason=group_delete table_id=2 duration0s idle0 "
                      "hard30 pkts0 bytes0\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FLOW_REMOVED, 1);
    fr = &msg.u.flow_removed;
    fr->priority = 1;
    fr->reason = OFPRR_DELETE;
    fr->duration_sec = 1;
    fr->duration_nsec = 1;
    ofp_match_set_u32(&fr->match, OXM_IN_PORT, 1);
    check_print(&msg, "OFPT_FLOW_REMOVED (OF1.3) (xid=0x1): "
                      "priority=1,in_port=1 reason=delete table_id=0 "
                      "duration1.000000001s idle0 pkts0 bytes0\n");
}
END_TEST

START_TEST(test_port_status)
{
    struct ofp_msg msg;
    struct ofp_port *p;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PORT_STATUS, 1);
    msg.u.port_status.reason = OFPPR_ADD;
    sample_port(&msg.u.port_status.desc, 1);
    check_print(&msg,
                "OFPT_PORT_STATUS (OF1.3) (xid=0x1): ADD:" SAMPLE_PORT_TEXT);

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PORT_STATUS, 1);
    msg.u.port_status.reason = OFPPR_MODIFY;
    p = &msg.u.port_status.desc;
    sample_port(p, OFPP_LOCAL);
    strcpy(p->name, "br0");
    p->hw_addr[5] = 0x02;
    p->config =
        OFPPC_PORT_DOWN | OFPPC_NO_RECV | OFPPC_NO_FWD | OFPPC_NO_PACKET_IN;
    p->state = OFPPS_LINK_DOWN | OFPPS_BLOCKED;
    p->curr = p->advertised = p->supported = 0;
    p->curr_speed = p->max_speed = 0;
    check_print(&msg,
                "OFPT_PORT_STATUS (OF1.3) (xid=0x1): MOD: LOCAL(br0): "
                "addr:aa:bb:cc:dd:ee:02\n"
                "     config:     PORT_DOWN NO_RECV NO_FWD NO_PACKET_IN\n"
                "     state:      LINK_DOWN BLOCKED\n"
                "     speed: 0 Mbps now, 0 Mbps max\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PORT_STATUS, 1);
    msg.u.port_status.reason = OFPPR_DELETE;
    p = &msg.u.port_status.desc;
    sample_port(p, 2);
    strcpy(p->name, "p2");
    p->hw_addr[5] = 0x03;
    p->state = 0;
    p->curr = OFPPF_FIBER | OFPPF_100MB_FD;
    p->advertised = p->supported = 0;
    p->peer = OFPPF_10GB_FD;
    p->curr_speed = 100000;
    p->max_speed = 1000000;
    check_print(&msg, "OFPT_PORT_STATUS (OF1.3) (xid=0x1): DEL: 2(p2): "
                      "addr:aa:bb:cc:dd:ee:03\n"
                      "     config:     0\n"
                      "     state:      0\n"
                      "     current:    100MB-FD FIBER\n"
                      "     peer:       10GB-FD\n"
                      "     speed: 100 Mbps now, 1000 Mbps max\n");
}
END_TEST

/* --- Controller commands. ----------------------------------------------- */

START_TEST(test_packet_out)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PACKET_OUT, 1);
    msg.u.packet_out.buffer_id = OFP_NO_BUFFER;
    msg.u.packet_out.in_port = OFPP_CONTROLLER;
    push_output(&msg.u.packet_out.actions, 1);
    ofp_bytes_set(&msg.u.packet_out.data, arp_packet, sizeof arp_packet);
    check_print(&msg, "OFPT_PACKET_OUT (OF1.3) (xid=0x1): in_port=CONTROLLER "
                      "actions=output:1 data_len=42\n" ARP_PACKET_DUMP);

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PACKET_OUT, 1);
    msg.u.packet_out.buffer_id = 0x20;
    msg.u.packet_out.in_port = 3;
    check_print(&msg, "OFPT_PACKET_OUT (OF1.3) (xid=0x1): in_port=3 "
                      "actions=drop buffer=0x00000020\n");
}
END_TEST

START_TEST(test_flow_mod)
{
    struct ofp_msg msg;
    struct ofp_flow_mod *fm;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FLOW_MOD, 1);
    fm = &msg.u.flow_mod;
    fm->command = OFPFC_ADD;
    fm->priority = 10;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    ofp_match_set_u32(&fm->match, OXM_IN_PORT, 1);
    apply_output(&fm->instructions, 2);
    check_print(&msg, "OFPT_FLOW_MOD (OF1.3) (xid=0x1): ADD priority=10,"
                      "in_port=1 actions=output:2\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FLOW_MOD, 1);
    fm = &msg.u.flow_mod;
    fm->command = OFPFC_DELETE;
    fm->cookie = 5;
    fm->cookie_mask = 0xff;
    fm->table_id = OFPTT_ALL;
    fm->priority = OFP_DEFAULT_PRIORITY;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = 3;
    fm->out_group = OFPG_ANY;
    sample_match(&fm->match);
    check_print(&msg, "OFPT_FLOW_MOD (OF1.3) (xid=0x1): DEL table:255 "
                      "ip,in_port=1,nw_src=10.0.0.0/8 cookie:0x5/0xff "
                      "out_port:3 actions=drop\n");
}
END_TEST

START_TEST(test_group_mod)
{
    struct ofp_msg msg;
    struct ofp_group_mod *gm;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_GROUP_MOD, 1);
    gm = &msg.u.group_mod;
    gm->command = OFPGC_ADD;
    gm->type = OFPGT_SELECT;
    gm->group_id = 1;
    gm->buckets.n = 2;
    gm->buckets.b = xcalloc(2, sizeof *gm->buckets.b);
    gm->buckets.b[0].weight = 10;
    gm->buckets.b[0].watch_port = 1;
    gm->buckets.b[0].watch_group = OFPG_ANY;
    push_output(&gm->buckets.b[0].actions, 1);
    gm->buckets.b[1].weight = 20;
    gm->buckets.b[1].watch_port = OFPP_ANY;
    gm->buckets.b[1].watch_group = OFPG_ANY;
    push_output(&gm->buckets.b[1].actions, 2);
    check_print(&msg, "OFPT_GROUP_MOD (OF1.3) (xid=0x1):\n"
                      " ADD group_id=1,type=select,bucket=weight:10,"
                      "watch_port:1,actions=output:1,bucket=weight:20,"
                      "actions=output:2\n");
}
END_TEST

START_TEST(test_port_mod)
{
    struct ofp_msg msg;
    static const uint8_t mac[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x03 };

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PORT_MOD, 1);
    msg.u.port_mod.port_no = 1;
    memcpy(msg.u.port_mod.hw_addr, mac, 6);
    msg.u.port_mod.config = OFPPC_PORT_DOWN;
    msg.u.port_mod.mask = OFPPC_PORT_DOWN;
    check_print(&msg, "OFPT_PORT_MOD (OF1.3) (xid=0x1): port: 1: "
                      "addr:aa:bb:cc:dd:ee:03\n"
                      "     config: PORT_DOWN\n"
                      "     mask:   PORT_DOWN\n"
                      "     advertise: UNCHANGED\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_PORT_MOD, 1);
    msg.u.port_mod.port_no = 3;
    memcpy(msg.u.port_mod.hw_addr, mac, 6);
    msg.u.port_mod.mask = OFPPC_NO_RECV | OFPPC_NO_FWD | OFPPC_NO_PACKET_IN;
    msg.u.port_mod.advertise = OFPPF_100MB_FD | OFPPF_1GB_FD;
    check_print(&msg, "OFPT_PORT_MOD (OF1.3) (xid=0x1): port: 3: "
                      "addr:aa:bb:cc:dd:ee:03\n"
                      "     config: 0\n"
                      "     mask:   NO_RECV NO_FWD NO_PACKET_IN\n"
                      "     advertise: 100MB-FD 1GB-FD\n");
}
END_TEST

START_TEST(test_table_mod)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_TABLE_MOD, 1);
    msg.u.table_mod.table_id = 1;
    check_print(&msg, "OFPT_TABLE_MOD (OF1.3) (xid=0x1): table_id=1\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_TABLE_MOD, 1);
    msg.u.table_mod.table_id = OFPTT_ALL;
    msg.u.table_mod.config = OFPTC_DEPRECATED_MASK;
    check_print(&msg, "OFPT_TABLE_MOD (OF1.3) (xid=0x1): table_id: "
                      "ALL_TABLES config=0x3\n");
}
END_TEST

START_TEST(test_meter_mod)
{
    struct ofp_msg msg;
    struct ofp_meter_mod *mm;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_METER_MOD, 1);
    mm = &msg.u.meter_mod;
    mm->command = OFPMC_ADD;
    mm->flags = OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS;
    mm->meter_id = 1;
    mm->bands.n = 2;
    mm->bands.b = xcalloc(2, sizeof *mm->bands.b);
    mm->bands.b[0].type = OFPMBT_DROP;
    mm->bands.b[0].rate = 1000;
    mm->bands.b[0].burst_size = 100;
    mm->bands.b[1].type = OFPMBT_DSCP_REMARK;
    mm->bands.b[1].rate = 2000;
    mm->bands.b[1].prec_level = 1;
    check_print(&msg, "OFPT_METER_MOD (OF1.3) (xid=0x1): ADD meter=1 kbps "
                      "burst stats bands=\n"
                      "type=drop rate=1000 burst_size=100\n"
                      "type=dscp_remark rate=2000 burst_size=0 "
                      "prec_level=1\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_METER_MOD, 1);
    mm = &msg.u.meter_mod;
    mm->command = OFPMC_DELETE;
    mm->meter_id = OFPM_ALL;
    check_print(&msg, "OFPT_METER_MOD (OF1.3) (xid=0x1): DEL meter=all "
                      "bands=\n");
}
END_TEST

/* --- Queues, roles, async. ---------------------------------------------- */

START_TEST(test_queue_get_config)
{
    struct ofp_msg msg;
    struct ofp_queue_get_config_reply *qr;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_QUEUE_GET_CONFIG_REQUEST, 1);
    msg.u.queue_get_config_port = 1;
    check_print(&msg, "OFPT_QUEUE_GET_CONFIG_REQUEST (OF1.3) (xid=0x1): "
                      "port=1\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_QUEUE_GET_CONFIG_REQUEST, 1);
    msg.u.queue_get_config_port = OFPP_ANY;
    check_print(&msg, "OFPT_QUEUE_GET_CONFIG_REQUEST (OF1.3) (xid=0x1): "
                      "port=ANY\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_QUEUE_GET_CONFIG_REPLY, 1);
    qr = &msg.u.queue_config;
    qr->port = 1;
    qr->n = 3;
    qr->queues = xcalloc(3, sizeof *qr->queues);
    qr->queues[0] = (struct ofp_packet_queue){ 1, 1, 100, 500, 0, NULL };
    qr->queues[1] =
        (struct ofp_packet_queue){ 2, 1,   OFPQ_RATE_NONE, OFPQ_RATE_NONE,
                                   0, NULL };
    qr->queues[2] =
        (struct ofp_packet_queue){ 3, 1, 1001, OFPQ_RATE_NONE, 0, NULL };
    check_print(&msg, "OFPT_QUEUE_GET_CONFIG_REPLY (OF1.3) (xid=0x1): "
                      "port=1\n"
                      "queue 1: min_rate:10.0% max_rate:50.0%\n"
                      "queue 2:\n"
                      "queue 3: min_rate:(disabled)\n");
}
END_TEST

START_TEST(test_role)
{
    struct ofp_msg msg;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ROLE_REQUEST, 1);
    msg.u.role.role = OFPCR_ROLE_MASTER;
    msg.u.role.generation_id = 5;
    check_print(&msg, "OFPT_ROLE_REQUEST (OF1.3) (xid=0x1): role=primary "
                      "generation_id=5\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ROLE_REQUEST, 1);
    msg.u.role.role = OFPCR_ROLE_NOCHANGE;
    msg.u.role.generation_id = UINT64_MAX;
    check_print(&msg, "OFPT_ROLE_REQUEST (OF1.3) (xid=0x1): "
                      "role=nochange\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_ROLE_REPLY, 1);
    msg.u.role.role = OFPCR_ROLE_SLAVE;
    msg.u.role.generation_id = 1;
    check_print(&msg, "OFPT_ROLE_REPLY (OF1.3) (xid=0x1): role=secondary "
                      "generation_id=1\n");
}
END_TEST

START_TEST(test_async)
{
    struct ofp_msg msg;
    struct ofp_async_config *a;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_GET_ASYNC_REPLY, 1);
    a = &msg.u.async;
    a->packet_in_mask[0] = 3;
    a->port_status_mask[0] = 7;
    a->port_status_mask[1] = 7;
    a->flow_removed_mask[0] = 15;
    check_print(&msg, "OFPT_GET_ASYNC_REPLY (OF1.3) (xid=0x1):\n"
                      " primary:\n"
                      "       PACKET_IN: no_match action\n"
                      "     PORT_STATUS: add delete modify\n"
                      "    FLOW_REMOVED: idle hard delete group_delete\n"
                      "\n"
                      " secondary:\n"
                      "       PACKET_IN: (off)\n"
                      "     PORT_STATUS: add delete modify\n"
                      "    FLOW_REMOVED: (off)\n");

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_SET_ASYNC, 1);
    a = &msg.u.async;
    a->packet_in_mask[0] = 7 | 0x100; /* One unknown reason. */
    a->port_status_mask[0] = 1;
    a->packet_in_mask[1] = 1;
    a->flow_removed_mask[1] = 8;
    check_print(&msg, "OFPT_SET_ASYNC (OF1.3) (xid=0x1):\n"
                      " primary:\n"
                      "       PACKET_IN: no_match action invalid_ttl "
                      "0x100\n"
                      "     PORT_STATUS: add\n"
                      "    FLOW_REMOVED: (off)\n"
                      "\n"
                      " secondary:\n"
                      "       PACKET_IN: no_match\n"
                      "     PORT_STATUS: (off)\n"
                      "    FLOW_REMOVED: group_delete\n");
}
END_TEST

/* --- Multipart requests. ------------------------------------------------ */

START_TEST(test_mp_requests_without_body)
{
    static const struct {
        uint16_t type;
        const char *text;
    } cases[] = {
        { OFPMP_DESC, "OFPST_DESC request (OF1.3) (xid=0x1):\n" },
        { OFPMP_TABLE, "OFPST_TABLE request (OF1.3) (xid=0x1):\n" },
        { OFPMP_GROUP_DESC,
          "OFPST_GROUP_DESC request (OF1.3) (xid=0x1): group_id=ALL\n" },
        { OFPMP_GROUP_FEATURES,
          "OFPST_GROUP_FEATURES request (OF1.3) (xid=0x1):\n" },
        { OFPMP_METER_FEATURES,
          "OFPST_METER_FEATURES request (OF1.3) (xid=0x1):\n" },
        { OFPMP_TABLE_FEATURES,
          "OFPST_TABLE_FEATURES request (OF1.3) (xid=0x1):\n" },
        { OFPMP_PORT_DESC,
          "OFPST_PORT_DESC request (OF1.3) (xid=0x1): port=ANY\n" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_msg msg;
        ofp_msg_init_mp_request(&msg, 1, cases[i].type);
        check_print(&msg, cases[i].text);
    }
}
END_TEST

START_TEST(test_mp_flow_requests)
{
    struct ofp_msg msg;
    struct ofp_flow_stats_request *r;

    ofp_msg_init_mp_request(&msg, 1, OFPMP_FLOW);
    r = &msg.u.mp_request.u.flow;
    r->table_id = OFPTT_ALL;
    r->out_port = OFPP_ANY;
    r->out_group = OFPG_ANY;
    check_print(&msg, "OFPST_FLOW request (OF1.3) (xid=0x1):\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_FLOW);
    r = &msg.u.mp_request.u.flow;
    r->table_id = 1;
    r->out_port = 2;
    r->out_group = 3;
    r->cookie = 5;
    r->cookie_mask = 0xff;
    sample_match(&r->match);
    check_print(&msg, "OFPST_FLOW request (OF1.3) (xid=0x1): table=1 "
                      "out_port=2 out_group=3 cookie=0x5/0xff "
                      "ip,in_port=1,nw_src=10.0.0.0/8\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_AGGREGATE);
    r = &msg.u.mp_request.u.flow;
    r->table_id = OFPTT_ALL;
    r->out_port = OFPP_ANY;
    r->out_group = OFPG_ANY;
    ofp_match_set_u32(&r->match, OXM_IN_PORT, 1);
    check_print(&msg, "OFPST_AGGREGATE request (OF1.3) (xid=0x1): "
                      "in_port=1\n");
}
END_TEST

START_TEST(test_mp_requests_with_ids)
{
    struct ofp_msg msg;

    ofp_msg_init_mp_request(&msg, 1, OFPMP_PORT_STATS);
    msg.u.mp_request.u.port_no = OFPP_ANY;
    check_print(&msg, "OFPST_PORT request (OF1.3) (xid=0x1): port_no=ANY\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_PORT_STATS);
    msg.u.mp_request.u.port_no = 1;
    check_print(&msg, "OFPST_PORT request (OF1.3) (xid=0x1): port_no=1\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_QUEUE);
    msg.u.mp_request.u.queue.port_no = OFPP_ANY;
    msg.u.mp_request.u.queue.queue_id = OFPQ_ALL;
    check_print(&msg, "OFPST_QUEUE request (OF1.3) (xid=0x1): port=ANY "
                      "queue=ALL\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_QUEUE);
    msg.u.mp_request.u.queue.port_no = 1;
    msg.u.mp_request.u.queue.queue_id = 2;
    check_print(&msg, "OFPST_QUEUE request (OF1.3) (xid=0x1): port=1 "
                      "queue=2\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_GROUP);
    msg.u.mp_request.u.group_id = OFPG_ALL;
    check_print(&msg, "OFPST_GROUP request (OF1.3) (xid=0x1): "
                      "group_id=ALL\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_GROUP);
    msg.u.mp_request.u.group_id = 1;
    check_print(&msg, "OFPST_GROUP request (OF1.3) (xid=0x1): group_id=1\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_METER);
    msg.u.mp_request.u.meter_id = OFPM_ALL;
    check_print(&msg, "OFPST_METER request (OF1.3) (xid=0x1): meter=all\n");

    ofp_msg_init_mp_request(&msg, 1, OFPMP_METER_CONFIG);
    msg.u.mp_request.flags = OFPMPF_REQ_MORE;
    msg.u.mp_request.u.meter_id = 5;
    check_print(&msg, "OFPST_METER_CONFIG request (OF1.3) (xid=0x1): "
                      "flags=[more] meter=5\n");
}
END_TEST

START_TEST(test_mp_experimenter)
{
    struct ofp_msg msg;

    ofp_msg_init_mp_request(&msg, 1, OFPMP_EXPERIMENTER);
    msg.u.mp_request.u.experimenter.experimenter = 0x1234;
    msg.u.mp_request.u.experimenter.exp_type = 7;
    ofp_bytes_set(&msg.u.mp_request.u.experimenter.data, "abcd", 4);
    check_print(&msg, "OFPST_EXPERIMENTER request (OF1.3) (xid=0x1): "
                      "experimenter=0x00001234 exp_type=7 (4 bytes of "
                      "data)\n"
                      "00000000  61 62 63 64                             "
                      "        |abcd            |\n");

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_EXPERIMENTER);
    msg.u.mp_reply.u.experimenter.experimenter = 0x1234;
    msg.u.mp_reply.u.experimenter.exp_type = 8;
    check_print(&msg, "OFPST_EXPERIMENTER reply (OF1.3) (xid=0x1): "
                      "experimenter=0x00001234 exp_type=8 (0 bytes of "
                      "data)\n");
}
END_TEST

/* --- Multipart replies. ------------------------------------------------- */

START_TEST(test_mp_desc_reply)
{
    struct ofp_msg msg;
    struct ofp_desc *d;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_DESC);
    d = msg.u.mp_reply.u.desc;
    ck_assert_ptr_nonnull(d);
    strcpy(d->mfr_desc, "Nicira, Inc.");
    strcpy(d->hw_desc, "Open vSwitch");
    strcpy(d->sw_desc, "3.1.0");
    strcpy(d->serial_num, "None");
    strcpy(d->dp_desc, "br0\x1b[2J"); /* A terminal escape is defused. */
    check_print(&msg, "OFPST_DESC reply (OF1.3) (xid=0x1):\n"
                      "Manufacturer: Nicira, Inc.\n"
                      "Hardware: Open vSwitch\n"
                      "Software: 3.1.0\n"
                      "Serial Num: None\n"
                      "DP Description: br0.[2J\n");
}
END_TEST

static void
flow_stats_init(struct ofp_flow_stats *fs)
{
    memset(fs, 0, sizeof *fs);
    ofp_match_init(&fs->match);
    ofp_instructions_init(&fs->instructions);
}

START_TEST(test_mp_flow_reply)
{
    struct ofp_msg msg;
    struct ofp_multipart_reply *r;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_FLOW);
    r = &msg.u.mp_reply;
    r->n = 2;
    r->u.flow = xcalloc(2, sizeof *r->u.flow);
    flow_stats_init(&r->u.flow[0]);
    r->u.flow[0].duration_sec = 1;
    r->u.flow[0].duration_nsec = 234000000;
    r->u.flow[0].priority = 10;
    r->u.flow[0].idle_timeout = 10;
    r->u.flow[0].packet_count = 3;
    r->u.flow[0].byte_count = 180;
    ofp_match_set_u32(&r->u.flow[0].match, OXM_IN_PORT, 1);
    apply_output(&r->u.flow[0].instructions, 2);
    flow_stats_init(&r->u.flow[1]);
    r->u.flow[1].table_id = 1;
    r->u.flow[1].duration_sec = 100;
    r->u.flow[1].duration_nsec = 5;
    r->u.flow[1].priority = OFP_DEFAULT_PRIORITY;
    r->u.flow[1].hard_timeout = 60;
    r->u.flow[1].flags = OFPFF_SEND_FLOW_REM;
    r->u.flow[1].cookie = 0xabc;
    sample_match(&r->u.flow[1].match);
    r->u.flow[1].instructions.present |= OFPIT_BIT(OFPIT_GOTO_TABLE);
    r->u.flow[1].instructions.goto_table = 2;
    check_print(&msg, "OFPST_FLOW reply (OF1.3) (xid=0x1):\n"
                      " cookie=0x0, duration=1.234s, table=0, n_packets=3, "
                      "n_bytes=180, idle_timeout=10, priority=10,in_port=1 "
                      "actions=output:2\n"
                      " cookie=0xabc, duration=100.000000005s, table=1, "
                      "n_packets=0, n_bytes=0, hard_timeout=60, send_flow_rem "
                      "ip,in_port=1,nw_src=10.0.0.0/8 actions=goto_table:2\n");

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_FLOW);
    check_print(&msg, "OFPST_FLOW reply (OF1.3) (xid=0x1):\n");
}
END_TEST

START_TEST(test_mp_aggregate_and_table_reply)
{
    struct ofp_msg msg;
    struct ofp_multipart_reply *r;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_AGGREGATE);
    msg.u.mp_reply.u.aggregate.packet_count = 10;
    msg.u.mp_reply.u.aggregate.byte_count = 1000;
    msg.u.mp_reply.u.aggregate.flow_count = 3;
    check_print(&msg, "OFPST_AGGREGATE reply (OF1.3) (xid=0x1): "
                      "packet_count=10 byte_count=1000 flow_count=3\n");

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_TABLE);
    r = &msg.u.mp_reply;
    r->n = 2;
    r->u.table = xcalloc(2, sizeof *r->u.table);
    r->u.table[0] = (struct ofp_table_stats){ 0, 3, 100, 90 };
    r->u.table[1] = (struct ofp_table_stats){ 1, 0, 10, 0 };
    check_print(&msg, "OFPST_TABLE reply (OF1.3) (xid=0x1):\n"
                      "  table 0:\n"
                      "    active=3, lookup=100, matched=90\n"
                      "\n"
                      "  table 1:\n"
                      "    active=0, lookup=10, matched=0\n");
}
END_TEST

START_TEST(test_mp_port_stats_reply)
{
    struct ofp_msg msg;
    struct ofp_multipart_reply *r;
    struct ofp_port_stats *ps;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_PORT_STATS);
    r = &msg.u.mp_reply;
    r->n = 3;
    r->u.port_stats = ps = xcalloc(3, sizeof *ps);
    ps[0] = (struct ofp_port_stats){ 1, 10, 20, 1000, 2000, 0, 0,        0,
                                     0, 0,  0,  0,    0,    5, 500000000 };
    ps[1] = (struct ofp_port_stats){ OFPP_LOCAL, 1, 2,  3,  4,  5, 6, 7,
                                     8,          9, 10, 11, 12, 0, 0 };
    ps[2] = (struct ofp_port_stats){
        2,          UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
        UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
        UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT32_MAX, UINT32_MAX,
    };
    check_print(&msg,
                "OFPST_PORT reply (OF1.3) (xid=0x1): 3 ports\n"
                "  port  1: rx pkts=10, bytes=1000, drop=0, errs=0, "
                "frame=0, over=0, crc=0\n"
                "           tx pkts=20, bytes=2000, drop=0, errs=0, "
                "coll=0\n"
                "           duration=5.500s\n"
                "  port LOCAL: rx pkts=1, bytes=3, drop=5, errs=7, "
                "frame=9, over=10, crc=11\n"
                "           tx pkts=2, bytes=4, drop=6, errs=8, coll=12\n"
                "           duration=0s\n"
                "  port  2: rx pkts=?, bytes=?, drop=?, errs=?, frame=?, "
                "over=?, crc=?\n"
                "           tx pkts=?, bytes=?, drop=?, errs=?, "
                "coll=?\n");
}
END_TEST

START_TEST(test_mp_queue_reply)
{
    struct ofp_msg msg;
    struct ofp_multipart_reply *r;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_QUEUE);
    r = &msg.u.mp_reply;
    r->n = 2;
    r->u.queue = xcalloc(2, sizeof *r->u.queue);
    r->u.queue[0] = (struct ofp_queue_stats){ 1, 2, 100, 10, 0, 3, 0 };
    r->u.queue[1] = (struct ofp_queue_stats){
        OFPP_LOCAL, 0,          UINT64_MAX, UINT64_MAX,
        UINT64_MAX, UINT32_MAX, UINT32_MAX,
    };
    check_print(&msg, "OFPST_QUEUE reply (OF1.3) (xid=0x1): 2 queues\n"
                      "  port 1 queue 2: bytes=100, pkts=10, errors=0, "
                      "duration=3s\n"
                      "  port LOCAL queue 0: bytes=?, pkts=?, errors=?, "
                      "duration=?\n");
}
END_TEST

START_TEST(test_mp_group_replies)
{
    struct ofp_msg msg;
    struct ofp_multipart_reply *r;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_GROUP);
    r = &msg.u.mp_reply;
    r->n = 2;
    r->u.group = xcalloc(2, sizeof *r->u.group);
    r->u.group[0].group_id = 1;
    r->u.group[0].ref_count = 2;
    r->u.group[0].packet_count = 10;
    r->u.group[0].byte_count = 1000;
    r->u.group[0].duration_sec = 5;
    r->u.group[0].duration_nsec = 1000000;
    r->u.group[0].n_buckets = 2;
    r->u.group[0].buckets = xcalloc(2, sizeof *r->u.group[0].buckets);
    r->u.group[0].buckets[0] = (struct ofp_bucket_counter){ 4, 400 };
    r->u.group[0].buckets[1] = (struct ofp_bucket_counter){ 6, 600 };
    r->u.group[1].group_id = 2;
    check_print(&msg, "OFPST_GROUP reply (OF1.3) (xid=0x1):\n"
                      " group_id=1,duration=5.001s,ref_count=2,"
                      "packet_count=10,byte_count=1000,bucket0:"
                      "packet_count=4,byte_count=400,bucket1:"
                      "packet_count=6,byte_count=600\n"
                      " group_id=2,duration=0s,ref_count=0,"
                      "packet_count=0,byte_count=0\n");

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_GROUP_DESC);
    r = &msg.u.mp_reply;
    r->n = 2;
    r->u.group_desc = xcalloc(2, sizeof *r->u.group_desc);
    r->u.group_desc[0].type = OFPGT_INDIRECT;
    r->u.group_desc[0].group_id = 2;
    r->u.group_desc[0].buckets.n = 1;
    r->u.group_desc[0].buckets.b = xcalloc(1, sizeof(struct ofp_bucket));
    r->u.group_desc[0].buckets.b[0].watch_port = OFPP_ANY;
    r->u.group_desc[0].buckets.b[0].watch_group = OFPG_ANY;
    push_output(&r->u.group_desc[0].buckets.b[0].actions, 1);
    r->u.group_desc[1].type = OFPGT_ALL;
    r->u.group_desc[1].group_id = 4;
    check_print(&msg, "OFPST_GROUP_DESC reply (OF1.3) (xid=0x1):\n"
                      " group_id=2,type=indirect,bucket=actions=output:1\n"
                      " group_id=4,type=all\n");

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_GROUP_FEATURES);
    struct ofp_group_features *gf = &msg.u.mp_reply.u.group_features;
    gf->types = 0xb; /* All but indirect. */
    gf->capabilities = 0xf;
    gf->max_groups[0] = 100;
    gf->max_groups[1] = 200;
    gf->max_groups[3] = 400;
    gf->actions[0] = 1u << OFPAT_OUTPUT;
    gf->actions[1] = (1u << OFPAT_OUTPUT) | (1u << OFPAT_GROUP);
    gf->actions[3] = (1u << OFPAT_SET_FIELD) | (1u << OFPAT_PUSH_VLAN) | 2;
    check_print(&msg, "OFPST_GROUP_FEATURES reply (OF1.3) (xid=0x1):\n"
                      " Group table:\n"
                      "    Types:  0xb\n"
                      "    Capabilities:  0xf\n"
                      "    all group:\n"
                      "       max_groups=0x64\n"
                      "       actions: output\n"
                      "    select group:\n"
                      "       max_groups=0xc8\n"
                      "       actions: output group\n"
                      "    fast failover group:\n"
                      "       max_groups=0x190\n"
                      "       actions: push_vlan set_field 0x2\n");
}
END_TEST

START_TEST(test_mp_meter_replies)
{
    struct ofp_msg msg;
    struct ofp_multipart_reply *r;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_METER);
    r = &msg.u.mp_reply;
    r->n = 2;
    r->u.meter = xcalloc(2, sizeof *r->u.meter);
    r->u.meter[0].meter_id = 1;
    r->u.meter[0].flow_count = 2;
    r->u.meter[0].packet_in_count = 10;
    r->u.meter[0].byte_in_count = 1000;
    r->u.meter[0].duration_sec = 5;
    r->u.meter[0].n_bands = 2;
    r->u.meter[0].bands = xcalloc(2, sizeof *r->u.meter[0].bands);
    r->u.meter[0].bands[0] = (struct ofp_meter_band_stats){ 1, 100 };
    r->u.meter[0].bands[1] = (struct ofp_meter_band_stats){ 2, 200 };
    r->u.meter[1].meter_id = 2;
    check_print(&msg, "OFPST_METER reply (OF1.3) (xid=0x1):\n"
                      "meter:1 flow_count:2 packet_in_count:10 "
                      "byte_in_count:1000 duration:5s bands:\n"
                      "0: packet_count:1 byte_count:100\n"
                      "1: packet_count:2 byte_count:200\n"
                      "\n"
                      "meter:2 flow_count:0 packet_in_count:0 "
                      "byte_in_count:0 duration:0s bands:\n");

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_METER_CONFIG);
    r = &msg.u.mp_reply;
    r->n = 2;
    r->u.meter_config = xcalloc(2, sizeof *r->u.meter_config);
    r->u.meter_config[0].flags = OFPMF_KBPS | OFPMF_STATS;
    r->u.meter_config[0].meter_id = 1;
    r->u.meter_config[0].bands.n = 1;
    r->u.meter_config[0].bands.b = xcalloc(1, sizeof(struct ofp_meter_band));
    r->u.meter_config[0].bands.b[0].type = OFPMBT_DROP;
    r->u.meter_config[0].bands.b[0].rate = 1000;
    r->u.meter_config[1].flags = OFPMF_PKTPS | OFPMF_BURST;
    r->u.meter_config[1].meter_id = 2;
    r->u.meter_config[1].bands.n = 1;
    r->u.meter_config[1].bands.b = xcalloc(1, sizeof(struct ofp_meter_band));
    r->u.meter_config[1].bands.b[0].type = OFPMBT_DSCP_REMARK;
    r->u.meter_config[1].bands.b[0].rate = 100;
    r->u.meter_config[1].bands.b[0].burst_size = 10;
    r->u.meter_config[1].bands.b[0].prec_level = 2;
    check_print(&msg, "OFPST_METER_CONFIG reply (OF1.3) (xid=0x1):\n"
                      "meter=1 kbps stats bands=\n"
                      "type=drop rate=1000\n"
                      "\n"
                      "meter=2 pktps burst bands=\n"
                      "type=dscp_remark rate=100 burst_size=10 "
                      "prec_level=2\n");

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_METER_FEATURES);
    struct ofp_meter_features *mf = &msg.u.mp_reply.u.meter_features;
    mf->max_meter = 1000;
    mf->band_types = (1u << OFPMBT_DROP) | (1u << OFPMBT_DSCP_REMARK);
    mf->capabilities = 0xf;
    mf->max_bands = 4;
    check_print(&msg, "OFPST_METER_FEATURES reply (OF1.3) (xid=0x1):\n"
                      "max_meter:1000 max_bands:4 max_color:0\n"
                      "band_types: drop dscp_remark\n"
                      "capabilities: kbps pktps burst stats\n");
}
END_TEST

START_TEST(test_mp_port_desc_reply)
{
    struct ofp_msg msg;
    struct ofp_multipart_reply *r;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_PORT_DESC);
    r = &msg.u.mp_reply;
    r->flags = OFPMPF_REPLY_MORE;
    r->n = 2;
    r->u.port_desc = xcalloc(2, sizeof *r->u.port_desc);
    /* Printed in port-number order, as ovs-ofctl does. */
    sample_port(&r->u.port_desc[0], 7);
    strcpy(r->u.port_desc[0].name, "p7");
    r->u.port_desc[0].config = 0x80 | OFPPC_NO_FWD; /* One unknown bit. */
    r->u.port_desc[0].curr = r->u.port_desc[0].advertised = 0;
    r->u.port_desc[0].supported = 0;
    sample_port(&r->u.port_desc[1], 1);
    check_print(&msg, "OFPST_PORT_DESC reply (OF1.3) (xid=0x1): "
                      "flags=[more]\n" SAMPLE_PORT_TEXT
                      " 7(p7): addr:aa:bb:cc:dd:ee:01\n"
                      "     config:     NO_FWD 0x80\n"
                      "     state:      LIVE\n"
                      "     speed: 10000 Mbps now, 10000 Mbps max\n");
}
END_TEST

static void
set_prop(struct ofp_table_feature_prop *p, uint16_t type, size_t n,
         const uint64_t *ids)
{
    p->type = type;
    p->n_ids = n;
    p->ids = n ? xmemdup(ids, n * sizeof *ids) : NULL;
}

START_TEST(test_mp_table_features)
{
    static const uint64_t insts[] = { OFPIT_APPLY_ACTIONS, OFPIT_CLEAR_ACTIONS,
                                      OFPIT_GOTO_TABLE };
    static const uint64_t tables[] = { 1, 2, 3, 7 };
    static const uint64_t acts[] = { OFPAT_OUTPUT, OFPAT_SET_FIELD,
                                     OFPAT_PUSH_VLAN };
    static const uint64_t oxms[] = { 0x80000004, 0x8000070c };
    struct ofp_msg msg;
    struct ofp_multipart_reply *r;
    struct ofp_table_features *tf;

    ofp_msg_init_mp_reply(&msg, 1, OFPMP_TABLE_FEATURES);
    r = &msg.u.mp_reply;
    r->n = 1;
    r->u.table_features = tf = xcalloc(1, sizeof *tf);
    strcpy(tf->name, "classifier");
    tf->metadata_match = UINT64_MAX;
    tf->metadata_write = 0xff;
    tf->max_entries = 1000000;
    tf->n_props = 6;
    tf->props = xcalloc(6, sizeof *tf->props);
    set_prop(&tf->props[0], OFPTFPT_INSTRUCTIONS, 3, insts);
    set_prop(&tf->props[1], OFPTFPT_NEXT_TABLES, 4, tables);
    set_prop(&tf->props[2], OFPTFPT_APPLY_ACTIONS, 3, acts);
    set_prop(&tf->props[3], OFPTFPT_APPLY_ACTIONS_MISS, 0, NULL);
    set_prop(&tf->props[4], OFPTFPT_MATCH, 2, oxms);
    tf->props[5].type = OFPTFPT_EXPERIMENTER;
    tf->props[5].experimenter = 0x1234;
    tf->props[5].exp_type = 1;
    ofp_bytes_set(&tf->props[5].data, "xy", 2);
    check_print(&msg, "OFPST_TABLE_FEATURES reply (OF1.3) (xid=0x1):\n"
                      "  table 0 (\"classifier\"):\n"
                      "    metadata: match=0xffffffffffffffff write=0xff\n"
                      "    max_entries=1000000\n"
                      "    instructions: apply_actions clear_actions "
                      "goto_table\n"
                      "    next tables: 1-3,7\n"
                      "    apply actions: output set_field push_vlan\n"
                      "    apply actions (table miss): (none)\n"
                      "    match: in_port eth_dst/masked\n"
                      "    experimenter: experimenter=0x00001234 "
                      "exp_type=1 (2 bytes of data)\n");
}
END_TEST

/* --- Byte streams and errors. ------------------------------------------- */

START_TEST(test_stream_of_several_messages)
{
    int n_errors;
    size_t size;
    uint8_t *data = hex_bytes("04 05 00 08 00 00 00 03"
                              "04 14 00 08 00 00 00 04",
                              &size);
    char *s = print_bytes(data, size, &n_errors);
    ck_assert_int_eq(n_errors, 0);
    ck_assert_str_eq(s, "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x3):\n"
                        "OFPT_BARRIER_REQUEST (OF1.3) (xid=0x4):\n");
    free(s);
    free(data);
}
END_TEST

START_TEST(test_stream_decode_error_continues)
{
    int n_errors;
    size_t size;
    /* A FEATURES_REQUEST two bytes too long, an unknown type, an unknown
     * multipart type, a 1.0 message, then a good message. */
    uint8_t *data = hex_bytes("04 05 00 0a 00 00 00 01 00 00"
                              "04 63 00 08 00 00 00 02"
                              "04 12 00 10 00 00 00 03 00 20 00 00 00 00 00 "
                              "00"
                              "01 05 00 08 00 00 00 04"
                              "04 14 00 08 00 00 00 05",
                              &size);
    char *s = print_bytes(data, size, &n_errors);
    ck_assert_int_eq(n_errors, 4);
    ck_assert_str_eq(
        s, "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x1): ***decode error: "
           "OFPBRC_BAD_LEN***\n"
           "00000000  04 05 00 0a 00 00 00 01-00 00                   "
           "|..........      |\n"
           "OFPT_99 (OF1.3) (xid=0x2): ***decode error: OFPBRC_BAD_TYPE***\n"
           "00000000  04 63 00 08 00 00 00 02-                        "
           "|.c......        |\n"
           "OFPST_32 request (OF1.3) (xid=0x3): ***decode error: "
           "OFPBRC_BAD_MULTIPART***\n"
           "00000000  04 12 00 10 00 00 00 03-00 20 00 00 00 00 00 00 "
           "|......... ......|\n"
           "OFPT_FEATURES_REQUEST (xid=0x4): ***decode error: "
           "OFPBRC_BAD_VERSION***\n"
           "00000000  01 05 00 08 00 00 00 04-                        "
           "|........        |\n"
           "OFPT_BARRIER_REQUEST (OF1.3) (xid=0x5):\n");
    free(s);
    free(data);
}
END_TEST

START_TEST(test_stream_body_error)
{
    int n_errors;
    size_t size;
    /* FLOW_MOD whose match has ipv4_src without eth_type. */
    uint8_t *data = hex_bytes("04 0e 00 40 00 00 00 01" /* header */
                              "00 00 00 00 00 00 00 00" /* cookie */
                              "00 00 00 00 00 00 00 00" /* mask */
                              "00 00 00 00 00 00 00 0a" /* prio 10 */
                              "ff ff ff ff ff ff ff ff" /* buf, port */
                              "ff ff ff ff 00 00 00 00" /* group */
                              "00 01 00 0c 80 00 16 04" /* ipv4_src */
                              "0a 00 00 01 00 00 00 00",
                              &size);
    char *s = print_bytes(data, size, &n_errors);
    ck_assert_int_eq(n_errors, 1);
    ck_assert_str_eq(
        s, "OFPT_FLOW_MOD (OF1.3) (xid=0x1): ***decode error: "
           "OFPBMC_BAD_PREREQ***\n"
           "00000000  04 0e 00 40 00 00 00 01-00 00 00 00 00 00 00 00 "
           "|...@............|\n"
           "00000010  00 00 00 00 00 00 00 00-00 00 00 00 00 00 00 0a "
           "|................|\n"
           "00000020  ff ff ff ff ff ff ff ff-ff ff ff ff 00 00 00 00 "
           "|................|\n"
           "00000030  00 01 00 0c 80 00 16 04-0a 00 00 01 00 00 00 00 "
           "|................|\n");
    free(s);
    free(data);
}
END_TEST

START_TEST(test_stream_truncated_tail)
{
    int n_errors;
    size_t size;
    uint8_t *data = hex_bytes("04 05 00 08 00 00 00 01"
                              "04 0e 00 50 00 00 00 02 00 00",
                              &size);
    char *s = print_bytes(data, size, &n_errors);
    ck_assert_int_eq(n_errors, 1);
    ck_assert_str_eq(
        s, "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x1):\n"
           "OFPT_FLOW_MOD (OF1.3) (xid=0x2): ***truncated: only 10 of 80 "
           "bytes***\n"
           "00000000  04 0e 00 50 00 00 00 02-00 00                   "
           "|...P......      |\n");
    free(s);
    free(data);

    data = hex_bytes("04 05 00 08 00 00 00 01 04 05", &size);
    s = print_bytes(data, size, &n_errors);
    ck_assert_int_eq(n_errors, 1);
    ck_assert_str_eq(s, "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x1):\n"
                        "OpenFlow packet too short (only 2 bytes):\n"
                        "00000000  04 05                                 "
                        "          |..              |\n");
    free(s);
    free(data);

    /* A length below the header size cannot be skipped over. */
    data = hex_bytes("04 05 00 04 00 00 00 01 04 05 00 08 00 00 00 02", &size);
    s = print_bytes(data, size, &n_errors);
    ck_assert_int_eq(n_errors, 1);
    ck_assert_str_eq(
        s, "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x1): ***decode error: "
           "OFPBRC_BAD_LEN*** (length 4 is shorter than the header)\n"
           "00000000  04 05 00 04 00 00 00 01-04 05 00 08 00 00 00 02 "
           "|................|\n");
    free(s);
    free(data);

    s = print_bytes(NULL, 0, &n_errors);
    ck_assert_int_eq(n_errors, 0);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

START_TEST(test_hex_dump)
{
    struct buf b = BUF_INITIALIZER;
    uint8_t data[33];

    for (size_t i = 0; i < sizeof data; i++) {
        data[i] = (uint8_t)(0x20 + i * 3);
    }
    ofp_hex_dump(data, sizeof data, &b);
    ck_assert_str_eq(ofp_text_cstr(&b),
                     "00000000  20 23 26 29 2c 2f 32 35-38 3b 3e 41 44 47 "
                     "4a 4d | #&),/258;>ADGJM|\n"
                     "00000010  50 53 56 59 5c 5f 62 65-68 6b 6e 71 74 77 "
                     "7a 7d |PSVY\\_behknqtwz}|\n"
                     "00000020  80" /* then 15 empty columns of 3 */
                     "                                              "
                     "|.               |\n");

    /* Exactly one row; nothing at all for no bytes. */
    buf_clear(&b);
    ofp_hex_dump("0123456789abcdef", 16, &b);
    ck_assert_str_eq(ofp_text_cstr(&b),
                     "00000000  30 31 32 33 34 35 36 37-38 39 61 62 63 64 "
                     "65 66 |0123456789abcdef|\n");
    buf_clear(&b);
    ofp_hex_dump(NULL, 0, &b);
    ck_assert_str_eq(ofp_text_cstr(&b), "");
    buf_uninit(&b);
}
END_TEST

/* Decoding arbitrary bytes through the printer never over-reads or leaks:
 * truncate a valid message at every length and flip every byte. */
START_TEST(test_stream_robustness)
{
    struct ofp_msg msg;
    struct buf wire = BUF_INITIALIZER;

    ofp_msg_init(&msg, OFP13_VERSION, OFPT_FLOW_MOD, 9);
    msg.u.flow_mod.priority = 10;
    msg.u.flow_mod.buffer_id = OFP_NO_BUFFER;
    msg.u.flow_mod.out_port = OFPP_ANY;
    msg.u.flow_mod.out_group = OFPG_ANY;
    sample_match(&msg.u.flow_mod.match);
    apply_output(&msg.u.flow_mod.instructions, 2);
    ck_assert_int_eq(ofp_msg_encode(&msg, &wire), 0);
    ofp_msg_uninit(&msg);

    for (size_t len = 0; len <= wire.size; len++) {
        int n_errors;
        char *s = print_bytes(wire.data, len, &n_errors);
        ck_assert_int_eq(n_errors, len == wire.size || len == 0 ? 0 : 1);
        free(s);
    }
    for (size_t i = 0; i < wire.size; i++) {
        for (unsigned int bit = 0; bit < 8; bit++) {
            int n_errors;
            uint8_t *copy = xmemdup(wire.data, wire.size);
            copy[i] ^= (uint8_t)(1u << bit);
            char *s = print_bytes(copy, wire.size, &n_errors);
            ck_assert_int_ge(n_errors, 0);
            free(s);
            free(copy);
        }
    }
    buf_uninit(&wire);
}
END_TEST

static Suite *
print_suite(void)
{
    Suite *s = suite_create("print");
    TCase *tc;

    tc = tcase_create("symmetric");
    tcase_add_test(tc, test_hello);
    tcase_add_test(tc, test_error_with_truncated_request);
    tcase_add_test(tc, test_error_with_whole_request);
    tcase_add_test(tc, test_error_hello_failed_and_short_data);
    tcase_add_test(tc, test_error_unknown_code);
    tcase_add_test(tc, test_echo);
    tcase_add_test(tc, test_experimenter);
    tcase_add_test(tc, test_empty_bodies);
    tcase_add_test(tc, test_features_reply);
    tcase_add_test(tc, test_switch_config);
    suite_add_tcase(s, tc);

    tc = tcase_create("async");
    tcase_add_test(tc, test_packet_in);
    tcase_add_test(tc, test_flow_removed);
    tcase_add_test(tc, test_port_status);
    suite_add_tcase(s, tc);

    tc = tcase_create("commands");
    tcase_add_test(tc, test_packet_out);
    tcase_add_test(tc, test_flow_mod);
    tcase_add_test(tc, test_group_mod);
    tcase_add_test(tc, test_port_mod);
    tcase_add_test(tc, test_table_mod);
    tcase_add_test(tc, test_meter_mod);
    tcase_add_test(tc, test_queue_get_config);
    tcase_add_test(tc, test_role);
    tcase_add_test(tc, test_async);
    suite_add_tcase(s, tc);

    tc = tcase_create("multipart");
    tcase_add_test(tc, test_mp_requests_without_body);
    tcase_add_test(tc, test_mp_flow_requests);
    tcase_add_test(tc, test_mp_requests_with_ids);
    tcase_add_test(tc, test_mp_experimenter);
    tcase_add_test(tc, test_mp_desc_reply);
    tcase_add_test(tc, test_mp_flow_reply);
    tcase_add_test(tc, test_mp_aggregate_and_table_reply);
    tcase_add_test(tc, test_mp_port_stats_reply);
    tcase_add_test(tc, test_mp_queue_reply);
    tcase_add_test(tc, test_mp_group_replies);
    tcase_add_test(tc, test_mp_meter_replies);
    tcase_add_test(tc, test_mp_port_desc_reply);
    tcase_add_test(tc, test_mp_table_features);
    suite_add_tcase(s, tc);

    tc = tcase_create("stream");
    tcase_add_test(tc, test_stream_of_several_messages);
    tcase_add_test(tc, test_stream_decode_error_continues);
    tcase_add_test(tc, test_stream_body_error);
    tcase_add_test(tc, test_stream_truncated_tail);
    tcase_add_test(tc, test_hex_dump);
    tcase_add_test(tc, test_stream_robustness);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(print_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
