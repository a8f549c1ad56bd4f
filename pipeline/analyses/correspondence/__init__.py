"""Correspondence tests (praktijktesten): paired applications of a majority and a minority profile.

``tables``: the analysed pairs, net discrimination and McNemar per scope (→ estimates.csv, tests.csv);
``report``: the report's blocks and the net-discrimination chart (``Correspondence``), which
also opens the gallery.
A codebook switches it on with ``correspondence:``.
"""


def applies(cb) -> bool:
    return cb.correspondence is not None


def narrow(cb, scope):
    """Every table counts the analysed pairs (a response for both profiles); a subgroup level the
    correspondence tables hide is hidden in its question's own table too (and back)."""
    from dataclasses import replace

    from pipeline.analyses.correspondence.tables import analysed, linked_hiding

    data = scope.data[analysed(cb, scope.data)]
    return replace(scope, data=data, hide=linked_hiding(cb, data))


def estimates(cb, scope):
    """Net discrimination and McNemar per scope; counts the pairs left out too (every row)."""
    from pipeline.analyses.correspondence.tables import correspondence_tables

    frame, tests = correspondence_tables(cb, scope.every_row, scope.hide)
    return [frame], tests


def publication(cb, estimates, processed, marks):
    """The praktijktesten's finding, net discrimination, opens the gallery."""
    from pipeline.analyses.correspondence.report import Correspondence
    from pipeline.charts.files import Part

    return Part(lead=[Correspondence(cb.id).net_chart()])
