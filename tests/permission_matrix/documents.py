from cvv.documents.services import document_upload
from tests.documents.helpers import pdf
from tests.factories import commune
from tests.permission_matrix.base import COMMUNE_93005, STAFF, Rule, link, only


def documents(ctx):
    """Built lazily, by these rules only (the matrix calls every module's setup)."""
    if getattr(ctx, "document_93005", None) is not None:
        return ctx
    ctx.document_93005 = document_upload(
        commune=commune("93005"),
        uploaded_file=pdf(),
        kind="deliberation",
        title="Délibération",
        actor=ctx.users["commune_agent"],
    )
    ctx.document_93048 = document_upload(
        commune=commune("93048"),
        uploaded_file=pdf(),
        kind="devis",
        title="Devis",
        actor=ctx.users["other_commune_agent"],
    )
    return ctx


# Vault: staff, the commune's people and its territory's agents read; others get a 404.
RULES = [
    Rule(
        "documents:vault",
        only((*STAFF, *COMMUNE_93005), 400, denied=404, territory_agent=403),
        kwargs={"code": "93005"},
        method="post",
        data={"kind": "deliberation", "title": "x"},
        label="upload without file",
    ),
    Rule(
        "documents:download",
        only((*STAFF, *COMMUNE_93005, "territory_agent"), denied=404),
        kwargs=lambda ctx: {"pk": documents(ctx).document_93005.pk},
        label="own commune",
    ),
    Rule(
        "documents:download",
        only((*STAFF, "other_commune_agent"), denied=404),
        kwargs=lambda ctx: {"pk": documents(ctx).document_93048.pk},
        label="another commune",
    ),
]


def document_links(ctx):
    documents(ctx)
    return {
        "aulnay": link("documents:download", pk=ctx.document_93005.pk),
        "montreuil": link("documents:download", pk=ctx.document_93048.pk),
    }


# A commune's vault lists that commune's documents only, whoever opens it.
RULES += [
    Rule(
        "documents:vault",
        only((*STAFF, *COMMUNE_93005, "territory_agent"), denied=404),
        kwargs={"code": "93005"},
        shows=document_links,
        sees={"aulnay": (*STAFF, *COMMUNE_93005, "territory_agent"), "montreuil": ()},
        label="own commune, scoped list",
    ),
    Rule(
        "documents:vault",
        only((*STAFF, "other_commune_agent"), denied=404),
        kwargs={"code": "93048"},
        shows=document_links,
        sees={"aulnay": (), "montreuil": (*STAFF, "other_commune_agent")},
        label="another commune, scoped list",
    ),
]
