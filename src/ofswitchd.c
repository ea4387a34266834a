/* src/ofswitchd.c -- main() of the OpenFlow switch daemon: options, logging,
 * detaching, signals, and the control thread's event loop around one
 * switch (src/sw.h). */
#include <config.h>

#include <errno.h>
#include <event2/event.h>
#include <event2/thread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/conf.h"
#include "src/daemon.h"
#include "src/sw.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MOD "main"

struct main_ctx {
    struct event_base *base;
    int exit_signal;
};

static void
stop_cb(evutil_socket_t sig, short what, void *ctx_)
{
    struct main_ctx *ctx = ctx_;
    LOG_INFO(MOD, "%s: shutting down", strsignal(sig));
    ctx->exit_signal = sig;
    event_base_loopexit(ctx->base, NULL);
}

static void
hup_cb(evutil_socket_t sig, short what, void *ctx_)
{
    int err = log_reopen();
    if (err) {
        LOG_WARN(MOD, "cannot reopen log: %s", strerror(err));
    } else {
        LOG_INFO(MOD, "log reopened");
    }
}

int
main(int argc, char *argv[])
{
    struct conf conf;
    bool exit_now;
    char *err;
    int status = EXIT_FAILURE;

    conf_init(&conf);
    err = conf_parse_args(&conf, argc, argv, &exit_now);
    if (!err && !exit_now) {
        err = conf_finish(&conf);
    }
    if (err) {
        fprintf(stderr, "ofswitchd: %s\n", err);
        free(err);
        conf_uninit(&conf);
        return 2;
    }
    if (exit_now) {
        conf_uninit(&conf);
        return EXIT_SUCCESS;
    }
    if (geteuid() != 0) {
        fprintf(stderr, "ofswitchd: must run as root (it creates network "
                        "devices and a root-only control socket)\n");
        conf_uninit(&conf);
        return EXIT_FAILURE;
    }

    log_set_level(conf.log_level);
    if (conf.log_file) {
        int e = log_open_file(conf.log_file);
        if (e) {
            fprintf(stderr, "ofswitchd: --log-file %s: %s\n", conf.log_file,
                    strerror(e));
            conf_uninit(&conf);
            return EXIT_FAILURE;
        }
    }
    if (conf.detach) {
        int e = daemon_detach();
        if (e) {
            fprintf(stderr, "ofswitchd: cannot detach: %s\n", strerror(e));
            conf_uninit(&conf);
            return EXIT_FAILURE;
        }
        if (!conf.log_file) {
            log_open_syslog("ofswitchd");
        }
    }
    /* Writes to a closed connection must not kill the switch. */
    signal(SIGPIPE, SIG_IGN);

    int e = daemon_mkdir_p(conf.run_dir);
    if (e) {
        LOG_ERR(MOD, "%s: %s", conf.run_dir, strerror(e));
        fprintf(stderr, "ofswitchd: %s: %s\n", conf.run_dir, strerror(e));
        conf_uninit(&conf);
        return EXIT_FAILURE;
    }
    if (conf.pidfile && daemon_pidfile_create(conf.pidfile, &err)) {
        fprintf(stderr, "ofswitchd: %s\n", err);
        free(err);
        conf_uninit(&conf);
        return EXIT_FAILURE;
    }

    evthread_use_pthreads();
    struct main_ctx ctx = { event_base_new(), 0 };
    struct sw *sw = sw_create(ctx.base, &conf, &err);
    if (!sw) {
        if (conf.log_file || conf.detach) {
            LOG_ERR(MOD, "%s", err);
        }
        fprintf(stderr, "ofswitchd: %s\n", err);
        free(err);
        goto out;
    }

    struct event *ev_term = evsignal_new(ctx.base, SIGTERM, stop_cb, &ctx);
    struct event *ev_int = evsignal_new(ctx.base, SIGINT, stop_cb, &ctx);
    struct event *ev_hup = evsignal_new(ctx.base, SIGHUP, hup_cb, &ctx);
    event_add(ev_term, NULL);
    event_add(ev_int, NULL);
    event_add(ev_hup, NULL);

    daemon_ready();
    event_base_dispatch(ctx.base);
    status = EXIT_SUCCESS;

    event_free(ev_term);
    event_free(ev_int);
    event_free(ev_hup);
    sw_destroy(sw);
out:
    event_base_free(ctx.base);
    daemon_pidfile_remove(conf.pidfile);
    conf_uninit(&conf);
    return status;
}
