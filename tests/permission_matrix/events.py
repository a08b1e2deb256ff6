"""Events: public pages (list, event, iCalendar, registration, the person's own registration
through its signed link, certificate check, laureates), organisers' pages (edit, publish,
registrations, check-in) and the awards (communes nominate, the jury decides).

Objects are built lazily, by these rules only (the matrix calls every module's setup)."""

import datetime as dt

from django.utils import timezone

from cvv.events import tokens
from cvv.events.models import (
    AwardCategory,
    AwardCriterion,
    BatchJob,
    Event,
    JuryReview,
    Nomination,
    Registration,
    RegistrationCategory,
    Session,
    SessionDocument,
    WorkshopChoice,
)
from cvv.territories.models import Commune
from tests.permission_matrix.base import (
    COMMUNE_93005,
    PUBLIC,
    ROLES,
    STAFF,
    Rule,
    anchor,
    cell,
    expect,
    item,
    link,
    logged_in,
    only,
    row,
)

SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")
JURY = ("metropole_admin", "instructor")


def ev(ctx):
    if getattr(ctx, "ev_public", None) is not None:
        return ctx
    start = timezone.now() + dt.timedelta(days=20)

    def event(slug, **fields):
        fields.setdefault("starts_at", start)
        fields.setdefault("ends_at", fields["starts_at"] + dt.timedelta(hours=3))
        made = Event.objects.create(slug=slug, title=f"Événement {slug}", **fields)
        RegistrationCategory.objects.create(event=made, category="public", quota=5)
        return made

    ctx.ev_public = event("mx-assises", kind="assises", audience="public", state="published")
    ctx.ev_members = event("mx-formation", kind="training", audience="members",
                           state="published")  # fmt: skip
    ctx.ev_draft = event("mx-brouillon", kind="webinar", state="draft")
    past = timezone.now() - dt.timedelta(days=10)
    ctx.ev_past = event("mx-passee", kind="training", state="published", starts_at=past,
                        training_hours=3)  # fmt: skip
    quota = ctx.ev_public.categories.get()
    ctx.ev_reg_agent = Registration.objects.create(
        event=ctx.ev_public, category=quota, user=ctx.users["commune_agent"], first_name="Ana",
        last_name="Agent", email="agent@exemple.fr", state="confirmed",
    )  # fmt: skip
    ctx.ev_reg_anon = Registration.objects.create(
        event=ctx.ev_public, category=quota, first_name="Paul", last_name="Public",
        email="public@exemple.fr", state="confirmed",
    )  # fmt: skip
    ctx.ev_reg_attended = Registration.objects.create(
        event=ctx.ev_past, category=ctx.ev_past.categories.get(), first_name="Zoé",
        last_name="Présente", email="zoe@exemple.fr", state="attended",
    )  # fmt: skip
    award = AwardCategory.objects.create(event=ctx.ev_public, title="Trophée",
                                         nominations_close_at=start)  # fmt: skip
    award.jurors.set([ctx.users["partner_expert"]])  # the jury sees the award's nominations
    AwardCriterion.objects.create(award=award, label="Impact", weight=1, max_score=5)
    ctx.ev_award = award
    Session.objects.create(event=ctx.ev_public, title="Atelier vitrines", kind="workshop",
                           starts_at=start, ends_at=start + dt.timedelta(hours=1),
                           capacity=10)  # fmt: skip
    ctx.ev_nom_93005 = Nomination.objects.create(
        award=award, commune=Commune.objects.get(code="93005"), project="Halle d’Aulnay",
        pitch="…", state="laureate",
    )  # fmt: skip
    ctx.ev_nom_93048 = Nomination.objects.create(
        award=award, commune=Commune.objects.get(code="93048"), project="Rue de Montreuil",
        pitch="…",
    )  # fmt: skip
    return ctx


def _slug(name):
    return lambda ctx: {"slug": getattr(ev(ctx), name).slug}


def _token(name, salt=tokens.MANAGE):
    return lambda ctx: {"token": tokens.make(getattr(ev(ctx), name), salt)}


def event_links(ctx):
    ev(ctx)
    return {"published": link("events:detail", slug="mx-assises"),
            "draft": link("events:detail", slug="mx-brouillon")}  # fmt: skip


def registration_cells(ctx):
    ev(ctx)
    return {"agent": cell("Ana Agent"), "anonymous": cell("Paul Public")}


