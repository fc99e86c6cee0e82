import pytest


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each test's outcome on the item, so the browser fixture can save a screenshot on failure."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.report_call = report
