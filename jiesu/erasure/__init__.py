"""Erasure by crypto-shredding: the key store, sealing at the intake, opening for readers,
and the ``jiesu erase`` command (the rules are in :mod:`jiesu.domain.erasure`)."""
