/* datapath/mac-learning.h -- the MAC learning table behind OFPP_NORMAL and
 * the standalone fail mode: per-VLAN (VID, MAC) -> port entries, learned
 * from source addresses, aged out after an idle time, bounded in size
 * (the least recently seen entry goes first).  Single-threaded: the owner
 * (the datapath thread, or whoever holds the datapath lock) serialises
 * access. */
#ifndef DATAPATH_MAC_LEARNING_H
#define DATAPATH_MAC_LEARNING_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAC_LEARNING_DEFAULT_AGING 300 /* Seconds, as Open vSwitch. */
#define MAC_LEARNING_DEFAULT_MAX 8192

struct mac_learning;

/* One learned entry, as dumped. */
struct mac_entry_info {
    uint16_t vlan; /* VID 0..4095; 0 for untagged frames. */
    uint8_t mac[6];
    uint32_t port;
    uint32_t age_s; /* Seconds since last seen. */
};

struct mac_learning *mac_learning_create(unsigned int aging_s,
                                         size_t max_entries);
void mac_learning_destroy(struct mac_learning *);

/* Learns that 'mac' on 'vlan' was seen on 'port' at 'now_ms'.  Multicast
 * sources are never learned.  Returns true if the entry is new or moved to
 * another port. */
bool mac_learning_learn(struct mac_learning *, uint16_t vlan,
                        const uint8_t mac[6], uint32_t port, uint64_t now_ms);
/* The port where 'mac' on 'vlan' was last seen, or 0 if unknown (or aged
 * out at 'now_ms'). */
uint32_t mac_learning_lookup(const struct mac_learning *, uint16_t vlan,
                             const uint8_t mac[6], uint64_t now_ms);
/* Removes entries older than the aging time. */
void mac_learning_expire(struct mac_learning *, uint64_t now_ms);
/* Forgets everything learned on 'port' (port removed or down). */
void mac_learning_flush_port(struct mac_learning *, uint32_t port);
void mac_learning_flush(struct mac_learning *);
size_t mac_learning_count(const struct mac_learning *);

/* Copies every live entry into a new array (caller frees), sorted by VLAN
 * then MAC; '*n' gets the count. */
struct mac_entry_info *mac_learning_dump(const struct mac_learning *,
                                         uint64_t now_ms, size_t *n);

#endif /* datapath/mac-learning.h */
