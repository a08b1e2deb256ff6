"""Document access granted by the programme: the team of an accompaniment (partner experts
included) reads its deliverables and signed minutes, whatever their own scope."""

from cvv.documents.access import register_access_check


def team_reads_accompaniment_documents(user, document) -> bool:
    from cvv.programme.models import Deliverable, Meeting, TeamMember

    family = document.family_id or document.pk
    teams = TeamMember.objects.filter(user=user).values("accompaniment")
    return (
        Deliverable.objects.filter(accompaniment__in=teams, document__family_id=family).exists()
        or Meeting.objects.filter(
            accompaniment__in=teams, minutes_document__family_id=family
        ).exists()
    )


def register():
    register_access_check(team_reads_accompaniment_documents)
