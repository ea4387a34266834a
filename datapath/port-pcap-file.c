/* datapath/port-pcap-file.c -- "pcap-file:IN[,OUT]" ports, for tests and
 * debugging: the frames of the pcap file IN are received, as fast as the
 * datapath reads them and once each (timestamps are ignored), and frames
 * sent to the port are appended to the pcap file OUT (created or
 * truncated; Ethernet link type, microsecond timestamps of the moment they
 * were sent), flushed after every batch so that a reader sees them at once.
 * Either file may be omitted ("pcap-file:IN", "pcap-file:,OUT"); without
 * OUT, sent frames are counted and discarded.  IN cannot contain a comma.
 *
 * Polling: the port's fd is an eventfd that is readable while IN has frames
 * left.  When the reader hits the end of IN (or a read error) the eventfd
 * is drained and the file closed, so a datapath thread polling the port
 * goes to sleep instead of spinning on a finished file.
 *
 * The port has no device: its Ethernet address is derived from the spec,
 * its carrier is always up, and while it is administratively down frames
 * read from IN are dropped (and counted) and frames sent are not written. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <pcap/pcap.h>

#include "datapath/packet.h"
#include "datapath/port-provider.h"
#include "util/list.h"
#include "util/log.h"
#include "util/xalloc.h"

struct dp_port_pcap_file {
    struct dp_port up;
    pcap_t *in;         /* NULL without input or after its end. */
    pcap_t *dead;       /* Handle for the dumper. */
    pcap_dumper_t *out; /* NULL without output. */
    int event_fd;       /* Readable while 'in' is open. */
    bool admin_up;      /* Atomic: set from the control thread. */
    uint8_t mac[6];
};

static struct dp_port_pcap_file *
dp_port_pcap_file_cast(const struct dp_port *port)
{
    return CONTAINER_OF(port, struct dp_port_pcap_file, up);
}

/* Splits 'arg' into IN and OUT (newly allocated; NULL when absent).
 * Returns 0 or EINVAL with a message. */
static int
dp_pcap_file_split(const char *arg, char **inp, char **outp, char **errp)
{
    const char *comma = strchr(arg, ',');
    char *in, *out;

    *inp = *outp = NULL;
    if (comma) {
        in = xstrndup(arg, (size_t)(comma - arg));
        out = xstrdup(comma + 1);
        if (!*out) {
            *errp = dp_port_errmsg("missing output file name after ','");
            free(in);
            free(out);
            return EINVAL;
        }
    } else {
        in = xstrdup(arg);
        out = NULL;
    }
    if (!*in) {
        free(in);
        in = NULL;
        if (!out) {
            *errp = dp_port_errmsg("missing file names (pcap-file:IN[,OUT])");
            return EINVAL;
        }
    }
    *inp = in;
    *outp = out;
    return 0;
}

static int
dp_port_pcap_file_check(const char *arg, char **errp)
{
    char *in, *out;
    int error = dp_pcap_file_split(arg, &in, &out, errp);

    free(in);
    free(out);
    return error;
}

/* Opens 'path' for replay.  Returns 0 or a positive errno with a message;
 * '*inp' is the handle and '*st' the file's identity. */
static int
dp_pcap_file_open_in(const char *path, pcap_t **inp, struct stat *st,
                     char **errp)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    FILE *f = fopen(path, "rb");
    pcap_t *p;

    *inp = NULL;
    if (!f) {
        int error = errno;
        *errp = dp_port_errmsg("%s: %s", path, strerror(error));
        return error;
    }
    if (fstat(fileno(f), st) < 0) {
        memset(st, 0, sizeof *st);
    }
    errbuf[0] = '\0';
    p = pcap_fopen_offline(f, errbuf);
    if (!p) {
        /* On failure the stream stays ours to close. */
        fclose(f);
        *errp = dp_port_errmsg("%s: not a pcap file (%s)", path, errbuf);
        return EINVAL;
    }
    if (pcap_datalink(p) != DLT_EN10MB) {
        const char *name = pcap_datalink_val_to_name(pcap_datalink(p));
        *errp = dp_port_errmsg("%s: link type %s is not Ethernet", path,
                               name ? name : "unknown");
        pcap_close(p);
        return EINVAL;
    }
    *inp = p;
    return 0;
}

/* Opens 'path' for capture with the handle 'dead'.  Refuses a path that is
 * the input file 'in_st' (if nonnull): truncating it would destroy what is
 * being replayed. */
