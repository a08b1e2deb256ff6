"""The referral lifecycle (cvv.core.workflows).

Who may fire what:
- send (draft → sent), withdraw: the people of the referral's commune, or Métropole staff
  (a referent may refer a project of an accompaniment they follow);
- acknowledge (sent → in_review), accept, decline: the officers of the target programme
  (members of its organisation), or Métropole staff; accepting or declining needs an answer.
"""

from cvv.coordination.access import referral_commune_side, referral_officer
from cvv.coordination.models import ReferralState as S
from cvv.core.workflows import Transition, Workflow
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES, Role

COMMUNE_OR_STAFF = (*COMMUNE_ROLES, *METROPOLE_STAFF_ROLES)
OFFICERS = (Role.PARTNER_EXPERT, *METROPOLE_STAFF_ROLES)

REFERRAL = Workflow(
    "coordination.referral",
    [
        Transition(
            "send",
            [S.DRAFT],
            S.SENT,
            "Transmettre au programme",
            roles=COMMUNE_OR_STAFF,
            scope=referral_commune_side,
            group="commune",
        ),
        Transition(
            "withdraw",
            [S.DRAFT, S.SENT, S.IN_REVIEW],
            S.WITHDRAWN,
            "Retirer l’orientation",
            roles=COMMUNE_OR_STAFF,
            scope=referral_commune_side,
            group="commune",
        ),
        Transition(
            "acknowledge",
            [S.SENT],
            S.IN_REVIEW,
            "Prendre en charge",
            roles=OFFICERS,
            scope=referral_officer,
            group="programme",
        ),
        Transition(
            "accept",
            [S.SENT, S.IN_REVIEW],
            S.ACCEPTED,
            "Accepter le projet",
            reason_required=True,
            roles=OFFICERS,
            scope=referral_officer,
            group="programme",
        ),
        Transition(
            "decline",
            [S.SENT, S.IN_REVIEW],
            S.DECLINED,
            "Décliner le projet",
            reason_required=True,
            roles=OFFICERS,
            scope=referral_officer,
            group="programme",
        ),
    ],
    model="coordination.Referral",
)
