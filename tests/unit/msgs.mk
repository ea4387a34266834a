# tests/unit/msgs.mk -- the OpenFlow 1.3 message codec (ofp13/msgs.c,
# ofp13/multipart.c).  msgs-vectors.py regenerates the os-ken vectors the
# tests embed.
EXTRA_DIST += tests/unit/msgs-vectors.py
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-msgs tests/unit/test-multipart
TESTS += tests/unit/test-msgs tests/unit/test-multipart
tests_unit_test_msgs_SOURCES = tests/unit/test-msgs.c tests/unit/msgs-test.h
tests_unit_test_msgs_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_msgs_LDADD = $(TEST_LDADD)
tests_unit_test_multipart_SOURCES = tests/unit/test-multipart.c \
	tests/unit/msgs-test.h
tests_unit_test_multipart_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_multipart_LDADD = $(TEST_LDADD)
endif
