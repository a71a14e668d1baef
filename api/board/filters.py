"""The board's query-string filters (`?procedure=&agency=&overdue=`) and the form that sets
them. An agency key is held to its own agency's cases."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from api.auth import Caller
from procedures import registry
from service.listing import CaseFilter

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


class BadFilter(ValueError):
    """A query-string filter the board cannot apply (400)."""


class OtherAgency(PermissionError):
    """An agency key asking for another agency's cases (403)."""


def board_filter(params: Mapping[str, str], who: Caller) -> CaseFilter:
    """The query-string filters as a CaseFilter; an agency key is held to its own agency."""
    procedure = (params.get("procedure") or "").strip() or None
    agency = (params.get("agency") or "").strip() or None
    overdue_text = (params.get("overdue") or "").strip().lower()
    if overdue_text in TRUE_WORDS:
        overdue: bool | None = True
    elif overdue_text in FALSE_WORDS:
        overdue = False
    elif overdue_text == "":
        overdue = None
    else:
        raise BadFilter("overdue: expected true or false")
    if procedure is not None:
        found = registry.find(procedure)
        if found is None or not found.is_case:
            known = ", ".join(p.name for p in registry.PROCEDURES if p.is_case)
            raise BadFilter(f"procedure: unknown procedure {procedure!r} (known: {known})")
        procedure = found.name
    if not who.supervisor:
        if agency is not None and agency != who.agency:
            raise OtherAgency(
                f"{who.name}: an agency key sees its own agency's cases only ({who.agency})"
            )
        agency = who.agency
    try:
        return CaseFilter(procedure=procedure, agency=agency, overdue=overdue)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise BadFilter(f"{field}: {first['msg']}") from None


@dataclass(frozen=True)
class ProcedureChoice:
    name: str
    title: str
    selected: bool


@dataclass(frozen=True)
class FilterForm:
    """The filters form as the filter in force fills it in."""

    choices: tuple[ProcedureChoice, ...]
    agency_field: bool  # only a supervisor picks the agency: an agency key has its own
    agency: str
    overdue_only: bool
    narrowed: str  # what the filter narrows the list to, e.g. "procedure repair, overdue yes"


def filter_form(case_filter: CaseFilter, who: Caller) -> FilterForm:
    narrowed = [
        f"{label} {value}"
        for label, value in (
            ("procedure", case_filter.procedure),
            ("agency", case_filter.agency),
            ("overdue", "yes" if case_filter.overdue else None),
        )
        if value
    ]
    return FilterForm(
        choices=tuple(
            ProcedureChoice(p.name, p.title, selected=case_filter.procedure == p.name)
            for p in registry.PROCEDURES
            if p.is_case
        ),
        agency_field=who.supervisor,
        agency=case_filter.agency or "",
        overdue_only=bool(case_filter.overdue),
        narrowed=", ".join(narrowed),
    )
