from datetime import date

from ninja import Router, Schema

from desabinaan.accounts.auth import api_auth
from desabinaan.accounts.scope import get_in_scope_or_404, scope_filter
from desabinaan.core.api_schemas import Message, RecordId

from .models import PimpasaAssignment

router = Router(tags=["programme"], auth=api_auth)


class AssignmentOut(Schema):
    id: int
    region_code: str
    region_path: str
    officer_name: str
    office_code: str
    sk_number: str
    inaugurated_on: date
    ended_on: date | None

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_path(obj) -> str:
        return obj.region.path

    @staticmethod
    def resolve_officer_name(obj) -> str:
        return obj.officer.display_name

    @staticmethod
    def resolve_office_code(obj) -> str:
        return obj.office.code


def _assignments():
    return PimpasaAssignment.objects.select_related("region", "officer", "office")


@router.get("/pimpasa", response={200: list[AssignmentOut], 401: Message})
def list_assignments(request, active: bool = True):
    """PIMPASA assignments inside the caller's region scope (active ones unless active=false)."""
    qs = scope_filter(_assignments(), request.user)
    if active:
        qs = qs.filter(ended_on__isnull=True)
    return list(qs.order_by("region_id", "-inaugurated_on"))


@router.get("/pimpasa/{assignment_id}", response={200: AssignmentOut, 401: Message, 404: Message})
def get_assignment(request, assignment_id: RecordId):
    return get_in_scope_or_404(_assignments(), request.user, pk=assignment_id)
