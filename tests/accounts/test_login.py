"""Logging in, roles and the language switch."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_with_the_right_password(client, analyst):
    response = client.post(reverse("login"), {"username": "analyst", "password": "pw-analyst"})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(analyst.pk)


def test_login_with_a_wrong_password_says_so(client, analyst):
    response = client.post(reverse("login"), {"username": "analyst", "password": "nope"})
    assert response.status_code == 200
    assert "didn" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("language", "word"),
    [("en", "Log in"), ("ru", "Войти"), ("az", "Daxil ol"), ("kk", "Кіру"), ("ky", "Кирүү")],
)
def test_login_page_speaks_five_languages(client, language, word):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert word in response.content.decode()


def test_roles_decide_who_may_ingest(analyst, officer, supervisor, partner, outsider):
    assert analyst.may_ingest() and supervisor.may_ingest() and outsider.may_ingest()
    assert not officer.may_ingest()
    assert not partner.may_ingest()
    assert not partner.works_in_unit()


def test_admin_is_for_administrators_only(client_for, administrator, analyst):
    assert client_for(administrator).get(reverse("admin:index")).status_code == 200
    response = client_for(analyst).get(reverse("admin:index"))
    assert response.status_code == 302  # not staff: sent to the admin login
