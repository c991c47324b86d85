"""``abdi plan solve --problem DIR --out FILE``: solve a redistribution problem given as files (CONTRACTS §9)."""

import json

from django.core.management.base import CommandError

from abdi.core.management.base import EXIT_FAILED, AbdiCommand, UsageError


class Command(AbdiCommand):
    help = "Perencanaan: pecahkan masalah redistribusi dari berkas (solve)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["solve"], metavar="solve",
                            help="pecahkan masalah redistribusi (CONTRACTS §9)")
        parser.add_argument("--problem", metavar="DIR", help="direktori berkas masalah")
        parser.add_argument("--out", metavar="FILE", help="berkas CSV perpindahan yang dipilih")

    def handle(self, *args, **opts):
        if not opts["problem"] or not opts["out"]:
            raise UsageError("solve memerlukan --problem DIR dan --out FILE")
        self._solve(opts["problem"], opts["out"])

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
