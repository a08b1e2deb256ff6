"""Every write of the network: profiles, projects, requests to talk."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cvv.audit.services import log_action
from cvv.network import selectors
from cvv.network.enums import ContactState, Topic
from cvv.network.models import ContactRequest, Profile, ProfileTopic, Project
from cvv.network.workflows import CONTACT

PROFILE_FIELDS = (
    "in_directory",
    "job_title",
    "since",
    "bio",
    "phone",
    "show_job_title",
    "show_since",
    "show_bio",
    "show_topics",
    "show_projects",
    "show_trainings",
    "show_email",
    "show_phone",
)


def _require_eligible(user):
    if not selectors.is_eligible(user):
        raise PermissionDenied(
            "Le réseau est réservé aux managers, agents des communes et des "
            "territoires et aux équipes de la Métropole."
        )


@transaction.atomic
def profile_save(*, actor, topics, **fields) -> Profile:
    """Create or update the actor's own profile (only their own: there is no other way in)."""
    _require_eligible(actor)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    topics = set(topics)
    if not topics <= set(Topic.values):
        raise ValidationError({"topics": "Thème inconnu."})
    profile = Profile.objects.select_for_update().filter(user=actor).first()
    created = profile is None
    if created:
        profile = Profile(user=actor, in_directory=False)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    ProfileTopic.objects.filter(profile=profile).exclude(topic__in=topics).delete()
    existing = set(profile.topics.values_list("topic", flat=True))
    ProfileTopic.objects.bulk_create(
        ProfileTopic(profile=profile, topic=t) for t in sorted(topics - existing)
    )
    log_action(
        "network.profile.create" if created else "network.profile.update",
        actor=actor,
        obj=profile,
        data={"in_directory": profile.in_directory, "topics": sorted(topics)},
    )
    return profile


@transaction.atomic
def project_add(*, actor, title, topic, year, summary="", accompaniment=None, dossier=None):
    profile = selectors.own_profile(actor)
    if profile is None:
        raise ValidationError("Créez d’abord votre profil.")
    accompaniments, dossiers = selectors.project_link_choices(actor)
    if accompaniment is not None and not accompaniments.filter(pk=accompaniment.pk).exists():
        raise ValidationError({"accompaniment": "Accompagnement d’une autre commune."})
    if dossier is not None and not dossiers.filter(pk=dossier.pk).exists():
        raise ValidationError({"dossier": "Dossier d’une autre commune."})
    project = Project(
        profile=profile,
        title=title,
        topic=topic,
        year=year,
        summary=summary,
        accompaniment=accompaniment,
        dossier=dossier,
    )
    project.full_clean()
    project.save()
    log_action("network.project.add", actor=actor, obj=project, data={"title": title})
    return project


@transaction.atomic
def project_delete(*, actor, project) -> None:
    if project.profile.user_id != actor.pk:
        raise PermissionDenied("Ce projet n’est pas le vôtre.")
    log_action("network.project.delete", actor=actor, obj=project, data={"title": project.title})
    project.delete()


@transaction.atomic
def contact_request_create(*, requester, peer, topic, message) -> ContactRequest:
    """A member asks a peer (a profile they can see) for a conversation on a topic."""
    from cvv.network import tasks

    if not selectors.is_member(requester):
        raise PermissionDenied("Réservé aux membres du réseau.")
    if not selectors.profiles_visible_to(requester).filter(pk=peer.pk).exists():
        raise PermissionDenied("Ce profil n’est pas dans l’annuaire.")
    if peer.user_id == requester.pk:
        raise ValidationError("Vous ne pouvez pas vous écrire à vous-même.")
    if topic not in Topic.values:
        raise ValidationError({"topic": "Thème inconnu."})
    if ContactRequest.objects.filter(
        requester=requester, peer=peer, state=ContactState.PENDING
    ).exists():
        raise ValidationError(f"Une demande à {peer} attend déjà sa réponse.")
    contact = ContactRequest(requester=requester, peer=peer, topic=topic, message=message)
    contact.full_clean()
    contact.save()
    log_action("network.contact.create", actor=requester, obj=contact, data={"topic": topic})
    contact_id = contact.pk
    transaction.on_commit(lambda: tasks.send_contact_email(contact_id, "created"))
    return contact


@transaction.atomic
def contact_transition(*, contact, name, actor, answer="") -> ContactRequest:
    from cvv.network import tasks

    contact.answer = answer.strip()[:2000] if name in ("accept", "decline") else contact.answer
    CONTACT.apply(contact, name, actor=actor, extra_update_fields=("answer",))
    if name in ("accept", "decline"):
        contact_id, event = contact.pk, "accepted" if name == "accept" else "declined"
        transaction.on_commit(lambda: tasks.send_contact_email(contact_id, event))
    return contact
