"""AES-256-GCM payload encryption, applied by the Temporal client to every payload it sends
(case files, activity arguments and results, queries, updates, memos, failure details).

An encrypted payload: metadata `encoding: binary/encrypted` and `encryption-key-id: <id>`; data
the 12-byte random nonce, then the ciphertext and tag of the whole original Payload (its
metadata and data), so that nothing of the original, not even its encoding, is in clear. The key
id is authenticated as associated data: a payload cannot be relabelled to another key.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

from security.payload_keys import PayloadKeyRing

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
NONCE_BYTES = 12


class PayloadKeyError(ValueError):
    """A payload cannot be decrypted: unknown key id, or wrong key / damaged data."""


class EncryptionCodec(PayloadCodec):
    def __init__(self, keys: PayloadKeyRing) -> None:
        super().__init__()
        self._keys = keys
        self._ciphers = {key.id: AESGCM(key.key) for key in keys.entries}

    @property
    def key_id(self) -> str:
        """The id new payloads are encrypted with (the newest key)."""
        return self._keys.newest.id

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        key_id = self.key_id
        cipher = self._ciphers[key_id]
        associated = key_id.encode("utf-8")
        encoded = []
        for payload in payloads:
            nonce = os.urandom(NONCE_BYTES)
            sealed = cipher.encrypt(nonce, payload.SerializeToString(), associated)
            encoded.append(
                Payload(metadata={"encoding": ENCODING, KEY_ID: associated}, data=nonce + sealed)
            )
        return encoded

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        decoded = []
        for payload in payloads:
            if payload.metadata.get("encoding") != ENCODING:
                # Written before encryption was on (and the committed replay histories): as is.
                decoded.append(payload)
                continue
            key_id = payload.metadata.get(KEY_ID, b"").decode("utf-8", "replace")
            cipher = self._ciphers.get(key_id)
            if cipher is None:
                raise PayloadKeyError(
                    f"payload encrypted with key id {key_id!r}, which is not in the key ring "
                    f"({self._keys.source}: {', '.join(self._keys.ids)}); add that key to "
                    "decrypt it"
                )
            data = payload.data
            try:
                plain = cipher.decrypt(
                    data[:NONCE_BYTES], data[NONCE_BYTES:], key_id.encode("utf-8")
                )
            except InvalidTag:
                raise PayloadKeyError(
                    f"payload with key id {key_id!r} does not decrypt: a different key under "
                    "that id, or damaged data"
                ) from None
            decoded.append(Payload.FromString(plain))
        return decoded
