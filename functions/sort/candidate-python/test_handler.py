import pytest

from handler import handler


def post(body):
    return handler({"httpMethod": "POST", "body": body}, None)


@pytest.mark.parametrize(
    "body, ordered",
    [
        ("[3,1,2]", "[1,2,3]"),
        ("[10, 9, 100, 1]", "[1,9,10,100]"),
        ("[-2.5, 3.14, 0, -10]", "[-10,-2.5,0,3.14]"),
        ("[1.0, 0.5]", "[0.5,1.0]"),
        ("[]", "[]"),
    ],
)
def test_sorts_numbers(body, ordered):
    assert post(body) == {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": ordered}


@pytest.mark.parametrize("body", [None, "", "not json", '{"a":1}', '[1,"2"]', "[1,null]", "[true]", "[NaN]", '"[1]"'])
def test_refuses_what_is_not_a_list_of_numbers(body):
    assert post(body) == {
        "statusCode": 400,
        "headers": {"content-type": "application/json"},
        "body": '{"message":"request body must be a JSON list of numbers"}',
    }
