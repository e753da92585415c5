"""Data shipped with jiesu: the labelled petitions that measure the classifier.

``classification_development.yaml`` is what the taxonomy's phrases were written from;
``classification_evaluation.yaml`` is kept apart to measure them (``jiesu classify
--evaluate``). Neither set's texts may be copied into the taxonomy.
"""
