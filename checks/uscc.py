"""Unified social credit code (统一社会信用代码), GB 32100-2015.

Pure (no Temporal import; `workflows` and `scoring` both use it): the case models and the scoring
facts validate enterprise identifiers with it at every door, so a mistyped code is refused there
instead of surfacing weeks later on a written notice or in a grade.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

# GB 32100-2015 §4: the code's character set is the digits and 21 capital letters; I, O, Z, S and
# V are excluded because they are easily confused with 1, 0, 2, 5 and U.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 32100-2015 §5: weights of positions 1–17 are 3^(i-1) mod 31.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


def check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 §5 computes from the first 17."""
    total = sum(CHARSET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code, or None when it is."""
    if len(code) != LENGTH:
        return f"must be {LENGTH} characters, got {len(code)}"
    bad = sorted({ch for ch in code if ch not in CHARSET})
    if bad:
        return (
            f"contains {''.join(bad)!r}: only digits and the capital letters "
            f"{CHARSET[10:]} are allowed (GB 32100-2015)"
        )
    if not code[2:8].isdigit():
        # Positions 3–8 are the administrative-division code (GB/T 2260), always digits.
        return "positions 3-8 (administrative division code) must be digits"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]!r} but GB 32100-2015 gives {expected!r}"
    return None


def valid_uscc(code: str) -> str:
    """A pydantic after-validator: `code`, or a ValueError saying why it is not a USCC."""
    problem = uscc_problem(code)
    if problem:
        raise ValueError(f"not a unified social credit code: {problem}")
    return code


# 统一社会信用代码 as a field type: 18 characters with a GB 32100-2015 check character.
Uscc = Annotated[str, AfterValidator(valid_uscc)]
