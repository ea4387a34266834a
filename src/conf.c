/* src/conf.c -- ofswitchd options (see conf.h). */
#include <config.h>
#include "src/conf.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofp13/ofp.h"
#include "util/xalloc.h"

enum {
    OPT_NAME = 256,
    OPT_DPID,
    OPT_PORT,
    OPT_CONTROLLER,
    OPT_LISTEN,
    OPT_FAIL_MODE,
    OPT_PROTOCOLS,
    OPT_TABLES,
    OPT_MAX_FLOWS,
    OPT_BUFFERS,
    OPT_THREADS,
    OPT_PRIVATE_KEY,
    OPT_CERTIFICATE,
    OPT_CA_CERT,
    OPT_CONFIG,
    OPT_DETACH,
    OPT_PIDFILE,
    OPT_LOG_FILE,
    OPT_QUEUE,
    OPT_RATE_LIMIT,
    OPT_METRICS,
    OPT_RUN_DIR,
    OPT_HELP,
    OPT_VERSION,
};

static const struct option long_options[] = {
    { "name", required_argument, NULL, OPT_NAME },
    { "datapath-id", required_argument, NULL, OPT_DPID },
    { "port", required_argument, NULL, OPT_PORT },
    { "controller", required_argument, NULL, OPT_CONTROLLER },
    { "listen", required_argument, NULL, OPT_LISTEN },
    { "fail-mode", required_argument, NULL, OPT_FAIL_MODE },
    { "protocols", required_argument, NULL, OPT_PROTOCOLS },
    { "tables", required_argument, NULL, OPT_TABLES },
    { "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
    { "buffers", required_argument, NULL, OPT_BUFFERS },
    { "datapath-threads", required_argument, NULL, OPT_THREADS },
    { "private-key", required_argument, NULL, OPT_PRIVATE_KEY },
    { "certificate", required_argument, NULL, OPT_CERTIFICATE },
    { "ca-cert", required_argument, NULL, OPT_CA_CERT },
    { "config", required_argument, NULL, OPT_CONFIG },
    { "detach", no_argument, NULL, OPT_DETACH },
    { "pidfile", required_argument, NULL, OPT_PIDFILE },
    { "log-file", required_argument, NULL, OPT_LOG_FILE },
    { "queue", required_argument, NULL, OPT_QUEUE },
    { "controller-rate-limit", required_argument, NULL, OPT_RATE_LIMIT },
    { "metrics", required_argument, NULL, OPT_METRICS },
    { "run-dir", required_argument, NULL, OPT_RUN_DIR },
    { "verbose", required_argument, NULL, 'v' },
    { "help", no_argument, NULL, OPT_HELP },
    { "version", no_argument, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 },
};

static const char usage_text[] =
    "usage: ofswitchd [OPTIONS]\n"
    "OpenFlow 1.3 software switch.\n"
    "\n"
    "  --name NAME                switch name (default sw0); control socket\n"
    "                             punix:/run/ofswitch/NAME.sock, LOCAL port\n"
    "                             tap NAME\n"
    "  --datapath-id ID           0xHEX or 16 hex digits (default: from "
    "NAME)\n"
    "  --port SPEC[@N]            tap:NAME, afpacket:IF, pcap:IF,\n"
    "                             pcap-file:IN[,OUT] (repeatable)\n"
    "  --controller TARGET        tcp:HOST[:PORT], ssl:HOST[:PORT], "
    "unix:PATH\n"
    "  --listen TARGET            ptcp:[PORT][:IP], pssl:[PORT][:IP], "
    "punix:PATH\n"
    "  --fail-mode MODE           secure or standalone\n"
    "  --protocols LIST           OpenFlow10,OpenFlow11,OpenFlow13\n"
    "  --tables N                 number of flow tables (1-254, default "
    "254)\n"
    "  --max-flows N              flows per table (0: unlimited)\n"
    "  --buffers N                packet-in buffers (0: never buffer)\n"
    "  --datapath-threads N       datapath threads (default 1)\n"
    "  --private-key F --certificate F --ca-cert F   TLS files (PEM)\n"
    "  --queue PORT:QUEUE:min-rate=KBPS,max-rate=KBPS   egress queue\n"
    "  --controller-rate-limit PPS  packet-ins per second per connection\n"
    "  --metrics [IP:]PORT        serve Prometheus metrics over HTTP\n"
    "  --config FILE              read options from FILE, one per line\n"
    "  --detach                   run in the background\n"
    "  --pidfile F                write the process id to F\n"
    "  --log-file F               log to F (default: stderr; syslog when\n"
    "                             detached)\n"
    "  -v, --verbose LEVEL        off, err, warn, info, dbg\n"
    "  --help, --version\n";

uint32_t
conf_implemented_versions(void)
{
    return 1u << OFP13_VERSION;
}

void
conf_init(struct conf *c)
{
    memset(c, 0, sizeof *c);
    c->name = xstrdup("sw0");
    c->versions = conf_implemented_versions();
    c->n_tables = 254;
    c->n_buffers = 256;
    c->n_threads = 1;
    c->log_level = LOG_LVL_INFO;
    c->run_dir = xstrdup("/run/ofswitch");
}

void
conf_uninit(struct conf *c)
{
    for (size_t i = 0; i < c->n_ports; i++) {
        free(c->ports[i].spec);
    }
    free(c->ports);
    for (size_t i = 0; i < c->n_controllers; i++) {
        free(c->controllers[i]);
    }
    free(c->controllers);
    for (size_t i = 0; i < c->n_listens; i++) {
        free(c->listens[i]);
    }
    free(c->listens);
    free(c->queues);
    free(c->name);
    free(c->private_key);
    free(c->certificate);
    free(c->ca_cert);
    free(c->pidfile);
    free(c->log_file);
    free(c->metrics);
    free(c->run_dir);
    memset(c, 0, sizeof *c);
}

static void
set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = xstrdup(s);
}

