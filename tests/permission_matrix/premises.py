"""The premises register: a commune's people see and edit their commune's premises, the
foncière's officers those it follows, the Métropole's staff all; other roles are refused."""

from cvv.documents.services import document_upload
from cvv.premises.models import Premises
from cvv.premises.pieces import premises_piece_upload
from cvv.territories.models import Commune
from tests.documents.helpers import PNG_BYTES, pdf, upload
from tests.permission_matrix.base import COMMUNE_93005, STAFF, Rule, expect, link, only

REGISTER = (*STAFF, *COMMUNE_93005, "other_commune_agent", "fonciere_officer")
OWN = (*STAFF, *COMMUNE_93005)  # the 93005 premises, not followed by the foncière
FOLLOWED = (*STAFF, "other_commune_agent", "fonciere_officer")  # the 93048 one, followed


def setup(ctx):
    ctx.premises_93005 = Premises.objects.create(
        commune=Commune.objects.get(code="93005"), address="1 rue de Sevran", status="occupe"
    )
    ctx.premises_93048 = Premises.objects.create(
        commune=Commune.objects.get(code="93048"),
        address="2 rue de Paris",
        status="occupe",
        fonciere_followed=True,
    )


def photos(ctx):
    """Built lazily, by the photo rules only: per premises, a photo of its commune's vault
    not yet placed (`photo_<name>`) and a placed one (`piece_<name>`)."""
    if getattr(ctx, "piece_premises_93005", None) is not None:
        return ctx
    for name in ("premises_93005", "premises_93048"):
        premises = getattr(ctx, name)
        admin = ctx.users["metropole_admin"]
        photo = document_upload(
            commune=premises.commune,
            uploaded_file=upload("vitrine.png", PNG_BYTES, "image/png"),
            kind="photo",
            title="Vitrine",
            actor=admin,
        )
        setattr(ctx, f"photo_{name}", photo)
        piece = premises_piece_upload(
            premises=premises,
            slot_key="photos",
            uploaded_file=upload("salle.png", PNG_BYTES, "image/png"),
            title="Salle",
            actor=admin,
        )
        setattr(ctx, f"piece_{name}", piece)
    return ctx


def scoped(seeing, status=200):
    """`seeing` get `status`; the register's other roles 404; the rest 403."""
    return only(seeing, status, **{r: 404 for r in REGISTER if r not in seeing})


def state(name):
    return lambda ctx: Premises.objects.filter(pk=getattr(ctx, name).pk).values().get()


RULES = []
for name, seeing in (("premises_93005", OWN), ("premises_93048", FOLLOWED)):
    kwargs = (lambda n: lambda ctx: {"pk": getattr(ctx, n).pk})(name)
    RULES += [
        Rule("premises:detail", scoped(seeing), kwargs=kwargs, label=name),
        Rule("premises:edit", scoped(seeing), kwargs=kwargs, label=name),
        Rule(
            "premises:edit",
            scoped(seeing, 400),
            method="post",
            data={"address": ""},
            kwargs=kwargs,
            state=state(name),
            label=f"{name}, incomplete form",
        ),
        Rule(
            "premises:status",
            scoped(seeing, 302),
            method="post",
            data={"status": "vacant", "on": "2025-01-15", "note": ""},
            kwargs=kwargs,
            label=name,
        ),
        # Photos and plans: who edits the premises places a vault photo, takes a piece out.
        Rule(
            "premises:piece",
            scoped(seeing, 302),
            method="post",
            kwargs=(lambda n: lambda ctx: {"pk": getattr(photos(ctx), n).pk, "slot": "photos"})(
                name
            ),
            data=(lambda n: lambda ctx: {"piece-photos-document": getattr(ctx, f"photo_{n}").pk})(
                name
            ),
            state=(lambda n: lambda ctx: list(getattr(ctx, n).pieces.values_list("pk")))(name),
            label=name,
        ),
        Rule(
            "premises:piece_remove",
            scoped(seeing, 302),
            method="post",
            kwargs=(
                lambda n: (
                    lambda ctx: {
                        "pk": getattr(photos(ctx), n).pk,
                        "piece_pk": getattr(ctx, f"piece_{n}").pk,
                    }
                )
            )(name),
            state=(lambda n: lambda ctx: list(getattr(ctx, n).pieces.values_list("pk")))(name),
            label=name,
        ),
    ]

RULES += [
    Rule("premises:create", only(REGISTER)),
    Rule(
        "premises:create",
        only(REGISTER, 400),
        method="post",
        data={"address": ""},
        label="incomplete form",
    ),
    Rule(
        "premises:list",
        only(REGISTER),
        shows=lambda ctx: {
            "aulnay": link("premises:detail", pk=ctx.premises_93005.pk),
            "montreuil": link("premises:detail", pk=ctx.premises_93048.pk),
        },
        sees={"aulnay": OWN, "montreuil": FOLLOWED},
        label="scoped list",
    ),
]


def offer_photos(ctx):
    """Built lazily: a photo and a plan of the published offer's premises, a photo of the
    draft offer's (offers from the matchmaking module's setup)."""
    if getattr(ctx, "published_photo", None) is not None:
        return ctx
    admin = ctx.users["metropole_admin"]

    def place(offer, slot, uploaded_file):
        return premises_piece_upload(
            premises=offer.premises,
            slot_key=slot,
            uploaded_file=uploaded_file,
            title=slot,
            actor=admin,
        ).document

    ctx.published_photo = place(ctx.offer_93005, "photos", upload("v.png", PNG_BYTES, "image/png"))
    ctx.published_plan = place(ctx.offer_93005, "plans", pdf())
    ctx.draft_photo = place(ctx.offer_93048, "photos", upload("v.png", PNG_BYTES, "image/png"))
    return ctx


def offer_photo(offer, document):
    return lambda ctx: {
        "pk": getattr(offer_photos(ctx), offer).pk,
        "document_pk": getattr(ctx, document).pk,
    }


# Public photos: a published offer's premises photos for everyone; its plans and a draft
# offer's photos for no one.
RULES += [
    Rule(
        "matchmaking:public_offer_photo",
        expect(200),
        kwargs=offer_photo("offer_93005", "published_photo"),
        label="published offer, photo",
    ),
    Rule(
        "matchmaking:public_offer_photo",
        expect(404),
        kwargs=offer_photo("offer_93005", "published_plan"),
        label="published offer, plan",
    ),
    Rule(
        "matchmaking:public_offer_photo",
        expect(404),
        kwargs=offer_photo("offer_93048", "draft_photo"),
        label="draft offer, photo",
    ),
]
