"""Where schema ids come from: the committed file registry, or a Confluent Schema Registry.

The file registry (``registry.json``: subject → version → id, next to the history files)
serves the embedded setup and tests with ids that never change. With
``settings.schema_registry_url`` set the codec talks to a Confluent-compatible registry
instead: it registers our schemas (idempotent, the registry answers the existing id) and
fetches writer schemas it does not know by id. Both answer the same two questions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

import httpx

from schemas.catalog import HISTORY_DIR, NAMESPACE, Schema, history_path, read_json

REGISTRY_FILE = Path(__file__).parent / "registry.json"
CONFLUENT_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"


class UnknownSchema(LookupError):
    """The registry has no schema under this id, or does not hold this schema."""


class RegistryUnavailable(RuntimeError):
    """The registry did not answer; the data is not at fault, so retry rather than drop."""


class SchemaRejected(ValueError):
    """The registry refused a schema (invalid, or incompatible with the subject's versions)."""


class SchemaRegistry(Protocol):
    def id_for(self, subject: str, schema: Schema) -> int:
        """The id of ``schema`` registered under ``subject``."""
        ...

    def schema_for(self, schema_id: int) -> Schema:
        """The schema registered under ``schema_id``; raises :class:`UnknownSchema`."""
        ...


class FileRegistry:
    """Ids from ``registry.json``; schemas from the history files they point at."""

    def __init__(self, path: Path = REGISTRY_FILE, history_dir: Path = HISTORY_DIR) -> None:
        self.path = path
        self.history_dir = history_dir
        self.subjects: dict[str, dict[str, int]] = read_json(path) if path.exists() else {}

    def id_for(self, subject: str, schema: Schema) -> int:
        for version, schema_id in self.subjects.get(subject, {}).items():
            if self._load(subject, int(version)) == schema:
                return schema_id
        raise UnknownSchema(f"{subject}: schema not released; run python -m schemas.release")

    def schema_for(self, schema_id: int) -> Schema:
        for subject, versions in self.subjects.items():
            for version, known in versions.items():
                if known == schema_id:
                    return self._load(subject, int(version))
        raise UnknownSchema(f"no schema with id {schema_id}")

    def add(self, subject: str, version: int) -> int:
        """Give a newly released version the next free id and save the file."""
        ids = [i for versions in self.subjects.values() for i in versions.values()]
        schema_id = max(ids, default=0) + 1
        self.subjects.setdefault(subject, {})[str(version)] = schema_id
        self.path.write_text(json.dumps(self.subjects, indent=2) + "\n", encoding="utf-8")
        return schema_id

    def _load(self, subject: str, version: int) -> Schema:
        name = subject.removeprefix(f"{NAMESPACE}.")
        return dict(read_json(history_path(name, version, self.history_dir)))


class ConfluentRegistry:
    """A client of the Confluent Schema Registry REST API, with both directions cached."""

    def __init__(self, url: str, client: httpx.Client | None = None, timeout: float = 5.0) -> None:
        self.client = client or httpx.Client(base_url=url.rstrip("/"), timeout=timeout)
        self._ids: dict[tuple[str, str], int] = {}
        self._schemas: dict[int, Schema] = {}

    def id_for(self, subject: str, schema: Schema) -> int:
        text = json.dumps(schema, ensure_ascii=False, sort_keys=True)
        if (subject, text) not in self._ids:
            answer = self._call("POST", f"/subjects/{subject}/versions", {"schema": text})
            self._ids[(subject, text)] = int(answer["id"])
        return self._ids[(subject, text)]

    def schema_for(self, schema_id: int) -> Schema:
        if schema_id not in self._schemas:
            answer = self._call("GET", f"/schemas/ids/{schema_id}", None)
            self._schemas[schema_id] = json.loads(answer["schema"])
        return self._schemas[schema_id]

    def _call(self, method: str, path: str, body: dict[str, str] | None) -> Any:
        headers = {"Content-Type": CONFLUENT_CONTENT_TYPE, "Accept": CONFLUENT_CONTENT_TYPE}
        try:
            response = self.client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise RegistryUnavailable(f"schema registry {method} {path}: {exc}") from exc
        if response.status_code == 404:
            raise UnknownSchema(f"schema registry {method} {path}: not found")
        if response.status_code >= 500:
            raise RegistryUnavailable(f"schema registry {method} {path}: {response.status_code}")
        if response.status_code >= 400:
            raise SchemaRejected(f"schema registry {method} {path}: {response.text[:300]}")
        try:
            return response.json()
        except ValueError as exc:
            raise RegistryUnavailable(f"schema registry {method} {path}: no JSON") from exc
