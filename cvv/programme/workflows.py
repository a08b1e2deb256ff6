"""Every state change of the programme, declared as data (see cvv.core.workflows).

Services call `WORKFLOW.apply(obj, name, actor=…, reason=…)`: the row is locked, the
source state checked, the new state saved and an audit entry written."""

from cvv.core.workflows import Transition, Workflow

EDITION = Workflow(
    "programme.edition",
    [
        Transition("open_call", ["draft"], "call_open", "Ouvrir l’appel à candidatures"),
        Transition("close_call", ["call_open"], "selection", "Clore l’appel et sélectionner"),
        Transition("start", ["selection"], "running", "Lancer les accompagnements"),
        Transition("close", ["running"], "closed", "Clôturer l’édition", reason_required=True),
    ],
)

CANDIDATURE = Workflow(
    "programme.candidature",
    [
        Transition("submit", ["draft"], "submitted", "Déposer la candidature"),
        Transition(
            "request_completion",
            ["submitted", "resubmitted"],
            "completion_requested",
            "Demander des compléments",
            reason_required=True,
        ),
        Transition("resubmit", ["completion_requested"], "resubmitted", "Redéposer complétée"),
        Transition(
            "declare_eligible",
            ["submitted", "resubmitted"],
            "under_review",
            "Déclarer éligible et ouvrir l’évaluation",
        ),
        Transition(
            "declare_ineligible",
            ["submitted", "resubmitted"],
            "ineligible",
            "Déclarer inéligible",
            reason_required=True,
        ),
        Transition(
            "accept", ["under_review", "deferred"], "accepted", "Retenir", reason_required=True
        ),
        Transition(
            "accept_studies",
            ["under_review", "deferred"],
            "accepted_studies",
            "Retenir pour les études seulement",
            reason_required=True,
        ),
        Transition(
            "refuse",
            ["under_review", "deferred"],
            "refused",
            "Ne pas retenir",
            reason_required=True,
        ),
        Transition("defer", ["under_review"], "deferred", "Ajourner", reason_required=True),
        Transition(
            "withdraw",
            ["draft", "submitted", "completion_requested", "resubmitted"],
            "withdrawn",
            "Retirer la candidature",
        ),
    ],
)

# Committee decisions: transition name -> label shown in the ranking.
DECISIONS = {
    "accept": "Retenue",
    "accept_studies": "Retenue pour les études seulement",
    "refuse": "Non retenue",
    "defer": "Ajournée",
}

REVIEW = Workflow(
    "programme.review",
    [
        Transition("submit", ["draft"], "submitted", "Remettre l’évaluation"),
        Transition("reopen", ["submitted"], "draft", "Rouvrir l’évaluation"),
        Transition(
            "recuse", ["draft"], "recused", "Se déporter (conflit d’intérêts)", reason_required=True
        ),
    ],
)

ACCOMPANIMENT = Workflow(
    "programme.accompaniment",
    [
        Transition("suspend", ["active"], "suspended", "Suspendre", reason_required=True),
        Transition("resume", ["suspended"], "active", "Reprendre"),
        Transition("complete", ["active"], "completed", "Terminer l’accompagnement"),
        Transition(
            "abandon", ["active", "suspended"], "abandoned", "Abandonner", reason_required=True
        ),
    ],
)

PHASE = Workflow(
    "programme.accompaniment.phase",
    [
        Transition("to_strategy", ["diagnostic"], "strategy", "Passer à la stratégie"),
        Transition("to_action_plan", ["strategy"], "action_plan", "Passer au plan d’actions"),
        Transition(
            "to_implementation", ["action_plan"], "implementation", "Passer à la mise en œuvre"
        ),
        Transition("to_evaluation", ["implementation"], "evaluation", "Passer à l’évaluation"),
    ],
    field_name="phase",
)

ACTION = Workflow(
    "programme.action",
    [
        Transition("start", ["planned"], "in_progress", "Démarrer"),
        Transition("complete", ["planned", "in_progress"], "done", "Marquer réalisée"),
        Transition(
            "cancel", ["planned", "in_progress"], "cancelled", "Abandonner", reason_required=True
        ),
        Transition("reopen", ["done", "cancelled"], "in_progress", "Rouvrir"),
    ],
    field_name="status",
)

RECOMMENDATION = Workflow(
    "programme.recommendation",
    [
        Transition("start", ["proposed"], "in_progress", "En cours"),
        Transition("complete", ["proposed", "in_progress"], "done", "Faite"),
        Transition(
            "dismiss",
            ["proposed", "in_progress"],
            "not_relevant",
            "Non pertinente",
            reason_required=True,
        ),
        Transition("reopen", ["done", "not_relevant"], "proposed", "Rouvrir"),
    ],
    field_name="status",
)

EXPERTISE = Workflow(
    "programme.expertise",
    [
        Transition("accept", ["submitted"], "accepted", "Prendre en charge"),
        Transition("answer", ["submitted", "accepted"], "answered", "Répondre"),
        Transition(
            "decline", ["submitted", "accepted"], "declined", "Décliner", reason_required=True
        ),
        Transition("close", ["answered"], "closed", "Clore"),
        Transition("reopen", ["answered"], "accepted", "Relancer (réponse incomplète)"),
    ],
)

RESOURCE = Workflow(
    "programme.resource",
    [
        Transition("submit_review", ["draft"], "in_review", "Envoyer en relecture"),
        Transition("publish", ["draft", "in_review"], "published", "Publier"),
        Transition("back_to_draft", ["in_review", "published"], "draft", "Repasser en brouillon"),
        Transition("archive", ["draft", "in_review", "published"], "archived", "Archiver"),
    ],
)
