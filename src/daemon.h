/* src/daemon.h -- process plumbing for ofswitchd: detaching, the pid
 * file, signal handling through the event loop.  Nothing here knows about
 * OpenFlow. */
#ifndef SRC_DAEMON_H
#define SRC_DAEMON_H 1

#include <stdbool.h>

struct event_base;

/* Forks into the background: the parent waits until the child calls
 * daemon_ready() (or exits), then exits with the child's status, so that
 * "ofswitchd --detach" returns only once the switch runs (or failed).
 * Returns 0 in the child, or a positive errno. */
int daemon_detach(void);
/* Tells a waiting parent that start-up succeeded (no-op without detach). */
void daemon_ready(void);

/* Writes the pid to 'path' (created exclusively if no live process owns
 * it).  Returns 0 or a positive errno, with a message in '*errp'. */
int daemon_pidfile_create(const char *path, char **errp);
void daemon_pidfile_remove(const char *path);

/* Makes sure directory 'path' exists with mode 0755 (creating parents).
 * Returns 0 or a positive errno. */
int daemon_mkdir_p(const char *path);

#endif /* src/daemon.h */
