/* tests/unit/test-text.c -- the ovs-ofctl text syntax (ofp13/text-*.c).
 *
 * What is checked:
 *   - format output against what ovs-ofctl 3.1 itself prints for the same
 *     input; every expected string below marked "ovs-ofctl" was pasted from
 *     `ovs-ofctl -O OpenFlow13 parse-flow FLOW` (the text after "ADD ") or
 *     from `ovs-ofctl ofp-print HEX` of the same message built with os-ken;
 *   - round trips parse -> format -> parse giving equal models, for every
 *     one of the 40 OXM fields (exact, and masked where OpenFlow 1.3 allows
 *     a mask), every action type, every instruction type, groups of all
 *     four types and meters with both band types;
 *   - dump-flows lines reading back as the flows they describe;
 *   - every error path, with its exact message, leaving the output empty;
 *   - the tokeniser, numbers, ports and single OXM values.
 * Every error string and model is freed: the tests run under ASan. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofp13/actions.h"
#include "ofp13/match.h"
#include "ofp13/msgs.h"
#include "ofp13/ofp.h"
#include "ofp13/text.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* --- Helpers. ------------------------------------------------------------ */

/* Fails the test with the parser's error message, if any. */
static void
assert_ok(char *error, const char *input)
{
    if (error) {
        ck_abort_msg("parsing \"%s\" failed: %s", input, error);
    }
}

/* Checks that 'error' is exactly 'expected', then frees it. */
static void
assert_error(char *error, const char *expected, const char *input)
{
    ck_assert_msg(error != NULL, "parsing \"%s\" should fail with \"%s\"",
                  input, expected);
    ck_assert_msg(!strcmp(error, expected),
                  "parsing \"%s\": expected error \"%s\", got \"%s\"", input,
                  expected, error);
    free(error);
}

static char *
match_text(const struct ofp_match *m)
{
    struct buf b = BUF_INITIALIZER;
    ofp_match_format(m, &b);
    char *s = xstrdup(ofp_text_cstr(&b));
    buf_uninit(&b);
    return s;
}

static char *
flow_mod_text(const struct ofp_flow_mod *fm)
{
    struct buf b = BUF_INITIALIZER;
    ofp_flow_mod_format(fm, &b);
    char *s = xstrdup(ofp_text_cstr(&b));
    buf_uninit(&b);
    return s;
}

static void
flow_mod_uninit(struct ofp_flow_mod *fm)
{
    ofp_match_uninit(&fm->match);
    ofp_instructions_uninit(&fm->instructions);
}

/* A flow_stats entry that shows 'fm' (counters zero). */
static void
flow_stats_from_mod(const struct ofp_flow_mod *fm, struct ofp_flow_stats *fs)
{
    memset(fs, 0, sizeof *fs);
    fs->table_id = fm->table_id;
    fs->priority = fm->priority;
    fs->idle_timeout = fm->idle_timeout;
    fs->hard_timeout = fm->hard_timeout;
    fs->flags = fm->flags;
    fs->cookie = fm->cookie;
    ofp_match_copy(&fs->match, &fm->match);
    ofp_instructions_copy(&fs->instructions, &fm->instructions);
}

static void
assert_flow_mods_equal(const struct ofp_flow_mod *a,
                       const struct ofp_flow_mod *b, const char *what)
{
    ck_assert_msg(ofp_match_equal(&a->match, &b->match), "match differs: %s",
                  what);
    ck_assert_msg(ofp_instructions_equal(&a->instructions, &b->instructions),
                  "instructions differ: %s", what);
    ck_assert_uint_eq(a->priority, b->priority);
    ck_assert_uint_eq(a->table_id, b->table_id);
    ck_assert_uint_eq(a->idle_timeout, b->idle_timeout);
    ck_assert_uint_eq(a->hard_timeout, b->hard_timeout);
    ck_assert_uint_eq(a->flags, b->flags);
    ck_assert(a->cookie == b->cookie);
}

/* Parses 'flow' as an "add", reformats it as a dump-flows line, parses
 * that again and checks that the two flows are the same. */
static void
assert_flow_roundtrip(const char *flow)
{
    struct ofp_flow_mod fm1, fm2;
    struct ofp_flow_stats fs;
    struct buf b = BUF_INITIALIZER;

    assert_ok(ofp_flow_mod_parse(flow, OFP_TEXT_FLOW_ADD, &fm1), flow);
    flow_stats_from_mod(&fm1, &fs);
    ofp_flow_stats_format(&fs, &b);
    const char *line = ofp_text_cstr(&b);
    assert_ok(ofp_flow_mod_parse(line, OFP_TEXT_FLOW_ADD, &fm2), line);
    assert_flow_mods_equal(&fm1, &fm2, line);

    flow_mod_uninit(&fm1);
    flow_mod_uninit(&fm2);
    ofp_match_uninit(&fs.match);
    ofp_instructions_uninit(&fs.instructions);
    buf_uninit(&b);
}

/* --- Comparisons with ovs-ofctl. ----------------------------------------- */

struct ovs_case {
    const char *input;
    const char *ovs; /* ovs-ofctl's output for it. */
};

/* Matches: "ovs-ofctl -O OpenFlow13 parse-flow 'INPUT,actions=drop'"
 * printed "OFPT_FLOW_MOD (OF1.3) (xid=0x1): ADD " and then the second
 * string. */
static const struct ovs_case ovs_matches[] = {
    { "in_port=1", "in_port=1 actions=drop" },
    { "in_port=LOCAL", "in_port=LOCAL actions=drop" },
    { "metadata=0x5", "metadata=0x5 actions=drop" },
    { "metadata=0x5/0xff", "metadata=0x5/0xff actions=drop" },
    { "metadata=0/0x1", "metadata=0/0x1 actions=drop" },
    { "dl_dst=00:11:22:33:44:55", "dl_dst=00:11:22:33:44:55 actions=drop" },
    { "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00",
      "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=drop" },
    { "dl_src=00:11:22:33:44:55", "dl_src=00:11:22:33:44:55 actions=drop" },
    { "eth_src=00:11:22:aa:bb:cc/ff:ff:ff:00:00:00",
      "dl_src=00:11:22:00:00:00/ff:ff:ff:00:00:00 actions=drop" },
    { "dl_type=0x88cc", "dl_type=0x88cc actions=drop" },
    { "dl_vlan=5", "dl_vlan=5 actions=drop" },
    { "vlan_vid=0x1005", "dl_vlan=5 actions=drop" },
    { "vlan_vid=0x1000/0x1000", "vlan_tci=0x1000/0x1000 actions=drop" },
    { "vlan_vid=0x1005/0x1f0f", "vlan_tci=0x1005/0x1f0f actions=drop" },
    { "vlan_tci=0", "vlan_tci=0x0000/0x1fff actions=drop" },
    { "dl_vlan=0xffff", "vlan_tci=0x0000/0x1fff actions=drop" },
    { "dl_vlan=5,dl_vlan_pcp=3", "dl_vlan=5,dl_vlan_pcp=3 actions=drop" },
    { "vlan_tci=0x7005", "dl_vlan=5,dl_vlan_pcp=3 actions=drop" },
    { "dl_vlan_pcp=3", "dl_vlan_pcp=3 actions=drop" },
    { "vlan_pcp=7", "dl_vlan_pcp=7 actions=drop" },
    { "ip,nw_tos=16", "ip,nw_tos=16 actions=drop" },
    { "ip,ip_dscp=4", "ip,nw_tos=16 actions=drop" },
    { "ip,nw_ecn=2", "ip,nw_ecn=2 actions=drop" },
    { "ip,ip_ecn=3", "ip,nw_ecn=3 actions=drop" },
    { "ip,nw_proto=99", "ip,nw_proto=99 actions=drop" },
    { "eth_type=0x800,ip_proto=99", "ip,nw_proto=99 actions=drop" },
    { "ip,nw_src=10.0.0.1", "ip,nw_src=10.0.0.1 actions=drop" },
    { "ip,ip_src=10.0.0.0/8", "ip,nw_src=10.0.0.0/8 actions=drop" },
    { "ip,nw_src=10.0.0.1/255.0.255.0",
      "ip,nw_src=10.0.0.0/255.0.255.0 actions=drop" },
    { "ip,nw_dst=192.168.1.0/24", "ip,nw_dst=192.168.1.0/24 actions=drop" },
    { "ip,ip_dst=1.2.3.4/255.255.255.255", "ip,nw_dst=1.2.3.4 actions=drop" },
    { "tcp,tp_src=1,tp_dst=2", "tcp,tp_src=1,tp_dst=2 actions=drop" },
    { "tcp,tcp_src=1,tcp_dst=65535",
      "tcp,tp_src=1,tp_dst=65535 actions=drop" },
    { "udp,tp_src=53,tp_dst=5353", "udp,tp_src=53,tp_dst=5353 actions=drop" },
    { "udp,udp_src=1,udp_dst=2", "udp,tp_src=1,tp_dst=2 actions=drop" },
    { "sctp,tp_src=1,tp_dst=2", "sctp,tp_src=1,tp_dst=2 actions=drop" },
    { "sctp,sctp_src=3,sctp_dst=4", "sctp,tp_src=3,tp_dst=4 actions=drop" },
    { "icmp,icmp_type=8,icmp_code=1",
      "icmp,icmp_type=8,icmp_code=1 actions=drop" },
    { "arp,arp_op=2,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/24,"
      "arp_sha=00:11:22:33:44:55,arp_tha=00:11:22:33:44:55/ff:ff:ff:ff:00:00",
      "arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/24,arp_op=2,"
      "arp_sha=00:11:22:33:44:55,arp_tha=00:11:22:33:00:00/ff:ff:ff:ff:00:00"
      " actions=drop" },
    { "arp,arp_spa=10.0.0.0/255.0.0.255,"
      "arp_sha=00:00:00:00:00:01/00:00:00:00:00:01",
      "arp,arp_spa=10.0.0.0/255.0.0.255,"
      "arp_sha=00:00:00:00:00:01/00:00:00:00:00:01 actions=drop" },
    { "arp,nw_src=10.0.0.1,nw_proto=1",
      "arp,arp_spa=10.0.0.1,arp_op=1 actions=drop" },
    { "ipv6,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::/32,ipv6_label=0x12345",
      "ipv6,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::/32,ipv6_label=0x12345 "
      "actions=drop" },
    { "ipv6,ipv6_label=0x5/0xf",
      "ipv6,ipv6_label=0x00005/0x0000f actions=drop" },
    { "ipv6,ipv6_label=0", "ipv6,ipv6_label=0x00000 actions=drop" },
    { "ipv6,ipv6_src=::1/ffff::1,ipv6_dst=fe80::/10",
      "ipv6,ipv6_src=::1/ffff::1,ipv6_dst=fe80::/10 actions=drop" },
    { "ipv6,nw_proto=6", "tcp6 actions=drop" },
    { "icmp6,icmp_type=135,icmp_code=0,nd_target=2001:db8::1,"
      "nd_sll=00:11:22:33:44:55",
      "icmp6,icmp_type=135,icmp_code=0,nd_target=2001:db8::1,"
      "nd_sll=00:11:22:33:44:55 actions=drop" },
    { "icmp6,icmpv6_type=136,icmpv6_code=0,nd_target=fe80::1,"
      "nd_tll=00:11:22:33:44:66",
      "icmp6,icmp_type=136,icmp_code=0,nd_target=fe80::1,"
      "nd_tll=00:11:22:33:44:66 actions=drop" },
    { "mpls,mpls_label=5,mpls_tc=3,mpls_bos=1",
      "mpls,mpls_label=5,mpls_tc=3,mpls_bos=1 actions=drop" },
    { "mplsm,mpls_label=1048575", "mplsm,mpls_label=1048575 actions=drop" },
    { "mpls,mpls_label=0x10", "mpls,mpls_label=16 actions=drop" },
    { "tun_id=0x5", "tun_id=0x5 actions=drop" },
    { "tun_id=0x5/0xff", "tun_id=0x5/0xff actions=drop" },
    { "tunnel_id=0", "tun_id=0 actions=drop" },
    { "tcp6,tp_src=1", "tcp6,tp_src=1 actions=drop" },
    { "udp6,tp_dst=2", "udp6,tp_dst=2 actions=drop" },
    { "sctp6", "sctp6 actions=drop" },
    { "rarp", "rarp actions=drop" },
    { "ipv4", "ip actions=drop" },
    { "ip,nw_src=128.0.0.0/1,nw_dst=0.0.0.0/0",
      "ip,nw_src=128.0.0.0/1 actions=drop" },
    { "tcp,tp_src=80,tp_src=81", "tcp,tp_src=81 actions=drop" },
    { "in_port=1,tcp", "tcp,in_port=1 actions=drop" },
    { "priority=0,in_port=1", "priority=0,in_port=1 actions=drop" },
    { "priority=32768,in_port=1", "in_port=1 actions=drop" },
    { "tcp,in_port=1,dl_vlan=10,dl_src=00:00:00:00:00:01,nw_src=1.1.1.1,"
      "nw_dst=2.2.2.0/24,nw_tos=8,nw_ecn=1,tp_src=1,tp_dst=2",
      "tcp,in_port=1,dl_vlan=10,dl_src=00:00:00:00:00:01,nw_src=1.1.1.1,"
      "nw_dst=2.2.2.0/24,nw_tos=8,nw_ecn=1,tp_src=1,tp_dst=2 actions=drop" },
    { "  ip ,  in_port=1 , ", "ip,in_port=1 actions=drop" },
};

