"""``abdi token create USERNAME [--days N]`` (CONTRACTS §2): a new API token, printed alone on the last line.
Also ``abdi token list USERNAME`` and ``abdi token revoke USERNAME PREFIX`` (extensions)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils import timezone

from abdi.accounts.api_auth import DEFAULT_DAYS, token_create, token_revoke, tokens_of
from abdi.accounts.models import User
from abdi.core.management.base import EXIT_FAILED, AbdiCommand, UsageError


class Command(AbdiCommand):
    help = ("Token API (API tokens): `token create USERNAME` membuat token bearer; `token list USERNAME` "
            "menampilkan token pengguna; `token revoke USERNAME PREFIX` mencabutnya.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"], metavar="create|list|revoke")
        parser.add_argument("username", metavar="USERNAME")
        parser.add_argument("prefix", nargs="?", metavar="PREFIX", help="awalan token yang dicabut (revoke)")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, metavar="N",
                            help=f"masa berlaku dalam hari (validity in days, default {DEFAULT_DAYS})")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"pengguna tidak dikenal (unknown user): {options['username']}",
                               returncode=EXIT_FAILED)
        action = options["action"]
        if action == "list":
            return self._list(user)
        if action == "revoke":
            return self._revoke(user, options["prefix"])
        days = options["days"]
        if days < 1 or days > 3650:
            raise UsageError("--days: harus 1..3650 (must be 1..3650)")
        if not user.is_active:
            raise CommandError(f"pengguna tidak aktif (inactive user): {user.username}", returncode=EXIT_FAILED)
        token, row = token_create(user, days=days)
        self.stderr.write(f"Token {row.prefix}… untuk {user.username}, berlaku sampai "
                          f"{row.expires_at:%Y-%m-%d %H:%M} UTC. Simpan sekarang: tidak dapat ditampilkan lagi.")
        self.stdout.write(token)

    def _list(self, user):
        now = timezone.now()
        for row in tokens_of(user):
            state = "dicabut" if row.revoked_at else ("kedaluwarsa" if row.expires_at <= now else "aktif")
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "-"
            self.stdout.write(f"{row.prefix}\t{state}\t{row.expires_at:%Y-%m-%d}\t{used}\t{row.name}")

    def _revoke(self, user, prefix):
        if not prefix:
            raise UsageError("revoke: sebutkan PREFIX token (give the token's PREFIX, see `abdi token list`)")
        rows = [r for r in tokens_of(user) if r.prefix == prefix]
        if len(rows) != 1:
            raise CommandError(f"tidak ada tepat satu token berawalan {prefix} untuk {user.username} "
                               f"(no single token with that prefix)", returncode=EXIT_FAILED)
        token_revoke(user=user, token_id=rows[0].pk, actor_label="cli")
        self.stderr.write(f"Token {prefix}… milik {user.username} dicabut.")
