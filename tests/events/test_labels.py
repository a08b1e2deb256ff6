"""Every audit code of the events module (service codes and workflow transitions) has a
French label."""

import re
from pathlib import Path

from cvv.events import workflows
from cvv.events.labels import AUDIT_LABELS

APP = Path(workflows.__file__).parent


def test_every_audit_code_has_a_french_label():
    codes = set()
    for source in APP.glob("*.py"):
        codes |= set(re.findall(r'log_action\(\s*"(events\.[a-z_.]+)"', source.read_text()))
    for workflow in (workflows.EVENT, workflows.REGISTRATION, workflows.NOMINATION):
        codes |= {f"{workflow.name}.{t.name}" for t in workflow}
    assert len(codes) > 15
    assert not sorted(codes - set(AUDIT_LABELS))
    assert all(label[0].isupper() for label in AUDIT_LABELS.values())