/* Actions and instructions: "ovs-ofctl -O OpenFlow13 parse-flow INPUT"
 * printed "... ADD " and the second string. */
static const struct ovs_case ovs_actions[] = {
    { "actions=output:1,2,controller,controller:65535,CONTROLLER:128,"
      "controller(max_len=100),in_port,flood,all,local,normal,output:LOCAL,"
      "output:4294967293",
      "actions=output:1,output:2,CONTROLLER:65535,CONTROLLER:65535,"
      "CONTROLLER:128,CONTROLLER:100,IN_PORT,FLOOD,ALL,LOCAL,NORMAL,LOCAL,"
      "CONTROLLER:65535" },
    { "actions=group:5,set_queue:3,push_vlan:0x8100,pop_vlan,"
      "push_vlan:0x88a8,push_mpls:0x8847,push_mpls:0x8848",
      "actions=group:5,set_queue:3,push_vlan:0x8100,pop_vlan,"
      "push_vlan:0x88a8,push_mpls:0x8847,push_mpls:0x8848" },
    { "actions=group:0xffffff00,set_queue:0xffffffff",
      "actions=group:4294967040,set_queue:4294967295" },
    { "mpls,actions=set_mpls_ttl:5,dec_mpls_ttl,set_mpls_ttl(6),"
      "pop_mpls:0x0800",
      "mpls actions=set_mpls_ttl(5),dec_mpls_ttl,set_mpls_ttl(6),"
      "pop_mpls:0x0800" },
    { "mpls,actions=pop_mpls:0x86dd", "mpls actions=pop_mpls:0x86dd" },
    { "ip,actions=set_nw_ttl:5,mod_nw_ttl:6,dec_ttl",
      "ip actions=mod_nw_ttl:5,mod_nw_ttl:6,dec_ttl" },
    { "actions=mod_vlan_vid:5,mod_vlan_pcp:3,strip_vlan,"
      "mod_dl_src:00:11:22:33:44:55,mod_dl_dst:00:11:22:33:44:66",
      "actions=push_vlan:0x8100,set_field:4101->vlan_vid,"
      "set_field:3->vlan_pcp,pop_vlan,set_field:00:11:22:33:44:55->eth_src,"
      "set_field:00:11:22:33:44:66->eth_dst" },
    { "dl_vlan=1,actions=mod_vlan_vid:5,mod_vlan_pcp:7",
      "dl_vlan=1 actions=set_field:4101->vlan_vid,set_field:7->vlan_pcp" },
    { "dl_vlan=1,actions=pop_vlan,mod_vlan_vid:5",
      "dl_vlan=1 actions=pop_vlan,push_vlan:0x8100,"
      "set_field:4101->vlan_vid" },
    { "actions=mod_vlan_pcp:5",
      "actions=push_vlan:0x8100,set_field:5->vlan_pcp" },
    { "vlan_tci=0x1000/0x1000,actions=mod_vlan_pcp:5",
      "vlan_tci=0x1000/0x1000 actions=set_field:5->vlan_pcp" },
    { "actions=push_vlan:0x8100,mod_vlan_vid:5",
      "actions=push_vlan:0x8100,set_field:4101->vlan_vid" },
    { "ip,actions=mod_nw_src:1.2.3.4,mod_nw_dst:1.2.3.5,mod_nw_tos:16,"
      "mod_nw_ecn:2",
      "ip actions=set_field:1.2.3.4->ip_src,set_field:1.2.3.5->ip_dst,"
      "set_field:4->ip_dscp,set_field:2->nw_ecn" },
    { "tcp,actions=mod_tp_src:1,mod_tp_dst:2",
      "tcp actions=set_field:1->tcp_src,set_field:2->tcp_dst" },
    { "udp,actions=mod_tp_src:1,mod_tp_dst:2",
      "udp actions=set_field:1->udp_src,set_field:2->udp_dst" },
    { "sctp,actions=mod_tp_src:1,mod_tp_dst:2",
      "sctp actions=set_field:1->sctp_src,set_field:2->sctp_dst" },
    { "tcp,actions=set_field:1->tp_src,set_field:2->tp_dst",
      "tcp actions=set_field:1->tcp_src,set_field:2->tcp_dst" },
    { "dl_vlan=1,actions=set_field:0x1005->vlan_vid,set_field:1->vlan_pcp",
      "dl_vlan=1 actions=set_field:4101->vlan_vid,set_field:1->vlan_pcp" },
    { "ip,actions=set_field:1->ip_dscp,set_field:1->ip_ecn,"
      "set_field:1.2.3.4->ip_src,set_field:1.2.3.5->nw_dst",
      "ip actions=set_field:1->ip_dscp,set_field:1->nw_ecn,"
      "set_field:1.2.3.4->ip_src,set_field:1.2.3.5->ip_dst" },
    { "udp,actions=set_field:1->udp_src,set_field:2->udp_dst",
      "udp actions=set_field:1->udp_src,set_field:2->udp_dst" },
    { "sctp,actions=set_field:1->sctp_src,set_field:2->sctp_dst",
      "sctp actions=set_field:1->sctp_src,set_field:2->sctp_dst" },
    { "icmp,actions=set_field:1->icmp_type,set_field:2->icmp_code",
      "icmp actions=set_field:1->icmp_type,set_field:2->icmp_code" },
    { "icmp6,icmp_type=135,actions=set_field:1->icmpv6_type,"
      "set_field:2->icmpv6_code,set_field:2001:db8::1->nd_target,"
      "set_field:00:11:22:33:44:55->nd_sll",
      "icmp6,icmp_type=135 actions=set_field:1->icmpv6_type,"
      "set_field:2->icmpv6_code,set_field:2001:db8::1->nd_target,"
      "set_field:00:11:22:33:44:55->nd_sll" },
    { "icmp6,icmp_type=136,actions=set_field:00:11:22:33:44:55->nd_tll",
      "icmp6,icmp_type=136 actions=set_field:00:11:22:33:44:55->nd_tll" },
    { "arp,actions=set_field:1->arp_op,set_field:1.2.3.4->arp_spa,"
      "set_field:1.2.3.5->arp_tpa,set_field:00:11:22:33:44:55->arp_sha,"
      "set_field:00:11:22:33:44:66->arp_tha",
      "arp actions=set_field:1->arp_op,set_field:1.2.3.4->arp_spa,"
      "set_field:1.2.3.5->arp_tpa,set_field:00:11:22:33:44:55->arp_sha,"
      "set_field:00:11:22:33:44:66->arp_tha" },
    { "ipv6,actions=set_field:2001:db8::1->ipv6_src,"
      "set_field:2001:db8::2->ipv6_dst,set_field:0x12345->ipv6_label",
      "ipv6 actions=set_field:2001:db8::1->ipv6_src,"
      "set_field:2001:db8::2->ipv6_dst,set_field:0x12345->ipv6_label" },
    { "mpls,actions=set_field:5->mpls_label,set_field:3->mpls_tc",
      "mpls actions=set_field:5->mpls_label,set_field:3->mpls_tc" },
    { "actions=set_field:00:11:22:33:44:55->eth_src,set_field:0x5->tun_id,"
      "set_field:0->tunnel_id",
      "actions=set_field:00:11:22:33:44:55->eth_src,set_field:0x5->tun_id,"
      "set_field:0->tun_id" },
    { "actions=meter:1,output:1,clear_actions,write_actions(output:2,group:3),"
      "write_metadata:0x1/0xff,goto_table:3",
      "actions=meter:1,output:1,clear_actions,write_actions(output:2,group:3),"
      "write_metadata:0x1/0xff,goto_table:3" },
    { "actions=write_metadata:0x1/0xffffffffffffffff",
      "actions=write_metadata:0x1" },
    { "actions=write_metadata:0/0", "actions=write_metadata:0/0" },
    { "actions=write_metadata:10", "actions=write_metadata:0xa" },
    { "actions=clear_actions", "actions=clear_actions" },
    { "actions=goto_table:254", "actions=goto_table:254" },
    { "actions=write_actions(set_queue:1,output:2)",
      "actions=write_actions(set_queue:1,output:2)" },
    { "actions=drop", "actions=drop" },
    { "actions=", "actions=drop" },
    { "in_port=1 actions = drop", "in_port=1 actions=drop" },
    { "table=1,priority=10,cookie=0x5,idle_timeout=10,hard_timeout=20,"
      "send_flow_rem,check_overlap,reset_counts,no_packet_counts,"
      "no_byte_counts,in_port=1,actions=drop",
      "table:1 priority=10,in_port=1 cookie:0x5 idle:10 hard:20 "
      "send_flow_rem check_overlap reset_counts no_packet_counts "
      "no_byte_counts actions=drop" },
};

static void
check_ovs_case(const struct ovs_case *c, const char *suffix)
{
    char *input = xasprintf("%s%s", c->input, suffix);
    struct ofp_flow_mod fm;

    assert_ok(ofp_flow_mod_parse(input, OFP_TEXT_FLOW_ADD, &fm), input);
    char *text = flow_mod_text(&fm);
    ck_assert_msg(!strcmp(text, c->ovs),
                  "\"%s\"\n  ovs-ofctl: \"%s\"\n  we print: \"%s\"", input,
                  c->ovs, text);
    free(text);
    flow_mod_uninit(&fm);

    /* And what we print for it reads back as the same flow. */
    assert_flow_roundtrip(input);
    free(input);
}

START_TEST(test_matches_like_ovs)
{
    for (size_t i = 0; i < ARRAY_SIZE(ovs_matches); i++) {
        check_ovs_case(&ovs_matches[i], ",actions=drop");
    }
}
END_TEST

START_TEST(test_actions_like_ovs)
{
    for (size_t i = 0; i < ARRAY_SIZE(ovs_actions); i++) {
        check_ovs_case(&ovs_actions[i], "");
    }
}
END_TEST

/* --- Match round trips covering every field. ----------------------------- */

/* Each match is formatted as 'expected' and reads back as itself.  The
 * fields OVS lacks (in_phy_port, pbb_isid, ipv6_exthdr) use our own
 * forms. */
