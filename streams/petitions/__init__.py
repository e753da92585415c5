"""Petition decisions: the per-partition fold, its recovery and its agent."""
