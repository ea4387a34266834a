/* datapath/port.c -- the port registry and dispatch (see port.h).  Specs are
 * "KIND:ARG"; the kind is looked up in a constant table of port classes and
 * every call is forwarded through the class.  Counters common to all kinds
 * live in 'struct dp_port' (port-provider.h). */
#include <config.h>

#include "datapath/port.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/packet.h"
#include "datapath/port-provider.h"
#include "datapath/port-xen.h"
#include "ofp13/ofp.h"
#include "util/xalloc.h"

/* Every port kind, in the order the help text lists them. */
static const struct dp_port_class *const dp_port_classes[] = {
    &dp_port_tap_class,       &dp_port_afpacket_class, &dp_port_pcap_class,
    &dp_port_pcap_file_class, &dp_port_memory_class,   &dp_port_xen_class,
};

char *
dp_port_errmsg(const char *fmt, ...)
{
    va_list args;
    char *s;

    va_start(args, fmt);
    if (vasprintf(&s, fmt, args) < 0) {
        s = NULL;
    }
    va_end(args);
    return s ? s : xstrdup("out of memory");
}

/* Stores 'port "SPEC": MSG' in '*errp' (if nonnull) and frees 'msg'. */
static void
dp_port_set_error(char **errp, const char *spec, char *msg)
{
    if (errp) {
        *errp = dp_port_errmsg("port \"%s\": %s", spec, msg ? msg : "failed");
    }
    free(msg);
}

static const struct dp_port_class *
dp_port_class_lookup(const char *kind, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(dp_port_classes); i++) {
        const char *k = dp_port_classes[i]->kind;
        if (strlen(k) == len && !memcmp(k, kind, len)) {
            return dp_port_classes[i];
        }
    }
    return NULL;
}

/* Splits 'spec' into its class and argument (borrowed from 'spec').
 * Returns 0 or EINVAL with a message in '*errp'. */
static int
dp_port_spec_split(const char *spec, const struct dp_port_class **classp,
                   const char **argp, char **errp)
{
    const char *colon = strchr(spec, ':');

    *classp = NULL;
    *argp = NULL;
    if (!colon) {
        dp_port_set_error(errp, spec,
                          dp_port_errmsg("port spec must be KIND:ARG (%s)",
                                         dp_port_spec_usage()));
        return EINVAL;
    }
    *classp = dp_port_class_lookup(spec, (size_t)(colon - spec));
    if (!*classp) {
        dp_port_set_error(errp, spec,
                          dp_port_errmsg("unknown port kind \"%.*s\" (%s)",
                                         (int)(colon - spec), spec,
                                         dp_port_spec_usage()));
        return EINVAL;
    }
    *argp = colon + 1;
    return 0;
}

/* Runs 'class''s syntax check on 'arg'; on failure stores the message,
 * with the expected syntax, in '*errp'. */
static int
dp_port_check_arg(const struct dp_port_class *class, const char *spec,
                  const char *arg, char **errp)
{
    char *msg = NULL;
    int error = class->check(arg, &msg);

    if (error) {
        char *full = dp_port_errmsg("%s (expected %s)", msg ? msg : "invalid",
                                    class->usage);
        free(msg);
        dp_port_set_error(errp, spec, full);
    }
    return error;
}

int
dp_port_spec_check(const char *spec, char **errp)
{
    const struct dp_port_class *class;
    const char *arg;
    int error;

    if (errp) {
        *errp = NULL;
    }
    error = dp_port_spec_split(spec, &class, &arg, errp);
    return error ? error : dp_port_check_arg(class, spec, arg, errp);
}

const char *
dp_port_spec_usage(void)
{
    return "tap:NAME, afpacket:IF, pcap:IF, pcap-file:IN[,OUT], memory:NAME, "
           "xen:DOMID/DEVID, xen:auto";
}

int
dp_port_spec_split_number(const char *text, char **specp, uint32_t *port_nop,
                          char **errp)
{
    const char *at = strrchr(text, '@');
    unsigned long long n = 0;

    *specp = NULL;
    *port_nop = 0;
    if (errp) {
        *errp = NULL;
    }
    if (at) {
        const char *digits = at + 1;
        bool number = true;

        for (const char *p = digits; *p; p++) {
            if (!isdigit((unsigned char)*p)) {
                number = false;
                break;
            }
        }
        if (number) {
            /* At most 10 digits fit in 0xffffff00; more would overflow the
             * loop below. */
            if (!*digits || strlen(digits) > 10) {
                dp_port_set_error(errp, text,
                                  dp_port_errmsg("\"@N\" needs a port number "
                                                 "from 1 to %u",
                                                 OFPP_MAX));
                return EINVAL;
            }
            for (const char *p = digits; *p; p++) {
                n = n * 10 + (unsigned)(*p - '0');
            }
            if (n < 1 || n > OFPP_MAX) {
                dp_port_set_error(errp, text,
                                  dp_port_errmsg("port number %llu is out of "
                                                 "range 1 to %u",
                                                 n, OFPP_MAX));
                return EINVAL;
            }
            *specp = xstrndup(text, (size_t)(at - text));
            *port_nop = (uint32_t)n;
            return 0;
        }
    }
    *specp = xstrdup(text);
    return 0;
}

