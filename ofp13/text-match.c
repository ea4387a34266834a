/* ofp13/text-match.c -- the ovs-ofctl text syntax for ports, single OXM
 * values and whole matches (see text.h), plus the small tokenising helpers
 * the other text modules share.  It sits on top of the match model
 * (ofp13/match.h) and does no I/O.
 *
 * The syntax and the output follow Open vSwitch 3.1 talking OpenFlow 1.3
 * (ovs-fields(7)): a match prints as "tcp,in_port=1,nw_src=10.0.0.0/8,
 * tp_dst=80" with the shorthand ("tcp") standing for eth_type and
 * ip_proto, the fields in ovs-ofctl's order and under its names (dl_src,
 * nw_src, tp_dst, nw_tos = DSCP << 2, icmp_type for ICMPv4 and ICMPv6,
 * dl_vlan/dl_vlan_pcp or vlan_tci for the VLAN fields).  As in OVS,
 * vlan_vid is the raw OXM value (0x1000 | VID for a tagged packet, 0 for
 * untagged), dl_vlan=N means "tagged with VID N" and dl_vlan=0xffff
 * "untagged".  Deliberate differences from OVS, which our model forces or
 * makes safer:
 *   - fields OVS cannot match in OpenFlow 1.3 use their OXM names:
 *     in_phy_port, pbb_isid, ipv6_exthdr;
 *   - port numbers are 32-bit OpenFlow 1.3 numbers (OVS reads 65534 as
 *     LOCAL, a leftover of OpenFlow 1.0); hexadecimal is accepted too;
 *   - values that do not fit a field, masks on fields OpenFlow 1.3 does not
 *     let us mask, and fields whose prerequisites are missing are errors,
 *     where OVS silently truncates or drops them. */
#include <config.h>
#include "ofp13/text.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_RARP 0x8035
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848
#define ETH_TYPE_PBB 0x88e7
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_SCTP_ 132

/* --- Text buffer helpers. ------------------------------------------------ */

void
ofp_text_printf(struct buf *b, const char *fmt, ...)
{
    char small[128];
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(small, sizeof small, fmt, args);
    va_end(args);
    if (n < 0) {
        return;
    }
    if ((size_t)n < sizeof small) {
        buf_put(b, small, (size_t)n);
        return;
    }

    /* Too long for the stack buffer: format again straight into 'b'. */
    buf_reserve(b, (size_t)n + 1);
    va_start(args, fmt);
    vsnprintf((char *)b->data + b->size, (size_t)n + 1, fmt, args);
    va_end(args);
    b->size += (size_t)n;
}

const char *
ofp_text_cstr(struct buf *b)
{
    buf_reserve(b, 1);
    b->data[b->size] = '\0';
    return (const char *)b->data;
}

static void
put_cstr(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

/* Removes one trailing comma added after 'start' (ovs-ofctl's ds_chomp). */
static void
chomp_comma(struct buf *b, size_t start)
{
    if (b->size > start && b->data[b->size - 1] == ',') {
        b->size--;
    }
}

/* --- Tokenising and numbers. --------------------------------------------- */

/* Length of the value at 's' up to one of 'delims' (or the end), skipping
 * over balanced parentheses. */
static size_t
value_length(const char *s, const char *delims)
{
    size_t n = 0;

    while (s[n] != '\0' && !strchr(delims, s[n])) {
        if (s[n] == '(') {
            int level = 0;
            do {
                if (s[n] == '\0') {
                    return n;
                } else if (s[n] == '(') {
                    level++;
                } else if (s[n] == ')') {
                    level--;
                }
                n++;
            } while (level > 0);
        } else {
            n++;
        }
    }
    return n;
}

bool
ofp_text_next_kv(char **pos, char **keyp, char **valuep, char *delimp)
{
    char *s = *pos + strspn(*pos, ", \t\r\n");
    if (*s == '\0') {
        *pos = s;
        return false;
    }

    char *key = s;
    size_t key_len = strcspn(key, ":=(, \t\r\n");
    char key_delim = key[key_len];
    key[key_len] = '\0';
    s = key + key_len + (key_delim != '\0');

    const char *value_delims;
    if (key_delim == ':' || key_delim == '=') {
        value_delims = ", \t\r\n";
    } else if (key_delim == '(') {
        value_delims = ")";
    } else {
        /* A bare key (possibly ended by a separator, already skipped). */
        *keyp = key;
        *valuep = key + key_len;
        if (delimp) {
            *delimp = '\0';
        }
        *pos = s;
        return true;
    }

    char *value = s;
    size_t len = value_length(value, value_delims);
    bool more = value[len] != '\0';
    value[len] = '\0';
    *pos = value + len + more;
    *keyp = key;
    *valuep = value;
    if (delimp) {
        *delimp = key_delim;
    }
    return true;
}

char *
ofp_text_parse_uint(const char *s, const char *what, uint64_t max,
                    uint64_t *valuep)
{
    unsigned long long int v;
    const char *digits = s;
    int base = 10;
    char *end;

    *valuep = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        digits = s + 2;
        base = 16;
    }
    /* strtoull() would also take signs, spaces and octal: refuse them. */
    if (base == 16 ? !isxdigit((unsigned char)*digits)
                   : !isdigit((unsigned char)*digits)) {
        return xasprintf("%s: invalid value `%s'", what, s);
    }
    errno = 0;
    v = strtoull(digits, &end, base);
    if (*end != '\0') {
        return xasprintf("%s: invalid value `%s'", what, s);
    }
    if (errno == ERANGE || v > max) {
        return xasprintf("%s: value `%s' is too large (maximum %" PRIu64 ")",
                         what, s, max);
    }
    *valuep = v;
    return NULL;
}

/* --- Ports. ------------------------------------------------------------- */

static const struct {
    const char *name;
    uint32_t port;
} port_names[] = {
    { "IN_PORT", OFPP_IN_PORT }, { "TABLE", OFPP_TABLE },
    { "NORMAL", OFPP_NORMAL },   { "FLOOD", OFPP_FLOOD },
    { "ALL", OFPP_ALL },         { "CONTROLLER", OFPP_CONTROLLER },
    { "LOCAL", OFPP_LOCAL },     { "ANY", OFPP_ANY },
    { "NONE", OFPP_ANY }, /* OVS's alias, accepted but never printed. */
};

char *
ofp_port_parse(const char *s, uint32_t *port)
{
    uint64_t v;
    char *error;

    for (size_t i = 0; i < ARRAY_SIZE(port_names); i++) {
        if (!strcasecmp(s, port_names[i].name)) {
            *port = port_names[i].port;
            return NULL;
        }
    }
    error = ofp_text_parse_uint(s, "port", UINT32_MAX, &v);
    if (error) {
        free(error);
        *port = 0;
        return xasprintf("`%s': invalid or unknown port", s);
    }
    *port = (uint32_t)v;
    return NULL;
}

