# tools/tools-ctl.mk -- ofcontroller, the reference controller daemon, and
# ofbench, the load generator.  Both share tools/ofconn-lib.c, a small
# libevent OpenFlow connection helper (framing, HELLO, echo, TLS).
noinst_LIBRARIES += tools/libofconn.a
tools_libofconn_a_SOURCES = tools/ofconn-lib.c tools/ofconn-lib.h
tools_libofconn_a_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS)

CTL_LDADD = tools/libofconn.a ofp13/libofp13.a util/libutil.a \
	$(LIBEVENT_LIBS) $(OPENSSL_LIBS) $(PTHREAD_LIBS)

bin_PROGRAMS += tools/ofcontroller tools/ofbench
tools_ofcontroller_SOURCES = tools/ofcontroller.c
tools_ofcontroller_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
tools_ofcontroller_LDADD = $(CTL_LDADD)
tools_ofbench_SOURCES = tools/ofbench.c
tools_ofbench_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
tools_ofbench_LDADD = $(CTL_LDADD) -lm
