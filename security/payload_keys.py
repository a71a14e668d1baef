"""The payload key ring: AES-256 keys from the configuration, each with an id.

The newest key (by `created`) encrypts every new payload; every key in the ring decrypts, so a
key is added (rotation) and an old one kept as long as histories encrypted with it are kept.

    {"keys": [
      {"id": "k-20260301-3f2a", "key": "<32 bytes, base64 or hex>", "created": "2026-03-01T..."}
    ]}

Sources, first match wins:
- `QZ_PAYLOAD_KEYS`: that JSON itself (a cluster's secret; the tests' fixed key);
- `QZ_PAYLOAD_KEYS_FILE` (default `<data dir>/payload-keys.json`);
- an embedded installation (no TEMPORAL_ADDRESS) with neither creates that file with one random
  key, marked `"local": true`: a local development key, not for production;
- otherwise the engine refuses to start, unless `QZ_PAYLOAD_ENCRYPTION=off`.

    python -m security.payload_keys rotate     # add a new newest key to the key file
    python -m security.payload_keys show       # ids and dates (never the keys)
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from settings import Settings, SettingsError, create_key_file, private_temporary

KEY_BYTES = 32
LOCAL_COMMENT = (
    "A LOCAL DEVELOPMENT KEY, generated on first use by an embedded engine (`make run`): "
    "not for production. Keep this file with the data: the payloads of the stored cases "
    "cannot be read without it."
)


@dataclass(frozen=True)
class PayloadKey:
    id: str
    key: bytes
    created: datetime

    def __repr__(self) -> str:  # the key itself never reaches a log or a traceback
        return f"PayloadKey(id={self.id!r}, created={self.created.isoformat()})"


class PayloadKeyRing:
    def __init__(self, keys: list[PayloadKey], *, local: bool = False, source: str = "") -> None:
        if not keys:
            raise SettingsError(f"{source or 'payload keys'}: no keys")
        ids = [k.id for k in keys]
        duplicate = next((i for i in ids if ids.count(i) > 1), None)
        if duplicate is not None:
            raise SettingsError(f"{source}: the key id {duplicate!r} appears twice")
        self._keys = {k.id: k for k in keys}
        # Newest by creation; of two created at once, the later in the list.
        self.newest = max(enumerate(keys), key=lambda pair: (pair[1].created, pair[0]))[1]
        self.local = local
        self.source = source

    @property
    def ids(self) -> list[str]:
        return list(self._keys)

    @property
    def entries(self) -> list[PayloadKey]:
        return list(self._keys.values())

    def get(self, key_id: str) -> PayloadKey | None:
        return self._keys.get(key_id)


def parse_key_ring(text: str, source: str) -> PayloadKeyRing:
    """`{"keys": [...]}` (or the bare list). Messages name the source and the entry, never a
    key's value."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SettingsError(f"{source}: not JSON ({err.msg}, line {err.lineno})") from None
    local = False
    if isinstance(data, dict):
        local = bool(data.get("local", False))
        data = data.get("keys")
    if not isinstance(data, list):
        raise SettingsError(f'{source}: expected {{"keys": [{{"id", "key", "created"}}, ...]}}')
    keys = [_parse_entry(entry, f"{source}: keys[{n}]") for n, entry in enumerate(data)]
    return PayloadKeyRing(keys, local=local, source=source)


def _parse_entry(entry: Any, where: str) -> PayloadKey:
    if not isinstance(entry, dict):
        raise SettingsError(f"{where}: expected an object with id, key and created")
    key_id = entry.get("id")
    if not isinstance(key_id, str) or not key_id.strip() or len(key_id) > 100:
        raise SettingsError(f"{where}: id: a non-empty name of at most 100 characters")
    raw = entry.get("key")
    key = decode_key(raw) if isinstance(raw, str) else None
    if key is None:
        raise SettingsError(
            f"{where} ({key_id}): key: {KEY_BYTES} bytes in base64 or hexadecimal, e.g. the "
            "output of `python -c 'import secrets; print(secrets.token_hex(32))'`"
        )
    created_text = entry.get("created")
    try:
        created = datetime.fromisoformat(str(created_text))
    except ValueError:
        raise SettingsError(f"{where} ({key_id}): created: an ISO date or instant") from None
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return PayloadKey(id=key_id.strip(), key=key, created=created)