void
ofp_port_format(uint32_t port, struct buf *b)
{
    /* The last table entry is an input-only alias. */
    for (size_t i = 0; i + 1 < ARRAY_SIZE(port_names); i++) {
        if (port == port_names[i].port) {
            put_cstr(b, port_names[i].name);
            return;
        }
    }
    ofp_text_printf(b, "%" PRIu32, port);
}

/* --- Per-field text facts. ---------------------------------------------- */

enum value_syntax {
    VS_PORT, /* ofp_port_parse()/ofp_port_format(). */
    VS_DEC,  /* Decimal when printed. */
    VS_HEX,  /* Hexadecimal when printed ("0x1", or "0" for zero). */
    VS_MAC,  /* xx:xx:xx:xx:xx:xx */
    VS_IPV4, /* Dotted quad; masks as /N or /a.b.c.d. */
    VS_IPV6, /* RFC 5952 text; masks as /N or /address. */
};

/* Indexed by field id: the set_field name (ovs-ofctl's main name for the
 * field) and the syntax of its value. */
static const struct {
    const char *name;
    enum value_syntax syntax;
} field_texts[OXM_N_FIELDS] = {
    [OXM_IN_PORT] = { "in_port", VS_PORT },
    [OXM_IN_PHY_PORT] = { "in_phy_port", VS_PORT },
    [OXM_METADATA] = { "metadata", VS_HEX },
    [OXM_ETH_DST] = { "eth_dst", VS_MAC },
    [OXM_ETH_SRC] = { "eth_src", VS_MAC },
    [OXM_ETH_TYPE] = { "eth_type", VS_HEX },
    [OXM_VLAN_VID] = { "vlan_vid", VS_DEC },
    [OXM_VLAN_PCP] = { "vlan_pcp", VS_DEC },
    [OXM_IP_DSCP] = { "ip_dscp", VS_DEC },
    [OXM_IP_ECN] = { "nw_ecn", VS_DEC },
    [OXM_IP_PROTO] = { "nw_proto", VS_DEC },
    [OXM_IPV4_SRC] = { "ip_src", VS_IPV4 },
    [OXM_IPV4_DST] = { "ip_dst", VS_IPV4 },
    [OXM_TCP_SRC] = { "tcp_src", VS_DEC },
    [OXM_TCP_DST] = { "tcp_dst", VS_DEC },
    [OXM_UDP_SRC] = { "udp_src", VS_DEC },
    [OXM_UDP_DST] = { "udp_dst", VS_DEC },
    [OXM_SCTP_SRC] = { "sctp_src", VS_DEC },
    [OXM_SCTP_DST] = { "sctp_dst", VS_DEC },
    [OXM_ICMPV4_TYPE] = { "icmp_type", VS_DEC },
    [OXM_ICMPV4_CODE] = { "icmp_code", VS_DEC },
    [OXM_ARP_OP] = { "arp_op", VS_DEC },
    [OXM_ARP_SPA] = { "arp_spa", VS_IPV4 },
    [OXM_ARP_TPA] = { "arp_tpa", VS_IPV4 },
    [OXM_ARP_SHA] = { "arp_sha", VS_MAC },
    [OXM_ARP_THA] = { "arp_tha", VS_MAC },
    [OXM_IPV6_SRC] = { "ipv6_src", VS_IPV6 },
    [OXM_IPV6_DST] = { "ipv6_dst", VS_IPV6 },
    [OXM_IPV6_FLABEL] = { "ipv6_label", VS_HEX },
    [OXM_ICMPV6_TYPE] = { "icmpv6_type", VS_DEC },
    [OXM_ICMPV6_CODE] = { "icmpv6_code", VS_DEC },
    [OXM_IPV6_ND_TARGET] = { "nd_target", VS_IPV6 },
    [OXM_IPV6_ND_SLL] = { "nd_sll", VS_MAC },
    [OXM_IPV6_ND_TLL] = { "nd_tll", VS_MAC },
    [OXM_MPLS_LABEL] = { "mpls_label", VS_DEC },
    [OXM_MPLS_TC] = { "mpls_tc", VS_DEC },
    [OXM_MPLS_BOS] = { "mpls_bos", VS_DEC },
    [OXM_PBB_ISID] = { "pbb_isid", VS_DEC },
    [OXM_TUNNEL_ID] = { "tun_id", VS_HEX },
    [OXM_IPV6_EXTHDR] = { "ipv6_exthdr", VS_HEX },
};

/* How a name in a match is turned into an OXM field. */
enum name_kind {
    NK_FIELD,       /* Exactly the field, OXM value syntax. */
    NK_DL_VLAN,     /* VID 0..4095 (tagged) or 0xffff (untagged). */
    NK_VLAN_TCI,    /* 802.1Q TCI value/mask, split into VID and PCP. */
    NK_NW_TOS,      /* The ToS byte: IP_DSCP << 2. */
    NK_NW_SRC,      /* IPV4_SRC, or ARP_SPA in an ARP match. */
    NK_NW_DST,      /* IPV4_DST, or ARP_TPA in an ARP match. */
    NK_NW_PROTO,    /* IP_PROTO, or ARP_OP in an ARP match. */
    NK_TP_SRC,      /* TCP/UDP/SCTP_SRC by ip_proto. */
    NK_TP_DST,      /* TCP/UDP/SCTP_DST by ip_proto. */
    NK_ICMP_TYPE,   /* ICMPV4_TYPE, or ICMPV6_TYPE in an IPv6 match. */
    NK_ICMP_CODE,   /* ICMPV4_CODE, or ICMPV6_CODE in an IPv6 match. */
    NK_UNSUPPORTED, /* An ovs-ofctl field OpenFlow 1.3 cannot match. */
};