int
dp_port_open(const char *spec, struct dp_port **portp, char **errp)
{
    const struct dp_port_class *class;
    struct dp_port *port = NULL;
    const char *arg;
    char *msg = NULL;
    int error;

    *portp = NULL;
    if (errp) {
        *errp = NULL;
    }
    error = dp_port_spec_split(spec, &class, &arg, errp);
    if (!error) {
        error = dp_port_check_arg(class, spec, arg, errp);
    }
    if (error) {
        return error;
    }
    error = class->open(arg, &port, &msg);
    if (error) {
        dp_port_set_error(errp, spec, msg);
        return error;
    }
    port->spec = xstrdup(spec);
    memset(&port->stats, 0, sizeof port->stats);
    *portp = port;
    return 0;
}

void
dp_port_close(struct dp_port *port)
{
    if (port) {
        char *spec = port->spec;
        port->class->close(port);
        free(spec);
    }
}

int
dp_port_recv_batch(struct dp_port *port, struct dp_batch *batch, size_t max)
{
    size_t room = DP_BATCH_SIZE - batch->n;

    if (max > room) {
        max = room;
    }
    return max ? port->class->recv_batch(port, batch, max) : 0;
}

int
dp_port_send_batch(struct dp_port *port, const struct dp_batch *batch)
{
    return batch->n ? port->class->send_batch(port, batch) : 0;
}

int
dp_port_get_fd(const struct dp_port *port)
{
    return port->class->get_fd(port);
}

const char *
dp_port_get_name(const struct dp_port *port)
{
    return port->name;
}

const char *
dp_port_get_kind(const struct dp_port *port)
{
    return port->class->kind;
}

void
dp_port_get_stats(struct dp_port *port, struct dp_port_stats *stats)
{
    const struct dp_port_stats *s = &port->stats;

    stats->rx_packets = __atomic_load_n(&s->rx_packets, __ATOMIC_RELAXED);
    stats->rx_bytes = __atomic_load_n(&s->rx_bytes, __ATOMIC_RELAXED);
    stats->rx_dropped = __atomic_load_n(&s->rx_dropped, __ATOMIC_RELAXED);
    stats->rx_errors = __atomic_load_n(&s->rx_errors, __ATOMIC_RELAXED);
    stats->tx_packets = __atomic_load_n(&s->tx_packets, __ATOMIC_RELAXED);
    stats->tx_bytes = __atomic_load_n(&s->tx_bytes, __ATOMIC_RELAXED);
    stats->tx_dropped = __atomic_load_n(&s->tx_dropped, __ATOMIC_RELAXED);
    stats->tx_errors = __atomic_load_n(&s->tx_errors, __ATOMIC_RELAXED);
    if (port->class->get_stats) {
        port->class->get_stats(port, stats);
    }
}

int
dp_port_get_link(struct dp_port *port, struct dp_port_link *link)
{
    int error = port->class->get_link(port, link);
    if (error) {
        memset(link, 0, sizeof *link);
    }
    return error;
}

int
dp_port_get_hw_addr(struct dp_port *port, uint8_t mac[6])
{
    return port->class->get_hw_addr(port, mac);
}

int
dp_port_set_hw_addr(struct dp_port *port, const uint8_t mac[6])
{
    return (port->class->set_hw_addr ? port->class->set_hw_addr(port, mac)
                                     : EOPNOTSUPP);
}

int
dp_port_get_mtu(struct dp_port *port, int *mtu)
{
    return port->class->get_mtu(port, mtu);
}

int
dp_port_get_features(struct dp_port *port, struct dp_port_features *f)
{
    int error;

    memset(f, 0, sizeof *f);
    error = port->class->get_features(port, f);
    if (error) {
        memset(f, 0, sizeof *f);
    }
    return error;
}

int
dp_port_set_admin_state(struct dp_port *port, bool up)
{
    return port->class->set_admin_state(port, up);
}

int
dp_port_check_ifname(const char *name, char **errp)
{
    size_t len = strlen(name);

    if (!len) {
        *errp = dp_port_errmsg("missing interface name");
        return EINVAL;
    }
    if (len > 15) {
        *errp = dp_port_errmsg("interface name \"%s\" is longer than 15 "
                               "bytes",
                               name);
        return EINVAL;
    }
    if (!strcmp(name, ".") || !strcmp(name, "..")) {
        *errp = dp_port_errmsg("\"%s\" is not a valid interface name", name);
        return EINVAL;
    }
    for (const char *p = name; *p; p++) {
        if (*p == '/' || *p == ':' || isspace((unsigned char)*p)) {
            *errp = dp_port_errmsg("interface name \"%s\" contains '%c'", name,
                                   *p);
            return EINVAL;
        }
    }
    return 0;
}

void
dp_port_make_hw_addr(const char *seed, uint8_t mac[6])
{
    /* FNV-1a, 64 bits: stable across runs and hosts. */
    uint64_t h = UINT64_C(0xcbf29ce484222325);

    for (const unsigned char *p = (const unsigned char *)seed; *p; p++) {
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = (uint8_t)(h >> (8 * i));
    }
    mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02); /* Local, unicast. */
}
