"""The REST API: one NinjaAPI, each app adds its router; OpenAPI document at /api/openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from portcontrol.accounts.models import ApiToken, User


class ApiError(Exception):
    """The one exception base of the API: carries the HTTP status and a stable code."""

    def __init__(self, status: int, code: str, message: str, details: object = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pc_...`` for systems posting manifests."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = ApiToken.find(token)
        if found is None:
            return None
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="PortControl API",
    version="1",
    description="Manifest ingestion and cargo records of a Port Control Unit.",
    auth=[TokenAuth(), django_auth],
    docs_url="/",
    urls_namespace="api",
)


@api.exception_handler(ApiError)
def handle_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    body: dict[str, object] = {"code": exc.code, "detail": exc.message}
    if exc.details is not None:
        body["details"] = exc.details
    return api.create_response(request, body, status=exc.status)


def _register_routers() -> None:
    from portcontrol.cargo.api import router as cargo_router
    from portcontrol.exchange.api import router as exchange_router
    from portcontrol.inspections.api import router as inspections_router
    from portcontrol.inspections.api_seizures import router as seizures_router
    from portcontrol.targeting.api import router as targeting_router

    api.add_router("/cargo/", cargo_router)
    api.add_router("/targeting/", targeting_router)
    api.add_router("/inspections/", inspections_router)
    api.add_router("/seizures/", seizures_router)
    api.add_router("/exchange/", exchange_router)


_register_routers()
__all__ = ["ApiError", "api", "APIKeyHeader"]
