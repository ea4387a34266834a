# tests/unit/dp-packet.mk -- unit tests for frames, flow keys and header
# actions (datapath/packet.c, key.c, execute.c).  dp-test.h holds the
# frame builder and reference checksums the tests share.
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-dp-packet tests/unit/test-dp-key \
	tests/unit/test-dp-execute
TESTS += tests/unit/test-dp-packet tests/unit/test-dp-key \
	tests/unit/test-dp-execute
tests_unit_test_dp_packet_SOURCES = tests/unit/test-dp-packet.c
tests_unit_test_dp_packet_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dp_packet_LDADD = $(DP_TEST_LDADD)
tests_unit_test_dp_key_SOURCES = tests/unit/test-dp-key.c \
	tests/unit/dp-test.h
tests_unit_test_dp_key_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dp_key_LDADD = $(DP_TEST_LDADD)
tests_unit_test_dp_execute_SOURCES = tests/unit/test-dp-execute.c \
	tests/unit/dp-test.h
tests_unit_test_dp_execute_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dp_execute_LDADD = $(DP_TEST_LDADD)
endif
