"""Bounds on what an imported file may expand to (decompression bombs, issue 8 item 10).
Defaults fit the national files (StockEtablissement ~8 GB of CSV, 44 M rows; its history
~100 M rows); each can be lowered or raised from the settings."""

from django.conf import settings

from cvv.observatory.errors import ImportFileError

DEFAULTS = {
    # Total bytes an archive (zip, gzip) or a parquet file may expand to.
    "OBSERVATORY_MAX_UNCOMPRESSED_BYTES": 40 * 1024**3,
    # Expansion ratio refused beyond this (official CSVs compress 4–8×; deflate bombs ~1000×)…
    "OBSERVATORY_MAX_COMPRESSION_RATIO": 100,
    # …once the expanded size is beyond this (small files may compress very well, harmlessly).
    "OBSERVATORY_RATIO_CHECK_FROM_BYTES": 64 * 1024**2,
    # Data rows of one file.
    "OBSERVATORY_MAX_ROWS": 250_000_000,
    # Field surveys (CSV or XLSX typed by people): expanded size and rows.
    "OBSERVATORY_SURVEY_MAX_BYTES": 50 * 1024**2,
    "OBSERVATORY_SURVEY_MAX_ROWS": 100_000,
    # A photo of a premises taken on a phone (the page shrinks larger ones before sending).
    "OBSERVATORY_SURVEY_PHOTO_MAX_BYTES": 8 * 1024**2,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])


def megabytes(size):
    return f"{size / 1024**2:,.0f} Mo".replace(",", " ")


def check_ratio(label, expanded, compressed):
    """Raise if `expanded` bytes from `compressed` bytes look like a decompression bomb."""
    maximum = get("OBSERVATORY_MAX_UNCOMPRESSED_BYTES")
    if expanded > maximum:
        raise ImportFileError(
            f"{label} : fichier refusé, il dépasse {megabytes(maximum)} une fois décompressé "
            "(limite de sécurité contre les bombes de décompression)."
        )
    ratio = get("OBSERVATORY_MAX_COMPRESSION_RATIO")
    if expanded > get("OBSERVATORY_RATIO_CHECK_FROM_BYTES") and expanded > ratio * max(
        compressed, 1
    ):
        raise ImportFileError(
            f"{label} : fichier refusé, taux de compression invraisemblable "
            f"({megabytes(compressed)} décompressés en plus de {megabytes(expanded)}, "
            f"limite {ratio}:1) : probable bombe de décompression."
        )


def check_rows(label, rows, maximum=None):
    maximum = maximum or get("OBSERVATORY_MAX_ROWS")
    if rows > maximum:
        raise ImportFileError(
            f"{label} : fichier refusé, plus de {maximum:,} lignes (limite de sécurité).".replace(
                ",", " "
            )
        )
