"""IMPORT_ALLOW_PRIVATE_NETWORKS: nothing private is reachable without it; inside its networks any
port; public servers only on IMPORT_ALLOWED_PORTS (80 and 443)."""

import ipaddress
import socket

import pytest

from claims.importing.fetch import FetchRefused, fetch_url


def test_without_the_setting_the_local_server_is_refused(feed_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = []
    feed_server.page("/page", "<p>hello</p>")
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_url(feed_server.url("/page"))


def test_inside_an_allowed_network_any_port_is_reachable(feed_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    feed_server.page("/page", "<p>hello</p>")
    assert fetch_url(feed_server.url("/page")).content == b"<p>hello</p>"


def test_an_allowed_network_does_not_open_its_neighbours(settings):
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_url("http://127.0.0.2:8000/page")
    with pytest.raises(FetchRefused, match="private"):
        fetch_url("http://10.1.2.3/page")


def test_a_public_server_is_only_reached_on_the_web_ports(settings, monkeypatch):
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    public = "93.184.215.14"
    assert ipaddress.ip_address(public).is_global

    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (public, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchRefused, match="port 6379"):
        fetch_url("http://news.example:6379/")


def test_conditional_get_returns_304_without_content(feed_server, settings):
    settings.IMPORT_ALLOW_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    feed_server.feed("/feed.xml", "<rss version='2.0'><channel></channel></rss>", etag='"abc"')
    from claims.outlet_feeds.poller import FEED_CONTENT_TYPES

    first = fetch_url(feed_server.url("/feed.xml"), headers={"Accept": "application/rss+xml"}, content_types=FEED_CONTENT_TYPES)
    assert (first.status, first.etag) == (200, '"abc"') and first.last_modified
    second = fetch_url(feed_server.url("/feed.xml"), headers={"If-None-Match": '"abc"'}, content_types=FEED_CONTENT_TYPES)
    assert (second.status, second.content) == (304, b"")


def test_the_setting_is_read_from_the_environment_as_a_list(monkeypatch):
    import environ

    monkeypatch.setenv("IMPORT_ALLOW_PRIVATE_NETWORKS", "10.20.0.0/16,127.0.0.1/32")
    assert environ.Env().list("IMPORT_ALLOW_PRIVATE_NETWORKS", default=[]) == ["10.20.0.0/16", "127.0.0.1/32"]
    monkeypatch.delenv("IMPORT_ALLOW_PRIVATE_NETWORKS")
    assert environ.Env().list("IMPORT_ALLOW_PRIVATE_NETWORKS", default=[]) == []
