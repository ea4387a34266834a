# src/automake.mk -- ofswitchd, the switch daemon.
noinst_LIBRARIES += src/libswitch.a
src_libswitch_a_SOURCES = \
	src/chan.c src/chan.h \
	src/conf.c src/conf.h \
	src/daemon.c src/daemon.h \
	src/ofconn.c src/ofconn.h \
	src/sw.c src/sw.h \
	src/sw-dp.c src/sw-dp.h
src_libswitch_a_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS)

sbin_PROGRAMS += src/ofswitchd
src_ofswitchd_SOURCES = src/ofswitchd.c
src_ofswitchd_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
src_ofswitchd_LDADD = src/libswitch.a datapath/libdatapath.a \
	ofp13/libofp13.a util/libutil.a $(LIBEVENT_LIBS) $(OPENSSL_LIBS) \
	$(PCAP_LIBS) $(PTHREAD_LIBS) -lm
src_ofswitchd_LDADD += $(XEN_LIBS)
