"""Sort, in Python: a JSON list of numbers in, the same list in ascending order out.

Challenge 5: this candidate is already coded, but two small things still differ from the
control. Compare its answers with the control's, fix them, and deploy it again.
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
        "headers": {"content-type": "text/plain"},
        "body": json.dumps(sorted(numbers)),
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
