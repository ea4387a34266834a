if HAVE_CHECK
check_PROGRAMS += tests/unit/test-mac-learning
TESTS += tests/unit/test-mac-learning
tests_unit_test_mac_learning_SOURCES = tests/unit/test-mac-learning.c
tests_unit_test_mac_learning_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_mac_learning_LDADD = $(DP_TEST_LDADD)
endif
