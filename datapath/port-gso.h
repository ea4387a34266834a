/* datapath/port-gso.h -- software segmentation offload for the port kinds.
 * When a peer's stack uses TSO/GSO (the kernel's default on veth and most
 * NICs), a port that reads with PACKET_VNET_HDR receives "super-frames" of
 * up to 64 kB together with a virtio_net_hdr that says how to cut them
 * (gso_type, gso_size) and which checksum the hardware would have finished
 * (csum_start, csum_offset).  The switch cannot forward such a frame to
 * another port, so it does what the NIC would have done: cut TCP (IPv4 and
 * IPv6) and UDP (USO) super-frames into MTU-sized frames with their own IP
 * lengths, IDs, sequence numbers and complete checksums, and finish partial
 * checksums of ordinary frames.
 *
 * Frames are Ethernet, possibly VLAN-tagged (802.1Q, 802.1ad); offsets in
 * the header are from the start of the frame as passed in.  Everything here
 * is a pure function of its input, so it is tested with crafted frames. */
#ifndef DATAPATH_PORT_GSO_H
#define DATAPATH_PORT_GSO_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dp_packet;

/* The fields of a struct virtio_net_hdr in host byte order (the kernel's
 * AF_PACKET and tap headers use the host's order). */
struct dp_gso_hdr {
    uint8_t flags;     /* DP_GSO_F_*. */
    uint8_t gso_type;  /* DP_GSO_TYPE_*, possibly | DP_GSO_TYPE_ECN. */
    uint16_t hdr_len;  /* Hint only; recomputed from the headers. */
    uint16_t gso_size; /* Payload bytes per segment. */
    uint16_t csum_start, csum_offset;
};

#define DP_GSO_F_NEEDS_CSUM 1 /* VIRTIO_NET_HDR_F_NEEDS_CSUM. */
#define DP_GSO_F_DATA_VALID 2 /* VIRTIO_NET_HDR_F_DATA_VALID. */

#define DP_GSO_TYPE_NONE 0   /* VIRTIO_NET_HDR_GSO_NONE. */
#define DP_GSO_TYPE_TCPV4 1  /* VIRTIO_NET_HDR_GSO_TCPV4. */
#define DP_GSO_TYPE_UDP 3    /* VIRTIO_NET_HDR_GSO_UDP (UFO, unsupported). */
#define DP_GSO_TYPE_TCPV6 4  /* VIRTIO_NET_HDR_GSO_TCPV6. */
#define DP_GSO_TYPE_UDP_L4 5 /* VIRTIO_NET_HDR_GSO_UDP_L4 (USO). */
#define DP_GSO_TYPE_ECN 0x80 /* VIRTIO_NET_HDR_GSO_ECN. */

/* Most segments one super-frame may produce; more (a tiny gso_size) is
 * treated as malformed rather than flooding the switch. */
#define DP_GSO_MAX_SEGS 1024

/* Completes the partial checksum of 'frame' (size bytes): the one's
 * complement sum of the bytes from 'csum_start' to the end of the frame
 * (the checksum field holds the pseudo-header sum that the sender left
 * there) is complemented and stored at 'csum_start' + 'csum_offset' (0 is
 * stored as 0xffff, which UDP requires and TCP accepts).  Returns 0, or
 * EINVAL if the field lies outside the frame. */
int dp_gso_complete_csum(uint8_t *frame, size_t size, size_t csum_start,
                         size_t csum_offset);

/* Completes the TCP or UDP checksum of 'frame' (Ethernet, possibly
 * VLAN-tagged, IPv4 or IPv6 without extension headers) if its checksum
 * field holds just the pseudo-header sum: that is what a frame sent with
 * checksum offload (CHECKSUM_PARTIAL) looks like when it is read without a
 * virtio_net_hdr (libpcap).  A frame whose checksum was already right is
 * never changed by this, because completing a field that equals the
 * pseudo-header sum yields that same value.  Returns true if the frame was
 * changed. */
bool dp_gso_fix_partial_csum(uint8_t *frame, size_t size);

/* A super-frame being cut into segments. */
struct dp_gso {
    const uint8_t *frame; /* Borrowed from dp_gso_start()'s caller. */
    size_t size;
    size_t l3_ofs, l4_ofs; /* Network and transport headers. */
    size_t hdrs_len;       /* Bytes of headers copied into each segment. */
    size_t next;           /* Frame offset of the next segment's payload. */
    uint32_t index;        /* Segments produced so far. */
    uint16_t seg_size;     /* Payload bytes per segment. */
    uint8_t proto;         /* 6 (TCP) or 17 (UDP). */
    bool ipv4;
    bool done;
};

/* Prepares to segment 'frame' (size bytes) as 'hdr' describes.  'frame'
 * must stay valid and unchanged until dp_gso_next() returns NULL.  Returns
 * 0, EPROTONOSUPPORT for a gso_type this code does not segment (UFO,
 * unknown types) or EINVAL for a frame whose headers do not match 'hdr' or
 * are truncated, or that would yield more than DP_GSO_MAX_SEGS segments. */
int dp_gso_start(struct dp_gso *, const uint8_t *frame, size_t size,
                 const struct dp_gso_hdr *hdr);

/* Returns the next segment (owned by the caller) or NULL when all have been
 * returned.  A super-frame without payload yields one frame. */
struct dp_packet *dp_gso_next(struct dp_gso *);

#endif /* datapath/port-gso.h */
