from django.db import models

# Editors paste links without a scheme ("ucmc.org.ua/..."); assume the secure one.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
