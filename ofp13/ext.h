/* ofp13/ext.h -- ofswitch's own OpenFlow extensions, carried as
 * OFPT_EXPERIMENTER messages with experimenter id OFSW_EXPERIMENTER_ID on
 * the management connections (the control socket, --listen).  They give
 * `ofctl` what OpenFlow 1.3 has no message for: the learned MAC table,
 * adding and removing ports at run time, and tracing a packet through the
 * pipeline.  Every request is answered with an OFPT_EXPERIMENTER reply of
 * the matching *_REPLY exp_type and the request's xid, or an OFPT_ERROR.
 *
 * Bodies (after the 16-byte experimenter header), big-endian:
 *   OFSW_DUMP_FDB_REQUEST    empty
 *   OFSW_DUMP_FDB_REPLY      n x { u16 vlan, u8 mac[6], u32 port,
 *                                  u32 age_seconds }  (16 bytes each)
 *   OFSW_ADD_PORT_REQUEST    { u32 port_no (0: next free) } + spec text
 *                            ("tap:NAME", ...; no NUL needed)
 *   OFSW_ADD_PORT_REPLY      { u32 port_no }
 *   OFSW_DEL_PORT_REQUEST    { u32 port_no }
 *   OFSW_DEL_PORT_REPLY      empty
 *   OFSW_TRACE_REQUEST       { u32 in_port, u32 pad } + an Ethernet frame
 *   OFSW_TRACE_REPLY         UTF-8 text, one step per line (see
 *                            `ofctl trace`); the frame is not forwarded
 *   OFSW_ERROR_TEXT          UTF-8 text explaining a failure, sent just
 *                            before the OFPT_ERROR for the same xid
 * Errors: OFPBRC_BAD_EXP_TYPE for an unknown exp_type, OFPBRC_BAD_LEN for
 * a malformed body, OFPBRC_BAD_PORT for an unknown port, OFPBRC_EPERM when
 * a port cannot be added (the OFSW_ERROR_TEXT says why). */
#ifndef OFP13_EXT_H
#define OFP13_EXT_H 1

#define OFSW_EXPERIMENTER_ID 0x4f465357u /* "OFSW" */

enum ofsw_exp_type {
    OFSW_DUMP_FDB_REQUEST = 1,
    OFSW_DUMP_FDB_REPLY = 2,
    OFSW_ADD_PORT_REQUEST = 3,
    OFSW_ADD_PORT_REPLY = 4,
    OFSW_DEL_PORT_REQUEST = 5,
    OFSW_DEL_PORT_REPLY = 6,
    OFSW_TRACE_REQUEST = 7,
    OFSW_TRACE_REPLY = 8,
    OFSW_ERROR_TEXT = 9,
};

#define OFSW_FDB_ENTRY_LEN 16

#endif /* ofp13/ext.h */