def my_links(ctx):
    ev(ctx)
    return {
        "agent": link("events:registration", token=tokens.make(ctx.ev_reg_agent, tokens.MANAGE)),
        "anonymous": link("events:registration",
                          token=tokens.make(ctx.ev_reg_anon, tokens.MANAGE)),
    }  # fmt: skip


def nomination_anchors(ctx):
    ev(ctx)
    return {"aulnay": anchor(f"candidature-{ctx.ev_nom_93005.pk}"),
            "montreuil": anchor(f"candidature-{ctx.ev_nom_93048.pk}")}  # fmt: skip


def laureate_cells(ctx):
    ev(ctx)
    return {"laureate": cell("Halle d’Aulnay"), "submitted": cell("Rue de Montreuil")}


def _state(name):
    return lambda ctx: type(getattr(ev(ctx), name)).objects.get(pk=getattr(ctx, name).pk).state


STAFF_ONLY = only(STAFF)
NOMINATORS = (*STAFF, *COMMUNE_93005, "other_commune_agent")

RULES = [
    Rule("events:list", PUBLIC, shows=event_links,
         sees={"published": ROLES, "draft": STAFF}),
    Rule("events:feed", PUBLIC),
    Rule("events:new", STAFF_ONLY),
    Rule("events:new", only(STAFF, 400), method="post", data={"title": ""}),
    Rule("events:mine", logged_in(), shows=my_links,
         sees={"agent": ("commune_agent",), "anonymous": ()}),
    Rule("events:laureates", PUBLIC, shows=laureate_cells,
         sees={"laureate": ROLES, "submitted": ()}),
    Rule("events:verify", PUBLIC,
         query="?code=" + "1:forged"),
    Rule("events:registration", PUBLIC, kwargs=_token("ev_reg_anon")),
    Rule("events:registration", expect(404), kwargs={"token": "1:forged"}, label="forged"),
    Rule("events:registration", expect(302), kwargs=_token("ev_reg_anon"), method="post",
         state=_state("ev_reg_anon")),
    Rule("events:registration", expect(404), kwargs=lambda ctx: ev(ctx) and {"token": "1:x"},
         method="post",
         label="forged link cancels nothing", state=_state("ev_reg_anon")),
    Rule("events:certificate", PUBLIC, kwargs=_token("ev_reg_attended")),
    Rule("events:certificate", expect(404), kwargs=_token("ev_reg_anon"),
         label="not attended"),
    Rule("events:detail", PUBLIC, kwargs=_slug("ev_public")),
    Rule("events:detail", only(STAFF, denied=404, anonymous=404), kwargs=_slug("ev_draft"),
         label="draft"),
    Rule("events:edit", STAFF_ONLY, kwargs=_slug("ev_public")),
    Rule("events:edit", only(STAFF, 400), kwargs=_slug("ev_public"), method="post",
         data={"title": ""}, state=lambda ctx: Event.objects.get(pk=ctx.ev_public.pk).title),
    Rule("events:ics", PUBLIC, kwargs=_slug("ev_public")),
    Rule("events:register", PUBLIC, kwargs=_slug("ev_public")),
    Rule("events:register", expect(400), kwargs=_slug("ev_public"), method="post", data={},
         label="empty form"),
    Rule("events:register", logged_in(), kwargs=_slug("ev_members"), label="members only"),
    Rule("events:event_transition", only(STAFF, 302, denied=404),
         kwargs=lambda ctx: {"slug": ev(ctx).ev_draft.slug, "name": "publish"}, method="post",
         state=_state("ev_draft")),
    Rule("events:registrations", STAFF_ONLY, kwargs=_slug("ev_public"),
         shows=registration_cells, sees={"agent": STAFF, "anonymous": STAFF}),
    Rule("events:registration_transition", only(STAFF, 302, denied=404),
         kwargs=lambda ctx: {"slug": "mx-assises", "pk": ev(ctx).ev_reg_anon.pk,
                             "name": "check_in"},
         method="post", state=_state("ev_reg_anon")),
    Rule("events:registration_transition", only(STAFF, 302, commune_agent=403, denied=404),
         kwargs=lambda ctx: {"slug": "mx-assises", "pk": ev(ctx).ev_reg_agent.pk,
                             "name": "check_in"},
         method="post", state=_state("ev_reg_agent"), label="own registration"),
    Rule("events:check_in", STAFF_ONLY, kwargs=_slug("ev_public")),
    Rule("events:check_in", only(STAFF, 400), kwargs=_slug("ev_public"), method="post",
         data={"code": "1:forged"}),
    Rule("events:nominate", only(NOMINATORS),
         kwargs=lambda ctx: {"slug": "mx-assises", "pk": ev(ctx).ev_award.pk}),
    Rule("events:nominate", only(NOMINATORS, 400),
         kwargs=lambda ctx: {"slug": "mx-assises", "pk": ev(ctx).ev_award.pk}, method="post",
         data={}),
    Rule("events:nominations", logged_in(), kwargs=_slug("ev_public"),
         shows=nomination_anchors,
         sees={"aulnay": (*STAFF, *COMMUNE_93005, "territory_agent", "partner_expert"),
               "montreuil": (*STAFF, "other_commune_agent", "partner_expert")}),
    Rule("events:nomination_transition",
         expect(404, anonymous=302, metropole_admin=302, instructor=302, finance_officer=403,
                other_commune_agent=403, partner_expert=403),
         kwargs=lambda ctx: {"pk": ev(ctx).ev_nom_93048.pk, "name": "award"}, method="post",
         data={"reason": "Projet exemplaire"}, state=_state("ev_nom_93048"),
         label="jury decision"),
]  # fmt: skip