static int
dp_pcap_file_open_out(const char *path, pcap_t *dead, const struct stat *in_st,
                      pcap_dumper_t **outp, char **errp)
{
    struct stat st;
    pcap_dumper_t *d;
    FILE *f;

    *outp = NULL;
    if (in_st && !stat(path, &st) && st.st_dev == in_st->st_dev &&
        st.st_ino == in_st->st_ino) {
        *errp = dp_port_errmsg("%s: output file is the input file", path);
        return EINVAL;
    }
    f = fopen(path, "wb");
    if (!f) {
        int error = errno;
        *errp = dp_port_errmsg("%s: %s", path, strerror(error));
        return error;
    }
    d = pcap_dump_fopen(dead, f);
    if (!d) {
        *errp = dp_port_errmsg("%s: %s", path, pcap_geterr(dead));
        fclose(f);
        return EIO;
    }
    *outp = d;
    return 0;
}

static int
dp_port_pcap_file_open(const char *arg, struct dp_port **portp, char **errp)
{
    struct dp_port_pcap_file *pf;
    char *in_path, *out_path, *seed;
    struct stat in_st;
    int error;

    error = dp_pcap_file_split(arg, &in_path, &out_path, errp);
    if (error) {
        return error;
    }

    pf = xzalloc(sizeof *pf);
    pf->up.class = &dp_port_pcap_file_class;
    pf->event_fd = -1;
    if (in_path) {
        error = dp_pcap_file_open_in(in_path, &pf->in, &in_st, errp);
        if (error) {
            goto error;
        }
    }
    if (out_path) {
        pf->dead = pcap_open_dead(DLT_EN10MB, DP_PACKET_MAX_FRAME);
        if (!pf->dead) {
            *errp = dp_port_errmsg("pcap_open_dead failed");
            error = ENOMEM;
            goto error;
        }
        error = dp_pcap_file_open_out(out_path, pf->dead,
                                      in_path ? &in_st : NULL, &pf->out, errp);
        if (error) {
            goto error;
        }
    }
    pf->event_fd = eventfd(pf->in ? 1 : 0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (pf->event_fd < 0) {
        error = errno;
        *errp = dp_port_errmsg("eventfd: %s", strerror(error));
        goto error;
    }

    /* The name is the file's base name (the input's if there is one). */
    const char *path = in_path ? in_path : out_path;
    const char *slash = strrchr(path, '/');
    pf->up.name = xstrdup(slash && slash[1] ? slash + 1 : path);
    pf->admin_up = true;
    seed = xasprintf("pcap-file:%s", arg);
    dp_port_make_hw_addr(seed, pf->mac);
    free(seed);
    free(in_path);
    free(out_path);
    *portp = &pf->up;
    return 0;

error:
    if (pf->in) {
        pcap_close(pf->in);
    }
    if (pf->out) {
        pcap_dump_close(pf->out);
    }
    if (pf->dead) {
        pcap_close(pf->dead);
    }
    free(pf);
    free(in_path);
    free(out_path);
    return error;
}

static void
dp_port_pcap_file_close(struct dp_port *port)
{
    struct dp_port_pcap_file *pf = dp_port_pcap_file_cast(port);

    if (pf->in) {
        pcap_close(pf->in);
    }
    if (pf->out) {
        pcap_dump_close(pf->out);
    }
    if (pf->dead) {
        pcap_close(pf->dead);
    }
    close(pf->event_fd);
    free(pf->up.name);
    free(pf);
}

/* Closes the input at its end: the eventfd stops being readable. */
static void
dp_pcap_file_end_input(struct dp_port_pcap_file *pf)
{
    uint64_t v;

    pcap_close(pf->in);
    pf->in = NULL;
    if (read(pf->event_fd, &v, sizeof v) < 0) {
        /* EAGAIN: already drained. */
    }
}

static int
dp_port_pcap_file_recv_batch(struct dp_port *port, struct dp_batch *batch,
                             size_t max)
{
    struct dp_port_pcap_file *pf = dp_port_pcap_file_cast(port);
    bool up = __atomic_load_n(&pf->admin_up, __ATOMIC_RELAXED);
    uint64_t bytes = 0, dropped = 0, errors = 0;
    size_t n = 0;

    while (pf->in && n < max) {
        struct pcap_pkthdr *h;
        const u_char *data;
        int rc = pcap_next_ex(pf->in, &h, &data);

        if (rc == 1) {
            if (!h->caplen || h->caplen > DP_PACKET_MAX_FRAME) {
                errors++;
            } else if (!up) {
                dropped++;
            } else {
                batch->pkts[batch->n++] = dp_packet_create(data, h->caplen, 0);
                bytes += h->caplen;
                n++;
            }
        } else {
            if (rc != PCAP_ERROR_BREAK) {
                /* PCAP_ERROR_BREAK is the end of the file; anything else
                 * is a read error (a truncated record), which ends the
                 * replay too. */
                LOG_WARN("port", "pcap-file:%s: %s", port->name,
                         pcap_geterr(pf->in));
                errors++;
            }
            dp_pcap_file_end_input(pf);
        }
    }
    dp_port_count(&port->stats.rx_packets, n);
    dp_port_count(&port->stats.rx_bytes, bytes);
    dp_port_count(&port->stats.rx_dropped, dropped);
    dp_port_count(&port->stats.rx_errors, errors);
    return (int)n;
}

static int
dp_port_pcap_file_send_batch(struct dp_port *port,
                             const struct dp_batch *batch)
{
    static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 10);
    struct dp_port_pcap_file *pf = dp_port_pcap_file_cast(port);
    uint64_t sent = 0, bytes = 0;
    struct pcap_pkthdr h;
    struct timeval now;

    if (!__atomic_load_n(&pf->admin_up, __ATOMIC_RELAXED)) {
        dp_port_count(&port->stats.tx_dropped, batch->n);
        return ENETDOWN;
    }
    gettimeofday(&now, NULL);
    for (size_t i = 0; i < batch->n; i++) {
        const struct dp_packet *p = batch->pkts[i];

        if (pf->out) {
            memset(&h, 0, sizeof h);
            h.ts = now;
            h.caplen = h.len = p->size;
            pcap_dump((u_char *)pf->out, &h, dp_packet_data(p));
        }
        sent++;
        bytes += p->size;
    }
    if (pf->out && pcap_dump_flush(pf->out) < 0) {
        LOG_RL(&rl, LOG_LVL_WARN, "port",
               "pcap-file:%s: cannot write the "
               "output file",
               port->name);
        dp_port_count(&port->stats.tx_errors, batch->n);
        return EIO;
    }
    dp_port_count(&port->stats.tx_packets, sent);
    dp_port_count(&port->stats.tx_bytes, bytes);
    return 0;
}