static const struct field_name {
    const char *name;
    enum name_kind kind;
    enum oxm_field field; /* The field, or the default one for a kind. */
} field_names[] = {
    { "in_port", NK_FIELD, OXM_IN_PORT },
    { "in_phy_port", NK_FIELD, OXM_IN_PHY_PORT },
    { "metadata", NK_FIELD, OXM_METADATA },
    { "eth_dst", NK_FIELD, OXM_ETH_DST },
    { "dl_dst", NK_FIELD, OXM_ETH_DST },
    { "eth_src", NK_FIELD, OXM_ETH_SRC },
    { "dl_src", NK_FIELD, OXM_ETH_SRC },
    { "eth_type", NK_FIELD, OXM_ETH_TYPE },
    { "dl_type", NK_FIELD, OXM_ETH_TYPE },
    { "vlan_vid", NK_FIELD, OXM_VLAN_VID },
    { "dl_vlan", NK_DL_VLAN, OXM_VLAN_VID },
    { "vlan_tci", NK_VLAN_TCI, OXM_VLAN_VID },
    { "vlan_pcp", NK_FIELD, OXM_VLAN_PCP },
    { "dl_vlan_pcp", NK_FIELD, OXM_VLAN_PCP },
    { "ip_dscp", NK_FIELD, OXM_IP_DSCP },
    { "nw_tos", NK_NW_TOS, OXM_IP_DSCP },
    { "ip_ecn", NK_FIELD, OXM_IP_ECN },
    { "nw_ecn", NK_FIELD, OXM_IP_ECN },
    { "ip_proto", NK_FIELD, OXM_IP_PROTO },
    { "nw_proto", NK_NW_PROTO, OXM_IP_PROTO },
    { "ipv4_src", NK_FIELD, OXM_IPV4_SRC },
    { "ip_src", NK_FIELD, OXM_IPV4_SRC },
    { "nw_src", NK_NW_SRC, OXM_IPV4_SRC },
    { "ipv4_dst", NK_FIELD, OXM_IPV4_DST },
    { "ip_dst", NK_FIELD, OXM_IPV4_DST },
    { "nw_dst", NK_NW_DST, OXM_IPV4_DST },
    { "tcp_src", NK_FIELD, OXM_TCP_SRC },
    { "tcp_dst", NK_FIELD, OXM_TCP_DST },
    { "udp_src", NK_FIELD, OXM_UDP_SRC },
    { "udp_dst", NK_FIELD, OXM_UDP_DST },
    { "sctp_src", NK_FIELD, OXM_SCTP_SRC },
    { "sctp_dst", NK_FIELD, OXM_SCTP_DST },
    { "tp_src", NK_TP_SRC, OXM_TCP_SRC },
    { "tp_dst", NK_TP_DST, OXM_TCP_DST },
    { "icmpv4_type", NK_FIELD, OXM_ICMPV4_TYPE },
    { "icmp_type", NK_ICMP_TYPE, OXM_ICMPV4_TYPE },
    { "icmpv4_code", NK_FIELD, OXM_ICMPV4_CODE },
    { "icmp_code", NK_ICMP_CODE, OXM_ICMPV4_CODE },
    { "arp_op", NK_FIELD, OXM_ARP_OP },
    { "arp_spa", NK_FIELD, OXM_ARP_SPA },
    { "arp_tpa", NK_FIELD, OXM_ARP_TPA },
    { "arp_sha", NK_FIELD, OXM_ARP_SHA },
    { "arp_tha", NK_FIELD, OXM_ARP_THA },
    { "ipv6_src", NK_FIELD, OXM_IPV6_SRC },
    { "ipv6_dst", NK_FIELD, OXM_IPV6_DST },
    { "ipv6_label", NK_FIELD, OXM_IPV6_FLABEL },
    { "ipv6_flabel", NK_FIELD, OXM_IPV6_FLABEL },
    { "icmpv6_type", NK_FIELD, OXM_ICMPV6_TYPE },
    { "icmpv6_code", NK_FIELD, OXM_ICMPV6_CODE },
    { "nd_target", NK_FIELD, OXM_IPV6_ND_TARGET },
    { "ipv6_nd_target", NK_FIELD, OXM_IPV6_ND_TARGET },
    { "nd_sll", NK_FIELD, OXM_IPV6_ND_SLL },
    { "ipv6_nd_sll", NK_FIELD, OXM_IPV6_ND_SLL },
    { "nd_tll", NK_FIELD, OXM_IPV6_ND_TLL },
    { "ipv6_nd_tll", NK_FIELD, OXM_IPV6_ND_TLL },
    { "mpls_label", NK_FIELD, OXM_MPLS_LABEL },
    { "mpls_tc", NK_FIELD, OXM_MPLS_TC },
    { "mpls_bos", NK_FIELD, OXM_MPLS_BOS },
    { "pbb_isid", NK_FIELD, OXM_PBB_ISID },
    { "tun_id", NK_FIELD, OXM_TUNNEL_ID },
    { "tunnel_id", NK_FIELD, OXM_TUNNEL_ID },
    { "ipv6_exthdr", NK_FIELD, OXM_IPV6_EXTHDR },
    /* ovs-ofctl fields with no OpenFlow 1.3 OXM. */
    { "nw_ttl", NK_UNSUPPORTED, OXM_IN_PORT },
    { "nw_frag", NK_UNSUPPORTED, OXM_IN_PORT },
    { "ip_frag", NK_UNSUPPORTED, OXM_IN_PORT },
    { "tcp_flags", NK_UNSUPPORTED, OXM_IN_PORT },
    { "pkt_mark", NK_UNSUPPORTED, OXM_IN_PORT },
    { "ct_state", NK_UNSUPPORTED, OXM_IN_PORT },
};

static const struct field_name *
field_name_lookup(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(field_names); i++) {
        if (!strcmp(name, field_names[i].name)) {
            return &field_names[i];
        }
    }
    return NULL;
}

const char *
oxm_field_text_name(enum oxm_field f)
{
    return (unsigned int)f < OXM_N_FIELDS ? field_texts[f].name : NULL;
}

bool
oxm_field_from_text_name(const char *name, enum oxm_field *f)
{
    const struct field_name *fn = field_name_lookup(name);

    /* nw_src, nw_proto, icmp_type... mean their IP/ICMPv4 field when
     * there is no match to say otherwise, as in ovs-ofctl. */
    if (fn && (fn->kind == NK_FIELD || fn->kind == NK_NW_SRC ||
               fn->kind == NK_NW_DST || fn->kind == NK_NW_PROTO ||
               fn->kind == NK_ICMP_TYPE || fn->kind == NK_ICMP_CODE)) {
        *f = fn->field;
        return true;
    }
    return false;
}

/* --- Value bytes. ------------------------------------------------------- */

static uint64_t
bytes_to_uint(const uint8_t *p, unsigned int len)
{
    uint64_t v = 0;
    for (unsigned int i = 0; i < len && i < 8; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void
uint_to_bytes(uint64_t v, uint8_t *p, unsigned int len)
{
    for (unsigned int i = len; i-- > 0;) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

static bool
bytes_all(const uint8_t *p, unsigned int len, uint8_t byte)
{
    for (unsigned int i = 0; i < len; i++) {
        if (p[i] != byte) {
            return false;
        }
    }
    return true;
}

/* Bit mask of the field's significant bits (up to 64). */
static uint64_t
field_max(const struct oxm_field_info *info)
{
    return info->bits >= 64 ? UINT64_MAX : (UINT64_C(1) << info->bits) - 1;
}

/* Number of leading one bits if 'p' is a CIDR mask, else -1. */
static int
cidr_length(const uint8_t *p, unsigned int len)
{
    int n = 0;
    unsigned int i = 0;

    for (; i < len && p[i] == 0xff; i++) {
        n += 8;
    }
    if (i < len) {
        uint8_t b = p[i];
        while (b & 0x80) {
            n++;
            b = (uint8_t)(b << 1);
        }
        if (b) {
            return -1;
        }
        for (i++; i < len; i++) {
            if (p[i]) {
                return -1;
            }
        }
    }
    return n;
}

static void
prefix_to_mask(unsigned int prefix, uint8_t *p, unsigned int len)
{
    for (unsigned int i = 0; i < len; i++) {
        unsigned int bits = prefix >= 8 ? 8 : prefix;
        p[i] = (uint8_t)(0xff00 >> bits);
        prefix -= bits;
    }
}

/* "0x1f" with no leading zeros, or "0" (OVS's ds_put_hex()). */
static void
put_hex_bytes(struct buf *b, const uint8_t *p, unsigned int len)
{
    bool printed = false;

    for (unsigned int i = 0; i < len; i++) {
        if (p[i] || printed) {
            ofp_text_printf(b, printed ? "%02" PRIx8 : "0x%" PRIx8, p[i]);
            printed = true;
        }
    }
    if (!printed) {
        put_cstr(b, "0");
    }
}

static void
put_mac(struct buf *b, const uint8_t *p)
{
    ofp_text_printf(b, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3],
                    p[4], p[5]);
}

static bool
parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        int digits = 0;
        unsigned int v = 0;

        while (digits < 2 && isxdigit((unsigned char)*s)) {
            char c = *s++;
            v = v * 16 +
                (unsigned int)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            digits++;
        }
        if (!digits || *s != (i < 5 ? ':' : '\0')) {
            return false;
        }
        s++;
        mac[i] = (uint8_t)v;
    }
    return true;
}

