# tests/unit/compat.mk -- the OpenFlow 1.0/1.1 translator (ofp13/ofp10.c,
# ofp13/ofp11.c, ofp13/ofp1x-common.c): cross-version decoding against the
# 1.3 codec, byte-exact encodings, os-ken and ovs-ofctl vectors.  When
# ovs-ofctl is installed the tests also run "ovs-ofctl ofp-print" on what
# the translator encodes.
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-ofp10 tests/unit/test-ofp11
TESTS += tests/unit/test-ofp10 tests/unit/test-ofp11
tests_unit_test_ofp10_SOURCES = tests/unit/test-ofp10.c \
	tests/unit/compat-test.h tests/unit/msgs-test.h
tests_unit_test_ofp10_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_ofp10_LDADD = $(TEST_LDADD)
tests_unit_test_ofp11_SOURCES = tests/unit/test-ofp11.c \
	tests/unit/compat-test.h tests/unit/msgs-test.h
tests_unit_test_ofp11_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_ofp11_LDADD = $(TEST_LDADD)
endif
