import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cvv.observatory import exports
from cvv.observatory.models import DataImport, IndicatorRow

# The engines are imported by the action that uses them (duckdb, pyarrow, shapely, pyproj
# cost ~1 s of start-up together): `compute` does not load the importers, `import-*`
# does not load the compute engine unless --compute is given, `export` needs neither
# (`exports` itself imports shapely only to write GeoJSON).


def _date(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Date invalide « {value} » : format AAAA-MM-JJ attendu.") from None


class Command(BaseCommand):
    help = "Observatoire des centres-villes : imports, calcul des indicateurs, exports."
    # Data commands: the system checks (URLs, templates…) cost ~0.5 s per run and are run
    # by `cvv check` and at server start.
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sirene = sub.add_parser("import-sirene", help="Importe un stock SIRENE d’établissements.")
        sirene.add_argument("stock", help="StockEtablissement : parquet, CSV ou zip")
        sirene.add_argument("--history", help="StockEtablissementHistorique (facultatif)")
        sirene.add_argument("--geo", help="Fichier de géolocalisation des établissements")
        sirene.add_argument("--vintage", help="Millésime AAAA-MM-JJ (défaut : déduit du fichier)")
        sirene.add_argument("--synthetic", action="store_true", help=_SYNTHETIC_HELP)
        sirene.add_argument("--confirm-shrink", action="store_true", help=_SHRINK_HELP)
        sirene.add_argument(
            "--compute",
            action="store_true",
            help="Calcule ensuite les indicateurs à la date du millésime (comme `compute`).",
        )
        for name, label in (
            ("import-bpe", "Importe la base permanente des équipements (BPE)."),
            ("import-population", "Importe les populations légales (donnees_communes.csv)."),
            ("import-survey", "Importe un relevé de terrain des locaux (CSV ou XLSX)."),
        ):
            item = sub.add_parser(name, help=label)
            item.add_argument("file")
            item.add_argument("--vintage", help="Millésime AAAA-MM-JJ")
            item.add_argument("--synthetic", action="store_true", help=_SYNTHETIC_HELP)
            item.add_argument("--confirm-shrink", action="store_true", help=_SHRINK_HELP)
        comp = sub.add_parser("compute", help="Calcule les indicateurs à une date de référence.")
        comp.add_argument("--reference-date", help="AAAA-MM-JJ (défaut : millésime SIRENE)")
        export = sub.add_parser("export", help="Exporte les indicateurs d’un niveau.")
        export.add_argument("--level", required=True, choices=IndicatorRow.Level.values)
        export.add_argument("--reference-date", required=True)
        export.add_argument("--format", required=True, choices=exports.FORMATS)
        export.add_argument("-o", "--output", required=True)

    def handle(self, *args, action, **options):
        if action == "export":
            return self._export(options)
        if action == "import-survey":
            return self._import(action, options)
        # One DuckDB database for the whole run (import, plausibility checks, computation):
        # confined to the files named on the command line and the observatory's data.
        from cvv.observatory import readers, storage

        files = [options.get(k) for k in ("stock", "file", "history", "geo") if options.get(k)]
        storage.work_root().mkdir(parents=True, exist_ok=True)
        with readers.session(read=files, write=[storage.root()], temp_parent=storage.work_root()):
            if action == "compute":
                return self._compute(options)
            return self._import(action, options)

    def _import(self, action, options):
        kind = {
            "import-sirene": DataImport.Kind.SIRENE,
            "import-bpe": DataImport.Kind.BPE,
            "import-population": DataImport.Kind.POPULATION,
            "import-survey": DataImport.Kind.SURVEY,
        }[action]
        path = options.get("stock") or options.get("file")
        extra = {}
        if kind == DataImport.Kind.SIRENE:
            extra = {"history": options.get("history"), "geo": options.get("geo")}
            for label, value in [("stock", path), *extra.items()]:
                if value and not Path(value).is_file():
                    raise CommandError(f"Fichier introuvable ({label}) : {value}.")
        elif not Path(path).is_file():
            raise CommandError(f"Fichier introuvable : {path}.")
        vintage = _date(options["vintage"]) if options.get("vintage") else None
        from cvv.observatory import services

        data_import = services.import_file(
            kind=kind,
            path=path,
            vintage=vintage,
            synthetic=options["synthetic"],
            confirm_shrink=options["confirm_shrink"],
            **extra,
        )
        if data_import.status != DataImport.Status.SUCCEEDED:
            raise CommandError(data_import.error)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(_summary(data_import)))
            for item in data_import.report.get("rejets", []):
                examples = ", ".join(item["exemples"])
                self.stdout.write(f"  rejet : {item['motif']} — {item['lignes']} ({examples})")
            unknown = data_import.report.get("nomenclatures_inconnues") or {}
            if unknown:
                detail = ", ".join(f"{k} : {v}" for k, v in unknown.items())
                self.stdout.write(f"  nomenclatures inconnues (non comptées) : {detail}")
        for item in data_import.report.get("avertissements", []):
            examples = ", ".join(item["exemples"])
            self.stderr.write(
                self.style.WARNING(
                    f"  avertissement : {item['motif']} — {item['lignes']} ({examples})"
                )
            )
        if options.get("compute"):
            self._compute({**options, "reference_date": data_import.vintage.isoformat()})

    def _compute(self, options):
        from cvv.observatory.compute import ComputeError
        from cvv.observatory.compute_service import compute_indicators

        reference = options.get("reference_date")
        try:
            computation = compute_indicators(reference_date=_date(reference) if reference else None)
        except ComputeError as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indicateurs calculés au {computation.reference_date:%d/%m/%Y} : "
                    f"{computation.rows.count()} lignes en {computation.duration_s:.2f} s."
                )
            )
            unknown = computation.report.get("nomenclatures_inconnues") or {}
            if unknown:
                detail = ", ".join(f"{k} : {v}" for k, v in unknown.items())
                self.stdout.write(f"  nomenclatures inconnues (non comptées) : {detail}")

    def _export(self, options):
        reference_date = _date(options["reference_date"])
        try:
            content = exports.export_bytes(options["level"], reference_date, options["format"])
        except exports.NoIndicators as exc:
            raise CommandError(str(exc)) from None
        output = Path(options["output"])
        temp = output.with_name(f".{output.name}.tmp")
        try:
            temp.write_bytes(content)
            temp.replace(output)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise CommandError(
                f"Impossible d’écrire l’export dans {output} : {exc.strerror or exc}."
            ) from None
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Export écrit : {output}"))


_SYNTHETIC_HELP = "Marque l’import comme données de démonstration."
_SHRINK_HELP = (
    "Accepte un import qui retient moins de la moitié des lignes de celui qu’il remplace, "
    "ou aucune (refusé sinon)."
)


def _summary(data_import):
    return (
        f"Import {data_import.get_kind_display()} millésime {data_import.vintage} : "
        f"{data_import.rows_read} lignes lues, {data_import.rows_kept} retenues, "
        f"{data_import.rows_rejected} rejetées, {data_import.rows_outside} hors Métropole "
        f"({data_import.duration_s:.2f} s)."
    )
