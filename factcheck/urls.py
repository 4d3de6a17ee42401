from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from claims.public_cache import public_page
from claims.sitemaps import SITEMAPS
from claims.views.public import robots_txt
from claims.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("sitemap.xml", public_page(sitemap, params=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("", include("claims.urls")),
]

if settings.BENCH:  # `make bench` only: the hello-world baseline (bench/views.py)
    from bench.views import hello

    urlpatterns.insert(0, path("bench/hello/", hello, name="bench-hello"))
