"""Waves: what changed since the earlier wave of a consultation (``waves:`` in the codebook; docs/waves.md).

``tables``: the comparison (→ changes.csv, change_tests.csv, waves.json, by the compare stage);
``charts``: the dumbbell charts and the change sheet; ``report``: the section "Wat is veranderd?".
"""


def applies(cb) -> bool:
    return cb.waves is not None


def publication(cb, estimates, processed, marks):
    """A dumbbell chart per compared question and the sheet 'Verandering …' (when the comparison exists)."""
    from pipeline.analyses.waves import charts as waves
    from pipeline.charts.files import Part
    from pipeline.codebook import codebook_for
    from pipeline.errors import ConfigError

    if not waves.Comparison.exists(processed):
        return Part()
    comp = waves.Comparison.load(processed)
    try:  # the earlier wave's codebook (its title, source line and labels), None when it is gone
        earlier = codebook_for(cb.waves.earlier)
    except ConfigError:
        earlier = None
    title = earlier.title if earlier is not None else comp.info.get("earlier_title") or cb.waves.earlier
    return Part(charts=waves.charts(comp, cb, earlier), sheets=[waves.sheet(comp, cb, earlier, marks)],
                intro=[f"Vergeleken met ‘{title}’ ({comp.earlier_label}): de grafieken ‘verandering_…’ en het "
                       f"tabblad ‘{waves.sheet_name(comp)}’."])
