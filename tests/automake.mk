# tests/automake.mk -- unit tests (check), fuzz targets, cross-checks.
# Each area keeps its own fragment so that work on one does not touch
# another's list.
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
TEST_LDADD = ofp13/libofp13.a util/libutil.a $(CHECK_LIBS)
DP_TEST_LDADD = datapath/libdatapath.a $(TEST_LDADD) $(PCAP_LIBS) $(PTHREAD_LIBS) -lm $(XEN_LIBS)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(top_srcdir)'; export top_srcdir; \
	top_builddir='$(top_builddir)'; export top_builddir; \
	CK_DEFAULT_TIMEOUT=60; export CK_DEFAULT_TIMEOUT;

include tests/unit/util.mk
include tests/unit/match.mk
include tests/unit/msgs.mk
include tests/unit/text.mk
include tests/unit/print.mk
include tests/unit/datapath.mk
include tests/fuzz/automake.mk
include tests/cross/automake.mk
include tests/conformance/automake.mk
include tests/cli/ctl.mk
include tests/cli/ofctl.mk
include tests/unit/compat.mk
include tests/integration/automake.mk
include tests/unit/xen.mk
