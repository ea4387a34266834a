# tests/integration/automake.mk -- ofswitchd with real frames through real
# ports: network namespaces joined by veth pairs and taps, os-ken as the
# controller, ovs-ofctl as a client.  They need root and skip (77) without
# it; OFS_SKIP_INTEGRATION=1 skips them too (tests/run-all.sh sets it for
# the second run inside `make distcheck`).
INTEGRATION_TESTS = \
	tests/integration/standalone.sh \
	tests/integration/controller-osken.sh \
	tests/integration/ovs-ofctl.sh
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) \
	tests/integration/lib.sh \
	tests/integration/apps/simple_switch_13.py
