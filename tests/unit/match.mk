# tests/unit/match.mk
