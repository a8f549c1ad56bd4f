"""The kinds of analysis, one package each, all with the same small interface (issue 16, item 0).

==================  ==========================================  ===================================
kind                switched on by                              package
==================  ==========================================  ===================================
frequency tables    every survey consultation                   ``pipeline.analyses.frequencies``
coded themes        ``coding:`` in the codebook                 ``pipeline.analyses.themes``
correspondence      ``correspondence:``                         ``pipeline.analyses.correspondence``
waves               ``waves:``                                  ``pipeline.analyses.waves``
the campaign        ``surveys/<id>/config.yml`` (no codebook)   ``pipeline.campaign``
==================  ==========================================  ===================================

A kind's package has ``applies(cb)`` and, for what it adds to each stage:

* ``estimates(cb, scope) -> (frames, tests)``: its rows of ``estimates.csv`` and ``tests.csv``
  (the analyse stage; ``scope`` says which rows every table counts and what a linked table hides);
* ``narrow(cb, scope) -> scope``: optional, a kind that changes what every other table counts (the
  correspondence tests count the analysed pairs only);
* ``protect(cb, estimates, tests) -> tests``: optional, what the kind's tables read together would
  still give away (the frequency tables' cross-tabs of one question by two subgroups);
* ``charts(cb, estimates, processed) -> list[Chart]`` and ``sheets(cb, estimates, processed, marks)
  -> list[Sheet]``: optional, its charts for the gallery and its sheets of tabellen.xlsx (the charts stage);
* its report blocks, which the report notebook calls (``Report`` and the kind's ``report`` module).

The stages only load, ask :func:`kinds_for` and call, then save: they never ask which kind a
consultation is. The words every kind shares (columns of estimates.csv, why a cell is hidden, the
small-cell rules) live below all of them, in :mod:`pipeline.vocabulary`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.codebook import Codebook

KINDS = ("frequencies", "themes", "correspondence", "waves")  # in the order their tables are written


@dataclass
class Scope:
    """What the tables of one consultation count: ``data`` (the rows every table counts), ``every_row``
    (all cleaned rows, for a kind that also counts what was left out) and ``hide`` (per question, the
    answers a linked table hides, which its own table must hide too)."""

    data: pd.DataFrame
    every_row: pd.DataFrame
    hide: dict[str, set] = field(default_factory=dict)


def kinds_for(cb: Codebook) -> list[ModuleType]:
    """The packages of the kinds this codebook switches on, in :data:`KINDS` order."""
    modules = [importlib.import_module(f"pipeline.analyses.{name}") for name in KINDS]
    return [m for m in modules if m.applies(cb)]


def scope_for(cb: Codebook, data: pd.DataFrame) -> Scope:
    """The scope every table counts: all cleaned rows, narrowed by a kind that needs it."""
    scope = Scope(data, data)
    for kind in kinds_for(cb):
        narrow = getattr(kind, "narrow", None)
        if narrow is not None:
            scope = narrow(cb, scope)
    return scope


def protect(cb: Codebook, est: pd.DataFrame, tests: list[dict]) -> list[dict]:
    """All of a consultation's tables read together: each kind with a ``protect`` hook hides what two of
    its tables would still give away (it may change ``est`` in place) and drops the tests that could."""
    for kind in kinds_for(cb):
        hook = getattr(kind, "protect", None)
        if hook is not None:
            tests = hook(cb, est, tests)
    return tests
