"""The baseline for `make bench`: the smallest Django view, behind the full middleware stack."""

from django.http import HttpResponse


def hello(request):
    return HttpResponse("Hello, world.\n", content_type="text/plain")
