from django.apps import AppConfig


class AssemblyConfig(AppConfig):
    """Puts the modules together into one site: commands that act on every app at once
    (loading the demonstration data of each module). `cvv.core` stays below the domain
    apps and imports none of them; this app sits above them all."""

    name = "cvv.assembly"
    label = "assembly"
    verbose_name = "Assemblage de la plateforme"
