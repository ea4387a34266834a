# tests/unit/datapath.mk
