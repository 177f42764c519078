"""Round, in Python, with Python's own round(): a half goes to the even neighbour (62.5 -> 62)."""

import json
import math
import re
from decimal import Decimal

DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def handler(event, context):
    raw = (event.get("queryStringParameters") or {}).get("number")
    if raw is None:
        return bad_request("query parameter 'number' is required")
    number = float(raw) if DECIMAL.fullmatch(raw) else math.nan
    if not math.isfinite(number):
        return bad_request("query parameter 'number' must be a decimal number")
    return {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": as_javascript(round(number))}


def as_javascript(integer):
    """Writes an integral value the way JavaScript's String(number) does, digits and all."""
    shortest = repr(float(integer))
    if abs(integer) >= 1e21:
        return shortest
    return str(int(Decimal(shortest)))


def bad_request(message):
    return {
        "statusCode": 400,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": message}, separators=(",", ":")),
    }
