DP_PACKET_SOURCES += \
	datapath/packet.c datapath/packet.h \
	datapath/key.c datapath/key.h \
	datapath/execute.c datapath/execute.h
