"""Protection of the personal data in the engine's payloads: the key ring, the AES-GCM payload
codec, and the codec server that decrypts payloads for authorised people (Web UI, CLI)."""
