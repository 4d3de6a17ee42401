"""The browser fixtures of tests/browser, for the language checks that need a browser."""

from tests.browser.conftest import browser_type_launch_args  # noqa: F401
