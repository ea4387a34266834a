/* datapath/execute.c -- applying header-modifying actions to a packet.
 * Each action checks that the header it needs is there (bounds-checked
 * against the frame, never trusting the key alone), rewrites the bytes,
 * keeps every checksum that covers them correct, and brings the flow key
 * up to date: directly for a field rewrite, by extracting again when the
 * header layout or the interpretation of later headers changes (pushes,
 * pops, ETH_TYPE, IP_PROTO, ICMPV6_TYPE, MPLS_BOS).
 *
 * Checksums: 16-bit Internet checksums are updated incrementally (RFC 1624
 * eqn. 3) from the old and new bytes, which covers the IPv4 header, the
 * IPv4/IPv6 pseudo-header of TCP, UDP and ICMPv6, and the ICMPv4, ICMPv6,
 * TCP and UDP bodies.  A UDP checksum of zero means "none" and is left
 * alone; a computed zero is sent as 0xffff (RFC 768).  SCTP's CRC32c
 * cannot be updated cheaply, so it is recomputed over the whole SCTP
 * packet, when that packet is complete in the frame and unfragmented. */
#include <config.h>

#include "datapath/execute.h"

#include <string.h>

#include "datapath/key.h"
#include "datapath/packet.h"
#include "ofp13/ofp.h"
#include "util/cur.h"

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_VLAN 0x8100
#define ETH_TYPE_VLAN_8021AD 0x88a8
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848
#define ETH_TYPE_PBB 0x88e7

#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_ICMP_ 1
#define IPPROTO_IPIP_ 4
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_IPV6_ 41
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_AH_ 51
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_DSTOPTS_ 60
#define IPPROTO_SCTP_ 132

/* CRC32c (Castagnoli, reflected polynomial 0x82f63b78), RFC 4960 App. B. */
static const uint32_t crc32c_table[256] = {
    0x00000000u, 0xf26b8303u, 0xe13b70f7u, 0x1350f3f4u, 0xc79a971fu,
    0x35f1141cu, 0x26a1e7e8u, 0xd4ca64ebu, 0x8ad958cfu, 0x78b2dbccu,
    0x6be22838u, 0x9989ab3bu, 0x4d43cfd0u, 0xbf284cd3u, 0xac78bf27u,
    0x5e133c24u, 0x105ec76fu, 0xe235446cu, 0xf165b798u, 0x030e349bu,
    0xd7c45070u, 0x25afd373u, 0x36ff2087u, 0xc494a384u, 0x9a879fa0u,
    0x68ec1ca3u, 0x7bbcef57u, 0x89d76c54u, 0x5d1d08bfu, 0xaf768bbcu,
    0xbc267848u, 0x4e4dfb4bu, 0x20bd8edeu, 0xd2d60dddu, 0xc186fe29u,
    0x33ed7d2au, 0xe72719c1u, 0x154c9ac2u, 0x061c6936u, 0xf477ea35u,
    0xaa64d611u, 0x580f5512u, 0x4b5fa6e6u, 0xb93425e5u, 0x6dfe410eu,
    0x9f95c20du, 0x8cc531f9u, 0x7eaeb2fau, 0x30e349b1u, 0xc288cab2u,
    0xd1d83946u, 0x23b3ba45u, 0xf779deaeu, 0x05125dadu, 0x1642ae59u,
    0xe4292d5au, 0xba3a117eu, 0x4851927du, 0x5b016189u, 0xa96ae28au,
    0x7da08661u, 0x8fcb0562u, 0x9c9bf696u, 0x6ef07595u, 0x417b1dbcu,
    0xb3109ebfu, 0xa0406d4bu, 0x522bee48u, 0x86e18aa3u, 0x748a09a0u,
    0x67dafa54u, 0x95b17957u, 0xcba24573u, 0x39c9c670u, 0x2a993584u,
    0xd8f2b687u, 0x0c38d26cu, 0xfe53516fu, 0xed03a29bu, 0x1f682198u,
    0x5125dad3u, 0xa34e59d0u, 0xb01eaa24u, 0x42752927u, 0x96bf4dccu,
    0x64d4cecfu, 0x77843d3bu, 0x85efbe38u, 0xdbfc821cu, 0x2997011fu,
    0x3ac7f2ebu, 0xc8ac71e8u, 0x1c661503u, 0xee0d9600u, 0xfd5d65f4u,
    0x0f36e6f7u, 0x61c69362u, 0x93ad1061u, 0x80fde395u, 0x72966096u,
    0xa65c047du, 0x5437877eu, 0x4767748au, 0xb50cf789u, 0xeb1fcbadu,
    0x197448aeu, 0x0a24bb5au, 0xf84f3859u, 0x2c855cb2u, 0xdeeedfb1u,
    0xcdbe2c45u, 0x3fd5af46u, 0x7198540du, 0x83f3d70eu, 0x90a324fau,
    0x62c8a7f9u, 0xb602c312u, 0x44694011u, 0x5739b3e5u, 0xa55230e6u,
    0xfb410cc2u, 0x092a8fc1u, 0x1a7a7c35u, 0xe811ff36u, 0x3cdb9bddu,
    0xceb018deu, 0xdde0eb2au, 0x2f8b6829u, 0x82f63b78u, 0x709db87bu,
    0x63cd4b8fu, 0x91a6c88cu, 0x456cac67u, 0xb7072f64u, 0xa457dc90u,
    0x563c5f93u, 0x082f63b7u, 0xfa44e0b4u, 0xe9141340u, 0x1b7f9043u,
    0xcfb5f4a8u, 0x3dde77abu, 0x2e8e845fu, 0xdce5075cu, 0x92a8fc17u,
    0x60c37f14u, 0x73938ce0u, 0x81f80fe3u, 0x55326b08u, 0xa759e80bu,
    0xb4091bffu, 0x466298fcu, 0x1871a4d8u, 0xea1a27dbu, 0xf94ad42fu,
    0x0b21572cu, 0xdfeb33c7u, 0x2d80b0c4u, 0x3ed04330u, 0xccbbc033u,
    0xa24bb5a6u, 0x502036a5u, 0x4370c551u, 0xb11b4652u, 0x65d122b9u,
    0x97baa1bau, 0x84ea524eu, 0x7681d14du, 0x2892ed69u, 0xdaf96e6au,
    0xc9a99d9eu, 0x3bc21e9du, 0xef087a76u, 0x1d63f975u, 0x0e330a81u,
    0xfc588982u, 0xb21572c9u, 0x407ef1cau, 0x532e023eu, 0xa145813du,
    0x758fe5d6u, 0x87e466d5u, 0x94b49521u, 0x66df1622u, 0x38cc2a06u,
    0xcaa7a905u, 0xd9f75af1u, 0x2b9cd9f2u, 0xff56bd19u, 0x0d3d3e1au,
    0x1e6dcdeeu, 0xec064eedu, 0xc38d26c4u, 0x31e6a5c7u, 0x22b65633u,
    0xd0ddd530u, 0x0417b1dbu, 0xf67c32d8u, 0xe52cc12cu, 0x1747422fu,
    0x49547e0bu, 0xbb3ffd08u, 0xa86f0efcu, 0x5a048dffu, 0x8ecee914u,
    0x7ca56a17u, 0x6ff599e3u, 0x9d9e1ae0u, 0xd3d3e1abu, 0x21b862a8u,
    0x32e8915cu, 0xc083125fu, 0x144976b4u, 0xe622f5b7u, 0xf5720643u,
    0x07198540u, 0x590ab964u, 0xab613a67u, 0xb831c993u, 0x4a5a4a90u,
    0x9e902e7bu, 0x6cfbad78u, 0x7fab5e8cu, 0x8dc0dd8fu, 0xe330a81au,
    0x115b2b19u, 0x020bd8edu, 0xf0605beeu, 0x24aa3f05u, 0xd6c1bc06u,
    0xc5914ff2u, 0x37faccf1u, 0x69e9f0d5u, 0x9b8273d6u, 0x88d28022u,
    0x7ab90321u, 0xae7367cau, 0x5c18e4c9u, 0x4f48173du, 0xbd23943eu,
    0xf36e6f75u, 0x0105ec76u, 0x12551f82u, 0xe03e9c81u, 0x34f4f86au,
    0xc69f7b69u, 0xd5cf889du, 0x27a40b9eu, 0x79b737bau, 0x8bdcb4b9u,
    0x988c474du, 0x6ae7c44eu, 0xbe2da0a5u, 0x4c4623a6u, 0x5f16d052u,
    0xad7d5351u,
};

