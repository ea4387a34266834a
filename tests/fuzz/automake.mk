# tests/fuzz/automake.mk -- libFuzzer targets, one per parser, and their
# corpus replays (see tests/fuzz/README.md).
#
# Always (any compiler): tests/fuzz/replay-TARGET is replay.c linked with
# fuzz-TARGET.c; `make check` runs it over tests/fuzz/corpus/TARGET/ (the
# directory is compiled in, so it works out of tree and from the read-only
# source tree of `make distcheck`).
#
# With --enable-fuzzing (CC=clang): tests/fuzz/fuzz-TARGET, the libFuzzer
# binary.  The library code it calls is compiled again into
# tests/fuzz/libfuzz-*.a with -fsanitize=fuzzer so that libFuzzer sees its
# coverage (the ordinary libraries are built without it).
FUZZ_REPLAYS = \
	tests/fuzz/replay-msg \
	tests/fuzz/replay-oxm \
	tests/fuzz/replay-actions \
	tests/fuzz/replay-flow-text \
	tests/fuzz/replay-key \
	tests/fuzz/replay-compat
check_PROGRAMS += $(FUZZ_REPLAYS)
TESTS += $(FUZZ_REPLAYS)

FUZZ_CORPUS = $(abs_top_srcdir)/tests/fuzz/corpus
FUZZ_OFP_LDADD = ofp13/libofp13.a util/libutil.a
FUZZ_DP_LDADD = datapath/libdatapath.a ofp13/libofp13.a util/libutil.a \
	$(PCAP_LIBS) -lm

tests_fuzz_replay_msg_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-msg.c
tests_fuzz_replay_msg_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(FUZZ_CORPUS)/msg"'
tests_fuzz_replay_msg_LDADD = $(FUZZ_OFP_LDADD)

tests_fuzz_replay_oxm_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-oxm.c
tests_fuzz_replay_oxm_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(FUZZ_CORPUS)/oxm"'
tests_fuzz_replay_oxm_LDADD = $(FUZZ_OFP_LDADD)

tests_fuzz_replay_actions_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-actions.c
tests_fuzz_replay_actions_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(FUZZ_CORPUS)/actions"'
tests_fuzz_replay_actions_LDADD = $(FUZZ_OFP_LDADD)

tests_fuzz_replay_flow_text_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-flow-text.c
tests_fuzz_replay_flow_text_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(FUZZ_CORPUS)/flow-text"'
tests_fuzz_replay_flow_text_LDADD = $(FUZZ_OFP_LDADD)

tests_fuzz_replay_key_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-key.c
tests_fuzz_replay_key_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(FUZZ_CORPUS)/key"'
tests_fuzz_replay_key_LDADD = $(FUZZ_DP_LDADD)

tests_fuzz_replay_compat_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-compat.c
tests_fuzz_replay_compat_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_CORPUS_DIR='"$(FUZZ_CORPUS)/compat"'
tests_fuzz_replay_compat_LDADD = $(FUZZ_OFP_LDADD)

if ENABLE_FUZZING
FUZZ_CFLAGS = $(WARNING_CFLAGS) -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_LIBS = tests/fuzz/libfuzz-ofp.a
noinst_LIBRARIES += tests/fuzz/libfuzz-ofp.a tests/fuzz/libfuzz-dp.a
tests_fuzz_libfuzz_ofp_a_SOURCES = $(ofp13_libofp13_a_SOURCES) \
	$(util_libutil_a_SOURCES)
tests_fuzz_libfuzz_ofp_a_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_libfuzz_dp_a_SOURCES = $(DP_PACKET_SOURCES)
tests_fuzz_libfuzz_dp_a_CFLAGS = $(FUZZ_CFLAGS)

noinst_PROGRAMS += \
	tests/fuzz/fuzz-msg \
	tests/fuzz/fuzz-oxm \
	tests/fuzz/fuzz-actions \
	tests/fuzz/fuzz-flow-text \
	tests/fuzz/fuzz-key \
	tests/fuzz/fuzz-compat
tests_fuzz_fuzz_msg_SOURCES = tests/fuzz/fuzz-msg.c
tests_fuzz_fuzz_msg_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_msg_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_msg_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_oxm_SOURCES = tests/fuzz/fuzz-oxm.c
tests_fuzz_fuzz_oxm_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_oxm_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_oxm_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_actions_SOURCES = tests/fuzz/fuzz-actions.c
tests_fuzz_fuzz_actions_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_actions_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_actions_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_flow_text_SOURCES = tests/fuzz/fuzz-flow-text.c
tests_fuzz_fuzz_flow_text_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_flow_text_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_flow_text_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_compat_SOURCES = tests/fuzz/fuzz-compat.c
tests_fuzz_fuzz_compat_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_compat_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_compat_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_key_SOURCES = tests/fuzz/fuzz-key.c
tests_fuzz_fuzz_key_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_key_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_key_LDADD = tests/fuzz/libfuzz-dp.a $(FUZZ_LIBS) \
	$(PCAP_LIBS) -lm
endif

# The corpora change as fuzzing finds inputs (file names are libFuzzer's
# content hashes), so they are copied into the tarball directory by
# directory rather than listed here.
FUZZ_CORPUS_DIRS = msg oxm actions flow-text key compat
EXTRA_DIST += tests/fuzz/README.md
dist-hook: dist-fuzz-corpora
dist-fuzz-corpora:
	@for t in $(FUZZ_CORPUS_DIRS); do \
	  $(MKDIR_P) "$(distdir)/tests/fuzz/corpus/$$t" || exit 1; \
	  for f in "$(srcdir)/tests/fuzz/corpus/$$t"/*; do \
	    test -f "$$f" || continue; \
	    cp -p "$$f" "$(distdir)/tests/fuzz/corpus/$$t/" || exit 1; \
	  done; \
	done
.PHONY: dist-fuzz-corpora
