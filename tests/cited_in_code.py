"""What the product cites, read off its text (pure: no import of the code it reads).

- `seed_references`: every "seed 00N l.X", "seed 00N lines X–Y", "seed 00N lines X and Y" in the
  code, the docs and the README, with the 文号 and the clause label written just before it.
- `cited_clauses`: every (文号, clause label) the code cites: the values of the `*_CLAUSE*` and
  `*CITATION*` assignments, the arguments of `cite(...)` / `_cite(...)`, the `clause=` and
  `citation=` keywords, and any string literal that writes a 文号 (or the module's `DOC` /
  `REGULATION` name) followed by a label.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The 文号 of the regulations the project applies (docs/regulations/README.md).
DOC_NUMBER = re.compile(r"衢(?:市监规|医保发|政办发)〔20\d\d〕\d+号")
# "衢市监规〔2021〕3号/2号": one citation for both market-credit regulations.
BOTH_MARKET = re.compile(r"衢市监规〔2021〕([23])号\s*/\s*(?:衢市监规)?〔?(?:2021〕)?([23])号")

_CN = "一二三四五六七八九十"
# A clause label: 第N条[第N款][(N)] or 一(二)3(4), optionally with its form 附件N; or a form alone.
_ARTICLE = rf"第[{_CN}百]+条(?:第[{_CN}]+款)?(?:\([{_CN}]+\))?"
_SECTION = rf"[{_CN}]+(?:\([{_CN}]+\))?(?:\d+)?(?:\(\d+\))?"
_ANNEX = r"附件\s?(?:\d+|专用指标)(?:\s?表\d+)?"
LABEL = re.compile(
    rf"(?:附件\d+\s)?(?:{_ARTICLE}|{_SECTION})(?:\s附件\d+)?(?![一-龥])|{_ANNEX}(?![一-龥])"
)

# Where a bare label (no 文号 in the string) comes from: the package's own regulation(s).
DEFAULT_DOCS: dict[str, tuple[str, ...]] = {
    "procedures/accountability": ("衢政办发〔2023〕5号",),
    "procedures/agreement": ("衢医保发〔2023〕8号",),
    "scoring/accountability": ("衢政办发〔2023〕5号",),
    "procedures/designation": ("衢医保发〔2023〕8号",),
    "scoring/designation": ("衢医保发〔2023〕8号",),
    "scoring/performance": ("衢医保发〔2023〕8号",),
    "procedures/medical_objection": ("衢医保发〔2021〕36号",),
    "procedures/repair": ("衢医保发〔2021〕36号",),
    "procedures/subject_record": ("衢医保发〔2021〕36号",),
    "scoring/medical_credit": ("衢医保发〔2021〕36号",),
    "procedures/market_objection": ("衢市监规〔2021〕3号", "衢市监规〔2021〕2号"),
    "scoring/market_credit": ("衢市监规〔2021〕3号", "衢市监规〔2021〕2号"),
}
CODE_DIRS = ("procedures", "scoring", "kernel", "contracts")


@dataclass(frozen=True)
class Cited:
    doc: str  # a 文号, or "A|B": either of them
    label: str
    where: str  # file:line


def _docs_of(path: str) -> tuple[str, ...]:
    return next((docs for prefix, docs in DEFAULT_DOCS.items() if path.startswith(prefix)), ())


def _text(node: ast.AST) -> str | None:
    """A string literal, or an f-string with each replacement field written `{name}`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
            for part in node.values
            if isinstance(part, (ast.Constant, ast.FormattedValue))
        )
    return None


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's own string constants (`DOC = "..."`, `_T3 = f"{_DOC} 表3"`), resolved."""
    names: dict[str, str] = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = _text(node.value) if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(target, ast.Name) and node.value is not None and value is not None:
            names[target.id] = _resolve(value, names)
    return names


def _resolve(text: str, names: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: names.get(m.group(1), m.group()), text)


def _labels(rest: str) -> list[str]:
    """The labels at the start of `rest`: one, or several joined by 、 or –."""
    labels: list[str] = []
    while match := LABEL.match(rest):
        labels.append(re.sub(r"\s+", " ", match.group()))
        rest = rest[match.end() :]
        if not rest.startswith("、"):
            break
        rest = rest[1:]
    return labels


def _split(text: str, defaults: tuple[str, ...], bare: bool) -> list[tuple[str, str]]:
    """The (文号, label) pairs a string cites. A bare label counts only where `bare`."""
    found: list[tuple[str, str]] = []
    text = re.sub(r"\{(?:\w+\.)?_?(?:DOC|doc|REGULATION)\}", lambda _: "{DOC}", text)
    for both in BOTH_MARKET.finditer(text):
        rest = text[both.end() :].lstrip()
        found += [
            (f"衢市监规〔2021〕{n}号", label) for n in both.groups() for label in _labels(rest)
        ]
    text = BOTH_MARKET.sub("", text)
    for match in re.finditer(rf"{DOC_NUMBER.pattern}|\{{DOC\}}", text):
        docs = defaults if match.group() == "{DOC}" else (match.group(),)
        rest = text[match.end() :].lstrip()
        found += [(doc, label) for doc in docs for label in _labels(rest)]
    whole = LABEL.fullmatch(text) is not None and re.search(r"[(条]", text) is not None
    if bare and not found and not text.startswith("{"):
        found += [(doc, label) for doc in defaults for label in _labels(text)]
    elif whole and not found and defaults:
        # A label alone in a table of one of several regulations: in either ("A|B").
        found += [("|".join(defaults), label) for label in _labels(text)]
    return found


def _cited_strings(tree: ast.Module) -> list[tuple[ast.AST, bool]]:
    """Every string node with whether a bare label in it is a citation."""
    docstrings = {
        id(body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and (body := node.body)
        and isinstance(body[0], ast.Expr)
    }
    cited: dict[int, tuple[ast.AST, bool]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and id(node) not in docstrings:
            cited.setdefault(id(node), (node, False))
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if any(re.search(r"CLAUSE|CITATION", name) for name in names):
            for inner in ast.walk(value):
                cited[id(inner)] = (inner, True)
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("cite", "_cite") and node.args:
                cited[id(node.args[0])] = (node.args[0], True)
            for keyword in node.keywords:
                if keyword.arg in ("clause", "citation"):
                    cited[id(keyword.value)] = (keyword.value, True)
    return list(cited.values())


def cited_clauses() -> list[Cited]:
    found: list[Cited] = []
    for top in CODE_DIRS:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = _constants(tree)
            for node, bare in _cited_strings(tree):
                text = _text(node)
                if text is None:
                    continue
                text = _resolve(text, names)
                for doc, label in _split(text, _docs_of(relative), bare):
                    where = f"{relative}:{getattr(node, 'lineno', 0)}"
                    found.append(Cited(doc, label, where))
    return found
