# datapath/pipeline.mk -- the OpenFlow pipeline: classifier, flow tables,
# groups, meters, exact-match cache and the pipeline object.
DP_PIPELINE_SOURCES += \
	datapath/classifier.c datapath/classifier.h \
	datapath/flow-table.c datapath/flow-table.h \
	datapath/group.c datapath/group.h \
	datapath/meter.c datapath/meter.h \
	datapath/cache.c datapath/cache.h \
	datapath/pipeline.c datapath/pipeline.h \
	datapath/pipeline-ctl.c datapath/pipeline-private.h
