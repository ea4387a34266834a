# ofp13/compat.mk -- the OpenFlow 1.0/1.1 translator (ofp13/compat.h):
# 1.0 and 1.1 bytes <-> the 1.3 model.
ofp13_libofp13_a_SOURCES += \
	ofp13/compat.h \
	ofp13/ofp1x-common.c \
	ofp13/ofp10.c \
	ofp13/ofp11.c
