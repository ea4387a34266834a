# tests/unit/print.mk