/* Parses an address or mask of 'len' bytes (4 or 16) for family 'af';
 * for a mask, a prefix length "N" is also accepted. */
static char *
parse_ip(const char *s, int af, bool is_mask, uint8_t *p)
{
    unsigned int len = af == AF_INET ? 4 : 16;

    if (is_mask && s[0] && strspn(s, "0123456789") == strlen(s)) {
        unsigned long int prefix = strtoul(s, NULL, 10);
        if (strlen(s) > 3 || prefix > len * 8) {
            return xasprintf("`%s': IPv%d network prefix bits not between 0 "
                             "and %u, inclusive",
                             s, af == AF_INET ? 4 : 6, len * 8);
        }
        prefix_to_mask((unsigned int)prefix, p, len);
        return NULL;
    }
    if (inet_pton(af, s, p) != 1) {
        return xasprintf("`%s': invalid IPv%d address", s,
                         af == AF_INET ? 4 : 6);
    }
    return NULL;
}

static void
put_ip(struct buf *b, int af, const uint8_t *p)
{
    char text[INET6_ADDRSTRLEN];

    if (inet_ntop(af, p, text, sizeof text)) {
        put_cstr(b, text);
    }
}

/* --- Single values. ----------------------------------------------------- */

/* Parses one value or mask of field 'f' from 's' into 'p'; errors call the
 * field 'name'. */
static char *
parse_one_value(enum oxm_field f, const char *name,
                const struct oxm_field_info *info, const char *s, bool is_mask,
                uint8_t *p)
{
    uint32_t port;
    uint64_t v;
    char *error;

    switch (field_texts[f].syntax) {
    case VS_PORT:
        error = ofp_port_parse(s, &port);
        if (!error) {
            uint_to_bytes(port, p, info->len);
        }
        return error;

    case VS_DEC:
    case VS_HEX:
        /* A mask may cover the whole byte width (e.g. vlan_vid/0xffff);
         * only the significant bits of it are kept. */
        error = ofp_text_parse_uint(
            s, name,
            is_mask ? (info->len >= 8 ? UINT64_MAX
                                      : (UINT64_C(1) << (info->len * 8)) - 1)
                    : field_max(info),
            &v);
        if (!error) {
            uint_to_bytes(is_mask ? v & field_max(info) : v, p, info->len);
        }
        return error;

    case VS_MAC:
        return parse_mac(s, p)
                   ? NULL
                   : xasprintf("`%s': invalid Ethernet address", s);

    case VS_IPV4:
        return parse_ip(s, AF_INET, is_mask, p);

    case VS_IPV6:
        return parse_ip(s, AF_INET6, is_mask, p);
    }
    return xasprintf("%s: cannot parse values of this field", name);
}

/* oxm_value_parse(), naming the field 'name' in errors (the name the user
 * wrote, which may be an alias). */
static char *
value_parse(enum oxm_field f, const char *name, const char *s,
            struct oxm_value *value, struct oxm_value *mask, bool *masked)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    char *error = NULL;
    bool has_mask = false;

    memset(value, 0, sizeof *value);
    if (mask) {
        memset(mask, 0, sizeof *mask);
    }
    if (masked) {
        *masked = false;
    }
    if (!info || (unsigned int)f >= OXM_N_FIELDS) {
        return xasprintf("unknown field %d", (int)f);
    }

    char *copy = xstrdup(s);
    char *slash = strchr(copy, '/');
    if (slash) {
        *slash = '\0';
        if (!mask) {
            error = xasprintf("`%s': %s cannot take a mask here", s, name);
            goto out;
        }
        if (!info->maskable) {
            error = xasprintf("`%s': field %s is not maskable", s, name);
            goto out;
        }
    }
    if (!copy[0]) {
        error = xasprintf("%s: missing value", name);
        goto out;
    }

    error = parse_one_value(f, name, info, copy, false, value->b);
    if (error) {
        goto out;
    }
    if (mask) {
        memset(mask->b, 0xff, info->len);
        if (slash) {
            error = parse_one_value(f, name, info, slash + 1, true, mask->b);
            if (error) {
                goto out;
            }
            for (unsigned int i = 0; i < info->len; i++) {
                value->b[i] &= mask->b[i];
            }
            /* A mask over all the significant bits is an exact match. */
            struct oxm_value full;
            memset(&full, 0, sizeof full);
            if (field_texts[f].syntax == VS_DEC ||
                field_texts[f].syntax == VS_HEX) {
                uint_to_bytes(field_max(info), full.b, info->len);
            } else {
                memset(full.b, 0xff, info->len);
            }
            if (!memcmp(full.b, mask->b, info->len)) {
                memset(mask->b, 0xff, info->len);
            } else {
                has_mask = true;
            }
        }
    }

out:
    free(copy);
    if (error) {
        memset(value, 0, sizeof *value);
        if (mask) {
            memset(mask, 0, sizeof *mask);
        }
    } else if (masked) {
        *masked = has_mask;
    }
    return error;
}

char *
oxm_value_parse(enum oxm_field f, const char *s, struct oxm_value *value,
                struct oxm_value *mask, bool *masked)
{
    return value_parse(f, oxm_field_text_name(f), s, value, mask, masked);
}

