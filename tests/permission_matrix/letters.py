"""Templates of generated documents: Métropole staff read them; only the administration
uploads a version or restores the shipped one."""

from cvv.letters.models import GeneratedLetter
from tests.permission_matrix.base import STAFF, Rule, only

KIND = {"kind": "funding.convention"}
STAFF_ONLY = only(STAFF)

RULES = [
    Rule("letters:list", STAFF_ONLY),
    Rule("letters:detail", STAFF_ONLY, kwargs=KIND),
    Rule(
        "letters:detail",
        only(("metropole_admin",), 400),
        kwargs=KIND,
        method="post",
        data={"note": "sans fichier"},
        label="upload without a file (nothing kept)",
    ),
    Rule(
        "letters:restore",
        only(("metropole_admin",), 302),
        kwargs=KIND,
        method="post",
        data={"restore-note": "retour au modèle livré"},
    ),
    Rule("letters:download", STAFF_ONLY, kwargs=KIND),
    Rule("letters:download_version", STAFF_ONLY, kwargs={**KIND, "version": 0}),
    Rule("letters:preview", STAFF_ONLY, kwargs=KIND),
    Rule(
        "letters:retry",
        only(STAFF, 302),
        kwargs=lambda ctx: {"pk": GeneratedLetter.objects.filter(pdf_status="ready").first().pk},
        method="post",
        label="a document already converted (nothing changes)",
    ),
]
