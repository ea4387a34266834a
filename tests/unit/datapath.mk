include tests/unit/dp-packet.mk
include tests/unit/dp-pipeline.mk
include tests/unit/dp-ports.mk
include tests/unit/dp-misc.mk
