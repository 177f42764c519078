"""Sort, in Python: a JSON list of numbers in, the same list in ascending order out.

Challenge 5's reference solution: both slips fixed (the content-type, and the list written
without spaces, as JavaScript's JSON.stringify writes it).
"""

import json

NOT_A_LIST = "request body must be a JSON list of numbers"


def handler(event, context):
    try:
        numbers = json.loads(event.get("body") or "", parse_constant=refuse)
    except ValueError:
        return bad_request()
    if not isinstance(numbers, list) or not all(is_number(item) for item in numbers):
        return bad_request()
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(sorted(numbers), separators=(",", ":")),
    }


def is_number(item):
    # bool is an int in Python, but true and false are not numbers in JSON.
    return isinstance(item, (int, float)) and not isinstance(item, bool)


def refuse(constant):
    raise ValueError(f"{constant} is not JSON")


def bad_request():
    return {
        "statusCode": 400,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": NOT_A_LIST}, separators=(",", ":")),
    }
