from django.shortcuts import render

from desabinaan.accounts.scope import EVERYWHERE, as_actor, user_scope
from desabinaan.programme.selectors import assignments_of

from . import selectors


def home(request):
    context = {}
    if request.user.is_authenticated:
        scope = user_scope(request.user)
        context["scope_count"] = None if scope is EVERYWHERE else len(scope)
        context["assignments"] = assignments_of(request.user).filter(ended_on__isnull=True)
        context.update(selectors.work_waiting(actor=as_actor(request.user)))
    return render(request, "home/home.html", context)
