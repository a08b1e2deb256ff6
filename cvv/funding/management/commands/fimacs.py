"""`cvv fimacs compute --json FILE|-`, `cvv fimacs load-default`, `cvv fimacs lapse`."""

import json
import sys

from django.core.management.base import BaseCommand

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Fonds FIMACS : calcul d’aide selon le règlement, règlement par défaut, caducité."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        compute = sub.add_parser(
            "compute",
            help="Calcule l’aide FIMACS d’un dossier décrit en JSON (voir docs/funding.md).",
        )
        compute.add_argument(
            "--json",
            dest="json_file",
            required=True,
            metavar="FICHIER",
            help="Fichier JSON de la demande, ou « - » pour l’entrée standard.",
        )
        sub.add_parser(
            "load-default",
            help="Installe le règlement par défaut defaut-2026 s’il est absent (idempotent).",
        )
        lapse = sub.add_parser(
            "lapse",
            help="Constate la caducité des aides dont le délai de commencement ou de solde "
            "est dépassé.",
        )
        lapse.add_argument("--date", help="Date de référence AAAA-MM-JJ (défaut : aujourd’hui).")

    def handle(self, *args, action, **options):
        if action == "compute":
            return self.compute(options["json_file"])
        if action == "load-default":
            from cvv.funding.loader import load_default

            reglement, created = load_default()
            state = "installé" if created else "déjà présent (inchangé)"
            self.stdout.write(f"Règlement {reglement.code} {state}.")
            return None
        if action == "lapse":
            return self.lapse(options.get("date"))
        return None

    def fail(self, message):
        self.stderr.write(f"erreur : {message}")
        raise SystemExit(EXIT_BAD_INPUT)

    def compute(self, json_file):
        from cvv.funding.compute import (
            MAX_REQUEST_BYTES,
            InputError,
            compute_request,
            load_request,
        )

        limit = MAX_REQUEST_BYTES + 1  # one byte more than allowed: load_request refuses it
        try:
            if json_file == "-":
                stream = getattr(sys.stdin, "buffer", sys.stdin)
                raw = stream.read(limit)
            else:
                with open(json_file, "rb") as handle:
                    raw = handle.read(limit)
        except OSError as exc:
            self.fail(f"fichier « {json_file} » illisible : {exc.strerror}")
        try:
            answer = compute_request(load_request(raw))
        except InputError as exc:
            self.fail(exc.message if exc.field == "(corps)" else str(exc))
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
        return None

    def lapse(self, when):
        from datetime import date

        from cvv.funding.services.lapse import dossiers_lapse

        try:
            on = date.fromisoformat(when) if when else None
        except ValueError:
            self.fail(f"champ « --date » : date AAAA-MM-JJ attendue : {when!r}")
        lapsed = dossiers_lapse(on=on)
        self.stdout.write(f"{len(lapsed)} dossier(s) devenu(s) caduc(s).")
        return None