void
oxm_value_format(enum oxm_field f, const struct oxm_value *value,
                 const struct oxm_value *mask, struct buf *b)
{
    const struct oxm_field_info *info = oxm_field_info(f);
    if (!info || (unsigned int)f >= OXM_N_FIELDS) {
        return;
    }

    unsigned int len = info->len;
    if (mask) {
        uint8_t full[OXM_MAX_LEN];
        memset(full, 0xff, sizeof full);
        if (field_texts[f].syntax == VS_DEC ||
            field_texts[f].syntax == VS_HEX) {
            uint_to_bytes(field_max(info), full, len);
        }
        if (bytes_all(mask->b, len, 0xff) || !memcmp(mask->b, full, len)) {
            mask = NULL;
        }
    }

    switch (field_texts[f].syntax) {
    case VS_PORT:
        ofp_port_format((uint32_t)bytes_to_uint(value->b, len), b);
        if (mask) {
            put_cstr(b, "/");
            put_hex_bytes(b, mask->b, len);
        }
        break;

    case VS_DEC:
    case VS_HEX:
        if (field_texts[f].syntax == VS_DEC) {
            ofp_text_printf(b, "%" PRIu64, bytes_to_uint(value->b, len));
        } else {
            put_hex_bytes(b, value->b, len);
        }
        if (mask) {
            put_cstr(b, "/");
            put_hex_bytes(b, mask->b, len);
        }
        break;

    case VS_MAC:
        put_mac(b, value->b);
        if (mask) {
            put_cstr(b, "/");
            put_mac(b, mask->b);
        }
        break;

    case VS_IPV4:
    case VS_IPV6: {
        int af = field_texts[f].syntax == VS_IPV4 ? AF_INET : AF_INET6;
        put_ip(b, af, value->b);
        if (mask) {
            int prefix = cidr_length(mask->b, len);
            if (prefix >= 0) {
                ofp_text_printf(b, "/%d", prefix);
            } else {
                put_cstr(b, "/");
                put_ip(b, af, mask->b);
            }
        }
        break;
    }
    }
}

/* --- Matches: parsing. -------------------------------------------------- */

/* Shorthands for eth_type (and ip_proto). */
static const struct {
    const char *name;
    uint16_t eth_type;
    uint8_t ip_proto; /* 0: none. */
} protocols[] = {
    { "ip", ETH_TYPE_IP, 0 },
    { "ipv4", ETH_TYPE_IP, 0 },
    { "ipv6", ETH_TYPE_IPV6, 0 },
    { "icmp", ETH_TYPE_IP, IPPROTO_ICMP_ },
    { "icmp6", ETH_TYPE_IPV6, IPPROTO_ICMPV6_ },
    { "tcp", ETH_TYPE_IP, IPPROTO_TCP_ },
    { "tcp6", ETH_TYPE_IPV6, IPPROTO_TCP_ },
    { "udp", ETH_TYPE_IP, IPPROTO_UDP_ },
    { "udp6", ETH_TYPE_IPV6, IPPROTO_UDP_ },
    { "sctp", ETH_TYPE_IP, IPPROTO_SCTP_ },
    { "sctp6", ETH_TYPE_IPV6, IPPROTO_SCTP_ },
    { "arp", ETH_TYPE_ARP, 0 },
    { "rarp", ETH_TYPE_RARP, 0 },
    { "mpls", ETH_TYPE_MPLS, 0 },
    { "mplsm", ETH_TYPE_MPLS_MCAST, 0 },
};

/* One "key[=value]" of a match, kept until every item is known, because
 * the meaning of some names (tp_src, nw_src, icmp_type) depends on the
 * eth_type and ip_proto given anywhere in the match. */
struct match_item {
    const char *key;
    const char *value;
    int proto;                   /* Index into protocols[], or -1. */
    const struct field_name *fn; /* When proto < 0. */
};

/* Items are applied in three passes, each in input order so that a later
 * duplicate wins as in ovs-ofctl: eth_type first, then ip_proto (whose
 * name may depend on eth_type), then the rest. */
static int
item_pass(const struct match_item *it)
{
    if (it->proto >= 0) {
        return 0; /* Pass 0 sets eth_type, pass 1 the shorthand's proto. */
    }
    if (it->fn->kind == NK_FIELD && it->fn->field == OXM_ETH_TYPE) {
        return 0;
    }
    if (it->fn->kind == NK_NW_PROTO ||
        (it->fn->kind == NK_FIELD && it->fn->field == OXM_IP_PROTO)) {
        return 1;
    }
    return 2;
}

static int
match_eth_type(const struct ofp_match *m)
{
    return ofp_match_has(m, OXM_ETH_TYPE)
               ? (int)ofp_match_get_uint(m, OXM_ETH_TYPE)
               : -1;
}

static int
match_ip_proto(const struct ofp_match *m)
{
    return ofp_match_has(m, OXM_IP_PROTO)
               ? (int)ofp_match_get_uint(m, OXM_IP_PROTO)
               : -1;
}

/* Sets 'f' from raw bytes with 'mask' (NULL: exact); an all-zero mask
 * wildcards the field, as in ovs-ofctl. */
static void
set_masked(struct ofp_match *m, enum oxm_field f, const uint8_t *value,
           const uint8_t *mask)
{
    const struct oxm_field_info *info = oxm_field_info(f);

    if (mask && bytes_all(mask, info->len, 0)) {
        ofp_match_clear(m, f);
    } else {
        ofp_match_set(m, f, value, mask);
    }
}

static char *
set_from_text(struct ofp_match *m, enum oxm_field f, const char *name,
              const char *value)
{
    struct oxm_value v, mask;
    bool masked;
    char *error = value_parse(f, name, value, &v, &mask, &masked);

    if (!error) {
        set_masked(m, f, v.b, masked ? mask.b : NULL);
    }
    return error;
}

static char *
set_u16(struct ofp_match *m, enum oxm_field f, uint16_t value, uint16_t mask)
{
    uint8_t v[2] = { (uint8_t)(value >> 8), (uint8_t)value };
    uint8_t k[2] = { (uint8_t)(mask >> 8), (uint8_t)mask };
    set_masked(m, f, v, mask == 0xffff ? NULL : k);
    return NULL;
}

static char *
parse_vlan_tci(struct ofp_match *m, const char *s)
{
    char *copy = xstrdup(s);
    char *slash = strchr(copy, '/');
    uint64_t tci, mask = 0xffff;
    char *error;

    if (slash) {
        *slash = '\0';
    }
    error = ofp_text_parse_uint(copy, "vlan_tci", 0xffff, &tci);
    if (!error && slash) {
        error = ofp_text_parse_uint(slash + 1, "vlan_tci", 0xffff, &mask);
    }
    free(copy);
    if (error) {
        return error;
    }

    /* OpenFlow 1.3 splits the TCI into VLAN_VID (CFI as OFPVID_PRESENT,
     * plus the VID) and an unmaskable VLAN_PCP. */
    uint16_t pcp_mask = (uint16_t)(mask & 0xe000);
    uint16_t vid_mask = (uint16_t)(mask & 0x1fff);
    if (pcp_mask && pcp_mask != 0xe000) {
        return xasprintf("`%s': vlan_tci mask must cover all or none of the "
                         "PCP bits in OpenFlow 1.3",
                         s);
    }
    /* A PCP with VID bits but without the CFI (OFPVID_PRESENT) bit
     * describes a tag that cannot exist: OpenFlow 1.3 refuses that match
     * (VLAN_PCP's prerequisite, BAD_PREREQ), so say so here rather than
     * send it. */
    if (pcp_mask && (vid_mask & 0x1000) && !(tci & 0x1000) &&
        (tci & vid_mask & 0x0fff)) {
        return xasprintf("`%s': a VLAN ID needs the 0x1000 (CFI, "
                         "OFPVID_PRESENT) bit in vlan_tci",
                         s);
    }
    if (vid_mask) {
        set_u16(m, OXM_VLAN_VID, (uint16_t)(tci & vid_mask),
                vid_mask == 0x1fff ? 0xffff : vid_mask);
    } else {
        ofp_match_clear(m, OXM_VLAN_VID);
    }
    /* A PCP with "untagged" (vlan_tci=0) means nothing and OpenFlow 1.3
     * cannot express it; OVS drops it too. */
    if (pcp_mask && !(vid_mask == 0x1fff && !(tci & 0x1fff))) {
        ofp_match_set_u8(m, OXM_VLAN_PCP, (uint8_t)(tci >> 13));
    } else {
        ofp_match_clear(m, OXM_VLAN_PCP);
    }
    return NULL;
}

