"""Accounts: people who log in to the dashboard and machines holding API tokens.

They live in ``DATABASE_URL`` beside the intake's ledger, never in a read-model database, so
`jiesu replay --switch` (which moves readers to a rebuilt read-model database) keeps them.
"""
