import json
import re

import pytest

from handler import handler

RFC_6070_SHA512 = (
    "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
    "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce"
)


def get(query):
    return handler({"queryStringParameters": query}, None)


def test_derives_a_64_byte_key_in_hex():
    response = get({"password": "password", "salt": "salt", "iterations": "1"})
    assert response == {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": RFC_6070_SHA512}


def test_has_defaults_for_every_parameter():
    assert re.fullmatch("[0-9a-f]{128}", get(None)["body"])


@pytest.mark.parametrize(
    "query, message",
    [
        ({"iterations": "0"}, "query parameter 'iterations' must be an integer from 1 to 100000"),
        ({"iterations": "100001"}, "query parameter 'iterations' must be an integer from 1 to 100000"),
        ({"iterations": "many"}, "query parameter 'iterations' must be an integer from 1 to 100000"),
        ({"password": ""}, "query parameter 'password' must not be empty"),
        ({"salt": ""}, "query parameter 'salt' must not be empty"),
    ],
)
def test_refuses_bad_parameters(query, message):
    response = get(query)
    assert response["statusCode"] == 400
    assert json.loads(response["body"]) == {"message": message}
