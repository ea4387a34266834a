# tools/automake.mk -- ofctl, the command-line client (ovs-ofctl style).
bin_PROGRAMS += tools/ofctl
tools_ofctl_SOURCES = tools/ofctl.c tools/vconn.c tools/vconn.h
tools_ofctl_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
tools_ofctl_LDADD = ofp13/libofp13.a util/libutil.a $(OPENSSL_LIBS)
include tools/tools-ctl.mk
