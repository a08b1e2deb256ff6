"""Lifecycles of the foncière, declared as tables (cvv.core.workflows).

- opportunity: the foncière's officers and the Métropole's staff suspend/resume the
  deadline, study, decide (pre-empt or renounce) and record the acquisition; the platform
  alone (`SYSTEM`, the daily task) marks a declaration whose deadline passed without a
  decision as tacitly renounced (L214-1/R214-5 and L213-2 C. urb.: silence is renunciation);
- lease: the same people sign (activate) and end a lease.
"""

from cvv.core.workflows import Transition, Workflow
from cvv.organisations.enums import METROPOLE_STAFF_ROLES, Role

MANAGERS = (*sorted(METROPOLE_STAFF_ROLES), Role.FONCIERE_OFFICER)
OPEN = ["recue", "suspendue", "etude"]

OPPORTUNITY_WORKFLOW = Workflow(
    "fonciere.opportunity",
    [
        Transition("suspend", ["recue", "etude"], "suspendue", "Suspendre le délai"),
        Transition("resume", ["suspendue"], "etude", "Reprendre le délai"),
        Transition("study", ["recue"], "etude", "Mettre à l’étude"),
        Transition("preempt", OPEN, "preemptee", "Décider la préemption ou l’achat"),
        Transition("renounce", OPEN, "renoncee", "Renoncer", reason_required=True),
        Transition("acquire", ["preemptee"], "acquise", "Enregistrer l’acquisition"),
        Transition(
            "lapse",
            OPEN,
            "renonciation_tacite",
            "Constater la renonciation tacite",
            system=True,
        ),
    ],
    model="fonciere.Opportunity",
    roles=MANAGERS,
)

LEASE_WORKFLOW = Workflow(
    "fonciere.lease",
    [
        Transition("sign", ["projet"], "en_cours", "Signer le bail"),
        Transition("end", ["en_cours"], "termine", "Terminer le bail", reason_required=True),
    ],
    model="fonciere.Lease",
    roles=MANAGERS,
)

from cvv.fonciere.workflows_chain import (  # noqa: E402, F401
    ANALYSIS_WORKFLOW,
    LETTING_WORKFLOW,
    SALE_WORKFLOW,
    WORKS_WORKFLOW,
)
