# datapath/automake.mk
