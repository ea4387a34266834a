# datapath/automake.mk -- the datapath library: frames and flow keys
# (datapath/packet.mk), the pipeline (datapath/pipeline.mk) and the port
# kinds (datapath/ports.mk).
DP_PACKET_SOURCES =
DP_PIPELINE_SOURCES =
DP_PORT_SOURCES =
include datapath/packet.mk
include datapath/pipeline.mk
include datapath/ports.mk
include datapath/xen.mk
noinst_LIBRARIES += datapath/libdatapath.a
datapath_libdatapath_a_SOURCES = $(DP_PACKET_SOURCES) $(DP_PIPELINE_SOURCES) \
	$(DP_PORT_SOURCES) \
	datapath/mac-learning.c datapath/mac-learning.h
datapath_libdatapath_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(XEN_CFLAGS)
