"""Every citation the project writes, compared with the regulations' text (docs/regulations/).

The rule for a line reference ("seed 000 l.697", "seed 001 lines 868–980", "seed 000 lines 697
and 878", and a bare "(lines X–Y)" written within 300 characters after one of them, same file):

1. every line it names exists in that file and is not blank (a range starts and ends on text);
2. its regulation is the 文号 written last before it in the same paragraph (else the last one
   within 600 characters before it); for "X and Y" the last two 文号, in order; every line it
   names lies within that regulation's lines (regulation_clauses.REGULATIONS);
3. where a clause label stands between that 文号 and the reference ("四(三)1 (seed 000 l.697)"),
   the line, or a range's first line, is the clause's own line (regulation_clauses.CLAUSES);
   where none does, a range starts on the regulation's first line (its title, the 文号 below);
   a bare "(lines X–Y)" continuing a reference is held to 1 and 2 only.

The rule for a clause the code cites (tests/cited_in_code.py says which strings count): its
(文号, label) is in regulation_clauses.CLAUSES, whose quote is on the line given there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.cited_in_code import DOC_NUMBER, LABEL, ROOT, cited_clauses
from tests.regulation_clauses import CLAUSES, FILES, REGULATIONS, lines

# Citations found wrong in files their owners are changing now; the merge fixes and empties these.
# (file, what it cites) — each one is what the test reports for it.
KNOWN_WRONG: set[tuple[str, str]] = set()

REFERENCE = re.compile(
    r"(?:seed\s+(?P<seed>00\d)\s+)?(?:\bl\.\s?|\blines?\s+)(?P<first>\d{2,4})"
    r"(?:\s*[–-]\s*(?P<last>\d{2,4})|\s+and\s+(?P<other>\d{2,4}))?"
)
OWN = {"tests/test_citations.py", "tests/cited_in_code.py", "tests/regulation_clauses.py"}


@dataclass(frozen=True)
class Reference:
    path: str
    text: str  # as written, e.g. "seed 000 l.697"
    seed: str
    cited: tuple[int, ...]  # the lines named: one, a range's ends, or two lines
    is_range: bool
    before: str  # the text before it: its paragraph, or 600 characters when that names no 文号
    continued: bool  # a bare "(lines X–Y)" after a seed reference


def _scanned() -> list[str]:
    paths = [*ROOT.glob("*.md"), *ROOT.glob("docs/*.md")]
    for top in ("procedures", "scoring", "kernel", "contracts", "activities", "api", "cli"):
        paths += (ROOT / top).rglob("*.py")
    paths += [*(ROOT / "service").rglob("*.py"), *(ROOT / "periods").rglob("*.py")]
    paths += [*(ROOT / "checks").rglob("*.py"), *(ROOT / "tests").glob("*.py")]
    relative = (path.relative_to(ROOT).as_posix() for path in paths)
    return sorted(path for path in relative if path not in OWN)


def references() -> list[Reference]:
    found: list[Reference] = []
    for path in _scanned():
        text = (ROOT / path).read_text(encoding="utf-8")
        last_seed, last_end = "", -10_000
        for match in REFERENCE.finditer(text):
            seed = match["seed"] or (last_seed if match.start() - last_end < 300 else "")
            if not seed:
                continue
            last_seed, last_end = seed, match.end()
            numbers = [match["first"], match["last"] or match["other"]]
            cited = tuple(int(n) for n in numbers if n)
            before = text[max(text.rfind("\n\n", 0, match.start()), 0) : match.start()]
            if not DOC_NUMBER.search(before):
                before = text[max(match.start() - 600, 0) : match.start()]
            is_range, continued = bool(match["last"]), not match["seed"]
            found.append(Reference(path, match.group(), seed, cited, is_range, before, continued))
    return found


def _context(reference: Reference) -> list[tuple[str, str | None]]:
    """The (文号, clause label or None) each line named by the reference is attributed to."""
    numbers = list(DOC_NUMBER.finditer(reference.before))
    wanted = 2 if len(reference.cited) == 2 and not reference.is_range else 1
    chosen = numbers[-wanted:]
    after = reference.before[chosen[-1].end() :] if chosen else ""
    labels = [m.group() for m in LABEL.finditer(after) if m.end() >= len(after.rstrip(" (")) - 1]
    label = labels[-1] if labels else None
    return [(m.group(), label) for m in chosen]


def problems(reference: Reference) -> list[str]:
    text = lines(reference.seed)
    wrong = [n for n in reference.cited if not 0 < n < len(text) or not text[n].strip()]
    if wrong:
        return [f"lines {wrong} do not exist or are blank in seed {reference.seed}"]
    context = _context(reference)
    if not context:
        return ["no 文号 written before it: which regulation does it cite?"]
    found: list[str] = []
    starts = reference.cited[:1] if reference.is_range or len(context) == 1 else reference.cited
    for (doc, label), start in zip(context, starts, strict=False):
        regulation = REGULATIONS[doc]
        span = reference.cited if reference.is_range or len(context) == 1 else (start,)
        if regulation.seed != reference.seed or not all(
            regulation.first <= n <= regulation.last for n in span
        ):
            found.append(
                f"{doc} is seed {regulation.seed} lines {regulation.first}–{regulation.last}"
            )
        elif reference.continued:
            continue
        elif label is not None and (doc, label) in CLAUSES:
            if start != CLAUSES[doc, label][0]:
                found.append(f"{doc} {label} is on line {CLAUSES[doc, label][0]}, not {start}")
        elif label is None and reference.is_range and start != regulation.first:
            found.append(f"{doc} starts on line {regulation.first}, not {start}")
    return found


def test_each_regulation_starts_with_its_notice_and_文号() -> None:
    for doc, regulation in REGULATIONS.items():
        text = lines(regulation.seed)
        notice = text[regulation.first].replace(" ", "")
        assert regulation.title.replace("(试行)", "") in notice or "印发" in notice, doc
        assert text[regulation.first + 2].strip() == doc, f"{doc}: l.{regulation.first + 2}"
        headings = [n for n, line in enumerate(text) if line.replace(" ", "") == regulation.title]
        assert any(regulation.first < n < regulation.last for n in headings), regulation.title


def test_every_clause_in_the_table_is_on_its_line() -> None:
    for (doc, label), (number, quote) in CLAUSES.items():
        regulation = REGULATIONS[doc]
        line = lines(regulation.seed)[number]
        assert quote in line, f"{doc} {label}: l.{number} reads {line[:60]!r}"
        assert regulation.first <= number <= regulation.last, f"{doc} {label}"


def test_every_clause_the_code_cites_is_in_its_regulation() -> None:
    cited = cited_clauses()
    assert len({(c.doc, c.label) for c in cited}) > 50, "the code's citations were not found"
    missing = sorted(
        f"{c.where}: {c.doc} {part}"
        for c in cited
        for part in re.split(r"\s(?=附件\d)", c.label)
        if not any((doc, part) in CLAUSES or (doc, c.label) in CLAUSES for doc in c.doc.split("|"))
    )
    assert not missing, "cited clauses not in tests/regulation_clauses.py:\n" + "\n".join(missing)


def test_every_line_reference_names_the_lines_it_means() -> None:
    found = references()
    assert {r.path for r in found} >= {"procedures/market_objection/models.py"}
    wrong = [
        f"{r.path}: {r.text}: {'; '.join(p)}"
        for r in found
        if (p := problems(r)) and (r.path, r.text) not in KNOWN_WRONG
    ]
    assert not wrong, "\n".join(wrong)


def test_the_known_wrong_citations_are_still_there_and_still_wrong() -> None:
    # An entry fixed by its owner must leave KNOWN_WRONG, so that the check covers it again.
    still = {(r.path, r.text) for r in references() if problems(r)}
    assert KNOWN_WRONG <= still, sorted(KNOWN_WRONG - still)


def test_the_seed_files_are_the_ones_cited() -> None:
    assert set(FILES) == {r.seed for r in references()}
