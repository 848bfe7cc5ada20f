from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from workwell.dates import govuk_date
from workwell.models import RELATIONSHIP_MANAGER_ROLES, ProgrammeTheme


class Region(models.Model):
    """One of the seven NHS England regions."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ICB = "icb", "Integrated Care Board"
        COUNCIL = "council", "Council"
        COMBINED_AUTHORITY = "combined_authority", "Combined authority"
        VCSE = "vcse", "VCSE organisation"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    ods_code = models.CharField(
        "ODS code",
        max_length=10,
        blank=True,
        help_text="The NHS Organisation Data Service code, for example QOP. Required for ICBs.",
    )
    # A non-vanguard ICB in the Learning and Change Network. Its target cohorts (the cohort
    # groups whose focus it shares) and themes are what it is matched to vanguards on.
    is_network_partner = models.BooleanField("network partner", default=False)
    partner_cohort_groups = models.ManyToManyField(
        "CohortGroup",
        verbose_name="target cohorts",
        related_name="network_partners",
        blank=True,
        help_text="The cohort groups whose target cohort the partner also serves.",
    )
    partner_themes = models.ManyToManyField(
        ProgrammeTheme,
        verbose_name="themes",
        related_name="network_partners",
        blank=True,
        help_text="The programme themes the partner is working on.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~Q(ods_code=""), name="organisation_unique_ods_code"
            ),
            models.CheckConstraint(
                condition=~Q(kind="icb") | ~Q(ods_code=""), name="organisation_icb_has_ods_code"
            ),
        ]

    def __str__(self):
        return self.name


class Vanguard(models.Model):
    """A local WorkWell vanguard: an ICB with its partners."""

    class Status(models.TextChoices):
        MOBILISING = "mobilising", "Mobilising"
        LIVE = "live", "Live"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="vanguards")
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_vanguards"
    )
    partners = models.ManyToManyField(
        Organisation, through="Partnership", related_name="partner_vanguards", blank=True
    )
    target_cohorts = models.TextField(
        help_text="Who the service is for, for example people with musculoskeletal conditions."
    )
    funding_allocation = models.DecimalField(
        "funding allocation (£)", max_digits=12, decimal_places=2
    )
    participant_target = models.PositiveIntegerField()
    in_work_share_target = models.PositiveSmallIntegerField(
        "in-work share target (%)",
        help_text="The share of participants expected to be in work when they join, 0 to 100.",
    )
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MOBILISING)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_work_share_target__lte=100), name="vanguard_in_work_share_le_100"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="vanguard_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(funding_allocation__gte=0), name="vanguard_funding_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["status"], name="vanguard_status_idx")]

    def __str__(self):
        return self.name


class Partnership(models.Model):
    """A partner organisation of a vanguard, other than its lead."""

    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(max_length=200, blank=True, help_text="What the partner brings.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vanguard", "organisation"], name="partnership_unique_vanguard_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.vanguard}"


class CohortGroup(models.Model):
    """A thematic group of 3 to 5 vanguards with one relationship manager."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    theme = models.ForeignKey(ProgrammeTheme, on_delete=models.PROTECT, related_name="+")
    focus = models.TextField(blank=True, help_text="The target cohort the group shares.")
    relationship_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cohort_groups",
        # Sorted, so the migration state stays ["rm", "rm_lead"].
        limit_choices_to={"role__in": sorted(RELATIONSHIP_MANAGER_ROLES)},
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CohortGroupMembership(models.Model):
    """A vanguard's time in a cohort group. Groups change, so the history is kept as rows."""

    vanguard = models.ForeignKey(
        Vanguard, on_delete=models.CASCADE, related_name="group_memberships"
    )
    cohort_group = models.ForeignKey(
        CohortGroup, on_delete=models.PROTECT, related_name="memberships"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            # A vanguard is in at most one group at a time.
            models.UniqueConstraint(
                fields=["vanguard"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_current_group_per_vanguard",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.vanguard} in {self.cohort_group}"

    @property
    def is_current(self):
        return self.ended_on is None


class VanguardMember(models.Model):
    """Links a vanguard member's account to their vanguard, with their title."""

    class Title(models.TextChoices):
        SRO = "sro", "Senior responsible owner (SRO)"
        LEARNING_AND_CHANGE = "learning_change", "Learning and Change Manager"
        PMO_LEAD = "pmo_lead", "PMO lead"
        OTHER = "other", "Other"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vanguard_membership"
    )
    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="members")
    title = models.CharField(max_length=30, choices=Title.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "user__full_name"]

    def __str__(self):
        return f"{self.user} ({self.get_title_display()}, {self.vanguard})"


class RegionalLead(models.Model):
    """Links a regional lead's account to their NHS England region."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_lead"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="leads")

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.user} ({self.region})"


class NetworkPartnerContact(models.Model):
    """Links a network partner's account to the partner organisation they belong to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_partner"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partner_contacts",
        limit_choices_to={"is_network_partner": True},
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class ProgrammeSettings(models.Model):
    """Programme-wide settings kept by admins; one row (pk=1)."""

    contact_cadence_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Each vanguard should have a completed touchpoint at least this often.",
    )
    support_request_triage_working_days = models.PositiveSmallIntegerField(
        default=3,
        help_text="Support requests not triaged within this many working days are flagged.",
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        default=3,
        help_text=(
            "Feedback results for a group with fewer responses than this show as "
            "'too few responses' to everyone but admins."
        ),
    )
    concern_response_working_days = models.PositiveSmallIntegerField(
        default=20,
        help_text="Concerns should have a response within this many working days.",
    )
    programme_director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Concerns escalated beyond the RM lead go to this person.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "programme settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="programme_settings_singleton")
        ]

    def __str__(self):
        return "Programme settings"


