# tests/unit/text.mk -- the ovs-ofctl text syntax (ofp13/text-*.c).
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-text
TESTS += tests/unit/test-text
tests_unit_test_text_SOURCES = tests/unit/test-text.c
tests_unit_test_text_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_text_LDADD = $(TEST_LDADD)
endif
