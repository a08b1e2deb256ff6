"""Plausibility warnings of an import: values that are valid but unlikely (dates in the
future, one SIRET on many rows, a surveyed premises placed in another commune). They do not
reject anything; they are stored with the import's report ("avertissements") and shown to
the operator on the import's page and by the command."""

from django.utils import timezone

from cvv.observatory.readers import connect, literal

MAX_EXAMPLES = 5
# Tolerance around a commune's outline for surveyed positions (geocoding noise), degrees.
BORDER_TOLERANCE = 0.0005  # ~40–55 m at the Métropole's latitude


def _today():
    return timezone.localdate()


class SireneChecks:
    """Plausibility of the establishments kept by a SIRENE import, gathered batch by batch
    while they are written (no second pass over the stock file): dates in the future, and
    SIRETs on several rows (SIRETs are 14 digits once the import has checked them, so they
    are kept as 64-bit integers and sorted once at the end)."""

    def __init__(self, today=None):
        self.today = today or _today()
        self.future = 0
        self.future_examples = []
        self.sirets = []

    def add(self, batch):
        """A batch of kept rows (Arrow record batch with siret, date_creation, date_debut)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if not len(batch):
            return
        today = pa.scalar(self.today, type=pa.date32())
        future = pc.fill_null(
            pc.or_kleene(
                pc.greater(batch.column("date_creation"), today),
                pc.greater(batch.column("date_debut"), today),
            ),
            False,
        )
        count = pc.sum(future).as_py() or 0
        if count:
            self.future += count
            room = MAX_EXAMPLES - len(self.future_examples)
            if room > 0:
                self.future_examples.extend(
                    batch.column("siret").filter(future).slice(0, room).to_pylist()
                )
        sirets = pc.cast(batch.column("siret"), pa.int64()).to_numpy(zero_copy_only=False)
        # Each batch sorted here (in the writer's thread), so that the final sort only
        # merges runs (a stable sort of sorted runs is about twice as fast as a full sort).
        self.sirets.append(np.sort(sirets))

    def warn(self, report):
        import numpy as np

        if self.future:
            report.warn(
                f"date de création ou de début de période dans le futur (après le "
                f"{self.today:%d/%m/%Y})",
                self.future,
                [f"SIRET {s}" for s in self.future_examples],
            )
        if not self.sirets:
            return
        ordered = np.sort(np.concatenate(self.sirets), kind="stable")
        self.sirets = []
        same = ordered[1:] == ordered[:-1]
        if not same.any():
            return
        values, counts = np.unique(ordered[1:][same], return_counts=True)
        counts = counts + 1  # n equal neighbours are n + 1 rows
        order = np.lexsort((values, -counts))  # most repeated first, then by SIRET
        report.warn(
            "même SIRET sur plusieurs lignes (un stock n’a qu’une ligne par établissement) : "
            f"{len(values)} SIRET, jusqu’à {int(counts[order[0]])} lignes pour un seul",
            int(counts.sum()),
            [
                f"SIRET {int(values[i]):014d} : {int(counts[i])} lignes"
                for i in order[:MAX_EXAMPLES]
            ],
        )


def bpe_warnings(report, equipment_file):
    year = _today().year
    path = literal(equipment_file)
    con = connect(read=[equipment_file])
    try:
        count, years = con.execute(
            f"SELECT count(*), list(DISTINCT annee) FROM read_parquet({path}) WHERE annee > {year}"
        ).fetchone()
    finally:
        con.close()
    if count:
        report.warn(
            f"année (AN) dans le futur (après {year})",
            count,
            [f"AN {y}" for y in sorted(years)[:MAX_EXAMPLES]],
        )


def survey_warnings(report, numbered):
    """`numbered`: (line number, checked row) of the accepted rows of a survey file."""
    from cvv.territories.models import Arrondissement, Commune

    today = _today()
    future = [n for n, item in numbered if item["observed_on"] > today]
    if future:
        report.warn(
            f"date de relevé dans le futur (après le {today:%d/%m/%Y})",
            len(future),
            [f"ligne {n}" for n in future[:MAX_EXAMPLES]],
        )
    import shapely  # here, not at module level: the SIRENE import never needs it

    placed = [(n, item) for n, item in numbered if item["lon"] is not None]
    codes = {item["code"] for _, item in placed}
    outlines = {}
    for model in (Commune, Arrondissement):
        for area in model.objects.filter(code__in=codes).only("code", "contour"):
            outlines[area.code] = shapely.buffer(area.geometry, BORDER_TOLERANCE)
    outside = [
        (n, item)
        for n, item in placed
        if item["code"] in outlines
        and not shapely.intersects_xy(outlines[item["code"]], item["lon"], item["lat"])
    ]
    if outside:
        report.warn(
            "position du local hors de la commune (ou de l’arrondissement) indiquée",
            len(outside),
            [f"ligne {n} ({item['code']})" for n, item in outside[:MAX_EXAMPLES]],
        )