static const struct ovs_case match_roundtrips[] = {
    { "in_port=1,in_phy_port=2", "in_port=1,in_phy_port=2" },
    { "in_port=0xfffffffe", "in_port=LOCAL" },
    { "in_port=controller", "in_port=CONTROLLER" },
    { "in_port=4294967040", "in_port=4294967040" },
    { "metadata=0x123456789abcdef0", "metadata=0x123456789abcdef0" },
    { "metadata=0xf0/0xf0", "metadata=0xf0/0xf0" },
    { "eth_dst=aa:bb:cc:dd:ee:ff", "dl_dst=aa:bb:cc:dd:ee:ff" },
    { "eth_dst=aa:bb:cc:dd:ee:ff/ff:00:00:00:00:00",
      "dl_dst=aa:00:00:00:00:00/ff:00:00:00:00:00" },
    { "eth_src=1:2:3:4:5:6", "dl_src=01:02:03:04:05:06" },
    { "eth_src=01:02:03:04:05:06/00:00:00:00:00:ff",
      "dl_src=00:00:00:00:00:06/00:00:00:00:00:ff" },
    { "eth_type=0x0800", "ip" },
    { "eth_type=2054", "arp" },
    { "vlan_vid=0x1fff", "dl_vlan=4095" },
    { "vlan_vid=0", "vlan_tci=0x0000/0x1fff" },
    { "vlan_vid=5", "vlan_tci=0x0005/0x1fff" },
    { "vlan_vid=0x1005/0x1fff", "dl_vlan=5" },
    { "vlan_vid=0x1005/0xfff", "vlan_tci=0x0005/0x0fff" },
    { "vlan_vid=0x1005/0xfff,vlan_pcp=2", "vlan_tci=0x4005/0xefff" },
    { "vlan_tci=0x4005/0xefff", "vlan_tci=0x4005/0xefff" },
    { "vlan_tci=0x1005/0x1fff", "dl_vlan=5" },
    { "vlan_tci=0x6000/0xe000", "dl_vlan_pcp=3" },
    { "vlan_tci=0xf005", "dl_vlan=5,dl_vlan_pcp=7" },
    { "vlan_tci=0x1000/0x1000,vlan_pcp=0", "dl_vlan_pcp=0" },
    { "ipv6,ip_dscp=63,ip_ecn=1", "ipv6,nw_tos=252,nw_ecn=1" },
    { "ip,nw_tos=0", "ip,nw_tos=0" },
    { "ipv6,ip_proto=17", "udp6" },
    { "ip,ip_proto=1", "icmp" },
    { "ip,ipv4_src=255.255.255.255,ipv4_dst=0.0.0.1",
      "ip,nw_src=255.255.255.255,nw_dst=0.0.0.1" },
    { "ip,ipv4_src=10.1.2.3/16,ipv4_dst=10.0.0.0/0.255.0.255",
      "ip,nw_src=10.1.0.0/16,nw_dst=0.0.0.0/0.255.0.255" },
    { "tcp6,tcp_src=0,tcp_dst=443", "tcp6,tp_src=0,tp_dst=443" },
    { "udp,udp_src=67,udp_dst=68", "udp,tp_src=67,tp_dst=68" },
    { "sctp6,sctp_src=9,sctp_dst=10", "sctp6,tp_src=9,tp_dst=10" },
    { "icmp,icmpv4_type=3,icmpv4_code=13", "icmp,icmp_type=3,icmp_code=13" },
    { "arp,arp_op=65535", "arp,arp_op=65535" },
    { "arp,arp_spa=1.2.3.4,arp_tpa=5.6.7.8",
      "arp,arp_spa=1.2.3.4,arp_tpa=5.6.7.8" },
    { "arp,arp_spa=1.2.3.4/31,arp_tpa=5.6.7.8/255.255.0.255",
      "arp,arp_spa=1.2.3.4/31,arp_tpa=5.6.0.8/255.255.0.255" },
    { "arp,arp_sha=00:00:00:00:00:01,arp_tha=ff:ff:ff:ff:ff:ff",
      "arp,arp_sha=00:00:00:00:00:01,arp_tha=ff:ff:ff:ff:ff:ff" },
    { "arp,arp_sha=00:00:00:00:00:01/01:00:00:00:00:01,"
      "arp_tha=ff:ff:ff:ff:ff:ff/ff:ff:ff:ff:ff:00",
      "arp,arp_sha=00:00:00:00:00:01/01:00:00:00:00:01,"
      "arp_tha=ff:ff:ff:ff:ff:00/ff:ff:ff:ff:ff:00" },
    { "ipv6,ipv6_src=::ffff:1.2.3.4,ipv6_dst=2001:db8:0:0:1:0:0:1",
      "ipv6,ipv6_src=::ffff:1.2.3.4,ipv6_dst=2001:db8::1:0:0:1" },
    { "ipv6,ipv6_src=2001:db8::/127,ipv6_dst=2001:db8::1/ffff::ffff",
      "ipv6,ipv6_src=2001:db8::/127,ipv6_dst=2001::1/ffff::ffff" },
    { "ipv6,ipv6_flabel=0xfffff", "ipv6,ipv6_label=0xfffff" },
    { "ipv6,ipv6_flabel=0x12345/0xf000f", "ipv6,ipv6_label=0x10005/0xf000f" },
    { "icmp6,icmpv6_type=128,icmpv6_code=0",
      "icmp6,icmp_type=128,icmp_code=0" },
    { "icmp6,icmp_type=135,ipv6_nd_target=fe80::1,"
      "ipv6_nd_sll=00:00:00:00:00:02",
      "icmp6,icmp_type=135,nd_target=fe80::1,nd_sll=00:00:00:00:00:02" },
    { "icmp6,icmp_type=136,ipv6_nd_tll=00:00:00:00:00:03",
      "icmp6,icmp_type=136,nd_tll=00:00:00:00:00:03" },
    { "mpls,mpls_label=0,mpls_tc=7,mpls_bos=0",
      "mpls,mpls_label=0,mpls_tc=7,mpls_bos=0" },
    { "dl_type=0x88e7,pbb_isid=100", "dl_type=0x88e7,pbb_isid=100" },
    { "dl_type=0x88e7,pbb_isid=0x123456/0xff00ff",
      "dl_type=0x88e7,pbb_isid=0x120056/0xff00ff" },
    { "tunnel_id=0xffffffffffffffff", "tun_id=0xffffffffffffffff" },
    { "tun_id=0x100/0xff00", "tun_id=0x100/0xff00" },
    { "ipv6,ipv6_exthdr=0x104", "ipv6,ipv6_exthdr=0x104" },
    { "ipv6,ipv6_exthdr=0x4/0xf", "ipv6,ipv6_exthdr=0x4/0xf" },
    { "ipv6,ipv6_exthdr=0x1/0x1ff", "ipv6,ipv6_exthdr=0x1" },
    { "", "" },
};

START_TEST(test_match_roundtrip_every_field)
{
    uint64_t seen = 0, seen_masked = 0, maskable = 0;

    for (size_t i = 0; i < ARRAY_SIZE(match_roundtrips); i++) {
        const struct ovs_case *c = &match_roundtrips[i];
        struct ofp_match m1, m2;

        assert_ok(ofp_match_parse(c->input, &m1), c->input);
        char *text = match_text(&m1);
        ck_assert_msg(!strcmp(text, c->ovs),
                      "\"%s\": expected \"%s\", got "
                      "\"%s\"",
                      c->input, c->ovs, text);
        assert_ok(ofp_match_parse(text, &m2), text);
        ck_assert_msg(ofp_match_equal(&m1, &m2), "\"%s\" did not read back",
                      text);
        seen |= m1.present;
        for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
            const struct oxm_field_info *info = oxm_field_info(f);
            uint8_t ones[OXM_MAX_LEN];
            memset(ones, 0xff, sizeof ones);
            if (ofp_match_has(&m1, f) &&
                memcmp(m1.mask[f].b, ones, info->len)) {
                seen_masked |= UINT64_C(1) << f;
            }
        }
        free(text);
        ofp_match_uninit(&m1);
        ofp_match_uninit(&m2);
    }
    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        if (oxm_field_info(f)->maskable) {
            maskable |= UINT64_C(1) << f;
        }
    }
    /* All 40 fields exact, every maskable one masked too. */
    ck_assert_uint_eq(seen, (UINT64_C(1) << OXM_N_FIELDS) - 1);
    ck_assert_uint_eq(seen_masked & maskable, maskable);
}
END_TEST

START_TEST(test_match_details)
{
    struct ofp_match m;

    /* A later duplicate wins; shorthands may follow the fields they
     * enable; nw_src means arp_spa in an ARP match. */
    assert_ok(ofp_match_parse("tp_dst=80 tcp", &m), "tp_dst=80 tcp");
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_TCP_DST), 80);
    ofp_match_uninit(&m);

    assert_ok(ofp_match_parse("nw_src=1.2.3.4,arp", &m), "arp");
    ck_assert(ofp_match_has(&m, OXM_ARP_SPA));
    ck_assert(!ofp_match_has(&m, OXM_IPV4_SRC));
    ofp_match_uninit(&m);

    /* dl_vlan=N is "tagged with VID N"; vlan_vid is the raw OXM value. */
    assert_ok(ofp_match_parse("dl_vlan=7", &m), "dl_vlan=7");
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_VLAN_VID), 0x1007);
    ck_assert(!(m.masked & (UINT64_C(1) << OXM_VLAN_VID)));
    ofp_match_uninit(&m);
    assert_ok(ofp_match_parse("vlan_vid=7", &m), "vlan_vid=7");
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_VLAN_VID), 7);
    ofp_match_uninit(&m);

    /* A PCP alone implies "tagged". */
    assert_ok(ofp_match_parse("dl_vlan_pcp=5", &m), "dl_vlan_pcp=5");
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_VLAN_VID), OFPVID_PRESENT);
    ck_assert_uint_eq(ofp_match_get_mask_uint(&m, OXM_VLAN_VID),
                      OFPVID_PRESENT);
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_VLAN_PCP), 5);
    ofp_match_uninit(&m);

    /* nw_tos is DSCP << 2. */
    assert_ok(ofp_match_parse("ip,nw_tos=0xfc", &m), "nw_tos=0xfc");
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IP_DSCP), 63);
    ofp_match_uninit(&m);

    /* An all-zero mask wildcards the field. */
    assert_ok(ofp_match_parse("metadata=0x5/0", &m), "metadata=0x5/0");
    ck_assert_uint_eq(m.present, 0);
    ofp_match_uninit(&m);

    /* Value bits outside the mask are dropped. */
    assert_ok(ofp_match_parse("ip,nw_dst=10.1.2.3/8", &m), "nw_dst");
    ck_assert_uint_eq(ofp_match_get_uint(&m, OXM_IPV4_DST), 0x0a000000);
    ck_assert_uint_eq(ofp_match_get_mask_uint(&m, OXM_IPV4_DST), 0xff000000);
    ofp_match_uninit(&m);

    /* Formatting appends to what is already in the buffer. */
    struct buf b = BUF_INITIALIZER;
    buf_put(&b, "x,", 2);
    assert_ok(ofp_match_parse("in_port=3", &m), "in_port=3");
    ofp_match_format(&m, &b);
    ck_assert_str_eq(ofp_text_cstr(&b), "x,in_port=3");
    ofp_match_uninit(&m);
    buf_uninit(&b);
}
END_TEST

/* --- Action and instruction round trips. --------------------------------- */

/* Canonical forms: each formats as itself and reads back as itself. */
static const char *const action_roundtrips[] = {
    ("output:1,output:4294967040,CONTROLLER:128,CONTROLLER:0,"
     "CONTROLLER:65509,IN_PORT,TABLE,NORMAL,FLOOD,ALL,LOCAL"),
    "copy_ttl_out,copy_ttl_in,set_mpls_ttl(255),dec_mpls_ttl",
    "push_vlan:0x8100,push_vlan:0x88a8,pop_vlan",
    "push_mpls:0x8847,push_mpls:0x8848,pop_mpls:0x86dd",
    "set_queue:0,group:4294967295",
    "mod_nw_ttl:0,dec_ttl",
    "push_pbb:0x88e7,pop_pbb",
    "set_field:10.0.0.1->ip_dst,set_field:4096->vlan_vid",
    "experimenter(id=0x2320,data=0011223344556677),experimenter(id=0x1)",
    "drop",
};

START_TEST(test_action_roundtrip)
{
    uint64_t types_seen = 0;

    for (size_t i = 0; i < ARRAY_SIZE(action_roundtrips); i++) {
        const char *s = action_roundtrips[i];
        struct ofp_actions a1, a2;
        struct buf b = BUF_INITIALIZER;

        assert_ok(ofp_actions_parse(s, NULL, &a1), s);
        ofp_actions_format(&a1, &b);
        ck_assert_str_eq(ofp_text_cstr(&b), s);
        assert_ok(ofp_actions_parse(ofp_text_cstr(&b), NULL, &a2), s);
        ck_assert_msg(ofp_actions_equal(&a1, &a2), "\"%s\"", s);
        for (size_t j = 0; j < a1.n; j++) {
            types_seen |=
                UINT64_C(1)
                << (a1.a[j].type == OFPAT_EXPERIMENTER ? 63 : a1.a[j].type);
        }
        ofp_actions_uninit(&a1);
        ofp_actions_uninit(&a2);
        buf_uninit(&b);
    }

    /* Every OpenFlow 1.3 action type. */
    static const uint16_t types[] = {
        OFPAT_OUTPUT,       OFPAT_COPY_TTL_OUT, OFPAT_COPY_TTL_IN,
        OFPAT_SET_MPLS_TTL, OFPAT_DEC_MPLS_TTL, OFPAT_PUSH_VLAN,
        OFPAT_POP_VLAN,     OFPAT_PUSH_MPLS,    OFPAT_POP_MPLS,
        OFPAT_SET_QUEUE,    OFPAT_GROUP,        OFPAT_SET_NW_TTL,
        OFPAT_DEC_NW_TTL,   OFPAT_SET_FIELD,    OFPAT_PUSH_PBB,
        OFPAT_POP_PBB,
    };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        ck_assert_msg(types_seen & (UINT64_C(1) << types[i]),
                      "action type %u not covered", types[i]);
    }
    ck_assert(types_seen & (UINT64_C(1) << 63)); /* Experimenter. */
}
END_TEST

