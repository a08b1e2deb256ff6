"""The project's French formats (settings.FORMAT_MODULE_PATH = "cvv.formats").

Django's own French formats group thousands with a no-break space; the platform writes a
narrow no-break space (U+202F), as the Imprimerie nationale's rules and the DSFR do:
8 250,00 €. Dates stay as Django's French ones. USE_THOUSAND_SEPARATOR stays off (years and
numbers such as 2026 must not be grouped): amounts are grouped by the `money`/`number`
filters (cvv.core.formatting)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