static char *
apply_item(struct ofp_match *m, const struct match_item *it, int pass,
           const char **used_names)
{
    enum oxm_field f;
    uint64_t v;
    char *error;

    if (it->proto >= 0) {
        if (pass == 0) {
            ofp_match_set_u16(m, OXM_ETH_TYPE, protocols[it->proto].eth_type);
        } else if (protocols[it->proto].ip_proto) {
            ofp_match_set_u8(m, OXM_IP_PROTO, protocols[it->proto].ip_proto);
            used_names[OXM_IP_PROTO] = it->key;
        }
        return NULL;
    }

    int eth_type = match_eth_type(m);
    bool is_arp = eth_type == ETH_TYPE_ARP || eth_type == ETH_TYPE_RARP;
    f = it->fn->field;
    switch (it->fn->kind) {
    case NK_FIELD:
        break;

    case NK_DL_VLAN:
        error = ofp_text_parse_uint(it->value, it->key, 0xffff, &v);
        if (error) {
            return error;
        }
        if (v == 0xffff) {
            /* OFP_VLAN_NONE: untagged packets only. */
            ofp_match_set_u16(m, OXM_VLAN_VID, OFPVID_NONE);
        } else if (v <= 0xfff) {
            ofp_match_set_u16(m, OXM_VLAN_VID, (uint16_t)(OFPVID_PRESENT | v));
        } else {
            return xasprintf("`%s': dl_vlan must be a VLAN ID (0 to 4095) or "
                             "0xffff for untagged packets",
                             it->value);
        }
        used_names[OXM_VLAN_VID] = it->key;
        return NULL;

    case NK_VLAN_TCI:
        used_names[OXM_VLAN_VID] = it->key;
        used_names[OXM_VLAN_PCP] = it->key;
        return parse_vlan_tci(m, it->value);

    case NK_NW_TOS:
        if (strchr(it->value, '/')) {
            return xasprintf("`%s': field nw_tos is not maskable", it->value);
        }
        error = ofp_text_parse_uint(it->value, it->key, 0xff, &v);
        if (error) {
            return error;
        }
        if (v & 3) {
            return xasprintf("`%s': nw_tos must not set the ECN bits (use "
                             "nw_ecn)",
                             it->value);
        }
        ofp_match_set_u8(m, OXM_IP_DSCP, (uint8_t)(v >> 2));
        used_names[OXM_IP_DSCP] = it->key;
        return NULL;

    case NK_NW_SRC:
        f = is_arp ? OXM_ARP_SPA : OXM_IPV4_SRC;
        break;

    case NK_NW_DST:
        f = is_arp ? OXM_ARP_TPA : OXM_IPV4_DST;
        break;

    case NK_NW_PROTO:
        f = is_arp ? OXM_ARP_OP : OXM_IP_PROTO;
        break;

    case NK_TP_SRC:
    case NK_TP_DST: {
        bool src = it->fn->kind == NK_TP_SRC;
        switch (match_ip_proto(m)) {
        case IPPROTO_TCP_:
            f = src ? OXM_TCP_SRC : OXM_TCP_DST;
            break;
        case IPPROTO_UDP_:
            f = src ? OXM_UDP_SRC : OXM_UDP_DST;
            break;
        case IPPROTO_SCTP_:
            f = src ? OXM_SCTP_SRC : OXM_SCTP_DST;
            break;
        default:
            return xasprintf("prerequisites not met: %s requires tcp, udp "
                             "or sctp",
                             it->key);
        }
        break;
    }

    case NK_ICMP_TYPE:
        f = eth_type == ETH_TYPE_IPV6 ? OXM_ICMPV6_TYPE : OXM_ICMPV4_TYPE;
        break;

    case NK_ICMP_CODE:
        f = eth_type == ETH_TYPE_IPV6 ? OXM_ICMPV6_CODE : OXM_ICMPV4_CODE;
        break;

    case NK_UNSUPPORTED:
        return xasprintf("field `%s' cannot be matched in OpenFlow 1.3",
                         it->key);
    }

    used_names[f] = it->key;
    return set_from_text(m, f, it->key, it->value);
}

/* OF1.3.5 §7.2.3.8: checks every field's prerequisites, naming the first
 * field whose prerequisite is missing as the user wrote it. */