START_TEST(test_action_details)
{
    struct ofp_actions a;

    /* A bare number is an output; controller defaults to max_len 65535;
     * output to other ports has max_len 0. */
    assert_ok(ofp_actions_parse("7,controller,enqueue(LOCAL,9)", NULL, &a),
              "7");
    ck_assert_uint_eq(a.n, 4);
    ck_assert_uint_eq(a.a[0].type, OFPAT_OUTPUT);
    ck_assert_uint_eq(a.a[0].u.output.port, 7);
    ck_assert_uint_eq(a.a[0].u.output.max_len, 0);
    ck_assert_uint_eq(a.a[1].u.output.port, OFPP_CONTROLLER);
    ck_assert_uint_eq(a.a[1].u.output.max_len, OFPCML_NO_BUFFER);
    ck_assert_uint_eq(a.a[2].type, OFPAT_SET_QUEUE);
    ck_assert_uint_eq(a.a[2].u.queue_id, 9);
    ck_assert_uint_eq(a.a[3].u.output.port, OFPP_LOCAL);
    ofp_actions_uninit(&a);

    /* The experimenter body is kept. */
    assert_ok(ofp_actions_parse("experimenter(id=0x2320,data=00ff00000000"
                                "0001)",
                                NULL, &a),
              "experimenter");
    ck_assert_uint_eq(a.a[0].u.experimenter.experimenter, 0x2320);
    ck_assert_uint_eq(a.a[0].u.experimenter.len, 8);
    ck_assert_uint_eq(a.a[0].u.experimenter.data[1], 0xff);
    ck_assert_uint_eq(a.a[0].u.experimenter.data[7], 0x01);
    ofp_actions_uninit(&a);

    /* mod_tp_dst follows the match's protocol. */
    struct ofp_match m;
    assert_ok(ofp_match_parse("udp6", &m), "udp6");
    assert_ok(ofp_actions_parse("mod_tp_dst:53", &m, &a), "mod_tp_dst");
    ck_assert_uint_eq(a.a[0].u.set_field.field, OXM_UDP_DST);
    ck_assert_uint_eq(a.a[0].u.set_field.value.b[1], 53);
    ofp_actions_uninit(&a);
    ofp_match_uninit(&m);
}
END_TEST

/* set_field round-trips every settable field, with a value using all of
 * its significant bits. */
START_TEST(test_set_field_every_field)
{
    int n_settable = 0;

    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        const struct oxm_field_info *info = oxm_field_info(f);
        struct ofp_action act;
        struct ofp_actions a1, a2;
        struct buf b = BUF_INITIALIZER;

        if (!info->settable) {
            continue;
        }
        n_settable++;
        ofp_actions_init(&a1);
        memset(&act, 0, sizeof act);
        act.type = OFPAT_SET_FIELD;
        act.u.set_field.field = f;
        for (unsigned int i = 0; i < info->len; i++) {
            act.u.set_field.value.b[i] = (uint8_t)(0xa5 + i);
        }
        /* Keep only the significant (low) bits. */
        unsigned int extra = info->len * 8 - info->bits;
        for (unsigned int i = 0; i < extra / 8; i++) {
            act.u.set_field.value.b[i] = 0;
        }
        act.u.set_field.value.b[extra / 8] &= (uint8_t)(0xff >> (extra % 8));
        if (f == OXM_VLAN_VID) {
            act.u.set_field.value.b[0] |= OFPVID_PRESENT >> 8;
        }
        ofp_actions_push(&a1, &act);

        ofp_actions_format(&a1, &b);
        const char *text = ofp_text_cstr(&b);
        ck_assert_msg(!strncmp(text, "set_field:", 10), "%s", text);
        ck_assert_msg(strstr(text, oxm_field_text_name(f)) != NULL, "%s",
                      text);
        assert_ok(ofp_actions_parse(text, NULL, &a2), text);
        ck_assert_msg(ofp_actions_equal(&a1, &a2), "%s did not read back",
                      text);
        ofp_actions_uninit(&a1);
        ofp_actions_uninit(&a2);
        buf_uninit(&b);
    }
    ck_assert_int_gt(n_settable, 30);
}
END_TEST

static const char *const instruction_roundtrips[] = {
    "meter:4294967295",
    "output:1",
    "clear_actions",
    "write_actions(drop)",
    "write_actions(group:1,set_field:aa:bb:cc:dd:ee:ff->eth_dst)",
    "write_metadata:0xffffffffffffffff",
    "write_metadata:0/0x1",
    "goto_table:0",
    ("meter:2,dec_ttl,output:2,clear_actions,write_actions(output:3),"
     "write_metadata:0x2/0x3,goto_table:9"),
    "drop",
};

START_TEST(test_instruction_roundtrip)
{
    uint32_t present = 0;

    for (size_t i = 0; i < ARRAY_SIZE(instruction_roundtrips); i++) {
        const char *s = instruction_roundtrips[i];
        struct ofp_instructions i1, i2;
        struct buf b = BUF_INITIALIZER;

        assert_ok(ofp_instructions_parse(s, NULL, &i1), s);
        ofp_instructions_format(&i1, &b);
        ck_assert_str_eq(ofp_text_cstr(&b), s);
        assert_ok(ofp_instructions_parse(ofp_text_cstr(&b), NULL, &i2), s);
        ck_assert_msg(ofp_instructions_equal(&i1, &i2), "\"%s\"", s);
        present |= i1.present;
        ofp_instructions_uninit(&i1);
        ofp_instructions_uninit(&i2);
        buf_uninit(&b);
    }
    ck_assert_uint_eq(
        present,
        OFPIT_BIT(OFPIT_GOTO_TABLE) | OFPIT_BIT(OFPIT_WRITE_METADATA) |
            OFPIT_BIT(OFPIT_WRITE_ACTIONS) | OFPIT_BIT(OFPIT_APPLY_ACTIONS) |
            OFPIT_BIT(OFPIT_CLEAR_ACTIONS) | OFPIT_BIT(OFPIT_METER));

    /* "drop" is no instruction at all; an empty apply-actions instruction
     * (as a controller may send) also prints as "drop", as in ovs-ofctl. */
    struct ofp_instructions insts;
    struct buf b = BUF_INITIALIZER;
    assert_ok(ofp_instructions_parse("drop", NULL, &insts), "drop");
    ck_assert_uint_eq(insts.present, 0);
    insts.present = OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    ofp_instructions_format(&insts, &b);
    ck_assert_str_eq(ofp_text_cstr(&b), "drop");
    buf_clear(&b);
    insts.present |= OFPIT_BIT(OFPIT_GOTO_TABLE);
    insts.goto_table = 4;
    ofp_instructions_format(&insts, &b);
    ck_assert_str_eq(ofp_text_cstr(&b), "goto_table:4");
    ofp_instructions_uninit(&insts);
    buf_uninit(&b);
}
END_TEST

/* --- Flow mods. ---------------------------------------------------------- */

START_TEST(test_flow_mod_defaults)
{
    struct ofp_flow_mod fm;

    assert_ok(ofp_flow_mod_parse("actions=drop", OFP_TEXT_FLOW_ADD, &fm),
              "add");
    ck_assert_uint_eq(fm.command, OFPFC_ADD);
    ck_assert_uint_eq(fm.priority, OFP_DEFAULT_PRIORITY);
    ck_assert_uint_eq(fm.table_id, 0);
    ck_assert(fm.cookie == 0 && fm.cookie_mask == 0);
    ck_assert_uint_eq(fm.idle_timeout, 0);
    ck_assert_uint_eq(fm.hard_timeout, 0);
    ck_assert_uint_eq(fm.buffer_id, OFP_NO_BUFFER);
    ck_assert_uint_eq(fm.out_port, OFPP_ANY);
    ck_assert_uint_eq(fm.out_group, OFPG_ANY);
    ck_assert_uint_eq(fm.flags, 0);
    ck_assert_uint_eq(fm.match.present, 0);
    ck_assert_uint_eq(fm.instructions.present, 0);
    flow_mod_uninit(&fm);

    assert_ok(ofp_flow_mod_parse("", OFP_TEXT_FLOW_DELETE, &fm), "delete");
    ck_assert_uint_eq(fm.command, OFPFC_DELETE);
    ck_assert_uint_eq(fm.table_id, OFPTT_ALL);
    ck_assert_uint_eq(fm.out_port, OFPP_ANY);
    ck_assert_uint_eq(fm.out_group, OFPG_ANY);
    flow_mod_uninit(&fm);

    assert_ok(ofp_flow_mod_parse("in_port=1,actions=output:2",
                                 OFP_TEXT_FLOW_MODIFY_STRICT, &fm),
              "modify_strict");
    ck_assert_uint_eq(fm.command, OFPFC_MODIFY_STRICT);
    ck_assert_uint_eq(fm.table_id, 0);
    flow_mod_uninit(&fm);

    /* Every key. */
    assert_ok(ofp_flow_mod_parse("table=2 priority=9 cookie=0x77/0xf0 "
                                 "out_port=3 out_group=4 ip",
                                 OFP_TEXT_FLOW_DELETE_STRICT, &fm),
              "delete_strict");
    ck_assert_uint_eq(fm.command, OFPFC_DELETE_STRICT);
    ck_assert_uint_eq(fm.table_id, 2);
    ck_assert_uint_eq(fm.priority, 9);
    ck_assert(fm.cookie == 0x70 && fm.cookie_mask == 0xf0);
    ck_assert_uint_eq(fm.out_port, 3);
    ck_assert_uint_eq(fm.out_group, 4);
    ck_assert(ofp_match_has(&fm.match, OXM_ETH_TYPE));
    flow_mod_uninit(&fm);

    assert_ok(ofp_flow_mod_parse("buffer_id=0x10,importance=3,"
                                 "idle_timeout=65535,hard_timeout=1,"
                                 "cookie=5,duration=1.5s,n_packets=3,"
                                 "n_bytes=4,idle_age=1,hard_age=2,"
                                 "actions=drop",
                                 OFP_TEXT_FLOW_MODIFY, &fm),
              "modify");
    ck_assert_uint_eq(fm.buffer_id, 0x10);
    ck_assert_uint_eq(fm.idle_timeout, 65535);
    ck_assert_uint_eq(fm.hard_timeout, 1);
    ck_assert(fm.cookie == 5 && fm.cookie_mask == 0);
    flow_mod_uninit(&fm);

    assert_ok(ofp_flow_mod_parse("out_group=any", OFP_TEXT_FLOW_DELETE, &fm),
              "out_group=any");
    ck_assert_uint_eq(fm.out_group, OFPG_ANY);
    flow_mod_uninit(&fm);
}
END_TEST

/* The flow_mod summary of ofp-print.  The expected strings are what
 * "ovs-ofctl ofp-print HEX" prints after "OFPT_FLOW_MOD (OF1.3)
 * (xid=0x1): CMD " for the same flow_mod built with os-ken. */
