"""API keys and what they may do (roles), from a configuration file.

The file (QZ_API_KEYS_FILE, default `<data dir>/api-keys.json`) lists keys by their SHA-256, so
the file itself does not give the keys away:

    {"keys": [
      {"name": "market-regulation system", "role": "agency", "agency": "QZ-SCJG",
       "sha256": "<hex of sha256(key)>"},
      {"name": "city supervision office", "role": "supervisor", "sha256": "..."}
    ]}

- an *agency* key starts and acts on its own agency's cases only (the case's AgencyCode);
- a *supervisor* key reads and lists everything, adds holiday years, and acts on no case.

`make run` creates a local file with one key per role on first start and prints where it is;
keys are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import BaseModel, Field, ValidationError, model_validator


class Role(StrEnum):
    AGENCY = "agency"
    SUPERVISOR = "supervisor"


class ApiKey(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    role: Role
    agency: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{2,32}$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @model_validator(mode="after")
    def _agency_keys_name_their_agency(self) -> Self:
        if self.role is Role.AGENCY and not self.agency:
            raise ValueError("agency: an agency key names its agency code")
        if self.role is Role.SUPERVISOR and self.agency:
            raise ValueError("agency: a supervisor key is not bound to an agency")
        return self


class KeyFile(BaseModel):
    keys: list[ApiKey]


class KeyFileError(ValueError):
    """The key file cannot be used; the message names the file and the field."""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class KeyRing:
    def __init__(self, keys: list[ApiKey]) -> None:
        self._keys = keys

    @classmethod
    def load(cls, path: Path) -> KeyRing:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(KeyFile.model_validate(data).keys)
        except (OSError, json.JSONDecodeError) as err:
            raise KeyFileError(f"{path}: {err}") from None
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise KeyFileError(f"{path}: {where}: {first['msg']}") from None

    def find(self, key: str) -> ApiKey | None:
        wanted = digest(key)
        # Constant-time comparison against every entry: no timing hint about near misses.
        found = None
        for entry in self._keys:
            if hmac.compare_digest(entry.sha256, wanted):
                found = entry
        return found


def create_local_keys(path: Path, agencies: list[str]) -> dict[str, str]:
    """A key file for a local installation: one supervisor key and one key per agency code.
    Returns name → key (shown once, to the person who runs `make run`); only digests are
    stored."""
    keys: dict[str, str] = {}
    entries = []
    supervisor = secrets.token_urlsafe(24)
    keys["supervisor"] = supervisor
    entries.append(ApiKey(name="local supervisor", role=Role.SUPERVISOR, sha256=digest(supervisor)))
    for agency in agencies:
        key = secrets.token_urlsafe(24)
        keys[f"agency {agency}"] = key
        entries.append(
            ApiKey(
                name=f"local agency {agency}", role=Role.AGENCY, agency=agency, sha256=digest(key)
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(KeyFile(keys=entries).model_dump_json(indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return keys
