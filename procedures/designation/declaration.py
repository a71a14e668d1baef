"""Designation of medical institutions and pharmacies, declared once (procedures/declaration.py)."""

from __future__ import annotations

from functools import partial

from procedures.declaration import Flag, Procedure, Step, served_step
from procedures.designation import models as dd
from procedures.designation.clauses import EVALUATION_CLAUSE, EVALUATION_WORKING_DAYS
from procedures.designation.requests import evaluation_problem
from procedures.designation.standing import case_facts, leaves, standing, started
from procedures.designation.workflow import DesignationWorkflow, ReleasedDesignation

# Who acts in law on a designation case (二(三)): the institution applying, and the agency that
# accepts, investigates and signs; the evaluation group and the party-group meeting act once.
INSTITUTION = "the institution (申请机构)"
AGENCY = "the medical-insurance agency"

# Every designation Update answers with the kernel's receipt (stage, at, detail).
step = partial(Step, receipt=dd.Receipt)

DECLARATION = Procedure(
    name=dd.PROCEDURE,
    title="Designation of a medical institution or pharmacy (医保定点, evaluation 20 wd)",
    statutory_period=f"evaluation, 衢医保发〔2023〕8号 {EVALUATION_CLAUSE}",
    statutory_working_days=EVALUATION_WORKING_DAYS,
    clause="衢医保发〔2023〕8号 二(三): trial run, acceptance, evaluation, agreement",
    description=f"{dd.cite('二(三)')}: pre-registration and a 3-month trial run (1), the formal "
    "application and the quarterly acceptance review (2), the evaluation within 20 working days "
    "and the public notice (3), the party-group meeting and the agreement (4), settlement "
    "rights and the announcement (5). Rules: procedures.md §4.",
    workflow=DesignationWorkflow,
    released_workflow=ReleasedDesignation,
    status_model=dd.DesignationStatus,
    case_model=dd.DesignationCase,
    steps=(
        step(
            "apply",
            dd.APPLY,
            dd.Application,
            by=INSTITUTION,
            clause=dd.cite(dd.APPLICATION_CLAUSE),
            help="submit the formal application (定点申请书, 附表1) with its materials",
            description=(
                f"{dd.cite('二(三)2')}: after the 3-month trial run (试运行满3个月) the "
                "institution submits the formal application with the materials of 二(一)3 "
                "(medical institutions; for-profit ones also the business licence) or 二(二)2 "
                "(pharmacies); materials the agency obtains by data sharing go in "
                "shared_materials (无需提供). It then awaits the quarterly acceptance review "
                "(原则上每季度1次集中受理审查). Refused before the trial run ends, or while a "
                "bar on applying is in force on the institution's subject record (视作放弃申请: "
                "3 months; 评估仍不合格: 1 year)."
            ),
            done="Application recorded",
            source="application",
        ),
        step(
            "review",
            dd.REVIEW_ACCEPTANCE,
            dd.AcceptanceReview,
            by=AGENCY,
            clause=dd.cite(dd.APPLICATION_CLAUSE),
            help="record the agency's findings for the quarterly acceptance review",
            description=(
                f"{dd.cite('二(三)2')}: the agency reviews by "
                "资料审查、现场核查、函询相关主管部门意见. Before the batch day it records what "
                "it found: the non-acceptance facts the subject records do not hold (医疗机构 "
                "(1)(2)(3)(5)(6)(9)–(12), 零售药店 (1)(3)(4)(7)(8)), materials that do not "
                "conform, and other materials required (二(一)3(9) / 二(二)2(9)). At the batch "
                "the case is not accepted (不予受理), told everything missing at once "
                "(一次性告知), or accepted. Accepted only while the application awaits the batch."
            ),
            done="Acceptance review recorded",
            source="review",
        ),
        step(
            "supplement",
            dd.SUPPLEMENT,
            dd.Supplement,
            by=INSTITUTION,
            clause=dd.cite(dd.APPLICATION_CLAUSE),
            help="hand in the materials asked for (补正, or 补充材料 during the evaluation)",
            description=(
                f"At acceptance ({dd.cite('二(三)2')}) the applicant supplements within 5 "
                "working days of receiving the supplementation notice, otherwise the application "
                "is deemed abandoned (视作放弃申请, re-application after 3 months). During the "
                f"evaluation ({dd.cite('二(三)3')}) there is no time limit and nothing is "
                "abandoned: once everything asked for with `request-materials` is in, the "
                "stopped evaluation clock runs again the next day and its due date moves by the "
                "working days the institution held the request (机构补充材料时间不计入评估期限). "
                "Keys: material codes, or extra-N for the N-th other item of the notice."
            ),
            done="Supplement recorded",
            source="supplement",
        ),
        step(
            "request-materials",
            dd.REQUEST_MATERIALS,
            dd.MaterialsRequest,
            by="the evaluation group",
            clause=dd.cite(dd.EVALUATION_CLAUSE),
            help="the evaluators ask for more materials: the 20-working-day clock stops",
            description=(
                f"{dd.cite('二(三)3')}: 评估时间不超过20个工作日, 机构补充材料时间不计入评估期限. "
                "The evaluation clock stops after this request's day (the day itself is the "
                "agency's) until the day the last material is back; the institution gets the "
                "notice of what is asked, with the working days used, and no time limit (the "
                "5-working-day window of 二(三)2 is the acceptance stage's). Accepted only while "
                "the case is being evaluated."
            ),
            done="Materials request recorded",
            source="materials request",
            flags=(
                Flag("--item", "items", "a material asked for (repeatable)", "TEXT", repeat=True),
                Flag("--requested-by", "requested_by", "who asks (the evaluation group)", "NAME"),
            ),
        ),
        step(
            "false-materials",
            dd.REPORT_FALSE_MATERIALS,
            dd.FalseMaterials,
            by=AGENCY,
            clause=dd.cite(dd.APPLICATION_CLAUSE),
            help="record verified false materials: the application is cancelled (取消本次申请)",
            description=(
                f"{dd.cite('二(三)2')}: 对提供虚假材料的, 一经核实, 取消本次申请; "
                "以弄虚作假等不正当手段申请定点 bars a new application for 3 years (不予受理 "
                "医疗机构(4) / 零售药店(2)). Accepted at any stage before designation."
            ),
            done="False materials recorded",
            source="false materials",
        ),
        step(
            "evaluate",
            dd.EVALUATE,
            dd.Evaluation,
            by="the evaluation group or the third party commissioned",
            clause=dd.cite(dd.EVALUATION_CLAUSE),
            help="record the evaluation group's result (综合评估, 附件4): ≥85 passes",
            description=(
                f"{dd.cite('二(三)3')}: the evaluation group (or the third party commissioned) "
                "evaluates per 附件4 (表1 medical institutions, 表2 pharmacies); the score is "
                "the average of the members' totals; 85分(含)以上 passes → public notice (公示); "
                "below 85 fails → rectification and re-evaluation 3 months after delivery of the "
                "result; failing again bars a new application for 1 year. The input is an "
                "Evaluation {group, facts} (--file), or a plain scoring facts file (`starter.py "
                "schema designation-eval`) with --facts and --group; the facts are validated "
                "here before anything is sent. Accepted only while the case is being evaluated."
            ),
            done="Evaluation recorded",
            source="evaluation",
            check=evaluation_problem,
            flags=(
                Flag(
                    "--facts",
                    "facts",
                    "a plain scoring facts file (examples/scoring/designation-eval-*.json)",
                    "FACTS.json",
                    json_file=True,
                ),
                Flag("--group", "group", "with --facts: 评估小组 or the third party", "NAME"),
            ),
        ),
        step(
            "report",
            dd.REPORT,
            dd.Report,
            by="anyone (举报人)",
            clause=dd.cite(dd.APPROVAL_CLAUSE),
            help="record a report (举报) received during the public notice",
            description=(
                f"{dd.cite('二(三)4')}: 公示期间无人举报或举报经查不属实的, 报党组会审议. A "
                "report holds the case until `investigate` decides it. Accepted only during the "
                "public notice."
            ),
            done="Report recorded",
            source="report",
            flags=(
                Flag("--reporter", "reporter", "who reported (or 匿名)", "NAME"),
                Flag("--content", "content", "what is reported", "TEXT"),
            ),
        ),
        step(
            "investigate",
            dd.INVESTIGATE,
            dd.Investigation,
            by=AGENCY,
            clause=dd.cite(dd.APPROVAL_CLAUSE),
            help="record the investigation of the reports: substantiated (→ rejected) or unfounded",
            description=(
                f"{dd.cite('二(三)4')}: 举报经查属实 ends the application (rejected); 经查不属实 "
                "lets the case go on to the party-group meeting once the notice has ended."
            ),
            done="Investigation recorded",
            source="investigation",
            flags=(
                Flag(
                    "--substantiated",
                    "substantiated",
                    "举报经查属实: the application is rejected",
                    value=True,
                ),
                Flag(
                    "--unfounded", "substantiated", "举报经查不属实: the case goes on", value=False
                ),
                Flag("--findings", "findings", "what the investigation found", "TEXT"),
                Flag("--investigator", "investigator", "who investigated", "NAME"),
            ),
        ),
        step(
            "reevaluate",
            dd.REQUEST_REEVALUATION,
            dd.ReevaluationRequest,
            by=INSTITUTION,
            clause=dd.cite(dd.EVALUATION_CLAUSE),
            help="ask for the re-evaluation after rectification (整改3个月后)",
            description=(
                f"{dd.cite('二(三)3')}: 自结果告知送达之日起, 整改3个月后可再次组织评估 — refused "
                "before the 3 months are over; the case is then evaluated again (20 working "
                "days); failing again bars a new application for 1 year."
            ),
            done="Re-evaluation requested",
            source="re-evaluation request",
            flags=(
                Flag("--applicant", "applicant", "who asks (法定代表人)", "NAME"),
                Flag("--rectification", "rectification", "what was rectified (整改情况)", "TEXT"),
            ),
        ),
        step(
            "approve",
            dd.APPROVE,
            dd.Approval,
            by="the party-group meeting (党组会)",
            clause=dd.cite(dd.APPROVAL_CLAUSE),
            help="record the party-group meeting's review (党组会审议): approved or refused",
            description=(
                f"{dd.cite('二(三)4')}: after the public notice, with no report standing, the "
                "party-group meeting reviews; approved → 确定为定点医药机构, the service "
                "agreement (医保协议) follows; not approved → rejected (the reason is required). "
                "Accepted only at the approval stage."
            ),
            done="Party-group review recorded",
            source="approval",
            flag_defaults={"approved": True},
            flags=(
                Flag("--meeting-on", "meeting_on", "the day of the meeting", "YYYY-MM-DD"),
                Flag("--minutes", "minutes", "the minutes' reference (会议纪要)", "REF"),
                Flag(
                    "--refuse",
                    "approved",
                    "the meeting did not approve (needs --reason)",
                    value=False,
                ),
                Flag("--reason", "reason", "why it did not approve", "TEXT"),
            ),
        ),
        step(
            "sign",
            dd.SIGN,
            dd.Signing,
            by=AGENCY,
            clause=dd.cite(dd.APPROVAL_CLAUSE),
            help="record the signed service agreement (医保协议): designated, settlement opened",
            description=(
                f"{dd.cite('二(三)4')}: 签订医保协议并向同级医疗保障行政部门备案; "
                f"协议期限一般按自然年度签订至当年12月31日. {dd.cite('二(三)5')}: "
                "开通相应的刷卡权限并向社会公告. Accepted only after the approval."
            ),
            done="Agreement recorded",
            source="signing",
            flags=(
                Flag("--agreement-number", "agreement_number", "the agreement's number", "N"),
                Flag("--signed-on", "signed_on", "the day it was signed", "YYYY-MM-DD"),
                Flag("--signed-by", "signed_by", "who signed for the agency", "NAME"),
            ),
        ),
        served_step(
            dd.Receipt,
            by=AGENCY,
            clause=dd.cite(dd.APPLICATION_CLAUSE),
            notices=(
                f"{dd.cite('二(三)2')}: the supplementation notice (notice 'supplementation'): "
                f"自收到材料补正通知之日起5个工作日内补正. {dd.cite('二(三)3')}: a first failed "
                "evaluation's result (notice 'evaluation-result-1'): 自结果告知送达之日起, "
                "整改3个月后可再次组织评估."
            ),
        ),
    ),
    start_help="start a case at the pre-registration (预登记): the 3-month trial run begins",
    start_description=f"{dd.cite('二(三)1')}: the institution pre-registers with the agency, "
    "installs and networks the required software and hardware, and runs a 3-month trial without "
    "card settlement (试运行3个月, counted from the day after pre_registered_on). Start a case "
    "from a JSON case file (examples/designation-medical.json, "
    "examples/designation-pharmacy.json): the agency, the institution (a valid unified social "
    "credit code, the legal representative among its people) and the day of pre-registration. "
    "The file is validated completely before anything is sent; a case is started only once.",
    started=started,
    standing=standing,
    case_facts=case_facts,
    leaves=leaves,
    examples=(
        "starter.py designation start --file examples/designation-medical.json",
        "starter.py designation apply CASE_ID --file examples/designation-application-medical.json",
        'starter.py designation request-materials CASE_ID --item "..." --requested-by X',
        'starter.py designation evaluate CASE_ID --facts FACTS.json --group "评估小组"',
        'starter.py designation investigate CASE_ID --unfounded --findings "..." --investigator X',
        "starter.py designation approve CASE_ID --file examples/designation-approval.json",
        "starter.py designation sign CASE_ID --file examples/designation-signing.json",
        "starter.py designation served CASE_ID --notice supplementation --served-on 2026-01-09 "
        "--method 邮寄 --served-by 医药服务管理科",
    ),
)
