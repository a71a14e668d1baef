"""The pure rules of service (送达, kernel/service_rules.py): when a served notice's period starts,
what its citation names, and when a `served` step is refused. No server."""

from __future__ import annotations

from datetime import date

from contracts.service import NoticeService, Served, ServiceMethod
from kernel import service_rules
from periods import SHANGHAI

ISSUED = date(2026, 1, 5)


def notice(**served: object) -> NoticeService:
    return NoticeService(
        notice="supplementation",
        issued_on=ISSUED,
        window="supplement",
        kind="party_window",
        citation="衢医保发〔2023〕8号 二(三)2",
        length=5,
        **served,
    )


def served(on: date, name: str = "supplementation") -> Served:
    return Served(notice=name, served_on=on, method=ServiceMethod.MAIL, served_by="医药服务管理科")


def test_a_notice_waits_for_its_service_until_recorded() -> None:
    waiting = notice()
    assert waiting.awaiting
    done = service_rules.recorded(waiting, served(date(2026, 1, 9)))
    assert not done.awaiting
    assert (done.served_on, done.method, done.served_by) == (
        date(2026, 1, 9),
        ServiceMethod.MAIL,
        "医药服务管理科",
    )


def test_the_period_starts_on_the_served_day_in_shanghai() -> None:
    # The deadline activity takes the start day as start_at's day in Shanghai (not counted).
    assert service_rules.served_at(date(2026, 1, 9)).astimezone(SHANGHAI).date() == date(2026, 1, 9)


def test_the_citation_names_the_start_event() -> None:
    done = service_rules.recorded(notice(), served(date(2026, 1, 9)))
    assert service_rules.counted_from(done.citation, done) == (
        "衢医保发〔2023〕8号 二(三)2; from service of the supplementation notice (邮寄, 2026-01-09)"
    )
    deemed = service_rules.deemed(notice(), ISSUED, "system")
    assert deemed.method is ServiceMethod.ELECTRONIC and deemed.served_on == ISSUED


def test_served_is_refused_for_a_notice_not_awaiting_service() -> None:
    records = {"supplementation": notice()}
    problem = service_rules.refusal(records, served(ISSUED, "reevaluation"), ISSUED)
    assert problem is not None and problem.startswith("notice: 'reevaluation' is no notice")
    assert "awaiting service: supplementation" in problem
    records["supplementation"] = service_rules.recorded(notice(), served(ISSUED))
    again = service_rules.refusal(records, served(ISSUED), ISSUED)
    assert again is not None and "was already served" in again and again.endswith("none")


def test_served_on_lies_between_the_issue_and_today() -> None:
    records = {"supplementation": notice()}
    before = service_rules.refusal(records, served(date(2026, 1, 4)), date(2026, 1, 9))
    assert before == "served_on: 2026-01-04 is before the notice was issued (2026-01-05)"
    after = service_rules.refusal(records, served(date(2026, 1, 10)), date(2026, 1, 9))
    assert after == "served_on: 2026-01-10 is after today (2026-01-09)"
    assert service_rules.refusal(records, served(ISSUED), ISSUED) is None
    assert service_rules.refusal(records, served(date(2026, 1, 9)), date(2026, 1, 9)) is None
