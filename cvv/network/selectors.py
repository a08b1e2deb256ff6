"""Who is in the network, and the scoped reads of its profiles and requests.

Members of the network (who may read profiles):
- the Métropole's staff (they run the network), always;
- a person holding a commune role (commune agent, commerce manager) or a territory agent
  role, once they joined: a profile with `in_directory` (their consent).
Partners, the foncière and economic actors are not members. A profile is shown only while
its owner still holds an eligible role (a person who left their post disappears)."""

from django.db.models import Q

from cvv.core.plugins import contributions
from cvv.network.enums import Topic
from cvv.network.models import ContactRequest, Profile
from cvv.organisations.access import get_access
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role
from cvv.territories.models import Commune, Territoire

ELIGIBLE_ROLES = frozenset({*COMMUNE_ROLES, Role.TERRITORY_AGENT, *METROPOLE_STAFF_ROLES})


def is_eligible(user) -> bool:
    """May hold a profile (and join the network)."""
    return get_access(user).has_role(*ELIGIBLE_ROLES)


def is_member(user) -> bool:
    access = get_access(user)
    if access.is_metropole_staff:
        return True
    if not access.has_role(*ELIGIBLE_ROLES):
        return False
    return Profile.objects.filter(user_id=access.user_id, in_directory=True).exists()


def _listed_profiles():
    return (
        Profile.objects.filter(
            in_directory=True,
            user__is_active=True,
            user__memberships__is_active=True,
            user__memberships__role__in=ELIGIBLE_ROLES,
        )
        .distinct()
        .select_related("user")
        .prefetch_related("topics")
    )


def profiles_visible_to(user):
    """The directory: every listed profile for a member, nothing for anyone else."""
    if not is_member(user):
        return Profile.objects.none()
    return _listed_profiles()


def own_profile(user) -> Profile | None:
    return Profile.objects.filter(user_id=get_access(user).user_id).first()


def search_profiles(user, *, topic="", territoire="", text=""):
    profiles = profiles_visible_to(user)
    if topic:
        profiles = profiles.filter(topics__topic=topic)
    if territoire:
        profiles = profiles.filter(
            Q(
                user__memberships__organisation__commune__territoire__code=territoire,
                user__memberships__is_active=True,
            )
            | Q(
                user__memberships__organisation__territoire__code=territoire,
                user__memberships__is_active=True,
            )
        )
    for word in text.split()[:5]:
        profiles = profiles.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__memberships__organisation__name__icontains=word)
        )
    return profiles.distinct()


def places_of(user) -> dict:
    """The communes and territories a person works for, from their active memberships."""
    memberships = user.memberships.filter(is_active=True)
    communes = Commune.objects.filter(
        organisations__memberships__in=memberships.filter(role__in=COMMUNE_ROLES)
    ).select_related("territoire")
    territoires = Territoire.objects.filter(
        organisations__memberships__in=memberships.filter(role=Role.TERRITORY_AGENT)
    )
    return {"communes": list(communes.distinct()), "territoires": list(territoires.distinct())}


def trainings_of(user) -> list[str]:
    """Trainings the person followed, as lines of text, from the modules that record them:
    each app may offer `network_profile_trainings(user) -> list[str]` in its
    `contributions.py` (the events module, for the attendance it certifies)."""
    return [line for hook in contributions("network_profile_trainings") for line in hook(user)]


def shown(profile, viewer) -> dict:
    """What `viewer` may read of `profile`: everything for its owner, else the fields the
    owner chose to show. Name and places are always shown to members."""
    own = profile.user_id == get_access(viewer).user_id
    user = profile.user
    project_rows = list(profile.projects.select_related("accompaniment__commune", "dossier"))
    return {
        "name": str(profile),
        "places": places_of(user),
        "job_title": profile.job_title if own or profile.show_job_title else "",
        "since": profile.since if own or profile.show_since else None,
        "bio": profile.bio if own or profile.show_bio else "",
        "topics": [t.get_topic_display() for t in profile.topics.all()]
        if own or profile.show_topics
        else [],
        "projects": project_rows if own or profile.show_projects else [],
        "trainings": trainings_of(user) if own or profile.show_trainings else [],
        "email": user.email if own or profile.show_email else "",
        "phone": profile.phone if own or profile.show_phone else "",
    }


def contacts_visible_to(user):
    """Requests to talk: only the two people concerned see one (staff included)."""
    access = get_access(user)
    if not access.is_authenticated:
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(
        Q(requester_id=access.user_id) | Q(peer__user_id=access.user_id)
    ).select_related("requester", "peer__user")


def project_link_choices(user):
    """Accompaniments and FIMACS dossiers of the communes the person works for, read through
    those modules' selectors."""
    from cvv.funding.selectors import dossiers_visible_to
    from cvv.organisations.access import own_communes
    from cvv.programme.selectors import accompaniments_visible_to

    communes = own_communes(user)
    return (
        accompaniments_visible_to(user).filter(commune__in=communes).select_related("commune"),
        dossiers_visible_to(user).filter(commune__in=communes),
    )


def peers_for(user, *, topic, limit=20):
    """Ranked peers for a need: the engine on the directory's data (the seeker left out)."""
    from datetime import date

    from cvv.network.match import Candidate, Place, rank, size_class
    from cvv.observatory.selectors import latest_commune_values

    found = {}

    def places(person):
        found[person.pk] = places_of(person)
        return found[person.pk]

    def as_places(person_places, vacancy):
        return tuple(
            [Place(c.territoire.code, size_class(c.population), vacancy.get(c.code))
             for c in person_places["communes"]]
            + [Place(t.code) for t in person_places["territoires"]]
        )  # fmt: skip

    today = date.today()
    profiles = {
        p.pk: p
        for p in profiles_visible_to(user).exclude(user_id=user.pk).prefetch_related("projects")
    }
    seeker = places(user)
    for p in profiles.values():
        places(p.user)
    # The observatory profile of every commune involved, in one read of its latest rows.
    codes = {c.code for person in found.values() for c in person["communes"]}
    vacancy = latest_commune_values(codes, "qualification_vacance")
    candidates = [
        Candidate(
            key=p.pk,
            topics=frozenset(p.topic_values) if p.show_topics else frozenset(),
            project_topics=tuple(x.topic for x in p.projects.all()) if p.show_projects else (),
            places=as_places(found[p.user.pk], vacancy),
            years=((today - p.since).days // 365) if p.since and p.show_since else None,
        )
        for p in profiles.values()
    ]
    matches = rank(topic, Topic(topic).label, as_places(seeker, vacancy), candidates, limit=limit)
    return [(profiles[m.key], m) for m in matches]
