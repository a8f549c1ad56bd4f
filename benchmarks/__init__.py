"""Benchmarks of the LEVL pipeline at up to a thousand times LEVL's scale (`make bench`).

* :mod:`benchmarks.generate` writes a seeded synthetic consultation (``benchmarks/codebook.yml``)
  of any size as CSV under ``build/bench/``;
* :mod:`benchmarks.run` times ingest → validate → clean → analyse against the pyarrow I/O floor,
  the report renders, ``make -j2 all`` from clean and incremental builds, and writes
  ``reports/benchmarks/results.{json,md}``. See docs/benchmarks.md.
"""
