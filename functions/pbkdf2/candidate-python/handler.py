"""PBKDF2, in Python: a key derived from a password with hashlib's PBKDF2-HMAC-SHA512."""

import hashlib
import json
import re

ITERATIONS = re.compile(r"[1-9]\d{0,5}")
MOST_ITERATIONS = 100000
KEY_BYTES = 64


def handler(event, context):
    query = event.get("queryStringParameters") or {}
    password = query.get("password", "correct horse battery staple")
    salt = query.get("salt", "serverless-scientist")
    raw_iterations = query.get("iterations", "10000")
    if password == "":
        return bad_request("query parameter 'password' must not be empty")
    if salt == "":
        return bad_request("query parameter 'salt' must not be empty")
    if not ITERATIONS.fullmatch(raw_iterations) or int(raw_iterations) > MOST_ITERATIONS:
        return bad_request(f"query parameter 'iterations' must be an integer from 1 to {MOST_ITERATIONS}")
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt.encode(), int(raw_iterations), KEY_BYTES)
    return {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": key.hex()}


def bad_request(message):
    return {
        "statusCode": 400,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": message}, separators=(",", ":")),
    }
