"""The targeting queue: selected records become tasks that officers claim, order and complete."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.cargo.models import CargoUnit, Consignment, Person, Voyage
from portcontrol.targeting.choices import Lane, TargetKind, TaskResult, TaskStatus, Threat
from portcontrol.targeting.models.assessments import Assessment


class UnitCapacity(models.Model):
    """How many inspections a unit can do per day in one lane, and the random share kept."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    lane = models.CharField(_("lane"), max_length=10, choices=Lane.choices)
    per_day = models.PositiveIntegerField(_("per day"))
    random_share = models.DecimalField(
        _("random share"),
        max_digits=4,
        decimal_places=3,
        default=0,
        help_text=_("Share of the day's selections drawn at random, e.g. 0.05."),
    )

    class Meta:
        verbose_name = _("inspection capacity")
        ordering = ["unit_id", "lane"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "lane"], name="targeting_capacity_lane"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.lane}: {self.per_day}/day"


class TargetingTask(models.Model):
    """A selected consignment, cargo unit or person waiting for, or having had, an inspection."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    voyage = models.ForeignKey(Voyage, models.PROTECT, related_name="+")
    target = models.CharField(_("target"), max_length=20, choices=TargetKind.choices)
    consignment = models.ForeignKey(
        Consignment, models.PROTECT, null=True, blank=True, related_name="+"
    )
    cargo_unit = models.ForeignKey(
        CargoUnit, models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="+")
    assessment = models.ForeignKey(Assessment, models.SET_NULL, null=True, related_name="+")
    lane = models.CharField(_("lane"), max_length=10, choices=Lane.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    threat = models.CharField(_("threat"), max_length=20, choices=Threat.choices, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TaskStatus.choices,
        default=TaskStatus.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        User, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assignee")
    )
    notes = models.TextField(_("notes"), blank=True)
    result = models.CharField(_("result"), max_length=10, choices=TaskResult.choices, blank=True)
    # Raised by every change: a form posted with an older number is refused, not applied.
    version = models.PositiveIntegerField(default=1)
    is_random = models.BooleanField(_("random selection"), default=False)
    # Partner agencies (border service, police) whose officers may read this task, and no other.
    shared_with = models.ManyToManyField(
        Agency, related_name="shared_tasks", blank=True, verbose_name=_("shared with")
    )
    selected_at = models.DateTimeField(_("selected at"), db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("targeting task")
        ordering = ["-score", "selected_at", "id"]
        indexes = [models.Index(fields=["unit", "status"], name="targeting_task_unit_status")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_target_display()} {self.target_label}"

    @property
    def record(self) -> Consignment | CargoUnit | Person | None:
        """The consignment, cargo unit or person to inspect."""
        return self.consignment or self.cargo_unit or self.person

    @property
    def target_label(self) -> str:
        """Container number, B/L and item, or the person's name."""
        return str(self.record) if self.record is not None else "?"


class TaskEvent(models.Model):
    """One step in a task's history: who moved it where, with what note."""

    task = models.ForeignKey(TargetingTask, models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=TaskStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("task event")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
