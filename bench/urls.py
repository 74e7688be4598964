"""The product's URLs plus /bench/floor/: the base layout with no data, behind every middleware."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from tcp.urls import handler403, handler404, handler500
from tcp.urls import urlpatterns as product_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@login_required
def framework_floor(request):
    return render(request, "bench/floor.jinja", {})


urlpatterns = [path("bench/floor/", framework_floor, name="bench_floor"), *product_urlpatterns]
