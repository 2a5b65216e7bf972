from django.http import HttpRequest, HttpResponse


def voyages(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
