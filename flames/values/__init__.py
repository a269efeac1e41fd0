"""Values the apps store and read: slugs, safe links, numbers from a query string,
the field of the reader's language."""
