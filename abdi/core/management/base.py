"""Base for Abdi's own commands: exit codes of CONTRACTS §1 and progress on standard error."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.utils import OperationalError, ProgrammingError

EXIT_OK, EXIT_FAILED, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2, 64


class UsageError(CommandError):
    def __init__(self, message: str):
        super().__init__(message, returncode=EXIT_USAGE)


class _Parser(CommandParser):
    def error(self, message):
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            sys.stderr.write(f"{self.prog}: kesalahan: {message}\n")
            sys.exit(EXIT_USAGE)
        raise CommandError(f"Error: {message}", returncode=EXIT_USAGE)


class AbdiCommand(BaseCommand):
    requires_system_checks: list = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _Parser  # argument errors exit 64, not argparse's 2
        return parser

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except (OperationalError, ProgrammingError) as exc:
            text = str(exc)
            if "no such table" in text or ("relation" in text and "does not exist" in text):
                raise CommandError("basis data belum disiapkan: jalankan `abdi migrate` dulu",
                                   returncode=EXIT_FAILED) from exc
            raise


class Progress:
    """Progress on standard error: a live line on a terminal, plain lines (at most one per second) otherwise."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last = 0.0
        self.last_stage = ""

    def __call__(self, stage: str, fraction: float = 0.0) -> None:  # noqa: ARG002
        now = time.monotonic()
        head = stage.split(":")[0]
        if self.tty:
            self.stream.write(f"\r\033[K{stage}")
            self.stream.flush()
        elif head != self.last_stage or now - self.last >= 1.0:
            self.stream.write(stage + "\n")
            self.stream.flush()
            self.last = now
        self.last_stage = head

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
