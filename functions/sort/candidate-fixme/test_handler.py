import json

import pytest

from handler import handler


def post(body):
    return handler({"httpMethod": "POST", "body": body}, None)


@pytest.mark.parametrize("body, ordered", [("[3,1,2]", [1, 2, 3]), ("[10, 9, 100, 1]", [1, 9, 10, 100]), ("[]", [])])
def test_sorts_numbers(body, ordered):
    response = post(body)
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == ordered


@pytest.mark.parametrize("body", [None, "not json", '{"a":1}', '[1,"2"]', "[true]"])
def test_refuses_what_is_not_a_list_of_numbers(body):
    response = post(body)
    assert response["statusCode"] == 400
    assert response["body"] == '{"message":"request body must be a JSON list of numbers"}'
