"""Handlers' work-order actions: accept, return, resolve, department report, call-back."""
