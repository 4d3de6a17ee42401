import pytest

from tests.review.builders import suggested_link


@pytest.fixture
def suggestion(db):
    """One suggested link between two claims, each with an appearance in an article."""
    return suggested_link()


@pytest.fixture
def as_user(client, request):
    """Log the client in as the named role fixture (or stay anonymous with None)."""

    def login(role):
        if role is not None:
            client.force_login(request.getfixturevalue(role))
        return client

    return login


HX = {"HX-Request": "true"}


def hx(target=None):
    headers = dict(HX)
    if target:
        headers["HX-Target"] = target
    return headers
