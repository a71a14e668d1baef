"""Errors the command line reports as one line and a distinct exit code."""

from __future__ import annotations


class CliError(Exception):
    exit_code = 1


class BadInput(CliError):
    """An unreadable file, invalid JSON, or a field out of range. Nothing was sent."""

    exit_code = 2


class UnknownCase(CliError):
    exit_code = 3


class Refused(CliError):
    """The case refused the request (duplicate start, decision in the wrong stage)."""

    exit_code = 4


class Unreachable(CliError):
    """The Temporal server or the worker is not answering."""

    exit_code = 5
