"""The UI speaks Indonesian by default and English when asked (footer switch → /i18n/setlang/), and the English
catalog (msgid Indonesian → msgstr English) is complete and compiled: the committed .mo says what the .po says."""

from __future__ import annotations

import gettext
import re
import struct
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from abdi.people.tests.world import PASSWORD
from abdi.web.templatetags.abdi_web import kode_label

pytestmark = pytest.mark.django_db
CATALOG = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
PO, MO = CATALOG / "django.po", CATALOG / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


# --- a small PO reader and msgfmt ------------------------------------------------------------------------
def _unescape(text: str) -> str:
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}[m.group(1)], text)


def read_po(path: Path) -> list[dict]:
    """The entries of a PO file: dicts with ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` or
    ``msgstr[N]`` (strings joined over their continuation lines) and ``flags``. Obsolete (#~) entries skipped."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unescape(line[1:-1])
        else:
            key, _, value = line.partition(" ")
            entry[key] = _unescape(value.strip()[1:-1])
    return entries


def catalog_of(entries: list[dict]) -> dict[str, str]:
    """What a .mo file holds for these entries: key (context␄msgid, msgid␀plural) → msgstr(s) joined by ␀."""
    catalog = {}
    for e in entries:
        key = e["msgid"] + ("\0" + e["msgid_plural"] if "msgid_plural" in e else "")
        if "msgctxt" in e:
            key = e["msgctxt"] + "\x04" + key
        if "msgid_plural" in e:
            value = "\0".join(e[k] for k in sorted(k for k in e if k.startswith("msgstr[")))
        else:
            value = e["msgstr"]
        catalog[key] = value
    return catalog


def msgfmt(entries: list[dict], out: Path) -> None:
    """A tiny msgfmt: writes the GNU .mo file of these entries (no hash table, which readers may do without)."""
    items = sorted((k.encode(), v.encode()) for k, v in catalog_of(entries).items())
    n = len(items)
    keys_at, values_at = 28, 28 + 8 * n
    data_at = 28 + 16 * n
    table_k, table_v, blob = [], [], b""
    for key, _value in items:
        table_k.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for _key, value in items:
        table_v.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, n, keys_at, values_at, 0, 0)
    tables = b"".join(struct.pack("<2I", *t) for t in table_k + table_v)
    out.write_bytes(head + tables + blob)


def _mo_catalog(path: Path) -> dict[str, str]:
    with path.open("rb") as f:
        t = gettext.GNUTranslations(f)
    catalog = {}
    for key, value in t._catalog.items():  # {msgid: str} and {(msgid, n): str} for plural forms
        if isinstance(key, tuple):
            catalog.setdefault(key[0], {})[key[1]] = value
        else:
            catalog[key] = value
    return catalog


def _as_mo(catalog: dict[str, str]) -> dict:
    """``catalog_of`` in the shape GNUTranslations gives back (plural entries under their singular msgid)."""
    out = {}
    for key, value in catalog.items():
        if "\0" in key:
            out[key.split("\0")[0]] = dict(enumerate(value.split("\0")))
        else:
            out[key] = value
    return out


# --- the catalog ------------------------------------------------------------------------------------------
def test_catalog_is_complete_and_not_fuzzy():
    entries = read_po(PO)
    header = [e for e in entries if e["msgid"] == ""]
    assert len(header) == 1 and "Language: en" in header[0]["msgstr"] and "fuzzy" not in header[0]["flags"]
    messages = [e for e in entries if e["msgid"] != ""]
    assert len(messages) > 200
    for e in messages:
        assert "fuzzy" not in e["flags"], e["msgid"]
        strs = [v for k, v in e.items() if k.startswith("msgstr")]
        assert strs and all(s.strip() for s in strs), f"untranslated: {e['msgid']!r}"
        if "msgid_plural" in e:
            assert {k for k in e if k.startswith("msgstr")} == {"msgstr[0]", "msgstr[1]"}, e["msgid"]
        for s in strs:  # the same placeholders on both sides
            assert set(PLACEHOLDER.findall(s)) == set(PLACEHOLDER.findall(e["msgid"])), e["msgid"]


def test_compiled_catalog_is_up_to_date(tmp_path):
    entries = read_po(PO)
    expected = _as_mo(catalog_of(entries))
    committed = _mo_catalog(MO)
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in committed.pop("")  # msgfmt drops POT-Creation-Date
    assert committed == {k: v for k, v in expected.items() if k}  # `make messages` compiles the .po; commit both
    fresh = tmp_path / "django.mo"
    msgfmt(entries, fresh)
    assert _mo_catalog(fresh) == expected


def test_indonesian_source_strings_are_not_translated_by_other_catalogs():
    """Indonesian is the source language: no catalog (e.g. Django's own Indonesian one) may turn one of our
    msgids into something else."""
    translation.activate("id")
    try:
        for e in read_po(PO):
            if not e["msgid"]:
                continue
            if "msgid_plural" in e:
                got = translation.ngettext(e["msgid"], e["msgid_plural"], 2)
                assert got == e["msgid_plural"]
            elif "msgctxt" in e:
                assert translation.pgettext(e["msgctxt"], e["msgid"]) == e["msgid"]
            else:
                assert translation.gettext(e["msgid"]) == e["msgid"]
    finally:
        translation.deactivate()


def test_code_words_follow_the_language():
    with translation.override("id"):
        assert kode_label("TUGAS_BELAJAR") == "Tugas belajar"
        assert kode_label("JABATAN,UNOR") == "Jabatan, unor"
        assert kode_label("") == "—"
    with translation.override("en"):
        assert kode_label("TUGAS_BELAJAR") == "Study leave"
        assert kode_label("JABATAN,UNOR") == "Position, work unit"
        assert kode_label("KODE_BARU") == "Kode baru"  # a code the catalog does not know: shown as words


# --- the pages --------------------------------------------------------------------------------------------
def _to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("web:home")})
    assert response.status_code == 302


def test_pages_are_indonesian_by_default(client, users):
    client.force_login(users.admin_a)
    html = client.get(reverse("web:home")).content.decode()
    assert 'lang="id"' in html and ">Beranda<" in html and ">Pegawai<" in html and "Selamat datang" in html
    assert ">Home<" not in html and "Welcome" not in html
    html = client.get(reverse("people:list")).content.decode()
    assert "<h1>Pegawai</h1>" in html and "Cari nama atau NIP" in html


def test_home_and_employee_list_in_english(client, users):
    client.force_login(users.admin_a)
    _to_english(client)
    html = client.get(reverse("web:home")).content.decode()
    assert 'lang="en"' in html and ">Home<" in html and ">Employees<" in html and "Welcome, admin-a" in html
    assert "Agency admin" in html and ">Sign out<" in html
    assert ">Beranda<" not in html and "Selamat datang" not in html and ">Keluar<" not in html
    html = client.get(reverse("people:list")).content.decode()
    assert "<h1>Employees</h1>" in html and "Search name or NIP" in html and ">Work unit<" in html
    assert "<h1>Pegawai</h1>" not in html and "Cari nama atau NIP" not in html and ">Unit kerja<" not in html
    # switching back
    client.post("/i18n/setlang/", {"language": "id", "next": reverse("web:home")})
    assert ">Beranda<" in client.get(reverse("web:home")).content.decode()


def test_employee_profile_in_english(client, users, world):
    client.force_login(users.admin_a)
    _to_english(client)
    nip = sorted(world.a_nips)[0]
    html = client.get(reverse("people:detail", args=[nip])).content.decode()
    assert "Basic data" in html and "Position and placement" in html and ">History<" in html
    assert "Data pokok" not in html and "Jabatan dan penempatan" not in html


def test_audit_page_in_english(client, users):
    client.force_login(users.national_admin)
    _to_english(client)
    html = client.get(reverse("audit:list")).content.decode()
    assert "<h1>Audit trail</h1>" in html and "Object type" in html and ">Audit trail<" in html
    assert "<h1>Jejak audit</h1>" not in html and "Jenis objek" not in html and ">Jejak audit<" not in html


def test_account_page_in_english(client, users):
    client.force_login(users.employee_b)
    _to_english(client)
    html = client.get(reverse("accounts:account")).content.decode()
    assert "<h1>My account</h1>" in html and "Change password" in html and "Employee" in html
    assert "<h1>Akun saya</h1>" not in html and "Ganti kata sandi" not in html


def test_login_page_in_english(client, users):
    _to_english(client)
    html = client.get(reverse("web:login")).content.decode()
    assert 'lang="en"' in html and "Sign in to Abdi" in html and ">Username<" in html
    assert "Masuk ke Abdi" not in html and ">Nama pengguna<" not in html
    # the sign-in error is English too
    html = client.post(reverse("web:login"), {"username": "admin-a", "password": "salah"}).content.decode()
    assert "Wrong username or password" in html and "Nama pengguna atau kata sandi salah" not in html
    response = client.post(reverse("web:login"), {"username": "admin-a", "password": PASSWORD})
    assert response.status_code == 302
