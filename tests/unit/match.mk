# tests/unit/match.mk -- unit tests of the OXM match codec and of the
# action / instruction / bucket / meter-band codec.
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-match tests/unit/test-actions
TESTS += tests/unit/test-match tests/unit/test-actions
tests_unit_test_match_SOURCES = tests/unit/test-match.c
tests_unit_test_match_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_match_LDADD = $(TEST_LDADD)
tests_unit_test_actions_SOURCES = tests/unit/test-actions.c
tests_unit_test_actions_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_actions_LDADD = $(TEST_LDADD)
endif
