import json

import pytest

from handler import handler


def get(number):
    return handler({"queryStringParameters": None if number is None else {"number": number}}, None)


@pytest.mark.parametrize(
    "number, rounded",
    [("62.5", "63"), ("62.4", "62"), ("-2.5", "-2"), ("-0.4", "0"), ("1e21", "1e+21"), ("4503599627370497", "4503599627370497"), ("1152921504606846976", "1152921504606847000")],
)
def test_rounds_like_javascript(number, rounded):
    assert get(number) == {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": rounded}


@pytest.mark.parametrize("number", ["abc", "", "1e400", " 1", "nan", "inf", "1_000"])
def test_refuses_what_is_not_a_decimal_number(number):
    response = get(number)
    assert response["statusCode"] == 400
    assert json.loads(response["body"]) == {"message": "query parameter 'number' must be a decimal number"}


def test_asks_for_a_missing_number():
    assert get(None)["body"] == '{"message":"query parameter \'number\' is required"}'
