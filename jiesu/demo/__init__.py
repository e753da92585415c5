"""`jiesu demo`: the whole system, embedded, driven by a simulated city."""
