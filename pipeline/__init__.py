"""LEVL consultation pipeline: raw survey exports to Dutch recommendation reports.

The public entry point for notebooks is :func:`load`::

    from pipeline import load
    df = load("nieuwkomers_wonen")      # cleaned, pseudonymised, Dutch labels
    df.attrs["codebook"]                 # the codebook's metadata
"""

from __future__ import annotations

__all__ = ["load"]


def __getattr__(name: str):  # lazy, so `import pipeline.io` does not import every stage
    if name == "load":
        from pipeline.loading import load

        return load
    raise AttributeError(name)