def api_events(ctx):
    ev(ctx)
    return {"published": item("slug", "mx-assises"), "draft": item("slug", "mx-brouillon")}


# The API is public: published events only; a registration that is not JSON (the matrix posts
# a form) is refused whoever asks, nothing written (tests/events/test_api.py posts JSON);
# a forged secret cancels nothing.
RULES += [
    Rule("api:list_events", PUBLIC, api=True, shows=api_events,
         sees={"published": ROLES, "draft": ()}),
    # One published event for everybody; a draft is unknown to everybody (staff included).
    Rule("api:event_detail", PUBLIC, api=True,
         kwargs=lambda ctx: {"event_id": ev(ctx).ev_public.pk}),
    Rule("api:event_detail", expect(404), api=True, label="draft",
         kwargs=lambda ctx: {"event_id": ev(ctx).ev_draft.pk}),
    Rule("api:register", expect(400), api=True, method="post",
         kwargs=lambda ctx: {"event_id": ev(ctx).ev_draft.pk},
         data={"first_name": "A", "last_name": "B", "email": "a@exemple.fr",
               "category": "public"}),
    Rule("api:cancel_registration", expect(404), api=True, method="delete",
         kwargs=lambda ctx: ev(ctx) and {"secret": "1:forged"},
         state=_state("ev_reg_anon")),
]  # fmt: skip

RULES += [
    Rule("events:programme", STAFF_ONLY, kwargs=_slug("ev_public")),
    Rule("events:programme", only(STAFF, 400), kwargs=_slug("ev_public"), method="post",
         data={"form": "quota", "quota-category": "public", "quota-quota": "-1"},
         state=lambda ctx: list(ev(ctx).ev_public.categories.values_list("quota", flat=True))),
]  # fmt: skip


def registration_rows(ctx):
    ev(ctx)
    return {"agent": row("Nom", "Agent"), "anonymous": row("Nom", "Public")}


RULES += [
    Rule("events:registrations", STAFF_ONLY, kwargs=_slug("ev_public"), query="?format=csv",
         shows=registration_rows, sees={"agent": STAFF, "anonymous": STAFF}, label="export"),
]  # fmt: skip

# The satisfaction survey: the person present, through their link (the link is the key);
# its results: the organisers.
RULES += [
    Rule("events:survey", PUBLIC, kwargs=_token("ev_reg_attended")),
    Rule("events:survey", expect(404), kwargs=_token("ev_reg_anon"), label="not present"),
    Rule("events:survey", expect(400), kwargs=_token("ev_reg_attended"), method="post",
         data={"overall": "9"}),
    Rule("events:survey_results", STAFF_ONLY, kwargs=_slug("ev_past")),
]  # fmt: skip


# Badges and QR code: the organisers print the batch; a person gets their own through their
# signed link (the link is the key). A place offered from the waiting list is confirmed and
# workshops are chosen through the same link; a forged link changes nothing.
RULES += [
    Rule("events:badges", STAFF_ONLY, kwargs=_slug("ev_public")),
    Rule("events:badge", PUBLIC, kwargs=_token("ev_reg_anon")),
    Rule("events:badge", expect(404), kwargs={"token": "1:forged"}, label="forged"),
    Rule("events:qr_code", PUBLIC, kwargs=_token("ev_reg_anon")),
    Rule("events:confirm_offer", expect(404), method="post",
         kwargs=lambda ctx: ev(ctx) and {"token": "1:forged"}, state=_state("ev_reg_anon")),
    Rule("events:workshops", PUBLIC, kwargs=_token("ev_reg_anon")),
    Rule("events:workshops", expect(400), kwargs=_token("ev_reg_anon"), method="post",
         data={"workshops": ["0"]}, state=lambda ctx: WorkshopChoice.objects.count()),
]  # fmt: skip

