"""The stages of a consultation, each one module with the same shape: load → process → save.

ingest → validate → clean → analyse → report. Each stage reads only files written by the stage
before it (or the raw export), and writes its outputs atomically under processed/<id>/ or
reports/<id>/. Run one with ``python -m pipeline <stage> <consultation>``.
"""
