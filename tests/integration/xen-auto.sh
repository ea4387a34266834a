#!/bin/bash
# tests/integration/xen-auto.sh -- tests/integration/xen.sh with the port
# given as xen:auto: the switch must find the simulated guest's vif through
# its xenstore watch, add it as a port, and forward as with xen:5/0.
XEN_PORT_SPEC=xen:auto exec bash "${top_srcdir:-.}/tests/integration/xen.sh" "$@"
