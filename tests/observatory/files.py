"""Small files in the exact official schemas, written by the tests themselves."""

import csv
import io
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
from pyproj import Transformer

from cvv.observatory.schema import (
    GEOLOC_COLUMNS,
    POPULATION_COLUMNS,
    SIRENE_HISTORY_COLUMNS,
    SIRENE_STOCK_COLUMNS,
)

_TO_L93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
_counter = iter(range(10_000, 99_999))


def lambert93(lon, lat):
    x, y = _TO_L93.transform(lon, lat)
    return f"{x:.1f}", f"{y:.1f}"


def establishment(
    commune="93005",
    *,
    activite="47.24Z",
    nomenclature="NAFRev2",
    etat="A",
    creation="2015-03-01",
    debut=None,
    employeur="O",
    diffusion="O",
    x="[ND]",
    y="[ND]",
    siret=None,
    **other,
):
    """One StockEtablissement row: every one of the 54 columns, official names."""
    siret = siret or f"123456789{next(_counter):05d}"
    row = dict.fromkeys(SIRENE_STOCK_COLUMNS, "")
    row.update(
        {
            "siren": siret[:9],
            "nic": siret[9:],
            "siret": siret,
            "statutDiffusionEtablissement": diffusion,
            "dateCreationEtablissement": creation,
            "trancheEffectifsEtablissement": "NN",
            "dateDernierTraitementEtablissement": "2025-11-02T10:12:13",
            "etablissementSiege": "true",
            "nombrePeriodesEtablissement": "1",
            "numeroVoieEtablissement": "12",
            "typeVoieEtablissement": "RUE",
            "libelleVoieEtablissement": "DE LA REPUBLIQUE",
            "codePostalEtablissement": "93600",
            "libelleCommuneEtablissement": "AULNAY-SOUS-BOIS",
            "codeCommuneEtablissement": commune,
            "coordonneeLambertAbscisseEtablissement": x,
            "coordonneeLambertOrdonneeEtablissement": y,
            "dateDebut": debut or creation,
            "etatAdministratifEtablissement": etat,
            "enseigne1Etablissement": 'BOULANGERIE, "CHEZ NOUS"',
            "activitePrincipaleEtablissement": activite,
            "nomenclatureActivitePrincipaleEtablissement": nomenclature,
            "caractereEmployeurEtablissement": employeur,
            "activitePrincipaleNAF25Etablissement": activite,
        }
    )
    row.update(other)
    return row


def table(rows, columns):
    return pa.table(
        {c: pa.array([r.get(c, "") or None for r in rows], pa.string()) for c in columns}
    )


def write_parquet(path, rows, columns=SIRENE_STOCK_COLUMNS):
    pq.write_table(table(rows, columns), path)
    return path


def csv_text(rows, columns=SIRENE_STOCK_COLUMNS, delimiter=","):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return buffer.getvalue()


def write_csv(path, rows, columns=SIRENE_STOCK_COLUMNS, delimiter=","):
    path.write_text(csv_text(rows, columns, delimiter), encoding="utf-8")
    return path


def write_zip(path, rows, inner="StockEtablissement_utf8.csv"):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inner, csv_text(rows))
    return path


def period(siret, debut, fin, etat, activite="47.24Z", nomenclature="NAFRev2", employeur="O"):
    row = dict.fromkeys(SIRENE_HISTORY_COLUMNS, "")
    row.update(
        {
            "siret": siret,
            "dateDebut": debut,
            "dateFin": fin or "",
            "etatAdministratifEtablissement": etat,
            "activitePrincipaleEtablissement": activite,
            "nomenclatureActivitePrincipaleEtablissement": nomenclature,
            "caractereEmployeurEtablissement": employeur,
            "changementEtatAdministratifEtablissement": "true",
        }
    )
    return row


def geoloc(siret, lon, lat):
    row = dict.fromkeys(GEOLOC_COLUMNS, "")
    x, y = lambert93(lon, lat)
    row.update(
        {
            "siret": siret,
            "x": x,
            "y": y,
            "qualite_xy": "11",
            "epsg": "2154",
            "plg_code_commune": "93005",
            "x_longitude": f"{lon:.6f}",
            "y_latitude": f"{lat:.6f}",
        }
    )
    return row


BPE_COLUMNS = ["AN", "NOMRS", "CNOMRS", "NUMVOIE", "INDREP", "TYPVOIE", "LIBVOIE", "CADR",
               "CODPOS", "DEPCOM", "DEP", "REG", "DOM", "SDOM", "TYPEQU", "SIRET",
               "STATUT_DIFFUSION", "LAMBERT_X", "LAMBERT_Y", "QUALITE_XY", "EPSG"]  # fmt: skip


def bpe(depcom, typequ, an="2024"):
    row = dict.fromkeys(BPE_COLUMNS, "")
    row.update({"AN": an, "DEPCOM": depcom, "DEP": depcom[:2], "TYPEQU": typequ,
                "DOM": typequ[:1], "SDOM": typequ[:2]})  # fmt: skip
    return row


def population(code, pmun):
    row = dict.fromkeys(POPULATION_COLUMNS, "")
    row.update(
        {"CODREG": "11", "REG": "Île-de-France", "CODDEP": code[:2], "CODARR": "1",
         "CODCAN": "99", "CODCOM": code[2:], "COM": f"Commune {code}", "PMUN": pmun}
    )  # fmt: skip
    return row
