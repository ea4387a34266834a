# tests/unit/text.mk
