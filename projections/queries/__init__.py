"""The query side of the read models: read-only functions returning plain dicts.

Each function takes an engine (and the :class:`~projections.queries.labels.Labels` that put
Chinese names beside codes) and reads in one transaction. Nothing personal is returned: no
names, phones only masked, long digit runs in free text masked.
"""

from projections.queries.citymap import figures as map_figures
from projections.queries.citymap import shapes as map_shapes
from projections.queries.common import Page
from projections.queries.labels import Labels, default_labels
from projections.queries.overview import OverviewFilter, overview
from projections.queries.petitions import PetitionFilter, petition, petitions
from projections.queries.provisional import provisional_deadlines
from projections.queries.scorecards import scorecards
from projections.queries.special import group_cases, special_handling
from projections.queries.whistles import streets, whistles

__all__ = [
    "Labels",
    "OverviewFilter",
    "Page",
    "PetitionFilter",
    "default_labels",
    "group_cases",
    "map_figures",
    "map_shapes",
    "overview",
    "petition",
    "petitions",
    "provisional_deadlines",
    "scorecards",
    "special_handling",
    "streets",
    "whistles",
]
