# tests/unit/dp-ports.mk -- tests of the port kinds (datapath/ports.mk).
# test-dp-ports-net needs root (network namespaces, veth, tap); without it
# its tests skip with a message.
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-dp-ports tests/unit/test-dp-port-gso \
	tests/unit/test-dp-ports-net
TESTS += tests/unit/test-dp-ports tests/unit/test-dp-port-gso \
	tests/unit/test-dp-ports-net
tests_unit_test_dp_ports_SOURCES = tests/unit/test-dp-ports.c \
	tests/unit/dp-ports-util.h
tests_unit_test_dp_ports_CFLAGS = $(TEST_CFLAGS) $(PCAP_CFLAGS)
tests_unit_test_dp_ports_LDADD = $(DP_TEST_LDADD)
tests_unit_test_dp_port_gso_SOURCES = tests/unit/test-dp-port-gso.c \
	tests/unit/dp-ports-util.h
tests_unit_test_dp_port_gso_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dp_port_gso_LDADD = $(DP_TEST_LDADD)
tests_unit_test_dp_ports_net_SOURCES = tests/unit/test-dp-ports-net.c \
	tests/unit/dp-ports-util.h
tests_unit_test_dp_ports_net_CFLAGS = $(TEST_CFLAGS) $(PCAP_CFLAGS)
tests_unit_test_dp_ports_net_LDADD = $(DP_TEST_LDADD)
endif
