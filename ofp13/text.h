/* ofp13/text.h -- OpenFlow 1.3 text syntax in the style of ovs-ofctl
 * (ovs-fields(7), ovs-actions(7), ovs-ofctl(8)): parse and format matches,
 * actions, instructions, whole flows, groups and meters.  What a format
 * function prints, the matching parse function accepts back and yields the
 * same model.
 *
 * Parse functions return NULL on success or an error string that the
 * caller must free() (e.g. "unknown field `foo'"); on error the output is
 * left empty.  Format functions append to a 'struct ds'-like string buffer
 * ('struct buf' holding text, not NUL-terminated; use ofp_text_cstr()). */
#ifndef OFP13_TEXT_H
#define OFP13_TEXT_H 1

#include <stdbool.h>
#include <stdint.h>

#include "ofp13/actions.h"
#include "ofp13/match.h"
#include "ofp13/msgs.h"
#include "util/buf.h"

/* Appends printf-style text to 'b'. */
void ofp_text_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* NUL-terminates 'b' (without counting the NUL in b->size) and returns its
 * data, borrowed until the next change to 'b'. */
const char *ofp_text_cstr(struct buf *b);

/* Ports: "1", "LOCAL", "CONTROLLER", "IN_PORT", "ANY", ... (names are
 * case-insensitive; "in_port", "local", "controller" as in ovs-ofctl). */
char *ofp_port_parse(const char *s, uint32_t *port);
void ofp_port_format(uint32_t port, struct buf *);

/* A match: comma- or space-separated "field=value[/mask]" items and the
 * shorthands ip, ipv6, icmp, icmp6, tcp, tcp6, udp, udp6, sctp, sctp6,
 * arp, rarp, mpls, mplsm, dl_type=..., with ovs-ofctl's field names and
 * aliases (dl_src, nw_src, tp_dst, vlan_vid/dl_vlan, ...).  Values: decimal
 * or 0x hex; MACs xx:xx:...; IPv4 dotted quads with /mask or /prefix; IPv6
 * with /mask or /prefix.  Checks prerequisites (returns an error naming the
 * missing one).  Unknown keys are an error. */
char *ofp_match_parse(const char *s, struct ofp_match *);
/* Formats like ovs-ofctl: shorthand first ("tcp,"), then fields in field
 * order, "field=value" or "field=value/mask"; an empty match prints
 * nothing. */
void ofp_match_format(const struct ofp_match *, struct buf *);

/* Actions: "output:1", "1", "controller", "controller:65535",
 * "CONTROLLER:128", "in_port", "flood", "all", "local", "normal", "drop",
 * "group:5", "set_queue:3", "push_vlan:0x8100", "pop_vlan",
 * "push_mpls:0x8847", "pop_mpls:0x0800", "push_pbb:0x88e7", "pop_pbb",
 * "set_mpls_ttl:5", "dec_mpls_ttl", "set_nw_ttl:5", "dec_ttl"/"dec_nw_ttl",
 * "copy_ttl_in", "copy_ttl_out", "set_field:VALUE->FIELD",
 * "mod_vlan_vid:N", "mod_vlan_pcp:N", "strip_vlan", "mod_dl_src:MAC",
 * "mod_dl_dst:MAC", "mod_nw_src:IP", "mod_nw_dst:IP", "mod_nw_tos:N",
 * "mod_nw_ecn:N", "mod_tp_src:N", "mod_tp_dst:N" (need 'match' to pick
 * the L4 protocol; NULL means unknown), "enqueue:P:Q". */
char *ofp_actions_parse(const char *s, const struct ofp_match *match,
                        struct ofp_actions *);
/* "output:1,set_field:..->..", or "drop" for an empty list. */
void ofp_actions_format(const struct ofp_actions *, struct buf *);

/* The text after "actions=": plain actions are an apply-actions
 * instruction; "meter:M", "write_actions(...)", "clear_actions",
 * "write_metadata:V[/M]", "goto_table:T" are instructions. */
