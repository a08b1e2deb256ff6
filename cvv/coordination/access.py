"""Who answers for a programme, and the documents a referral shares with it.

The officers of another programme are the active members of the programme's organisation
(`MetroProgramme.organisation`, a partner organisation): they see and answer the referrals
made to that programme, and read the vault documents attached to them — nothing else of the
commune's vault."""

from cvv.documents.access import register_access_check
from cvv.organisations.access import get_access


def answers_for(access, programme) -> bool:
    """The person is an officer of `programme` (member of its organisation)."""
    return programme is not None and programme.organisation_id in access.organisation_ids


def referral_officer(access, referral) -> bool:
    """Workflow scope: the actor answers for the referral's programme, or is staff."""
    return access.is_metropole_staff or answers_for(access, referral.programme)


referral_officer.__name__ = "referral_officer"


def referral_commune_side(access, referral) -> bool:
    """Workflow scope: the actor works for the referral's commune, or is staff."""
    return access.is_metropole_staff or access.is_commune_side(referral.commune)


def officers_read_referred_documents(user, document) -> bool:
    from cvv.coordination.models import Referral, ReferralState

    access = get_access(user)
    if not access.organisation_ids:
        return False
    family = document.family_id or document.pk
    return (
        Referral.objects.exclude(state=ReferralState.DRAFT)
        .filter(
            programme__organisation__in=access.organisation_ids,
            documents__family_id=family,
        )
        .exists()
    )


def register():
    register_access_check(officers_read_referred_documents)
