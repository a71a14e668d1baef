"""API keys and what they may do (roles), from a configuration file.

The file (QZ_API_KEYS_FILE, default `<data dir>/api-keys.json`) lists keys by their SHA-256, so
the file itself does not give the keys away:

    {"keys": [
      {"name": "market-regulation system", "role": "agency", "agency": "QZ-SCJG",
       "procedures": ["market-objection"], "sha256": "<hex of sha256(key)>"},
      {"name": "city supervision office", "role": "supervisor", "sha256": "..."}
    ]}

- an *agency* key starts and acts on its own agency's cases only (the case's AgencyCode), and
  only in the procedures that agency runs (`procedures`, names as in `starter.py` and the URL:
  market-objection, medical-objection, repair, accountability, designation): the market
  regulator starts no designation. Both are checked on every start and every step (403 naming
  the agency or the procedure). Reading and listing keep the agency's scope only (its own
  agency's cases, whatever the procedure): a key reads what its agency owns.
- a *supervisor* key reads and lists everything, adds holiday years, and acts on no case.

`procedures` is required for an agency key: a key file written before it existed (agency keys
without `procedures`) is refused at start with the key and the field named, rather than read as
"every procedure", which would widen what an old key may do without anyone deciding it. An
empty list is refused too (a key that may start nothing is a mistake, not a role). A supervisor
key has no `procedures`.

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

from pydantic import BaseModel, Field, ValidationError, ValidationInfo, model_validator

from contracts.subject_records import PROCEDURE as SUBJECT_RECORD
from procedures.registry import PROCEDURES


class Role(StrEnum):
    AGENCY = "agency"
    SUPERVISOR = "supervisor"


# The procedures a key may run: the case procedures (the subject record is no case a key starts).
CASE_PROCEDURES = tuple(p.name for p in PROCEDURES if p.name != SUBJECT_RECORD)
# Passed as validation context when a key file is read: there `procedures` must be written out.
FROM_FILE = "from_file"


class ApiKey(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    role: Role
    agency: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{2,32}$")
    # An agency key's procedures. Built in code without it, an agency key runs none (fail closed);
    # a key file must name them (see the module docstring).
    procedures: tuple[str, ...] = ()
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @model_validator(mode="after")
    def _agency_keys_name_their_agency(self, info: ValidationInfo) -> Self:
        if self.role is Role.AGENCY and not self.agency:
            raise ValueError("agency: an agency key names its agency code")
        if self.role is Role.SUPERVISOR and self.agency:
            raise ValueError("agency: a supervisor key is not bound to an agency")
        if self.role is Role.SUPERVISOR and self.procedures:
            raise ValueError("procedures: a supervisor key runs no procedure (it acts on no case)")
        from_file = bool(info.context and info.context.get(FROM_FILE))
        if self.role is Role.AGENCY and from_file and not self.procedures:
            missing = "procedures" not in self.model_fields_set
            raise ValueError(
                "procedures: "
                + ("is required for an agency key" if missing else "is empty")
                + f" (the procedures its agency runs, of {', '.join(CASE_PROCEDURES)}); key files"
                " written before it existed must add it"
            )
        unknown = [p for p in self.procedures if p not in CASE_PROCEDURES]
        if unknown:
            known = ", ".join(CASE_PROCEDURES)
            raise ValueError(f"procedures: unknown procedure {unknown[0]!r} (known: {known})")
        return self

    def runs(self, procedure: str) -> bool:
        return self.role is Role.AGENCY and procedure in self.procedures


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
            return cls(KeyFile.model_validate(data, context={FROM_FILE: True}).keys)
        except (OSError, json.JSONDecodeError) as err:
            raise KeyFileError(f"{path}: {err}") from None
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            message = str(first["msg"]).removeprefix("Value error, ")
            if isinstance(data, dict) and first["loc"][:1] == ("keys",) and len(first["loc"]) > 1:
                # Name the key too: "keys.2 (local agency QZ-SCJG): procedures: is required ..."
                entry = data["keys"][first["loc"][1]] if isinstance(data.get("keys"), list) else {}
                if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                    where = f"{where} ({entry['name']})"
            raise KeyFileError(f"{path}: {where}: {message}") from None

    def find(self, key: str) -> ApiKey | None:
        wanted = digest(key)
        # Constant-time comparison against every entry: no timing hint about near misses.
        found = None
        for entry in self._keys:
            if hmac.compare_digest(entry.sha256, wanted):
                found = entry
        return found


def create_local_keys(path: Path, agencies: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A key file for a local installation: one supervisor key and one key per agency code,
    bound to the procedures that agency runs (`agencies`: code → procedures).
    Returns name → key (shown once, to the person who runs `make run`); only digests are
    stored."""
    keys: dict[str, str] = {}
    entries = []
    supervisor = secrets.token_urlsafe(24)
    keys["supervisor"] = supervisor
    entries.append(ApiKey(name="local supervisor", role=Role.SUPERVISOR, sha256=digest(supervisor)))
    for agency, procedures in agencies.items():
        key = secrets.token_urlsafe(24)
        keys[f"agency {agency}"] = key
        entries.append(
            ApiKey(
                name=f"local agency {agency}",
                role=Role.AGENCY,
                agency=agency,
                procedures=procedures,
                sha256=digest(key),
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(KeyFile(keys=entries).model_dump_json(indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return keys
