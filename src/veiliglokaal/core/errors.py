"""Error pages in Dutch that say what happened and what to do next. API paths get problem+json."""

from django.http import JsonResponse
from django.shortcuts import render


def _api_problem(request, status: int, title: str, detail: str):
    response = JsonResponse({"type": f"https://veiliglokaal.example.org/problemen/{status}", "title": title,
                             "status": status, "detail": detail, "instance": request.path}, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


def forbidden(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_problem(request, 403, "Geen toegang", "U heeft geen recht op deze gegevens.")
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_problem(request, 404, "Niet gevonden", "Deze bron bestaat niet of u heeft er geen toegang toe.")
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return _api_problem(request, 500, "Interne fout", "Er ging iets mis aan onze kant. Probeer het later opnieuw.")
    return render(request, "500.html", status=500)
