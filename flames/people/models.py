import reversion
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


class PersonQuerySet(models.QuerySet):
    def directory(self):
        return self.order_by("sort_name", "name")


@reversion.register(follow=["names", "positions"])
class Person(models.Model):
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

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

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
