import re

from django.views.debug import SafeExceptionReporterFilter

# Request headers that identify a person: an anonymous reporter's address or device must not
# reach an error e-mail or an error-tracking service either.
IDENTIFYING_META = (
    "REMOTE_ADDR",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_COOKIE",
)

# Django's list of names that hold credentials, plus the ones our environment uses: connection
# URLs (DATABASE_URL, REDIS_URL, any *_DSN) carry a password inside them.
HIDDEN_NAMES = re.compile(
    r"API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|CREDENTIAL|PRIVATE|DSN|"
    r"DATABASE_URL|REDIS_URL|CACHE_URL|BROKER_URL|EMAIL_URL|SENTRY",
    flags=re.IGNORECASE,
)
# A password inside any URL, whatever the setting's name: scheme://user:password@host.
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@/\s]+(?=@)", re.I)
# Credentials passed in a URL's query string: ?password=…, &token=…, &api_key=…
_QUERY_SECRET = re.compile(
    r"(?P<head>[?&][a-z_]*(?:pass|pwd|token|key|secret|auth)[a-z_]*=)[^&#\s]+", re.I
)


class PersonalDataFilter(SafeExceptionReporterFilter):
    hidden_settings = HIDDEN_NAMES

    def cleanse_setting(self, key, value):
        cleansed = super().cleanse_setting(key, value)
        # type(), not isinstance(): lazy objects pass isinstance(str) but are no real str.
        if type(cleansed) is str and cleansed != self.cleansed_substitute:
            cleansed = _URL_PASSWORD.sub(rf"\g<head>{self.cleansed_substitute}", cleansed)
            cleansed = _QUERY_SECRET.sub(rf"\g<head>{self.cleansed_substitute}", cleansed)
        return cleansed

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            k: (self.cleansed_substitute if k in IDENTIFYING_META else v) for k, v in meta.items()
        }
