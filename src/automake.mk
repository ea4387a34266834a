# src/automake.mk
