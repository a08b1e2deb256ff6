from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from cvv.users.identity import normalize_email


class RoleForm(models.TextChoices):
    """How the person wants their role title written (chosen on their account page)."""

    MASCULINE = "masculine", "Au masculin (chargé d’instruction)"
    FEMININE = "feminine", "Au féminin (chargée d’instruction)"
    NEUTRAL = "neutral", "Sans genre (personne chargée de l’instruction)"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        # The same normalisation as the failure counter (AXES_USERNAME_CALLABLE), so that no
        # variant of an address reaches the account without being counted against it.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": normalize_email(username)})


class User(AbstractBaseUser, PermissionsMixin):
    """A person using the platform; logs in with an e-mail address."""

    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    job_title = models.CharField("fonction", max_length=200, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l’administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    role_form = models.CharField(
        "forme du titre de rôle",
        max_length=10,
        choices=RoleForm.choices,
        default=RoleForm.MASCULINE,
        help_text="La forme sous laquelle vos rôles sont écrits sur la plateforme.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="users_user_email_ci_unique",
                violation_error_message="Un compte existe déjà avec cette adresse e-mail.",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email
