# tests/cli/ctl.mk -- ofcontroller and ofbench against Open vSwitch in
# private network namespaces.  They need root and Open vSwitch, and skip
# (exit 77) without them.
EXTRA_DIST += tests/cli/ofcontroller.sh tests/cli/ofbench.sh
TESTS += tests/cli/ofcontroller.sh tests/cli/ofbench.sh
