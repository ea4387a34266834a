/* tools/vconn.h -- a small blocking OpenFlow client connection for the
 * command-line tools (ofctl).  A connection is opened actively to a
 * target -- "unix:PATH", "tcp:HOST[:PORT]", "ssl:HOST[:PORT]" or the bare
 * name of an ofswitchd instance -- and starts with the HELLO exchange
 * (OF1.3.5 §6.3.1: a version bitmap, the highest common version wins).
 * After that the caller either sends and receives raw messages, or works
 * with decoded ones (ofp13/msgs.h; OpenFlow 1.0 and 1.1 go through the
 * translator of ofp13/compat.h, so callers see the 1.3 model whatever the
 * version): a request/reply transaction, a multipart request whose reply
 * parts are handed over as they arrive or reassembled with
 * ofp_multipart_merge(), and a barrier that closes a batch of requests
 * sent without waiting.
 *
 * Blocking with a deadline: every operation waits at most until the
 * deadline set from 'timeout' when the connection was opened (none when
 * 'timeout' is 0), and fails with ETIMEDOUT after it.  While a send waits
 * for room in the socket, whatever the switch sends in the meantime is
 * read and queued, so pipelining thousands of requests never deadlocks
 * against a switch that is busy writing errors back.  ECHO_REQUESTs from
 * the peer are answered inside vconn_recv() unless that is turned off.
 *
 * No globals: each connection is one object; any number may be open.  Not
 * thread-safe: one thread uses a connection at a time. */
#ifndef TOOLS_VCONN_H
#define TOOLS_VCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/compat.h"
#include "ofp13/errors.h"
#include "ofp13/msgs.h"
#include "util/buf.h"

struct vconn; /* Opaque. */

/* The directory of the control sockets of named switches, overridden by
 * the environment variable OFSWITCH_RUNDIR (for tests). */
#define VCONN_DEFAULT_RUNDIR "/run/ofswitch"

struct vconn_options {
    uint32_t versions;       /* Bit n set: wire version n may be used. */
    int timeout;             /* Seconds from vconn_open(); 0: no limit. */
    const char *private_key; /* PEM files for ssl: targets; NULL if not */
    const char *certificate; /* given (then ssl: fails with a message). */
    const char *ca_cert;
};

/* Expands a SWITCH argument into a connection target, returned as a new
 * string the caller frees: "unix:", "tcp:" and "ssl:" targets are returned
 * unchanged, a path ("/x", "./x") becomes "unix:PATH", and a bare switch
 * name NAME becomes "unix:RUNDIR/NAME.SUFFIX" ('suffix' is "sock" for the
 * control socket, "snoop" for the snoop socket).  Returns NULL for
 * something that is none of these (an unknown "xyz:" prefix, a name with
 * characters a switch name cannot have), with a message in '*errp' that
 * the caller frees. */
char *vconn_target_expand(const char *name, const char *suffix, char **errp);

/* Connects to 'target' (as returned by vconn_target_expand()) and
 * exchanges HELLOs.  On success stores a new connection in '*vconnp' and
 * returns 0.  On failure returns a positive errno value (ETIMEDOUT,
 * ECONNREFUSED, EPROTO for a peer that does not speak a common version,
 * ...), stores NULL in '*vconnp' and a message naming the target and the
 * cause in '*errp' (owned by the caller). */
int vconn_open(const char *target, const struct vconn_options *,
               struct vconn **vconnp, char **errp);
/* Closes the connection and frees it.  NULL is a no-op. */
void vconn_close(struct vconn *);

/* The negotiated wire version (e.g. 0x04). */
uint8_t vconn_get_version(const struct vconn *);
/* The target the connection was opened to (borrowed). */
const char *vconn_get_name(const struct vconn *);
/* Returns a transaction id not used before on this connection. */
uint32_t vconn_next_xid(struct vconn *);
/* Whether vconn_recv() answers ECHO_REQUESTs itself (default true).  The
 * snoop client turns it off: what it receives is a copy of someone else's
 * conversation. */
void vconn_set_auto_echo(struct vconn *, bool);

/* Sends 'size' bytes holding one or more whole OpenFlow messages.  Returns
 * 0 once they are all written, or a positive errno value (ETIMEDOUT, EPIPE,
 * ...), after which the connection is unusable. */
int vconn_send(struct vconn *, const void *data, size_t size);
/* Like vconn_send() but only writes what the socket accepts without
 * waiting, keeping the rest queued; the queue is flushed by the next
 * vconn_send(), vconn_flush() or vconn_recv().  For pipelining many small
 * requests without a system call each.  Returns 0 or a positive errno. */
int vconn_send_queued(struct vconn *, const void *data, size_t size);
/* Waits until everything queued is written.  Returns 0 or an errno. */
int vconn_flush(struct vconn *);
/* Bytes queued but not yet written. */
size_t vconn_queued(const struct vconn *);

/* Receives the next message into 'msg' (cleared first): its raw bytes,
 * whose header length equals msg->size.  Returns 0, EOF if the peer closed
 * the connection, EPROTO if it sent a header with a length below 8 (the
 * stream cannot be resynchronised), ETIMEDOUT, or another errno. */
