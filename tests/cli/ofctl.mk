# tests/cli/ofctl.mk -- shell tests of ofctl talking to switches:
#   ofctl-fake.sh       the connection code against a scripted switch
#                       (tests/cli/fake-switch.py): negotiation, echo,
#                       multipart parts, broken replies, a million flows;
#   ofctl-compose.sh    the frames of compose-packet/trace, read by scapy;
#   ofctl-switch.sh     every network command against a private Open
#                       vSwitch, cross-checked with ovs-ofctl;
#   ofctl-ofswitchd.sh  ofswitchd's own commands (dump-fdb, add-port,
#                       del-port, trace) over its control socket.
# Each skips (77) when what it needs is missing (python3/scapy, Open
# vSwitch, root, src/ofswitchd); switch-lib.sh holds their helpers.
TESTS += \
	tests/cli/ofctl-fake.sh \
	tests/cli/ofctl-compose.sh \
	tests/cli/ofctl-switch.sh \
	tests/cli/ofctl-ofswitchd.sh
EXTRA_DIST += \
	tests/cli/ofctl-fake.sh \
	tests/cli/fake-switch.py \
	tests/cli/ofctl-compose.sh \
	tests/cli/ofctl-switch.sh \
	tests/cli/ofctl-ofswitchd.sh \
	tests/cli/switch-lib.sh
