"""The command line's parts: reading input files, rendering output, and its error types."""