static int
dp_port_pcap_file_get_fd(const struct dp_port *port)
{
    return dp_port_pcap_file_cast(port)->event_fd;
}

static int
dp_port_pcap_file_get_link(struct dp_port *port, struct dp_port_link *link)
{
    struct dp_port_pcap_file *pf = dp_port_pcap_file_cast(port);

    link->admin_up = __atomic_load_n(&pf->admin_up, __ATOMIC_RELAXED);
    link->carrier = true;
    return 0;
}

static int
dp_port_pcap_file_get_hw_addr(struct dp_port *port, uint8_t mac[6])
{
    memcpy(mac, dp_port_pcap_file_cast(port)->mac, 6);
    return 0;
}

static int
dp_port_pcap_file_get_mtu(struct dp_port *port, int *mtu)
{
    *mtu = 1500;
    return 0;
}

static int
dp_port_pcap_file_get_features(struct dp_port *port,
                               struct dp_port_features *f)
{
    /* A file has no speed: everything stays zero ("unknown"). */
    return 0;
}

static int
dp_port_pcap_file_set_admin_state(struct dp_port *port, bool up)
{
    struct dp_port_pcap_file *pf = dp_port_pcap_file_cast(port);

    __atomic_store_n(&pf->admin_up, up, __ATOMIC_RELAXED);
    return 0;
}

const struct dp_port_class dp_port_pcap_file_class = {
    .kind = "pcap-file",
    .usage = "pcap-file:IN[,OUT]",
    .check = dp_port_pcap_file_check,
    .open = dp_port_pcap_file_open,
    .close = dp_port_pcap_file_close,
    .recv_batch = dp_port_pcap_file_recv_batch,
    .send_batch = dp_port_pcap_file_send_batch,
    .get_fd = dp_port_pcap_file_get_fd,
    .get_link = dp_port_pcap_file_get_link,
    .get_hw_addr = dp_port_pcap_file_get_hw_addr,
    .get_mtu = dp_port_pcap_file_get_mtu,
    .get_features = dp_port_pcap_file_get_features,
    .set_admin_state = dp_port_pcap_file_set_admin_state,
};
