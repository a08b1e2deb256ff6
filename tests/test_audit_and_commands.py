import os
import subprocess
import sys

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cvv.api.models import ApiToken
from cvv.audit.models import AuditEntry
from cvv.core.workflows import REGISTRY, InvalidTransition, Transition, Workflow
from cvv.organisations.enums import Role
from cvv.organisations.models import Membership
from cvv.territories.models import Commune
from cvv.users.models import User

pytestmark = pytest.mark.django_db


def test_audit_pages_list_entries_per_object_and_person(client, admin_user):
    commune = Commune.objects.get(code="93005")
    centralite = commune.centralites.get()
    entry = AuditEntry.objects.filter(object_id=str(centralite.pk)).first()
    AuditEntry.objects.create(actor=admin_user, action="test.action", object_id="1")
    client.force_login(admin_user)
    content_type = ContentType.objects.get_for_model(centralite)
    page = client.get(reverse("audit:object", args=[content_type.pk, centralite.pk]))
    assert entry.label in page.content.decode()
    page = client.get(reverse("audit:person", args=[admin_user.pk]))
    assert "Action enregistrée" in page.content.decode()  # an unlabelled code is not shown raw
    page = client.get(reverse("audit:list") + "?commune=93005")
    assert "Nouveau périmètre de centralité" in page.content.decode()
    page = client.get(reverse("audit:list") + "?action=territories.centralite.version_added")
    assert '<option value="territories.centralite.version_added" selected>' in page.content.decode()


def test_workflow_checks_state_and_logs_the_transition(admin_user):
    workflow = Workflow(
        "test.commune",
        [
            Transition("mark", source=["a"], target="b", label="Marquer"),
            Transition("refuse", source=["b"], target="c", label="Refuser", reason_required=True),
        ],
        model="territories.Commune",
        field_name="nom",
        roles=(Role.METROPOLE_ADMIN,),
    )
    REGISTRY.pop("test.commune")  # a throwaway: the system check must not see it
    commune = Commune.objects.get(code="93005")
    Commune.objects.filter(pk=commune.pk).update(nom="a")
    commune.refresh_from_db()
    workflow.apply(commune, "mark", actor=admin_user, reason="essai")
    assert commune.nom == "b"
    entry = AuditEntry.objects.get(action="test.commune.mark")
    assert entry.data == {"from": "a", "to": "b", "reason": "essai"} and entry.actor == admin_user
    with pytest.raises(InvalidTransition):
        workflow.apply(commune, "mark", actor=admin_user)
    with pytest.raises(InvalidTransition):
        workflow.apply(commune, "refuse", actor=admin_user, reason="  ")
    assert [t.name for t in workflow.available(commune)] == ["refuse"]


def test_demo_is_idempotent_and_creates_one_account_per_role(capsys):
    call_command("demo")
    counts = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    call_command("demo")
    assert (User.objects.count(), Membership.objects.count()) == counts[:2]
    output = capsys.readouterr().out
    assert "admin@cvv.demo" in output and "agent.93005@cvv.demo" in output
    roles = set(
        Membership.objects.filter(user__email__endswith="@cvv.demo").values_list("role", flat=True)
    )
    assert len(roles) == 9
    agent = User.objects.get(email="agent.93005@cvv.demo")
    assert agent.memberships.get().organisation.commune.code == "93005"


def test_api_token_command(capsys, agent):
    call_command("api_token", agent.email)
    key = capsys.readouterr().out.strip()
    assert key.startswith("cvv_") and ApiToken.objects.filter(user=agent).count() == 1
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("api_token", "personne@nulle.part")


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "CVV_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "cvv.settings",
        "SECRET_KEY": "a-very-long-random-secret-key-for-the-deploy-check-0123456789-abcdef",
        "ALLOWED_HOSTS": "cvv.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CVV_VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }

    def cvv(*args):
        command = [sys.executable, "-m", "cvv", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)

    check = ["check", "--deploy", "--fail-level", "WARNING"]
    before = cvv(*check)  # without collectstatic every page would answer 500: say so
    assert before.returncode == 1 and "cvv.E001" in before.stderr, before.stderr
    collected = cvv("collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stdout + collected.stderr
    result = cvv(*check)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "CVV_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "cvv.settings",
        "SECRET_KEY": "",
        "ALLOWED_HOSTS": "x",
    }
    result = subprocess.run(
        [sys.executable, "-m", "cvv", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
