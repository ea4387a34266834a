# tools/automake.mk
