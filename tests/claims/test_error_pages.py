"""Error pages speak the product's language instead of the server's."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_forbidden_page_explains_the_roles(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("claims:dashboard"))
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()


def test_not_found_page_points_to_the_published_claims(client):
    response = client.get("/claims/no-such-claim/")
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()
