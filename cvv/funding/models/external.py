"""An opinion asked of anyone by e-mail, answered through a signed link without an account."""

from django.conf import settings
from django.db import models

from cvv.funding.models.instruction import Opinion


class ExternalOpinion(models.Model):
    dossier = models.ForeignKey("funding.Dossier", models.CASCADE, related_name="external_opinions")
    email = models.EmailField("adresse sollicitée")
    question = models.TextField("question posée")
    expires_on = models.DateField("lien valable jusqu’au")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.RESTRICT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    verdict = models.CharField("avis", max_length=20, choices=Opinion.Verdict.choices, blank=True)
    text = models.TextField("motivation de l’avis", blank=True)
    author_name = models.CharField("nom et qualité de l’auteur", max_length=200, blank=True)
    given_at = models.DateTimeField("rendu le", null=True, blank=True)

    class Meta:
        verbose_name = "avis extérieur"
        verbose_name_plural = "avis extérieurs"
        ordering = ["requested_at", "pk"]

    def __str__(self):
        return f"Avis extérieur ({self.email}) — {self.dossier.reference}"

    @property
    def is_given(self):
        return bool(self.verdict)