START_TEST(test_flow_mod_format_like_ovs)
{
    static const struct {
        enum ofp_text_flow_cmd cmd;
        const char *input;
        const char *ovs;
    } cases[] = {
        { OFP_TEXT_FLOW_DELETE, "cookie=0x5/0xff,out_port=2,in_port=1",
          "table:255 in_port=1 cookie:0x5/0xff out_port:2 actions=drop" },
        { OFP_TEXT_FLOW_MODIFY_STRICT,
          "table=1,priority=7,cookie=0x5/0xff,in_port=1,actions=output:3",
          "table:1 priority=7,in_port=1 cookie:0x5/0xff actions=output:3" },
        { OFP_TEXT_FLOW_MODIFY, "cookie=5,in_port=1,actions=output:3",
          "in_port=1 actions=output:3" },
        { OFP_TEXT_FLOW_ADD,
          "table=2,priority=100,cookie=9,idle_timeout=5,hard_timeout=6,"
          "buffer_id=0x77,send_flow_rem,check_overlap,actions=LOCAL",
          "table:2 priority=100 cookie:0x9 idle:5 hard:6 buf:0x77 "
          "send_flow_rem check_overlap actions=LOCAL" },
        { OFP_TEXT_FLOW_DELETE_STRICT,
          "table=3,priority=5,out_port=LOCAL,out_group=3,ip",
          "table:3 priority=5,ip out_port:LOCAL actions=drop" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_flow_mod fm;
        assert_ok(ofp_flow_mod_parse(cases[i].input, cases[i].cmd, &fm),
                  cases[i].input);
        char *text = flow_mod_text(&fm);
        ck_assert_str_eq(text, cases[i].ovs);

        /* The summary reads back as the same flow_mod. */
        struct ofp_flow_mod fm2;
        assert_ok(ofp_flow_mod_parse(text, cases[i].cmd, &fm2), text);
        if (cases[i].cmd == OFP_TEXT_FLOW_MODIFY) {
            fm2.cookie = fm.cookie; /* Not shown without a mask. */
        }
        assert_flow_mods_equal(&fm, &fm2, text);
        ck_assert(fm.cookie_mask == fm2.cookie_mask);
        ck_assert_uint_eq(fm.buffer_id, fm2.buffer_id);
        ck_assert_uint_eq(fm.out_port, fm2.out_port);
        flow_mod_uninit(&fm2);
        free(text);
        flow_mod_uninit(&fm);
    }
}
END_TEST

/* --- dump-flows lines. --------------------------------------------------- */

static void
push_output(struct ofp_actions *acts, uint32_t port, uint16_t max_len)
{
    struct ofp_action a;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_OUTPUT;
    a.u.output.port = port;
    a.u.output.max_len = max_len;
    ofp_actions_push(acts, &a);
}

/* The expected lines are "ovs-ofctl ofp-print" of an OFPMP_FLOW reply
 * holding the same five entries (built byte by byte in Python from os-ken
 * matches and instructions). */
START_TEST(test_flow_stats_like_ovs)
{
    static const char *const ovs[] = {
        " cookie=0x0, duration=1.234s, table=0, n_packets=0, n_bytes=0, "
        "priority=10,in_port=1 actions=output:2",
        " cookie=0x1234, duration=12.000000005s, table=3, n_packets=7, "
        "n_bytes=700, idle_timeout=10, hard_timeout=20, send_flow_rem "
        "tcp,tp_dst=80 actions=goto_table:5",
        " cookie=0x0, duration=0s, table=0, n_packets=1, n_bytes=2, "
        "send_flow_rem check_overlap reset_counts no_packet_counts "
        "no_byte_counts priority=0 actions=drop",
        " cookie=0xff, duration=5.000001s, table=1, n_packets=3, n_bytes=4, "
        "hard_timeout=30, check_overlap priority=100,dl_vlan=5,"
        "dl_vlan_pcp=3,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 "
        "actions=meter:3,set_field:10.0.0.1->ip_dst,CONTROLLER:65535,"
        "clear_actions,write_actions(group:1),write_metadata:0x1/0xff",
        " cookie=0x0, duration=5s, table=0, n_packets=0, n_bytes=0, "
        "priority=5,vlan_tci=0x0000/0x1fff actions=drop",
    };
    struct ofp_flow_stats fs[ARRAY_SIZE(ovs)];
    struct ofp_action a;

    for (size_t i = 0; i < ARRAY_SIZE(fs); i++) {
        memset(&fs[i], 0, sizeof fs[i]);
        ofp_match_init(&fs[i].match);
        ofp_instructions_init(&fs[i].instructions);
    }

    fs[0].duration_sec = 1;
    fs[0].duration_nsec = 234000000;
    fs[0].priority = 10;
    ofp_match_set_u32(&fs[0].match, OXM_IN_PORT, 1);
    fs[0].instructions.present = OFPIT_BIT(OFPIT_APPLY_ACTIONS);
    push_output(&fs[0].instructions.apply, 2, 0);

    fs[1].table_id = 3;
    fs[1].duration_sec = 12;
    fs[1].duration_nsec = 5;
    fs[1].priority = 32768;
    fs[1].idle_timeout = 10;
    fs[1].hard_timeout = 20;
    fs[1].flags = OFPFF_SEND_FLOW_REM;
    fs[1].cookie = 0x1234;
    fs[1].packet_count = 7;
    fs[1].byte_count = 700;
    ofp_match_set_u16(&fs[1].match, OXM_ETH_TYPE, 0x0800);
    ofp_match_set_u8(&fs[1].match, OXM_IP_PROTO, 6);
    ofp_match_set_u16(&fs[1].match, OXM_TCP_DST, 80);
    fs[1].instructions.present = OFPIT_BIT(OFPIT_GOTO_TABLE);
    fs[1].instructions.goto_table = 5;

    fs[2].flags = OFPFF_ALL;
    fs[2].packet_count = 1;
    fs[2].byte_count = 2;

    fs[3].table_id = 1;
    fs[3].duration_sec = 5;
    fs[3].duration_nsec = 1000;
    fs[3].priority = 100;
    fs[3].hard_timeout = 30;
    fs[3].flags = OFPFF_CHECK_OVERLAP;
    fs[3].cookie = 0xff;
    fs[3].packet_count = 3;
    fs[3].byte_count = 4;
    ofp_match_set_u16(&fs[3].match, OXM_VLAN_VID, 0x1005);
    ofp_match_set_u8(&fs[3].match, OXM_VLAN_PCP, 3);
    static const uint8_t mc[6] = { 1, 0, 0, 0, 0, 0 };
    ofp_match_set(&fs[3].match, OXM_ETH_DST, mc, mc);
    fs[3].instructions.present =
        OFPIT_BIT(OFPIT_METER) | OFPIT_BIT(OFPIT_APPLY_ACTIONS) |
        OFPIT_BIT(OFPIT_CLEAR_ACTIONS) | OFPIT_BIT(OFPIT_WRITE_ACTIONS) |
        OFPIT_BIT(OFPIT_WRITE_METADATA);
    fs[3].instructions.meter_id = 3;
    memset(&a, 0, sizeof a);
    a.type = OFPAT_SET_FIELD;
    a.u.set_field.field = OXM_IPV4_DST;
    memcpy(a.u.set_field.value.b, "\x0a\x00\x00\x01", 4);
    ofp_actions_push(&fs[3].instructions.apply, &a);
    push_output(&fs[3].instructions.apply, OFPP_CONTROLLER, 0xffff);
    memset(&a, 0, sizeof a);
    a.type = OFPAT_GROUP;
    a.u.group_id = 1;
    ofp_actions_push(&fs[3].instructions.write, &a);
    fs[3].instructions.metadata = 1;
    fs[3].instructions.metadata_mask = 0xff;

    fs[4].duration_sec = 5;
    fs[4].priority = 5;
    ofp_match_set_u16(&fs[4].match, OXM_VLAN_VID, 0);
    fs[4].instructions.present = OFPIT_BIT(OFPIT_APPLY_ACTIONS); /* Empty. */

    for (size_t i = 0; i < ARRAY_SIZE(fs); i++) {
        struct buf b = BUF_INITIALIZER;
        struct ofp_flow_mod fm;

        ofp_flow_stats_format(&fs[i], &b);
        ck_assert_str_eq(ofp_text_cstr(&b), ovs[i]);

        /* The line reads back as the flow. */
        assert_ok(
            ofp_flow_mod_parse(ofp_text_cstr(&b), OFP_TEXT_FLOW_ADD, &fm),
            ovs[i]);
        ck_assert(ofp_match_equal(&fm.match, &fs[i].match));
        if (i == 4) {
            /* The empty apply-actions reads back as no instruction. */
            ck_assert_uint_eq(fm.instructions.present, 0);
        } else {
            ck_assert(
                ofp_instructions_equal(&fm.instructions, &fs[i].instructions));
        }
        ck_assert_uint_eq(fm.table_id, fs[i].table_id);
        ck_assert_uint_eq(fm.priority, fs[i].priority);
        ck_assert_uint_eq(fm.idle_timeout, fs[i].idle_timeout);
        ck_assert_uint_eq(fm.hard_timeout, fs[i].hard_timeout);
        ck_assert_uint_eq(fm.flags, fs[i].flags);
        ck_assert(fm.cookie == fs[i].cookie);
        flow_mod_uninit(&fm);
        buf_uninit(&b);
        ofp_match_uninit(&fs[i].match);
        ofp_instructions_uninit(&fs[i].instructions);
    }
}
END_TEST

/* --- Groups. ------------------------------------------------------------- */

static void
assert_group_mods_equal(const struct ofp_group_mod *a,
                        const struct ofp_group_mod *b)
{
    ck_assert_uint_eq(a->command, b->command);
    ck_assert_uint_eq(a->type, b->type);
    ck_assert_uint_eq(a->group_id, b->group_id);
    ck_assert_uint_eq(a->buckets.n, b->buckets.n);
    for (size_t i = 0; i < a->buckets.n; i++) {
        const struct ofp_bucket *x = &a->buckets.b[i];
        const struct ofp_bucket *y = &b->buckets.b[i];
        ck_assert_uint_eq(x->weight, y->weight);
        ck_assert_uint_eq(x->watch_port, y->watch_port);
        ck_assert_uint_eq(x->watch_group, y->watch_group);
        ck_assert(ofp_actions_equal(&x->actions, &y->actions));
    }
}

/* Expected strings: "ovs-ofctl ofp-print" of the same OFPT_GROUP_MOD built
 * with os-ken (the text after "ADD "/"MOD "/"DEL "). */
START_TEST(test_groups)
{
    static const struct {
        uint16_t cmd;
        const char *input;
        const char *ovs;
    } cases[] = {
        { OFPGC_ADD,
          "group_id=1,type=select,bucket=weight:10,watch_port:2,output:1,"
          "bucket=weight=0,actions=output:2,group:3",
          "group_id=1,type=select,bucket=weight:10,watch_port:2,"
          "actions=output:1,bucket=weight:0,actions=output:2,group:3" },
        { OFPGC_ADD, "group_id=2,type=all,bucket=output:2,group:3",
          "group_id=2,type=all,bucket=actions=output:2,group:3" },
        { OFPGC_MODIFY,
          "group_id=3,type=fast_failover,"
          "bucket=watch_port=3,watch_group=4,actions=drop,"
          "bucket=watch_port:local,actions=controller:100",
          "group_id=3,type=ff,bucket=watch_port:3,watch_group:4,actions=drop,"
          "bucket=watch_port:LOCAL,actions=CONTROLLER:100" },
        { OFPGC_DELETE, "group_id=all", "group_id=4294967292,type=all" },
        { OFPGC_DELETE, "", "group_id=4294967292,type=all" },
        { OFPGC_DELETE, "group_id=7", "group_id=7,type=all" },
        { OFPGC_ADD,
          "group_id=5,type=indirect,bucket=actions=output:2,group:3",
          "group_id=5,type=indirect,bucket=actions=output:2,group:3" },
        { OFPGC_ADD, "group_id=3,type=select,bucket=output:1",
          "group_id=3,type=select,bucket=actions=output:1" },
        { OFPGC_ADD, "group_id=3,type=select", "group_id=3,type=select" },
        { OFPGC_ADD,
          "group_id=4294967040 type=ff bucket=watch_group:0,"
          "actions=set_field:00:00:00:00:00:01->eth_src,output:9",
          "group_id=4294967040,type=ff,bucket=watch_group:0,"
          "actions=set_field:00:00:00:00:00:01->eth_src,output:9" },
    };
    bool types_seen[4] = { false };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_group_mod g1, g2;
        struct buf b = BUF_INITIALIZER;

        assert_ok(ofp_group_mod_parse(cases[i].input, cases[i].cmd, &g1),
                  cases[i].input);
        ofp_group_mod_format(&g1, &b);
        ck_assert_str_eq(ofp_text_cstr(&b), cases[i].ovs);
        assert_ok(ofp_group_mod_parse(ofp_text_cstr(&b), cases[i].cmd, &g2),
                  cases[i].ovs);
        assert_group_mods_equal(&g1, &g2);
        if (g1.type < 4) {
            types_seen[g1.type] = true;
        }
        ofp_buckets_uninit(&g1.buckets);
        ofp_buckets_uninit(&g2.buckets);
        buf_uninit(&b);
    }
    for (int t = 0; t < 4; t++) {
        ck_assert(types_seen[t]);
    }

    /* Bucket defaults: weight 1 in select groups, 0 elsewhere; watch_port
     * and watch_group ANY. */
    struct ofp_group_mod gm;
    assert_ok(ofp_group_mod_parse("group_id=1,type=select,bucket=output:1",
                                  OFPGC_ADD, &gm),
              "select");
    ck_assert_uint_eq(gm.buckets.b[0].weight, 1);
    ck_assert_uint_eq(gm.buckets.b[0].watch_port, OFPP_ANY);
    ck_assert_uint_eq(gm.buckets.b[0].watch_group, OFPG_ANY);
    ofp_buckets_uninit(&gm.buckets);
    assert_ok(ofp_group_mod_parse("group_id=1,type=all,bucket=output:1",
                                  OFPGC_ADD, &gm),
              "all");
    ck_assert_uint_eq(gm.buckets.b[0].weight, 0);
    ofp_buckets_uninit(&gm.buckets);

    /* ofp_buckets_format alone. */
    struct buf b = BUF_INITIALIZER;
    assert_ok(ofp_group_mod_parse("group_id=1,type=select,bucket=output:1,"
                                  "bucket=weight:2,output:2",
                                  OFPGC_ADD, &gm),
              "buckets");
    ofp_buckets_format(&gm.buckets, gm.type, &b);
    ck_assert_str_eq(ofp_text_cstr(&b),
                     "bucket=actions=output:1,bucket=weight:2,"
                     "actions=output:2");
    ofp_buckets_uninit(&gm.buckets);
    buf_uninit(&b);
}
END_TEST

