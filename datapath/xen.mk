# datapath/xen.mk -- Xen netback ports (the "xen" port kind).  With the Xen
# libraries (configure found xenevtchn, xengnttab and xenstore: HAVE_XEN)
# the kind, the backend and the seam onto the real libraries are built;
# without them a stub keeps the kind registered with a "not compiled in"
# message.  Programs that link the port layer need $(XEN_LIBS).
DP_PORT_SOURCES += datapath/port-xen.h
if HAVE_XEN
DP_PORT_SOURCES += \
	datapath/port-xen.c \
	datapath/xen-backend.c datapath/xen-backend.h \
	datapath/xen-ops.h datapath/xen-ops-real.c
else
DP_PORT_SOURCES += datapath/port-xen-stub.c
endif