class RAG(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class Touchpoint(models.Model):
    """A contact between the NST and one or more vanguards (check-in, coaching, cohort session…)."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", "Check-in"
        DISCOVERY = "discovery", "Discovery session"
        COACHING = "coaching", "Coaching"
        COHORT_SESSION = "cohort_session", "Cohort or peer session"
        WORKSHOP = "workshop", "Workshop"
        SITE_VISIT = "site_visit", "Site visit"
        ESCALATION = "escalation", "Escalation meeting"
        OTHER = "other", "Other"

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETE = "complete", "Complete"

    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    duration_minutes = models.PositiveSmallIntegerField()
    vanguards = models.ManyToManyField(Vanguard, related_name="touchpoints")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_touchpoints"
    )
    nst_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="nst_touchpoints", blank=True
    )
    vanguard_contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="contact_touchpoints", blank=True
    )
    other_attendees = models.TextField(blank=True)
    summary = models.TextField(help_text="Shown to the vanguard.")
    internal_notes = models.TextField(
        blank=True, help_text="NST only: never shown to vanguards, regional or programme leads."
    )
    themes = models.ManyToManyField(ProgrammeTheme, related_name="touchpoints", blank=True)
    rag = models.CharField("RAG status", max_length=10, choices=RAG.choices, default=RAG.GREEN)
    rag_reason = models.CharField("RAG reason", max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archive_reason = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(m2m_fields=[vanguards, themes])

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0) & Q(duration_minutes__lte=24 * 60),
                name="touchpoint_duration_1_to_1440",
            ),
            models.CheckConstraint(
                condition=Q(rag="green") | ~Q(rag_reason=""), name="touchpoint_rag_reason_required"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "archived_at", "date"], name="touchpoint_status_date_idx"
            ),
            # The list's order: its page is an index scan of 25 rows, not a sort of them all.
            models.Index(fields=["-date", "-id"], name="touchpoint_newest_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {govuk_date(self.date)}"

    @property
    def is_archived(self):
        return self.archived_at is not None


class Action(models.Model):
    """A follow-up action, from a touchpoint, an agreed assessment or on its own."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    description = models.CharField(max_length=500)
    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="actions")
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_actions"
    )
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    cancel_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="action_cancel_reason_required",
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due_idx")]

    def __str__(self):
        return self.description


class SupportOffer(models.Model):
    """One item of the support menu vanguards can draw down."""

    class Channel(models.TextChoices):
        BRIEFING = "briefing", "Briefing"
        WEBINAR = "webinar", "Webinar"
        COACHING = "coaching", "One-to-one coaching"
        TRAINING = "training", "Training"
        PEER_SESSION = "peer_session", "Peer session"
        SELF_DIRECTED = "self_directed", "Self-directed"

    title = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    delivered_by = models.CharField(max_length=200, help_text="Who in the NST delivers it.")
    themes = models.ManyToManyField(ProgrammeTheme, related_name="support_offers", blank=True)
    # The maturity bands it suits (MaturityBand); flags rather than a list so filters work on
    # every database.
    for_emerging = models.BooleanField("suits emerging vanguards", default=True)
    for_maturing = models.BooleanField("suits maturing vanguards", default=True)
    for_leading = models.BooleanField("suits leading vanguards", default=True)
    scaffolded = models.BooleanField("scaffolded support for emerging vanguards", default=False)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def bands(self) -> list[str]:
        flags = {"emerging": self.for_emerging, "maturing": self.for_maturing}
        flags["leading"] = self.for_leading
        return [band for band, suits in flags.items() if suits]


class SupportRequest(models.Model):
    """A vanguard's request for support, triaged and delivered by the NST."""

    class Urgency(models.TextChoices):
        LOW = "low", "Low: within a month"
        MEDIUM = "medium", "Medium: within two weeks"
        HIGH = "high", "High: within a week"

    class Status(models.TextChoices):
        NEW = "new", "New"
        TRIAGED = "triaged", "Triaged"
        IN_PROGRESS = "in_progress", "In progress"
        DELIVERED = "delivered", "Delivered"
        CLOSED = "closed", "Closed"
        DECLINED = "declined", "Declined"

    vanguard = models.ForeignKey(
        Vanguard, on_delete=models.CASCADE, related_name="support_requests"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="raised_support_requests"
    )
    need = models.TextField("what you need")
    offer = models.ForeignKey(
        SupportOffer, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM)
    needed_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NEW)
    raised_at = models.DateTimeField(auto_now_add=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    redirect_note = models.CharField(
        max_length=500, blank=True, help_text="Where the request was redirected, if elsewhere."
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_support_requests",
    )
    delivery_notes = models.TextField(blank=True)
    touchpoints = models.ManyToManyField(Touchpoint, related_name="support_requests", blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="support_request_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="support_request_decline_reason_required",
            ),
        ]
        indexes = [models.Index(fields=["status", "raised_at"], name="support_status_raised_idx")]

    def __str__(self):
        return f"Support request {self.pk} from {self.vanguard}"


class DigestSent(models.Model):
    """Records that an RM's daily digest went out, so it goes at most once a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="digest_once_per_user_per_day")
        ]

    def __str__(self):
        return f"Digest for {self.user} on {self.sent_on}"