def decode_key(text: str) -> bytes | None:
    text = text.strip()
    if len(text) == 2 * KEY_BYTES:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    try:
        key = base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


def new_key_entry(now: datetime | None = None) -> dict[str, str]:
    now = now or datetime.now(UTC)
    return {
        "id": f"k-{now:%Y%m%d}-{secrets.token_hex(3)}",
        "key": base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii"),
        "created": now.isoformat(timespec="seconds"),
    }


def load_key_ring(settings: Settings) -> PayloadKeyRing | None:
    """The configured key ring; None when encryption is explicitly off. Raises SettingsError
    (one line naming the variable or file) when the keys are missing or unusable."""
    if settings.payload_encryption == "off":
        return None
    if settings.payload_keys_json:
        return parse_key_ring(settings.payload_keys_json, "QZ_PAYLOAD_KEYS")
    path = settings.payload_keys_path
    if not path.exists():
        if not settings.embedded:
            raise SettingsError(
                f"payload encryption: no keys (set QZ_PAYLOAD_KEYS, or QZ_PAYLOAD_KEYS_FILE; "
                f"{path} does not exist); QZ_PAYLOAD_ENCRYPTION=off only for data without "
                "personal details"
            )
        create_key_file(path, _key_file_text(_local_file()), "the payload key file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"cannot read the payload key file {path}: {err}") from None
    return parse_key_ring(text, str(path))


def rotate(path: Path) -> str:
    """Add a new newest key to the key file (created with a local key if it is missing);
    returns its id. The old keys stay: the payloads they encrypted still decrypt."""
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        parse_key_ring(json.dumps(data), str(path))  # refuse to extend an unusable file
        if isinstance(data, list):
            data = {"keys": data}
    else:
        data = _local_file()
    entry = new_key_entry()
    data["keys"].append(entry)
    _replace_file(path, data)
    return entry["id"]


def _local_file() -> dict[str, Any]:
    """A local installation's key file before its first key (_key_file_text adds one)."""
    return {"comment": LOCAL_COMMENT, "local": True, "keys": []}


def _key_file_text(data: dict[str, Any]) -> str:
    if not data["keys"]:
        data = {**data, "keys": [new_key_entry()]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _replace_file(path: Path, data: dict[str, Any]) -> None:
    temporary = private_temporary(path, _key_file_text(data))
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m security.payload_keys",
        description="The payload key file (QZ_PAYLOAD_KEYS_FILE, default .data/payload-keys.json).",
    )
    parser.add_argument("action", choices=["rotate", "show"])
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        if args.action == "rotate":
            if settings.payload_keys_json:
                raise SettingsError(
                    "QZ_PAYLOAD_KEYS is set: add the new key to that secret instead "
                    "(new_key_entry() gives one)"
                )
            key_id = rotate(settings.payload_keys_path)
            print(f"added key {key_id} to {settings.payload_keys_path}; new payloads use it")
            print("restart the workers and the HTTP API so they pick it up")
            return 0
        ring = load_key_ring(settings)
        if ring is None:
            print("payload encryption is off (QZ_PAYLOAD_ENCRYPTION=off)")
            return 0
        for key in ring.entries:
            newest = "  (newest: encrypts)" if key is ring.newest else ""
            print(f"{key.id}  created {key.created.isoformat()}{newest}")
        print(f"source: {ring.source}" + ("  LOCAL DEVELOPMENT KEYS" if ring.local else ""))
        return 0
    except (SettingsError, OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
