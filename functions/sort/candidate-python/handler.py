"""Sort, in Python: a JSON list of numbers in, the same list in ascending order out."""

import json

NOT_A_LIST = "request body must be a JSON list of numbers"


def handler(event, context):
    try:
        numbers = json.loads(event.get("body") or "", parse_constant=refuse)
    except ValueError:
        return respond(400, {"message": NOT_A_LIST})
    if not isinstance(numbers, list) or not all(is_number(item) for item in numbers):
        return respond(400, {"message": NOT_A_LIST})
    return respond(200, sorted(numbers))


def is_number(item):
    # bool is an int in Python, but true and false are not numbers in JSON.
    return isinstance(item, (int, float)) and not isinstance(item, bool)


def refuse(constant):
    raise ValueError(f"{constant} is not JSON")


def respond(status_code, value):
    return {
        "statusCode": status_code,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(value, separators=(",", ":")),
    }
