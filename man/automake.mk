# man/automake.mk
