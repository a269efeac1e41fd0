"""Refusals before a view runs: WSGI layers and middleware that turn away oversized
bodies, malformed addresses, clients over their budget and paused sign-ins."""
