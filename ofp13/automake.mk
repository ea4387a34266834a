noinst_LIBRARIES += ofp13/libofp13.a
ofp13_libofp13_a_SOURCES = \
	ofp13/ofp.h \
	ofp13/errors.c ofp13/errors.h ofp13/errors.def \
	ofp13/match.c ofp13/match.h \
	ofp13/actions.c ofp13/actions.h \
	ofp13/msgs.c ofp13/multipart.c ofp13/msgs.h \
	ofp13/text-match.c ofp13/text-actions.c ofp13/text-flow.c ofp13/text.h \
	ofp13/print.c ofp13/print.h \
	ofp13/ext.h
include ofp13/compat.mk