/* --- Meters. ------------------------------------------------------------- */

static void
assert_meter_mods_equal(const struct ofp_meter_mod *a,
                        const struct ofp_meter_mod *b)
{
    ck_assert_uint_eq(a->command, b->command);
    ck_assert_uint_eq(a->flags, b->flags);
    ck_assert_uint_eq(a->meter_id, b->meter_id);
    ck_assert_uint_eq(a->bands.n, b->bands.n);
    for (size_t i = 0; i < a->bands.n; i++) {
        ck_assert_uint_eq(a->bands.b[i].type, b->bands.b[i].type);
        ck_assert_uint_eq(a->bands.b[i].rate, b->bands.b[i].rate);
        ck_assert_uint_eq(a->bands.b[i].burst_size, b->bands.b[i].burst_size);
        ck_assert_uint_eq(a->bands.b[i].prec_level, b->bands.b[i].prec_level);
        ck_assert_uint_eq(a->bands.b[i].experimenter,
                          b->bands.b[i].experimenter);
    }
}

/* Expected strings: "ovs-ofctl ofp-print" of the same OFPT_METER_MOD built
 * with os-ken (the text after "ADD "/"MOD "/"DEL "). */
START_TEST(test_meters)
{
    static const struct {
        uint16_t cmd;
        const char *input;
        const char *ovs;
    } cases[] = {
        { OFPMC_ADD,
          "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,burst_size=100 "
          "type=dscp_remark,rate=2000,prec_level=1",
          "meter=1 kbps burst stats bands=\ntype=drop rate=1000 "
          "burst_size=100\ntype=dscp_remark rate=2000 burst_size=0 "
          "prec_level=1" },
        { OFPMC_ADD, "meter=2,pktps,band=type=drop,rate=5",
          "meter=2 pktps bands=\ntype=drop rate=5" },
        { OFPMC_DELETE, "meter=all", "meter=all bands=" },
        { OFPMC_MODIFY, "meter=controller kbps bands=type=drop rate=5",
          "meter=controller kbps bands=\ntype=drop rate=5" },
        /* Not from OVS, which has no experimenter bands. */
        { OFPMC_MODIFY,
          "meter=slowpath,pktps,stats,bands=type=experimenter,rate=7,"
          "experimenter=0x2320",
          "meter=slowpath pktps stats bands=\ntype=experimenter rate=7 "
          "experimenter=0x2320" },
        { OFPMC_ADD, "meter=4294901760,kbps,flags=0x38,bands=type=drop,rate=1",
          "meter=4294901760 kbps stats flags:0x30 bands=\ntype=drop rate=1" },
    };
    bool drop = false, dscp = false;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_meter_mod m1, m2;
        struct buf b = BUF_INITIALIZER;

        assert_ok(ofp_meter_mod_parse(cases[i].input, cases[i].cmd, &m1),
                  cases[i].input);
        ofp_meter_mod_format(&m1, &b);
        ck_assert_str_eq(ofp_text_cstr(&b), cases[i].ovs);
        assert_ok(ofp_meter_mod_parse(ofp_text_cstr(&b), cases[i].cmd, &m2),
                  cases[i].ovs);
        assert_meter_mods_equal(&m1, &m2);
        for (size_t j = 0; j < m1.bands.n; j++) {
            drop |= m1.bands.b[j].type == OFPMBT_DROP;
            dscp |= m1.bands.b[j].type == OFPMBT_DSCP_REMARK;
        }
        ofp_meter_bands_uninit(&m1.bands);
        ofp_meter_bands_uninit(&m2.bands);
        buf_uninit(&b);
    }
    ck_assert(drop && dscp);

    /* The bands alone show a nonzero burst_size. */
    struct ofp_meter_mod mm;
    struct buf b = BUF_INITIALIZER;
    assert_ok(ofp_meter_mod_parse("meter=9,pktps,burst,bands=type=drop,"
                                  "rate=5,burst_size=7,type=drop,rate=6",
                                  OFPMC_ADD, &mm),
              "bands");
    ck_assert_uint_eq(mm.meter_id, 9);
    ck_assert_uint_eq(mm.flags, OFPMF_PKTPS | OFPMF_BURST);
    ofp_meter_bands_format(&mm.bands, &b);
    ck_assert_str_eq(ofp_text_cstr(&b),
                     "\ntype=drop rate=5 burst_size=7\ntype=drop rate=6");
    buf_clear(&b);
    ofp_meter_config_format(mm.meter_id, mm.flags, &mm.bands, &b);
    ck_assert_str_eq(ofp_text_cstr(&b),
                     "meter=9 pktps burst bands=\ntype=drop rate=5 "
                     "burst_size=7\ntype=drop rate=6 burst_size=0");
    ofp_meter_bands_uninit(&mm.bands);
    buf_uninit(&b);
}
END_TEST

/* --- Errors. ------------------------------------------------------------- */

struct error_case {
    const char *input;
    const char *error;
};