# The jury: the organisers name it and build the grid; a juror scores (the others who see
# the nomination get 403, those who do not 404).
JURORS_ONLY = expect(404, anonymous=302, partner_expert=200, metropole_admin=403,
                     instructor=403, finance_officer=403, other_commune_agent=403)  # fmt: skip
RULES += [
    Rule("events:jury", STAFF_ONLY,
         kwargs=lambda ctx: {"slug": "mx-assises", "pk": ev(ctx).ev_award.pk}),
    Rule("events:jury", only(STAFF, 400), method="post",
         kwargs=lambda ctx: {"slug": "mx-assises", "pk": ev(ctx).ev_award.pk},
         data={"form": "criterion", "criterion-label": ""},
         state=lambda ctx: AwardCriterion.objects.count()),
    Rule("events:jury_score", JURORS_ONLY, kwargs=lambda ctx: {"pk": ev(ctx).ev_nom_93048.pk}),
    Rule("events:jury_score", {**JURORS_ONLY, "partner_expert": 400}, method="post",
         kwargs=lambda ctx: {"pk": ev(ctx).ev_nom_93048.pk}, data={"form": "score"},
         state=lambda ctx: JuryReview.objects.count()),
]  # fmt: skip


# Badges and certificates in batch: the organisers ask for a batch, follow it and download
# its file; nobody else reaches the batch, and a refused request creates no job.
def _batch(ctx):
    ev(ctx)
    if getattr(ctx, "ev_batch", None) is None:
        from django.core.files.base import ContentFile

        job = BatchJob(event=ctx.ev_public, kind="badges", status="succeeded", rows_total=1,
                       rows_done=1, created_by=ctx.users["instructor"])  # fmt: skip
        job.file.save("badges.pdf", ContentFile(b"%PDF-1.4 lot"), save=True)
        ctx.ev_batch = job
    return {"slug": "mx-assises", "pk": ctx.ev_batch.pk}


RULES += [
    Rule("events:batch_request", only(STAFF, 302), kwargs=_slug("ev_public"), method="post",
         data={"kind": "inconnu"}, state=lambda ctx: BatchJob.objects.count()),
    Rule("events:batch_status", STAFF_ONLY, kwargs=_batch),
    Rule("events:batch_file", STAFF_ONLY, kwargs=_batch),
]  # fmt: skip


# Slides and minutes: the organisers add and remove them; anyone downloads those of a
# published event that has ended, nobody but the organisers before the end.
def _session_document(event_name):
    def kwargs(ctx):
        ev(ctx)
        event = getattr(ctx, event_name)
        cache = f"{event_name}_document"
        if getattr(ctx, cache, None) is None:
            from django.core.files.base import ContentFile

            session = Session.objects.create(event=event, title="Table ronde", kind="talk",
                                             starts_at=event.starts_at,
                                             ends_at=event.ends_at)  # fmt: skip
            document = SessionDocument(session=session, kind="slides", title="Diaporama",
                                       original_name="diapos.pdf", content_type="application/pdf",
                                       size=12, sha256="0" * 64,
                                       uploaded_by=ctx.users["instructor"])  # fmt: skip
            document.file.save("diapos.pdf", ContentFile(b"%PDF-1.4 doc"), save=True)
            setattr(ctx, cache, document)
        return {"pk": getattr(ctx, cache).pk}

    return kwargs


def _remove_kwargs(ctx):
    return {"slug": "mx-assises", **_session_document("ev_public")(ctx)}


RULES += [
    Rule("events:session_documents", STAFF_ONLY, kwargs=_slug("ev_public")),
    Rule("events:session_documents", only(STAFF, 400), kwargs=_slug("ev_public"),
         method="post", data={"kind": "slides"},
         state=lambda ctx: SessionDocument.objects.count()),
    Rule("events:session_document", PUBLIC, kwargs=_session_document("ev_past")),
    Rule("events:session_document", only(STAFF, denied=404, anonymous=404),
         kwargs=_session_document("ev_public"), label="before the end"),
    Rule("events:session_document_remove", only(STAFF, 302), kwargs=_remove_kwargs,
         method="post", state=lambda ctx: SessionDocument.objects.count()),
]  # fmt: skip