char *ofp_instructions_parse(const char *s, const struct ofp_match *match,
                             struct ofp_instructions *);
/* As ovs-ofctl prints them: "meter:1,output:2,clear_actions,
 * write_actions(...),write_metadata:0x1/0xff,goto_table:3"; "drop" when
 * there are no instructions. */
void ofp_instructions_format(const struct ofp_instructions *, struct buf *);

/* Which flow_mod command a text flow is for; controls which keys are
 * allowed (e.g. "actions=" is required for add, forbidden for delete). */
enum ofp_text_flow_cmd {
    OFP_TEXT_FLOW_ADD,
    OFP_TEXT_FLOW_MODIFY,
    OFP_TEXT_FLOW_MODIFY_STRICT,
    OFP_TEXT_FLOW_DELETE,
    OFP_TEXT_FLOW_DELETE_STRICT,
};

/* Parses a flow: "table=, priority=, cookie=[/mask], idle_timeout=,
 * hard_timeout=, send_flow_rem, check_overlap, reset_counts,
 * no_packet_counts, no_byte_counts, out_port=, out_group=, buffer_id=,
 * importance= (ignored), duration=/n_packets=/n_bytes= (ignored), match
 * fields, actions=...".  Fills 'fm' (initialised by the caller with
 * ofp_msg_init for OFPT_FLOW_MOD, or zeroed) with OFP1.3 defaults:
 * priority 32768, table 0 (0xff for delete), buffer_id NO_BUFFER,
 * out_port/out_group ANY. */
char *ofp_flow_mod_parse(const char *s, enum ofp_text_flow_cmd,
                         struct ofp_flow_mod *fm);
/* "table=0, priority=10,in_port=1 actions=output:2" style summary of a
 * flow_mod, the shape ovs-ofctl ofp-print uses. */
void ofp_flow_mod_format(const struct ofp_flow_mod *, struct buf *);

/* One flow-stats entry as ovs-ofctl dump-flows prints it:
 * " cookie=0x0, duration=1.234s, table=0, n_packets=0, n_bytes=0,
 *  idle_timeout=10, priority=10,in_port=1 actions=output:2". */
void ofp_flow_stats_format(const struct ofp_flow_stats *, struct buf *);

/* Groups: "group_id=1,type=select,bucket=weight:10,watch_port:1,
 * actions=output:1,bucket=...".  'cmd' is OFPGC_*: DELETE accepts
 * group_id=all and no buckets. */
char *ofp_group_mod_parse(const char *s, uint16_t cmd,
                          struct ofp_group_mod *gm);
void ofp_group_mod_format(const struct ofp_group_mod *, struct buf *);
void ofp_buckets_format(const struct ofp_buckets *, uint8_t group_type,
                        struct buf *);

/* Meters: "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,
 * burst_size=100 type=dscp_remark,rate=2000,prec_level=1"; meter=all,
 * controller, slowpath accepted. */
char *ofp_meter_mod_parse(const char *s, uint16_t cmd,
                          struct ofp_meter_mod *mm);
void ofp_meter_mod_format(const struct ofp_meter_mod *, struct buf *);
void ofp_meter_bands_format(const struct ofp_meter_bands *, struct buf *);

/* Formats one OXM field's value (with mask if 'mask' non-NULL) the way
 * ofp_match_format does: MACs, IPs, decimal/hex as ovs-ofctl prints. */
void oxm_value_format(enum oxm_field, const struct oxm_value *value,
                      const struct oxm_value *mask, struct buf *);
/* Parses one field's value text ("10.0.0.1/24", "0x800", "aa:bb:..").
 * 'mask' may be NULL when masks are not allowed (set_field). */
char *oxm_value_parse(enum oxm_field, const char *s, struct oxm_value *value,
                      struct oxm_value *mask, bool *masked);

#endif /* ofp13/text.h */
