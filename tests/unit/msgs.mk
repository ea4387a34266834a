# tests/unit/msgs.mk
