from django.db import models


class Sequence(models.Model):
    """A counter per (prefix, year) from which references are numbered
    (`cvv.core.sequences`); its row is locked while a number is taken."""

    prefix = models.CharField("préfixe", max_length=20)
    year = models.PositiveSmallIntegerField("année")
    last = models.PositiveIntegerField("dernier numéro attribué", default=0)

    class Meta:
        verbose_name = "compteur de références"
        verbose_name_plural = "compteurs de références"
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="core_sequence_prefix_year")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year} : {self.last}"
