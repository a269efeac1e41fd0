"""The back office's shared rules: who editors are and the admin's defaults."""