static char *
parse_uint(const char *opt, const char *s, unsigned long long max,
           unsigned long long *v)
{
    char *end;
    errno = 0;
    if (!isdigit((unsigned char)*s)) {
        return xasprintf("--%s: `%s' is not a number", opt, s);
    }
    *v = strtoull(s, &end, 0);
    if (errno || *end || *v > max) {
        return xasprintf("--%s: `%s' is not a number from 0 to %llu", opt, s,
                         max);
    }
    return NULL;
}

static char *
parse_protocols(const char *s, uint32_t *versions)
{
    static const struct {
        const char *name;
        int version;
    } names[] = {
        { "OpenFlow10", OFP10_VERSION },
        { "OpenFlow11", OFP11_VERSION },
        { "OpenFlow13", OFP13_VERSION },
    };
    char *copy = xstrdup(s), *save = NULL;
    uint32_t v = 0;
    char *err = NULL;

    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        bool found = false;
        for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
            if (!strcasecmp(tok, names[i].name)) {
                if (!(conf_implemented_versions() &
                      (1u << names[i].version))) {
                    err = xasprintf("--protocols: %s is not implemented "
                                    "by this build",
                                    tok);
                    goto out;
                }
                v |= 1u << names[i].version;
                found = true;
            }
        }
        if (!found) {
            err = xasprintf("--protocols: unknown protocol `%s' (use "
                            "OpenFlow10, OpenFlow11, OpenFlow13)",
                            tok);
            goto out;
        }
    }
    if (!v) {
        err = xstrdup("--protocols: empty list");
        goto out;
    }
    *versions = v;
out:
    free(copy);
    return err;
}

static char *
parse_port_spec(struct conf *c, const char *s)
{
    const char *colon = strchr(s, ':');
    if (!colon || colon == s || !colon[1]) {
        return xasprintf("--port: `%s' is not KIND:ARG (tap:NAME, "
                         "afpacket:IF, pcap:IF, pcap-file:IN[,OUT])",
                         s);
    }
    struct conf_port p = { NULL, 0 };
    const char *at = strrchr(s, '@');
    if (at) {
        unsigned long long n;
        char *err = parse_uint("port", at + 1, OFPP_MAX, &n);
        if (err || n == 0) {
            free(err);
            return xasprintf("--port: `%s': port number after @ must be "
                             "1 to %u",
                             s, OFPP_MAX);
        }
        p.number = n;
        p.spec = xstrndup(s, at - s);
    } else {
        p.spec = xstrdup(s);
    }
    for (size_t i = 0; i < c->n_ports; i++) {
        if (p.number && c->ports[i].number == p.number) {
            free(p.spec);
            return xasprintf("--port: port number %u used twice", p.number);
        }
        if (!strcmp(c->ports[i].spec, p.spec)) {
            char *err = xasprintf("--port: `%s' given twice", p.spec);
            free(p.spec);
            return err;
        }
    }
    c->ports = xreallocarray(c->ports, c->n_ports + 1, sizeof *c->ports);
    c->ports[c->n_ports++] = p;
    return NULL;
}