int vconn_recv(struct vconn *, struct buf *msg);
/* Like vconn_recv() but waits at most 'ms' milliseconds (and never past
 * the deadline): returns EAGAIN if no whole message arrived in time. */
int vconn_recv_wait(struct vconn *, struct buf *msg, int ms);

/* --- Decoded messages. -------------------------------------------------- */

/* Appends the encoding of 'msg' for the negotiated version to 'out',
 * after giving it a fresh xid (stored in msg->xid).  Returns 0, ENOTSUP if
 * the version cannot express the message (a group in OpenFlow 1.0),
 * EMSGSIZE or EINVAL (see ofp_msg_encode()); nothing is appended then. */
int vconn_encode(struct vconn *, struct ofp_msg *msg, struct buf *out);
/* vconn_encode() and vconn_send().  With 'raw' non-NULL the encoded bytes
 * are left there (cleared first), e.g. to show the request next to an
 * error.  Returns 0 or an error of either. */
int vconn_send_msg(struct vconn *, struct ofp_msg *msg, struct buf *raw);

/* Receives the next message into 'raw' (may be NULL) and decodes it in
 * any version into 'msg', which is always initialised (the caller uninits
 * it).  'info' (may be NULL) receives what the translator reports, e.g.
 * the port list of a 1.0 FEATURES_REPLY; it is initialised whenever 0 or
 * EBADMSG is returned, and the caller then uninits it too.  Returns 0;
 * EBADMSG if the message does not decode ('msg' has its header's version,
 * type and xid, '*decode_error' (may be NULL) says why); or an error of
 * vconn_recv().  Echo requests are answered as in vconn_recv(). */
int vconn_recv_msg(struct vconn *, struct ofp_msg *msg, struct buf *raw,
                   struct ofp_compat_info *info, enum ofperr *decode_error);

/* The raw bytes of the last message received (borrowed, valid until the
 * next receive), e.g. to show one that did not decode. */
const struct buf *vconn_last_received(const struct vconn *);

/* A transaction: sends 'request' and receives until the message with its
 * xid, which is stored in 'reply' (initialised in every case): the reply,
 * or an OFPT_ERROR -- both return 0, so check reply->type.  Messages with
 * other xids (asynchronous ones) are skipped.  With 'request_raw'
 * non-NULL the encoded request is left there.  Returns 0, or an error of
 * vconn_send_msg() or vconn_recv_msg() (EBADMSG: the reply does not
 * decode). */
int vconn_transact(struct vconn *, struct ofp_msg *request,
                   struct ofp_msg *reply, struct buf *request_raw);

/* Called with each part of a multipart reply as it arrives; may take
 * arrays out of 'part' (uninitialised afterwards).  Returns false to stop
 * the dump. */
typedef bool vconn_part_fn(struct ofp_msg *part, void *aux);

/* A multipart transaction: sends multipart 'request' and hands each reply
 * part to 'fn' until the last one (no OFPMPF_REPLY_MORE), skipping other
 * xids.  If the switch answers with an OFPT_ERROR instead, or with a
 * message that is not a reply of the request's multipart type, that
 * message is stored in 'other' and the dump ends; otherwise 'other' is
 * left empty (type OFPT_HELLO).  'other' is initialised in every case.
 * Returns 0 (check other->type), ECANCELED if 'fn' returned false, or an
 * error of vconn_transact(). */
int vconn_dump(struct vconn *, struct ofp_msg *request, vconn_part_fn *fn,
               void *aux, struct ofp_msg *other, struct buf *request_raw);
/* vconn_dump() with every part merged into 'reply' by
 * ofp_multipart_merge(), so that 'reply' holds the whole reply (or the
 * OFPT_ERROR, or another unexpected message: check reply->type and the
 * multipart type).  Returns as vconn_dump(); EILSEQ if the switch split a
 * reply that cannot be split (a DESC reply, say). */
int vconn_dump_all(struct vconn *, struct ofp_msg *request,
                   struct ofp_msg *reply, struct buf *request_raw);

/* Called for each message received while waiting for a barrier reply;
 * 'decoded' is false when it did not decode ('msg' then has its header
 * only and vconn_last_received() its bytes). */
typedef void vconn_msg_fn(const struct ofp_msg *msg, bool decoded, void *aux);

/* Closes a batch of requests sent without waiting (OF1.3.5 §6.2): sends a
 * BARRIER_REQUEST, flushes everything queued and receives until the
 * BARRIER_REPLY, handing every other message to 'fn' (may be NULL), so
 * that the replies and errors for the batch have all been seen when it
 * returns 0.  '*barrier_xid' (may be NULL) gets the barrier's xid.
 * Returns 0 or an error of vconn_send_msg() or vconn_recv(). */
int vconn_barrier(struct vconn *, vconn_msg_fn *fn, void *aux,
                  uint32_t *barrier_xid);

/* Milliseconds left before the deadline, or -1 if there is none. */
int vconn_time_left(const struct vconn *);

/* "connection closed by peer" for EOF, else strerror(). */
const char *vconn_strerror(int error);

#endif /* tools/vconn.h */
