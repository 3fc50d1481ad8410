from django.http import HttpResponse
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _


def _plain_error(request, status: int, heading: str, explanation: str) -> HttpResponse:
    """An error page that needs no database, session, user or context processor: 400 and 500
    happen when one of those may be what failed (a bad Host header, a lost database)."""
    stylesheets = []
    try:
        stylesheets = [static("bootstrap/css/bootstrap.min.css"), static("core/site.css")]
    except Exception:
        stylesheets = []
    html = loader.get_template("core/plain_error.html").render(
        {
            "status": status,
            "heading": heading,
            "explanation": explanation,
            "stylesheets": stylesheets,
            # Set by the request-id middleware when present; the page works without it.
            "request_id": getattr(request, "request_id", ""),
        }
    )
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return _plain_error(
        request,
        400,
        _("The request could not be read"),
        _("Something in the request was wrong. Go back, reload the page and try again."),
    )


def server_error(request):
    return _plain_error(
        request,
        500,
        _("Something went wrong on our side"),
        _(
            "The error has been recorded. Try again in a few minutes; what you entered may "
            "not have been saved."
        ),
    )
