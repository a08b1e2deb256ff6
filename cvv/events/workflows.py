"""State machines of the events module (cvv.core.workflows).

Who may fire what:
- events: publish, unpublish, cancel — the Métropole's staff (the organisers);
- registrations: confirm, waitlist, promote — the platform only (the quota decides, under a
  row lock); offer (a freed place proposed to the next in line when the event sets a
  deadline to confirm), accept_offer (the person, through their signed link: the platform
  acts after checking the signature) and release (the periodic task, deadline passed) — the
  platform only; cancel — the organisers, or the person through their signed link (the platform
  acts after checking the signature); check_in, undo_check_in — the organisers;
- nominations to an award: withdraw — the nominated commune's people; award, not_select —
  the jury's decision (the Métropole's administrators and instructors, or the award's jury
  president), with the jury's opinion.
"""

from cvv.core.workflows import Transition, Workflow
from cvv.events.enums import EventState as E
from cvv.events.enums import NominationState as N
from cvv.events.enums import RegistrationState as R
from cvv.organisations.access import commune_side
from cvv.organisations.enums import COMMUNE_ROLES, INSTRUCTION_ROLES, METROPOLE_STAFF_ROLES, Role

ORGANISERS = tuple(sorted(METROPOLE_STAFF_ROLES))
JURY = tuple(sorted(INSTRUCTION_ROLES))


def jury_decides(access, nomination) -> bool:
    """The Métropole's jury roles, or the president designated for this award."""
    if access.has_role(*JURY):
        return True
    if access.user_id is None:
        return False
    from cvv.events.models import AwardCategory

    return AwardCategory.objects.filter(
        pk=nomination.award_id, jury_president_id=access.user_id
    ).exists()


EVENT = Workflow(
    "events.event",
    [
        Transition("publish", [E.DRAFT], E.PUBLISHED, "Publier"),
        Transition("unpublish", [E.PUBLISHED], E.DRAFT, "Repasser en brouillon"),
        Transition("cancel", [E.DRAFT, E.PUBLISHED], E.CANCELLED, "Annuler l’événement",
                   reason_required=True),
    ],
    model="events.Event",
    roles=ORGANISERS,
)  # fmt: skip

REGISTRATION = Workflow(
    "events.registration",
    [
        Transition("confirm", [R.PENDING], R.CONFIRMED, "Confirmer", system=True),
        Transition("waitlist", [R.PENDING], R.WAITLISTED, "Mettre en liste d’attente",
                   system=True),
        Transition("promote", [R.WAITLISTED], R.CONFIRMED, "Confirmer depuis la liste d’attente",
                   system=True),
        Transition("offer", [R.WAITLISTED], R.OFFERED, "Proposer la place libérée",
                   system=True),
        Transition("accept_offer", [R.OFFERED], R.CONFIRMED, "Confirmer la place proposée",
                   system=True),
        Transition("release", [R.OFFERED], R.CANCELLED,
                   "Libérer la place non confirmée dans le délai", system=True),
        Transition("cancel", [R.PENDING, R.CONFIRMED, R.WAITLISTED, R.OFFERED], R.CANCELLED,
                   "Annuler l’inscription", roles=ORGANISERS, system=True),
        Transition("check_in", [R.CONFIRMED], R.ATTENDED, "Enregistrer l’arrivée",
                   roles=ORGANISERS),
        Transition("undo_check_in", [R.ATTENDED], R.CONFIRMED, "Annuler l’arrivée",
                   roles=ORGANISERS),
    ],
    model="events.Registration",
)  # fmt: skip

NOMINATION = Workflow(
    "events.nomination",
    [
        Transition("withdraw", [N.SUBMITTED], N.WITHDRAWN, "Retirer la candidature",
                   roles=COMMUNE_ROLES, scope=commune_side("commune"), group="commune"),
        Transition("award", [N.SUBMITTED], N.LAUREATE, "Désigner lauréat",
                   roles=tuple(Role), scope=jury_decides, reason_required=True, group="jury"),
        Transition("not_select", [N.SUBMITTED], N.NOT_SELECTED, "Ne pas retenir",
                   roles=tuple(Role), scope=jury_decides, reason_required=True, group="jury"),
    ],
    model="events.Nomination",
)  # fmt: skip
