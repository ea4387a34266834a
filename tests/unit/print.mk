# tests/unit/print.mk -- the ofp-print formatter (ofp13/print.c) and the
# offline commands of the ofctl command line (tests/cli/).
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-print
TESTS += tests/unit/test-print
tests_unit_test_print_SOURCES = tests/unit/test-print.c
tests_unit_test_print_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_print_LDADD = $(TEST_LDADD)
endif

# Shell tests of the ofctl command line: they run tools/ofctl from
# $top_builddir; ofctl-ovs-compat.sh cross-checks it against ovs-ofctl and
# is skipped when Open vSwitch is not installed.
TESTS += tests/cli/ofctl-offline.sh tests/cli/ofctl-ovs-compat.sh
EXTRA_DIST += \
	tests/cli/lib.sh \
	tests/cli/ofctl-offline.sh \
	tests/cli/ofctl-ovs-compat.sh \
	tests/cli/ovs-vectors.txt
