# tests/unit/xen.mk -- tests of the Xen netback port kind (datapath/xen.mk),
# against the fake hypervisor of tests/unit/xen-fake.c and the simulated
# netfront of tests/unit/xen-netfront.c.  Linking xen-fake.c supplies
# dp_xen_ops_open(), so xen-ops-real.o is never pulled out of
# libdatapath.a: no test touches /dev/xen.
#
# tests/xen/ofswitchd-xenfake is ofswitchd linked the same way, and
# tests/xen/xen-guest-sim a guest (toolstack + netfront) bridging a tap
# device to the fake rings from its own process; tests/integration/xen.sh
# forwards frames between that guest and a namespace host through the
# daemon.
XEN_TEST_SOURCES = \
	tests/unit/xen-fake.c tests/unit/xen-fake.h \
	tests/unit/xen-netfront.c tests/unit/xen-netfront.h
EXTRA_DIST += tests/unit/xen-test.h tests/integration/xen.sh \
	tests/integration/xen-auto.sh doc/xen.md

if HAVE_XEN
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-xen-port tests/unit/test-xen-handshake
TESTS += tests/unit/test-xen-port tests/unit/test-xen-handshake
tests_unit_test_xen_port_SOURCES = tests/unit/test-xen-port.c \
	tests/unit/xen-test.h $(XEN_TEST_SOURCES)
tests_unit_test_xen_port_CFLAGS = $(TEST_CFLAGS) $(XEN_CFLAGS)
tests_unit_test_xen_port_LDADD = $(DP_TEST_LDADD)
tests_unit_test_xen_handshake_SOURCES = tests/unit/test-xen-handshake.c \
	tests/unit/xen-test.h $(XEN_TEST_SOURCES)
tests_unit_test_xen_handshake_CFLAGS = $(TEST_CFLAGS) $(XEN_CFLAGS)
tests_unit_test_xen_handshake_LDADD = $(DP_TEST_LDADD)
endif

check_PROGRAMS += tests/xen/ofswitchd-xenfake tests/xen/xen-guest-sim
# The same sources, flags and libraries as src/ofswitchd, plus the fake.
tests_xen_ofswitchd_xenfake_SOURCES = $(src_ofswitchd_SOURCES) \
	tests/unit/xen-fake.c tests/unit/xen-fake.h
tests_xen_ofswitchd_xenfake_CFLAGS = $(src_ofswitchd_CFLAGS) $(XEN_CFLAGS)
tests_xen_ofswitchd_xenfake_LDADD = $(src_ofswitchd_LDADD)
tests_xen_xen_guest_sim_SOURCES = tests/xen/xen-guest-sim.c $(XEN_TEST_SOURCES)
tests_xen_xen_guest_sim_CFLAGS = $(AM_CFLAGS) $(XEN_CFLAGS)
tests_xen_xen_guest_sim_LDADD = datapath/libdatapath.a util/libutil.a \
	$(PTHREAD_LIBS)
TESTS += tests/integration/xen.sh tests/integration/xen-auto.sh
endif
