/* src/sw.h -- one running switch: the glue between OpenFlow connections
 * (src/chan.h, src/ofconn.h) and the datapath (src/sw-dp.h).  It decodes
 * each controller message, checks it against the connection's role,
 * applies it to the pipeline and answers; it fans asynchronous messages
 * (packet-in, flow-removed, port-status) out to the connections that want
 * them; it runs the fail mode and the timers (flow expiry, link state).
 * Control thread only. */
#ifndef SRC_SW_H
#define SRC_SW_H 1

#include <stdbool.h>
#include <stdint.h>

#include "src/conf.h"

struct event_base;
struct sw;

/* Creates the switch described by 'conf' on 'base': opens every port,
 * the LOCAL tap, the control socket, listeners and controller connections.
 * On failure returns NULL with a message in '*errp' (nothing is left
 * running and created taps are removed). */
struct sw *sw_create(struct event_base *, const struct conf *, char **errp);
/* Stops and frees everything.  NULL is a no-op. */
void sw_destroy(struct sw *);

#endif /* src/sw.h */