uint32_t
dp_crc32c(const void *data, size_t n)
{
    const uint8_t *p = data;
    uint32_t crc = 0xffffffffu;

    for (size_t i = 0; i < n; i++) {
        crc = crc32c_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}

/* Returns the Internet checksum (RFC 1071) of the bytes as a host-order
 * value to be stored with put_be16(); an odd last byte is padded with
 * zero. */
uint16_t
dp_csum(const void *data, size_t n)
{
    const uint8_t *p = data;
    uint64_t sum = 0;
    size_t i;

    for (i = 0; i + 1 < n; i += 2) {
        sum += get_be16(p + i);
    }
    if (n & 1) {
        sum += (uint32_t)p[n - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

/* RFC 1624 eqn. 3: the checksum 'csum' after the 'n' (even) bytes 'old'
 * at an even offset of the covered data become 'new'. */
static uint16_t
csum_replace(uint16_t csum, const uint8_t *old, const uint8_t *new, size_t n)
{
    uint32_t sum = (uint16_t)~csum;

    for (size_t i = 0; i < n; i += 2) {
        sum += (uint16_t)~get_be16(old + i);
        sum += get_be16(new + i);
    }
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Updates the checksum field at 'csum' for a change of 'n' bytes.  For UDP
 * ('udp'), zero means "no checksum" and stays zero, and a result of zero
 * is sent as all ones. */
static void
csum_fix(uint8_t *csum, bool udp, const uint8_t *old, const uint8_t *new,
         size_t n)
{
    uint16_t c = get_be16(csum);

    if (udp && !c) {
        return;
    }
    c = csum_replace(c, old, new, n);
    put_be16(csum, udp && !c ? 0xffff : c);
}

/* The frame length the parser looks at (see dp_key_extract()). */
static size_t
frame_size(const struct dp_packet *pkt)
{
    return pkt->size < DP_PACKET_MAX_FRAME ? pkt->size : DP_PACKET_MAX_FRAME;
}

/* The 'need' bytes at layer offset 'ofs', or NULL if the layer is absent
 * or shorter. */
static uint8_t *
at(const struct dp_packet *pkt, uint16_t ofs, size_t need)
{
    size_t size = frame_size(pkt);

    if (ofs == DP_OFS_NONE || ofs > size || size - ofs < need) {
        return NULL;
    }
    return dp_packet_data(pkt) + ofs;
}

static bool
eth_type_is_vlan(uint16_t type)
{
    return type == ETH_TYPE_VLAN || type == ETH_TYPE_VLAN_8021AD;
}

static bool
eth_type_is_mpls(uint16_t type)
{
    return type == ETH_TYPE_MPLS || type == ETH_TYPE_MPLS_MCAST;
}

/* Finds the Ethernet type after all VLAN tags, walking the tags exactly as
 * dp_key_extract() does.  Returns false if the frame has no complete
 * Ethernet header or a tag is cut short. */
static bool
find_eth_type(const struct dp_packet *pkt, size_t *type_ofs)
{
    const uint8_t *f = dp_packet_data(pkt);
    size_t size = frame_size(pkt);
    size_t o = 12;

    if (size < 14) {
        return false;
    }
    while (eth_type_is_vlan(get_be16(f + o))) {
        if (size - o < 6) {
            return false;
        }
        o += 4;
    }
    *type_ofs = o;
    return true;
}

/* Does the frame carry a complete outer VLAN tag (as the key sees it)? */
static bool
has_vlan(const struct dp_packet *pkt)
{
    return frame_size(pkt) >= 18 &&
           eth_type_is_vlan(get_be16(dp_packet_data(pkt) + 12));
}

/* The top MPLS label stack entry, or NULL. */
static uint8_t *
mpls_top(const struct dp_packet *pkt)
{
    uint8_t *f = dp_packet_data(pkt);
    size_t t;

    if (!find_eth_type(pkt, &t) || !eth_type_is_mpls(get_be16(f + t)) ||
        frame_size(pkt) - t < 6) {
        return NULL;
    }
    return f + t + 2;
}

/* Key access through the field table, so that this file does not depend
 * on the key layout. */
static uint8_t
key_u8(const struct dp_key *key, enum oxm_field f)
{
    struct oxm_value v;
    dp_key_get(key, f, &v);
    return v.b[0];
}

static uint16_t
key_be16(const struct dp_key *key, enum oxm_field f)
{
    struct oxm_value v;
    dp_key_get(key, f, &v);
    return get_be16(v.b);
}

static void
key_put(struct dp_key *key, enum oxm_field f, const void *p)
{
    struct oxm_value v;
    memset(&v, 0, sizeof v);
    memcpy(v.b, p, dp_key_field_len(f));
    dp_key_set(key, f, &v);
}

static void
key_put_u8(struct dp_key *key, enum oxm_field f, uint8_t x)
{
    key_put(key, f, &x);
}

/* Extracts the key again after a layout change, keeping the pipeline
 * fields (IN_PORT, IN_PHY_PORT, METADATA, TUNNEL_ID) that the frame does
 * not carry. */
static void
key_refresh(struct dp_packet *pkt, struct dp_key *key)
{
    struct oxm_value in_port, in_phy_port, metadata, tunnel_id;

    dp_key_get(key, OXM_IN_PORT, &in_port);
    dp_key_get(key, OXM_IN_PHY_PORT, &in_phy_port);
    dp_key_get(key, OXM_METADATA, &metadata);
    dp_key_get(key, OXM_TUNNEL_ID, &tunnel_id);
    dp_key_extract(pkt, get_be64(tunnel_id.b), key);
    dp_key_set(key, OXM_IN_PORT, &in_port);
    dp_key_set(key, OXM_IN_PHY_PORT, &in_phy_port);
    dp_key_set(key, OXM_METADATA, &metadata);
}

/* The IPv4 or IPv6 header the key describes, or NULL. */
static uint8_t *
ipv4_header(const struct dp_packet *pkt, const struct dp_key *key)
{
    uint8_t *ip;

    if (key_be16(key, OXM_ETH_TYPE) != ETH_TYPE_IP) {
        return NULL;
    }
    ip = at(pkt, pkt->l3_ofs, 20);
    return ip && ip[0] >> 4 == 4 ? ip : NULL;
}

static uint8_t *
ipv6_header(const struct dp_packet *pkt, const struct dp_key *key)
{
    uint8_t *ip;

    if (key_be16(key, OXM_ETH_TYPE) != ETH_TYPE_IPV6) {
        return NULL;
    }
    ip = at(pkt, pkt->l3_ofs, 40);
    return ip && ip[0] >> 4 == 6 ? ip : NULL;
}

/* Sets byte 'idx' of IPv4 header 'ip', updating the header checksum. */
static void
ipv4_set_byte(uint8_t *ip, size_t idx, uint8_t val)
{
    size_t w = idx & ~(size_t)1;
    uint8_t old[2] = { ip[w], ip[w + 1] };

    ip[idx] = val;
    put_be16(ip + 10, csum_replace(get_be16(ip + 10), old, ip + w, 2));
}

static uint8_t
ipv6_tc(const uint8_t *ip)
{
    return (uint8_t)(ip[0] << 4 | ip[1] >> 4);
}

static void
ipv6_set_tc(uint8_t *ip, uint8_t tc)
{
    ip[0] = (uint8_t)((ip[0] & 0xf0) | tc >> 4);
    ip[1] = (uint8_t)((tc << 4) | (ip[1] & 0x0f));
}

/* End of the IPv6 payload, as dp_key_extract() bounds it. */
static size_t
ipv6_end(const struct dp_packet *pkt, size_t l3)
{
    size_t size = frame_size(pkt);
    size_t plen = get_be16(dp_packet_data(pkt) + l3 + 4);
    return plen && plen <= size - l3 - 40 ? l3 + 40 + plen : size;
}

/* Finds the next-header byte that names the upper-layer protocol (the one
 * the key reports as IP_PROTO) by walking the extension headers as
 * dp_key_extract() does.  Returns false if the chain is cut short. */
static bool
ipv6_proto_ofs(const struct dp_packet *pkt, size_t *nh_ofs)
{
    const uint8_t *f = dp_packet_data(pkt);
    size_t l3 = pkt->l3_ofs;
    size_t end = ipv6_end(pkt, l3);
    size_t nh = l3 + 6;
    size_t p = l3 + 40;

    for (;;) {
        size_t hlen;
        switch (f[nh]) {
        case IPPROTO_HOPOPTS_:
        case IPPROTO_ROUTING_:
        case IPPROTO_DSTOPTS_:
            if (end - p < 2) {
                return false;
            }
            hlen = ((size_t)f[p + 1] + 1) * 8;
            break;
        case IPPROTO_AH_:
            if (end - p < 2) {
                return false;
            }
            hlen = ((size_t)f[p + 1] + 2) * 4;
            break;
        case IPPROTO_FRAGMENT_:
            hlen = 8;
            break;
        default:
            *nh_ofs = nh;
            return true;
        }
        if (hlen > end - p) {
            return false;
        }
        if (f[nh] == IPPROTO_FRAGMENT_ && get_be16(f + p + 2) & 0xfff8) {
            *nh_ofs = p;
            return true;
        }
        nh = p;
        p += hlen;
    }
}

/* The transport header of protocol 'proto' if the packet has at least
 * 'need' bytes of it, else NULL. */
static uint8_t *
l4_header(const struct dp_packet *pkt, const struct dp_key *key, uint8_t proto,
          size_t need)
{
    uint16_t type = key_be16(key, OXM_ETH_TYPE);

    if ((type != ETH_TYPE_IP && type != ETH_TYPE_IPV6) ||
        key_u8(key, OXM_IP_PROTO) != proto) {
        return NULL;
    }
    return at(pkt, pkt->l4_ofs, need);
}

/* Updates the transport checksum for a change of 'n' bytes of the IP
 * pseudo-header (addresses, protocol).  Only TCP, UDP and ICMPv6 cover a
 * pseudo-header. */
static void
l4_pseudo_update(const struct dp_packet *pkt, const struct dp_key *key,
                 const uint8_t *old, const uint8_t *new, size_t n)
{
    bool v6 = key_be16(key, OXM_ETH_TYPE) == ETH_TYPE_IPV6;
    uint8_t proto = key_u8(key, OXM_IP_PROTO);
    uint8_t *l4;

    switch (proto) {
    case IPPROTO_TCP_:
        if ((l4 = at(pkt, pkt->l4_ofs, 20))) {
            csum_fix(l4 + 16, false, old, new, n);
        }
        return;
    case IPPROTO_UDP_:
        if ((l4 = at(pkt, pkt->l4_ofs, 8))) {
            csum_fix(l4 + 6, true, old, new, n);
        }
        return;
    case IPPROTO_ICMPV6_:
        if (v6 && (l4 = at(pkt, pkt->l4_ofs, 4))) {
            csum_fix(l4 + 2, false, old, new, n);
        }
        return;
    default:
        return;
    }
}

/* Recomputes the SCTP CRC32c over the whole SCTP packet, when it is
 * complete in the frame and not a fragment (a fragment's CRC covers bytes
 * this frame does not have, so it is left alone). */
static void
sctp_update(const struct dp_packet *pkt, const struct dp_key *key)
{
    size_t size = frame_size(pkt);
    size_t l4 = pkt->l4_ofs;
    size_t end;
    uint8_t *ip;

    if ((ip = ipv4_header(pkt, key))) {
        if (get_be16(ip + 6) & 0x3fff) {
            return;
        }
        end = (size_t)pkt->l3_ofs + get_be16(ip + 2);
    } else if ((ip = ipv6_header(pkt, key))) {
        if (key_be16(key, OXM_IPV6_EXTHDR) & OFPIEH_FRAG ||
            !get_be16(ip + 4)) {
            return;
        }
        end = (size_t)pkt->l3_ofs + 40 + get_be16(ip + 4);
    } else {
        return;
    }
    if (pkt->l4_ofs == DP_OFS_NONE || end > size || end < l4 + 12) {
        return;
    }

    uint8_t *s = dp_packet_data(pkt) + l4;
    memset(s + 8, 0, 4);
    uint32_t crc = dp_crc32c(s, end - l4);
    /* RFC 4960 App. B: the CRC goes out least significant byte first. */
    s[8] = (uint8_t)crc;
    s[9] = (uint8_t)(crc >> 8);
    s[10] = (uint8_t)(crc >> 16);
    s[11] = (uint8_t)(crc >> 24);
}

/* Replaces the 'n' (even) bytes at 'field', an even offset inside
 * transport header 'l4' of protocol 'proto', keeping its checksum
 * right. */
static void
l4_rewrite(const struct dp_packet *pkt, const struct dp_key *key, uint8_t *l4,
           uint8_t proto, uint8_t *field, const uint8_t *new, size_t n)
{
    switch (proto) {
    case IPPROTO_TCP_:
        csum_fix(l4 + 16, false, field, new, n);
        break;
    case IPPROTO_UDP_:
        csum_fix(l4 + 6, true, field, new, n);
        break;
    case IPPROTO_ICMP_:
    case IPPROTO_ICMPV6_:
        csum_fix(l4 + 2, false, field, new, n);
        break;
    default:
        break;
    }
    memcpy(field, new, n);
    if (proto == IPPROTO_SCTP_) {
        sctp_update(pkt, key);
    }
}

/* The inner IP header of an IP-in-IP packet (protocol 4 or 41), setting
 * '*v6' to its version, or NULL. */
static uint8_t *
inner_ip(const struct dp_packet *pkt, const struct dp_key *key, bool *v6)
{
    uint8_t proto = key_u8(key, OXM_IP_PROTO);
    uint8_t *ip;

    if (!ipv4_header(pkt, key) && !ipv6_header(pkt, key)) {
        return NULL;
    }
    if (proto == IPPROTO_IPIP_) {
        ip = at(pkt, pkt->l4_ofs, 20);
        *v6 = false;
        return ip && ip[0] >> 4 == 4 ? ip : NULL;
    } else if (proto == IPPROTO_IPV6_) {
        ip = at(pkt, pkt->l4_ofs, 40);
        *v6 = true;
        return ip && ip[0] >> 4 == 6 ? ip : NULL;
    }
    return NULL;
}

/* The IP header right after the bottom MPLS entry 'lse' (which must be
 * inside the frame), setting '*v6', or NULL. */
static uint8_t *
ip_after_mpls(const struct dp_packet *pkt, uint8_t *lse, bool *v6)
{
    size_t ofs = (size_t)(lse - dp_packet_data(pkt)) + 4;
    size_t avail = frame_size(pkt) - ofs;
    uint8_t *ip = lse + 4;

    if (avail >= 20 && ip[0] >> 4 == 4) {
        *v6 = false;
        return ip;
    } else if (avail >= 40 && ip[0] >> 4 == 6) {
        *v6 = true;
        return ip;
    }
    return NULL;
}

/* The second MPLS entry after top entry 'lse', or NULL. */
static uint8_t *
mpls_second(const struct dp_packet *pkt, uint8_t *lse)
{
    size_t ofs = (size_t)(lse - dp_packet_data(pkt)) + 4;
    return frame_size(pkt) - ofs >= 4 ? lse + 4 : NULL;
}

static uint8_t
ip_ttl(const uint8_t *ip, bool v6)
{
    return v6 ? ip[7] : ip[8];
}

static void
ip_set_ttl(uint8_t *ip, bool v6, uint8_t ttl)
{
    if (v6) {
        ip[7] = ttl;
    } else {
        ipv4_set_byte(ip, 8, ttl);
    }
}

/* OF1.3.5 §5.12: COPY_TTL_OUT copies the TTL from the next-to-outermost
 * header with a TTL into the outermost (MPLS to MPLS, IP to MPLS, IP to
 * IP); COPY_TTL_IN copies the other way. */
static enum dp_exec_result
exec_copy_ttl(struct dp_packet *pkt, const struct dp_key *key, bool out)
{
    uint8_t *lse = mpls_top(pkt);
    uint8_t *ip;
    bool v6;

    if (lse) {
        if (!(lse[2] & 1)) {
            uint8_t *next = mpls_second(pkt, lse);
            if (!next) {
                return DP_EXEC_INAPPLICABLE;
            }
            if (out) {
                lse[3] = next[3];
            } else {
                next[3] = lse[3];
            }
            return DP_EXEC_OK;
        }
        ip = ip_after_mpls(pkt, lse, &v6);
        if (!ip) {
            return DP_EXEC_INAPPLICABLE;
        }
        if (out) {
            lse[3] = ip_ttl(ip, v6);
        } else {
            ip_set_ttl(ip, v6, lse[3]);
        }
        return DP_EXEC_OK;
    }

    uint8_t *outer = ipv4_header(pkt, key);
    bool outer_v6 = false;
    if (!outer) {
        outer = ipv6_header(pkt, key);
        outer_v6 = true;
    }
    ip = inner_ip(pkt, key, &v6);
    if (!outer || !ip) {
        return DP_EXEC_INAPPLICABLE;
    }
    if (out) {
        ip_set_ttl(outer, outer_v6, ip_ttl(ip, v6));
    } else {
        ip_set_ttl(ip, v6, ip_ttl(outer, outer_v6));
    }
    return DP_EXEC_OK;
}

static enum dp_exec_result
exec_mpls_ttl(struct dp_packet *pkt, bool dec, uint8_t ttl)
{
    uint8_t *lse = mpls_top(pkt);

    if (!lse) {
        return DP_EXEC_INAPPLICABLE;
    }
    if (dec) {
        if (lse[3] <= 1) {
            return DP_EXEC_TTL_EXPIRED;
        }
        lse[3]--;
    } else {
        lse[3] = ttl;
    }
    return DP_EXEC_OK;
}

static enum dp_exec_result
exec_nw_ttl(struct dp_packet *pkt, const struct dp_key *key, bool dec,
            uint8_t ttl)
{
    uint8_t *ip = ipv4_header(pkt, key);
    bool v6 = false;

    if (!ip) {
        ip = ipv6_header(pkt, key);
        v6 = true;
        if (!ip) {
            return DP_EXEC_INAPPLICABLE;
        }
    }
    if (dec) {
        uint8_t old = ip_ttl(ip, v6);
        if (old <= 1) {
            return DP_EXEC_TTL_EXPIRED;
        }
        ttl = old - 1;
    }
    ip_set_ttl(ip, v6, ttl);
    return DP_EXEC_OK;
}

/* OF1.3.5 §5.12.1: the new tag is outermost; its VID and PCP (and DEI)
 * come from the existing outer tag, else they are zero. */
static enum dp_exec_result
exec_push_vlan(struct dp_packet *pkt, struct dp_key *key, uint16_t tpid)
{
    uint16_t tci = 0;

    if (frame_size(pkt) < 14) {
        return DP_EXEC_INAPPLICABLE;
    }
    if (has_vlan(pkt)) {
        tci = get_be16(dp_packet_data(pkt) + 14);
    }
    uint8_t *tag = dp_packet_push_at(pkt, 12, 4);
    put_be16(tag, tpid);
    put_be16(tag + 2, tci);
    key_refresh(pkt, key);
    return DP_EXEC_OK;
}

static enum dp_exec_result
exec_pop_vlan(struct dp_packet *pkt, struct dp_key *key)
{
    if (!has_vlan(pkt)) {
        return DP_EXEC_INAPPLICABLE;
    }
    dp_packet_pull_at(pkt, 12, 4);
    key_refresh(pkt, key);
    return DP_EXEC_OK;
}

/* OF1.3.5 §5.12.1: the new label stack entry goes after any VLAN tags
 * (as in OVS).  Label, TC and TTL come from the existing top entry, whose
 * copy loses its bottom-of-stack bit; without one the label and TC are
 * zero, the entry is the bottom of the stack and the TTL is the IP TTL (0
 * for non-IP payloads). */
static enum dp_exec_result
exec_push_mpls(struct dp_packet *pkt, struct dp_key *key, uint16_t ethertype)
{
    uint8_t *lse = mpls_top(pkt);
    uint32_t entry;
    uint8_t *ip;
    size_t t;

    if (!find_eth_type(pkt, &t)) {
        return DP_EXEC_INAPPLICABLE;
    }
    if (lse) {
        entry = get_be32(lse) & ~UINT32_C(0x100);
    } else {
        uint8_t ttl = 0;
        if ((ip = ipv4_header(pkt, key))) {
            ttl = ip[8];
        } else if ((ip = ipv6_header(pkt, key))) {
            ttl = ip[7];
        }
        entry = 0x100 | ttl;
    }
    put_be32(dp_packet_push_at(pkt, t + 2, 4), entry);
    put_be16(dp_packet_data(pkt) + t, ethertype);
    key_refresh(pkt, key);
    return DP_EXEC_OK;
}

static enum dp_exec_result
exec_pop_mpls(struct dp_packet *pkt, struct dp_key *key, uint16_t ethertype)
{
    size_t t;

    if (!mpls_top(pkt) || !find_eth_type(pkt, &t)) {
        return DP_EXEC_INAPPLICABLE;
    }
    dp_packet_pull_at(pkt, t + 2, 4);
    put_be16(dp_packet_data(pkt) + t, ethertype);
    key_refresh(pkt, key);
    return DP_EXEC_OK;
}

/* The I-TAG of a PBB frame (after the Ethernet type), or NULL. */
static uint8_t *
pbb_itag(const struct dp_packet *pkt)
{
    uint8_t *f = dp_packet_data(pkt);
    size_t t;

    if (!find_eth_type(pkt, &t) || get_be16(f + t) != ETH_TYPE_PBB ||
        frame_size(pkt) - t < 6) {
        return NULL;
    }
    return f + t + 2;
}

/* OF1.3.5 §5.12.1: the whole frame becomes the customer frame behind new
 * B-DA, B-SA (copied from its ETH_DST and ETH_SRC), the PBB Ethernet type
 * and an I-TAG whose I-SID comes from an existing I-TAG and whose I-PCP
 * comes from the VLAN PCP, each zero when absent. */
static enum dp_exec_result
exec_push_pbb(struct dp_packet *pkt, struct dp_key *key, uint16_t ethertype)
{
    uint8_t isid[3] = { 0, 0, 0 };
    uint8_t pcp = 0;
    const uint8_t *itag = pbb_itag(pkt);

    if (frame_size(pkt) < 14) {
        return DP_EXEC_INAPPLICABLE;
    }
    if (itag) {
        memcpy(isid, itag + 1, 3);
    }
    if (has_vlan(pkt)) {
        pcp = dp_packet_data(pkt)[14] >> 5;
    }
    uint8_t *h = dp_packet_push_at(pkt, 0, 18);
    memcpy(h, h + 18, 12);
    put_be16(h + 12, ethertype);
    h[14] = (uint8_t)(pcp << 5);
    memcpy(h + 15, isid, 3);
    key_refresh(pkt, key);
    return DP_EXEC_OK;
}

/* Removes everything up to the end of the I-TAG (B-DA, B-SA, any B-tags,
 * the type and the I-TAG), leaving the customer frame. */
static enum dp_exec_result
exec_pop_pbb(struct dp_packet *pkt, struct dp_key *key)
{
    uint8_t *itag = pbb_itag(pkt);

    if (!itag) {
        return DP_EXEC_INAPPLICABLE;
    }
    dp_packet_pull_at(pkt, 0, (size_t)(itag - dp_packet_data(pkt)) + 4);
    key_refresh(pkt, key);
    return DP_EXEC_OK;
}

/* The Ethernet/IPv4 ARP header with all its addresses, or NULL. */
static uint8_t *
arp_header(const struct dp_packet *pkt, const struct dp_key *key,
           bool addresses)
{
    uint8_t *arp;

    if (key_be16(key, OXM_ETH_TYPE) != ETH_TYPE_ARP) {
        return NULL;
    }
    if (!addresses) {
        return at(pkt, pkt->l3_ofs, 8);
    }
    arp = at(pkt, pkt->l3_ofs, 28);
    if (!arp || get_be16(arp) != 1 || get_be16(arp + 2) != ETH_TYPE_IP ||
        arp[4] != 6 || arp[5] != 4) {
        return NULL;
    }
    return arp;
}

/* The ND option of type 'want' (1 SLL, 2 TLL) in ND message 'nd', found as
 * dp_key_extract() finds it, or NULL. */
static uint8_t *
nd_option(const struct dp_packet *pkt, uint8_t *nd, uint8_t want)
{
    size_t l4 = pkt->l4_ofs;
    size_t size = ipv6_end(pkt, pkt->l3_ofs) - l4;
    size_t o = 24;

    if (size < 24) {
        return NULL;
    }
    while (size - o >= 8) {
        size_t len = (size_t)nd[o + 1] * 8;
        if (!len || len > size - o) {
            return NULL;
        }
        if (nd[o] == want) {
            return nd + o;
        }
        o += len;
    }
    return NULL;
}

static enum dp_exec_result
set_tcp_udp_sctp(struct dp_packet *pkt, struct dp_key *key,
                 enum oxm_field field, const uint8_t *v)
{
    uint8_t proto;
    size_t need;
    bool dst;

    switch (field) {
    case OXM_TCP_SRC:
    case OXM_TCP_DST:
        proto = IPPROTO_TCP_;
        need = 20;
        dst = field == OXM_TCP_DST;
        break;
    case OXM_UDP_SRC:
    case OXM_UDP_DST:
        proto = IPPROTO_UDP_;
        need = 8;
        dst = field == OXM_UDP_DST;
        break;
    default:
        proto = IPPROTO_SCTP_;
        need = 12;
        dst = field == OXM_SCTP_DST;
        break;
    }
    uint8_t *l4 = l4_header(pkt, key, proto, need);
    if (!l4) {
        return DP_EXEC_INAPPLICABLE;
    }
    l4_rewrite(pkt, key, l4, proto, l4 + (dst ? 2 : 0), v, 2);
    key_put(key, field, v);
    return DP_EXEC_OK;
}

/* ICMPv4 and ICMPv6 type and code. */
static enum dp_exec_result
set_icmp(struct dp_packet *pkt, struct dp_key *key, enum oxm_field field,
         uint8_t x)
{
    bool v6 = field == OXM_ICMPV6_TYPE || field == OXM_ICMPV6_CODE;
    bool code = field == OXM_ICMPV4_CODE || field == OXM_ICMPV6_CODE;
    uint8_t proto = v6 ? IPPROTO_ICMPV6_ : IPPROTO_ICMP_;
    uint16_t type = v6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP;
    uint8_t *l4;

    if (key_be16(key, OXM_ETH_TYPE) != type ||
        !(l4 = l4_header(pkt, key, proto, 4))) {
        return DP_EXEC_INAPPLICABLE;
    }
    uint8_t word[2] = { l4[0], l4[1] };
    word[code] = x;
    l4_rewrite(pkt, key, l4, proto, l4, word, 2);
    if (field == OXM_ICMPV6_TYPE) {
        key_refresh(pkt, key); /* ND fields depend on the type. */
    } else {
        key_put_u8(key, field, x);
    }
    return DP_EXEC_OK;
}

static enum dp_exec_result
set_nd(struct dp_packet *pkt, struct dp_key *key, enum oxm_field field,
       const uint8_t *v)
{
    uint8_t *nd;

    /* The message must fit in the IPv6 payload, not just in the frame,
     * as dp_key_extract() requires. */
    if (!ipv6_header(pkt, key) ||
        !(nd = l4_header(pkt, key, IPPROTO_ICMPV6_, 24)) ||
        ipv6_end(pkt, pkt->l3_ofs) < (size_t)pkt->l4_ofs + 24) {
        return DP_EXEC_INAPPLICABLE;
    }
    if (field == OXM_IPV6_ND_TARGET) {
        if (nd[0] != 135 && nd[0] != 136) {
            return DP_EXEC_INAPPLICABLE;
        }
        l4_rewrite(pkt, key, nd, IPPROTO_ICMPV6_, nd + 8, v, 16);
    } else {
        uint8_t type = field == OXM_IPV6_ND_SLL ? 135 : 136;
        uint8_t *opt;
        /* An option that is not there is not added: that would change
         * the payload length. */
        if (nd[0] != type || !(opt = nd_option(pkt, nd, type - 134))) {
            return DP_EXEC_INAPPLICABLE;
        }
        l4_rewrite(pkt, key, nd, IPPROTO_ICMPV6_, opt + 2, v, 6);
    }
    key_put(key, field, v);
    return DP_EXEC_OK;
}

static enum dp_exec_result
set_ip_proto(struct dp_packet *pkt, struct dp_key *key, uint8_t proto)
{
    uint8_t *ip = ipv4_header(pkt, key);
    bool v4 = ip != NULL;
    uint8_t *p;
    size_t nh;

    if (v4) {
        p = ip + 9;
    } else if ((ip = ipv6_header(pkt, key)) && ipv6_proto_ofs(pkt, &nh)) {
        p = dp_packet_data(pkt) + nh;
    } else {
        return DP_EXEC_INAPPLICABLE;
    }
    /* The transport checksum still sits where the old protocol has it; it
     * is adjusted for the protocol's new value in the pseudo-header. */
    uint8_t old[2] = { 0, *p };
    uint8_t new[2] = { 0, proto };
    l4_pseudo_update(pkt, key, old, new, 2);
    if (v4) {
        ipv4_set_byte(ip, 9, proto);
    } else {
        *p = proto;
    }
    key_refresh(pkt, key);
    return DP_EXEC_OK;
}

/* DSCP and ECN share the IPv4 TOS / IPv6 traffic class byte. */
static enum dp_exec_result
set_ip_tos(struct dp_packet *pkt, struct dp_key *key, enum oxm_field field,
           uint8_t x)
{
    bool dscp = field == OXM_IP_DSCP;
    uint8_t mask = dscp ? 0xfc : 0x03;
    uint8_t bits = dscp ? (uint8_t)(x << 2) : x & 3;
    uint8_t *ip;

    if ((ip = ipv4_header(pkt, key))) {
        ipv4_set_byte(ip, 1, (uint8_t)((ip[1] & ~mask) | bits));
    } else if ((ip = ipv6_header(pkt, key))) {
        ipv6_set_tc(ip, (uint8_t)((ipv6_tc(ip) & ~mask) | bits));
    } else {
        return DP_EXEC_INAPPLICABLE;
    }
    key_put_u8(key, field, dscp ? x & 0x3f : x & 3);
    return DP_EXEC_OK;
}

static enum dp_exec_result
set_ip_addr(struct dp_packet *pkt, struct dp_key *key, enum oxm_field field,
            const uint8_t *v)
{
    uint8_t *ip, *a;
    size_t n;

    if (field == OXM_IPV4_SRC || field == OXM_IPV4_DST) {
        if (!(ip = ipv4_header(pkt, key))) {
            return DP_EXEC_INAPPLICABLE;
        }
        a = ip + (field == OXM_IPV4_SRC ? 12 : 16);
        n = 4;
        put_be16(ip + 10, csum_replace(get_be16(ip + 10), a, v, 4));
    } else {
        if (!(ip = ipv6_header(pkt, key))) {
            return DP_EXEC_INAPPLICABLE;
        }
        a = ip + (field == OXM_IPV6_SRC ? 8 : 24);
        n = 16;
    }
    l4_pseudo_update(pkt, key, a, v, n);
    memcpy(a, v, n);
    key_put(key, field, v);
    return DP_EXEC_OK;
}

static enum dp_exec_result
set_l2(struct dp_packet *pkt, struct dp_key *key, enum oxm_field field,
       const uint8_t *v)
{
    uint8_t *f = dp_packet_data(pkt);
    uint8_t *p;
    uint8_t kv[2];
    uint16_t tci;
    size_t t;

    switch (field) {
    case OXM_ETH_DST:
    case OXM_ETH_SRC:
        if (frame_size(pkt) < 14) {
            return DP_EXEC_INAPPLICABLE;
        }
        memcpy(f + (field == OXM_ETH_DST ? 0 : 6), v, 6);
        key_put(key, field, v);
        return DP_EXEC_OK;
    case OXM_ETH_TYPE:
        if (!find_eth_type(pkt, &t)) {
            return DP_EXEC_INAPPLICABLE;
        }
        memcpy(f + t, v, 2);
        key_refresh(pkt, key);
        return DP_EXEC_OK;
    case OXM_VLAN_VID:
    case OXM_VLAN_PCP:
        if (!has_vlan(pkt)) {
            return DP_EXEC_INAPPLICABLE;
        }
        tci = get_be16(f + 14);
        if (field == OXM_VLAN_VID) {
            tci = (uint16_t)((tci & 0xf000) | (get_be16(v) & 0x0fff));
            put_be16(kv, (uint16_t)(OFPVID_PRESENT | (tci & 0x0fff)));
            key_put(key, field, kv);
        } else {
            tci = (uint16_t)((tci & 0x1fff) | (v[0] & 7) << 13);
            key_put_u8(key, field, v[0] & 7);
        }
        put_be16(f + 14, tci);
        return DP_EXEC_OK;
    case OXM_PBB_ISID:
        if (!(p = pbb_itag(pkt))) {
            return DP_EXEC_INAPPLICABLE;
        }
        memcpy(p + 1, v, 3);
        key_put(key, field, v);
        return DP_EXEC_OK;
    default: /* MPLS_LABEL, MPLS_TC, MPLS_BOS */
        if (!(p = mpls_top(pkt))) {
            return DP_EXEC_INAPPLICABLE;
        }
        uint32_t lse = get_be32(p);
        uint8_t kb[4];
        if (field == OXM_MPLS_LABEL) {
            uint32_t label = get_be32(v) & 0xfffff;
            lse = (lse & 0xfff) | label << 12;
            put_be32(kb, label);
            key_put(key, field, kb);
        } else if (field == OXM_MPLS_TC) {
            lse = (lse & ~UINT32_C(0xe00)) | (uint32_t)(v[0] & 7) << 9;
            key_put_u8(key, field, v[0] & 7);
        } else {
            lse = (lse & ~UINT32_C(0x100)) | (uint32_t)(v[0] & 1) << 8;
        }
        put_be32(p, lse);
        if (field == OXM_MPLS_BOS) {
            key_refresh(pkt, key); /* The end of the stack moved. */
        }
        return DP_EXEC_OK;
    }
}

static enum dp_exec_result
exec_set_field(struct dp_packet *pkt, struct dp_key *key, enum oxm_field field,
               const struct oxm_value *value)
{
    const uint8_t *v = value->b;
    uint8_t *arp;
    uint8_t kb[4];
    uint32_t fl;

    switch (field) {
    case OXM_ETH_DST:
    case OXM_ETH_SRC:
    case OXM_ETH_TYPE:
    case OXM_VLAN_VID:
    case OXM_VLAN_PCP:
    case OXM_MPLS_LABEL:
    case OXM_MPLS_TC:
    case OXM_MPLS_BOS:
    case OXM_PBB_ISID:
        return set_l2(pkt, key, field, v);
    case OXM_IP_DSCP:
    case OXM_IP_ECN:
        return set_ip_tos(pkt, key, field, v[0]);
    case OXM_IP_PROTO:
        return set_ip_proto(pkt, key, v[0]);
    case OXM_IPV4_SRC:
    case OXM_IPV4_DST:
    case OXM_IPV6_SRC:
    case OXM_IPV6_DST:
        return set_ip_addr(pkt, key, field, v);
    case OXM_IPV6_FLABEL: {
        uint8_t *ip = ipv6_header(pkt, key);
        if (!ip) {
            return DP_EXEC_INAPPLICABLE;
        }
        fl = get_be32(v) & 0xfffff;
        ip[1] = (uint8_t)((ip[1] & 0xf0) | fl >> 16);
        ip[2] = (uint8_t)(fl >> 8);
        ip[3] = (uint8_t)fl;
        put_be32(kb, fl);
        key_put(key, field, kb);
        return DP_EXEC_OK;
    }
    case OXM_TCP_SRC:
    case OXM_TCP_DST:
    case OXM_UDP_SRC:
    case OXM_UDP_DST:
    case OXM_SCTP_SRC:
    case OXM_SCTP_DST:
        return set_tcp_udp_sctp(pkt, key, field, v);
    case OXM_ICMPV4_TYPE:
    case OXM_ICMPV4_CODE:
    case OXM_ICMPV6_TYPE:
    case OXM_ICMPV6_CODE:
        return set_icmp(pkt, key, field, v[0]);
    case OXM_ARP_OP:
        if (!(arp = arp_header(pkt, key, false))) {
            return DP_EXEC_INAPPLICABLE;
        }
        memcpy(arp + 6, v, 2);
        key_put(key, field, v);
        return DP_EXEC_OK;
    case OXM_ARP_SHA:
    case OXM_ARP_SPA:
    case OXM_ARP_THA:
    case OXM_ARP_TPA: {
        static const uint8_t ofs[] = { [OXM_ARP_SPA] = 14,
                                       [OXM_ARP_TPA] = 24,
                                       [OXM_ARP_SHA] = 8,
                                       [OXM_ARP_THA] = 18 };
        if (!(arp = arp_header(pkt, key, true))) {
            return DP_EXEC_INAPPLICABLE;
        }
        memcpy(arp + ofs[field], v, dp_key_field_len(field));
        key_put(key, field, v);
        return DP_EXEC_OK;
    }
    case OXM_IPV6_ND_TARGET:
    case OXM_IPV6_ND_SLL:
    case OXM_IPV6_ND_TLL:
        return set_nd(pkt, key, field, v);
    case OXM_TUNNEL_ID:
        key_put(key, field, v); /* Metadata of the packet, not its bytes. */
        return DP_EXEC_OK;
    default:
        /* IN_PORT, IN_PHY_PORT, METADATA, IPV6_EXTHDR: not settable. */
        return DP_EXEC_INAPPLICABLE;
    }
}

/* The shortest Ethernet frame without FCS.  A pop that takes a frame below
 * it pads the frame back up with zeros, as any Ethernet transmitter would:
 * a frame that arrived at full size must not leave as a runt (Ryu's tester
 * expects the padded frame, which is what a NIC puts on the wire). */
#define ETH_MIN_FRAME 60

static enum dp_exec_result
pad_after_pop(struct dp_packet *pkt, struct dp_key *key, size_t before,
              enum dp_exec_result r)
{
    if (r == DP_EXEC_OK && before >= ETH_MIN_FRAME &&
        pkt->size < ETH_MIN_FRAME) {
        dp_packet_set_size(pkt, ETH_MIN_FRAME);
        /* A truncated header may now look complete: parse again. */
        key_refresh(pkt, key);
    }
    return r;
}

enum dp_exec_result
dp_execute_action(struct dp_packet *pkt, struct dp_key *key,
                  const struct ofp_action *a)
{
    size_t before = pkt->size;

    switch (a->type) {
    case OFPAT_COPY_TTL_OUT:
        return exec_copy_ttl(pkt, key, true);
    case OFPAT_COPY_TTL_IN:
        return exec_copy_ttl(pkt, key, false);
    case OFPAT_SET_MPLS_TTL:
        return exec_mpls_ttl(pkt, false, a->u.ttl);
    case OFPAT_DEC_MPLS_TTL:
        return exec_mpls_ttl(pkt, true, 0);
    case OFPAT_PUSH_VLAN:
        return exec_push_vlan(pkt, key, a->u.ethertype);
    case OFPAT_POP_VLAN:
        return pad_after_pop(pkt, key, before, exec_pop_vlan(pkt, key));
    case OFPAT_PUSH_MPLS:
        return exec_push_mpls(pkt, key, a->u.ethertype);
    case OFPAT_POP_MPLS:
        return pad_after_pop(pkt, key, before,
                             exec_pop_mpls(pkt, key, a->u.ethertype));
    case OFPAT_SET_NW_TTL:
        return exec_nw_ttl(pkt, key, false, a->u.ttl);
    case OFPAT_DEC_NW_TTL:
        return exec_nw_ttl(pkt, key, true, 0);
    case OFPAT_SET_FIELD:
        return exec_set_field(pkt, key, a->u.set_field.field,
                              &a->u.set_field.value);
    case OFPAT_PUSH_PBB:
        return exec_push_pbb(pkt, key, a->u.ethertype);
    case OFPAT_POP_PBB:
        return pad_after_pop(pkt, key, before, exec_pop_pbb(pkt, key));
    default:
        return DP_EXEC_OK;
    }
}
