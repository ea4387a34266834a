/* src/chan.h -- OpenFlow connections: the transport (TCP, TLS, unix
 * sockets; active with reconnection or passive), message framing, HELLO
 * version negotiation (OF1.3.5 §6.3.1), echo replies and the inactivity
 * probe.  Everything above framing -- what a message means, roles, async
 * configuration -- belongs to the switch layer, which sees a connection only
 * after negotiation and receives whole messages.
 *
 * Runs on the control thread's libevent loop; no function here may be
 * called from another thread. */
#ifndef SRC_CHAN_H
#define SRC_CHAN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofp13/errors.h"

struct event_base;
struct ofp_msg;
struct chan;
struct chan_mgr;

/* A connection target: "tcp:HOST[:PORT]", "ssl:HOST[:PORT]", "unix:PATH"
 * (active) or "ptcp:[PORT][:IP]", "pssl:[PORT][:IP]", "punix:PATH"
 * (passive). */
enum chan_transport {
    CHAN_TCP,
    CHAN_SSL,
    CHAN_UNIX,
};

struct chan_target {
    enum chan_transport transport;
    bool passive;
    char host[256]; /* TCP/SSL: host or IP ("127.0.0.1" for passive). */
    uint16_t port;  /* TCP/SSL. */
    char path[108]; /* UNIX. */
};

/* Parses 'spec' into 'target'.  Returns NULL or an error string the caller
 * frees.  Default port: 6653.  A passive TCP/TLS target without an IP binds
 * 127.0.0.1 only. */
char *chan_target_parse(const char *spec, struct chan_target *target);
/* Formats 'target' back into its spec form into 'buf' (size >= 300). */
void chan_target_format(const struct chan_target *, char *buf, size_t size);

/* What a connection is for: controllers (from --controller) decide the fail
 * mode; management connections (--listen, the control socket) never do. */
enum chan_kind {
    CHAN_KIND_CONTROLLER,
    CHAN_KIND_MGMT,
};

struct chan_callbacks {
    /* A connection finished HELLO negotiation and can carry messages. */
    void (*connected)(void *aux, struct chan *);
    /* A negotiated connection went away; 'chan' is about to be reset (an
     * active one will reconnect) or freed.  Drop every pointer to it. */
    void (*disconnected)(void *aux, struct chan *);
    /* One whole message (after negotiation; HELLO and ECHO_REQUEST are
     * answered here and not passed up, ECHO_REPLY is consumed by the
     * probe).  'data' is borrowed for the duration of the call. */
    void (*received)(void *aux, struct chan *, const uint8_t *data,
                     size_t size);
};

struct chan_options {
    uint32_t versions;     /* Bitmap of allowed wire versions. */
    unsigned int probe_ms; /* Idle time before an echo probe; 0 off. */
    unsigned int backoff_min_ms;
    unsigned int backoff_max_ms;
    const char *private_key; /* PEM files for ssl:/pssl:, or NULL. */
    const char *certificate;
    const char *ca_cert;
};

/* Creates a manager on 'base'.  'opts' strings are copied. */
struct chan_mgr *chan_mgr_create(struct event_base *,
                                 const struct chan_options *,
                                 const struct chan_callbacks *, void *aux);
/* Closes every connection and listener (calling 'disconnected' for the
 * negotiated ones) and frees the manager.  NULL is a no-op. */
void chan_mgr_destroy(struct chan_mgr *);

/* Adds an active connection (reconnects with backoff) or a listener.
 * Returns 0 or a positive errno, with '*errp' set to a message to free. */
int chan_mgr_connect(struct chan_mgr *, const struct chan_target *,
                     enum chan_kind, char **errp);
int chan_mgr_listen(struct chan_mgr *, const struct chan_target *,
                    enum chan_kind, char **errp);

/* Number of negotiated connections of 'kind'. */
size_t chan_mgr_count(const struct chan_mgr *, enum chan_kind);

/* Calls 'cb' for every negotiated connection (it may close the one it is
 * given, and no other). */
void chan_mgr_for_each(struct chan_mgr *, void (*cb)(struct chan *, void *aux),
                       void *aux);

/* Queues 'size' bytes of already-encoded messages for sending. */
void chan_send(struct chan *, const void *data, size_t size);
/* Encodes 'msg' (its version is overridden by the connection's) and
 * queues it.  Returns 0 or a positive errno (EMSGSIZE). */
int chan_send_msg(struct chan *, struct ofp_msg *);
/* Sends OFPT_ERROR 'error' with the xid and first bytes of 'request'. */
void chan_send_error(struct chan *, enum ofperr error, const uint8_t *request,
                     size_t request_size);
/* Bytes queued but not yet written (for back-pressure). */
size_t chan_pending(const struct chan *);
/* Closes the connection after flushing what is queued.  An active
 * connection reconnects later; an accepted one is freed. */
void chan_close(struct chan *);

uint8_t chan_version(const struct chan *);
enum chan_kind chan_get_kind(const struct chan *);
/* "tcp:127.0.0.1:6653", "ptcp:127.0.0.1:6654<-127.0.0.1:40000", ... */
const char *chan_name(const struct chan *);
/* The peer's certificate subject for TLS connections, else NULL. */
const char *chan_peer_subject(const struct chan *);

/* A per-connection pointer for the switch layer. */
void *chan_get_user(const struct chan *);
void chan_set_user(struct chan *, void *);

#endif /* src/chan.h */
