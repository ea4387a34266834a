# tests/unit/dp-packet.mk