/* PORT:QUEUE:min-rate=KBPS,max-rate=KBPS */
static char *
parse_queue(struct conf *c, const char *s)
{
    struct conf_queue q = { 0, 0, 0, 0 };
    char *copy = xstrdup(s), *save = NULL, *err = NULL;
    char *port = strtok_r(copy, ":", &save);
    char *queue = strtok_r(NULL, ":", &save);
    char *rates = strtok_r(NULL, "", &save);
    unsigned long long v;

    if (!port || !queue) {
        err = xasprintf("--queue: `%s' is not PORT:QUEUE:min-rate=KBPS,"
                        "max-rate=KBPS",
                        s);
        goto out;
    }
    if ((err = parse_uint("queue", port, OFPP_MAX, &v))) {
        goto out;
    }
    q.port = v;
    if ((err = parse_uint("queue", queue, 0xfffffffe, &v))) {
        goto out;
    }
    q.queue_id = v;
    if (rates) {
        char *save2 = NULL;
        for (char *kv = strtok_r(rates, ",", &save2); kv;
             kv = strtok_r(NULL, ",", &save2)) {
            char *eq = strchr(kv, '=');
            if (!eq) {
                err = xasprintf("--queue: `%s': expected KEY=VALUE", kv);
                goto out;
            }
            *eq = '\0';
            if ((err = parse_uint("queue", eq + 1, UINT64_MAX / 1000, &v))) {
                goto out;
            }
            if (!strcmp(kv, "min-rate")) {
                q.min_kbps = v;
            } else if (!strcmp(kv, "max-rate")) {
                q.max_kbps = v;
            } else {
                err = xasprintf("--queue: unknown key `%s' (min-rate, "
                                "max-rate)",
                                kv);
                goto out;
            }
        }
    }
    if (q.max_kbps && q.min_kbps > q.max_kbps) {
        err = xasprintf("--queue: `%s': min-rate exceeds max-rate", s);
        goto out;
    }
    c->queues = xreallocarray(c->queues, c->n_queues + 1, sizeof *c->queues);
    c->queues[c->n_queues++] = q;
out:
    free(copy);
    return err;
}

static char *
parse_dpid(const char *s, uint64_t *dpid)
{
    const char *hex = s;
    if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
        hex = s + 2;
    } else if (strlen(s) != 16) {
        return xasprintf("--datapath-id: `%s' must be 0xHEX or exactly 16 "
                         "hex digits",
                         s);
    }
    if (!*hex || strlen(hex) > 16) {
        return xasprintf("--datapath-id: `%s' is not a 64-bit hex number", s);
    }
    for (const char *p = hex; *p; p++) {
        if (!isxdigit((unsigned char)*p)) {
            return xasprintf("--datapath-id: `%s' is not hexadecimal", s);
        }
    }
    *dpid = strtoull(hex, NULL, 16);
    return NULL;
}

static char *parse_config_file(struct conf *, const char *path, int depth,
                               bool *exit_now);

