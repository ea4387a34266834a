# tests/conformance/automake.mk -- Ryu's OpenFlow switch test suite against
# ofswitchd: `make check-ryu [RYU_CASES=DIR] [RYU_VERSION=13|10]
# [RYU_ONLY=REGEX]`.  Not part of `make check` (it takes tens of minutes);
# tests/run-all.sh runs it against an optimised build.
EXTRA_DIST += \
	tests/conformance/run-ryu.sh \
	tests/conformance/ofs_tester.py \
	tests/conformance/summarize.py

RYU_VERSION = 13
check-ryu: src/ofswitchd
	cases='$(RYU_CASES)'; only='$(RYU_ONLY)'; \
	$(top_srcdir)/tests/conformance/run-ryu.sh --switch src/ofswitchd \
	  --version $(RYU_VERSION) $${cases:+--cases "$$cases"} \
	  $${only:+--only "$$only"}
.PHONY: check-ryu
