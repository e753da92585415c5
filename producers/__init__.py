"""Producers: everything that brings facts into the system (intake channels, simulator)."""
