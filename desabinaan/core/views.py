from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import TemplateDoesNotExist, loader
from django.utils.html import escape
from django.views.decorators.csrf import requires_csrf_token

from desabinaan.accounts.scope import EVERYWHERE, user_scope
from desabinaan.core.requestid import current_request_id
from desabinaan.programme.selectors import assignments_of


def home(request):
    context = {}
    if request.user.is_authenticated:
        scope = user_scope(request.user)
        context["scope_count"] = None if scope is EVERYWHERE else len(scope)
        context["assignments"] = assignments_of(request.user).filter(ended_on__isnull=True)
    return render(request, "core/home.html", context)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Django's 500 view renders without a request context; this one hands the error page the
    request id, so the person can quote it and the office can find the log lines."""
    request_id = getattr(request, "request_id", "") or current_request_id()
    try:
        template = loader.get_template(template_name)
    except TemplateDoesNotExist:
        return HttpResponseServerError(
            f"<h1>Terjadi kesalahan di server</h1><p>Kode: {escape(request_id)}</p>"
        )
    return HttpResponseServerError(template.render({"request_id": request_id}))
