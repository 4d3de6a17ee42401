"""Outlet feeds: parse RSS, Atom and news sitemaps (parse.py) and poll them (poller.py)."""
