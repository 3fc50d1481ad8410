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


class PersonalDataFilter(SafeExceptionReporterFilter):
    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            k: (self.cleansed_substitute if k in IDENTIFYING_META else v) for k, v in meta.items()
        }
