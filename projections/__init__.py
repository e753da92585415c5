"""Read models of the petition log: SQL tables folded from ``petition-events``.

The write side is :mod:`projections.live` (the projector, a batch per poll through
:mod:`projections.batch`) and :mod:`projections.replay` (a rebuild: a reader process,
:mod:`projections.reader`, the fold, :mod:`projections.rebuild`, and a writer process,
:mod:`projections.writer`); the pure fold is :mod:`projections.fold`; the tables are in
:mod:`projections.models` and :mod:`projections.models_side`; readers open them with
:func:`projections.store.session_factory`.
"""
