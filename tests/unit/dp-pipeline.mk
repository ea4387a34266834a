# tests/unit/dp-pipeline.mk
