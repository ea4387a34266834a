# tests/unit/dp-pipeline.mk -- unit tests of the OpenFlow pipeline
# (classifier, flow tables, groups, meters, cache) and the `make bench`
# benchmark, which is built on demand and never run by `make check`.
if HAVE_CHECK
check_PROGRAMS += \
	tests/unit/test-dp-classifier \
	tests/unit/test-dp-pipeline \
	tests/unit/test-dp-group \
	tests/unit/test-dp-meter
TESTS += \
	tests/unit/test-dp-classifier \
	tests/unit/test-dp-pipeline \
	tests/unit/test-dp-group \
	tests/unit/test-dp-meter
tests_unit_test_dp_classifier_SOURCES = tests/unit/test-dp-classifier.c
tests_unit_test_dp_classifier_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dp_classifier_LDADD = $(DP_TEST_LDADD)
tests_unit_test_dp_pipeline_SOURCES = tests/unit/test-dp-pipeline.c \
	tests/unit/test-dp-helpers.h
tests_unit_test_dp_pipeline_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dp_pipeline_LDADD = $(DP_TEST_LDADD)
tests_unit_test_dp_group_SOURCES = tests/unit/test-dp-group.c \
	tests/unit/test-dp-helpers.h
tests_unit_test_dp_group_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dp_group_LDADD = $(DP_TEST_LDADD)
tests_unit_test_dp_meter_SOURCES = tests/unit/test-dp-meter.c \
	tests/unit/test-dp-helpers.h
tests_unit_test_dp_meter_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dp_meter_LDADD = $(DP_TEST_LDADD)
endif

# The benchmark: built with the other programs, run by `make bench` only.
# Build it without sanitizers and with optimisation (a separate
# ../configure CFLAGS='-O2 -g') for meaningful figures.
noinst_PROGRAMS += tests/bench/bench-pipeline
tests_bench_bench_pipeline_SOURCES = tests/bench/bench-pipeline.c
tests_bench_bench_pipeline_LDADD = datapath/libdatapath.a \
	ofp13/libofp13.a util/libutil.a $(PCAP_LIBS) $(PTHREAD_LIBS) -lm
bench: tests/bench/bench-pipeline$(EXEEXT)
	./tests/bench/bench-pipeline$(EXEEXT)
.PHONY: bench
