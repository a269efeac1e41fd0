"""Loaded by pytest before Django (see addopts): the environment tests run in."""

import os
import tempfile

# Strong enough for the settings' check (50 characters, varied); known to everyone.
TEST_SECRET_KEY = "tests-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
os.environ.setdefault("FLAMES_SECRET_KEY", TEST_SECRET_KEY)
os.environ.setdefault("FLAMES_DATA_DIR", tempfile.mkdtemp(prefix="flames-tests-"))
# WhiteNoise warns at start-up when the collected static folder is missing.
os.makedirs(os.path.join(os.environ["FLAMES_DATA_DIR"], "static"), exist_ok=True)
