"""FizzBuzz, in Python: the numbers from `from` up to `to`, one a line, as plain text."""

import json
import re

POSITIVE = re.compile(r"[1-9]\d{0,8}")
INTEGER = re.compile(r"-?\d{1,9}")
MOST_NUMBERS = 10000


def fizzbuzz(start, end):
    """The FizzBuzz lines for start up to end (both ints), joined with '\\n'."""
    lines = []
    for number in range(start, end + 1):
        if number % 15 == 0:
            lines.append("Fizz Buzz")
        elif number % 3 == 0:
            lines.append("Fizz")
        elif number % 5 == 0:
            lines.append("Buzz")
        else:
            lines.append(str(number))
    return "\n".join(lines)


def handler(event, context):
    query = event.get("queryStringParameters") or {}
    raw_from = query.get("from", "1")
    if not POSITIVE.fullmatch(raw_from):
        return refuse(400, "query parameter 'from' must be a positive integer")
    start = int(raw_from)
    raw_to = query.get("to")
    if raw_to is not None and not INTEGER.fullmatch(raw_to):
        return refuse(400, "query parameter 'to' must be an integer")
    end = start + 99 if raw_to is None else int(raw_to)
    if end - start >= MOST_NUMBERS:
        return refuse(400, f"from and to may span at most {MOST_NUMBERS} numbers")
    text = fizzbuzz(start, end)
    if text is None:
        return refuse(501, "fizzbuzz is not written yet: see the comment in the handler")
    return {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": text}


def refuse(status_code, message):
    return {
        "statusCode": status_code,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": message}, separators=(",", ":")),
    }
