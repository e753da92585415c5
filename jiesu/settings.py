"""The one settings object, read from the environment. Nothing else reads ``os.environ``.

Defaults run embedded: no ``KAFKA_BOOTSTRAP_SERVERS`` means the embedded broker, and the read
models live in a SQLite file.
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEVELOPMENT_PII_KEY = "jiesu-development-key"
"""The key a development run uses; outside development the services refuse it."""


def _split(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Configuration of every deployable; see the README's table for each variable."""

    model_config = SettingsConfigDict(
        env_prefix="JIESU_", extra="ignore", populate_by_name=True, hide_input_in_errors=True
    )

    kafka_bootstrap_servers: str | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS")
    )
    database_url: str = Field(
        default="sqlite:///jiesu.db", validation_alias=AliasChoices("DATABASE_URL")
    )
    schema_registry_url: str | None = Field(
        default=None, validation_alias=AliasChoices("SCHEMA_REGISTRY_URL")
    )

    petition_partitions: int = Field(default=6, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    min_insync_replicas: int = Field(default=1, ge=1)
    petition_events_topic: str = "petition-events"
    clock_topic: str = "clock"
    dead_letter_topic: str = "jiesu-dead-letter"
    changes_topic: str = "projection-changes"
    petition_commands_topic: str = "petition-commands"
    command_outcomes_topic: str = "petition-command-outcomes"
    action_wait_ms: int = Field(default=2000, ge=0)

    publish_timeout_s: float = Field(default=5.0, gt=0)
    fetch_max_wait_ms: int = Field(default=20, ge=1)
    batch_within_ms: int = Field(default=20, ge=1)
    """How long a stream agent gathers records into one batch (one publish) before it acts:
    throughput against each hop's latency (the demo, which waits on every hop, takes 5)."""
    session_timeout_ms: int = Field(default=6000, ge=1000)
    commit_interval_s: float = Field(default=1.0, gt=0)
    heartbeat_interval_ms: int = Field(default=2000, ge=100)
    dedupe_window_days: int = Field(default=30, ge=1)

    open311_api_keys: Annotated[list[str], NoDecode] = Field(default_factory=list)
    config_dir: Path | None = None
    holidays_file: Path | None = None
    data_dir: Path = Path(".jiesu")
    pii_key: str = DEVELOPMENT_PII_KEY
    pii_key_file: Path | None = None
    credentials_file: Path | None = None

    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    metrics_host: str = "127.0.0.1"
    intake_metrics_port: int = Field(default=9180, ge=0, le=65535)
    streams_metrics_port: int = Field(default=9181, ge=0, le=65535)
    projector_metrics_port: int = Field(default=9182, ge=0, le=65535)
    dashboard_metrics_port: int = Field(default=9183, ge=0, le=65535)
    liveness_stale_s: float = Field(default=300.0, gt=0)

    # Access and the edge (README "Security"); `jiesu demo` sets `development`.
    development: bool = False
    session_secret: str | None = None
    session_secret_file: Path | None = None
    session_max_age_s: int = Field(default=8 * 3600, ge=60)
    cookie_secure: bool | None = None
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    rate_limit_storage: str = "memory://"
    rate_limit_key: str = "6000/minute"
    rate_limit_address: str = "1200/minute"
    rate_limit_public: str = "60/minute"
    rate_limit_login: str = "10/minute"
    sse_max_connections: int = Field(default=200, ge=1)
    sse_max_per_account: int = Field(default=5, ge=1)
    max_page_offset: int = Field(default=10_000, ge=0)
    max_event_bytes: int = Field(default=64 * 1024, ge=1024)
    oidc_metadata_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_scope: str = "openid profile"
    oidc_username_claim: str = "preferred_username"

    @field_validator("open311_api_keys", "trusted_proxies", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        return _split(value)

    @model_validator(mode="after")
    def _replicas_and_secrets(self) -> Self:
        if self.min_insync_replicas > self.replication_factor:
            raise ValueError(
                f"JIESU_MIN_INSYNC_REPLICAS ({self.min_insync_replicas}) exceeds "
                f"JIESU_REPLICATION_FACTOR ({self.replication_factor}): no write could succeed"
            )
        if self.pii_key_file is not None:  # a mounted secret (compose, Kubernetes) wins
            self.pii_key = _secret(self.pii_key_file, "JIESU_PII_KEY_FILE")
        if self.session_secret_file is not None:
            self.session_secret = _secret(self.session_secret_file, "JIESU_SESSION_SECRET_FILE")
        return self

    @property
    def dedupe_window(self) -> timedelta:
        """How long the stream worker keeps a closed petition's id (README "Duplicates")."""
        return timedelta(days=self.dedupe_window_days)

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS, unless said otherwise; development runs on plain HTTP."""
        return (not self.development) if self.cookie_secure is None else self.cookie_secure


def _secret(path: Path, variable: str) -> str:
    """A secret from a mounted file, never empty."""
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ValueError(f"{variable} {path}: {exc}") from None
    if not value:
        raise ValueError(f"{variable} {path} is empty")
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
