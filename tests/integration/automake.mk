# tests/integration/automake.mk -- ofswitchd with real frames through real
# ports: network namespaces joined by veth pairs and taps, os-ken as the
# controller, ovs-ofctl as a client, and a raw OpenFlow peer (ofpeer.py,
# over TCP, unix sockets and TLS) for the protocol-level tests.  They need
# root and skip (77) without it; OFS_SKIP_INTEGRATION=1 skips them too
# (tests/run-all.sh sets it for the second run inside `make distcheck`).
INTEGRATION_TESTS = \
	tests/integration/standalone.sh \
	tests/integration/controller-osken.sh \
	tests/integration/ovs-ofctl.sh \
	tests/integration/hello.sh \
	tests/integration/malformed.sh \
	tests/integration/echo-probe.sh \
	tests/integration/roles.sh \
	tests/integration/barrier-multipart.sh \
	tests/integration/tls.sh \
	tests/integration/cmdline.sh \
	tests/integration/port-status.sh
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) \
	tests/integration/lib.sh \
	tests/integration/ofpeer.py \
	tests/integration/ofpeer.sh \
	tests/integration/apps/simple_switch_13.py
