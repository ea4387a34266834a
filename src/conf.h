/* src/conf.h -- ofswitchd's configuration: the command line and the
 * --config file (the same options, one per line).  Parsing validates
 * everything that can be checked without touching the system, so a bad
 * option stops the daemon before anything starts. */
#ifndef SRC_CONF_H
#define SRC_CONF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/log.h"

enum conf_fail_mode {
    CONF_FAIL_DEFAULT, /* Standalone without --controller, else secure. */
    CONF_FAIL_SECURE,
    CONF_FAIL_STANDALONE,
};

struct conf_port {
    char *spec;      /* "tap:tap0", "afpacket:veth1", ... */
    uint32_t number; /* Fixed by "@N", or 0 for the next free number. */
};

struct conf_queue {
    uint32_t port;
    uint32_t queue_id;
    uint64_t min_kbps; /* 0: none. */
    uint64_t max_kbps; /* 0: none. */
};

struct conf {
    char *name;           /* --name (default "sw0"). */
    uint64_t datapath_id; /* --datapath-id, or derived from the name. */
    bool datapath_id_set;
    size_t n_ports;
    struct conf_port *ports;
    size_t n_controllers;
    char **controllers;
    size_t n_listens;
    char **listens;
    enum conf_fail_mode fail_mode;
    uint32_t versions;      /* --protocols bitmap (bit n = wire version). */
    unsigned int n_tables;  /* 1..254. */
    unsigned int max_flows; /* 0 = unlimited. */
    unsigned int n_buffers;
    unsigned int n_threads;
    char *private_key, *certificate, *ca_cert;
    bool detach;
    char *pidfile;
    char *log_file;
    enum log_level log_level;
    size_t n_queues;
    struct conf_queue *queues;
    unsigned int controller_rate_limit; /* Packet-ins/s per connection. */
    char *metrics;                      /* "[IP:]PORT" or NULL. */
    char *run_dir; /* Directory of NAME.sock (/run/ofswitch). */
};

/* Which versions this build implements (bitmap). */
uint32_t conf_implemented_versions(void);

void conf_init(struct conf *);
void conf_uninit(struct conf *);

/* Parses 'argv' (and any --config files it names) into 'conf'.  Returns
 * NULL on success, or an error message (to free) naming the bad option.
 * Sets '*exit_now' (and returns NULL) after printing --help or --version. */
char *conf_parse_args(struct conf *, int argc, char *argv[], bool *exit_now);

/* Finishes defaults that depend on several options (fail mode, datapath
 * id).  Returns NULL or an error message. */
char *conf_finish(struct conf *);

/* The MAC address and datapath id derived from a switch name: stable
 * across restarts, locally administered. */
void conf_name_to_mac(const char *name, uint8_t mac[6]);

#endif /* src/conf.h */
