# datapath/ports.mk -- the port vtable and one file per port kind.
DP_PORT_SOURCES += \
	datapath/port.c datapath/port.h datapath/port-provider.h \
	datapath/port-tap.c \
	datapath/port-afpacket.c \
	datapath/port-gso.c datapath/port-gso.h \
	datapath/port-pcap.c \
	datapath/port-pcap-file.c \
	datapath/port-memory.c \
	datapath/netdev-linux.c datapath/netdev-linux.h
