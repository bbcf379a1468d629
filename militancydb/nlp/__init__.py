"""From news text to candidate incidents: small typed steps, every value with its span.

The pipeline (:func:`militancydb.nlp.pipeline.extract`) splits a text into sentences, finds
figures, dates, places (through the gazetteer), actors (through the registry), tactics and
targets (through the keyword cues), groups sentences into incidents and assembles one
:class:`~militancydb.nlp.model.Extracted` per incident. The decisions are in
``docs/extraction.md``; word lists and thresholds in ``data/rules.yaml``.
"""
