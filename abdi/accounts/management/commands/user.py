"""``abdi user add USERNAME --role ROLE [--scope KIND:ID]... [--nip NIP] [--password-file F]`` (CONTRACTS §2)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from abdi.accounts.models import Role
from abdi.accounts.services import AccountError, ScopeTargetNotFound, scope_parse, user_grant, user_scopes
from abdi.core.management.base import EXIT_FAILED, AbdiCommand, UsageError


class Command(AbdiCommand):
    help = "Kelola pengguna (manage users): `user add` membuat pengguna atau mengganti peran dan cakupannya."

    def add_arguments(self, parser):
        # One action so far; a positional with choices keeps every argument error on the exit-64 parser.
        add = parser
        add.add_argument("action", choices=["add"], metavar="add",
                         help="buat pengguna, atau ganti peran dan cakupan pengguna yang ada (create or re-grant)")
        add.add_argument("username", metavar="USERNAME")
        add.add_argument("--role", required=True, metavar="ROLE", help="one of: " + ", ".join(Role.values))
        add.add_argument("--scope", action="append", default=[], metavar="KIND:ID",
                         help="instansi:ID atau unor:ID (unit and its subtree); may repeat; replaces earlier scopes")
        add.add_argument("--nip", default=None, help="NIP of the user's own record")
        add.add_argument("--password-file", type=Path, default=None, metavar="F",
                         help="file holding the password (first line); without it a new user cannot sign in yet")

    def handle(self, *args, **options):
        try:
            scopes = [scope_parse(s) for s in options["scope"]]
        except AccountError as exc:
            raise UsageError(str(exc)) from exc
        password = None
        if options["password_file"] is not None:
            try:
                lines = options["password_file"].read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise UsageError(f"--password-file: tidak dapat dibaca (cannot read): {exc}") from exc
            password = lines[0] if lines else ""
            if not password:
                raise UsageError("--password-file: kata sandi kosong (empty password)")
        try:
            user, created = user_grant(username=options["username"], role=options["role"], scopes=scopes,
                                       nip=options["nip"], password=password)
        except ScopeTargetNotFound as exc:
            raise CommandError(str(exc), returncode=EXIT_FAILED) from exc
        except AccountError as exc:
            raise UsageError(str(exc)) from exc
        if created and password is None:
            self.stderr.write(f"Pengguna {user.username} belum dapat masuk: atur kata sandi dengan "
                              f"`abdi changepassword {user.username}` (no password set yet).")
        self.stdout.write(json.dumps({
            "username": user.username,
            "created": created,
            "role": user.role,
            "scopes": [str(s) for s in user_scopes(user)],
            "nip": user.nip or None,
        }, ensure_ascii=False))
