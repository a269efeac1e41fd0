import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from flames.people.names import (
    name_key,
    organization_initials,
    organization_key,
    surname_skeleton,
)
from flames.values.fields import LinkField
from flames.values.localized import localized
from flames.web.addresses import slug_url


@reversion.register(follow=["names"])
class Organization(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        NGO = "ngo", _("NGO")
        MEDIA = "media", _("Media")
        ACADEMIC = "academic", _("Academic")
        INTERNATIONAL = "international", _("International")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300, unique=True)
    key = models.CharField(max_length=300, db_index=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = LinkField(_("website"), blank=True)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Set by the import when this may be an organization already in the list."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = organization_key(self.name)
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            OrganizationName.objects.create(organization=self, name=self.name)
        elif "name" in (kwargs.get("update_fields") or ["name"]):
            self.keep_own_name()

    def get_absolute_url(self):
        return slug_url("people:organization", self.slug)

    def keep_own_name(self) -> None:
        """Make the name one of the organization's names, which is what the import matches."""
        OrganizationName.objects.get_or_create(organization=self, name=self.name)

    @property
    def other_names(self) -> list[str]:
        """Abbreviations, translations and other spellings, without the name itself."""
        return [other.name for other in self.names.all() if other.name != self.name]


@reversion.register()
class OrganizationName(models.Model):
    """One name an organization is known by: its own, an abbreviation, a translation."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="names", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=300)
    key = models.CharField(max_length=300, db_index=True, editable=False)
    # Initials (hyphenated words split, and whole): find abbreviations and typos of a name
    # in one indexed lookup.
    initials = models.CharField(max_length=50, db_index=True, editable=False)
    initials_joined = models.CharField(max_length=50, db_index=True, editable=False)

    class Meta:
        ordering = ["id"]  # as recorded: the editor's order
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="unique_name_per_organization"
            )
        ]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = organization_key(self.name)
        self.initials, self.initials_joined = organization_initials(self.name)
        super().save(*args, **kwargs)


class Showing(models.TextChoices):
    """How a speaker is shown to the public."""

    FULL_NAME = "full_name", _("Full name")
    FIRST_NAME = "first_name", _("First name only")
    PSEUDONYM = "pseudonym", _("A pseudonym")
    DESCRIPTION = "description", _("A description instead of a name")


class Withdrawal(models.TextChoices):
    ASKED = "asked", _("The person asked")
    AT_RISK = "at_risk", _("The person is at risk")
    OTHER = "other", _("Another reason")


class Consent(models.TextChoices):
    NOT_RECORDED = "", _("Not recorded")
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")


class Protection(models.Model):
    """How a speaker is shown, and whether they were withdrawn: for a whole person, or for
    one appearance. Anything but the full name protects the speaker on every output: no
    page, no link, no place in the directory, search, sitemaps or feeds' people."""

    shown_as = models.CharField(
        _("shown as"), max_length=20, choices=Showing.choices, default=Showing.FULL_NAME
    )
    shown_name = models.CharField(
        _("name shown"),
        max_length=200,
        blank=True,
        help_text=_("The first name, pseudonym or description readers see instead of the name."),
    )
    shown_name_uk = models.CharField(_("name shown (Ukrainian)"), max_length=200, blank=True)
    show_organization = models.BooleanField(
        _("show the organization"),
        default=True,
        help_text=_("Untick to show the role without the organization."),
    )
    show_portrait = models.BooleanField(_("show the portrait"), default=True)
    withdrawn_at = models.DateTimeField(
        _("withdrawn"),
        null=True,
        blank=True,
        help_text=_("Set to take the speaker off every page, feed, search and export."),
    )
    withdrawal_reason = models.CharField(
        _("why withdrawn"), max_length=20, choices=Withdrawal.choices, blank=True
    )

    class Meta:
        abstract = True

    @property
    def is_protected(self) -> bool:
        return self.shown_as != Showing.FULL_NAME

    @property
    def display_shown_name(self) -> str:
        return localized(self, "shown_name")

    def clean(self):
        super().clean()
        if self.is_protected and not self.shown_name.strip():
            raise ValidationError(
                {"shown_name": _("Write the name shown when the full name is not.")}
            )


def shown_name_required(prefix: str) -> models.CheckConstraint:
    """The database's guard of ``Protection.clean``: a protected speaker always has a name
    to show in place of theirs."""
    return models.CheckConstraint(
        condition=models.Q(shown_as=Showing.FULL_NAME) | ~models.Q(shown_name=""),
        name=f"{prefix}_shown_name_when_protected",
    )


def public_people(path: str = "") -> models.Q:
    """People the public may know by name: shown by their full name and not withdrawn.
    ``path`` leads to the person across a join ("person__" from an appearance)."""
    return models.Q(**{f"{path}shown_as": Showing.FULL_NAME, f"{path}withdrawn_at__isnull": True})


def seen_by_name() -> models.Q:
    """People no panel shows only under a protected name: those who appear somewhere by
    their full name, or nowhere yet. Protecting the one appearance someone made hides
    their name everywhere, as protecting the person would."""
    by_name = Person.objects.filter(
        appearances__shown_as=Showing.FULL_NAME, appearances__withdrawn_at__isnull=True
    )
    on_panels = Person.objects.filter(appearances__isnull=False)
    return models.Q(pk__in=by_name.values("pk")) | ~models.Q(pk__in=on_panels.values("pk"))


class PersonQuerySet(models.QuerySet):
    def directory(self):
        """Public people who did not refuse a place in the directory, in its order."""
        listed = self.public().exclude(directory_consent=Consent.REFUSED)
        return listed.order_by("sort_name", "name")

    def public(self):
        """People the public may know by name (``public_people``) and see by it."""
        return self.filter(public_people(), seen_by_name())

    def with_page(self):
        """People who have a page: the public, and the withdrawn, whose page says only
        that it was taken down."""
        shown = self.filter(shown_as=Showing.FULL_NAME)
        return shown.filter(models.Q(withdrawn_at__isnull=False) | seen_by_name())


@reversion.register(follow=["names", "positions"])
class Person(Protection):
    name = models.CharField(
        pgettext_lazy("of a person", "name"), max_length=200, help_text=_("The canonical spelling.")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        blank=True,
        help_text=_("How the directory sorts this person, surname first. Filled in if empty."),
    )
    initial = models.CharField(max_length=1, db_index=True, editable=False)
    bio = models.TextField(_("biography"), blank=True)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Set by the import when this may be someone already in the directory."),
    )

    portrait_consent = models.CharField(
        _("consent to the portrait"), max_length=10, choices=Consent.choices, blank=True
    )
    directory_consent = models.CharField(
        _("consent to the directory"),
        max_length=10,
        choices=Consent.choices,
        blank=True,
        help_text=_("Refused: the person has a page but no place in the directory."),
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, editable=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [shown_name_required("person")]
        permissions = [
            ("view_real_name", _("Can see the real names of protected speakers")),
        ]

    def __str__(self):
        # What lists, logs and revisions name a person by: never a protected one's name.
        return self.shown_name if self.is_protected else self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = surname_first(self.name)
        self.initial = self.sort_name[:1].upper()
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            PersonName.objects.create(person=self, name=self.name)
        elif "name" in (kwargs.get("update_fields") or ["name"]):
            self.keep_own_spelling()

    def get_absolute_url(self):
        return slug_url("people:person", self.slug)

    @property
    def is_public(self) -> bool:
        return not self.is_protected and self.withdrawn_at is None

    @property
    def shows_portrait(self) -> bool:
        return self.is_public and self.show_portrait and self.portrait_consent != Consent.REFUSED

    def keep_own_spelling(self) -> None:
        """Make the name one of the person's spellings: the import matches spellings only,
        so a person typed into the back office would otherwise be invisible to it."""
        PersonName.objects.get_or_create(person=self, name=self.name)

    @property
    def other_spellings(self) -> list[str]:
        return [spelling.name for spelling in self.names.all() if spelling.name != self.name]


def surname_first(name: str) -> str:
    parts = name.split()
    return " ".join(parts[-1:] + parts[:-1])


@reversion.register()
class PersonName(models.Model):
    """One spelling of a person's name (romanisation, script, typo) seen in the wild."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="names", verbose_name=_("person")
    )
    name = models.CharField(_("spelling"), max_length=200)
    key = models.CharField(max_length=200, db_index=True, editable=False)
    # Surname consonants: finds candidates across scripts and romanisations in one lookup.
    skeleton = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="unique_spelling_per_person")
        ]
        verbose_name = _("other spelling")
        verbose_name_plural = _("other spellings")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        self.skeleton = surname_skeleton(self.name)
        super().save(*args, **kwargs)


@reversion.register()
class Position(models.Model):
    """A role a person holds or held, optionally at an organization, with years."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person")
    )
    title = models.CharField(pgettext_lazy("of a position", "title"), max_length=300)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("organization"),
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)

    class Meta:
        ordering = [
            models.F("end_year").desc(nulls_first=True),
            models.F("start_year").desc(nulls_last=True),
            "id",
        ]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return self.title

    @property
    def years(self) -> str:
        if self.start_year and self.end_year and self.start_year != self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")

    @property
    def as_text(self) -> str:
        """'Title, Organization (years)', the parts that are known."""
        text = self.title
        if self.organization:
            text = f"{text}, {self.organization.name}"
        if self.years:
            text = f"{text} ({self.years})"
        return text


class PersonRedirect(models.Model):
    """The address of a person merged into another, so old links keep working."""

    old_slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.person.slug}"


class OrganizationRedirect(models.Model):
    """The address of an organization merged into another, so old links keep working."""

    old_slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="redirects"
    )

    def __str__(self):
        return f"{self.old_slug} → {self.organization.slug}"


class DistinctPeople(models.Model):
    """An editor's ruling that two similarly named people are not the same person."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_distinct_pair")
        ]
        verbose_name = _("distinct people")
        verbose_name_plural = _("distinct people")

    def __str__(self):
        return f"{self.first} ≠ {self.second}"
