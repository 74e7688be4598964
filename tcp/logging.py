"""Keeps NHS numbers out of logs, whatever code logged them."""

import logging
import re

# Ten digits, optionally spaced 3-3-4, not inside a longer number.
NHS_NUMBER_PATTERN = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
REDACTED = "[NHS number removed]"


def scrub(text: str) -> str:
    return NHS_NUMBER_PATTERN.sub(REDACTED, text)


class ScrubNhsNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
