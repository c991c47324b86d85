"""``abdi export KIND --out FILE [--format csv|xlsx] [--instansi ID] [--year Y] [--as USER]`` (CONTRACTS §8).

The kinds are those registered in ``abdi.people.exports`` (``roster`` here; feature apps add theirs, e.g.
``skp``, from their ``AppConfig.ready``)."""

from pathlib import Path

from django.core.management.base import CommandError

from abdi.core.management.base import AbdiCommand, UsageError


class Command(AbdiCommand):
    help = "Ekspor data (roster; modul lain menambah jenisnya)."

    def add_arguments(self, parser):
        from abdi.people.exports import export_kinds

        parser.add_argument("kind", metavar="KIND", help="jenis ekspor: " + ", ".join(export_kinds()))
        parser.add_argument("--out", required=True, metavar="FILE")
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--instansi", metavar="ID")
        parser.add_argument("--year", type=int, metavar="Y",
                            help="tahun (bawaan: tahun terakhir yang ada datanya), untuk jenis yang bertahun")
        parser.add_argument("--as", dest="as_user", metavar="USER", help="terapkan cakupan pengguna ini")
        parser.add_argument("--scenario", type=int, metavar="ID", help="skenario redistribusi (ekspor plan)")

    def handle(self, *args, **opts):
        from django.contrib.auth import get_user_model

        from abdi.org.models import Instansi
        from abdi.people.exports import EXPORTS, write_table
        from abdi.people.models import Pegawai

        kind = EXPORTS.get(opts["kind"])
        if kind is None:
            raise UsageError(f"jenis ekspor tidak dikenal: {opts['kind']} (tersedia: {', '.join(EXPORTS)})")
        qs = Pegawai.objects.all()
        personal = True
        if opts["as_user"]:
            from abdi.people.selectors import employee_queryset_for_user

            user = get_user_model().objects.filter(username=opts["as_user"]).first()
            if user is None:
                raise CommandError(f"pengguna tidak dikenal: {opts['as_user']}", returncode=1)
            qs = employee_queryset_for_user(user)
            access = getattr(user, "access", None)
            personal = bool(access and access.personal_data)
        if opts["instansi"]:
            if not Instansi.objects.filter(pk=opts["instansi"]).exists():
                raise CommandError(f"instansi tidak dikenal: {opts['instansi']}", returncode=1)
            qs = qs.filter(instansi_id=opts["instansi"])
        year = opts["year"]
        if year is None and kind.resolve_year is not None:
            year = kind.resolve_year()  # None: no data yet, so the file has only its header
        extra = {name: opts.get(name) for name in kind.options}
        n = write_table(Path(opts["out"]), kind.header, kind.rows(qs, year, personal, **extra), fmt=opts["format"])
        # An export of personal records is a read of each of them: one event for the job (DESIGN, security).
        from abdi.core.audit import audit_record

        as_user = user if opts["as_user"] else None
        after = {"rows": n, "format": opts["format"], "instansi": opts["instansi"] or "",
                 "personal_data": personal, "as_user": opts["as_user"] or ""}
        if kind.resolve_year is not None:
            after["year"] = year
        after |= {k: v for k, v in extra.items() if v is not None}
        audit_record(actor=as_user, actor_label="" if as_user else "cli", action=f"export.{opts['kind']}",
                     object_type="export", object_id=Path(opts["out"]).name, after=after,
                     instansi_id=opts["instansi"] or "")
        self.stderr.write(f"{n} baris ditulis ke {opts['out']}")
