import os

import pytest

from cvv.letters import pdf

REQUIRE = os.environ.get("CVV_REQUIRE_LIBREOFFICE") == "1"


@pytest.fixture
def libreoffice(settings):
    """Turn the PDF conversion on (off in the test settings); skipped where LibreOffice is not
    installed, unless CI requires it (CVV_REQUIRE_LIBREOFFICE=1)."""
    settings.LIBREOFFICE_BINARY = "soffice"
    if not pdf.available():
        if REQUIRE:
            pytest.fail("LibreOffice (soffice) is required here but not installed.")
        pytest.skip("LibreOffice (soffice) is not installed.")
    return settings
