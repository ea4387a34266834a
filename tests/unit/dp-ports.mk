# tests/unit/dp-ports.mk
