"""One package per procedure: its models, its workflow (every Update with its validator) and
its step modules. `registry` lists them all; the worker, the CLI and the HTTP API read it."""
