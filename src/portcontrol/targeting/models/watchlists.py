"""Watch lists and their entries: removal and expiry need a second person."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.targeting.choices import EntryStatus, WatchListKind


class WatchList(models.Model):
    """A list of people, companies, plates, containers or vessels: national or of one unit."""

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=WatchListKind.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    score = models.PositiveSmallIntegerField(_("score of a hit"), default=60)
    created_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("watch list")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="targeting_watch_list_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_national(self) -> bool:
        """True for a list of the whole administration (no unit)."""
        return self.unit_id is None


class WatchListEntry(models.Model):
    """One person, company, plate, container or vessel on a list, with why and until when."""

    watch_list = models.ForeignKey(WatchList, models.CASCADE, related_name="entries")
    # A list read from a public file mixes people, companies and vessels: blank = the list's kind.
    kind = models.CharField(_("kind"), max_length=20, choices=WatchListKind.choices, blank=True)
    names = models.JSONField(_("names"), default=list, help_text=_("Every known spelling."))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    document_numbers = models.JSONField(_("document numbers"), default=list, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    identifiers = models.JSONField(
        _("identifiers"),
        default=list,
        blank=True,
        help_text=_("Plates, container numbers, IMO numbers, tax numbers."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_id = models.CharField(_("reference at the source"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # Whoever set the expiry date may not also confirm that the entry leaves the list.
    expiry_set_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EntryStatus.choices,
        default=EntryStatus.ACTIVE,
        db_index=True,
    )
    added_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    removal_requested_by = models.ForeignKey(
        User, models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.CharField(_("reason for removal"), max_length=300, blank=True)
    removal_approved_by = models.ForeignKey(
        User, models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("watch-list entry")
        verbose_name_plural = _("watch-list entries")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.primary_name

    @property
    def primary_name(self) -> str:
        """The first name form, or the first identifier for plates, containers, vessels."""
        return (self.names or self.identifiers or ["?"])[0]

    @property
    def is_in_force(self) -> bool:
        """True while the entry is screened: until a second person confirms its removal.

        An entry past its expiry or waiting for removal is still screened: one person alone
        takes nothing off a list.
        """
        return self.status != EntryStatus.REMOVED

    def is_expired(self, today: date) -> bool:
        """True once the expiry date has passed: a second person should confirm the removal."""
        return self.expires_on is not None and self.expires_on < today
