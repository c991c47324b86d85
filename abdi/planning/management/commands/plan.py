"""``abdi plan solve --problem DIR --out FILE``: solve a redistribution problem given as files, and
``abdi plan export-problem --scenario ID --out DIR``: write a stored scenario as such files (CONTRACTS §9)."""

import json

from django.core.management.base import CommandError

from abdi.core.management.base import EXIT_FAILED, AbdiCommand, UsageError


class Command(AbdiCommand):
    help = ("Perencanaan: pecahkan masalah redistribusi dari berkas (solve) atau tulis skenario tersimpan sebagai "
            "berkas masalah (export-problem).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["solve", "export-problem"], metavar="solve|export-problem",
                            help="pecahkan masalah redistribusi, atau tulis skenario sebagai berkas masalah (§9)")
        parser.add_argument("--problem", metavar="DIR", help="direktori berkas masalah (solve)")
        parser.add_argument("--scenario", type=int, metavar="ID", help="skenario tersimpan (export-problem)")
        parser.add_argument("--out", metavar="FILE|DIR", help="berkas CSV perpindahan (solve) atau direktori (export-problem)")

    def handle(self, *args, **opts):
        if opts["action"] == "export-problem":
            if opts["scenario"] is None or not opts["out"]:
                raise UsageError("export-problem memerlukan --scenario ID dan --out DIR")
            self._export(opts["scenario"], opts["out"])
            return
        if not opts["problem"] or not opts["out"]:
            raise UsageError("solve memerlukan --problem DIR dan --out FILE")
        self._solve(opts["problem"], opts["out"])

    def _export(self, skenario_id: int, out: str) -> None:
        from abdi.planning.models import Skenario
        from abdi.planning.services import scenario_problem_write

        sk = Skenario.objects.filter(pk=skenario_id).first()
        if sk is None:
            raise CommandError(f"skenario tidak dikenal: {skenario_id}", returncode=EXIT_FAILED)
        counts = scenario_problem_write(sk, out)
        self.stdout.write(json.dumps({"status": "OK", "skenario": sk.pk, **counts}))

    def _solve(self, problem_dir: str, out: str) -> None:
        from abdi.planning.optimizer import OptimizerRangeError, solve
        from abdi.planning.problem import ProblemError, read_problem, write_moves

        try:
            problem = read_problem(problem_dir)
            solution = solve(problem.candidates, problem.capacities, problem.seats, problem.arcs)
            write_moves(out, solution.moves)
        except (ProblemError, OptimizerRangeError, OSError) as exc:
            message = str(exc)
            self.stdout.write(json.dumps({"status": "ERROR", "message": message}, ensure_ascii=False))
            raise CommandError(message, returncode=EXIT_FAILED) from exc
        self.stdout.write(json.dumps({
            "status": "OPTIMAL",
            "kursi_terisi": solution.kursi_terisi,
            "bobot_terisi": solution.bobot_terisi,
            "total_biaya": solution.total_biaya,
        }))