/* Applies one option.  'arg' may be NULL for options without one. */
static char *
apply_option(struct conf *c, int opt, const char *arg, int depth,
             bool *exit_now)
{
    unsigned long long v;
    char *err = NULL;

    switch (opt) {
    case OPT_NAME:
        /* The kernel's rule for interface names (dev_valid_name). */
        if (!*arg || strlen(arg) > 15 || !strcmp(arg, ".") ||
            !strcmp(arg, "..") || strpbrk(arg, "/: \t\n")) {
            return xasprintf("--name: `%s' must be 1 to 15 characters, "
                             "without `/', `:' or spaces (it names a "
                             "network interface)",
                             arg);
        }
        set_str(&c->name, arg);
        break;
    case OPT_DPID:
        err = parse_dpid(arg, &c->datapath_id);
        c->datapath_id_set = !err;
        break;
    case OPT_PORT:
        err = parse_port_spec(c, arg);
        break;
    case OPT_CONTROLLER:
        c->controllers = xreallocarray(c->controllers, c->n_controllers + 1,
                                       sizeof *c->controllers);
        c->controllers[c->n_controllers++] = xstrdup(arg);
        break;
    case OPT_LISTEN:
        c->listens =
            xreallocarray(c->listens, c->n_listens + 1, sizeof *c->listens);
        c->listens[c->n_listens++] = xstrdup(arg);
        break;
    case OPT_FAIL_MODE:
        if (!strcmp(arg, "secure")) {
            c->fail_mode = CONF_FAIL_SECURE;
        } else if (!strcmp(arg, "standalone")) {
            c->fail_mode = CONF_FAIL_STANDALONE;
        } else {
            err = xasprintf("--fail-mode: `%s' is not secure or standalone",
                            arg);
        }
        break;
    case OPT_PROTOCOLS:
        err = parse_protocols(arg, &c->versions);
        break;
    case OPT_TABLES:
        err = parse_uint("tables", arg, 254, &v);
        if (!err && v == 0) {
            err = xstrdup("--tables: at least 1 table");
        }
        c->n_tables = v;
        break;
    case OPT_MAX_FLOWS:
        err = parse_uint("max-flows", arg, UINT32_MAX, &v);
        c->max_flows = v;
        break;
    case OPT_BUFFERS:
        err = parse_uint("buffers", arg, 65536, &v);
        c->n_buffers = v;
        break;
    case OPT_THREADS:
        err = parse_uint("datapath-threads", arg, 64, &v);
        if (!err && v == 0) {
            err = xstrdup("--datapath-threads: at least 1");
        }
        c->n_threads = v;
        break;
    case OPT_PRIVATE_KEY:
        set_str(&c->private_key, arg);
        break;
    case OPT_CERTIFICATE:
        set_str(&c->certificate, arg);
        break;
    case OPT_CA_CERT:
        set_str(&c->ca_cert, arg);
        break;
    case OPT_CONFIG:
        err = parse_config_file(c, arg, depth + 1, exit_now);
        break;
    case OPT_DETACH:
        c->detach = true;
        break;
    case OPT_PIDFILE:
        set_str(&c->pidfile, arg);
        break;
    case OPT_LOG_FILE:
        set_str(&c->log_file, arg);
        break;
    case OPT_QUEUE:
        err = parse_queue(c, arg);
        break;
    case OPT_RATE_LIMIT:
        err = parse_uint("controller-rate-limit", arg, 100000000, &v);
        c->controller_rate_limit = v;
        break;
    case OPT_METRICS:
        set_str(&c->metrics, arg);
        break;
    case OPT_RUN_DIR:
        set_str(&c->run_dir, arg);
        break;
    case 'v':
        if (!log_level_parse(arg, &c->log_level)) {
            err =
                xasprintf("-v: `%s' is not off, err, warn, info or dbg", arg);
        }
        break;
    case OPT_HELP:
        fputs(usage_text, stdout);
        *exit_now = true;
        break;
    case OPT_VERSION:
        printf("ofswitchd (%s) %s\nOpenFlow versions: 1.3 (wire 0x04)\n",
               PACKAGE_NAME, PACKAGE_VERSION);
        *exit_now = true;
        break;
    default:
        err = xstrdup("unknown option");
        break;
    }
    return err;
}

static char *
parse_config_file(struct conf *c, const char *path, int depth, bool *exit_now)
{
    if (depth > 8) {
        return xasprintf("--config %s: nested too deeply", path);
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        return xasprintf("--config %s: %s", path, strerror(errno));
    }
    char line[4096];
    int lineno = 0;
    char *err = NULL;
    while (!err && fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line + strspn(line, " \t");
        p[strcspn(p, "\r\n")] = '\0';
        if (!*p || *p == '#') {
            continue;
        }
        /* "--opt value", "opt value", "opt=value" or "opt". */
        while (*p == '-') {
            p++;
        }
        char *sep = p + strcspn(p, " \t=");
        char *arg = NULL;
        if (*sep) {
            *sep = '\0';
            arg = sep + 1 + strspn(sep + 1, " \t=");
            char *end = arg + strlen(arg);
            while (end > arg && (end[-1] == ' ' || end[-1] == '\t')) {
                *--end = '\0';
            }
            if (!*arg) {
                arg = NULL;
            }
        }
        const struct option *o = NULL;
        for (const struct option *x = long_options; x->name; x++) {
            if (!strcmp(x->name, p)) {
                o = x;
            }
        }
        if (!strcmp(p, "v")) {
            static const struct option verbose = { "v", required_argument,
                                                   NULL, 'v' };
            o = &verbose;
        }
        if (!o) {
            err = xasprintf("%s:%d: unknown option `%s'", path, lineno, p);
        } else if (o->has_arg == required_argument && !arg) {
            err =
                xasprintf("%s:%d: option `%s' needs a value", path, lineno, p);
        } else if (o->has_arg == no_argument && arg) {
            err = xasprintf("%s:%d: option `%s' takes no value", path, lineno,
                            p);
        } else {
            char *e = apply_option(c, o->val, arg, depth, exit_now);
            if (e) {
                err = xasprintf("%s:%d: %s", path, lineno, e);
                free(e);
            }
        }
    }
    fclose(f);
    return err;
}

