import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_guide_lists_every_environment_variable_the_settings_read():
    settings = (ROOT / "cvv" / "settings.py").read_text()
    read = set(re.findall(r'os\.environ(?:\.get\(|\[)"([A-Z0-9_]+)"', settings))
    read |= set(re.findall(r'env_(?:list|bool)\("([A-Z0-9_]+)"', settings))
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert len(read) > 20
    assert sorted(name for name in read if f"`{name}`" not in guide) == []
