import re
from pathlib import Path

import pytest
from django.urls import reverse

from abdi.people.tests.world import PASSWORD

pytestmark = pytest.mark.django_db
VENDOR = Path(__file__).resolve().parents[1] / "static" / "web" / "vendor" / "htmx"


def test_home_requires_login(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_login_page_is_indonesian_and_has_csrf(client):
    html = client.get(reverse("web:login")).content.decode()
    assert 'lang="id"' in html and "Masuk" in html and "csrfmiddlewaretoken" in html


def test_login_and_logout(client, users):
    response = client.post(reverse("web:login"), {"username": "admin-a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    html = client.get(reverse("web:home")).content.decode()
    assert "Admin instansi" in html and "Pemerintah Kabupaten Bandung" in html
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_wrong_password_is_refused(client, users):
    response = client.post(reverse("web:login"), {"username": "admin-a", "password": "salah"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()


def test_nav_follows_the_role(client, users):
    client.force_login(users.employee_b)
    html = client.get(reverse("web:home")).content.decode()
    assert "Profil saya" in html and reverse("org:instansi_list") not in html
    client.force_login(users.national_analyst)
    html = client.get(reverse("web:home")).content.decode()
    assert reverse("org:instansi_list") in html and "seluruh instansi" in html


def test_htmx_is_vendored_with_licence_and_version(client, users):
    assert (VENDOR / "htmx.min.js").stat().st_size > 10_000
    assert "Zero-Clause BSD" in (VENDOR / "LICENSE").read_text()
    assert "2.0.4" in (VENDOR / "VERSION").read_text()
    client.force_login(users.admin_a)
    html = client.get(reverse("web:home")).content.decode()
    assert "web/vendor/htmx/htmx.min.js" in html
    # no asset from another origin (a random CSRF token may well contain the letters "cdn")
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert '"historyCacheSize": 0' in html  # no personal data kept in the browser's localStorage
