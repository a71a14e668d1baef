"""What a procedure declares once: its workflow, its case file, its status and its steps.

Every door is generated from these declarations: the worker registers the workflows, the HTTP
API builds a start route, a status route and one route per step (with their OpenAPI texts), the
command line builds `starter.py <procedure> <step>` with its `--help`, and the board and the
case lists name procedures by their title. A procedure is described here and nowhere else;
adding one is adding its package and one line in `procedures/registry.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from checks.plausible import day_or_today
from contracts.service import SERVED, Served, ServiceMethod
from kernel.case_base import CaseWorkflow


@dataclass(frozen=True)
class Flag:
    """A command-line shortcut for one field of a step's request, an alternative to `--file`.

    `value`: a switch; given, the field takes this value. `repeat`: may be given more than once
    (the field is a list). `json_file`: the flag names a JSON file read into the field. `parse`
    turns the text typed into the field's type (a strict int, a float); `choices` limits it.
    `with_file`: may also be given with `--file`, and then replaces that field of the file (a
    date the file cannot know in advance, such as the day a decision was made)."""

    option: str  # "--working-days"
    field: str  # the request's field it fills
    help: str
    metavar: str | None = None
    value: Any = None
    repeat: bool = False
    json_file: bool = False
    parse: Callable[[str], Any] = str
    choices: tuple[str, ...] = ()
    with_file: bool = False

    @property
    def is_switch(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Step:
    """One human act in a case: a Temporal Update with a validator in the workflow.

    `name` is the command-line action and the URL segment (POST /{procedure}/cases/{id}/{name});
    `by` says who acts in law (over HTTP the system of the agency owning the case sends it);
    `done` opens the reply to a step accepted (a text, or a function of the request).

    A step the command line routes by the case's stage (repair's `object`: to the refusal or
    to the public notice, whichever is open) has no `update` but `routes`, stage → Update; over
    HTTP the steps it routes to stand on their own."""

    name: str
    update: str  # the workflow's Update name ("" for a routed step)
    request: type[BaseModel]
    receipt: type[BaseModel]
    by: str
    clause: str
    help: str  # one line: the command's help and the route's summary
    description: str = ""  # more, for `--help` and the route's description
    done: str | Callable[[Any], str] = "Recorded"
    source: str = ""  # how the request is named in an error message (default: the step's name)
    flags: tuple[Flag, ...] = ()
    # Given with flags (instead of --file), the fields a flag leaves unset take these values.
    flag_defaults: Mapping[str, Any] = field(default_factory=dict)
    # A check of the request that needs no case state (a problem in words, or None): the door
    # makes it before anything is sent.
    check: Callable[[Any], str | None] | None = None
    # Routed: the Update for each stage it is accepted in; what is said in any other stage;
    # the fields the case's status fills in (update, status -> fields) when not given.
    routes: Mapping[str, str] = field(default_factory=dict)
    routed_only_while: str = ""
    route_defaults: Callable[[str, Any], Mapping[str, Any]] | None = None
    # A receipt the case completes just after answering (the re-check's deadline, the
    # re-score): (receipt, status after the step's follow-ups) -> the completed receipt.
    completes: Callable[[Any, Any], Any] | None = None
    # The whole reply, when the receipt is not the kernel's (stage, at, detail): (request,
    # receipt) -> sentences. A step with its own reply says everything itself.
    reply: Callable[[Any, Any], str] | None = None
    # A list field a file may hold more items of than one step takes (a round's facts): the
    # command line sends the file in parts of at most `part_size` items, one step each, every
    # part validated before the first is sent.
    parts: str = ""
    part_size: int = 0

    @property
    def named(self) -> str:
        return self.source or self.name

    @property
    def updates(self) -> tuple[str, ...]:
        """The Updates this step may send."""
        return tuple(dict.fromkeys(self.routes.values())) if self.routes else (self.update,)

    def said(self, request: Any) -> str:
        return self.done(request) if callable(self.done) else self.done


@dataclass(frozen=True)
class Phrase:
    """A stage or a duty in words, in Chinese and in English (a supervisor reads both)."""

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} {self.en}"


@dataclass(frozen=True)
class DatedDuty:
    """A date a supervisor watches that is not a named deadline of the case (the designation's
    quarterly acceptance review day): what happens that day, under which clause."""

    name: str
    duty: Phrase
    day: date
    citation: str


# Stages every case may show whatever its procedure: the start's CaseStage, and the kernel's
# stop on an error (kernel/case_base.py NEEDS_ATTENTION).
COMMON_STAGES: Mapping[str, Phrase] = {
    "received": Phrase("已收到", "received"),
    "needs_attention": Phrase("需处理", "needs attention"),
    # A notice waits for its service (送达) before its period runs (kernel/service.py).
    "awaiting_service": Phrase("待送达", "awaiting service"),
}


@dataclass(frozen=True)
class Words:
    """A procedure's stages and duties in words (its `words.py`): every member of its `Stage`
    enum, and for each named deadline the duty it times (review, decision, notice, service,
    feedback...); `dates`: the other dates its status holds (status -> dated duties)."""

    stages: Mapping[str, Phrase]
    duties: Mapping[str, Phrase]
    dates: Callable[[Any], Sequence[DatedDuty]] = lambda status: ()
    # The stages in which `dates` may give a date (a list reads the status of those cases only).
    dated_stages: frozenset[str] = frozenset()

    def stage(self, stage: str) -> Phrase | None:
        return self.stages.get(stage) or COMMON_STAGES.get(stage)

    def stage_words(self, stage: str | None) -> str:
        """'审查中 under review' (the identifier itself for a stage without words)."""
        if not stage:
            return "-"
        phrase = self.stage(stage)
        return str(phrase) if phrase else stage

    def duty(self, deadline: str) -> Phrase:
        """The duty a deadline times; a numbered one (an agreement's `penalty-2`) by its kind."""
        kind, _, number = deadline.rpartition("-")
        numbered = self.duties.get(kind) if number.isdigit() else None
        return self.duties.get(deadline) or numbered or Phrase(deadline, deadline.replace("_", " "))


def case_agency_code(case: Any) -> str:
    """The agency owning a case file that names its agency (`case.agency`, an Agency): every
    procedure's case file but the market objection's, which carries the code alone."""
    code: str = case.agency.code
    return code


@dataclass(frozen=True)
class Procedure:
    """A procedure (or a register such as the subject records, which has no case file and no
    steps: `is_case` is False)."""

    name: str  # workflow-id prefix, CLI command, URL segment
    # The ProcedureType search attribute. A case workflow states its own (CaseWorkflow's
    # `procedure_type`), taken from it when not given; a register names it.
    procedure_type: str = field(default="", kw_only=True)
    title: str  # the procedure in one line, as the board and the lists show it
    clause: str  # the rule in one line, with its citation
    workflow: type
    status_model: type[BaseModel]
    # The workflow type its cases started as before issue 20 (ReplayRule.released), registered
    # beside `workflow` so that they run on; None for a register without one.
    released_workflow: type | None = None
    case_model: type[BaseModel] | None = None
    # The agency owning a case file: by default the code of the Agency the case file names.
    agency_of: Callable[[Any], str] = case_agency_code
    steps: tuple[Step, ...] = ()
    description: str = ""  # more, for `starter.py <procedure> --help`
    start_help: str = "start a case from a case file (see examples/)"
    start_description: str = ""
    examples: tuple[str, ...] = field(default=())  # command lines that work with examples/
    # After a start, the status is worth showing once `started(status)`; `standing(status,
    # now)` says where the case stands in a few lines.
    started: Callable[[Any], bool] = lambda status: bool(status.deadlines)
    standing: Callable[[Any, datetime], str] | None = None
    # The case's own facts in `status`, between its header and its deadlines (the institution,
    # the application, the evaluations...): lines from the status.
    case_facts: Callable[[Any], list[str]] | None = None
    # A refusal explained better from the status (status, message) -> message, or None.
    explains: Callable[[Any, str], str | None] | None = None
    # After a step, the stages (of the status) the case moves out of within seconds: the
    # reply waits for the stage that follows. A function of the Update's name and the request.
    leaves: Callable[[str, Any], Collection[Any]] = lambda update, request: ()
    # The statutory period the supervision statistics measure a case's working days against
    # (service/statistics_table.py): the period in words with its clause, and its length in
    # working days, None for a procedure whose period is not counted in working days.
    statutory_period: str = ""
    statutory_working_days: int | None = None

    def __post_init__(self) -> None:
        if not self.procedure_type and issubclass(self.workflow, CaseWorkflow):
            object.__setattr__(self, "procedure_type", self.workflow.procedure_type)

    @property
    def is_case(self) -> bool:
        """A procedure case (with deadlines), as opposed to a register such as subject records."""
        return self.case_model is not None

    def workflow_id(self, case_id: str) -> str:
        return f"{self.name}-{case_id}"

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    def agency(self, case: BaseModel) -> str:
        assert self.is_case, f"{self.name} has no case file"
        return self.agency_of(case)


def served_step(receipt: type[BaseModel], *, by: str, clause: str, notices: str) -> Step:
    """The `served` step (送达, kernel/service.py) of a procedure whose notices open a party's
    period: one declaration, so that every procedure's step reads and checks the same way.
    `notices`: which of its notices wait for it, in words."""
    return Step(
        "served",
        SERVED,
        Served,
        receipt=receipt,
        by=by,
        clause=clause,
        help="record how and when a notice was served (送达): its period starts that day",
        description=(
            f"{notices} With `service_electronic_deemed` off (QZ_SERVICE_ELECTRONIC_DEEMED, "
            "default on: electronic delivery is service on its day) such a notice waits for "
            "this step, shown as stage awaiting_service, and no clock runs. The period is "
            "counted from the day of service, that day not counted (民法典 第二百零一条). "
            "served_on: not before the notice's issue and not after today; method: 直接送达, "
            "邮寄 or 电子送达. Refused for a notice that is not awaiting service."
        ),
        done="Service recorded",
        source="service",
        flags=(
            Flag("--notice", "notice", "the notice served (see the status' services)", "NAME"),
            Flag(
                "--served-on",
                "served_on",
                "the day of service: YYYY-MM-DD or today",
                "DAY",
                parse=day_or_today,
            ),
            Flag(
                "--method",
                "method",
                "how it was served",
                "METHOD",
                choices=tuple(m.value for m in ServiceMethod),
            ),
            Flag("--served-by", "served_by", "who records the service", "NAME"),
        ),
    )
