"""One bootstrap per deployable: the only modules that join adapters which must not import
each other (see the README's layer picture)."""
