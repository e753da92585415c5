"""Read models of the petition log: SQL tables folded from ``petition-events``.

The write side is :mod:`projections.projector` (live) and :mod:`projections.replay`
(rebuild); the pure fold is :mod:`projections.fold`; the tables are in
:mod:`projections.models` and :mod:`projections.models_side`; readers open them with
:func:`projections.store.session_factory`.
"""
