/* ofp13/text.h -- OpenFlow 1.3 text syntax in the style of ovs-ofctl
 * (ovs-fields(7), ovs-actions(7), ovs-ofctl(8)): parse and format matches,
 * actions, instructions, whole flows, groups and meters.  What a format
 * function prints, the matching parse function accepts back and yields the
 * same model.
 *
 * Parse functions return NULL on success or an error string that the
 * caller must free() (e.g. "unknown field `foo'"); on error the output is
 * left empty.  Each parse function initialises its output itself (the
 * caller passes uninitialised or empty storage, which is overwritten, and
 * uninits it after use; on error it owns nothing).  Format functions
 * append to a 'struct ds'-like string buffer ('struct buf' holding text,
 * not NUL-terminated; use ofp_text_cstr()).
 *
 * Where ovs-ofctl 3.1 can express the same thing, the output is byte for
 * byte what ovs-ofctl prints for OpenFlow 1.3; the few deliberate
 * differences (fields and actions OVS lacks, 32-bit port numbers) are
 * described in ofp13/text-match.c. */
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
 * aliases (dl_src, nw_src, tp_dst, vlan_vid/dl_vlan, ...).  As in
 * ovs-ofctl, vlan_vid is the raw OXM value (0x1000 | VID when tagged, 0
 * for untagged), dl_vlan=VID means tagged with VID and dl_vlan=0xffff
 * untagged, vlan_tci=V/M sets both VLAN fields.  Values: decimal
 * or 0x hex; MACs xx:xx:...; IPv4 dotted quads with /mask or /prefix; IPv6
 * with /mask or /prefix.  Checks prerequisites (returns an error naming the
 * missing one).  Unknown keys are an error. */
char *ofp_match_parse(const char *s, struct ofp_match *);
/* Formats like ovs-ofctl: shorthand first ("tcp,"), then the fields in
 * ovs-ofctl's order, "field=value" or "field=value/mask"; an empty match
 * prints nothing. */
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
/* Summary of a flow_mod exactly as ovs-ofctl ofp-print prints it after the
 * command word ("ADD", "MOD", ...): "table:1 priority=10,in_port=1
 * cookie:0x5 idle:10 hard:20 buf:0x7 out_port:2 send_flow_rem
 * actions=output:2" (table omitted when 0, each part only when not the
 * default).  ofp-print's line is "OFPT_FLOW_MOD ...: ADD " followed by
 * this text.  ofp_flow_mod_parse() with the same command reads it back
 * (it accepts "idle:", "hard:", "buf:", and "actions=drop" in a delete)
 * with the same match, instructions, table, priority, timeouts and flags;
 * as in ofp-print, a modify's cookie is shown only with its mask. */
void ofp_flow_mod_format(const struct ofp_flow_mod *, struct buf *);

/* One flow-stats entry as ovs-ofctl dump-flows prints it, with its leading
 * space: " cookie=0x0, duration=1.234s, table=0, n_packets=0, n_bytes=0,
 * idle_timeout=10, send_flow_rem priority=10,in_port=1 actions=output:2"
 * (one line; priority omitted when 32768).  ofp_flow_mod_parse() accepts
 * it back (duration, n_packets and n_bytes are ignored). */
void ofp_flow_stats_format(const struct ofp_flow_stats *, struct buf *);

/* Groups: "group_id=1,type=select,bucket=weight:10,watch_port:1,
 * actions=output:1,bucket=...".  'cmd' is OFPGC_*: DELETE accepts
 * group_id=all and no buckets.  The format functions print what
 * ovs-ofctl prints after "ADD "/"MOD "/"DEL " and in dump-groups:
 * "group_id=1,type=select,bucket=weight:10,watch_port:2,actions=output:1"
 * (the buckets alone, comma-separated, for ofp_buckets_format()). */
char *ofp_group_mod_parse(const char *s, uint16_t cmd,
                          struct ofp_group_mod *gm);
void ofp_group_mod_format(const struct ofp_group_mod *, struct buf *);
void ofp_buckets_format(const struct ofp_buckets *, uint8_t group_type,
                        struct buf *);

