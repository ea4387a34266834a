/* ofp13/print.h -- human-readable rendering of any OpenFlow message, the
 * equivalent of ovs-ofctl ofp-print: a header line
 * "OFPT_FLOW_MOD (OF1.3) (xid=0x5): ADD table:0 priority=10,in_port=1
 * actions=output:2" followed, for messages with lists, by one indented line
 * per element. */
#ifndef OFP13_PRINT_H
#define OFP13_PRINT_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofp13/msgs.h"
#include "util/buf.h"

/* Appends the text of decoded message 'msg'. */
void ofp_msg_format(const struct ofp_msg *, struct buf *);

/* Decodes and formats every message in 'data' (a stream of one or more
 * whole messages).  On a decode error, appends a line naming the error
 * (e.g. "OFPT_FLOW_MOD (OF1.3) (xid=0x1): ***decode error: OFPBMC_BAD_PREREQ
 * ***") and a hex dump of the message, and carries on with the next one.
 * Returns the number of messages that failed to decode. */
int ofp_print_stream(const uint8_t *data, size_t size, struct buf *);

/* Hex dump in 16-byte rows with offsets and ASCII, as ovs-ofctl prints. */
void ofp_hex_dump(const void *, size_t, struct buf *);

#endif /* ofp13/print.h */
