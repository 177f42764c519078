import json

import pytest

from handler import handler


# The plumbing's tests; add your own for fizzbuzz itself.
@pytest.mark.parametrize(
    "query, message",
    [
        ({"from": "0"}, "query parameter 'from' must be a positive integer"),
        ({"from": "x"}, "query parameter 'from' must be a positive integer"),
        ({"to": "1.5"}, "query parameter 'to' must be an integer"),
        ({"from": "1", "to": "10001"}, "from and to may span at most 10000 numbers"),
    ],
)
def test_refuses_bad_parameters(query, message):
    response = handler({"queryStringParameters": query}, None)
    assert response["statusCode"] == 400
    assert json.loads(response["body"]) == {"message": message}