static char *
check_prereqs(const struct ofp_match *m, const char **used_names)
{
    int eth_type = match_eth_type(m);
    int ip_proto = match_ip_proto(m);
    bool is_ip = eth_type == ETH_TYPE_IP || eth_type == ETH_TYPE_IPV6;
    int icmpv6_type = ofp_match_has(m, OXM_ICMPV6_TYPE)
                          ? (int)ofp_match_get_uint(m, OXM_ICMPV6_TYPE)
                          : -1;

    for (unsigned int f = 0; f < OXM_N_FIELDS; f++) {
        const char *need = NULL;

        if (!ofp_match_has(m, f)) {
            continue;
        }
        switch ((enum oxm_field)f) {
        case OXM_IN_PHY_PORT:
            need = ofp_match_has(m, OXM_IN_PORT) ? NULL : "in_port";
            break;
        case OXM_VLAN_PCP:
            if (!ofp_match_has(m, OXM_VLAN_VID) ||
                (ofp_match_get_uint(m, OXM_VLAN_VID) == OFPVID_NONE &&
                 !(m->masked & (UINT64_C(1) << OXM_VLAN_VID)))) {
                need = "a VLAN tag (it cannot be combined with matching "
                       "untagged packets)";
            }
            break;
        case OXM_IP_DSCP:
        case OXM_IP_ECN:
        case OXM_IP_PROTO:
            need = is_ip ? NULL : "ip or ipv6";
            break;
        case OXM_IPV4_SRC:
        case OXM_IPV4_DST:
            need = eth_type == ETH_TYPE_IP ? NULL : "ip";
            break;
        case OXM_TCP_SRC:
        case OXM_TCP_DST:
            need = ip_proto == IPPROTO_TCP_ ? NULL : "tcp or tcp6";
            break;
        case OXM_UDP_SRC:
        case OXM_UDP_DST:
            need = ip_proto == IPPROTO_UDP_ ? NULL : "udp or udp6";
            break;
        case OXM_SCTP_SRC:
        case OXM_SCTP_DST:
            need = ip_proto == IPPROTO_SCTP_ ? NULL : "sctp or sctp6";
            break;
        case OXM_ICMPV4_TYPE:
        case OXM_ICMPV4_CODE:
            need = ip_proto == IPPROTO_ICMP_ ? NULL : "icmp";
            break;
        case OXM_ARP_OP:
        case OXM_ARP_SPA:
        case OXM_ARP_TPA:
        case OXM_ARP_SHA:
        case OXM_ARP_THA:
            need = eth_type == ETH_TYPE_ARP ? NULL : "arp";
            break;
        case OXM_IPV6_SRC:
        case OXM_IPV6_DST:
        case OXM_IPV6_FLABEL:
        case OXM_IPV6_EXTHDR:
            need = eth_type == ETH_TYPE_IPV6 ? NULL : "ipv6";
            break;
        case OXM_ICMPV6_TYPE:
        case OXM_ICMPV6_CODE:
            need = ip_proto == IPPROTO_ICMPV6_ ? NULL : "icmp6";
            break;
        case OXM_IPV6_ND_TARGET:
            need = icmpv6_type == 135 || icmpv6_type == 136
                       ? NULL
                       : "icmp6 with icmp_type=135 or icmp_type=136";
            break;
        case OXM_IPV6_ND_SLL:
            need = icmpv6_type == 135 ? NULL : "icmp6 with icmp_type=135";
            break;
        case OXM_IPV6_ND_TLL:
            need = icmpv6_type == 136 ? NULL : "icmp6 with icmp_type=136";
            break;
        case OXM_MPLS_LABEL:
        case OXM_MPLS_TC:
        case OXM_MPLS_BOS:
            need = eth_type == ETH_TYPE_MPLS || eth_type == ETH_TYPE_MPLS_MCAST
                       ? NULL
                       : "mpls or mplsm";
            break;
        case OXM_PBB_ISID:
            need = eth_type == ETH_TYPE_PBB ? NULL : "dl_type=0x88e7";
            break;
        case OXM_IN_PORT:
        case OXM_METADATA:
        case OXM_ETH_DST:
        case OXM_ETH_SRC:
        case OXM_ETH_TYPE:
        case OXM_VLAN_VID:
        case OXM_TUNNEL_ID:
            break;
        }
        if (need) {
            return xasprintf(
                "prerequisites not met: %s requires %s",
                used_names[f] ? used_names[f] : field_texts[f].name, need);
        }
    }
    return NULL;
}

char *
ofp_match_parse(const char *s, struct ofp_match *m)
{
    const char *used_names[OXM_N_FIELDS] = { NULL };
    struct match_item *items = NULL;
    size_t n_items = 0;
    char *copy = xstrdup(s);
    char *pos = copy;
    char *key, *value;
    char *error = NULL;

    ofp_match_init(m);
    while (ofp_text_next_kv(&pos, &key, &value, NULL)) {
        struct match_item it = { key, value, -1, NULL };

        for (size_t i = 0; i < ARRAY_SIZE(protocols); i++) {
            if (!strcmp(key, protocols[i].name)) {
                it.proto = (int)i;
                break;
            }
        }
        if (it.proto >= 0) {
            if (*value) {
                error = xasprintf("`%s' takes no value", key);
                goto out;
            }
        } else {
            it.fn = field_name_lookup(key);
            if (!it.fn) {
                error = xasprintf("unknown field `%s'", key);
                goto out;
            }
            if (!*value) {
                error = xasprintf("field `%s' needs a value", key);
                goto out;
            }
        }
        items = xreallocarray(items, n_items + 1, sizeof *items);
        items[n_items++] = it;
    }

    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < n_items; i++) {
            int item_p = item_pass(&items[i]);
            if (item_p == pass || (pass == 1 && items[i].proto >= 0)) {
                error = apply_item(m, &items[i], pass, used_names);
                if (error) {
                    goto out;
                }
            }
        }
    }

    /* As in ovs-ofctl, a PCP alone means "any tagged packet with this
     * PCP": OpenFlow 1.3 needs VLAN_VID for that. */
    if (ofp_match_has(m, OXM_VLAN_PCP) && !ofp_match_has(m, OXM_VLAN_VID)) {
        set_u16(m, OXM_VLAN_VID, OFPVID_PRESENT, OFPVID_PRESENT);
    }
    error = check_prereqs(m, used_names);

out:
    if (error) {
        ofp_match_uninit(m);
        ofp_match_init(m);
    }
    free(items);
    free(copy);
    return error;
}

/* --- Matches: formatting. ----------------------------------------------- */

/* ovs-ofctl's shorthand for the eth_type/ip_proto pair; sets '*covers_proto'
 * when it also stands for ip_proto. */
static const char *
match_shorthand(int eth_type, int ip_proto, bool *covers_proto)
{
    *covers_proto = false;
    for (size_t i = 0; i < ARRAY_SIZE(protocols); i++) {
        if (protocols[i].eth_type == eth_type && protocols[i].ip_proto &&
            protocols[i].ip_proto == ip_proto) {
            *covers_proto = true;
            return protocols[i].name;
        }
    }
    /* "ip" comes before its alias "ipv4" in the table, so it is printed. */
    for (size_t i = 0; i < ARRAY_SIZE(protocols); i++) {
        if (protocols[i].eth_type == eth_type && !protocols[i].ip_proto) {
            return protocols[i].name;
        }
    }
    return NULL;
}

/* "name=value[/mask]," with oxm_value_format()'s syntax. */
static void
format_field(const struct ofp_match *m, enum oxm_field f, const char *name,
             struct buf *b)
{
    if (ofp_match_has(m, f)) {
        bool masked = (m->masked >> f) & 1;
        ofp_text_printf(b, "%s=", name);
        oxm_value_format(f, &m->value[f], masked ? &m->mask[f] : NULL, b);
        put_cstr(b, ",");
    }
}

/* Integer fields as ovs-ofctl prints them in a match: decimal when exact,
 * "0xVALUE/0xMASK" when masked. */
static void
format_int_field(const struct ofp_match *m, enum oxm_field f, const char *name,
                 struct buf *b)
{
    if (ofp_match_has(m, f)) {
        const struct oxm_field_info *info = oxm_field_info(f);
        uint64_t value = ofp_match_get_uint(m, f);
        uint64_t mask = ofp_match_get_mask_uint(m, f) & field_max(info);

        if (!((m->masked >> f) & 1) || mask == field_max(info)) {
            ofp_text_printf(b, "%s=%" PRIu64 ",", name, value);
        } else {
            ofp_text_printf(b, "%s=0x%" PRIx64 "/0x%" PRIx64 ",", name, value,
                            mask);
        }
    }
}

