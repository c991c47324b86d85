"""``abdi token create USERNAME [--days N]`` (CONTRACTS §7): a new API token, printed alone on the last line."""

from __future__ import annotations

from django.core.management.base import CommandError

from abdi.accounts.api_auth import DEFAULT_DAYS, token_create
from abdi.accounts.models import User
from abdi.core.management.base import EXIT_FAILED, AbdiCommand, UsageError


class Command(AbdiCommand):
    help = "Token API (API tokens): `token create` membuat token bearer untuk seorang pengguna."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"], metavar="create", help="buat token baru (create a token)")
        parser.add_argument("username", metavar="USERNAME")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, metavar="N",
                            help=f"masa berlaku dalam hari (validity in days, default {DEFAULT_DAYS})")

    def handle(self, *args, **options):
        days = options["days"]
        if days < 1 or days > 3650:
            raise UsageError("--days: harus 1..3650 (must be 1..3650)")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"pengguna tidak dikenal (unknown user): {options['username']}",
                               returncode=EXIT_FAILED)
        if not user.is_active:
            raise CommandError(f"pengguna tidak aktif (inactive user): {user.username}", returncode=EXIT_FAILED)
        token, row = token_create(user, days=days)
        self.stderr.write(f"Token {row.prefix}… untuk {user.username}, berlaku sampai "
                          f"{row.expires_at:%Y-%m-%d %H:%M} UTC. Simpan sekarang: tidak dapat ditampilkan lagi.")
        self.stdout.write(token)
