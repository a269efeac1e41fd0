from anyascii import anyascii
from django.utils.text import slugify


def ascii_slug(text: str, *, max_length: int = 80) -> str:
    """A readable ASCII slug for any script: "Огризко" becomes "ogrizko"."""
    slug = slugify(anyascii(text))[:max_length].strip("-")
    return slug or "item"


def unique_slug(model, text: str, *, max_length: int = 80, instance=None) -> str:
    """``ascii_slug(text)``, with -2, -3 ... appended until no other row has it."""
    base = ascii_slug(text, max_length=max_length)
    others = model.objects.exclude(pk=getattr(instance, "pk", None))
    # Usually free: an equality test uses the index, a prefix search (LIKE) cannot.
    if not others.filter(slug=base).exists():
        return base
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug
