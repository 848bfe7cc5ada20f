from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", "Admin (NST PMO)"
    PROGRAMME_LEAD = "programme_lead", "Programme lead"
    REGIONAL_LEAD = "regional_lead", "Regional lead"
    RM = "rm", "Relationship manager"
    RM_LEAD = "rm_lead", "Relationship manager lead"
    LEARNING = "learning", "Learning team"
    MEMBER = "member", "Vanguard member"
    NETWORK_PARTNER = "network_partner", "Network partner"


# Role sets. Every list of roles lives in vanguards/permissions.py, except these three: code
# below it must read them (workwell cannot import vanguards, and vanguards.models is imported
# by the permissions module), so they are defined here once and permissions.py re-uses them.

# Roles whose accounts must use two-factor sign-in when REQUIRE_MFA is on. Vanguard members and
# network partners are left out on purpose: neither sees another organisation's records or
# anything unpublished beyond their own vanguard's (partners: only published material).
MFA_REQUIRED_ROLES = frozenset(
    {Role.ADMIN, Role.PROGRAMME_LEAD, Role.RM, Role.RM_LEAD, Role.LEARNING}
)
# Roles that are Django admin staff and superusers; every other role is neither (User.save).
STAFF_ROLES = frozenset({Role.ADMIN})
# Roles that look after cohort groups: relationship managers and the RM lead.
RELATIONSHIP_MANAGER_ROLES = frozenset({Role.RM, Role.RM_LEAD})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Users must have an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(role=Role.ADMIN)  # User.save makes admins staff and superusers
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Their one role decides what they may see (vanguards.permissions)."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Can sign in to the Django admin. Set for admins."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()
    # Who changed a person's name, role, email or account status, and when (DESIGN.md §5).
    # Passwords and sign-in times are not the person's details, so they are left out.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    # Saves that touch only these fields (signing in, a password change) add no history row.
    UNRECORDED_FIELDS = frozenset({"password", "last_login"})

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        indexes = [models.Index(fields=["role"], name="user_role_idx")]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, update_fields=None, **kwargs):
        # Staff and superuser status follow the role wherever it is changed (Django admin,
        # portal forms, services, the shell), so a former admin never keeps the Django admin.
        # Bulk `update(role=...)` bypasses this: change roles through save().
        self.is_staff = self.is_superuser = self.role in STAFF_ROLES
        if update_fields is None:
            return super().save(*args, **kwargs)
        unrecorded = set(update_fields) <= self.UNRECORDED_FIELDS
        update_fields = {*update_fields, "is_staff", "is_superuser"}
        if not unrecorded:
            return super().save(*args, update_fields=update_fields, **kwargs)
        self.skip_history_when_saving = True  # simple-history's own switch
        try:
            return super().save(*args, update_fields=update_fields, **kwargs)
        finally:
            del self.skip_history_when_saving

    @property
    def requires_mfa(self) -> bool:
        """Whether the role must use two-factor sign-in when REQUIRE_MFA is on."""
        return self.role in MFA_REQUIRED_ROLES

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ProgrammeTheme(models.Model):
    """One entry of the programme-theme taxonomy shared by every app."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class MaturityBand(models.TextChoices):
    """The Maturity Assessment Matrix bands, shared vocabulary for every layer."""

    EMERGING = "emerging", "Emerging"
    MATURING = "maturing", "Maturing"
    LEADING = "leading", "Leading"


class GeneratedDocument(models.Model):
    """A file the portal builds in the background (a toolkit PDF, a quarterly report): one row
    per kind, object and content fingerprint, so the same file is served until the content it
    was built from changes. workwell/documents.py owns the life cycle: a request creates the
    row (queued), a Celery task claims it (building) and fills it (ready or failed)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50)
    key = models.CharField(max_length=100, help_text="Which object, e.g. the version's id.")
    fingerprint = models.CharField(
        max_length=64, help_text="The version of the content it is built from."
    )
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=200, blank=True, help_text="What the builder is doing.")
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True, help_text="Name offered to people.")
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        "workwell.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the build last said it was alive."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "fingerprint"], name="generated_document_once"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="generated_document_progress_100"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        # A partial file is never offered: only a finished build has status ready.
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)


class FormSubmission(models.Model):
    """A form that was sent: its key is a hash of the path and the fields, among them the CSRF
    token of the page it was sent from, which is new each time a page is shown. The same form
    sent again (a double click, or sent again from the browser's history) finds the row and is
    shown where the first one went instead of being saved twice (workwell/submissions.py)."""

    key = models.CharField(max_length=64, primary_key=True)
    location = models.CharField(
        max_length=2000, blank=True, help_text="Where the first was sent on; blank while saving."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.key
