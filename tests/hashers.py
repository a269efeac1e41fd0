"""A password hasher that counts how often it runs: whether a refused sign-in got as far
as hashing is then a number, read from the real authentication path."""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    runs = 0

    def encode(self, password, salt):
        # Checking a password encodes it again with the stored salt; so does the
        # stand-in hashing for an unknown username.
        type(self).runs += 1
        return super().encode(password, salt)