/* Meters: "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,
 * burst_size=100 type=dscp_remark,rate=2000,prec_level=1"; meter=all,
 * controller, slowpath accepted.  The format functions print what
 * ovs-ofctl prints (ofp-print after "ADD ", dump-meters): "meter=1 kbps
 * burst stats bands=\ntype=drop rate=1000 burst_size=100\ntype=dscp_remark
 * rate=2000 burst_size=0 prec_level=1" -- every band on its own line,
 * burst_size shown only with the burst flag -- which the parser accepts
 * back. */
char *ofp_meter_mod_parse(const char *s, uint16_t cmd,
                          struct ofp_meter_mod *mm);
void ofp_meter_mod_format(const struct ofp_meter_mod *, struct buf *);
/* "meter=ID FLAGS bands=BANDS" for a meter mod or a meter-config entry. */
void ofp_meter_config_format(uint32_t meter_id, uint16_t flags,
                             const struct ofp_meter_bands *, struct buf *);
/* The bands alone, each preceded by a newline ("\ntype=drop rate=1000");
 * without the meter's flags, burst_size is shown when it is nonzero. */
void ofp_meter_bands_format(const struct ofp_meter_bands *, struct buf *);

/* Formats one OXM field's value (with mask if 'mask' non-NULL) as
 * ovs-ofctl's set_field shows it: MACs, IPs, decimal or hex per field, the
 * raw OXM value (vlan_vid 4101 for VID 5, ip_dscp as the DSCP).
 * ofp_match_format() uses the same syntax apart from ovs-ofctl's special
 * cases there (dl_vlan/vlan_tci, nw_tos, dl_type=0x%04x, ipv6_label=0x%05x,
 * masked integers as 0xVALUE/0xMASK). */
void oxm_value_format(enum oxm_field, const struct oxm_value *value,
                      const struct oxm_value *mask, struct buf *);
/* Parses one field's value text ("10.0.0.1/24", "0x800", "aa:bb:..").
 * 'mask' may be NULL when masks are not allowed (set_field).  On success
 * value bits outside the mask are cleared; '*masked' (may be NULL) tells
 * whether a mask that is not all-ones was given ('mask' is all-ones
 * otherwise). */
char *oxm_value_parse(enum oxm_field, const char *s, struct oxm_value *value,
                      struct oxm_value *mask, bool *masked);

/* The name ovs-ofctl uses for a field in set_field ("ip_src", "nw_ecn",
 * "tun_id", "vlan_vid"); for fields OVS lacks, the OXM name ("pbb_isid",
 * "ipv6_exthdr", "in_phy_port").  NULL for an invalid id. */
const char *oxm_field_text_name(enum oxm_field);
/* Looks up a field by any of its unambiguous text names: the ovs-ofctl
 * name, its aliases and the OXM name ("ip_src", "nw_src", "ipv4_src").
 * Names whose meaning depends on the rest of a match (tp_src, nw_tos,
 * dl_vlan, vlan_tci) are not accepted here. */
bool oxm_field_from_text_name(const char *, enum oxm_field *);

/* Low-level helpers shared by the text parsers, usable by tools too. */

/* Splits the next item off the writable string '*pos' the way ovs-ofctl
 * does: items are separated by commas or white space and are "key",
 * "key=value", "key:value" or "key(value)"; parentheses nest, and after
 * '=' or ':' the value runs to the next comma or white space outside
 * parentheses.  NUL-terminates key and value in place, stores the
 * character that ended the key ('=', ':', '(' or 0 for a bare key) in
 * '*delim' (if not NULL), advances '*pos' and returns true; returns false
 * at the end of the string. */
bool ofp_text_next_kv(char **pos, char **key, char **value, char *delim);
/* Parses 's' as an unsigned decimal or 0x-hexadecimal integer no greater
 * than 'max'.  Returns NULL, or an error string naming 'what'. */
char *ofp_text_parse_uint(const char *s, const char *what, uint64_t max,
                          uint64_t *value);

#endif /* ofp13/text.h */
