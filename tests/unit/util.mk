if HAVE_CHECK
check_PROGRAMS += tests/unit/test-util tests/unit/test-errors
TESTS += tests/unit/test-util tests/unit/test-errors
tests_unit_test_util_SOURCES = tests/unit/test-util.c
tests_unit_test_util_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_util_LDADD = $(TEST_LDADD)
tests_unit_test_errors_SOURCES = tests/unit/test-errors.c
tests_unit_test_errors_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_errors_LDADD = $(TEST_LDADD)
endif
