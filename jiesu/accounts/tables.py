"""The accounts' tables, in a metadata of their own (no replay or export touches them)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, MetaData, String, Table

metadata = MetaData()

accounts = Table(
    "accounts",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("display_name", String(100), nullable=False),
    Column("role", String(16), nullable=False),
    Column("scope", String(80)),
    Column("kind", String(8), nullable=False),
    Column("password_hash", String(255)),
    Column("token_sha256", String(64), unique=True),
    Column("oidc_subject", String(255), unique=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
)

sessions = Table(
    "account_sessions",
    metadata,
    Column("sid_sha256", String(64), primary_key=True),
    Column("username", String(64), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)
