"""The "Ik stem ook" campaign analysis: registered non-Belgian voters per municipality.

``python -m pipeline.campaign ik_stem_ook`` runs :func:`pipeline.campaign.stage.run`.
Modules: contract (reading and checking the input files), growth (table and statistics),
summary (summary.json), charts (matplotlib drawings), stage (load → compute → write).
"""
