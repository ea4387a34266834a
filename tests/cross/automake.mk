# tests/cross/automake.mk
