"""How many examples the property tests try: a third by default, three times with
``HYPOTHESIS_PROFILE=thorough`` (a nightly or pre-release run).

Each property names its thorough-enough count ``n``; ``make test`` runs ``n // 3`` (but at
least 25, or ``n`` if smaller), so the suite stays quick while every property still meets a
spread of cases; the ``thorough`` profile (registered in ``tests/conftest.py``) runs
``3 * n``. Failures found either way are kept in Hypothesis's example database and replayed
first.
"""

from __future__ import annotations

import os

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")


def examples(n: int) -> int:
    """The example count for a property whose full budget is ``n``, in the current profile."""
    if PROFILE == "thorough":
        return 3 * n
    return max(min(n, 25), n // 3)
