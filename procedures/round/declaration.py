"""The evaluation round, declared once (procedures/declaration.py)."""

from __future__ import annotations

from contracts.round_activities import BATCH_LIMIT
from contracts.rounds import PROCEDURE, RoundOpening
from procedures.declaration import Flag, Procedure, Step
from procedures.round import models
from procedures.round.standing import case_facts, facts_closed, facts_received, standing
from procedures.round.workflow import EvaluationRoundWorkflow, ReleasedEvaluationRound

DECLARATION = Procedure(
    name=PROCEDURE,
    title="Evaluation round (信用评价 / 绩效考核: a population scored, published, delivered)",
    clause="衢市监规〔2021〕2号/3号 六(一)–(二); 衢医保发〔2021〕36号 四(二)–(四); "
    "衢医保发〔2023〕8号 附件1 二(三)–(四): evaluate, publish, deliver",
    description="One round per kind, period and population: IP agencies yearly, inspection "
    "bodies every three years, medical credit monthly, the performance assessment's half year "
    "(by 31 August) and year (by 31 March) per cohort type (opened by their Temporal Schedules "
    "or by hand). The agency sends the facts, closes them; the round scores every subject, "
    "publishes the lists and delivers each result: market credit to the subject record and "
    "the enterprise, medical credit as the result's objection case, the annual and "
    "re-assessment results to each institution's agreement (`agreement assess`).",
    workflow=EvaluationRoundWorkflow,
    released_workflow=ReleasedEvaluationRound,
    status_model=models.RoundStatus,
    case_model=RoundOpening,
    agency_of=lambda case: case.agency.code,
    statutory_period="none in working days: a performance round is due on a day the text fixes "
    "(半年拟评 by 31 August, 年度总评 by 31 March, 衢医保发〔2023〕8号 附件1 二(三)); a credit "
    "round has no period",
    steps=(
        Step(
            "facts",
            "facts",
            models.FactsBatch,
            models.FactsReceipt,
            by="the agency running the round",
            clause="衢市监规〔2021〕2号/3号 六(一); 衢医保发〔2021〕36号 四(二)",
            help="facts records, one per subject, each scored by the round",
            description="Send facts records (each one subject's facts as `starter.py score "
            "<kind>` takes them; a medical-credit record may carry `mobile`; a performance "
            "record is {agreement_number, institution} of the round's cohort type: the "
            "half year's sheet only in a half-year round, `reassessment: true` in a "
            "re-assessment), up to 1,000 per step (a longer file is sent in parts of 1,000). "
            "Answered at once; the round checks or scores each batch in its loop (a "
            "performance cohort is scored whole at close), and a record the scoring schema "
            "refuses is reported in the status while the rest go on.",
            reply=facts_received,
            parts="records",
            part_size=BATCH_LIMIT,
        ),
        Step(
            "close",
            "close",
            models.CloseFacts,
            models.CloseReceipt,
            by="the agency running the round",
            clause="衢市监规〔2021〕2号/3号 六(二); 衢医保发〔2021〕36号 四(三)–(四); "
            "衢医保发〔2023〕8号 附件1 二(四)",
            help="the facts are complete: publish, record and tell every subject",
            description="Close the facts: the round scores what is still coming, publishes "
            "its lists (the results; medical: the 差 list and the red list; market: the copy "
            "to 市信用办; performance: the half year's scores to the institutions, the year's "
            "grades), then delivers each result: market credit to the subject record and the "
            "enterprise; medical credit opens the result's objection case (10 working days "
            "from publication); an annual or re-assessment result goes to the institution's "
            "agreement (`agreement assess`: a D among the last two or under 60 has its "
            "settlement suspended). A performance round's closing meets its duty.",
            reply=facts_closed,
            flags=(Flag("--by", "closed_by", "who closes the facts (recorded in the trail)"),),
        ),
    ),
    start_help="open a round for a period (by hand; the Schedules open them on time)",
    start_description="Open a round from a JSON file naming its kind, period, population and "
    "agency (see examples/round-ip-agency.json).",
    started=lambda status: True,
    standing=standing,
    case_facts=case_facts,
    examples=(
        "starter.py round start --file examples/round-ip-agency.json",
        "starter.py round facts IP-2026 --file examples/round-ip-agency-facts.json",
        "starter.py round close IP-2026 --by '知识产权分局 信用监管科'",
        "starter.py round start --file examples/round-performance-annual.json",
        "starter.py round facts PA-2026-outpatient --file examples/round-performance-facts.json",
    ),
)
