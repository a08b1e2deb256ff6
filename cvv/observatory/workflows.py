"""The observatory's lifecycles, declared as tables of transitions (cvv.core.workflows).

Who may fire what:
- field surveys: submitted (transmitted) and taken back after a refusal by the people of
  the survey's commune or the Métropole's staff, for surveys entered on the platform (an
  imported survey is never edited); validated or refused by the Métropole's staff;
- data imports: only the platform (the import runner, a worker task or `cvv observatory
  import-…`, and the sweep of interrupted imports) moves an import through its states.
"""

from cvv.core.workflows import Transition, Workflow
from cvv.organisations.enums import COMMUNE_ROLES, METROPOLE_STAFF_ROLES

STAFF = tuple(sorted(METROPOLE_STAFF_ROLES))
COMMUNE = tuple(sorted(COMMUNE_ROLES))


def enters_survey(access, survey):
    """The survey was entered on the platform and the person works for its commune (or is
    the Métropole's staff)."""
    if survey.data_import_id is not None:
        return False
    return access.is_metropole_staff or access.is_commune_side(survey.commune)


SURVEY_WORKFLOW = Workflow(
    "observatory.survey",
    [
        Transition(
            "submit",
            source=["draft"],
            target="submitted",
            label="Transmettre",
            roles=STAFF + COMMUNE,
            scope=enters_survey,
        ),
        Transition(
            "validate", source=["submitted"], target="validated", label="Valider", roles=STAFF
        ),
        Transition(
            "reject",
            source=["submitted"],
            target="rejected",
            label="Refuser",
            reason_required=True,
            roles=STAFF,
        ),
        Transition(
            "reopen",
            source=["rejected"],
            target="draft",
            label="Reprendre la saisie",
            roles=STAFF + COMMUNE,
            scope=enters_survey,
        ),
    ],
    model="observatory.Survey",
)

IMPORT_WORKFLOW = Workflow(
    "observatory.import",
    [
        Transition("start", ["pending"], "running", "Démarrer l’import", system=True),
        Transition("succeed", ["running"], "succeeded", "Import réussi", system=True),
        Transition("fail", ["running"], "failed", "Import échoué", system=True),
        Transition(
            "interrupt", ["running"], "failed", "Import interrompu (processus disparu)", system=True
        ),
        Transition(
            "replace",
            ["succeeded"],
            "replaced",
            "Remplacé par un import plus récent du même millésime",
            system=True,
        ),
    ],
    model="observatory.DataImport",
    field_name="status",
)
