"""The intake HTTP service: app factory, errors, limits."""