/* VLAN_VID and VLAN_PCP together, as ovs-ofctl prints the 802.1Q TCI. */
static void
format_vlan(const struct ofp_match *m, struct buf *b)
{
    uint16_t tci = 0, mask = 0;

    if (ofp_match_has(m, OXM_VLAN_VID)) {
        uint16_t vid_mask =
            (m->masked >> OXM_VLAN_VID) & 1
                ? (uint16_t)ofp_match_get_mask_uint(m, OXM_VLAN_VID)
                : 0x1fff;
        vid_mask &= 0x1fff;
        mask |= vid_mask;
        tci |= (uint16_t)(ofp_match_get_uint(m, OXM_VLAN_VID) & vid_mask);
    }
    if (ofp_match_has(m, OXM_VLAN_PCP)) {
        mask |= 0xe000;
        tci |= (uint16_t)((ofp_match_get_uint(m, OXM_VLAN_PCP) & 7) << 13);
    }
    if (!mask) {
        return;
    }

    uint16_t vid_mask = mask & 0x0fff;
    uint16_t pcp_mask = mask & 0xe000;
    if ((mask & tci & 0x1000) && (!vid_mask || vid_mask == 0x0fff) &&
        (!pcp_mask || pcp_mask == 0xe000) && (vid_mask || pcp_mask)) {
        if (vid_mask) {
            ofp_text_printf(b, "dl_vlan=%u,", tci & 0x0fff);
        }
        if (pcp_mask) {
            ofp_text_printf(b, "dl_vlan_pcp=%u,", tci >> 13);
        }
    } else if (mask == 0xffff) {
        ofp_text_printf(b, "vlan_tci=0x%04" PRIx16 ",", tci);
    } else {
        ofp_text_printf(b, "vlan_tci=0x%04" PRIx16 "/0x%04" PRIx16 ",", tci,
                        mask);
    }
}

void
ofp_match_format(const struct ofp_match *m, struct buf *b)
{
    size_t start = b->size;
    int eth_type = match_eth_type(m);
    int ip_proto = match_ip_proto(m);
    bool is_arp = eth_type == ETH_TYPE_ARP || eth_type == ETH_TYPE_RARP;
    bool is_ipv6 = eth_type == ETH_TYPE_IPV6;
    bool skip_proto = false;
    const char *shorthand = NULL;

    /* The order is ovs-ofctl's (lib/match.c), with the fields OVS lacks
     * next to their neighbours.  Where the usual name would be read back
     * as another field (tp_src needs ip_proto, nw_src means arp_spa in an
     * ARP match, ...), the field's own name is printed instead, so that
     * every match reads back as itself. */
    if (eth_type >= 0) {
        shorthand = match_shorthand(eth_type, ip_proto, &skip_proto);
        if (shorthand) {
            ofp_text_printf(b, "%s,", shorthand);
        }
    }
    format_field(m, OXM_TUNNEL_ID, "tun_id", b);
    format_field(m, OXM_METADATA, "metadata", b);
    format_field(m, OXM_IN_PORT, "in_port", b);
    format_field(m, OXM_IN_PHY_PORT, "in_phy_port", b);
    format_vlan(m, b);
    format_field(m, OXM_ETH_SRC, "dl_src", b);
    format_field(m, OXM_ETH_DST, "dl_dst", b);
    if (eth_type >= 0 && !shorthand) {
        ofp_text_printf(b, "dl_type=0x%04x,", eth_type);
    }

    format_field(m, OXM_IPV6_SRC, "ipv6_src", b);
    format_field(m, OXM_IPV6_DST, "ipv6_dst", b);
    if (ofp_match_has(m, OXM_IPV6_FLABEL)) {
        uint64_t label = ofp_match_get_uint(m, OXM_IPV6_FLABEL);
        uint64_t mask = ofp_match_get_mask_uint(m, OXM_IPV6_FLABEL) & 0xfffff;
        if (!((m->masked >> OXM_IPV6_FLABEL) & 1) || mask == 0xfffff) {
            ofp_text_printf(b, "ipv6_label=0x%05" PRIx64 ",", label);
        } else {
            ofp_text_printf(b, "ipv6_label=0x%05" PRIx64 "/0x%05" PRIx64 ",",
                            label, mask);
        }
    }
    format_field(m, OXM_IPV6_EXTHDR, "ipv6_exthdr", b);
    format_field(m, OXM_ARP_SPA, "arp_spa", b);
    format_field(m, OXM_ARP_TPA, "arp_tpa", b);
    format_field(m, OXM_IPV4_SRC, is_arp ? "ip_src" : "nw_src", b);
    format_field(m, OXM_IPV4_DST, is_arp ? "ip_dst" : "nw_dst", b);
    if (!skip_proto) {
        format_int_field(m, OXM_IP_PROTO, is_arp ? "ip_proto" : "nw_proto", b);
    }
    format_int_field(m, OXM_ARP_OP, "arp_op", b);
    format_field(m, OXM_ARP_SHA, "arp_sha", b);
    format_field(m, OXM_ARP_THA, "arp_tha", b);
    if (ofp_match_has(m, OXM_IP_DSCP)) {
        ofp_text_printf(b, "nw_tos=%" PRIu64 ",",
                        (ofp_match_get_uint(m, OXM_IP_DSCP) & 0x3f) << 2);
    }
    format_int_field(m, OXM_IP_ECN, "nw_ecn", b);
    format_int_field(m, OXM_MPLS_LABEL, "mpls_label", b);
    format_int_field(m, OXM_MPLS_TC, "mpls_tc", b);
    format_int_field(m, OXM_MPLS_BOS, "mpls_bos", b);
    format_int_field(m, OXM_PBB_ISID, "pbb_isid", b);
    format_int_field(m, OXM_ICMPV4_TYPE, is_ipv6 ? "icmpv4_type" : "icmp_type",
                     b);
    format_int_field(m, OXM_ICMPV4_CODE, is_ipv6 ? "icmpv4_code" : "icmp_code",
                     b);
    format_int_field(m, OXM_ICMPV6_TYPE, is_ipv6 ? "icmp_type" : "icmpv6_type",
                     b);
    format_int_field(m, OXM_ICMPV6_CODE, is_ipv6 ? "icmp_code" : "icmpv6_code",
                     b);
    format_field(m, OXM_IPV6_ND_TARGET, "nd_target", b);
    format_field(m, OXM_IPV6_ND_SLL, "nd_sll", b);
    format_field(m, OXM_IPV6_ND_TLL, "nd_tll", b);
    format_int_field(m, OXM_TCP_SRC,
                     ip_proto == IPPROTO_TCP_ ? "tp_src" : "tcp_src", b);
    format_int_field(m, OXM_TCP_DST,
                     ip_proto == IPPROTO_TCP_ ? "tp_dst" : "tcp_dst", b);
    format_int_field(m, OXM_UDP_SRC,
                     ip_proto == IPPROTO_UDP_ ? "tp_src" : "udp_src", b);
    format_int_field(m, OXM_UDP_DST,
                     ip_proto == IPPROTO_UDP_ ? "tp_dst" : "udp_dst", b);
    format_int_field(m, OXM_SCTP_SRC,
                     ip_proto == IPPROTO_SCTP_ ? "tp_src" : "sctp_src", b);
    format_int_field(m, OXM_SCTP_DST,
                     ip_proto == IPPROTO_SCTP_ ? "tp_dst" : "sctp_dst", b);
    chomp_comma(b, start);
}