char *
conf_parse_args(struct conf *c, int argc, char *argv[], bool *exit_now)
{
    int opt;
    *exit_now = false;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":v:", long_options, NULL)) != -1) {
        char *err;
        if (opt == '?') {
            return xasprintf("unknown option `%s' (try --help)",
                             argv[optind - 1]);
        }
        if (opt == ':') {
            return xasprintf("option `%s' needs a value", argv[optind - 1]);
        }
        err = apply_option(c, opt, optarg, 0, exit_now);
        if (err) {
            return err;
        }
        if (*exit_now) {
            return NULL;
        }
    }
    if (optind < argc) {
        return xasprintf("unexpected argument `%s' (options start with --; "
                         "try --help)",
                         argv[optind]);
    }
    return NULL;
}

void
conf_name_to_mac(const char *name, uint8_t mac[6])
{
    /* FNV-1a over the name: stable, and different names differ. */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *p = name; *p; p++) {
        h ^= (uint8_t)*p;
        h *= 0x100000001b3ULL;
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = h >> (8 * i);
    }
    mac[0] = (mac[0] & 0xfc) | 0x02; /* Locally administered unicast. */
}

/* Makes '*path' absolute against the current directory, so that it names
 * the same file after --detach has changed to "/" (the pid file, TLS files
 * and pcap files are opened after detaching; the log is reopened on
 * SIGHUP). */
static void
make_absolute(char **path)
{
    char cwd[PATH_MAX];

    if (*path && **path && **path != '/' && getcwd(cwd, sizeof cwd)) {
        char *abs = xasprintf("%s/%s", cwd, *path);
        free(*path);
        *path = abs;
    }
}

/* The same for the file names in a "pcap-file:IN[,OUT]" port spec. */
static void
make_pcap_spec_absolute(char **spec)
{
    static const char kind[] = "pcap-file:";
    if (strncmp(*spec, kind, sizeof kind - 1)) {
        return;
    }
    char *in = xstrdup(*spec + sizeof kind - 1);
    char *comma = strchr(in, ',');
    char *out = NULL;
    if (comma) {
        *comma = '\0';
        out = xstrdup(comma + 1);
    }
    make_absolute(&in);
    make_absolute(&out);
    free(*spec);
    *spec = out ? xasprintf("%s%s,%s", kind, in, out)
                : xasprintf("%s%s", kind, in);
    free(in);
    free(out);
}

char *
conf_finish(struct conf *c)
{
    if (c->fail_mode == CONF_FAIL_DEFAULT) {
        c->fail_mode =
            c->n_controllers ? CONF_FAIL_SECURE : CONF_FAIL_STANDALONE;
    }
    if (!c->datapath_id_set) {
        uint8_t mac[6];
        conf_name_to_mac(c->name, mac);
        c->datapath_id = 0;
        for (int i = 0; i < 6; i++) {
            c->datapath_id = c->datapath_id << 8 | mac[i];
        }
    }
    bool tls = c->private_key || c->certificate || c->ca_cert;
    if (tls && !(c->private_key && c->certificate && c->ca_cert)) {
        return xstrdup("--private-key, --certificate and --ca-cert go "
                       "together");
    }
    if (tls) {
        /* Loaded only when the first ssl:/pssl: connection is set up;
         * find an unreadable file before anything starts. */
        const struct {
            const char *opt, *path;
        } files[] = {
            { "private-key", c->private_key },
            { "certificate", c->certificate },
            { "ca-cert", c->ca_cert },
        };
        for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
            if (access(files[i].path, R_OK)) {
                return xasprintf("--%s %s: %s", files[i].opt, files[i].path,
                                 strerror(errno));
            }
        }
    }
    make_absolute(&c->pidfile);
    make_absolute(&c->log_file);
    make_absolute(&c->run_dir);
    make_absolute(&c->private_key);
    make_absolute(&c->certificate);
    make_absolute(&c->ca_cert);
    for (size_t i = 0; i < c->n_ports; i++) {
        make_pcap_spec_absolute(&c->ports[i].spec);
    }
    for (size_t i = 0; i < c->n_queues; i++) {
        bool found = false;
        for (size_t j = 0; j < c->n_ports; j++) {
            found |= c->ports[j].number == c->queues[i].port;
        }
        /* Ports without "@N" are numbered in order from 1. */
        found |= c->queues[i].port >= 1 && c->queues[i].port <= c->n_ports;
        if (!found) {
            return xasprintf("--queue: no port %u", c->queues[i].port);
        }
    }
    return NULL;
}
