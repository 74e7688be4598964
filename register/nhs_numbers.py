"""NHS numbers: checked with the `nhs-number` package, stored as 10 digits, shown 3-3-4."""

import re

import nhs_number

SEPARATORS = re.compile(r"[\s-]")


def nhs_number_problem(typed: str) -> str | None:
    """Why `typed` is not a valid NHS number, in words a person can act on; None if it is valid.

    Spaces and hyphens are allowed anywhere (people copy "943 476 5919" from letters).
    """
    digits = SEPARATORS.sub("", typed or "")
    if not digits:
        return "Enter the NHS number"
    if not digits.isdigit():
        return "NHS number must contain only numbers (spaces are allowed)"
    if len(digits) != 10:
        return f"NHS number must be 10 digits (you entered {len(digits)})"
    if nhs_number.calculate_checksum(digits[:9]) != int(digits[9]):
        return "NHS number is not valid: the check digit is wrong, so a digit may be mistyped"
    if not nhs_number.is_valid(digits):
        # Right check digit but outside any issuable range (for example a CHI number whose first
        # six digits are not a date of birth).
        return "NHS number is not valid: it is not in a range used for NHS numbers"
    return None


def normalise_nhs_number(typed: str) -> str:
    """The 10 digits of a number already known to be valid ("943 476 5919" -> "9434765919")."""
    return SEPARATORS.sub("", typed)


def looks_like_nhs_number(typed: str) -> bool:
    """A search term that is 10 digits once spaces are removed is treated as an NHS number."""
    digits = SEPARATORS.sub("", typed or "")
    return len(digits) == 10 and digits.isdigit()


def format_nhs_number(stored: str | None) -> str:
    """Display form 3-3-4: "943 476 5919"."""
    if not stored:
        return ""
    return f"{stored[:3]} {stored[3:6]} {stored[6:]}"