START_TEST(test_match_errors)
{
    static const struct error_case cases[] = {
        { "xyz=1", "unknown field `xyz'" },
        { "in_port=1 junk", "unknown field `junk'" },
        { "in_port=abc", "`abc': invalid or unknown port" },
        { "in_port=1=2", "`1=2': invalid or unknown port" },
        { "in_port=", "field `in_port' needs a value" },
        { "tcp=1", "`tcp' takes no value" },
        { "tcp,tp_src=65536",
          "tp_src: value `65536' is too large (maximum 65535)" },
        { "tcp,tp_src=abc", "tp_src: invalid value `abc'" },
        { "tcp,tp_src=-1", "tp_src: invalid value `-1'" },
        { "udp,udp_dst=0x1g", "udp_dst: invalid value `0x1g'" },
        { "ip,nw_proto=256",
          "nw_proto: value `256' is too large (maximum 255)" },
        { "vlan_pcp=8", "vlan_pcp: value `8' is too large (maximum 7)" },
        { "vlan_vid=0x2000",
          "vlan_vid: value `0x2000' is too large (maximum 8191)" },
        { "mpls,mpls_label=0x100000",
          "mpls_label: value `0x100000' is too large (maximum 1048575)" },
        { "ip,nw_src=1.2.3", "`1.2.3': invalid IPv4 address" },
        { "ip,nw_src=1.2.3.4/", "`': invalid IPv4 address" },
        { "ip,nw_src=1.2.3.4/33",
          "`33': IPv4 network prefix bits not between 0 and 32, inclusive" },
        { "ipv6,ipv6_src=2001:db8::1/129",
          "`129': IPv6 network prefix bits not between 0 and 128, "
          "inclusive" },
        { "ipv6,ipv6_dst=2001:db8::g", "`2001:db8::g': invalid IPv6 address" },
        { "dl_src=00:11:22:33:44",
          "`00:11:22:33:44': invalid Ethernet address" },
        { "dl_src=00:11:22:33:44:555",
          "`00:11:22:33:44:555': invalid Ethernet address" },
        /* Masks on fields OpenFlow 1.3 cannot mask. */
        { "ip,nw_proto=6/0xff", "`6/0xff': field nw_proto is not maskable" },
        { "in_port=1/1", "`1/1': field in_port is not maskable" },
        { "tcp,tp_dst=0x100/0xff00",
          "`0x100/0xff00': field tp_dst is not maskable" },
        { "dl_type=0x800/0xff00",
          "`0x800/0xff00': field dl_type is not maskable" },
        { "ip,nw_tos=4/4", "`4/4': field nw_tos is not maskable" },
        /* Prerequisites. */
        { "tp_dst=80", "prerequisites not met: tp_dst requires tcp, udp or "
                       "sctp" },
        { "ip,tcp_dst=80",
          "prerequisites not met: tcp_dst requires tcp or tcp6" },
        { "tcp,udp_src=1",
          "prerequisites not met: udp_src requires udp or udp6" },
        { "udp,sctp_dst=1",
          "prerequisites not met: sctp_dst requires sctp or sctp6" },
        { "nw_src=10.0.0.1", "prerequisites not met: nw_src requires ip" },
        { "ipv6,ip_dst=10.0.0.1",
          "prerequisites not met: ip_dst requires ip" },
        { "nw_tos=4", "prerequisites not met: nw_tos requires ip or ipv6" },
        { "nw_proto=6",
          "prerequisites not met: nw_proto requires ip or ipv6" },
        { "arp_op=1", "prerequisites not met: arp_op requires arp" },
        { "rarp,arp_spa=1.2.3.4",
          "prerequisites not met: arp_spa requires arp" },
        { "ip,icmp_type=1", "prerequisites not met: icmp_type requires icmp" },
        { "ipv6,icmp_code=1", "prerequisites not met: icmp_code requires "
                              "icmp6" },
        { "ipv6_label=1", "prerequisites not met: ipv6_label requires ipv6" },
        { "ipv6_exthdr=1",
          "prerequisites not met: ipv6_exthdr requires ipv6" },
        { "icmp6,nd_target=::1",
          "prerequisites not met: nd_target requires icmp6 with "
          "icmp_type=135 or icmp_type=136" },
        { "icmp6,icmp_type=136,nd_sll=00:00:00:00:00:01",
          "prerequisites not met: nd_sll requires icmp6 with icmp_type=135" },
        { "icmp6,icmp_type=135,nd_tll=00:00:00:00:00:01",
          "prerequisites not met: nd_tll requires icmp6 with icmp_type=136" },
        { "mpls_label=1",
          "prerequisites not met: mpls_label requires mpls or mplsm" },
        { "ip,mpls_bos=1",
          "prerequisites not met: mpls_bos requires mpls or mplsm" },
        { "pbb_isid=1",
          "prerequisites not met: pbb_isid requires dl_type=0x88e7" },
        { "in_phy_port=1",
          "prerequisites not met: in_phy_port requires in_port" },
        { "dl_vlan=0xffff,dl_vlan_pcp=3",
          "prerequisites not met: dl_vlan_pcp requires a VLAN tag (it cannot "
          "be combined with matching untagged packets)" },
        /* ovs-ofctl's own field syntax rules. */
        { "dl_vlan=4096", "`4096': dl_vlan must be a VLAN ID (0 to 4095) or "
                          "0xffff for untagged packets" },
        { "vlan_tci=0x1000/0x3000",
          "`0x1000/0x3000': vlan_tci mask must cover all or none of the PCP "
          "bits in OpenFlow 1.3" },
        { "vlan_tci=0x10000", "vlan_tci: value `0x10000' is too large "
                              "(maximum 65535)" },
        { "ip,nw_tos=5",
          "`5': nw_tos must not set the ECN bits (use nw_ecn)" },
        { "ip,nw_ttl=5", "field `nw_ttl' cannot be matched in OpenFlow 1.3" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_match m;
        assert_error(ofp_match_parse(cases[i].input, &m), cases[i].error,
                     cases[i].input);
        ck_assert_uint_eq(m.present, 0); /* Left empty. */
        ofp_match_uninit(&m);
    }
}
END_TEST

START_TEST(test_action_errors)
{
    static const struct error_case cases[] = {
        { "foo", "unknown action `foo'" },
        { "foo:1", "unknown action `foo'" },
        { "output:1,bogus", "unknown action `bogus'" },
        { "output:foo", "`foo': invalid or unknown port" },
        { "output:1)", "`1)': invalid or unknown port" },
        { "output", "output: missing port" },
        { "controller:65536",
          "controller max_len: value `65536' is too large (maximum 65535)" },
        { "controller(reason=no_match)",
          "controller: unsupported argument `reason' (OpenFlow 1.3 has only "
          "max_len)" },
        { "push_vlan:0x1234", "`0x1234': not a valid VLAN ethertype" },
        { "push_mpls:0x0800", "`0x0800': not a valid MPLS ethertype" },
        { "push_pbb:0x8100", "`0x8100': not a valid PBB ethertype" },
        { "pop_mpls", "pop_mpls: missing argument" },
        { "set_queue", "set_queue: missing argument" },
        { "group:abc", "group: invalid value `abc'" },
        { "set_mpls_ttl:256",
          "set_mpls_ttl: value `256' is too large (maximum 255)" },
        { "pop_vlan:1", "pop_vlan: takes no argument (got `1')" },
        { "dec_ttl(1,2)", "dec_ttl: takes no argument (got `1,2')" },
        { "set_field:1", "`1': missing `->'" },
        { "set_field:1->foo", "set_field: unknown field `foo'" },
        { "set_field:1->in_port", "set_field: in_port is read-only" },
        { "set_field:1/1->tun_id", "`1/1': tun_id cannot take a mask here" },
        { "set_field:64->ip_dscp",
          "ip_dscp: value `64' is too large (maximum 63)" },
        { "set_field:1->tp_src",
          "set_field: tp_src requires a tcp, udp or sctp match" },
        { "mod_tp_src:1", "mod_tp_src requires a tcp, udp or sctp match" },
        { "mod_nw_tos:3", "`3': not a valid TOS (the ECN bits must be zero)" },
        { "mod_nw_ecn:4", "mod_nw_ecn: value `4' is too large (maximum 3)" },
        { "mod_vlan_vid:4096",
          "mod_vlan_vid: value `4096' is too large (maximum 4095)" },
        { "mod_vlan_pcp:8",
          "mod_vlan_pcp: value `8' is too large (maximum 7)" },
        { "mod_dl_src:1", "`1': invalid Ethernet address" },
        { "mod_nw_dst:1.2.3.4/8", "`1.2.3.4/8': ip_dst cannot take a mask "
                                  "here" },
        { "enqueue:1", "\"enqueue\" syntax is \"enqueue:PORT:QUEUE\" or "
                       "\"enqueue(PORT,QUEUE)\"" },
        { "drop,output:1", "\"drop\" must not be accompanied by any other "
                           "action or instruction" },
        { "goto_table:1", "`goto_table' is an instruction, not an action" },
        { "experimenter(data=0011223344556677)", "experimenter: missing id" },
        { "experimenter(id=1,data=0)",
          "experimenter: data `0' is not a multiple of 8 bytes in hex" },
        { "experimenter(id=1,data=00112233)",
          "experimenter: data `00112233' is not a multiple of 8 bytes in "
          "hex" },
        { "experimenter(id=1,data=00112233445566zz)",
          "experimenter: data `00112233445566zz' is not a multiple of 8 "
          "bytes in hex" },
        { "output:0", "`0': not a valid output port" },
        { "output:any", "`any': not a valid output port" },
        { "4294967041", "`4294967041': not a valid output port" },
        { "enqueue:0:1", "`0': not a valid output port" },
        { "controller:65510",
          "controller: max_len 65510 is over 65509 (use 65535 to send whole "
          "packets)" },
        { "set_field:5->vlan_vid",
          "`5': set_field to vlan_vid needs OFPVID_PRESENT (0x1000 | VID), or "
          "use mod_vlan_vid:VID" },
        { "experimenter:1", "experimenter syntax is "
                            "\"experimenter(id=ID[,data=HEX])\"" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_actions a;
        assert_error(ofp_actions_parse(cases[i].input, NULL, &a),
                     cases[i].error, cases[i].input);
        ck_assert_uint_eq(a.n, 0);
        ofp_actions_uninit(&a);
    }
}
END_TEST

START_TEST(test_instruction_errors)
{
    static const struct error_case cases[] = {
        { "goto_table:1,goto_table:2",
          "duplicate goto_table instruction not allowed" },
        { "clear_actions,clear_actions",
          "duplicate clear_actions instruction not allowed" },
        { "goto_table:1,output:1", "invalid instruction ordering: "
                                   "apply_actions must appear before "
                                   "goto_table" },
        { "output:1,clear_actions,output:2",
          "invalid instruction ordering: apply_actions must appear before "
          "clear_actions" },
        { "write_actions(output:1),meter:1",
          "invalid instruction ordering: meter must appear before "
          "write_actions" },
        { "apply_actions(output:1)",
          "apply_actions is the default instruction: write the actions "
          "alone" },
        { "goto_table:255",
          "goto_table: value `255' is too large (maximum 254)" },
        { "meter", "meter: missing argument" },
        { "write_actions:1",
          "write_actions syntax is \"write_actions(ACTION,...)\"" },
        { "write_actions(foo)", "unknown action `foo'" },
        { "write_actions(output:1,drop)",
          "\"drop\" must not be accompanied by any other action or "
          "instruction" },
        { "write_metadata:0x1/zz", "write_metadata mask: invalid value `zz'" },
        { "write_metadata", "write_metadata: missing argument" },
        { "drop,goto_table:1", "\"drop\" must not be accompanied by any "
                               "other action or instruction" },
        { "clear_actions:1", "clear_actions: takes no argument (got `1')" },
        { "output:1 extra", "unknown action `extra'" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_instructions insts;
        assert_error(ofp_instructions_parse(cases[i].input, NULL, &insts),
                     cases[i].error, cases[i].input);
        ck_assert_uint_eq(insts.present, 0);
        ck_assert_uint_eq(insts.apply.n, 0);
        ofp_instructions_uninit(&insts);
    }
}
END_TEST

START_TEST(test_flow_mod_errors)
{
    static const struct {
        enum ofp_text_flow_cmd cmd;
        const char *input;
        const char *error;
    } cases[] = {
        { OFP_TEXT_FLOW_ADD, "in_port=1", "must specify an action" },
        { OFP_TEXT_FLOW_MODIFY, "in_port=1", "must specify an action" },
        { OFP_TEXT_FLOW_DELETE, "in_port=1,actions=output:1",
          "actions are not allowed when deleting flows" },
        { OFP_TEXT_FLOW_DELETE_STRICT, "in_port=1,actions=foo",
          "actions are not allowed when deleting flows" },
        { OFP_TEXT_FLOW_ADD, "cookie=1/1,actions=drop",
          "flow additions cannot use a cookie mask" },
        { OFP_TEXT_FLOW_DELETE_STRICT, "cookie=1",
          "cannot set cookie when deleting flows (use cookie=VALUE/MASK to "
          "select flows by cookie)" },
        { OFP_TEXT_FLOW_ADD, "cookie=0x1g,actions=drop",
          "cookie: invalid value `0x1g'" },
        { OFP_TEXT_FLOW_ADD, "out_port=1,actions=drop",
          "`out_port' is only allowed when deleting flows" },
        { OFP_TEXT_FLOW_MODIFY, "out_group=1,actions=drop",
          "`out_group' is only allowed when deleting flows" },
        { OFP_TEXT_FLOW_DELETE, "out_port=bad",
          "`bad': invalid or unknown port" },
        { OFP_TEXT_FLOW_DELETE, "priority=5",
          "priority is not allowed in a non-strict delete (it deletes flows "
          "of every priority)" },
        { OFP_TEXT_FLOW_DELETE, "idle_timeout=5",
          "`idle_timeout' is not allowed when deleting flows" },
        { OFP_TEXT_FLOW_DELETE_STRICT, "send_flow_rem",
          "`send_flow_rem' is not allowed when deleting flows" },
        { OFP_TEXT_FLOW_DELETE, "buffer_id=1",
          "`buffer_id' is not allowed when deleting flows" },
        { OFP_TEXT_FLOW_ADD, "table=255,actions=drop",
          "table=255 (all tables) is only allowed when deleting flows" },
        { OFP_TEXT_FLOW_ADD, "table=256,actions=drop",
          "table: value `256' is too large (maximum 255)" },
        { OFP_TEXT_FLOW_ADD, "table=,actions=drop", "table: missing value" },
        { OFP_TEXT_FLOW_ADD, "priority=65536,actions=drop",
          "priority: value `65536' is too large (maximum 65535)" },
        { OFP_TEXT_FLOW_ADD, "hard_timeout=x,actions=drop",
          "hard_timeout: invalid value `x'" },
        { OFP_TEXT_FLOW_ADD, "table=3,actions=goto_table:2",
          "goto_table:2 must move forward from table 3" },
        { OFP_TEXT_FLOW_ADD, "table=3,actions=goto_table:3",
          "goto_table:3 must move forward from table 3" },
        { OFP_TEXT_FLOW_ADD, "send_flow_rem=1,actions=drop",
          "`send_flow_rem' takes no value" },
        { OFP_TEXT_FLOW_ADD, "xyz=1,actions=drop", "unknown field `xyz'" },
        { OFP_TEXT_FLOW_ADD, "tp_dst=80,actions=drop",
          "prerequisites not met: tp_dst requires tcp, udp or sctp" },
        { OFP_TEXT_FLOW_ADD, "in_port=1,actions=foo", "unknown action `foo'" },
        { OFP_TEXT_FLOW_ADD, "in_port=1 actions=drop extra",
          "unknown action `extra'" },
        { OFP_TEXT_FLOW_ADD, "actions=mod_tp_src:5",
          "mod_tp_src requires a tcp, udp or sctp match" },
        { (enum ofp_text_flow_cmd)9, "actions=drop",
          "unknown flow command 9" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_flow_mod fm;
        assert_error(ofp_flow_mod_parse(cases[i].input, cases[i].cmd, &fm),
                     cases[i].error, cases[i].input);
        ck_assert_uint_eq(fm.match.present, 0);
        ck_assert_uint_eq(fm.instructions.present, 0);
        flow_mod_uninit(&fm);
    }
}
END_TEST

START_TEST(test_group_errors)
{
    static const struct {
        uint16_t cmd;
        const char *input;
        const char *error;
    } cases[] = {
        { OFPGC_ADD, "type=all,bucket=output:1", "must specify a group_id" },
        { OFPGC_ADD, "group_id=1,bucket=output:1", "must specify a type" },
        { OFPGC_ADD, "group_id=1,type=foo", "invalid group type `foo'" },
        { OFPGC_ADD, "group_id=1,type=all,foo=1",
          "unknown group field `foo'" },
        { OFPGC_ADD, "group_id=0xffffff01,type=all",
          "invalid group id `0xffffff01'" },
        { OFPGC_ADD, "group_id=x,type=all", "group_id: invalid value `x'" },
        { OFPGC_MODIFY, "group_id=all,type=all",
          "group_id=all and group_id=any are only allowed when deleting "
          "groups" },
        { OFPGC_ADD, "group_id=1,type=all,bucket=weight:5,output:1",
          "only select groups can have bucket weights" },
        { OFPGC_ADD,
          "group_id=1,type=indirect,bucket=output:1,"
          "bucket=output:2",
          "indirect groups can have at most one bucket" },
        { OFPGC_ADD, "group_id=1,type=select,bucket=weight:1",
          "bucket must specify actions" },
        { OFPGC_ADD, "group_id=1,type=select,bucket=weight:65536,output:1",
          "weight: value `65536' is too large (maximum 65535)" },
        { OFPGC_ADD, "group_id=1,type=all,bucket=output:foo",
          "`foo': invalid or unknown port" },
        { OFPGC_ADD, "group_id=1,type=ff,bucket=watch_port:eth0,output:1",
          "`eth0': invalid or unknown port" },
        { OFPGC_ADD,
          "group_id=1,type=ff,bucket=watch_group:0xffffff01,"
          "output:1",
          "watch_group: value `0xffffff01' is too large (maximum "
          "4294967040)" },
        { OFPGC_ADD, "group_id=1,type=all,bucket=bucket_id:1,output:1",
          "bucket_id needs OpenFlow 1.5" },
        { OFPGC_DELETE, "group_id=1,bucket=output:1",
          "buckets are not allowed when deleting groups" },
        { 7, "group_id=1", "unknown group command 7" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_group_mod gm;
        assert_error(ofp_group_mod_parse(cases[i].input, cases[i].cmd, &gm),
                     cases[i].error, cases[i].input);
        ck_assert_uint_eq(gm.buckets.n, 0);
        ofp_buckets_uninit(&gm.buckets);
    }
}
END_TEST

START_TEST(test_meter_errors)
{
    static const struct {
        uint16_t cmd;
        const char *input;
        const char *error;
    } cases[] = {
        { OFPMC_ADD, "kbps,bands=type=drop,rate=1", "must specify 'meter'" },
        { OFPMC_DELETE, "", "must specify 'meter'" },
        { OFPMC_ADD, "meter=1,bands=type=drop,rate=1",
          "meter must specify either 'kbps' or 'pktps'" },
        { OFPMC_ADD, "meter=1,kbps", "must specify bands" },
        { OFPMC_MODIFY, "meter=1,kbps,bands=", "meter must have bands" },
        { OFPMC_ADD, "meter=1,kbps,bands=rate=1",
          "band must start with the 'type' keyword" },
        { OFPMC_ADD, "meter=1,kbps,bands=type=foo,rate=1",
          "unknown band type `foo'" },
        { OFPMC_ADD, "meter=1,kbps,bands=type=drop", "band must have 'rate'" },
        { OFPMC_ADD, "meter=1,kbps,bands=type=drop,rate=1,prec_level=1",
          "only 'dscp_remark' bands may have 'prec_level'" },
        { OFPMC_ADD, "meter=1,kbps,bands=type=drop,rate=1,burst_size=5",
          "band may have 'burst_size' only when 'burst' flag is set" },
        { OFPMC_ADD, "meter=1,kbps,bands=type=drop,rate=1,experimenter=5",
          "only experimenter bands may have 'experimenter'" },
        { OFPMC_ADD, "meter=1,kbps,bands=type=drop,rate=1,color=2",
          "unknown band field `color'" },
        { OFPMC_ADD, "meter=1,kbps,bands=type=drop,rate=x",
          "rate: invalid value `x'" },
        { OFPMC_ADD,
          "meter=1,kbps,bands=type=dscp_remark,rate=1,"
          "prec_level=256",
          "prec_level: value `256' is too large (maximum 255)" },
        { OFPMC_ADD, "meter=0,kbps,bands=type=drop,rate=1",
          "invalid meter id `0'" },
        { OFPMC_ADD, "meter=4294901761,kbps,bands=type=drop,rate=1",
          "invalid meter id `4294901761'" },
        { OFPMC_ADD, "meter=1,kbps,foo,bands=type=drop,rate=1",
          "unknown meter field `foo'" },
        { OFPMC_ADD, "meter=1,kbps=1,bands=type=drop,rate=1",
          "`kbps' takes no value" },
        { 5, "meter=1", "unknown meter command 5" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_meter_mod mm;
        assert_error(ofp_meter_mod_parse(cases[i].input, cases[i].cmd, &mm),
                     cases[i].error, cases[i].input);
        ck_assert_uint_eq(mm.bands.n, 0);
        ofp_meter_bands_uninit(&mm.bands);
    }
}
END_TEST

/* --- Building blocks. ---------------------------------------------------- */

START_TEST(test_next_kv)
{
    char s[] = "  a=1, b:2 c(x,(y),z) d,write_actions(output:1,group(2)) "
               "e=f(g,h) set_field:1->x last";
    char *pos = s;
    char *key, *value;
    char delim;
    static const struct {
        const char *key, *value;
        char delim;
    } expect[] = {
        { "a", "1", '=' },
        { "b", "2", ':' },
        { "c", "x,(y),z", '(' },
        { "d", "", 0 },
        { "write_actions", "output:1,group(2)", '(' },
        { "e", "f(g,h)", '=' },
        { "set_field", "1->x", ':' },
        { "last", "", 0 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(expect); i++) {
        ck_assert(ofp_text_next_kv(&pos, &key, &value, &delim));
        ck_assert_str_eq(key, expect[i].key);
        ck_assert_str_eq(value, expect[i].value);
        ck_assert_int_eq(delim, expect[i].delim);
    }
    ck_assert(!ofp_text_next_kv(&pos, &key, &value, &delim));
    ck_assert(!ofp_text_next_kv(&pos, &key, &value, NULL));

    /* An unclosed parenthesis runs to the end instead of past it. */
    char t[] = "f(a,(b";
    pos = t;
    ck_assert(ofp_text_next_kv(&pos, &key, &value, NULL));
    ck_assert_str_eq(value, "a,(b");
    ck_assert(!ofp_text_next_kv(&pos, &key, &value, NULL));
}
END_TEST

START_TEST(test_parse_uint)
{
    uint64_t v;

    ck_assert_ptr_null(ofp_text_parse_uint("0", "x", 10, &v));
    ck_assert(v == 0);
    ck_assert_ptr_null(ofp_text_parse_uint("010", "x", 100, &v));
    ck_assert(v == 10); /* Decimal, never octal. */
    ck_assert_ptr_null(ofp_text_parse_uint("0XfF", "x", 255, &v));
    ck_assert(v == 255);
    ck_assert_ptr_null(
        ofp_text_parse_uint("18446744073709551615", "x", UINT64_MAX, &v));
    ck_assert(v == UINT64_MAX);
    assert_error(
        ofp_text_parse_uint("18446744073709551616", "x", UINT64_MAX, &v),
        "x: value `18446744073709551616' is too large (maximum "
        "18446744073709551615)",
        "2^64");
    assert_error(ofp_text_parse_uint("256", "x", 255, &v),
                 "x: value `256' is too large (maximum 255)", "256");
    assert_error(ofp_text_parse_uint("0x", "x", 255, &v),
                 "x: invalid value `0x'", "0x");
    assert_error(ofp_text_parse_uint(" 1", "x", 255, &v),
                 "x: invalid value ` 1'", " 1");
    assert_error(ofp_text_parse_uint("+1", "x", 255, &v),
                 "x: invalid value `+1'", "+1");
    assert_error(ofp_text_parse_uint("1k", "x", 255, &v),
                 "x: invalid value `1k'", "1k");
    assert_error(ofp_text_parse_uint("", "x", 255, &v), "x: invalid value `'",
                 "empty");
}
END_TEST

START_TEST(test_ports)
{
    static const struct {
        const char *in;
        uint32_t port;
        const char *out;
    } cases[] = {
        { "1", 1, "1" },
        { "0xff", 255, "255" },
        { "65534", 65534, "65534" }, /* Not LOCAL: 32-bit port numbers. */
        { "4294967040", OFPP_MAX, "4294967040" },
        { "in_port", OFPP_IN_PORT, "IN_PORT" },
        { "TABLE", OFPP_TABLE, "TABLE" },
        { "normal", OFPP_NORMAL, "NORMAL" },
        { "Flood", OFPP_FLOOD, "FLOOD" },
        { "all", OFPP_ALL, "ALL" },
        { "controller", OFPP_CONTROLLER, "CONTROLLER" },
        { "local", OFPP_LOCAL, "LOCAL" },
        { "any", OFPP_ANY, "ANY" },
        { "none", OFPP_ANY, "ANY" },
        { "4294967294", OFPP_LOCAL, "LOCAL" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct buf b = BUF_INITIALIZER;
        uint32_t port;
        assert_ok(ofp_port_parse(cases[i].in, &port), cases[i].in);
        ck_assert_uint_eq(port, cases[i].port);
        ofp_port_format(port, &b);
        ck_assert_str_eq(ofp_text_cstr(&b), cases[i].out);
        buf_uninit(&b);
    }

    uint32_t port;
    assert_error(ofp_port_parse("4294967296", &port),
                 "`4294967296': invalid or unknown port", "2^32");
    assert_error(ofp_port_parse("eth0", &port),
                 "`eth0': invalid or unknown port", "eth0");
    assert_error(ofp_port_parse("", &port), "`': invalid or unknown port",
                 "empty");
}
END_TEST

/* Every field's value syntax, through oxm_value_parse/format. */
START_TEST(test_oxm_values)
{
    static const struct {
        enum oxm_field f;
        const char *in;
        const char *out;
        bool masked;
    } cases[] = {
        { OXM_IN_PORT, "local", "LOCAL", false },
        { OXM_METADATA, "0", "0", false },
        { OXM_METADATA, "255/0xf0", "0xf0/0xf0", true },
        { OXM_METADATA, "1/0xffffffffffffffff", "0x1", false },
        { OXM_ETH_TYPE, "0x0800", "0x800", false },
        { OXM_VLAN_VID, "4101", "4101", false },
        { OXM_VLAN_VID, "0x1001/0x1fff", "4097", false },
        { OXM_VLAN_VID, "0x1001/0xffff", "4097", false },
        { OXM_VLAN_VID, "0x1001/0x1000", "4096/0x1000", true },
        { OXM_IP_DSCP, "63", "63", false },
        { OXM_IPV4_SRC, "10.0.0.1", "10.0.0.1", false },
        { OXM_IPV4_SRC, "10.0.0.1/24", "10.0.0.0/24", true },
        { OXM_IPV4_SRC, "10.0.0.1/0.255.0.0", "0.0.0.0/0.255.0.0", true },
        { OXM_IPV4_SRC, "10.0.0.1/32", "10.0.0.1", false },
        { OXM_ETH_SRC, "0:1:2:a:b:c", "00:01:02:0a:0b:0c", false },
        { OXM_ARP_THA, "ff:ff:ff:ff:ff:ff/f0:00:00:00:00:00",
          "f0:00:00:00:00:00/f0:00:00:00:00:00", true },
        { OXM_IPV6_DST, "::", "::", false },
        { OXM_IPV6_DST, "fe80::1:2/64", "fe80::/64", true },
        { OXM_IPV6_DST, "fe80::1:2/ffff::ffff", "fe80::2/ffff::ffff", true },
        { OXM_IPV6_FLABEL, "0xfffff", "0xfffff", false },
        { OXM_IPV6_FLABEL, "1/0xfffff", "0x1", false },
        { OXM_MPLS_LABEL, "1048575", "1048575", false },
        { OXM_PBB_ISID, "0xffffff", "16777215", false },
        { OXM_TUNNEL_ID, "16", "0x10", false },
        { OXM_IPV6_EXTHDR, "0x1ff", "0x1ff", false },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct oxm_value value, mask;
        struct buf b = BUF_INITIALIZER;
        bool masked = !cases[i].masked;

        assert_ok(
            oxm_value_parse(cases[i].f, cases[i].in, &value, &mask, &masked),
            cases[i].in);
        ck_assert_msg(masked == cases[i].masked, "%s", cases[i].in);
        oxm_value_format(cases[i].f, &value, masked ? &mask : NULL, &b);
        ck_assert_str_eq(ofp_text_cstr(&b), cases[i].out);

        /* The output reads back as the same value. */
        struct oxm_value v2, m2;
        assert_ok(
            oxm_value_parse(cases[i].f, ofp_text_cstr(&b), &v2, &m2, NULL),
            ofp_text_cstr(&b));
        ck_assert(!memcmp(&value, &v2, sizeof value));
        ck_assert(!memcmp(&mask, &m2, sizeof mask));
        buf_uninit(&b);
    }

    /* Without room for a mask, a mask is an error. */
    struct oxm_value value;
    assert_error(
        oxm_value_parse(OXM_IPV4_SRC, "1.2.3.4/8", &value, NULL, NULL),
        "`1.2.3.4/8': ip_src cannot take a mask here", "no mask");
    assert_error(oxm_value_parse(OXM_METADATA, "", &value, NULL, NULL),
                 "metadata: missing value", "empty");

    /* Names. */
    enum oxm_field f;
    ck_assert_str_eq(oxm_field_text_name(OXM_IP_ECN), "nw_ecn");
    ck_assert_str_eq(oxm_field_text_name(OXM_TUNNEL_ID), "tun_id");
    ck_assert_ptr_null(oxm_field_text_name(OXM_N_FIELDS));
    ck_assert(oxm_field_from_text_name("ipv4_src", &f) && f == OXM_IPV4_SRC);
    ck_assert(oxm_field_from_text_name("nw_src", &f) && f == OXM_IPV4_SRC);
    ck_assert(oxm_field_from_text_name("ipv6_nd_sll", &f) &&
              f == OXM_IPV6_ND_SLL);
    ck_assert(oxm_field_from_text_name("icmp_type", &f) &&
              f == OXM_ICMPV4_TYPE);
    ck_assert(!oxm_field_from_text_name("tp_src", &f));
    ck_assert(!oxm_field_from_text_name("nw_tos", &f));
    ck_assert(!oxm_field_from_text_name("dl_vlan", &f));
    ck_assert(!oxm_field_from_text_name("bogus", &f));
}
END_TEST

START_TEST(test_text_buffer)
{
    struct buf b = BUF_INITIALIZER;
    char big[300];

    ck_assert_str_eq(ofp_text_cstr(&b), "");
    ck_assert_uint_eq(b.size, 0);
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ofp_text_printf(&b, "%d-", 42);
    ofp_text_printf(&b, "%s", big); /* Longer than the stack buffer. */
    ck_assert_uint_eq(b.size, 3 + strlen(big));
    ck_assert(!strncmp(ofp_text_cstr(&b), "42-xxx", 6));
    ck_assert_uint_eq(strlen(ofp_text_cstr(&b)), b.size);
    buf_uninit(&b);
}
END_TEST

static Suite *
text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_matches_like_ovs);
    tcase_add_test(tc, test_actions_like_ovs);
    tcase_add_test(tc, test_match_roundtrip_every_field);
    tcase_add_test(tc, test_match_details);
    tcase_add_test(tc, test_action_roundtrip);
    tcase_add_test(tc, test_action_details);
    tcase_add_test(tc, test_set_field_every_field);
    tcase_add_test(tc, test_instruction_roundtrip);
    tcase_add_test(tc, test_flow_mod_defaults);
    tcase_add_test(tc, test_flow_mod_format_like_ovs);
    tcase_add_test(tc, test_flow_stats_like_ovs);
    tcase_add_test(tc, test_groups);
    tcase_add_test(tc, test_meters);
    tcase_add_test(tc, test_match_errors);
    tcase_add_test(tc, test_action_errors);
    tcase_add_test(tc, test_instruction_errors);
    tcase_add_test(tc, test_flow_mod_errors);
    tcase_add_test(tc, test_group_errors);
    tcase_add_test(tc, test_meter_errors);
    tcase_add_test(tc, test_next_kv);
    tcase_add_test(tc, test_parse_uint);
    tcase_add_test(tc, test_ports);
    tcase_add_test(tc, test_oxm_values);
    tcase_add_test(tc, test_text_buffer);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
