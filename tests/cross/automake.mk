# tests/cross/automake.mk -- cross-checks of the wire library against
# implementations nobody here wrote.
#   test-osken         decodes os-ken's bytes (osken-vectors.txt, made by
#                      gen-osken-vectors.py) and compares with os-ken's view.
#   osken-regen.sh     regenerates the vectors with the installed os-ken and
#                      diffs them with the committed copies (skips without
#                      os-ken).
#   ovs-ofp-print.sh   feeds bytes made by ofp13 (gen-ofp13-vectors) to
#                      `ovs-ofctl ofp-print` and compares flows with
#                      `ovs-ofctl parse-flow` (skips without ovs-ofctl).
if HAVE_CHECK
check_PROGRAMS += tests/cross/test-osken
TESTS += tests/cross/test-osken
tests_cross_test_osken_SOURCES = tests/cross/test-osken.c
tests_cross_test_osken_CFLAGS = $(TEST_CFLAGS)
tests_cross_test_osken_LDADD = $(TEST_LDADD)
endif

check_PROGRAMS += tests/cross/gen-ofp13-vectors
tests_cross_gen_ofp13_vectors_SOURCES = tests/cross/gen-ofp13-vectors.c
tests_cross_gen_ofp13_vectors_LDADD = ofp13/libofp13.a util/libutil.a

TESTS += tests/cross/osken-regen.sh tests/cross/ovs-ofp-print.sh

EXTRA_DIST += \
	tests/cross/gen-osken-vectors.py \
	tests/cross/osken-vectors.json \
	tests/cross/osken-vectors.txt \
	tests/cross/osken-regen.sh \
	tests/cross/ovs-ofp-print.sh \
	tests/cross/ovs-flows.txt
