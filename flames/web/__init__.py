"""Serving pages: the page cache in front of Django, pages for errors and outages, the
security headers and what views share."""
