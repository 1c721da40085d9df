"""Errors as RFC 9457 problem details (`application/problem+json`), in Dutch."""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    413: "Verzoek te groot",
    415: "Niet-ondersteund mediatype",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def _invalid_params(detail, prefix=""):
    """Flatten DRF's nested error structure to the `invalidParams` list of the NL API strategy."""
    params = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            params += _invalid_params(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(detail, list):
        for item in detail:
            if isinstance(item, (dict, list)):
                params += _invalid_params(item, prefix)
            else:
                params.append({"name": prefix or "nonFieldErrors", "code": getattr(item, "code", "invalid"),
                               "reason": str(item)})
    else:
        params.append({"name": prefix or "nonFieldErrors", "code": getattr(detail, "code", "invalid"), "reason": str(detail)})
    return params


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "Het verzoek is groter dan deze API aanneemt."
    default_code = "request_too_large"


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RecursionError):
        # json.loads of very deeply nested input: bad input, not a server fault
        exc = exceptions.ParseError(_("De JSON is te diep genest."))
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    body = {
        "type": f"https://veiliglokaal.example.org/problemen/{code}",
        "title": _(TITLES.get(code, "Fout")),
        "status": code,
        "detail": _("De invoer bevat fouten; zie invalidParams.") if isinstance(exc, exceptions.ValidationError)
        else str(getattr(exc, "detail", exc)),
        "instance": context["request"].path if context.get("request") else "",
    }
    if isinstance(exc, exceptions.ValidationError):
        body["invalidParams"] = _invalid_params(exc.detail)
    problem = Response(body, status=code, headers=dict(response.items()))
    problem.content_type = "application/problem+json"
    return problem


def bad_request(detail: str) -> Response:
    response = Response({"type": "https://veiliglokaal.example.org/problemen/400", "title": TITLES[400],
                         "status": 400, "detail": detail}, status=status.HTTP_400_BAD_REQUEST)
    response.content_type = "application/problem+json"
    return response


def problem_json(status: int, detail: str, instance: str = "") -> JsonResponse:
    """A problem+json response outside DRF (middleware, URL resolving)."""
    response = JsonResponse({"type": f"https://veiliglokaal.example.org/problemen/{status}",
                             "title": _(TITLES.get(status, "Fout")), "status": status, "detail": detail,
                             "instance": instance}, status=status)
    response["Content-Type"] = "application/problem+json"
    return response
